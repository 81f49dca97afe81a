"""Old entity slugs: the addresses an entity's page had before a rename, so the export
can leave a redirect at each and published links keep working.

Revision ID: 0007
Revises: 0005 (to be re-chained after 0006)
Create Date: 2026-12-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity_old_slugs",
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_entity_old_slugs_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_entity_old_slugs")),
    )
    op.create_index(
        op.f("ix_entity_old_slugs_entity_id"), "entity_old_slugs", ["entity_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_entity_old_slugs_entity_id"), table_name="entity_old_slugs")
    op.drop_table("entity_old_slugs")
