"""Run slow work off the UI thread and get the result back on it.

`Tasks.run(fn, on_done, on_error)` runs `fn()` in a worker thread; the callbacks run
on the UI thread. `fn` must open its own session (sessions are not shared between
threads). Expected errors (`NewsroomError`) go to `on_error`; anything else is a bug
and goes to the application's exception hook.

A result reaches its callbacks only while they have somewhere to go: the `Tasks` has
not been closed or deleted (it belongs to a window), and the callbacks' `owner` (by
default the object `on_done` is a method of) has not been deleted. Otherwise the
result is dropped. So a window may be closed and deleted while its queries still run
(switching databases does exactly that), and nothing runs on the dead window.

How: a worker never touches a Qt object that can be deleted (a window, a model, the
`Tasks` itself: it only counts down a plain Python counter under a lock). It emits on
one relay that lives as long as the process; the relay's queued connection runs the
delivery on the UI thread, and that is where the receivers are checked (they are only
ever deleted on the UI thread, so the check cannot race with their deletion).
"""

from __future__ import annotations

import atexit
import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QThreadPool, Signal, Slot

from newsroom.core.errors import NewsroomError

WORKERS = 2  # database work at once, for the whole process
_log = logging.getLogger(__name__)
_ExcInfo = tuple[type[BaseException], BaseException, TracebackType]


class _Relay(QObject):
    """Carries calls from workers to the UI thread. One per process, never deleted."""

    posted = Signal(object)

    @Slot(object)
    def _call(self, delivery: Callable[[], None]) -> None:
        delivery()


_relay: _Relay | None = None
_pool: QThreadPool | None = None


def _workers() -> tuple[_Relay, QThreadPool]:
    """The process's relay and worker pool, made on first use (on the UI thread)."""
    global _relay, _pool
    if _relay is None or _pool is None:
        app = QCoreApplication.instance()
        assert app is not None and QThread.currentThread() is app.thread(), "UI thread only"
        _relay = _Relay()
        _relay.posted.connect(_relay._call, Qt.ConnectionType.QueuedConnection)
        _pool = QThreadPool()
        _pool.setMaxThreadCount(WORKERS)
        # Before Python tears down: work still running then (longer than a closing
        # window waits) would otherwise emit on a deleted relay, or run Python code
        # while the interpreter goes away.
        atexit.register(_pool.waitForDone)
    return _relay, _pool


def _alive(obj: QObject | None) -> bool:
    return obj is None or shiboken6.isValid(obj)


class Tasks(QObject):
    """One per window. `idle`: every result asked for so far has been delivered."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay, self._pool = _workers()
        self._closed = False
        self._undelivered = 0  # UI thread only
        self._running = 0  # guarded by _lock: workers decrement it
        self._lock = threading.Condition()

    @property
    def pending(self) -> int:
        """Results asked for and not yet delivered (or dropped); 0 when `idle`."""
        return self._undelivered

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[NewsroomError], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run `fn()` in a worker; its result goes to `on_done` on the UI thread.

        `owner`: the object the callbacks belong to; once it is deleted they are not
        called. It defaults to the object `on_done` is a method of; pass it when the
        callbacks are closures over a widget that may go before the window does.
        After `close()` nothing runs.
        """
        if self._closed:
            return
        if owner is None and isinstance(getattr(on_done, "__self__", None), QObject):
            owner = on_done.__self__  # type: ignore[attr-defined]
        self._undelivered += 1
        with self._lock:
            self._running += 1

        def deliver(value: Any, error: NewsroomError | None, crash: _ExcInfo | None) -> None:
            self._undelivered -= 1
            try:
                if self._closed or not shiboken6.isValid(self):
                    if crash is not None:  # a bug, but nobody is left to show it to
                        _log.error("a task failed after its window closed", exc_info=crash)
                    return
                if crash is not None:
                    sys.excepthook(*crash)
                elif not _alive(owner):
                    return
                elif error is None:
                    on_done(value)
                elif on_error is None:
                    raise error
                else:
                    on_error(error)
            finally:
                if self._undelivered == 0 and not self._closed and shiboken6.isValid(self):
                    self.idle.emit()

        def work() -> None:  # in a worker thread: touches only the relay and our lock
            value, error, crash = None, None, None
            try:
                value = fn()
            except NewsroomError as exc:
                error = exc
            except Exception as exc:  # a bug: hand it to the UI thread's exception hook
                assert exc.__traceback__ is not None  # an exception caught has one
                crash = (type(exc), exc, exc.__traceback__)
            self._relay.posted.emit(lambda: deliver(value, error, crash))
            with self._lock:
                self._running -= 1
                self._lock.notify_all()

        self._pool.start(work)

    def post(self, callback: Callable[..., None], *args: Any, owner: QObject | None = None) -> None:
        """Call `callback(*args)` on the UI thread; safe from any thread (progress reports).

        Dropped like a result when this `Tasks` is closed or deleted, or `owner`
        (default: the object `callback` is a method of) has been deleted.
        """
        if owner is None and isinstance(getattr(callback, "__self__", None), QObject):
            owner = callback.__self__  # type: ignore[attr-defined]

        def deliver() -> None:
            if not self._closed and shiboken6.isValid(self) and _alive(owner):
                callback(*args)

        self._relay.posted.emit(deliver)

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until this window's running work has finished; False on a timeout.

        Results then still arrive through the event loop (unless `close()`d). Safe
        to call after the `Tasks` was deleted.
        """
        with self._lock:
            return self._lock.wait_for(lambda: self._running == 0, msecs / 1000)

    def close(self, msecs: int = 10_000) -> bool:
        """The window is closing: deliver nothing more, start nothing more, and wait
        up to `msecs` for the running work (it may be using a database about to be
        closed). False if some is still running."""
        self._closed = True
        return self.wait(msecs)
