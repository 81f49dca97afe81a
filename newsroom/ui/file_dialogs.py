"""File dialogs that never open the files they list.

Qt's own file dialog opens each file it shows to sniff its type ("SQLite database"),
and a native dialog may do the same inside this process (GTK). Closing such a
descriptor drops every POSIX lock the process holds on that file, SQLite's included
(see `newsroom.core.sqlite_lock`, which makes that harmless between Newsroom processes).
Here the cause is removed as well: every file dialog of the app is built by `build`,
always Qt's widget dialog, with an icon provider that answers from the file name alone.
A test fails if any other module of `newsroom/ui` uses `QFileDialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QWidget


class _NamesOnly(QAbstractFileIconProvider):
    """Icons and type names from the name alone: a folder, or a file with a suffix."""

    def __init__(self) -> None:
        super().__init__()
        style = QApplication.style()
        # Made here, on the UI thread: the dialog asks from its file-info thread.
        self._folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._file = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._drive = style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)

    def icon(self, what: object) -> QIcon:
        if isinstance(what, QFileInfo):
            return self._folder if what.isDir() else self._file
        if what == QAbstractFileIconProvider.IconType.Drive:
            return self._drive
        if what == QAbstractFileIconProvider.IconType.File:
            return self._file
        return self._folder

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


class Mode(Enum):
    OPEN_FILE = QFileDialog.FileMode.ExistingFile
    OPEN_FILES = QFileDialog.FileMode.ExistingFiles
    FOLDER = QFileDialog.FileMode.Directory
    NEW_FILE = QFileDialog.FileMode.AnyFile
    """A file name to create: the caller refuses one that exists (no overwrite offer)."""


def build(
    parent: QWidget | None, caption: str, folder: Path, mode: Mode, filters: str = ""
) -> QFileDialog:
    """A file dialog of the app, ready to `exec()` (or `show()` in a test)."""
    dialog = QFileDialog(parent, caption, str(folder), filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    provider = _NamesOnly()
    dialog.setIconProvider(provider)
    dialog.names_only = provider  # type: ignore[attr-defined]  # the dialog does not own it
    dialog.setFileMode(mode.value)
    if mode is Mode.FOLDER:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if mode is Mode.NEW_FILE:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return dialog


def run(dialog: QFileDialog) -> list[Path]:
    """Show the dialog modally; the chosen paths, or none when cancelled."""
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return [Path(p) for p in dialog.selectedFiles()]
    finally:
        dialog.deleteLater()


Runner = Callable[[QFileDialog], list[Path]]
"""How a window shows its file dialogs: `run`, or a test's stand-in."""
