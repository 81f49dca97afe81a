"""Fixtures for the import tests: databases on both backends (helpers shared by the
tests live in `newsrooms.py`).

Tests that take `db` run on SQLite and on PostgreSQL (a throw-away server from
tests/postgres_server.py, skipped with the reason where it can not start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from postgres_server import pg_server, pg_template, pg_url  # noqa: F401  (fixtures)

from newsroom.core.db import Database, open_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated, empty database on each backend."""
    if request.param == "postgresql":
        location: str | Path = str(request.getfixturevalue("pg_url"))
    else:
        location = tmp_path / "import.db"
    database = open_database(location)
    yield database
    database.close()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "only-sqlite.db")
    yield database
    database.close()


@pytest.fixture
def open_db(tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """`open_db("name")`: another empty SQLite database, closed after the test."""
    opened: list[Database] = []

    def make(name: str) -> Database:
        database = open_database(tmp_path / f"{name}.db")
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.close()
