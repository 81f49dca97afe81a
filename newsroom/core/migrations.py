"""Schema migrations with Alembic, run when a database is opened.

Rules: a new, empty database is created at the newest schema; an older one is checked
for damage (SQLite's quick_check; a damaged one is refused, nothing written), backed
up and upgraded; one whose revision this code does not know (written by a newer
Newsroom) is refused.

Backups before an upgrade:
- SQLite: a consistent copy beside the file, `<file>.backup-<old revision>-<UTC time>`.
- PostgreSQL: `pg_dump --format=custom` into `<user data folder>/backups/`. A shared
  server is worth more than one editor's convenience, so when pg_dump is missing or
  fails the upgrade is refused (nothing changed) with a message saying what to do:
  back the database up by hand, then open it once with $NEWSROOM_UPGRADE_WITHOUT_BACKUP=1.
  Two clients upgrading at once are serialised by an advisory lock; the second finds
  the schema current and does nothing.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from platformdirs import user_data_dir
from sqlalchemy import Engine, inspect

from newsroom.core import postgres, sqlite
from newsroom.core.errors import DatabaseOpenError, SchemaTooNewError
from newsroom.core.sqlite_lock import gate_for
from newsroom.paths import migrations_dir


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run migrations up to `target` in one transaction."""
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
        conn.commit()


NO_BACKUP_ENV = "NEWSROOM_UPGRADE_WITHOUT_BACKUP"


def server_backup_folder() -> Path:
    """Where pg_dump backups taken before an upgrade go (SQLite's stay beside the file)."""
    return Path(user_data_dir("newsroom", appauthor=False)) / "backups"


def _serialised(engine: Engine, path: Path | None) -> AbstractContextManager[None]:
    """One client at a time may check, back up and upgrade a schema."""
    if engine.dialect.name == "postgresql":
        return postgres.migration_lock(engine)
    if path is not None:
        return gate_for(path).hold()
    return nullcontext()


def bring_up_to_date(engine: Engine, path: Path | None) -> Path | None:
    """Migrate to head if needed; return the backup written first, if any."""
    with _serialised(engine, path):
        return _bring_up_to_date(engine, path)


def _server_backup(engine: Engine, current: str, head: str, name: object) -> Path | None:
    """pg_dump before upgrading a PostgreSQL database; refuse the upgrade if it fails."""
    if os.environ.get(NO_BACKUP_ENV):
        return None
    try:
        return postgres.dump(engine.url, server_backup_folder(), current)
    except postgres.BackupFailed as exc:
        raise DatabaseOpenError(
            f"cannot upgrade {name} from schema {current} to {head} without a backup "
            f"({exc}); back it up yourself, then open it once with "
            f"{NO_BACKUP_ENV}=1 set"
        ) from exc


def _bring_up_to_date(engine: Engine, path: Path | None) -> Path | None:
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names())
    name = path or engine.url.render_as_string(hide_password=True)
    if current == head:
        return None
    if current is None:
        if tables - {"alembic_version"}:
            raise DatabaseOpenError(
                f"cannot open {name}: it is a database, but not a Newsroom database"
            )
        upgrade(engine)
        return None
    try:
        known = script.get_revision(current) is not None
    except CommandError:
        known = False
    if not known:
        raise SchemaTooNewError(
            f"cannot open {name}: it was written by a newer version of Newsroom "
            f"(schema {current}); install the newer Newsroom to open it"
        )
    backup = None
    if path is not None:
        sqlite.verify(engine, path)  # never upgrade (or back up as good) a damaged file
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = path.with_name(f"{path.name}.backup-{current}-{stamp}")
        sqlite.backup_file(path, backup, gate_for(path))
    elif engine.dialect.name == "postgresql":
        backup = _server_backup(engine, current, str(head), name)
    upgrade(engine)
    return backup
