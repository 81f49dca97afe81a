"""Change stamps kept by the database (issue 18): every write to what the site is made
of moves the counter, a story's writes stamp the story, and a table rebuild that drops
the triggers is caught (`missing`) and repaired (`install`). On both backends."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from newsroom.core import changes, sections
from newsroom.core import settings as site_settings
from newsroom.core.articles import delete_article
from newsroom.core.db import Database
from newsroom.core.entities import create_entity


def _counter(db: Database) -> changes.Counter:
    with db.reading() as session:
        value = changes.counter(session)
    assert value is not None
    return value


def _since(db: Database, value: int) -> list[int]:
    with db.reading() as session:
        return changes.changed_since(session, value)


def test_a_database_at_head_has_every_trigger(db: Database) -> None:
    with db.reading() as session:
        assert changes.missing(session.connection()) == []


def test_a_save_stamps_the_story_and_nothing_else(db, add_story, edit_story) -> None:  # type: ignore[no-untyped-def]
    one = add_story("One")
    two = add_story("Two")
    start = _counter(db)
    edit_story(one, body="New text.")
    after = _counter(db)
    assert after.value > start.value and after.site_value == start.site_value
    assert _since(db, start.value) == [one.id]
    assert two.id not in _since(db, start.value)


def test_tags_and_links_stamp_their_story(db, add_story, edit_story) -> None:  # type: ignore[no-untyped-def]
    from newsroom.text.morenews import token

    target = add_story("Target")
    source = add_story("Source")
    with db.transaction() as session:
        person = create_entity(session, "person", "Amira al-Hassan").id
    start = _counter(db).value
    edit_story(source, body=token(target.uid), entity_ids=(person,))
    assert _since(db, start) == [source.id]


def test_what_every_page_shows_moves_the_site_counter(db: Database) -> None:
    start = _counter(db)
    with db.transaction() as session:
        current = site_settings.load(session)
        site_settings.save(session, replace(current, site_name="The Evening Courier"))
    named = _counter(db)
    assert named.site_value > start.site_value
    with db.transaction() as session:
        sections.create_section(session, "Sport")
    assert _counter(db).site_value > named.site_value


def test_a_deleted_story_is_stamped(db, add_story) -> None:  # type: ignore[no-untyped-def]
    gone = add_story("Gone")
    start = _counter(db).value
    with db.transaction() as session:
        delete_article(session, gone.id)
    assert _since(db, start) == [gone.id]


def test_a_table_rebuild_drops_the_triggers_and_install_puts_them_back(db: Database) -> None:
    """What a later migration that rebuilds `articles` does on SQLite (copy, drop,
    rename), and the one call that repairs it. Until then the stamps are not trusted."""
    with db.transaction() as session:
        conn = session.connection()
        if conn.dialect.name == "sqlite":
            conn.execute(text("CREATE TABLE articles_copy AS SELECT * FROM articles"))
            conn.execute(text("PRAGMA foreign_keys = OFF"))
            conn.execute(text("DROP TABLE articles"))
            conn.execute(text("ALTER TABLE articles_copy RENAME TO articles"))
        else:
            conn.execute(text("DROP TRIGGER newsroom_changes_articles ON articles"))
        assert "newsroom_changes_articles" in " ".join(changes.missing(conn))
        assert changes.counter(session) is None
        changes.install(conn)
        assert changes.missing(conn) == []
        assert changes.counter(session) is not None


@pytest.mark.parametrize("twice", [1, 2])
def test_install_is_idempotent_and_keeps_the_counter(db: Database, add_story, twice: int) -> None:  # type: ignore[no-untyped-def]
    add_story("One")
    before = _counter(db)
    with db.transaction() as session:
        for _ in range(twice):
            changes.install(session.connection())
    assert _counter(db) == before
