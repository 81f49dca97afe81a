"""Fixtures for the storage-core tests: one database per test, on both backends.

Every test here that uses `db` (directly or through `add_story` and friends) runs twice,
as `test_x[sqlite]` and `test_x[postgresql]`: `backend` is parametrised by
`pytest_generate_tests` below. A test about SQLite files (bad files, backups, pragmas)
is marked `@pytest.mark.sqlite_only` and runs once, on SQLite.

PostgreSQL comes from tests/postgres_server.py: a throw-away server started once per
test run, and a fresh database per test copied from a migrated template. Where
PostgreSQL can not be started those tests are skipped with the reason. Tests elsewhere
(export, import) get the same fixtures by importing them into their conftest:

    from postgres_server import pg_server, pg_template, pg_url  # noqa: F401

and then `open_database(pg_url)` (a URL string; each test gets its own database).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from postgres_server import pg_server, pg_template, pg_url  # noqa: F401  (fixtures)

from newsroom.core.articles import (
    ArticleInput,
    ArticleRecord,
    create_article,
    load_article,
    update_article,
    with_changes,
)
from newsroom.core.db import Database, open_database

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a test about SQLite files or pragmas; not run on PostgreSQL"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that needs a database on each backend."""
    if "backend" in metafunc.fixturenames and not metafunc.definition.get_closest_marker(
        "sqlite_only"
    ):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which backend this test runs on: "sqlite" or "postgresql"."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def db_location(request: pytest.FixtureRequest, backend: str, db_path: Path) -> str:
    """What `--db` would say for this test's database: a file path or a server URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(db_path)


@pytest.fixture
def db(db_location: str) -> Iterator[Database]:
    """A fresh, migrated, empty database on this test's backend."""
    database = open_database(db_location)
    yield database
    database.close()


@pytest.fixture
def second_db(db: Database, db_location: str) -> Iterator[Database]:
    """The same database opened again: another editor's connections and sessions."""
    database = open_database(db_location)
    yield database
    database.close()


@pytest.fixture
def add_story(db: Database) -> Callable[..., ArticleRecord]:
    """`add_story("Headline", body=..., author=...)`: create and commit one story."""

    def add(headline: str = "A story", *, author: str = "", **fields: Any) -> ArticleRecord:
        with db.transaction() as session:
            return create_article(session, ArticleInput(headline=headline, **fields), author=author)

    return add


@pytest.fixture
def edit_story(db: Database) -> Callable[..., ArticleRecord]:
    """`edit_story(record, body=...)`: save changes over the version `record` was loaded at."""

    def edit(record: ArticleRecord, *, author: str = "", note: str = "", **changes: Any):
        with db.transaction() as session:
            return update_article(
                session,
                record.id,
                record.version,
                with_changes(record, **changes),
                author=author,
                note=note,
            )

    return edit


@pytest.fixture
def reload(db: Database) -> Callable[[int], ArticleRecord]:
    """`reload(article_id)`: the story as it is in the database now."""

    def load(article_id: int) -> ArticleRecord:
        with db.reading() as session:
            return load_article(session, article_id)

    return load
