"""Typed errors for expected problems, each with a message a user can act on.

The CLI prints `str(error)` on one line and exits 2; the GUI shows it beside the field
named by `ValidationError.field` or in a dialog. Anything that is not a `NewsroomError`
is a bug and goes to the crash handler.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class NewsroomError(Exception):
    """Base class of every expected, user-facing problem."""


class DatabaseOpenError(NewsroomError):
    """The database can not be opened: missing folder, not SQLite, corrupt, read-only."""


class DatabaseCorruptError(DatabaseOpenError):
    """The database is damaged (SQLite: "database disk image is malformed", a failed
    quick_check; PostgreSQL: data or index corruption). Raised where it is found, at
    open or by any statement; the statement's transaction is rolled back."""


class SchemaTooNewError(DatabaseOpenError):
    """The database was written by a newer Newsroom than this one."""


class DatabaseBusyError(NewsroomError):
    """Another process kept the database for longer than this one could wait; nothing
    was changed and trying again later will work."""


class ValidationError(NewsroomError):
    """Bad input for one field; nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotFoundError(NewsroomError):
    """The thing asked for does not exist (any more)."""


class ConflictError(NewsroomError):
    """Another writer saved the story after this writer loaded it; nothing was written.

    `mine` holds the values this writer tried to save, so the editor's text is never
    lost; `theirs_version` is the version now in the database.
    """

    def __init__(
        self,
        article_id: int,
        expected_version: int,
        theirs_version: int | None,
        mine: Mapping[str, Any],
    ) -> None:
        if theirs_version is None:
            msg = f"story {article_id} was deleted by another writer since you opened it"
        else:
            msg = (
                f"story {article_id} was saved by another writer since you opened it "
                f"(you had version {expected_version}, it is now at version {theirs_version})"
            )
        super().__init__(msg)
        self.article_id = article_id
        self.expected_version = expected_version
        self.theirs_version = theirs_version
        self.mine = dict(mine)
