"""Change stamps kept by the database, so an export reads only what changed.

Every write to a table the site is made of bumps one counter (`change_counter.value`);
a write that touches a story (its row, its tags, its More-news links) also records the
counter's new value against that story in `story_changes`. A write to a table every
page depends on (settings, sections, entities and their old slugs) records the value
in `change_counter.site_value` too. So an export that remembers the counter it saw
asks one question to learn whether anything changed, and one indexed query to learn
which stories did.

Why triggers and not the service layer: everything that writes (services, importers,
a migration, a hand-run UPDATE) goes through the database, so no writer can forget.
They are installed by `install()`, the one function that knows them; migration 0009
calls it. A later migration that rebuilds one of these tables on SQLite
(`batch_alter_table` copies the table and drops the old one, triggers with it) must
call `install()` again at its end: `missing()` lists what is absent, and the test
suite checks that a database at head has every trigger. An export that finds one
missing does not trust the stamps (it falls back to reading everything).

On PostgreSQL the counter row is locked by the UPDATE until the writer commits, so
stamps are handed out in commit order: a reader that saw value N has seen every
change stamped N or less.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from newsroom.core.models import metadata

change_counter = Table(
    "change_counter",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", BigInteger, nullable=False),
    Column("site_value", BigInteger, nullable=False),
)

story_changes = Table(
    "story_changes",
    metadata,
    # No foreign key: a deleted story's stamp is how an export learns it is gone.
    Column("article_id", Integer, primary_key=True),
    Column("stamp", BigInteger, nullable=False, index=True),
)

rendered_bodies = Table(
    "rendered_bodies",
    metadata,
    # One row a story: the sanitised HTML of its body as last rendered, and the key it
    # was rendered under (see `newsroom.publish.bodies`); a new render replaces it.
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(64), nullable=False),
    Column("html", Text, nullable=False),
    Column("missing", Text, nullable=False),  # More-news uids left out, space-separated
)

# Tables whose rows belong to one story: (table, the column naming the story).
STORY_TABLES = (
    ("articles", "id"),
    ("article_entities", "article_id"),
    ("more_news_links", "source_id"),
)
# Tables every page may show (menus, tag pages, redirects, the site's name).
SITE_TABLES = ("settings", "sections", "entities", "entity_old_slugs")
# Tables later migrations add, every page's business too as far as the stamps go: a
# changed picture (its file, its text, a story's lead image or the images a body
# shows) makes the next export a full one, which writes and removes image files
# (`publish.images`). Their triggers are made once the table exists: the migration
# creating one calls `install()` again.
LATER_SITE_TABLES = ("media", "article_lead_images", "article_media")
_OPS = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE"}


def _site_tables(present: Collection[str]) -> list[str]:
    return [*SITE_TABLES, *(t for t in LATER_SITE_TABLES if t in present)]


def _present(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


def trigger_names(dialect: str, present: Collection[str] = ()) -> list[str]:
    """The names of the triggers `install` creates on `dialect` (those of
    `LATER_SITE_TABLES` for the tables in `present`)."""
    tables = [t for t, _ in STORY_TABLES] + _site_tables(present)
    if dialect == "postgresql":
        return [f"newsroom_changes_{t}" for t in tables]
    return [f"newsroom_changes_{t}_{op}" for t in tables for op in _OPS]


def _sqlite_ddl(present: Collection[str]) -> list[str]:
    bump = "UPDATE change_counter SET value = value + 1 WHERE id = 1;"
    stamp = (
        "INSERT INTO story_changes (article_id, stamp) VALUES ({row}.{col}, "
        "(SELECT value FROM change_counter WHERE id = 1)) "
        "ON CONFLICT (article_id) DO UPDATE SET stamp = excluded.stamp;"
    )
    ddl = []
    for table, col in STORY_TABLES:
        for op, verb in _OPS.items():
            rows = {"ins": ["NEW"], "del": ["OLD"], "upd": ["OLD", "NEW"]}[op]
            body = bump + "".join(stamp.format(row=r, col=col) for r in rows)
            ddl.append(
                f"CREATE TRIGGER newsroom_changes_{table}_{op} AFTER {verb} ON {table} "
                f"FOR EACH ROW BEGIN {body} END"
            )
    for table in _site_tables(present):
        for op, verb in _OPS.items():
            ddl.append(
                f"CREATE TRIGGER newsroom_changes_{table}_{op} AFTER {verb} ON {table} "
                "FOR EACH ROW BEGIN UPDATE change_counter SET value = value + 1, "
                "site_value = value + 1 WHERE id = 1; END"
            )
    return ddl


_PG_STORY_FUNCTION = """
CREATE OR REPLACE FUNCTION newsroom_story_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    stamp bigint;
BEGIN
    UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value INTO stamp;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO story_changes (article_id, stamp)
        VALUES ((to_jsonb(OLD) ->> TG_ARGV[0])::integer, stamp)
        ON CONFLICT (article_id) DO UPDATE SET stamp = excluded.stamp;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO story_changes (article_id, stamp)
        VALUES ((to_jsonb(NEW) ->> TG_ARGV[0])::integer, stamp)
        ON CONFLICT (article_id) DO UPDATE SET stamp = excluded.stamp;
    END IF;
    RETURN NULL;
END $$
"""

_PG_SITE_FUNCTION = """
CREATE OR REPLACE FUNCTION newsroom_site_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counter SET value = value + 1, site_value = value + 1 WHERE id = 1;
    RETURN NULL;
END $$
"""


def _postgres_ddl(present: Collection[str]) -> list[str]:
    ddl = [_PG_STORY_FUNCTION, _PG_SITE_FUNCTION]
    for table, col in STORY_TABLES:
        ddl.append(
            f"CREATE TRIGGER newsroom_changes_{table} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION newsroom_story_changed('{col}')"
        )
    for table in _site_tables(present):
        ddl.append(
            f"CREATE TRIGGER newsroom_changes_{table} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION newsroom_site_changed()"
        )
    return ddl


def install(conn: Connection) -> None:
    """(Re)create every change trigger and the counter row; idempotent. Call it at the
    end of any migration that rebuilds a table listed above."""
    dialect = conn.dialect.name
    present = _present(conn)
    for name in trigger_names(dialect, present):
        if dialect == "postgresql":
            table = name.removeprefix("newsroom_changes_")
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
        else:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    ddl = _postgres_ddl(present) if dialect == "postgresql" else _sqlite_ddl(present)
    for statement in ddl:
        conn.execute(text(statement))
    if conn.execute(select(change_counter.c.id)).first() is None:
        conn.execute(change_counter.insert().values(id=1, value=0, site_value=0))


def missing(conn: Connection) -> list[str]:
    """The change triggers that are not there (empty when the stamps can be trusted)."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        query = text("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'newsroom_changes_%'")
    else:
        query = text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'newsroom_changes_%'"
        )
    made = set(conn.execute(query).scalars())
    return [name for name in trigger_names(dialect, _present(conn)) if name not in made]


@dataclass(frozen=True)
class Counter:
    """Where the stamps stand: `value` moves on every change, `site_value` on changes
    every page may show."""

    value: int
    site_value: int


def counter(session: Session) -> Counter | None:
    """The counter now, or None when the stamps cannot be trusted (a trigger missing)."""
    if missing(session.connection()):
        return None
    row = session.execute(select(change_counter.c.value, change_counter.c.site_value)).first()
    return Counter(int(row.value), int(row.site_value)) if row else None


def changed_since(session: Session, value: int) -> list[int]:
    """The ids of the stories (existing or deleted) changed after counter `value`."""
    return list(
        session.scalars(
            select(story_changes.c.article_id)
            .where(story_changes.c.stamp > value)
            .order_by(story_changes.c.article_id)
        )
    )
