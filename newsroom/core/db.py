"""Opening a database: where it is, checking it, migrating it, handing out sessions.

One `Database` per open database; one session per user action
(`with db.transaction() as session:` commits on success and rolls back on any error,
so every save is a single transaction). Sessions are not shared between threads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from newsroom.core import sqlite
from newsroom.core.errors import DatabaseCorruptError, DatabaseOpenError
from newsroom.core.sqlite_lock import ProcessGate, gate_for, lock_path

ENV_VAR = "NEWSROOM_DB"
DEFAULT_FILENAME = "newsroom.db"


def default_location() -> Path:
    """The database used when neither --db nor NEWSROOM_DB says otherwise."""
    return Path(user_data_dir("newsroom", appauthor=False)) / DEFAULT_FILENAME


def resolve_location(db_arg: str | None) -> tuple[str, bool]:
    """Return (location, is_default): --db wins, then $NEWSROOM_DB, then the default."""
    if db_arg:
        return db_arg, False
    env = os.environ.get(ENV_VAR)
    if env:
        return env, False
    return str(default_location()), True


def startup_location(db_arg: str | None, last: str | None) -> tuple[str, bool]:
    """Where the app opens: --db, then $NEWSROOM_DB, then the database used last time
    (if it is still there), then the default file. Returns (location, is_default).

    A remembered server URL whose password was masked when it was stored is not
    reopened: passwords are not written into the app's settings.
    """
    location, is_default = resolve_location(db_arg)
    if not is_default or not last:
        return location, is_default
    if "://" in last:
        if "***" not in last:
            return last, False
    elif Path(last).is_file():
        return last, False
    return location, is_default


def to_url(location: str | Path) -> URL:
    """A SQLAlchemy URL from a file path or a URL string (`postgresql://` means psycopg)."""
    text = str(location)
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError as exc:
            raise DatabaseOpenError(f"cannot open {text}: not a valid database URL") from exc
        if url.drivername == "postgresql":  # SQLAlchemy would pick psycopg2; we ship psycopg
            url = url.set(drivername="postgresql+psycopg")
        return url
    path = Path(text).expanduser().absolute()
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8: SQLite takes UTF-8 names only
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise DatabaseOpenError(
            f"cannot open {shown}: the file name is not UTF-8 text; rename the file"
        ) from None
    return URL.create("sqlite+pysqlite", database=str(path))


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def create_engine_for(url: URL) -> Engine:
    """An engine with the per-backend connection set-up applied.

    Raises DatabaseOpenError for a URL whose backend or driver is not installed.
    """
    backend = url.get_backend_name()
    try:
        if backend == "sqlite":
            path = sqlite_path(url)
            if path is None:  # in memory: the one connection is the database
                engine = create_engine(url)
                sqlite.configure_engine(engine)
            else:  # a file: connections per unit of work, inside the process gate
                engine = create_engine(url, poolclass=NullPool)
                sqlite.configure_engine(engine, gate_for(path))
        elif backend == "postgresql":
            from newsroom.core import postgres

            engine = create_engine(url, **postgres.engine_options(url))
            postgres.configure_engine(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        name = url.render_as_string(hide_password=True)
        raise DatabaseOpenError(
            f"cannot open {name}: the database driver for {url.drivername} is not installed"
        ) from exc
    event.listen(engine, "handle_error", _raise_corruption)
    return engine


def corruption(exc: BaseException, url: URL) -> DatabaseCorruptError | None:
    """The typed error for a driver error (bare or wrapped in a DBAPIError) that says
    the database is damaged, else None. One line, naming the database."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if orig is None:
        return None
    if sqlite.is_corruption(orig):
        return sqlite.damaged(_name(url), str(orig))
    if url.get_backend_name() != "postgresql":
        return None
    from newsroom.core import postgres  # only a PostgreSQL database needs it

    if postgres.is_corruption(orig):
        return postgres.damaged(_name(url), orig)
    return None


def _raise_corruption(context: ExceptionContext) -> None:
    """Engine hook: a damaged database surfaces as DatabaseCorruptError from whatever
    statement met it (the transaction is rolled back as for any error)."""
    url = context.engine.url if context.engine is not None else None
    found = corruption(context.original_exception, url) if url is not None else None
    if found is not None:
        raise found from context.sqlalchemy_exception


def _name(url: URL) -> str:
    path = sqlite_path(url)
    return str(path) if path else url.render_as_string(hide_password=True)


def _reason(exc: DBAPIError, url: URL) -> str:
    """One line saying why the database could not be used, without the password."""
    if url.get_backend_name() == "postgresql":
        from newsroom.core import postgres

        return postgres.connect_error_reason(exc, url)
    return str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]


def newest_revision() -> str:
    """The newest migration's revision, from the names of the migration files
    (`NNNN_what.py`, numbered in order; tests/core/test_migrations.py holds it to
    Alembic's own head), without importing Alembic."""
    from newsroom.paths import migrations_dir

    names = (migrations_dir() / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    return max(name.name[:4] for name in names)


def _at_head(engine: Engine) -> bool:
    """Whether the schema is the newest one, read cheaply (the usual case: then no
    migration code is loaded at all). False when unsure: the caller checks properly."""
    try:
        with engine.connect() as conn:
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:
        return False
    return len(current) == 1 and current[0][0] == newest_revision()


@dataclass
class Database:
    """An open, migrated database."""

    url: URL
    engine: Engine
    backup_path: Path | None = None
    _sessions: sessionmaker[Session] = field(init=False, repr=False)
    _write_sessions: sessionmaker[Session] = field(init=False, repr=False)
    _gate: ProcessGate | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        path = sqlite_path(self.url)
        self._gate = gate_for(path) if path is not None else None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(**{sqlite.WRITE_OPTION: True})
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def display_name(self) -> str:
        return _name(self.url)

    def verify(self) -> None:
        """Check the whole file for damage (SQLite's quick_check, whatever its size);
        raise DatabaseCorruptError if there is any. Reads every page: for `newsroom
        check` and the like, not for every command. Nothing to do for a server."""
        path = sqlite_path(self.url)
        if path is not None:
            sqlite.verify(self.engine, path)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on error.

        On a SQLite file, writers of this process queue for their turn first (see
        `sqlite_lock.WriterQueue`): first come, first served, never starved."""
        turn = self._gate.writers.turn() if self._gate is not None else nullcontext()
        with turn, self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (nothing is committed)."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    location: str | Path,
    *,
    migrate: bool = True,
    on_wait: Callable[[str], None] | None = None,
    wait_seconds: float | None = None,
) -> Database:
    """Open (creating if needed) and migrate the database at a path or URL.

    A database at an older schema is backed up, then upgraded (SQLite: a copy beside the
    file; PostgreSQL: a pg_dump file in the user data folder, see `migrations`); one
    newer than this code knows is refused. A damaged SQLite file is refused
    (`DatabaseCorruptError`): always before an upgrade, at every open when the file
    is small enough to check cheaply (`sqlite.QUICK_CHECK_MAX_BYTES`). Raises
    `DatabaseOpenError` with a one-line reason (never holding a password) for anything
    that is not a usable Newsroom database, including a server that can not be reached
    or refuses the login.

    A SQLite file is shared with other Newsroom processes through the process gate
    (`sqlite_lock`): `on_wait` is told once whom this process waits for, and
    `wait_seconds` bounds the wait before `DatabaseBusyError`.
    """
    url = to_url(location)
    path = sqlite_path(url)
    new_lock = exists = False
    if path is not None:
        exists = sqlite.check_file(path)
        new_lock = not lock_path(path).exists()
        gate = gate_for(path)
        gate.on_wait = on_wait or gate.on_wait
        gate.timeout = wait_seconds or gate.timeout
    engine = create_engine_for(url)
    try:
        try:
            if path is not None and exists and path.stat().st_size <= sqlite.QUICK_CHECK_MAX_BYTES:
                sqlite.verify(engine, path)
            backup = None
            if migrate and not _at_head(engine):
                from newsroom.core import migrations  # imports Alembic: only to upgrade

                backup = migrations.bring_up_to_date(engine, path)
        except DBAPIError as exc:
            name = path or url.render_as_string(hide_password=True)
            raise DatabaseOpenError(f"cannot open {name}: {_reason(exc, url)}") from exc
    except DatabaseOpenError:
        engine.dispose()
        if path is not None and new_lock:  # leave another program's folder as it was
            lock_path(path).unlink(missing_ok=True)
        raise
    if path is not None:
        sqlite.use_wal(engine)
    return Database(url=url, engine=engine, backup_path=backup)
