"""Drafting, saving, validation, undo and closing, through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from newsroom.core import articles
from newsroom.core.models import Article


def _stored(db, article_id):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return articles.load_article(session, article_id)


def test_create_a_story_with_keys(qtbot, make_window, db, list_refreshed):  # type: ignore[no-untyped-def]
    window = make_window()
    window.new_action.trigger()
    qtbot.keyClicks(window.editor.headline, "Envoy opens talks in Geneva")
    assert window.editor.slug.text() == "envoy-opens-talks-in-geneva"
    qtbot.keyClicks(window.editor.body, "The envoy arrived on Monday.")
    with list_refreshed(window):
        qtbot.keyClick(window.editor.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with db.reading() as session:
        stored = session.execute(select(Article.headline, Article.slug, Article.body)).one()
    assert stored == (
        "Envoy opens talks in Geneva",
        "envoy-opens-talks-in-geneva",
        "The envoy arrived on Monday.\n",
    )
    assert window.model.rowCount() == 1
    assert not window.dirty
    assert "words" in window.words.text()


def test_edit_and_save_bumps_version(flows, qtbot, make_window, add_story, db):  # type: ignore[no-untyped-def]
    story = add_story("First headline", "Body text.")
    window = make_window()
    assert flows.open(window, story.id)
    window.editor.body.selectAll()
    qtbot.keyClicks(window.editor.body, "Rewritten body.")
    assert window.dirty
    assert flows.save(window)
    stored = _stored(db, story.id)
    assert stored.body == "Rewritten body.\n"
    assert stored.version == 2


def test_slug_follows_headline_until_typed(qtbot, make_window):  # type: ignore[no-untyped-def]
    window = make_window()
    window.new_action.trigger()
    editor = window.editor
    qtbot.keyClicks(editor.headline, "Talks resume")
    assert editor.slug.text() == "talks-resume"
    editor.slug.selectAll()
    qtbot.keyClicks(editor.slug, "my-own-slug")
    qtbot.keyClicks(editor.headline, " in Geneva")
    assert editor.slug.text() == "my-own-slug"
    editor.slug.selectAll()
    qtbot.keyClick(editor.slug, Qt.Key.Key_Backspace)  # cleared: follows again
    assert editor.slug.text() == "talks-resume-in-geneva"


def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    flows, qtbot, make_window, add_story, db
):  # type: ignore[no-untyped-def]
    add_story("Taken", slug="taken-slug")
    window = make_window()
    window.new_action.trigger()
    qtbot.keyClicks(window.editor.headline, "Another story")
    window.editor.slug.selectAll()
    qtbot.keyClicks(window.editor.slug, "taken-slug")
    assert not flows.save(window)
    assert window.editor.errors["slug"].isVisibleTo(window)
    assert "already used" in window.editor.errors["slug"].text()
    window.editor.headline.clear()
    assert not flows.save(window)
    assert "empty" in window.editor.errors["headline"].text()
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1


def test_undo_in_the_body(flows, qtbot, make_window, add_story):  # type: ignore[no-untyped-def]
    story = add_story("Undo me", "Original.")
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    original = body.toPlainText()
    qtbot.keyClicks(body, " Added")
    assert body.toPlainText() == original + " Added"
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == original
    qtbot.keyClick(
        body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert body.toPlainText() == original + " Added"


def test_undo_after_save_keeps_the_history_text_and_cursor(
    flows, qtbot, make_window, add_story, db
):  # type: ignore[no-untyped-def]
    """Issue 13: a save no longer reloads the form, so Ctrl+Z still undoes what was
    typed before it, and the cursor stays where the editor left it."""
    story = add_story("Undo after save", "Original.")
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    original = body.toPlainText()
    qtbot.keyClicks(body, "Added.")
    cursor_before = body.textCursor().position()
    with qtbot.waitSignal(window.session.saved):
        qtbot.keyClick(body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _stored(db, story.id).body.strip() == (original + "Added.").strip()
    assert body.toPlainText() == original + "Added."  # not reloaded from the database
    assert body.textCursor().position() == cursor_before
    assert not window.dirty and window.current.version == 2
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == original  # the typing before the save is undone
    assert window.dirty  # ... and that is an edit of the saved version
    assert flows.save(window)
    assert _stored(db, story.id).body.strip() == original.strip()
    assert _stored(db, story.id).version == 3


def test_switching_story_with_unsaved_changes_asks(flows, qtbot, make_window, add_story, asker, db):  # type: ignore[no-untyped-def]
    one = add_story("One", "first")
    two = add_story("Two", "second")
    window = make_window()
    assert flows.open(window, one.id)
    qtbot.keyClicks(window.editor.body, "more ")
    asker.unsaved_answers = ["cancel"]
    assert not flows.open(window, two.id)
    assert window.current.article_id == one.id
    asker.unsaved_answers = ["save"]
    assert flows.open(window, two.id)
    assert _stored(db, one.id).body.startswith("more ")


def test_next_and_previous_story(flows, qtbot, make_window, add_story):  # type: ignore[no-untyped-def]
    for n in range(3):
        add_story(f"Story {n}")
    window = make_window()
    window.step(1)
    flows.idle(window)
    first = window.current.article_id
    qtbot.keyClick(window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    flows.idle(window)
    assert window.current.article_id != first
    qtbot.keyClick(window.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    flows.idle(window)
    assert window.current.article_id == first
