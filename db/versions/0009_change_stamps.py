"""Change stamps and rendered bodies, so an export reads and renders only what changed.

`change_counter` and `story_changes` are kept by triggers (`newsroom.core.changes`,
which also says what a later migration that rebuilds a stamped table must do);
`rendered_bodies` caches each story's sanitised body HTML (`newsroom.publish.bodies`).
Existing stories start without a stamp: the first export after the upgrade reads
everything anyway (it has no counter to compare with).

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsroom.core import changes

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("site_value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
    )
    op.create_table(
        "story_changes",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_changes")),
    )
    op.create_index(op.f("ix_story_changes_stamp"), "story_changes", ["stamp"])
    op.create_table(
        "rendered_bodies",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("missing", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_rendered_bodies_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_rendered_bodies")),
    )
    changes.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    for name in changes.trigger_names(bind.dialect.name):
        if bind.dialect.name == "postgresql":
            table = name.removeprefix("newsroom_changes_")
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS newsroom_story_changed()")
        op.execute("DROP FUNCTION IF EXISTS newsroom_site_changed()")
    op.drop_table("rendered_bodies")
    op.drop_index(op.f("ix_story_changes_stamp"), table_name="story_changes")
    op.drop_table("story_changes")
    op.drop_table("change_counter")
