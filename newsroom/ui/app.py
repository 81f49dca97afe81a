"""Starting the desktop app: the QApplication, the crash handler, the first window."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from newsroom import __version__
from newsroom.core.db import Database, open_database
from newsroom.core.errors import NewsroomError
from newsroom.ui.main_window import MainWindow
from newsroom.ui.state import AppState


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """The one place unexpected errors end up: printed in full and shown in a dialog."""
    text = "".join(traceback.format_exception(kind, value, tb))
    sys.stderr.write(text)
    if QApplication.instance() is not None:
        box = QMessageBox(
            QMessageBox.Icon.Critical, "Newsroom hit a bug", f"{kind.__name__}: {value}"
        )
        box.setDetailedText(text)
        box.exec()


class App:
    """Owns the open database and its window; switching databases replaces both."""

    def __init__(self, qapp: QApplication, state: AppState) -> None:
        self.qapp = qapp
        self.state = state
        self.db: Database | None = None
        self.window: MainWindow | None = None

    def open(self, location: str) -> bool:
        try:
            db = open_database(location)
        except NewsroomError as exc:
            QMessageBox.warning(self.window, "Cannot open database", str(exc))
            return False
        if self.window is not None:
            if not self.window.close():
                db.close()
                return False
            # Deleted now, on the UI thread: its signal connections hold it in reference
            # cycles, so left to Python it would live on (with its Tasks) indefinitely.
            self.window.deleteLater()
        if self.db is not None:
            self.db.close()
        self.db = db
        self.window = MainWindow(db, state=self.state)
        self.window.database_requested.connect(self.open)
        self.window.show()
        if db.backup_path is not None:
            self.window.statusBar().showMessage(
                f"Database upgraded; the previous version is kept at {db.backup_path}", 15000
            )
        # Once the window has had its first look at the database (settings, the list).
        self.window.ready.connect(self.window.offer_recovery)
        return True


def run(location: str) -> int:
    qapp = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("Newsroom")
    qapp.setApplicationVersion(__version__)
    sys.excepthook = _excepthook
    app = App(qapp, AppState())
    if not app.open(location):
        return 2
    code = qapp.exec()
    if app.db is not None:
        app.db.close()
    return code
