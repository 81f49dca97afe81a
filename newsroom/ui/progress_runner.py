"""Long operations from the menus (export, import) off the UI thread, with a progress
dialog and Cancel.

The work runs in the window's task pool and reports through `progress(done, total,
what)`, which `Tasks.post` carries to the UI thread (dropped if the window is gone by
then) and `progressed` announces there; Cancel sets a flag the work checks between
items. The operations themselves guarantee what a cancel leaves
behind (the previous site; the files imported so far, each in its own transaction).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from newsroom.core.errors import NewsroomError
from newsroom.core.progress import Progress
from newsroom.ui.tasks import Tasks

Work = Callable[[Progress, Callable[[], bool]], Any]


class ProgressRunner(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)  # whatever the work returned
    failed = Signal(str)

    def __init__(self, tasks: Tasks, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.title = title
        self.dialog: QProgressDialog | None = None
        self._cancel = threading.Event()

    def start(self, work: Work) -> None:
        self._cancel.clear()
        parent = self.parent()
        assert isinstance(parent, QWidget)
        dialog = QProgressDialog(f"{self.title}…", "Cancel", 0, 0, parent)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self._cancel.set)
        self.dialog = dialog

        post, report, cancelled = self.tasks.post, self._progress, self._cancel.is_set

        def run() -> Any:  # in a worker: reports go through Tasks.post, nothing else is touched
            return work(lambda done, total, what: post(report, done, total, what), cancelled)

        self.tasks.run(run, self._done, self._failed)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int, what: str) -> None:
        dialog = self.dialog
        if dialog is None:  # a report that arrives after the end is stale
            return
        self.progressed.emit(done, total, what)
        dialog.setMaximum(max(total, 1))
        dialog.setLabelText(f"{self.title}: {what} ({done:,} of {total:,})")
        # Last of all: a shown modal dialog's setValue runs the event loop, where the
        # next reports and the work's result may arrive (and close the dialog). So
        # nothing may follow it, and `progressed` went out before, in order.
        dialog.setValue(min(done, max(total, 1)))

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, result: Any) -> None:
        self._close()
        self.finished.emit(result)

    def _failed(self, error: NewsroomError) -> None:
        self._close()
        self.failed.emit(str(error))
