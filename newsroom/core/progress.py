"""How long work says how far it is: one signature for the export, the import and the
window's progress dialog, so any of them can drive any other's display."""

from __future__ import annotations

from collections.abc import Callable

# progress(done, total, what): `done` of `total` steps, `what` a line for the reader.
Progress = Callable[[int, int, str], None]
