"""A database that stops taking writes stops the import with one reason (issue 12,
item 13): files committed before stay, the rest are counted, not listed one by one."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from newsroom.core.db import Database
from newsroom.core.models import Article
from newsroom.importing.faults import is_disk_full, is_retryable, stop_reason
from newsroom.importing.service import import_paths


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:02d}.md").write_text(
            f"---\ntitle: Story {n}\ntags: [Tag {n}]\n---\n" + "Words of a story. " * 300
        )
    return folder


@pytest.mark.parametrize("group_seconds", [0, 0.25])
def test_a_full_disk_stops_the_import_and_keeps_what_was_committed(
    sqlite_db: Database, tmp_path: Path, group_seconds: float
) -> None:
    folder = _folder(tmp_path, 60)
    with sqlite_db.reading() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
    limit = [pages + 40]

    @event.listens_for(sqlite_db.engine, "connect")
    def _small_disk(connection, _record) -> None:  # type: ignore[no-untyped-def]
        connection.execute(f"PRAGMA max_page_count = {limit[0]}")

    report = import_paths(sqlite_db, [folder], group_seconds=group_seconds)
    assert report.stopped == "the disk is full (database or disk is full)"
    assert report.failed == 0 and 0 < report.imported < 60
    assert report.imported + report.not_written == 60
    assert f"stopped: the disk is full (database or disk is full); {report.not_written}" in (
        report.summary()
    )
    with sqlite_db.reading() as session:
        assert session.scalar(select(func.count(Article.id))) == report.imported

    limit[0] = 1_000_000  # space again: importing again skips what went in
    again = import_paths(sqlite_db, [folder])
    assert (again.skipped, again.imported, again.stopped) == (
        report.imported,
        60 - report.imported,
        None,
    )


def _wrapped(orig: BaseException) -> OperationalError:
    return OperationalError("INSERT ...", {}, orig)  # type: ignore[arg-type]


def test_a_full_disk_is_recognised_on_each_backend() -> None:
    sqlite_full = sqlite3.OperationalError("database or disk is full")
    assert is_disk_full(_wrapped(sqlite_full))
    pg_full = psycopg.errors.DiskFull("could not extend file: No space left on device")
    assert is_disk_full(_wrapped(pg_full))
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(_wrapped(sqlite3.OperationalError("no such table: x")))
    try:  # what SQLite gives after it rolled back the transaction for a full disk
        try:
            raise _wrapped(sqlite_full)
        except OperationalError:
            raise _wrapped(sqlite3.OperationalError("no such savepoint: sa_savepoint_3"))  # noqa: B904
    except OperationalError as exc:
        assert stop_reason(exc) == "the disk is full (database or disk is full)"


def test_a_deadlock_is_worth_another_try_and_a_constraint_is_not() -> None:
    assert is_retryable(_wrapped(psycopg.errors.DeadlockDetected("deadlock detected")))
    assert is_retryable(_wrapped(psycopg.errors.SerializationFailure("could not serialize")))
    assert not is_retryable(_wrapped(psycopg.errors.UniqueViolation("duplicate key")))
    assert not is_retryable(_wrapped(sqlite3.OperationalError("database is locked")))
