"""Revisions record the story's lead image (`revisions.lead_image_id`), so History
shows and restores it with the rest of the story.

A plain integer, not a foreign key: adding a foreign key would rebuild the revisions
table on SQLite, and an old revision must not keep an image from being deleted (a
revision naming an image no longer in the library restores without a lead image).
Revisions saved before this get the story's lead image of today: restoring one of them
leaves the lead image as it is, which is all that can be known.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("lead_image_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE revisions SET lead_image_id = (SELECT media_id FROM article_lead_images"
        " WHERE article_lead_images.article_id = revisions.article_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("lead_image_id")
