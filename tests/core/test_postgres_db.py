"""Opening PostgreSQL databases: new ones at head, UTC sessions, one-line refusals.

The twin of test_db.py for a server: instead of bad files, bad servers, logins and
database names. Each message must be one line and must never show the password.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from postgres_server import PostgresServer
from sqlalchemy import inspect, make_url, text

from newsroom.core import migrations
from newsroom.core.articles import ArticleInput, create_article
from newsroom.core.db import Database, open_database, to_url
from newsroom.core.errors import DatabaseOpenError, SchemaTooNewError
from newsroom.core.generate import generate
from newsroom.core.search import search


@pytest.fixture
def empty_url(pg_server: PostgresServer) -> Iterator[str]:
    """A new database on the server with nothing in it (not even a schema)."""
    name = pg_server.create_database()
    yield pg_server.url_string(name)
    pg_server.drop_database(name)


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    yield database
    database.close()


def refuse(location: str, error: type[DatabaseOpenError] = DatabaseOpenError) -> str:
    with pytest.raises(error) as caught:
        open_database(location)
    message = str(caught.value)
    assert message and "\n" not in message
    return message


def test_a_new_database_is_created_at_the_newest_schema(empty_url):
    db = open_database(empty_url)
    try:
        assert db.dialect == "postgresql"
        assert db.backup_path is None
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        with db.reading() as session:
            columns = {c["name"] for c in inspect(session.connection()).get_columns("articles")}
            indexes = {i["name"] for i in inspect(session.connection()).get_indexes("articles")}
        assert "search_vector" in columns
        assert "ix_articles_search_vector" in indexes
    finally:
        db.close()


def test_the_display_name_hides_the_password(pg_db, pg_server):
    assert pg_server.password not in pg_db.display_name
    assert pg_db.display_name.startswith("postgresql+psycopg://newsroom:***@127.0.0.1:")


def test_sessions_stay_in_utc_even_after_a_rollback(pg_url, pg_server):
    # The time zone is set when a connection is made; it must survive the rollback
    # that ends every read-only session (an uncommitted SET would be undone), also on
    # a server whose own default is not UTC.
    name = make_url(pg_url).database
    pg_server.execute(f"ALTER DATABASE \"{name}\" SET timezone TO 'Europe/Paris'")
    db = open_database(pg_url)
    try:
        for _ in range(3):
            with db.reading() as session:
                assert session.execute(text("SHOW TIME ZONE")).scalar() == "UTC"
        with db.transaction() as session:
            assert session.execute(text("SHOW TIME ZONE")).scalar() == "UTC"
    finally:
        db.close()


def _with(url: str, **changes: object) -> str:
    return make_url(url).set(**changes).render_as_string(hide_password=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"password": "not-the-password"}, "password authentication failed"),
        ({"database": "no_such_newsroom"}, 'database "no_such_newsroom" does not exist'),
        ({"port": 1}, "Connection refused"),
        ({"host": "no-such-host.invalid"}, "no-such-host.invalid"),
        ({"username": "nobody_here"}, "password authentication failed"),
    ],
    ids=["bad-password", "missing-database", "nothing-listening", "unknown-host", "bad-user"],
)
def test_a_server_that_can_not_be_used_is_refused_in_one_line_without_the_password(
    pg_url, changes, words
):
    url = _with(pg_url, **changes)
    password = make_url(url).password

    message = refuse(url)

    assert words in message
    assert message.startswith("cannot open postgresql+psycopg://")
    assert str(password) not in message


def test_a_postgresql_database_of_another_program_is_refused_and_left_alone(empty_url, pg_server):
    db = open_database(empty_url, migrate=False)
    with db.transaction() as session:
        session.execute(text("CREATE TABLE recipes (id serial PRIMARY KEY, name text)"))
    db.close()

    assert "not a Newsroom database" in refuse(empty_url)

    db = open_database(empty_url, migrate=False)
    with db.reading() as session:
        assert inspect(session.connection()).get_table_names() == ["recipes"]
    db.close()


def test_a_database_from_a_newer_newsroom_is_refused(pg_url):
    db = open_database(pg_url)
    with db.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()

    message = refuse(pg_url, SchemaTooNewError)

    assert "9999" in message and "newer" in message


def test_an_unknown_driver_is_refused_in_one_line(pg_url):
    url = _with(pg_url, drivername="postgresql+nosuchdriver")

    assert "driver" in refuse(url)


def test_a_generated_archive_takes_new_stories_afterwards(pg_db):
    """Bulk inserts with explicit ids must leave the id sequences past them."""
    result = generate(pg_db, articles=30, seed=7)

    with pg_db.transaction() as session:
        story = create_article(session, ArticleInput(headline="Written after generating"))
    assert story.id == result.articles + 1
    with pg_db.reading() as session:
        assert [h.id for h in search(session, "written after")] == [story.id]


def test_resetting_id_sequences_takes_only_our_table_names(pg_db):
    """The names are looked up in our metadata, never formatted into SQL."""
    from newsroom.core.postgres import reset_id_sequences

    with pg_db.transaction() as session:
        with pytest.raises(ValueError, match="not a Newsroom table"):
            reset_id_sequences(session, ["articles; DROP TABLE articles"])
        reset_id_sequences(session, ["articles"])
    with pg_db.reading() as session:
        assert session.execute(text("SELECT count(*) FROM articles")).scalar_one() == 0


def test_a_plain_postgresql_url_uses_the_psycopg_driver(pg_url):
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")

    assert to_url(plain).drivername == "postgresql+psycopg"
    db = open_database(plain)
    db.close()
