"""Upgrading an older PostgreSQL database: pg_dump first (or refuse), then migrate.

The decision these tests pin down: an older schema on a server is backed up with
pg_dump into the user data folder before it is upgraded; without a working pg_dump the
upgrade is refused and nothing changes, unless the user says the backup was made
($NEWSROOM_UPGRADE_WITHOUT_BACKUP=1).
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from postgres_server import PostgresServer
from sqlalchemy.orm import Session

from newsroom.core import migrations, postgres
from newsroom.core.articles import load_article
from newsroom.core.db import create_engine_for, open_database, to_url
from newsroom.core.errors import DatabaseOpenError
from newsroom.core.models import Article
from newsroom.core.search import search

FIRST = "0001"


@pytest.fixture
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user data folder, moved into the test's temporary folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(migrations.NO_BACKUP_ENV, raising=False)
    return tmp_path / "data" / "newsroom"


@pytest.fixture
def old_url(pg_server: PostgresServer) -> Iterator[str]:
    """A database at the first schema holding one published story."""
    name = pg_server.create_database()
    url = pg_server.url_string(name)
    engine = create_engine_for(to_url(url))
    try:
        migrations.upgrade(engine, FIRST)
        with Session(engine) as session, session.begin():
            session.add(
                Article(
                    headline="Harbour reopens after storm",
                    slug="harbour-reopens-after-storm",
                    standfirst="Fishing fleet returns to Zürich",
                    body="The lighthouse keeper watched the boats come in.\n",
                    byline="",
                    dateline="",
                    status="published",
                    published_at=datetime(2020, 3, 1, 8, 0, tzinfo=UTC),
                )
            )
    finally:
        engine.dispose()
    yield url
    pg_server.drop_database(name)


def revision_of(url: str) -> str | None:
    engine = create_engine_for(to_url(url))
    try:
        return migrations.current_revision(engine)
    finally:
        engine.dispose()


def test_an_old_database_is_dumped_then_upgraded(old_url, user_data, pg_server):
    db = open_database(old_url)
    try:
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        with db.reading() as session:
            [hit] = search(session, "zurich fleet")
            assert load_article(session, hit.id).headline == "Harbour reopens after storm"
    finally:
        db.close()

    backup = db.backup_path
    assert backup is not None and backup.is_file()
    assert backup.parent == user_data / "backups"
    assert f".backup-{FIRST}-" in backup.name and backup.suffix == ".dump"
    assert pg_server.password not in backup.name
    # The dump is at the old revision and holds the story: restore it and look.
    restored = pg_server.create_database()
    try:
        tool = postgres.find_tool("pg_restore")
        assert tool is not None
        subprocess.run(
            [str(tool), "--no-owner", f"--dbname={to_libpq(pg_server, restored)}", str(backup)],
            env={"PGPASSWORD": pg_server.password},
            check=True,
            capture_output=True,
        )
        assert revision_of(pg_server.url_string(restored)) == FIRST
    finally:
        pg_server.drop_database(restored)


def to_libpq(server: PostgresServer, database: str) -> str:
    return f"postgresql://{server.user}@{server.host}:{server.port}/{database}"


@pytest.mark.parametrize("query", ["harbour", "fishing fleet", "lighthouse", "boa", "ZURICH"])
def test_stories_written_before_the_upgrade_are_searchable(old_url, user_data, query):
    db = open_database(old_url)
    try:
        with db.reading() as session:
            assert [h.headline for h in search(session, query)] == ["Harbour reopens after storm"]
    finally:
        db.close()


def test_without_pg_dump_the_upgrade_is_refused_and_nothing_changes(
    old_url, user_data, monkeypatch
):
    monkeypatch.setattr(postgres, "find_tool", lambda name: None)

    with pytest.raises(DatabaseOpenError) as caught:
        open_database(old_url)

    message = str(caught.value)
    assert "\n" not in message
    assert "pg_dump is not installed" in message
    assert migrations.NO_BACKUP_ENV in message
    assert revision_of(old_url) == FIRST
    assert not (user_data / "backups").exists() or not any((user_data / "backups").iterdir())


def test_a_failing_pg_dump_refuses_the_upgrade_and_leaves_no_partial_file(
    old_url, user_data, monkeypatch, tmp_path
):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump: error: server version mismatch' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(postgres, "find_tool", lambda name: fake)

    with pytest.raises(DatabaseOpenError, match="server version mismatch"):
        open_database(old_url)

    assert revision_of(old_url) == FIRST
    assert list((user_data / "backups").iterdir()) == []


def test_the_user_may_upgrade_without_a_backup_after_making_one(old_url, user_data, monkeypatch):
    monkeypatch.setattr(postgres, "find_tool", lambda name: None)
    monkeypatch.setenv(migrations.NO_BACKUP_ENV, "1")

    db = open_database(old_url)
    db.close()

    assert db.backup_path is None
    assert revision_of(old_url) == migrations.head_revision()


def test_two_clients_upgrading_at_once_migrate_once(old_url, user_data):
    results: list[object] = []

    def open_it() -> None:
        try:
            db = open_database(old_url)
            results.append(db.backup_path)
            db.close()
        except Exception as exc:  # the assertion below shows it
            results.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert not any(isinstance(r, Exception) for r in results), results
    assert len([r for r in results if r is not None]) == 1  # one backup, one upgrade
    assert revision_of(old_url) == migrations.head_revision()


def test_the_search_migration_downgrades_and_upgrades_again(pg_url):
    engine = create_engine_for(to_url(pg_url))
    try:
        with engine.connect() as conn:
            assert postgres.has_search(conn)
        cfg = migrations.alembic_config()
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")
            conn.commit()
        with engine.connect() as conn:
            assert not postgres.has_search(conn)
        migrations.upgrade(engine)
        with engine.connect() as conn:
            assert postgres.has_search(conn)
    finally:
        engine.dispose()
