"""Pending More-news lines: `pending_links`, one row per `[[more-news:?|Headline]]`
line of a body, and `headline_keys`, every story's headline in the form those lines are
matched in (see newsroom.core.pending).

Existing bodies hold no pending lines (the grammar is new), so only the headline keys
are filled, by the rule of the code doing the upgrade (`pending.key_of`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-19
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsroom.core.pending import key_of

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 2000


def upgrade() -> None:
    op.create_table(
        "pending_links",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("wanted", sa.String(length=300), nullable=False),
        sa.Column("wanted_key", sa.String(length=600), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["articles.id"],
            name=op.f("fk_pending_links_source_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "position", name=op.f("pk_pending_links")),
    )
    op.create_index(
        op.f("ix_pending_links_wanted_key"), "pending_links", ["wanted_key"], unique=False
    )
    keys = op.create_table(
        "headline_keys",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_headline_keys_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_headline_keys")),
    )
    op.create_index(op.f("ix_headline_keys_key"), "headline_keys", ["key"], unique=False)
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("headline", sa.String))
    rows = op.get_bind().execute(sa.select(articles.c.id, articles.c.headline)).all()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        op.bulk_insert(keys, [{"article_id": i, "key": key_of(h)} for i, h in chunk])


def downgrade() -> None:
    op.drop_index(op.f("ix_headline_keys_key"), table_name="headline_keys")
    op.drop_table("headline_keys")
    op.drop_index(op.f("ix_pending_links_wanted_key"), table_name="pending_links")
    op.drop_table("pending_links")
