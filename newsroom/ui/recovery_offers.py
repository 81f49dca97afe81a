"""Offering back the unsaved edits a crash left behind (`core.recovery` keeps them).

After a start, every recovered edit but the open story's own is offered; the editor
restores one, discards any, or keeps them for later. The rest are offered again each
time the editor moves on (saves, discards, opens another story), never over unsaved
text and never before the window is shown, until none is left or the editor says
"later" (then they wait on disk for the next start).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from newsroom.core.recovery import RecoveredEdit, RecoveryStore


class RecoveryOffers(QObject):
    """Which recovered edits are still to offer (`left`), and the offering.

    `busy()`: the form holds unsaved text, so nothing is offered now. `restore(edit)`
    puts the chosen edit in the form.
    """

    def __init__(
        self,
        store: RecoveryStore,
        asker: Any,
        restore: Callable[[RecoveredEdit], None],
        busy: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.asker = asker
        self._restore = restore
        self._busy = busy
        self.left: set[str] = set()  # keys of the recovered edits still to offer
        self.scheduled = False  # an offer waits for the event loop
        self._visible: Callable[[], bool] = lambda: True  # offers wait for a shown window

    def begin(self, own: str | None, visible: Callable[[], bool]) -> None:
        """Offer every edit left behind but the open story's own (key `own`)."""
        self._visible = visible
        self.left = {e.key for e in self.store.pending() if e.key != own}
        self.offer()

    def again(self) -> None:
        """The editor moved on (opened, saved): offer the edits still left, once the
        event loop has shown what it moved to."""
        if self.left and not self.scheduled:
            self.scheduled = True
            QTimer.singleShot(0, self.offer)

    def offer(self) -> None:
        self.scheduled = False
        if self._busy() or not self._visible():
            return  # not over unsaved text; asked again after the next load
        pending = [e for e in self.store.pending() if e.key in self.left]
        self.left = {e.key for e in pending}
        if not pending:
            return
        answer = self.asker.recover(pending)
        for key in answer.discard:
            self.store.discard(key)
        self.left -= answer.discard
        chosen = next((e for e in pending if e.key == answer.restore), None)
        if chosen is None or chosen.key in answer.discard:
            self.left = set()  # "later": kept on disk, offered at the next start
            return
        self.left.discard(chosen.key)
        self._restore(chosen)

    def set_aside(self, key: str) -> None:
        """The story `key` is about to be autosaved for the first time: an edit a crash
        left behind under its key is moved aside (and still offered), not overwritten."""
        moved = self.store.set_aside(key)
        if moved is not None and key in self.left:
            self.left.discard(key)
            self.left.add(moved)
