"""Handing things to the desktop: a folder to the file manager, text to the clipboard.

The file manager is another program: it may look into the folder (the database's
included) without touching this process's SQLite locks. Tests replace `open_url`, so
no file manager starts during the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl


def show_folder(folder: Path) -> bool:
    """Open `folder` in the file manager; False if the desktop could not."""
    return open_url(QUrl.fromLocalFile(str(folder)))


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
