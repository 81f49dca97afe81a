"""Schema migrations with Alembic, run when a database is opened.

Rules: a new, empty database is created at the newest schema; an older one is backed
up beside itself (SQLite: `<file>.backup-<old revision>-<UTC time>`) and upgraded; one
whose revision this code does not know (written by a newer Newsroom) is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, inspect

from newsroom.core import sqlite
from newsroom.core.errors import DatabaseOpenError, SchemaTooNewError
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


def bring_up_to_date(engine: Engine, path: Path | None) -> Path | None:
    """Migrate to head if needed; return the backup written first, if any."""
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
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = path.with_name(f"{path.name}.backup-{current}-{stamp}")
        sqlite.backup_file(path, backup)
    upgrade(engine)
    return backup
