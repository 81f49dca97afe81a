"""Issue 14: a More-news line in the body is one object, "More news: <headline>",
not a raw token; the body is stored exactly as before."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QGuiApplication, QTextCursor

from newsroom.core import articles, entities
from newsroom.text.morenews import token
from newsroom.ui.morenews_lines import OBJECT, Line, Shown, link_line, read, shown

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


def _published(**extra):  # type: ignore[no-untyped-def]
    return {"status": "published", "published_at": datetime(2026, 5, 1, tzinfo=UTC), **extra}


def _lines(body):  # type: ignore[no-untyped-def]
    """The body's More-news lines, as blocks of the document."""
    found, block = [], body.document().firstBlock()
    while block.isValid():
        if link_line(block) is not None:
            found.append(block)
        block = block.next()
    return found


def _shown(body, block) -> Shown:  # type: ignore[no-untyped-def]
    """What the line draws."""
    line = read(link_line(block))
    return shown(line, body.target(line.uid) if line.uid else None)


def _centre(body, block) -> QPoint:  # type: ignore[no-untyped-def]
    rect = body.blockBoundingGeometry(block).translated(body.contentOffset())
    return rect.center().toPoint()


def _cursor_at(body, position: int) -> None:  # type: ignore[no-untyped-def]
    cursor = body.textCursor()
    cursor.setPosition(position)
    body.setTextCursor(cursor)


def _story(add_story, target_headline: str = "Envoy arrives in Geneva"):  # type: ignore[no-untyped-def]
    target = add_story(target_headline, "t.", **_published())
    body = f"Alpha paragraph.\n\n{token(target.uid, 'An old hint')}\n\nOmega paragraph.\n"
    return target, add_story("The source", body)


def test_opened_story_shows_each_line_as_one_object_with_the_current_headline(
    flows, make_window, add_story
):  # type: ignore[no-untyped-def]
    target = add_story("UN envoy opens Geneva talks", "t.", **_published())
    draft = add_story("A draft follow-up", "d.")
    gone = "7e20e30e-7642-59f8-ad75-3a3f5342087d"
    text = (
        f"Alpha.\n\n{token(target.uid, 'UN envoy opens…')}\n\n"
        f"{token(draft.uid, 'Follow-up')}\n\n{token(gone, 'A story long deleted')}\n\nOmega.\n"
    )
    story = add_story("Source", text)
    window = make_window()
    assert flows.open(window, story.id)  # waits for the headlines' look-up too
    body = window.editor.body
    blocks = _lines(body)
    assert [b.text() for b in blocks] == [OBJECT] * 3  # one character each: nothing inside
    assert [(_shown(body, b).text, _shown(body, b).badge) for b in blocks] == [
        ("More news: UN envoy opens Geneva talks", ""),  # the current headline, not the hint
        ("More news: A draft follow-up", "Draft"),  # left out of the export
        ("More news: A story long deleted — story not found", ""),
    ]
    assert body.toPlainText() == text  # the Markdown is what was stored
    assert window.editor.word_count() == 2
    assert not window.dirty


def test_a_line_waiting_for_its_story_says_so() -> None:
    """A pending line (no uid yet) shows the headline it waits for."""
    look = shown(Line(None, "Wanted headline"), None)
    assert look.text == "More news: Wanted headline (waiting for that story)"
    assert look.kind == "pending"


def test_the_cursor_steps_over_a_line_and_typing_beside_it_starts_a_new_line(
    flows, qtbot, make_window, add_story
):  # type: ignore[no-untyped-def]
    target, story = _story(add_story)
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    body.setFocus()
    [line] = _lines(body)
    _cursor_at(body, 0)
    seen = set()
    while not body.textCursor().atEnd():
        qtbot.keyClick(body, Qt.Key.Key_Right)
        cursor = body.textCursor()
        if cursor.block() == line:
            seen.add(cursor.positionInBlock())
    assert seen == {0, 1}  # before it or after it, never inside

    original = body.toPlainText()
    _cursor_at(body, line.position())  # before the line
    qtbot.keyClicks(body, "Above")
    _cursor_at(body, _lines(body)[0].position() + 1)  # after it
    qtbot.keyClicks(body, "Below")
    link = token(target.uid, "An old hint")
    assert body.toPlainText() == original.replace(link, f"Above\n{link}\nBelow")
    assert len(_lines(body)) == 1


def test_backspace_and_delete_remove_the_whole_line_and_undo_brings_it_back(
    flows, qtbot, make_window, add_story
):  # type: ignore[no-untyped-def]
    _target, story = _story(add_story)
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    body.setFocus()
    original = body.toPlainText()
    without = "Alpha paragraph.\n\nOmega paragraph.\n"

    _cursor_at(body, _lines(body)[0].position() + 1)
    qtbot.keyClick(body, Qt.Key.Key_Backspace)
    assert body.toPlainText() == without  # the line and the blank line that set it apart
    assert window.dirty
    qtbot.keyClick(body, Qt.Key.Key_Z, Ctrl)
    assert body.toPlainText() == original  # one step brings it all back
    assert len(_lines(body)) == 1
    qtbot.keyClick(body, Qt.Key.Key_Z, Ctrl | Shift)
    assert body.toPlainText() == without
    qtbot.keyClick(body, Qt.Key.Key_Z, Ctrl)

    _cursor_at(body, _lines(body)[0].position())
    qtbot.keyClick(body, Qt.Key.Key_Delete)
    assert body.toPlainText() == without
    qtbot.keyClick(body, Qt.Key.Key_Z, Ctrl)
    assert body.toPlainText() == original
    assert not window.dirty


def test_edits_that_would_join_a_line_to_text_leave_it_on_its_own(
    flows, qtbot, make_window, add_story
):  # type: ignore[no-untyped-def]
    target = add_story("Target", "t.", **_published())
    link = token(target.uid, "Target")
    story = add_story("Tight", f"Alpha.\n{link}\nOmega.\n")
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    body.setFocus()
    original = body.toPlainText()

    # Backspace at the start of the next line: the line above goes, whole.
    _cursor_at(body, _lines(body)[0].position() + 2)
    qtbot.keyClick(body, Qt.Key.Key_Backspace)
    assert body.toPlainText() == "Alpha.\nOmega.\n"
    qtbot.keyClick(body, Qt.Key.Key_Z, Ctrl)
    assert body.toPlainText() == original

    # A selection from inside "Alpha." to the start of the line, typed over: the line
    # keeps a line of its own.
    cursor = body.textCursor()
    cursor.setPosition(3)
    cursor.setPosition(_lines(body)[0].position(), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, "X")
    assert body.toPlainText() == f"AlpX\n{link}\nOmega.\n"
    qtbot.keyClick(body, Qt.Key.Key_Z, Ctrl)
    assert body.toPlainText() == original


def test_saving_stores_the_tokens_byte_for_byte(flows, qtbot, make_window, add_story, db):  # type: ignore[no-untyped-def]
    target = add_story("Target", "t.", **_published())
    # Upper-case uid, spaces around, no hint: all as written.
    odd = f"  [[more-news:{target.uid.upper()}]]\t"
    text = f"First.\n\n{token(target.uid, 'Hint | with ) marks')}\n\n{odd}\n\nLast.\n"
    story = add_story("Source", text)
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    assert len(_lines(body)) == 2
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, "More.")
    assert flows.save(window)
    with db.reading() as session:
        assert articles.load_article(session, story.id).body == text + "More.\n"
        assert [i for i, _h in articles.linked_from(session, target.uid)] == [story.id]


def test_a_click_selects_the_line_and_cut_paste_moves_it_whole(
    flows, qtbot, make_window, add_story
):  # type: ignore[no-untyped-def]
    target, story = _story(add_story)
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    body.setFocus()
    [line] = _lines(body)
    qtbot.mouseClick(body.viewport(), Qt.MouseButton.LeftButton, pos=_centre(body, line))
    cursor = body.textCursor()
    assert cursor.selectionStart() == line.position()
    assert cursor.selectionEnd() == line.position() + 1
    qtbot.keyClick(body, Qt.Key.Key_X, Ctrl)
    assert body.toPlainText() == "Alpha paragraph.\n\nOmega paragraph.\n"  # its line too
    assert QGuiApplication.clipboard().text() == token(target.uid, "An old hint")
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(body, Qt.Key.Key_V, Ctrl)
    link = token(target.uid, "An old hint")
    assert body.toPlainText() == f"Alpha paragraph.\n\nOmega paragraph.\n{link}"
    assert len(_lines(body)) == 1

    # Copy and paste in the middle of a paragraph: the copy gets a line of its own.
    qtbot.keyClick(body, Qt.Key.Key_C, Ctrl)  # nothing selected: the clipboard keeps it
    _cursor_at(body, len("Alpha"))
    qtbot.keyClick(body, Qt.Key.Key_V, Ctrl)
    assert body.toPlainText().startswith(f"Alpha\n{link}\n paragraph.\n")
    assert len(_lines(body)) == 2
    qtbot.keyClick(body, Qt.Key.Key_Z, Ctrl)
    assert len(_lines(body)) == 1


def test_a_dropped_line_arrives_whole(flows, qtbot, make_window, add_story):  # type: ignore[no-untyped-def]
    target, story = _story(add_story)
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    [line] = _lines(body)
    cursor = body.textCursor()
    cursor.setPosition(line.position())
    cursor.setPosition(line.position() + 1, QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    data = body.createMimeDataFromSelection()
    link = token(target.uid, "An old hint")
    assert data.text() == link
    dropped = QMimeData()
    dropped.setText(data.text())
    end = body.cursorRect(QTextCursor(body.document().lastBlock())).center()
    drop = QDropEvent(
        QPointF(end.x() + 40, end.y()),
        Qt.DropAction.CopyAction,
        dropped,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    body.dropEvent(drop)
    assert body.toPlainText().endswith(f"Omega paragraph.\n{link}")
    assert len(_lines(body)) == 2


def test_inserting_through_the_picker_makes_a_line(flows, qtbot, make_window, add_story):  # type: ignore[no-untyped-def]
    target = add_story("Envoy arrives in Geneva for talks", "The envoy arrived.", **_published())
    story = add_story("Talks begin", "First paragraph.\n\nSecond paragraph.")
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    _cursor_at(body, 3)
    with qtbot.waitSignal(window.tasks.idle):
        window.show_picker()
    picker = window.picker
    with qtbot.waitSignal(picker.loaded):
        qtbot.keyClicks(picker.query, "envoy")
    qtbot.keyClick(picker.view, Qt.Key.Key_Return)
    flows.idle(window)
    [line] = _lines(body)
    assert _shown(body, line).text == "More news: Envoy arrives in Geneva for talks"
    assert body.target(target.uid).id == target.id  # looked up, off the UI thread
    assert body.toPlainText() == (
        f"First paragraph.\n\n{token(target.uid, target.headline)}\n\nSecond paragraph.\n"
    )
    qtbot.keyClick(body, Qt.Key.Key_Z, Ctrl)
    assert _lines(body) == []


def test_double_click_opens_the_target_after_asking_about_unsaved_text(
    flows, qtbot, make_window, add_story, asker
):  # type: ignore[no-untyped-def]
    target, story = _story(add_story)
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, "Unsaved.")
    asker.unsaved_answers = ["save"]
    [line] = _lines(body)
    qtbot.mouseDClick(body.viewport(), Qt.MouseButton.LeftButton, pos=_centre(body, line))
    qtbot.waitUntil(lambda: window.current.article_id == target.id, timeout=10_000)
    flows.idle(window)
    assert ("unsaved", "The source") in asker.asked
    assert window.editor.headline.text() == "Envoy arrives in Geneva"


def test_a_renamed_target_shows_its_new_headline(flows, qtbot, make_window, add_story, db):  # type: ignore[no-untyped-def]
    target, story = _story(add_story)
    window = make_window()
    assert flows.open(window, story.id)
    body = window.editor.body
    assert _shown(body, _lines(body)[0]).headline == "Envoy arrives in Geneva"

    assert flows.open(window, target.id)
    window.editor.headline.selectAll()
    qtbot.keyClicks(window.editor.headline, "Envoy leaves Geneva")
    assert flows.save(window)
    assert flows.open(window, story.id)
    assert _shown(body, _lines(body)[0]).headline == "Envoy leaves Geneva"
    assert token(target.uid, "An old hint") in body.toPlainText()  # the text is untouched
    with db.reading() as session:
        assert token(target.uid, "An old hint") in articles.load_article(session, story.id).body


def test_mentions_after_a_line_are_highlighted_where_they_stand(
    qtbot, flows, make_window, add_story, db
):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        geneva = entities.create_entity(session, "place", "Geneva").id
    target = add_story("Talks in Geneva resume", "t.", **_published())
    text = f"Envoys met.\n\n{token(target.uid, 'Talks in Geneva resume')}\n\nThen Geneva slept.\n"
    story = add_story("Source", text, entity_ids=(geneva,))
    window = make_window()
    window.suggestions_dock.raise_()
    qtbot.waitUntil(lambda: window.suggestions.shown)
    with qtbot.waitSignal(window.suggestions.refreshed, timeout=10_000):
        assert flows.open(window, story.id)
    flows.idle(window)
    assert window.suggestions.highlighted() == ["Geneva"]  # in the paragraph, not the line


def test_the_markdown_round_trip_is_exact_around_wide_characters(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Emoji (two UTF-16 units), a no-break space (given back as a space, as the plain
    editor always did) and a Windows paste do not shift a line or its token."""
    from newsroom.ui.body_edit import BodyEdit

    body = BodyEdit()
    qtbot.addWidget(body)
    uid = "7e20e30e-7642-59f8-ad75-3a3f5342087d"
    link = token(uid, "Talks 🌊 resume")
    body.setPlainText(f"Waves 🌊🌊 rise\u00a0high.\n\n{link}\n\nAfter 🌊 it.")
    assert body.toPlainText() == f"Waves 🌊🌊 rise high.\n\n{link}\n\nAfter 🌊 it."
    assert len(_lines(body)) == 1
    text = body.toPlainText()
    after = text.index("After")
    assert body.document_position(after) == after - len(link) + 1
    body.moveCursor(QTextCursor.MoveOperation.End)
    pasted = QMimeData()
    pasted.setText(f"\r\n{link}\r\nTail 🌊.")
    body.insertFromMimeData(pasted)
    assert body.toPlainText().endswith(f"After 🌊 it.\n{link}\nTail 🌊.")
    assert len(_lines(body)) == 2
