"""Full-text search over headline, standfirst and body.

SQLite gets an FTS5 index kept in step by triggers (see newsroom.core.sqlite);
existing stories are indexed as part of the upgrade. Other backends get their own
index in a later revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

from newsroom.core import sqlite

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.create_fts(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        sqlite.drop_fts(op.execute)
