"""The History dialog: revisions loaded and diffed off the UI thread, newest selection
wins, nothing delivered to a closed dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QThreadPool

from newsroom.core.articles import ArticleInput
from newsroom.core.errors import NotFoundError
from newsroom.core.revisions import RevisionInfo
from newsroom.ui import history
from newsroom.ui.history import HistoryDialog

CURRENT = ArticleInput(headline="Talks resume", body="Envoys met in Geneva on Monday.")
OLD = {
    1: ArticleInput(headline="Talks stall", body="Envoys met in Vienna on Monday."),
    2: ArticleInput(headline="Talks resume", body="Envoys met in Geneva on Sunday."),
}


def _revisions() -> list[RevisionInfo]:
    saved = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    return [RevisionInfo(n, 7, n, saved, "ed", "", OLD[n].headline) for n in (2, 1)]


class Gate:
    """A `load` that holds revisions until the test lets them through (never forever)."""

    def __init__(self, held: set[int]) -> None:
        self.held = held
        self.open = threading.Event()
        self.started: list[int] = []

    def __call__(self, revision_id: int) -> ArticleInput:
        self.started.append(revision_id)
        if revision_id in self.held:
            assert self.open.wait(10), "the test never opened the gate"
        if revision_id not in OLD:
            raise NotFoundError(f"there is no revision {revision_id}")
        return OLD[revision_id]


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    """Two threads of the test's own, whatever the machine: a held job must not keep
    the next one from running."""
    threads = QThreadPool()
    threads.setMaxThreadCount(2)
    yield threads
    assert threads.waitForDone(10_000)


def _dialog(  # type: ignore[no-untyped-def]
    qtbot, load: Callable[[int], ArticleInput], pool: QThreadPool, keep: bool = True
) -> HistoryDialog:
    dialog = HistoryDialog(_revisions(), load, CURRENT, pool=pool)
    if keep:  # qtbot closes it after the test
        qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _wait_idle(qtbot, dialog: HistoryDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dialog.diffs.busy, timeout=10_000)


def test_selecting_a_revision_shows_comparing_then_its_word_diff(qtbot, pool) -> None:  # type: ignore[no-untyped-def]
    gate = Gate(held={1})
    dialog = _dialog(qtbot, gate, pool)
    assert dialog.list.currentRow() == 1  # opened on the version before the newest
    assert "Comparing…" in dialog.diff.toPlainText()
    assert dialog.restore.isEnabled()
    threads: list[bool] = []
    dialog.diff_shown.connect(
        lambda _: threads.append(threading.current_thread() is threading.main_thread())
    )
    with qtbot.waitSignal(dialog.diff_shown) as shown:
        gate.open.set()
    assert shown.args == [1]
    assert threads == [True]  # delivered on the UI thread
    html = dialog.diff.toHtml()
    text = dialog.diff.toPlainText()
    assert "Headline" in text and "Vienna Geneva" in text  # Vienna struck, Geneva new
    assert "line-through" in html
    assert "Comparing…" not in text


def test_the_newest_selection_wins(qtbot, pool) -> None:  # type: ignore[no-untyped-def]
    gate = Gate(held={1})
    dialog = _dialog(qtbot, gate, pool)
    dialog.list.setCurrentRow(1)  # version 1: held back
    qtbot.waitUntil(lambda: 1 in gate.started)
    with qtbot.waitSignal(dialog.diff_shown) as shown:
        dialog.list.setCurrentRow(0)  # version 2 arrives first
    assert shown.args == [2]
    late: list[int] = []
    dialog.diff_shown.connect(late.append)
    gate.open.set()
    _wait_idle(qtbot, dialog)
    assert late == []  # version 1's diff came late and was dropped
    assert dialog.shown == 2
    assert "Sunday Monday" in dialog.diff.toPlainText()


def test_a_revision_that_cannot_be_loaded_says_why(qtbot, pool) -> None:  # type: ignore[no-untyped-def]
    dialog = HistoryDialog(
        [*_revisions(), RevisionInfo(99, 7, 0, datetime.now(UTC), "ed", "", "gone")],
        Gate(held=set()),
        CURRENT,
        pool=pool,
    )
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.diff_shown):
        dialog.list.setCurrentRow(2)
    assert "there is no revision 99" in dialog.diff.toPlainText()


@pytest.mark.parametrize("how", ["closed", "deleted"])
def test_closing_while_a_diff_runs_raises_nothing(qtbot, pool, how: str) -> None:  # type: ignore[no-untyped-def]
    gate = Gate(held={1})
    dialog = _dialog(qtbot, gate, pool, keep=how == "closed")
    diffs = dialog.diffs
    late: list[int] = []
    dialog.diff_shown.connect(late.append)
    dialog.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: 1 in gate.started)  # the worker is inside `load`
    dialog.reject()
    if how == "deleted":
        gone: list[bool] = []
        dialog.destroyed.connect(lambda *_: gone.append(True))
        dialog.deleteLater()
        qtbot.waitUntil(lambda: bool(gone))
    gate.open.set()
    qtbot.waitUntil(lambda: not diffs.busy, timeout=10_000)
    assert late == []
    assert not history._waiting  # nothing left waiting for a dead dialog


def test_a_bug_in_a_worker_reaches_the_exception_hook(qtbot, pool, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    caught: list[type[BaseException]] = []
    monkeypatch.setattr("sys.excepthook", lambda kind, value, tb: caught.append(kind))

    def broken(revision_id: int) -> ArticleInput:
        raise ZeroDivisionError

    dialog = _dialog(qtbot, broken, pool)  # the revision before the newest is diffed at once
    _wait_idle(qtbot, dialog)
    assert caught == [ZeroDivisionError]
