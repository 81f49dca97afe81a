"""This window's lease on the story it has open: taken when a story opens, renewed on a
timer while it stays open, released when the editor moves on or the window closes,
so another window or computer can say "being edited by ..." (`core.leases`).

A lease is informative only: nothing is refused because of one, so a failure to take
or release it is not shown as an error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from newsroom.core import leases
from newsroom.core.users import login_name
from newsroom.ui.operations import Operations


class StoryLease(QObject):
    """`changed(lease)`: the lease of another editor on the open story, or None.

    `still_open(article_id)`: whether that story is still the one in the form, so an
    answer about a story the editor has left is dropped.
    """

    changed = Signal(object)

    def __init__(
        self,
        ops: Operations,
        still_open: Callable[[int], bool],
        renew_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.still_open = still_open
        self.client_id = uuid.uuid4().hex
        self.timer = QTimer(self, interval=renew_ms)

    def hold(self, article_id: int | None) -> None:
        """Take or renew the lease on `article_id` (None: no saved story is open); say
        who else has it."""
        if article_id is None:
            self.changed.emit(None)
            self.timer.stop()
            return
        client, who = self.client_id, login_name() or "someone"

        def shown(other: leases.Lease | None) -> None:
            if self.still_open(article_id):
                self.changed.emit(other)

        self.ops.write(
            lambda session: leases.acquire(session, article_id, who, client),
            shown,
            on_error=lambda _exc: self.changed.emit(None),  # informative only
        )
        self.timer.start()

    def release(self, article_id: int | None) -> None:
        if article_id is not None:
            client = self.client_id
            self.ops.write(
                lambda session: leases.release(session, article_id, client),
                on_error=lambda _exc: None,  # a lapsed lease is nobody's problem
            )

    def stop(self) -> None:
        """No more renewals (the story is gone, or the window closes)."""
        self.timer.stop()
