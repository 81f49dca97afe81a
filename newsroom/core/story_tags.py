"""A story's tags: which entities, in what order, where each came from, and the names
a revision keeps of them.

The article service (`articles`) sets and merges them on a save; `batch` and
`revisions` write and read the names a revision records.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from newsroom.core.models import ArticleEntity, Entity, TagSource


def tag_names(session: Session, entity_ids: Sequence[int]) -> tuple[str, ...]:
    """The names of the entities `entity_ids`, in that order (an id that names no
    entity is left out): what a reader of a story's tags sees."""
    if not entity_ids:
        return ()
    names = dict(
        session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(entity_ids))).all()
    )
    return tuple(names[i] for i in entity_ids if i in names)


def join_tag_names(names: Sequence[str]) -> str:
    """Tag names as a revision keeps them: one a line (a name is one line of text)."""
    return "\n".join(names)


def split_tag_names(text: str | None) -> tuple[str, ...] | None:
    """`join_tag_names` undone; None (not recorded) stays None."""
    if text is None:
        return None
    return tuple(name for name in text.split("\n") if name)


def set_tags(
    session: Session,
    article_id: int,
    entity_ids: Sequence[int],
    source: TagSource | None,
    *,
    new: bool = False,
) -> None:
    """Replace a story's tags (`new`: it has none yet). A tag it had keeps where it came
    from; a new one is marked `source` (typed when None)."""
    added = (source or TagSource.TYPED).value
    existing: dict[int, str] = {}
    if not new:
        existing = dict(
            session.execute(
                select(ArticleEntity.entity_id, ArticleEntity.source).where(
                    ArticleEntity.article_id == article_id
                )
            ).all()
        )
        session.execute(delete(ArticleEntity).where(ArticleEntity.article_id == article_id))
    if entity_ids:
        session.execute(
            insert(ArticleEntity),
            [
                {
                    "article_id": article_id,
                    "entity_id": eid,
                    "position": pos,
                    "source": existing.get(eid, added),
                }
                for pos, eid in enumerate(entity_ids)
            ],
        )


def tags_of(session: Session, article_id: int) -> tuple[int, ...]:
    return tuple(
        session.scalars(
            select(ArticleEntity.entity_id)
            .where(ArticleEntity.article_id == article_id)
            .order_by(ArticleEntity.position)
        )
    )


def merge_tags(
    loaded: Sequence[int], wanted: Sequence[int], stored: Sequence[int]
) -> tuple[int, ...]:
    """The stored tags with the editor's changes (loaded -> wanted) applied: the
    editor's order first, then tags others added meanwhile. A tag others removed
    meanwhile stays removed unless this editor added it."""
    removed = set(loaded) - set(wanted)
    added = set(wanted) - set(loaded)
    keep = set(stored) - removed
    ordered = [t for t in wanted if t in added or t in keep]
    return tuple(dict.fromkeys([*ordered, *(t for t in stored if t in keep)]))
