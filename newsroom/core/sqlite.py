"""Everything SQLite-specific lives here, and only here.

The rest of the code speaks portable SQLAlchemy. This module holds: connection set-up
(foreign keys, WAL journal, busy timeout, explicit BEGIN so writers can take the lock
up front), checks that a file really is an intact SQLite database before we touch it,
file backups before migrations, and the FTS5 index used by full-text search.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from newsroom.core.errors import DatabaseCorruptError, DatabaseOpenError
from newsroom.core.sqlite_lock import ProcessGate

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "newsroom_write"
_MAGIC = b"SQLite format 3\x00"
# SQLite's primary result codes for a damaged file (the extended codes carry them in
# their low byte): SQLITE_CORRUPT and SQLITE_NOTADB.
_CORRUPT_CODES = {11, 26}
# Files up to this size are checked with PRAGMA quick_check whenever they are opened
# (about 2 ms a megabyte when cached); larger ones only by `newsroom check`, before
# an upgrade, and by SQLite itself on every page a statement reads.
QUICK_CHECK_MAX_BYTES = 64 * 2**20


class _GatedConnection(sqlite3.Connection):
    """A connection that gives the process gate back once it is closed (not before:
    its close may still checkpoint the WAL)."""

    gate: ProcessGate | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            gate, self.gate = self.gate, None
            if gate is not None:
                gate.leave()

    def __del__(self) -> None:  # a connection dropped without close() must not keep it
        if self.gate is not None:
            self.close()


def configure_engine(engine: Engine, gate: ProcessGate | None = None) -> None:
    """Set per-connection pragmas and take control of BEGIN.

    pysqlite's own implicit BEGIN is turned off so that a write transaction can start
    with BEGIN IMMEDIATE: it waits (busy timeout) for other writers instead of failing
    half-way when a read lock can not be upgraded.

    With a `gate` (a database file, see `sqlite_lock`), each connection is opened only
    once this process has the gate, and the engine must not pool connections: the gate
    is then held for a unit of work, and between them the process has the file closed.
    """
    if gate is not None:

        @event.listens_for(engine, "do_connect")
        def _gated_connect(
            _dialect: Any, _record: Any, cargs: tuple[Any, ...], cparams: dict[str, Any]
        ) -> sqlite3.Connection:
            gate.enter()
            try:
                connection = sqlite3.connect(*cargs, **cparams, factory=_GatedConnection)
            except BaseException:
                gate.leave()
                raise
            connection.gate = gate
            return connection

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Cheap extra checks of each b-tree page as it is read: damage is reported
        # where it is, not written further.
        cursor.execute("PRAGMA cell_size_check = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def use_wal(engine: Engine) -> None:
    """Switch the file to WAL journalling (it stays so). Done only once the file is
    known to be a Newsroom database: another program's database is left untouched."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
    finally:
        raw.close()


def check_file(path: Path) -> bool:
    """Refuse paths we must not open; return whether the database file already exists.

    Raises `DatabaseOpenError` with a one-line reason for a missing folder, a folder
    given as a file, a file that is not SQLite, a truncated file, or a read-only file.
    """
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseOpenError(f"cannot open {path}: folder {folder} does not exist")
    if not path.exists():
        if not os.access(folder, os.W_OK):
            raise DatabaseOpenError(f"cannot create {path}: folder {folder} is not writable")
        return False
    if path.is_dir():
        raise DatabaseOpenError(f"cannot open {path}: it is a folder, not a database file")
    st = path.stat()
    if st.st_size == 0:
        raise DatabaseOpenError(f"cannot open {path}: the file is empty, not a database")
    with path.open("rb") as f:
        header = f.read(100)
    if not header.startswith(_MAGIC):
        raise DatabaseOpenError(f"cannot open {path}: it is not a SQLite database")
    if len(header) < 100:
        raise DatabaseOpenError(f"cannot open {path}: the file is truncated (corrupt)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    page_count = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    wal = path.with_name(path.name + "-wal")
    wal_pending = wal.exists() and wal.stat().st_size > 0
    if valid_for == change_counter and not wal_pending and st.st_size < page_size * page_count:
        raise DatabaseOpenError(
            f"cannot open {path}: the file is truncated "
            f"({st.st_size} bytes, its header says {page_size * page_count})"
        )
    # Mode bits, not os.access: root may write anything, but a file marked read-only
    # is a user's statement that it must not change.
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
        path, os.W_OK
    ):
        raise DatabaseOpenError(f"cannot open {path}: the file is read-only")
    if not os.access(folder, os.W_OK):
        raise DatabaseOpenError(
            f"cannot open {path}: folder {folder} is read-only (SQLite needs it for its journal)"
        )
    return True


def is_corruption(exc: BaseException) -> bool:
    """Whether a driver error says the file is damaged (or not a database at all).

    Besides SQLite's own codes: a text column that is not UTF-8. Newsroom only ever
    writes UTF-8, so such bytes are damage inside a row that the page checks missed.
    """
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if str(exc).startswith(_NOT_UTF8):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(exc).lower()
    return "malformed" in text or "file is not a database" in text


_NOT_UTF8 = "Could not decode to UTF-8 column"


def quick_check(engine: Engine) -> str | None:
    """None when `PRAGMA quick_check` finds the file intact, else its first complaint.

    It reads every page (its cost grows with the file), so callers choose when: see
    `QUICK_CHECK_MAX_BYTES`. A file too damaged to check raises the driver's error.
    """
    with engine.connect() as conn:
        first = conn.exec_driver_sql("PRAGMA quick_check(1)").scalar()
        conn.rollback()
    return None if first == "ok" else str(first)


def verify(engine: Engine, path: Path) -> None:
    """Raise DatabaseCorruptError unless quick_check finds the file intact."""
    complaint = quick_check(engine)
    if complaint is not None:
        raise damaged(path, complaint)


def damaged(name: object, detail: str) -> DatabaseCorruptError:
    """The one-line error for a damaged file, whoever found the damage."""
    if detail.startswith(_NOT_UTF8):  # the rest quotes the damaged bytes
        detail = detail.split(" with text ", 1)[0]
    first = " ".join(detail.split()[:40]) or "damaged"
    return DatabaseCorruptError(
        f"cannot use {name}: the database file is damaged ({first}); restore it from a backup"
    )


def backup_file(path: Path, dest: Path, gate: ProcessGate) -> None:
    """Copy a live database consistently (WAL included) with SQLite's backup API,
    inside the process gate like any other connection to the file."""
    with gate.hold():
        _backup(path, dest)


def _backup(path: Path, dest: Path) -> None:
    src = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()


# --- full-text search (FTS5) ---------------------------------------------------------

FTS_TABLE = "article_fts"

FTS_DDL = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        headline, standfirst, body,
        content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body)
        VALUES (new.id, new.headline, new.standfirst, new.body);
    END""",
    f"""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, standfirst, body)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
    END""",
    f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, standfirst, body
        ON articles BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, standfirst, body)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
        INSERT INTO {FTS_TABLE}(rowid, headline, standfirst, body)
        VALUES (new.id, new.headline, new.standfirst, new.body);
    END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]

FTS_DROP = [
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def create_fts(execute: Callable[[str], object]) -> None:
    """Create the FTS5 index and the triggers that keep it in step with `articles`."""
    for statement in FTS_DDL:
        execute(statement)


def drop_fts(execute: Callable[[str], object]) -> None:
    for statement in FTS_DROP:
        execute(statement)


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_match_expression(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query: all words, the last one as a prefix.

    Quoting every word means FTS5 operators and punctuation in user input can never
    produce a syntax error. Returns None when there is nothing to search for.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


SEARCH_SQL = (
    f"SELECT rowid AS id, bm25({FTS_TABLE}, 10.0, 4.0, 1.0) AS score "
    f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q ORDER BY score LIMIT :limit"
)
MATCH_IDS_SQL = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"
