"""Spelling: the newsroom dictionary (`dictionary_words`, shared by every editor of the
database) and each story's spelling choices (`story_spelling`: its dictionary language
and the words ignored in it).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dictionary_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=200), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dictionary_words")),
        sa.UniqueConstraint("word", name=op.f("uq_dictionary_words_word")),
    )
    op.create_table(
        "story_spelling",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=32), nullable=True),
        sa.Column("ignored", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_spelling_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_spelling")),
    )


def downgrade() -> None:
    op.drop_table("story_spelling")
    op.drop_table("dictionary_words")
