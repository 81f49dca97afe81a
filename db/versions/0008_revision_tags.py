"""Revisions record the story's tags (the entities' names, one a line), so History can
show what a save changed in them.

Revisions saved before this have none recorded (NULL): History says so rather than
showing their tags as empty.

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("tags", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("tags")
