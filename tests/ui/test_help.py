"""The Help menu (keyboard shortcuts, where the database is, About) and File > New
database…, driven through the menus as the editor does."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog

from newsroom.core.articles import count_articles
from newsroom.core.db import open_database
from newsroom.ui import desktop
from newsroom.ui.app import App
from newsroom.ui.state import AppState


def menu_action(window, menu: str, text: str) -> QAction:  # type: ignore[no-untyped-def]
    """The action the editor clicks: `text` (mnemonics ignored) in the menu `menu`."""
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu:
            for action in top.menu().actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no {menu} > {text}")


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(desktop, "open_url", lambda url: urls.append(url) or True)
    return urls


def test_keyboard_shortcuts_come_from_the_actions(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    menu_action(window, "Help", "Keyboard shortcuts").trigger()
    dialog = window.help.shortcuts_dialog
    assert dialog.isVisible()
    rows = dialog.rows()
    assert ("File", "Publish site", "Ctrl+Shift+E") in rows
    assert ("File", "New story", "Ctrl+N") in rows
    assert ("Story", "Previous story", "Alt+Up, Ctrl+PgUp") in rows
    assert ("View", "Preview", "Ctrl+Shift+P") in rows
    assert ("Suggestions", "Accept", "Return") in rows  # a panel's own keys, by panel
    assert all(keys for _where, _what, keys in rows)
    assert not any(what.startswith("Export to another folder") for _w, what, _k in rows)

    # Generated each time from what the window has: a key given later is listed.
    window.export_action.setShortcut(QKeySequence("Ctrl+Alt+E"))
    help_key = QKeySequence(QKeySequence.StandardKey.HelpContents)[0].key()  # F1 here
    qtbot.keyClick(window.list, help_key)
    again = window.help.shortcuts_dialog
    assert again is not dialog and not dialog.isVisible()
    assert ("File", "Export to another folder…", "Ctrl+Alt+E") in again.rows()


def test_where_is_the_database(qtbot, make_window, db_path, opened_urls) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    menu_action(window, "Help", "Where is the database?").trigger()
    dialog = window.help.database_dialog
    assert dialog.where.text() == str(db_path)
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == str(db_path)
    assert dialog.open_button.isVisibleTo(dialog)
    dialog.open_button.click()
    assert opened_urls == [QUrl.fromLocalFile(str(db_path.parent))]


def test_about_names_the_installed_version(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    menu_action(window, "Help", "About Newsroom").trigger()
    box = window.help.about_box
    assert box.isVisible() and not box.isModal()
    assert f"Newsroom {version('newsroom')}" in box.text()
    box.close()


def new_file(path: Path, captions: list[str]):  # type: ignore[no-untyped-def]
    def run(dialog: QFileDialog) -> list[Path]:
        captions.append(dialog.windowTitle())
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        dialog.deleteLater()
        return [path]

    return run


def test_new_database_is_created_empty_and_opened(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = App(QApplication.instance(), AppState())  # type: ignore[arg-type]
    assert app.open(str(tmp_path / "first.db"))
    first = app.window
    assert first is not None
    qtbot.waitUntil(lambda: first.model.shown_generation == first.model.generation > 0)
    captions: list[str] = []
    fresh = tmp_path / "evening.db"
    first.site_actions.run_dialog = new_file(fresh, captions)

    menu_action(first, "File", "New database…").trigger()
    qtbot.waitUntil(lambda: app.window is not first, timeout=60_000)

    second = app.window
    assert second is not None and captions == ["New database"]
    assert app.db is not None and app.db.display_name == str(fresh)
    qtbot.waitUntil(lambda: second.first_start.isVisible(), timeout=10_000)
    assert "evening.db" in second.windowTitle()
    assert second.close()
    app.db.close()
    check = open_database(fresh)
    try:
        with check.reading() as session:
            assert count_articles(session) == 0
    finally:
        check.close()


def test_new_database_refuses_an_existing_file(qtbot, make_window, tmp_path, asker, flows) -> None:  # type: ignore[no-untyped-def]
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"my notes")
    window = make_window()
    window.site_actions.run_dialog = new_file(taken, [])
    requested: list[str] = []
    window.database_requested.connect(requested.append)
    menu_action(window, "File", "New database…").trigger()
    qtbot.waitUntil(lambda: bool(asker.asked), timeout=10_000)
    flows.idle(window)
    kind, text = asker.asked[0]
    assert kind == "error" and "already exists" in text
    assert requested == []
    assert taken.read_bytes() == b"my notes"
