"""ProgressRunner: long work with a progress dialog, its result back on the UI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from newsroom.ui.progress_runner import ProgressRunner
from newsroom.ui.tasks import Tasks


def test_result_arriving_inside_a_progress_update_closes_cleanly(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    tasks = Tasks(window)
    runner = ProgressRunner(tasks, window, "Working")
    progress: list[tuple[int, int]] = []
    runner.progressed.connect(lambda done, total, _what: progress.append((done, total)))

    def work(report: Any, cancelled: Any) -> str:
        report(1, 2, "the first half")
        return "result"

    runner.start(work)
    assert runner.dialog is not None
    runner.dialog.forceShow()  # shown: its setValue now runs the event loop (it is modal)
    assert tasks.wait()  # the report and the result are both queued, in that order
    with qtbot.waitSignal(runner.finished) as finished:
        pass  # the result is delivered inside the report's setValue, closing the dialog
    assert finished.args == ["result"]
    assert progress == [(1, 2)]
    assert runner.dialog is None
