"""What a database error during an import means: retry the file, fail the file, or stop.

- *Retry*: PostgreSQL gave up a statement to break a deadlock or a serialization
  conflict; rolled back to the file's savepoint, the same work succeeds once the other
  writer is done.
- *Stop*: the database can not take any more writes, whatever the file: the disk is full
  (SQLite's "database or disk is full", PostgreSQL's disk_full, ENOSPC from the file
  system), or the connection or file broke. Going on would only print the same reason
  once for every file left; the import stops with one line instead, keeping what was
  committed.
- Anything else (a constraint, a value too long) belongs to the file: it fails alone.
"""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import DBAPIError

from newsroom.core.errors import NewsroomError

_RETRY_SQLSTATES = {"40P01", "40001", "55P03"}  # deadlock, serialization, lock not available
_FULL_SQLSTATES = {"53100", "53200", "53400"}  # disk full, out of memory, limit exceeded
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


class ImportStopped(NewsroomError):
    """The database stopped taking writes; the message says why, in one line, and
    `not_written` how many files were left."""

    def __init__(self, reason: str, not_written: int = 0) -> None:
        super().__init__(reason)
        self.not_written = not_written


def _sqlstate(exc: BaseException) -> str | None:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def is_retryable(exc: BaseException) -> bool:
    """A deadlock or serialization failure: worth another try (see the module notes)."""
    return _sqlstate(exc) in _RETRY_SQLSTATES


def _full(exc: BaseException) -> BaseException | None:
    """The error in `exc`'s chain that says the disk is full, if one does. Looked for
    through the chain: once SQLite rolls a transaction back for a full disk, rolling
    back to a savepoint fails too ("no such savepoint"), and that is what arrives."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = current.orig if isinstance(current, DBAPIError) else current
        if isinstance(orig, OSError) and orig.errno in _FULL_ERRNOS:
            return current
        if isinstance(orig, sqlite3.Error) and (
            getattr(orig, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or "database or disk is full" in str(orig)
        ):
            return current
        if _sqlstate(current) in _FULL_SQLSTATES:
            return current
        current = current.__cause__ or current.__context__
    return None


def is_disk_full(exc: BaseException) -> bool:
    """The database or its disk is full, on either backend or from the file system."""
    return _full(exc) is not None


def describe(exc: BaseException) -> str:
    """One line for a report: a database's own first line, without SQL or parameters."""
    if isinstance(exc, NewsroomError):
        return str(exc)
    if isinstance(exc, DBAPIError):
        first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        return f"the database refused it: {first}"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def stop_reason(exc: BaseException) -> str:
    """Why an import stopped, for its one summary line."""
    full = _full(exc)
    if full is not None:
        return f"the disk is full ({describe(full).removeprefix('the database refused it: ')})"
    return f"the database stopped taking writes ({describe(exc)})"
