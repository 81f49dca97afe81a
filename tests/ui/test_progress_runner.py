"""ProgressRunner: long work with a progress dialog, its result back on the UI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from newsroom.ui.progress_runner import ProgressRunner
from newsroom.ui.tasks import Tasks


def test_reports_and_result_arriving_inside_a_progress_update(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    tasks = Tasks(window)
    runner = ProgressRunner(tasks, window, "Working")

    def work(report: Any, cancelled: Any) -> str:
        for n in (1, 2, 3):
            report(n, 3, f"part {n}")
        return "result"

    runner.start(work)
    progress: list[tuple[int, int]] = []  # (listening after the start, as callers do)
    runner.progressed.connect(lambda done, total, _what: progress.append((done, total)))
    assert runner.dialog is not None
    runner.dialog.forceShow()  # shown: its setValue now runs the event loop (it is modal)
    assert tasks.wait()  # the reports and the result are all queued, in that order
    with qtbot.waitSignal(runner.finished) as finished:
        pass  # the first report's setValue delivers the rest, closing the dialog
    assert finished.args == ["result"]
    assert progress == [(1, 3), (2, 3), (3, 3)]  # in order, all before the end
    assert runner.dialog is None
