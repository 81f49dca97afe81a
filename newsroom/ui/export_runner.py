"""File > Export: the static-site export off the UI thread, with progress and Cancel.

The export runs in the window's task pool; progress comes back through a queued
signal; Cancel sets a flag the exporter checks between pages, and a cancelled or
failed export leaves the previous site untouched (the exporter writes beside it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from newsroom.core.db import Database
from newsroom.core.errors import NewsroomError
from newsroom.core.models import utcnow
from newsroom.publish.export import ExportResult, export_site
from newsroom.ui.tasks import Tasks


class ExportRunner(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)

    def __init__(self, db: Database, tasks: Tasks, parent: QWidget) -> None:
        super().__init__(parent)
        self.db = db
        self.tasks = tasks
        self.dialog: QProgressDialog | None = None
        self._cancel = threading.Event()

    def start(self, out: Path, now: datetime | None = None) -> None:
        self._cancel.clear()
        parent = self.parent()
        assert isinstance(parent, QWidget)
        dialog = QProgressDialog("Exporting the site…", "Cancel", 0, 0, parent)
        dialog.setWindowTitle("Export")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self._cancel.set)
        self.progressed.connect(self._show_progress)
        self.dialog = dialog
        when = now or utcnow()

        def work() -> ExportResult:
            return export_site(
                self.db,
                out,
                now=when,
                progress=lambda done, total, what: self.progressed.emit(done, total, what),
                cancelled=self._cancel.is_set,
                # No forked workers from inside the GUI: forking a process that runs Qt
                # threads can deadlock the child. The export runs in its own thread.
                processes=1,
            )

        self.tasks.run(work, self._done, self._failed)

    @property
    def cancelled(self) -> Callable[[], bool]:
        return self._cancel.is_set

    def cancel(self) -> None:
        self._cancel.set()

    def _show_progress(self, done: int, total: int, what: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(done)
            self.dialog.setLabelText(f"Exporting {what}: {done:,} of {total:,}")

    def _close(self) -> None:
        self.progressed.disconnect(self._show_progress)
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, result: ExportResult) -> None:
        self._close()
        self.finished.emit(result)

    def _failed(self, error: NewsroomError) -> None:
        self._close()
        self.failed.emit(str(error))
