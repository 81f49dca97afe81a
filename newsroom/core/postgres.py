"""Everything PostgreSQL-specific lives here, and only here (the twin of `sqlite.py`).

The rest of the code speaks portable SQLAlchemy. This module holds: connection set-up
(UTC sessions, a connect timeout), one-line reasons for connection failures, the lock
that keeps two clients from migrating one server at once, the `pg_dump` backup taken
before an upgrade, id sequences after bulk inserts with explicit ids, and full-text
search (a stored, generated tsvector column with a GIN index).

It imports no driver: psycopg is only needed once a PostgreSQL URL is opened.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    URL,
    Boolean,
    ColumnElement,
    Connection,
    Engine,
    Float,
    event,
    func,
    inspect,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newsroom.core.errors import DatabaseCorruptError
from newsroom.core.models import Base

CONNECT_TIMEOUT_S = 10
# Any constant works; it only has to be the same for every Newsroom client.
MIGRATION_LOCK_KEY = 0x4E_65_77_73_72_6F_6F_6D  # "Newsroom"


def engine_options(url: URL) -> dict[str, Any]:
    """Keyword arguments for `create_engine`: a bad host fails in seconds, not minutes."""
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    return {"pool_pre_ping": True, "connect_args": connect_args}


def configure_engine(engine: Engine) -> None:
    """Every session works in UTC, so `now()` and timestamptz text agree with the app."""

    @event.listens_for(engine, "connect")
    def _utc(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.close()
        dbapi_connection.commit()


def connect_error_reason(exc: DBAPIError, url: URL) -> str:
    """The one line of a driver error a user can act on, never holding the password.

    libpq says e.g. 'connection failed: connection to server at "h", port 5432 failed:
    FATAL:  password authentication failed for user "ana"'; we keep what follows FATAL.
    """
    first = (str(exc.orig) if exc.orig else str(exc)).strip().splitlines()[0]
    first = first.removeprefix("connection failed: ")
    if "FATAL:" in first:
        first = first.split("FATAL:", 1)[1]
    reason = " ".join(first.split())
    if url.password:
        reason = reason.replace(str(url.password), "***")
    return reason


# SQLSTATE class XX: data_corrupted, index_corrupted.
_CORRUPT_STATES = {"XX001", "XX002"}


def is_corruption(exc: BaseException) -> bool:
    """Whether a driver error is the server reporting damaged data or indexes."""
    return getattr(exc, "sqlstate", None) in _CORRUPT_STATES


def damaged(name: str, exc: BaseException) -> DatabaseCorruptError:
    lines = str(exc).strip().splitlines()
    return DatabaseCorruptError(
        f"cannot use {name}: the server reports damaged data "
        f"({lines[0] if lines else exc.__class__.__name__}); ask its administrator"
    )


# --- migrations: one migrating client at a time, a backup first ----------------------


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold a server-wide advisory lock while checking and upgrading the schema.

    Several editors may start a newer Newsroom at the same moment; the first upgrades,
    the others wait and then find the schema already current.
    """
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})


class BackupFailed(Exception):
    """pg_dump is missing or did not finish; the message says which."""


def find_tool(name: str) -> Path | None:
    """A PostgreSQL client program: on PATH, else in Debian's versioned folders."""
    found = shutil.which(name)
    if found:
        return Path(found)

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in p.parts[-3].split(".") if x.isdigit())

    debian = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=version, reverse=True)
    return debian[0] if debian else None


def dump(url: URL, folder: Path, revision: str) -> Path:
    """Write a `pg_dump --format=custom` backup of the database into `folder`.

    The password goes to pg_dump in its environment, never on its command line (where
    any local user could read it). Raises BackupFailed; no partial file is left.
    """
    tool = find_tool("pg_dump")
    if tool is None:
        raise BackupFailed("pg_dump is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    label = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{url.host or 'local'}-{url.database}")
    dest = folder / f"{label}.backup-{revision}-{stamp}.dump"
    partial = dest.with_name(dest.name + ".partial")
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    env.setdefault("PGCONNECT_TIMEOUT", str(CONNECT_TIMEOUT_S))
    try:
        done = subprocess.run(
            [str(tool), "--format=custom", f"--file={partial}", f"--dbname={conninfo}"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"pg_dump could not run: {exc}") from exc
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        lines = done.stderr.strip().splitlines()
        raise BackupFailed(f"pg_dump failed: {lines[-1] if lines else done.returncode}")
    partial.rename(dest)
    return dest


# --- bulk inserts with explicit ids --------------------------------------------------


def reset_id_sequences(session: Session, tables: list[str]) -> None:
    """Move each table's id sequence past its largest id.

    SQLite picks max(id)+1 by itself; PostgreSQL's serial columns do not notice rows
    inserted with explicit ids, and the next ordinary insert would collide. Only our
    own tables are accepted, and the statement is built by SQLAlchemy (names quoted,
    the sequence's name a bound value), never by formatting text into SQL.
    """
    for name in tables:
        table = Base.metadata.tables.get(name)
        if table is None:
            raise ValueError(f"not a Newsroom table: {name!r}")
        largest = select(func.max(table.c.id)).scalar_subquery()
        session.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(name, "id"),
                    func.coalesce(largest, 1),
                    largest.is_not(None),
                )
            )
        )


# --- full-text search ----------------------------------------------------------------

SEARCH_COLUMN = "search_vector"
SEARCH_INDEX = "ix_articles_search_vector"
FOLD_FUNCTION = "newsroom_fold"
# ts_rank weights for {D, C, B, A}: body C, standfirst B, headline A, in the same
# 1 : 4 : 10 proportion as SQLite's bm25 column weights.
RANK_WEIGHTS = "{0.01, 0.1, 0.4, 1.0}"


def _fold_body(conn: Connection) -> str:
    """SQL for folding accents: unaccent when the server has it, else nothing.

    unaccent() is only STABLE (its dictionary could change), and a generated column
    needs IMMUTABLE, so it is wrapped with its dictionary named explicitly: the usual
    recipe. Installing the extension may be refused (no privilege); search then works,
    without accent folding, instead of failing the whole upgrade.
    """
    available = conn.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    ).scalar()
    if available:
        try:
            with conn.begin_nested():
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
        except DBAPIError:
            return "$1"
        schema = conn.execute(
            text(
                "SELECT extnamespace::regnamespace::text FROM pg_extension "
                "WHERE extname = 'unaccent'"
            )
        ).scalar_one()
        return f"{schema}.unaccent('{schema}.unaccent'::regdictionary, $1)"
    return "$1"


def _vector(column: str, weight: str) -> str:
    # ASCII punctuation becomes a space first, so "un.org", "3.5" or "a/b" are words
    # apart, as SQLite's unicode61 tokenizer sees them.
    return (
        f"setweight(to_tsvector('simple', regexp_replace({FOLD_FUNCTION}({column}), "
        f"'[[:punct:]]', ' ', 'g')), '{weight}')"
    )


def create_search(conn: Connection) -> None:
    """Add the generated tsvector column (existing stories are indexed as it is added)
    and its GIN index."""
    conn.execute(
        text(
            f"CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(text) RETURNS text "
            f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {_fold_body(conn)} $$"
        )
    )
    vector = " || ".join(
        _vector(c, w) for c, w in (("headline", "A"), ("standfirst", "B"), ("body", "C"))
    )
    conn.execute(
        text(
            f"ALTER TABLE articles ADD COLUMN {SEARCH_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({vector}) STORED"
        )
    )
    conn.execute(text(f"CREATE INDEX {SEARCH_INDEX} ON articles USING gin ({SEARCH_COLUMN})"))


def drop_search(conn: Connection) -> None:
    conn.execute(text(f"DROP INDEX IF EXISTS {SEARCH_INDEX}"))
    conn.execute(text(f"ALTER TABLE articles DROP COLUMN IF EXISTS {SEARCH_COLUMN}"))
    conn.execute(text(f"DROP FUNCTION IF EXISTS {FOLD_FUNCTION}(text)"))


def has_search(conn: Connection) -> bool:
    return SEARCH_COLUMN in {c["name"] for c in inspect(conn).get_columns("articles")}


_WORD = re.compile(r"\w+", re.UNICODE)


def tsquery_text(query: str) -> str | None:
    """Turn what a user typed into a safe `to_tsquery` string: every word, the last
    one as a prefix ('envoy' & 'zur':*). None when there is nothing to search for.

    Words are runs of \\w, which never hold a quote or a backslash, so quoting each
    one means tsquery operators in user input (& | ! <-> :*) are plain text.
    """
    words = _WORD.findall(query)
    if not words:
        return None
    quoted = [f"'{w}'" for w in words]
    quoted[-1] += ":*"
    return " & ".join(quoted)


_VECTOR = literal_column(f"articles.{SEARCH_COLUMN}", type_=TSVECTOR)


def _tsquery(expression: str) -> ColumnElement[Any]:
    return func.to_tsquery(literal_column("'simple'::regconfig"), func.newsroom_fold(expression))


def matches(expression: str) -> ColumnElement[bool]:
    """`articles` rows whose text matches a `tsquery_text` expression (uses the index)."""
    return _VECTOR.op("@@", return_type=Boolean)(_tsquery(expression))


def rank(expression: str) -> ColumnElement[float]:
    """How well a row matches: headline words weigh most, then standfirst, then body."""
    weights: ColumnElement[Any] = literal_column(f"'{RANK_WEIGHTS}'::float4[]")
    return func.ts_rank(weights, _VECTOR, _tsquery(expression), type_=Float)
