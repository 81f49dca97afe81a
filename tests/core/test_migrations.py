"""Upgrading an older database: backup first, then migrate, existing stories searchable."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import column, insert, select, table
from sqlalchemy.orm import Session

from newsroom.core import leases, migrations, pending
from newsroom.core.articles import ArticleInput, create_article, load_article
from newsroom.core.db import create_engine_for, open_database, to_url
from newsroom.core.models import Article, ArticleLease, Revision
from newsroom.core.revisions import load_revision
from newsroom.core.search import search
from newsroom.paths import migrations_dir
from newsroom.text.morenews import pending_token

FIRST = "0001"


def database_at_first_revision(path: Path) -> int:
    """A database at the first schema holding one story; returns the story's id."""
    engine = create_engine_for(to_url(path))
    try:
        migrations.upgrade(engine, FIRST)
        assert migrations.current_revision(engine) == FIRST
        with Session(engine) as session, session.begin():
            story = Article(
                headline="Harbour reopens after storm",
                slug="harbour-reopens-after-storm",
                standfirst="Fishing fleet returns",
                body="The lighthouse keeper watched the boats come in.\n",
                byline="",
                dateline="",
                status="published",
                published_at=datetime(2020, 3, 1, 8, 0, tzinfo=UTC),
            )
            session.add(story)
            session.flush()
            story_id = story.id
    finally:
        engine.dispose()
    return story_id


def read_file_db(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)  # as_uri escapes "#", "?", "%"
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def upgraded(db_path):
    story_id = database_at_first_revision(db_path)
    db = open_database(db_path)
    yield db, story_id
    db.close()


def test_an_old_database_is_upgraded_to_head(upgraded):
    db, story_id = upgraded

    assert migrations.current_revision(db.engine) == migrations.head_revision()
    with db.reading() as session:
        story = load_article(session, story_id)
    assert story.headline == "Harbour reopens after storm"
    assert story.published_at == datetime(2020, 3, 1, 8, 0, tzinfo=UTC)


def test_the_upgrade_writes_a_backup_at_the_old_revision_beside_the_file(upgraded, db_path):
    db, _ = upgraded
    backup = db.backup_path

    assert backup is not None and backup.is_file()
    assert backup.parent == db_path.parent
    assert backup.name.startswith(f"{db_path.name}.backup-{FIRST}-")
    assert read_file_db(backup, "SELECT version_num FROM alembic_version") == [(FIRST,)]
    assert read_file_db(backup, "SELECT headline FROM articles") == [
        ("Harbour reopens after storm",)
    ]
    tables = {r[0] for r in read_file_db(backup, "SELECT name FROM sqlite_master")}
    assert "article_fts" not in tables


@pytest.mark.parametrize("query", ["harbour", "fishing fleet", "lighthouse", "boa"])
def test_stories_written_before_the_upgrade_are_searchable(upgraded, query):
    db, story_id = upgraded

    with db.reading() as session:
        hits = search(session, query)

    assert [hit.id for hit in hits] == [story_id]


def test_opening_an_up_to_date_database_writes_no_backup(db_path):
    open_database(db_path).close()

    db = open_database(db_path)
    db.close()

    assert db.backup_path is None
    assert [p.name for p in db_path.parent.iterdir() if ".backup-" in p.name] == []


def test_the_backup_holds_the_stories_when_the_folder_name_has_a_hash(tmp_path):
    folder = tmp_path / "C# desk"
    folder.mkdir()
    path = folder / "newsroom.db"
    database_at_first_revision(path)

    db = open_database(path)
    db.close()

    assert db.backup_path is not None
    assert read_file_db(db.backup_path, "SELECT count(*) FROM articles") == [(1,)]


def test_the_migrations_folder_is_found_and_holds_the_head_revision():
    folder = migrations_dir()

    assert (folder / "env.py").is_file()
    assert migrations.alembic_config().get_main_option("script_location") == str(folder)
    scripts = [p.name for p in (folder / "versions").glob("*.py")]
    assert any(name.startswith(f"{FIRST}_") for name in scripts)
    assert any(name.startswith(f"{migrations.head_revision()}_") for name in scripts)


@pytest.fixture
def empty_location(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator[str]:
    """A database with no schema at all on this test's backend."""
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        name = server.create_database()
        yield server.url_string(name)
        server.drop_database(name)
    else:
        yield str(db_path)


def test_a_lease_taken_before_hosts_were_recorded_survives_and_only_lapses(empty_location):
    """0005 adds the holder's host and pid; an older lease has neither and is not
    mistaken for a crashed session of this machine."""
    taken = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    engine = create_engine_for(to_url(empty_location))
    try:
        migrations.upgrade(engine, "0004")
        with Session(engine) as session, session.begin():
            story = Article(headline="Talks", slug="talks")
            session.add(story)
            session.flush()
            old_leases = table(
                "article_leases",
                column("article_id"),
                column("holder"),
                column("client_id"),
                column("expires_at"),
            )
            session.execute(
                insert(old_leases).values(
                    article_id=story.id,
                    holder="Ana",
                    client_id="old-client",
                    expires_at=taken + timedelta(seconds=90),
                )
            )
            story_id = story.id

        migrations.upgrade(engine)

        with Session(engine) as session, session.begin():
            row = session.get(ArticleLease, story_id)
            assert row is not None and (row.host, row.pid) == ("", None)
            other = leases.acquire(session, story_id, "Ben", "new-client", now=taken)
            assert other is not None and other.client_id == "old-client"
            later = taken + timedelta(seconds=91)
            assert leases.acquire(session, story_id, "Ben", "new-client", now=later) is None
    finally:
        engine.dispose()


def test_0007_adds_old_entity_slugs_as_the_model_has_them(empty_location):
    """0007 creates `entity_old_slugs` (the addresses renamed entities leave behind) with
    what the model declares, and keeps existing entities as they were."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from newsroom.core.entities import load_entity, update_entity
    from newsroom.core.entity_slugs import old_slugs
    from newsroom.core.models import Entity, metadata

    engine = create_engine_for(to_url(empty_location))
    try:
        migrations.upgrade(engine, "0005")
        with Session(engine) as session, session.begin():
            old = table(
                "entities",
                *(column(c) for c in ("uid", "kind", "name", "slug", "description")),
            )
            session.execute(
                insert(old).values(
                    uid="u-1", kind="person", name="Assad", slug="assad", description=""
                )
            )

        migrations.upgrade(engine)

        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        assert [d for d in diffs if "entity_old_slugs" in repr(d)] == []
        with Session(engine) as session, session.begin():
            assad = session.scalars(select(Entity.id)).one()
            assert update_entity(session, assad, name="Bashar al-Assad").slug == "bashar-al-assad"
        with Session(engine) as session:
            assert old_slugs(session) == {"assad": assad}
            assert load_entity(session, assad).name == "Bashar al-Assad"
    finally:
        engine.dispose()


def test_stories_from_before_pending_lines_count_when_one_arrives(empty_location):
    """0006 keeps every story's headline in matching form: an older story is found by a
    pending line, and makes a second story with its headline ambiguous."""
    engine = create_engine_for(to_url(empty_location))
    try:
        migrations.upgrade(engine, "0005")
        with Session(engine) as session, session.begin():
            session.add(Article(headline="Talks “resume”", slug="talks-resume"))
            session.add(Article(headline="Harbour reopens after storm", slug="harbour"))

        migrations.upgrade(engine)

        with Session(engine) as session, session.begin():
            found = pending.the_one(session, "Harbour reopens…")
            assert found is not None and found[1] == "Harbour reopens after storm"
            source = create_article(
                session, ArticleInput(headline="Source", body=pending_token("Talks resume"))
            )
            create_article(session, ArticleInput(headline="Talks resume"))  # a second one
            assert load_article(session, source.id).version == 1  # so neither is linked
    finally:
        engine.dispose()


def test_a_revision_saved_before_tags_were_recorded_says_so(empty_location):
    """0008 adds the tags' names to revisions; an older revision has none recorded
    (None), which History says rather than showing an empty tag list."""
    engine = create_engine_for(to_url(empty_location))
    try:
        migrations.upgrade(engine, "0005")
        with Session(engine) as session, session.begin():
            story = Article(headline="Talks", slug="talks")
            session.add(story)
            session.flush()
            old_revisions = table(
                "revisions",
                *(
                    column(name)
                    for name in (
                        "article_id", "version", "saved_at", "saved_by", "note", "headline",
                        "slug", "standfirst", "body", "byline", "dateline", "status",
                    )
                ),
            )  # fmt: skip
            session.execute(
                insert(old_revisions).values(
                    article_id=story.id, version=1, saved_at=datetime(2026, 12, 1, tzinfo=UTC),
                    saved_by="Ana", note="created", headline="Talks", slug="talks",
                    standfirst="", body="Body.", byline="", dateline="", status="draft",
                )
            )  # fmt: skip
        migrations.upgrade(engine)
        with Session(engine) as session:
            (revision_id,) = session.scalars(select(Revision.id))
            record = load_revision(session, revision_id)
        assert record.content.headline == "Talks"
        assert record.tags is None
    finally:
        engine.dispose()


def test_the_cheap_head_is_alembics_head():
    """`open_database` skips loading Alembic when the schema is at the newest migration
    file's revision (issue 18, start-up); that must be the head Alembic would upgrade to."""
    from newsroom.core.db import newest_revision

    assert newest_revision() == migrations.head_revision()


def test_export_start_up_loads_no_alembic_qt_or_importers(tmp_path):
    """Issue 18: `newsroom export` of a database at head imports only what exporting
    needs."""
    import subprocess
    import sys

    db = tmp_path / "news.db"
    open_database(db).close()
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['newsroom', 'export', '--db', sys.argv[1], '--out', sys.argv[2]]\n"
        "try:\n"
        "    runpy.run_module('newsroom', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'PySide6')\n"
        "             or m.startswith(('newsroom.importing', 'newsroom.ui')))\n"
        "print(bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(db), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
