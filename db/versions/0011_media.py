"""The media library: `media` (each image's bytes, stored once by content hash, its
pixel size, format and text), `article_lead_images` (a story's lead image) and
`article_media` (the images a body shows, derived from the body on save).

New tables only (their change triggers are added: `core.changes`): existing bodies
hold no `media:` references (the grammar is new).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsroom.core import changes
from newsroom.core.models import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("alt", sa.Text(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("credit", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media")),
        sa.UniqueConstraint("sha256", name=op.f("uq_media_sha256")),
    )
    op.create_table(
        "article_lead_images",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_lead_images_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_article_lead_images_media_id_media"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_lead_images")),
    )
    op.create_index(
        op.f("ix_article_lead_images_media_id"), "article_lead_images", ["media_id"], unique=False
    )
    op.create_table(
        "article_media",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_media_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "media_id", name=op.f("pk_article_media")),
    )
    op.create_index(op.f("ix_article_media_media_id"), "article_media", ["media_id"], unique=False)
    # A changed picture is a change the export must see (core.changes.LATER_SITE_TABLES).
    changes.install(op.get_bind())


def downgrade() -> None:
    op.drop_index(op.f("ix_article_media_media_id"), table_name="article_media")
    op.drop_table("article_media")
    op.drop_index(op.f("ix_article_lead_images_media_id"), table_name="article_lead_images")
    op.drop_table("article_lead_images")
    op.drop_table("media")
