"""The Help menu: keyboard shortcuts, where the database is, About.

The shortcuts are read from the window's actions when the dialog opens (the menus'
in menu order, then any other action with keys, such as a panel's), so the list says
what the keys do now and can not go stale. None of these dialogs is modal: they
inform, they ask nothing.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import TypeVar

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsroom import __version__
from newsroom.core.db import Database, sqlite_path
from newsroom.ui import desktop

D = TypeVar("D", bound=QDialog)


def plain(text: str) -> str:
    """A menu text without its mnemonic marks ("&Save" -> "Save", "&&" -> "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_of(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


def _where(action: QAction, window: QMainWindow) -> str:
    """Where an action outside the menus works: the panel (dock) holding its widget."""
    parent = action.parent()
    while isinstance(parent, QWidget) and parent is not window:
        if isinstance(parent, QDockWidget):
            return plain(parent.windowTitle())
        parent = parent.parentWidget()
    return "Window"


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(where, action, keys) for every action of the window that has keys."""
    rows: list[tuple[str, str, str]] = []
    seen: set[QAction] = set()

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            seen.add(action)
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{where} › {plain(action.text())}")
            elif not action.isSeparator() and action.shortcuts():
                rows.append((where, plain(action.text()), keys_of(action)))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, plain(top.text()))
    for action in window.findChildren(QAction):
        if action not in seen and action.shortcuts() and action.text():
            rows.append((_where(action, window), plain(action.text()), keys_of(action)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Where", "What", "Keys"])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(560, 560)

    def rows(self) -> list[tuple[str, ...]]:
        def text(r: int, c: int) -> str:
            item = self.table.item(r, c)
            return item.text() if item is not None else ""

        return [tuple(text(r, c) for c in range(3)) for r in range(self.table.rowCount())]


class DatabaseDialog(QDialog):
    """The open database's path or URL (never its password), to copy, and for a file
    its folder to open in the file manager."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Where is the database?")
        self.location = db.display_name
        file = sqlite_path(db.url)
        self.folder: Path | None = file.parent if file is not None else None
        kind = "This newsroom is the file" if file is not None else "This newsroom is on"
        text = QLabel(f"{kind}:")
        self.where = QLabel(self.location)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setWordWrap(True)
        self.where.setStyleSheet("font-family: monospace; padding: 6px;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(lambda: desktop.copy_text(self.location))
        self.open_button = buttons.addButton(
            "Open its folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setVisible(self.folder is not None)
        self.open_button.clicked.connect(self._open_folder)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.where)
        if file is not None:
            note = QLabel(
                "Copy the file only while Newsroom is closed (a copy taken while it runs "
                "may miss the latest saves, which are in the -wal file beside it)."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, 160)

    def _open_folder(self) -> None:
        if self.folder is not None:
            desktop.show_folder(self.folder)


def about_text() -> str:
    return (
        f"<h3>Newsroom {__version__}</h3>"
        "<p>A desktop newsroom editing tool: draft, tag and cross-link stories, and "
        "publish them as a static site.</p>"
        f"<p>Python {platform.python_version()}, PySide6 {PySide6.__version__} "
        f"(Qt {qVersion()})</p>"
    )


class HelpActions:
    """What the Help menu's items open; the last dialog of each kind is kept (one at
    a time, and tests read them)."""

    def __init__(self, window: QMainWindow, db: Database) -> None:
        self.window = window
        self.db = db
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.database_dialog: DatabaseDialog | None = None
        self.about_box: QMessageBox | None = None

    def show_shortcuts(self) -> ShortcutsDialog:
        self.shortcuts_dialog = _replace(
            self.shortcuts_dialog, ShortcutsDialog(shortcut_rows(self.window), self.window)
        )
        return self.shortcuts_dialog

    def show_database(self) -> DatabaseDialog:
        self.database_dialog = _replace(self.database_dialog, DatabaseDialog(self.db, self.window))
        return self.database_dialog

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, "About Newsroom", about_text())
        box.setParent(self.window, box.windowFlags())
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setModal(False)
        self.about_box = _replace(self.about_box, box)
        return box


def _replace(old: QDialog | None, new: D) -> D:
    """Show `new` in place of `old` (closed and let go)."""
    if old is not None:
        old.close()
        old.deleteLater()
    new.show()
    return new
