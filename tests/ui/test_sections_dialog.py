"""The Sections dialog, driven as an editor would: open it from the menu, add, rename,
reorder, delete; the story form and the list's section filter follow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from newsroom.core.articles import load_article
from newsroom.core.db import Database
from newsroom.core.sections import create_section, list_sections


def _section_of(db: Database, article_id: int) -> int | None:
    with db.reading() as session:
        return load_article(session, article_id).section_id


@pytest.fixture
def sections(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        return {name: create_section(session, name).id for name in ("World", "Politics", "Sport")}


def _open_dialog(qtbot, flows, window):  # type: ignore[no-untyped-def]
    """Edit > Sections…, and wait for its list to be read."""
    action = next(a for a in window.findChildren(QAction) if a.text() == "Sect&ions…")
    action.trigger()
    flows.idle(window)
    assert window.sections_dialog.isVisible()
    return window.sections_dialog


def _click(qtbot, flows, window, button) -> bool:  # type: ignore[no-untyped-def]
    """Click a button of the dialog; True when its write went through. Returns once
    every answer it set going (the dialog's list, the window's lists) has arrived."""
    dialog = window.sections_dialog
    with qtbot.waitSignal(dialog.answered, timeout=10_000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    flows.idle(window)
    return bool(blocker.args[0])


def _listed(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    return [dialog.model.index(r).data() for r in range(dialog.model.rowCount())]


def _combo(combo) -> list[str]:  # type: ignore[no-untyped-def]
    return [combo.itemText(i) for i in range(combo.count())]


def _type(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.selectAll()
    qtbot.keyClicks(field, text)


def _stored(db: Database) -> list[tuple[str, str]]:
    with db.reading() as session:
        return [(s.name, s.slug) for s in list_sections(session)]


def test_a_new_database_gets_its_first_sections_from_the_dialog(qtbot, flows, make_window, db):  # type: ignore[no-untyped-def]
    window = make_window()
    assert _combo(window.editor.section) == ["(no section)"]
    dialog = _open_dialog(qtbot, flows, window)
    assert _listed(dialog) == []
    assert not dialog.rename_button.isEnabled() and not dialog.delete_button.isEnabled()

    for name in ("World", "Politics"):
        _type(qtbot, dialog.name, name)
        assert _click(qtbot, flows, window, dialog.add_button)
    assert _listed(dialog) == ["World  (0 stories)", "Politics  (0 stories)"]
    assert dialog.current is not None and dialog.current.name == "Politics"  # the new one
    assert dialog.where.text() == "Pages at section/politics/"
    assert _combo(window.editor.section) == ["(no section)", "World", "Politics"]
    assert _combo(window.filters.section_filter) == ["Any section", "World", "Politics"]
    assert _stored(db) == [("World", "world"), ("Politics", "politics")]


def test_a_refused_name_is_shown_beside_the_field_and_nothing_changes(
    qtbot, flows, make_window, db, sections
):  # type: ignore[no-untyped-def]
    window = make_window()
    dialog = _open_dialog(qtbot, flows, window)
    for name in ("", "  ", "politics"):
        _type(qtbot, dialog.name, name)
        if not name:
            dialog.name.clear()
        assert not _click(qtbot, flows, window, dialog.add_button)
        assert dialog.error.isVisible()
    assert dialog.error.text() == "there is already a section called 'Politics'"
    dialog.select(sections["World"])
    _type(qtbot, dialog.name, "Sport")
    assert not _click(qtbot, flows, window, dialog.rename_button)
    assert "already a section called 'Sport'" in dialog.error.text()
    qtbot.keyClicks(dialog.name, "s")  # typing again clears the message
    assert not dialog.error.isVisible()
    assert _stored(db) == [("World", "world"), ("Politics", "politics"), ("Sport", "sport")]


def test_rename_keeps_the_address_unless_the_box_is_ticked(
    qtbot, flows, make_window, db, sections, add_story
):  # type: ignore[no-untyped-def]
    story = add_story("Talks resume", section_id=sections["World"])
    window = make_window()
    assert flows.open(window, story.id)
    dialog = _open_dialog(qtbot, flows, window)
    assert dialog.select(sections["World"])
    assert dialog.name.text() == "World" and not dialog.new_address.isChecked()
    assert dialog.where.text() == "Pages at section/world/"

    _type(qtbot, dialog.name, "International")
    assert _click(qtbot, flows, window, dialog.rename_button)
    assert dialog.where.text() == "Pages at section/world/"
    assert window.editor.section.currentText() == "International"
    assert not window.session.dirty  # the story's section is the same section
    assert window.model.index(0, 2).data() == "International"  # the list's column

    _type(qtbot, dialog.name, "Foreign news")
    dialog.new_address.setChecked(True)
    assert _click(qtbot, flows, window, dialog.rename_button)
    assert dialog.where.text() == "Pages at section/foreign-news/"
    assert not dialog.new_address.isChecked()  # asked each time
    assert _stored(db)[0] == ("Foreign news", "foreign-news")
    assert _combo(window.filters.section_filter)[1] == "Foreign news"


def test_move_up_and_down_orders_the_navigation(qtbot, flows, make_window, db, sections):  # type: ignore[no-untyped-def]
    window = make_window()
    dialog = _open_dialog(qtbot, flows, window)
    dialog.select(sections["World"])
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()
    assert _click(qtbot, flows, window, dialog.down_button)
    assert _click(qtbot, flows, window, dialog.down_button)
    assert dialog.current is not None and dialog.current.name == "World"  # it stays chosen
    assert dialog.up_button.isEnabled() and not dialog.down_button.isEnabled()
    assert [n for n, _ in _stored(db)] == ["Politics", "Sport", "World"]
    assert _combo(window.editor.section) == ["(no section)", "Politics", "Sport", "World"]
    assert _combo(window.filters.section_filter)[1:] == ["Politics", "Sport", "World"]
    dialog.select(sections["Sport"])
    assert _click(qtbot, flows, window, dialog.up_button)
    assert [n for n, _ in _stored(db)] == ["Sport", "Politics", "World"]


def test_delete_asks_with_the_count_and_moves_the_stories(
    qtbot, flows, make_window, db, sections, add_story, asker
):  # type: ignore[no-untyped-def]
    opened = add_story("Talks resume", section_id=sections["World"])
    add_story("Envoy arrives", section_id=sections["World"])
    window = make_window()
    assert flows.open(window, opened.id)
    dialog = _open_dialog(qtbot, flows, window)
    assert _listed(dialog)[0] == "World  (2 stories)"
    dialog.select(sections["World"])
    assert _combo(dialog.destination) == ["(no section)", "Politics", "Sport"]
    dialog.destination.setCurrentIndex(dialog.destination.findText("Politics"))

    asker.confirm_answers = [False]
    assert not _click(qtbot, flows, window, dialog.delete_button)
    assert asker.asked[-1] == (
        "confirm",
        "Delete “World”? Its 2 stories will move to “Politics”. "
        "Its pages (section/world/) leave the site on the next export.",
    )
    assert len(_stored(db)) == 3

    asker.confirm_answers = [True]
    assert _click(qtbot, flows, window, dialog.delete_button)
    assert _listed(dialog) == ["Politics  (2 stories)", "Sport  (0 stories)"]
    assert _combo(window.editor.section) == ["(no section)", "Politics", "Sport"]
    # The open story moved with a new version; the form shows it, with nothing unsaved.
    assert window.editor.section.currentText() == "Politics"
    assert window.current.version == opened.version + 1
    assert not window.session.dirty
    window.editor.body.setPlainText("Talks resumed on Monday.")
    assert flows.save(window)
    assert _section_of(db, opened.id) == sections["Politics"]
    asked = [kind for kind, _ in asker.asked if kind != "byline"]  # first save asks it
    assert asked == ["confirm", "confirm"]  # no conflict

    dialog.select(sections["Sport"])
    asker.confirm_answers = [True]
    assert _click(qtbot, flows, window, dialog.delete_button)
    assert asker.asked[-1][1].startswith("Delete “Sport”? No story is in it.")
    assert _listed(dialog) == ["Politics  (2 stories)"]


def test_delete_to_no_section(qtbot, flows, make_window, db, sections, add_story, asker):  # type: ignore[no-untyped-def]
    story = add_story("Cup final", section_id=sections["Sport"])
    window = make_window()
    dialog = _open_dialog(qtbot, flows, window)
    dialog.select(sections["Sport"])
    assert dialog.destination.currentText() == "(no section)"
    asker.confirm_answers = [True]
    assert _click(qtbot, flows, window, dialog.delete_button)
    assert "Its 1 story will have no section." in asker.asked[-1][1]
    assert _section_of(db, story.id) is None


def test_the_list_model_passes_qtmodeltester(qtbot, flows, qtmodeltester, make_window, sections):  # type: ignore[no-untyped-def]
    window = make_window()
    dialog = _open_dialog(qtbot, flows, window)
    assert dialog.model.rowCount() == 3
    qtmodeltester.check(dialog.model, force_py=True)
