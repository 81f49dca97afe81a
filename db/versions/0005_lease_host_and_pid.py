"""Editing leases record the holder's host and process id, so a window can tell its
own crashed session (same host, process gone) from a live one and take the story back
at once instead of warning "being edited by" for up to a lease's lifetime.

Leases taken before this have host "" and no pid: they lapse as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_leases") as batch:
        batch.add_column(
            sa.Column("host", sa.String(length=255), server_default="", nullable=False)
        )
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_leases") as batch:
        batch.drop_column("pid")
        batch.drop_column("host")
