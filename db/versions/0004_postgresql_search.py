"""Full-text search on PostgreSQL: a generated tsvector column with a GIN index.

The column folds accents (unaccent, when the server has it) and weighs headline (A),
standfirst (B) and body (C); see newsroom.core.postgres. Existing stories are indexed
as the column is added. SQLite has its FTS5 index since 0002: nothing to do there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

from newsroom.core import postgres

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        postgres.create_search(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        postgres.drop_search(op.get_bind())
