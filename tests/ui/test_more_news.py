"""More-news links in the editor: the picker, the links panel, tokens surviving edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from newsroom.core import articles
from newsroom.text.morenews import target_uids, token


def _published(**extra):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return {"status": "published", "published_at": datetime(2026, 5, 1, tzinfo=UTC), **extra}


def test_insert_through_the_picker(flows, qtbot, make_window, add_story, db):  # type: ignore[no-untyped-def]
    target = add_story("Envoy arrives in Geneva for talks", "The envoy arrived.", **_published())
    add_story("Football results", "Goals.", **_published())
    story = add_story("Talks begin", "First paragraph.\n\nSecond paragraph.")
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    cursor = body.textCursor()
    cursor.setPosition(3)  # inside the first paragraph
    body.setTextCursor(cursor)
    with qtbot.waitSignal(window.tasks.idle):
        window.show_picker()
    picker = window.picker
    with qtbot.waitSignal(picker.loaded):
        qtbot.keyClicks(picker.query, "envoy")
    assert picker.model.items[0].id == target.id
    qtbot.keyClick(picker.view, Qt.Key.Key_Return)
    assert not picker.isVisible()
    text = body.toPlainText()
    assert text.rstrip("\n").split("\n\n") == [
        "First paragraph.",
        token(target.uid, "Envoy arrives in Geneva for talks"),
        "Second paragraph.",
    ]
    qtbot.waitUntil(lambda: window.links_panel.outgoing.rowCount() == 1)
    assert flows.save(window)
    with db.reading() as session:
        assert [i for i, _h in articles.linked_from(session, target.uid)] == [story.id]


def test_insertion_is_one_undo_step_and_survives_paragraph_moves(
    flows, qtbot, make_window, add_story
):  # type: ignore[no-untyped-def]
    target = add_story("Target story", "t", **_published())
    story = add_story("Editing", "Alpha.\n\nBeta.\n\nGamma.")
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    from newsroom.ui.links import insert_token_at_paragraph_break

    cursor = body.textCursor()
    cursor.setPosition(0)
    body.setTextCursor(cursor)
    insert_token_at_paragraph_break(body, target.uid, "Target story")
    after_insert = body.toPlainText()
    assert target_uids(after_insert) == [target.uid]
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == "Alpha.\n\nBeta.\n\nGamma.\n"
    qtbot.keyClick(
        body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert body.toPlainText() == after_insert

    # Move the token paragraph to the end with cut and paste, like an editor would.
    doc_cursor = body.textCursor()
    start = after_insert.index("[[")
    doc_cursor.setPosition(start)
    doc_cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(doc_cursor)
    qtbot.keyClick(body, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClick(body, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    moved = body.toPlainText()
    assert moved.rstrip().endswith(token(target.uid, "Target story"))
    assert target_uids(moved) == [target.uid]
    assert flows.save(window)
    with window.db.reading() as session:
        assert [i for i, _h in articles.linked_from(session, target.uid)] == [story.id]


def test_links_panel_jumps_to_backlinks(flows, qtbot, make_window, add_story):  # type: ignore[no-untyped-def]
    target = add_story("Target", "t", **_published())
    source = add_story("Source", f"a\n\n{token(target.uid)}\n\nb", **_published())
    window = make_window()
    assert flows.open(window, target.id)
    panel = window.links_panel
    assert panel.incoming.rowCount() == 1
    assert panel.outgoing.rowCount() == 0
    panel.incoming_view.setCurrentIndex(panel.incoming.index(0))
    panel.incoming_view.activated.emit(panel.incoming.index(0))
    flows.idle(window)
    assert window.current.article_id == source.id
    assert panel.outgoing.rowCount() == 1
    assert "Target" in panel.outgoing.index(0).data()


def test_spiking_a_linked_story_warns_and_names_the_linkers(
    flows, qtbot, make_window, add_story, asker, db
):  # type: ignore[no-untyped-def]
    target = add_story("Target", "t", **_published())
    add_story("The linking story", f"a\n\n{token(target.uid)}\n\nb", **_published())
    window = make_window()
    assert flows.open(window, target.id)
    window.editor.status.setCurrentIndex(window.editor.status.findData("spiked"))
    asker.confirm_answers = [False]
    assert not flows.save(window)
    kind, text = asker.asked[-1]
    assert kind == "confirm" and "The linking story" in text
    with db.reading() as session:
        assert articles.load_article(session, target.id).status == "published"
    asker.confirm_answers = [True]
    assert flows.save(window)
    with db.reading() as session:
        assert articles.load_article(session, target.id).status == "spiked"


def test_model_of_links_passes_modeltester(flows, qtbot, qtmodeltester, make_window, add_story):  # type: ignore[no-untyped-def]
    target = add_story("Target", "t", **_published())
    source = add_story("Source", f"a\n\n{token(target.uid)}\n\nb", **_published())
    window = make_window()
    assert flows.open(window, source.id)
    qtmodeltester.check(window.links_panel.outgoing, force_py=True)


def test_deleting_a_linked_story_warns_and_names_the_linkers(
    flows, qtbot, make_window, add_story, asker, db
):  # type: ignore[no-untyped-def]
    target = add_story("Doomed target", "t", **_published())
    add_story("Story that links", f"a\n\n{token(target.uid)}\n\nb", **_published())
    window = make_window()
    assert flows.open(window, target.id)
    asker.confirm_answers = [False]
    window.delete_story()
    flows.idle(window)
    kind, text = asker.asked[-1]
    assert kind == "confirm" and "1 story links to it" in text and "Story that links" in text
    with db.reading() as session:
        assert articles.load_article(session, target.id).headline == "Doomed target"
    asker.confirm_answers = [True]
    window.delete_story()
    flows.idle(window)
    with db.reading() as session:
        assert articles.linked_from(session, target.uid) != []  # the link row stays, now dangling
    assert window.current is None


def test_more_news_lines_are_not_counted_as_words_of_the_story(
    flows, qtbot, make_window, add_story
):  # type: ignore[no-untyped-def]
    """Issue 14: the word count took the linked stories' headlines for this one's words."""
    target = add_story("Sixteen words of a headline that belongs to another story entirely", "t")
    story = add_story(
        "Counted", f"One two three.\n\n{token(target.uid, target.headline)}\n\nFour five."
    )
    window = make_window()
    assert flows.open(window, story.id)
    assert window.editor.word_count() == 5
    assert window.words.text().startswith("5 words")


GAYLE = "Gayle, big players return as Windies name squad for India series"


def test_typing_a_headline_and_enter_links_that_story(flows, qtbot, make_window, add_story, db):  # type: ignore[no-untyped-def]
    """Issue 14: "Gayle" + Enter linked the De Mistura story (one shared tag, and
    "Gayle" inside its own More-news line) instead of the story headlined "Gayle, ..."."""
    from newsroom.core.entities import create_entity

    with db.transaction() as session:
        un = create_entity(session, "organisation", "United Nations").id
    gayle = add_story(GAYLE, "The West Indies recalled their senior players.", **_published())
    add_story(
        "UN envoy opens new round of Syria talks in Geneva",
        f"UN envoy Staffan de Mistura opened talks.\n\n{token(gayle.uid, GAYLE)}\n\nMore talks.",
        entity_ids=(un,),
        **_published(),
    )
    add_story("Cricket board names coach", "The squad leans on Gayle.", **_published())
    story = add_story("Security Council to meet", "First paragraph.", entity_ids=(un,))
    window = make_window()
    assert flows.open(window, story.id)
    with qtbot.waitSignal(window.tasks.idle):
        window.show_picker()
    picker = window.picker
    qtbot.waitUntil(lambda: picker.model.rowCount() == 3)  # empty search: related, newest
    picker.query.setFocus()
    qtbot.keyClicks(picker.query, "Gayle")
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)  # at once: the answer is still coming
    qtbot.waitUntil(lambda: not picker.isVisible())
    assert target_uids(window.editor.body.toPlainText()) == [gayle.uid]
    assert picker.model.items[0].id == gayle.id
    assert [i.headline for i in picker.model.items] == [GAYLE, "Cricket board names coach"]


def test_an_empty_search_lists_the_newest_stories(flows, qtbot, make_window, add_story):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    older = add_story("Older story", "a", **_published())
    june = datetime(2026, 6, 1, tzinfo=UTC)
    newer = add_story("Newer story", "b", **_published(published_at=june))
    story = add_story("Untitled", "A new story with no tags yet.")
    window = make_window()
    assert flows.open(window, story.id)
    with qtbot.waitSignal(window.tasks.idle):
        window.show_picker()
    picker = window.picker
    qtbot.waitUntil(lambda: picker.model.rowCount() == 2)
    assert [i.id for i in picker.model.items] == [newer.id, older.id]
    assert picker.view.currentIndex().row() == 0
