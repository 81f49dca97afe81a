"""Spelling in the window: underlines, the context menu, the newsroom dictionary, known
names, per-story choices and F7, driven through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QMenu
from sqlalchemy import select

from newsroom.core import dictionary
from newsroom.core import settings as site_settings
from newsroom.core.entities import create_entity
from newsroom.core.models import Article
from newsroom.core.speller import available_languages
from newsroom.ui.highlighter import MISSPELT_COLOR

pytestmark = pytest.mark.skipif(
    not {"en_GB", "en_US"} <= set(available_languages()),
    reason="hunspell-en-gb and hunspell-en-us are not installed",
)

WAVE = QTextCharFormat.UnderlineStyle.WaveUnderline


def underlined(document: QTextDocument) -> list[str]:
    """The words the highlighter underlines as misspelt, in order."""
    found: list[str] = []
    block = document.firstBlock()
    while block.isValid():
        text = block.text()
        spans = sorted(
            (r.start, r.start + r.length)
            for r in block.layout().formats()
            if r.format.underlineStyle() == WAVE and r.format.underlineColor() == MISSPELT_COLOR
        )
        merged: list[list[int]] = []
        for start, end in spans:  # the underline is laid a character at a time
            if merged and merged[-1][1] == start:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        found += [text[s:e] for s, e in merged]
        block = block.next()
    return found


def open_checked(qtbot, flows, make_window, story_id: int):  # type: ignore[no-untyped-def]
    """A window showing the story, its speller built and its choices read."""
    window = make_window()
    assert flows.open(window, story_id)
    qtbot.waitUntil(lambda: window.editor.spelling.speller is not None, timeout=10_000)
    flows.idle(window)
    return window


def point_at(field, word: str) -> QPoint:  # type: ignore[no-untyped-def]
    """Where on the text edit's viewport `word` is drawn."""
    cursor = field.document().find(word)
    cursor.setPosition(cursor.selectionStart() + 1)
    return field.cursorRect(cursor).center()


def action(menu: QMenu, text: str):  # type: ignore[no-untyped-def]
    found = [a for a in menu.actions() if a.text() == text]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


@pytest.fixture
def envoy(db):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        create_entity(session, "person", "Staffan de Mistura")
        create_entity(session, "organisation", "SANA", aliases=["Syrian Arab News Agency"])


def test_a_misspelt_word_is_underlined_and_a_known_entity_never(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story, envoy
):
    story = add_story(
        "Envoy meets Mistura", "Staffan de Mistura told SANA the tlaks went well.\n\n`cde`"
    )
    window = open_checked(qtbot, flows, make_window, story.id)
    assert underlined(window.editor.body.document()) == ["tlaks"]
    assert not window.dirty  # underlining is no edit

    qtbot.keyClicks(window.editor.body, "Mistura and Mistrua ")  # typed: checked as typed
    assert underlined(window.editor.body.document()) == ["Mistrua", "tlaks"]


def test_the_menu_offers_the_close_name_first_and_fixes_the_word(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story, envoy
):
    story = add_story("Talks", "The envoy Mistrua arrived.")
    window = open_checked(qtbot, flows, make_window, story.id)
    body = window.editor.body
    menu = window.editor.spelling_menus.menu_for(body, point_at(body, "Mistrua"))
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Mistura"
    assert "Add “Mistrua” to newsroom dictionary" in texts
    assert "Ignore “Mistrua” in this story" in texts
    assert "&Copy" in texts or any("Copy" in t for t in texts)  # the field's own entries

    action(menu, "Mistura").trigger()
    assert body.toPlainText() == "The envoy Mistura arrived.\n"
    assert underlined(body.document()) == []
    assert window.dirty
    body.undo()  # the fix is one undo step
    assert body.toPlainText() == "The envoy Mistrua arrived.\n"


def test_no_spelling_entries_for_a_word_spelt_right(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story
):
    story = add_story("Talks", "The envoy arrived.")
    window = open_checked(qtbot, flows, make_window, story.id)
    body = window.editor.body
    texts = [
        a.text()
        for a in window.editor.spelling_menus.menu_for(body, point_at(body, "envoy")).actions()
    ]
    assert not any("dictionary" in t for t in texts)
    assert "Spelling &language" in texts


def test_a_dictionary_word_stops_being_flagged_everywhere(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story, db
):
    story = add_story("Hawala cash", "Money moved by hawala networks.")
    other = add_story("More", "Another hawala deal.")
    window = open_checked(qtbot, flows, make_window, story.id)
    body = window.editor.body
    assert underlined(body.document()) == ["hawala"]
    menu = window.editor.spelling_menus.menu_for(body, point_at(body, "hawala"))
    action(menu, "Add “hawala” to newsroom dictionary").trigger()
    assert underlined(body.document()) == []  # at once, before the write lands
    flows.idle(window)
    with db.reading() as session:
        assert dictionary.words(session) == ["hawala"]
    assert flows.open(window, other.id)
    flows.idle(window)
    assert underlined(body.document()) == []

    again = open_checked(qtbot, flows, make_window, other.id)  # read from the database
    assert underlined(again.editor.body.document()) == []


def test_ignore_in_this_story_is_kept_for_that_story_only(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story, db
):
    story = add_story("One", "The Qabun district.")
    other = add_story("Two", "Also Qabun.")
    window = open_checked(qtbot, flows, make_window, story.id)
    body = window.editor.body
    menu = window.editor.spelling_menus.menu_for(body, point_at(body, "Qabun"))
    action(menu, "Ignore “Qabun” in this story").trigger()
    assert underlined(body.document()) == []
    flows.idle(window)
    with db.reading() as session:
        assert dictionary.story_choices(session, story.id).ignored == {"Qabun"}
    assert flows.open(window, other.id)
    flows.idle(window)
    assert underlined(body.document()) == ["Qabun"]
    assert flows.open(window, story.id)
    flows.idle(window)
    assert underlined(body.document()) == []


def test_choices_made_before_the_first_save_are_saved_with_it(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, db
):
    window = make_window()
    window.new_action.trigger()
    qtbot.waitUntil(lambda: window.editor.spelling.speller is not None, timeout=10_000)
    qtbot.keyClicks(window.editor.headline, "Color of Qabun")
    qtbot.keyClicks(window.editor.body, "Color in Qabun.")
    assert underlined(window.editor.body.document()) == ["Color", "Qabun"]
    window.editor.spelling.ignore("Qabun")
    window.editor.spelling.set_language("en_US")
    qtbot.waitUntil(
        lambda: getattr(window.editor.spelling.speller, "language", None) == "en_US",
        timeout=10_000,
    )
    assert underlined(window.editor.body.document()) == []
    assert flows.save(window)
    flows.idle(window)
    with db.reading() as session:
        story_id = session.scalars(select(Article.id)).one()
        assert dictionary.story_choices(session, story_id) == dictionary.StoryChoices(
            "en_US", frozenset({"Qabun"})
        )


def test_the_story_language_is_switched_from_the_menu_and_kept(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story, db
):
    story = add_story("Colours", "The colour and the color.")
    window = open_checked(qtbot, flows, make_window, story.id)
    body = window.editor.body
    assert underlined(body.document()) == ["color"]  # the site's locale: en_GB
    menu = window.editor.spelling_menus.menu_for(body, point_at(body, "colour"))
    languages = action(menu, "Spelling &language").menu()
    assert [a.text() for a in languages.actions()][:1] == ["The site's language (en_GB)"]
    action(languages, "en_US").trigger()
    qtbot.waitUntil(lambda: underlined(body.document()) == ["colour"], timeout=10_000)
    flows.idle(window)
    with db.reading() as session:
        assert dictionary.story_choices(session, story.id).language == "en_US"

    again = open_checked(qtbot, flows, make_window, story.id)
    qtbot.waitUntil(lambda: again.editor.spelling.language == "en_US", timeout=10_000)
    qtbot.waitUntil(lambda: underlined(again.editor.body.document()) == ["colour"])


def test_the_headline_and_standfirst_are_checked_too(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story
):
    story = add_story("Envoy arives", "Fine words.", standfirst="A shrot summary.")
    window = open_checked(qtbot, flows, make_window, story.id)
    editor = window.editor
    assert underlined(editor.standfirst.document()) == ["shrot"]
    assert editor.headline_spelling.spans == [(6, 12)]
    image = editor.headline.grab().toImage()  # the wavy line is drawn, red
    red = [
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if (c := image.pixelColor(x, y)).red() > 180 and c.green() < 80 and c.blue() < 80
    ]
    assert red

    editor.headline.setCursorPosition(0)
    menu = editor.spelling_menus.menu_for(editor.headline, editor.headline.cursorRect().center())
    assert not any("dictionary" in a.text() for a in menu.actions())  # not on the word
    editor.headline.setCursorPosition(8)
    x = editor.headline.cursorRect().center()
    menu = editor.spelling_menus.menu_for(editor.headline, x)
    action(menu, "arrives").trigger()
    assert editor.headline.text() == "Envoy arrives"
    assert editor.slug.text() == "envoy-arrives"  # an edit like typing: the slug follows
    assert editor.headline_spelling.spans == []


def test_f7_steps_through_the_misspellings(qtbot, flows, make_window, add_story):  # type: ignore[no-untyped-def]
    story = add_story("Envoy arives", "Frist word.\n\nThen teh end.", standfirst="A shrot one.")
    window = open_checked(qtbot, flows, make_window, story.id)
    editor = window.editor
    editor.headline.setFocus()
    editor.headline.setCursorPosition(0)
    seen = []
    for _ in range(5):
        qtbot.keyClick(editor.headline if not seen else editor.focusWidget(), Qt.Key.Key_F7)
        focused = editor.focusWidget()
        if focused is editor.headline:
            seen.append(editor.headline.selectedText())
        else:
            seen.append(focused.textCursor().selectedText())
    assert seen == ["arives", "shrot", "Frist", "teh", "arives"]


def test_a_language_without_a_dictionary_is_said_once(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story, db
):
    with db.transaction() as session:
        site = site_settings.load(session)
        site_settings.save(
            session, site_settings.SiteSettings(**{**site.__dict__, "locale": "sw_KE"})
        )
    one = add_story("Habari", "Wrng wrds here.")
    two = add_story("Habari mbili", "Mre wrds.")
    window = make_window()
    spelling = window.editor.spelling
    qtbot.waitUntil(lambda: spelling.speller is not None, timeout=10_000)
    shown = window.statusBar().currentMessage()
    assert "no dictionary" in shown and "sw_KE" in shown
    notices: list[str] = []
    spelling.notice.connect(notices.append)
    assert flows.open(window, one.id)
    qtbot.waitUntil(lambda: window.editor.spelling.speller is not None, timeout=10_000)
    flows.idle(window)
    assert underlined(window.editor.body.document()) == []  # the editor carries on
    assert flows.open(window, two.id)
    flows.idle(window)
    assert notices == []  # said once, not again for each story


def test_an_entity_added_meanwhile_is_spelt_right_at_once(  # type: ignore[no-untyped-def]
    qtbot, flows, make_window, add_story, db
):
    story = add_story("Qabun", "Fighting in Qabun went on.")
    window = open_checked(qtbot, flows, make_window, story.id)
    body = window.editor.body
    assert underlined(body.document()) == ["Qabun"]
    before = window.editor.spelling.speller
    with db.transaction() as session:
        create_entity(session, "place", "Qabun")
    window._entities_changed({})  # as the tag field and the entity manager report it
    qtbot.waitUntil(lambda: window.editor.spelling.speller is not before, timeout=10_000)
    assert underlined(body.document()) == []
