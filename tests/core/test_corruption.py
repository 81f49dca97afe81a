"""A damaged database is found and refused with one line (DatabaseCorruptError), never
written to: at open (quick_check when cheap), by whatever statement meets the damage,
by `Database.verify`, and always before an upgrade."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlite_damage import damage_pages

from newsroom.core import migrations, sqlite
from newsroom.core.articles import ArticleInput, create_article, update_article
from newsroom.core.db import corruption, create_engine_for, open_database, to_url
from newsroom.core.errors import DatabaseCorruptError
from newsroom.core.models import Article

FIRST = "0001"


def database_at_first_revision(path: Path) -> None:
    engine = create_engine_for(to_url(path))
    try:
        migrations.upgrade(engine, FIRST)
    finally:
        engine.dispose()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(db_path: Path) -> Path:
    """A Newsroom database with 40 long stories and pages in its middle overwritten."""
    db = open_database(db_path)
    with db.transaction() as session:
        for n in range(40):
            create_article(session, ArticleInput(headline=f"Story {n}", body="lorem " * 400))
    db.close()
    damage_pages(db_path)
    return db_path


def one_line(error: pytest.ExceptionInfo[DatabaseCorruptError], path: Path) -> str:
    message = str(error.value)
    assert "\n" not in message and str(path) in message and "damaged" in message
    return message


@pytest.mark.sqlite_only
def test_a_damaged_file_is_refused_at_open_and_left_as_it_was(damaged):
    before = digest(damaged)
    with pytest.raises(DatabaseCorruptError) as caught:
        open_database(damaged)
    one_line(caught, damaged)
    assert digest(damaged) == before


@pytest.mark.sqlite_only
def test_past_the_cheap_check_the_statement_that_meets_the_damage_says_so(damaged, monkeypatch):
    monkeypatch.setattr(sqlite, "QUICK_CHECK_MAX_BYTES", 0)
    before = digest(damaged)
    db = open_database(damaged)  # too big to check at open (as far as it knows)
    try:
        with pytest.raises(DatabaseCorruptError) as caught, db.reading() as session:
            list(session.scalars(select(Article.body)))
        one_line(caught, damaged)
        with pytest.raises(DatabaseCorruptError), db.transaction() as session:
            for record in range(1, 41):
                update_article(session, record, 1, ArticleInput(headline=f"Edited {record}"))
        with pytest.raises(DatabaseCorruptError) as caught:
            db.verify()
        one_line(caught, damaged)
    finally:
        db.close()
    assert digest(damaged) == before


@pytest.mark.sqlite_only
def test_a_damaged_file_is_never_upgraded_or_backed_up(db_path, monkeypatch):
    database_at_first_revision(db_path)
    conn = sqlite3.connect(db_path)
    with conn:  # room for damage in the middle, at the old schema
        conn.executemany(
            "INSERT INTO articles (uid, headline, slug, standfirst, body, byline, dateline,"
            " status, created_at, updated_at, version)"
            " VALUES (?, 'x', ?, '', ?, '', '', 'draft', '2020-01-01', '2020-01-01', 1)",
            [(f"uid-{n}", f"story-{n}", "lorem " * 400) for n in range(40)],
        )
    conn.close()
    damage_pages(db_path)
    before = digest(db_path)
    monkeypatch.setattr(sqlite, "QUICK_CHECK_MAX_BYTES", 0)  # only the upgrade's check
    with pytest.raises(DatabaseCorruptError) as caught:
        open_database(db_path)
    one_line(caught, db_path)
    assert digest(db_path) == before
    assert [p.name for p in db_path.parent.iterdir() if ".backup-" in p.name] == []
    read = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    assert read.execute("SELECT version_num FROM alembic_version").fetchall() == [(FIRST,)]
    read.close()
    assert migrations.head_revision() != FIRST


def test_the_server_reporting_damaged_data_is_the_same_typed_error(db, backend):
    """PostgreSQL: SQLSTATE XX001/XX002 (raised here on purpose through the real driver);
    SQLite: the driver's SQLITE_CORRUPT, as a bare driver error from a raw connection."""
    if backend == "postgresql":
        with pytest.raises(DatabaseCorruptError) as caught, db.transaction() as session:
            session.execute(
                text(
                    "DO $$ BEGIN RAISE EXCEPTION 'invalid page in block 7 of relation "
                    "base/1/2' USING ERRCODE = 'XX001'; END $$"
                )
            )
        assert "invalid page in block 7" in str(caught.value)
        assert "\n" not in str(caught.value)
        with db.reading() as session:  # the session and the server are fine afterwards
            assert session.scalar(text("SELECT 1")) == 1
        return
    raw = sqlite3.DatabaseError("database disk image is malformed")
    raw.sqlite_errorcode = 11  # type: ignore[attr-defined]
    found = corruption(raw, db.url)
    assert isinstance(found, DatabaseCorruptError) and db.display_name in str(found)
    wrapped = DBAPIError("SELECT 1", {}, raw)
    assert isinstance(corruption(wrapped, db.url), DatabaseCorruptError)
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = 5  # type: ignore[attr-defined]
    assert corruption(locked, db.url) is None
    assert corruption(ValueError("x"), to_url("/tmp/x.db")) is None
