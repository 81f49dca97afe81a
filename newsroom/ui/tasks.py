"""Run slow work off the UI thread and get the result back on it.

`Tasks.run(fn, on_done, on_error)` runs `fn()` in Qt's thread pool; the callbacks run
on the UI thread. `fn` must open its own session (sessions are not shared between
threads). Expected errors (`NewsroomError`) go to `on_error`; anything else is a bug
and goes to the application's exception hook.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from newsroom.core.errors import NewsroomError


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    crashed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except NewsroomError as exc:
            self.relay.failed.emit(exc)
        except Exception:  # a bug: hand it to the UI thread's exception hook
            self.relay.crashed.emit(sys.exc_info())
        else:
            self.relay.done.emit(result)


class Tasks(QObject):
    """One per window; `pending` counts jobs not yet delivered."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()

    @property
    def pending(self) -> int:
        return len(self._relays)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[NewsroomError], None] | None = None,
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if not self._relays:
                self.idle.emit()

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(error: NewsroomError) -> None:
            finish()
            if on_error is None:
                raise error
            on_error(error)

        def crashed(info: Any) -> None:
            finish()
            sys.excepthook(*info)

        relay.done.connect(done)
        relay.failed.connect(failed)
        relay.crashed.connect(crashed)
        self.pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until the running jobs finish (closing, tests); results still arrive later."""
        return self.pool.waitForDone(msecs)
