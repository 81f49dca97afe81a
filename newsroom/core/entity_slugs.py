"""Where an entity's page lives, and where it used to.

An entity's slug follows its name until someone sets one by hand: renaming "Assad" to
"Bashar al-Assad" moves the page from `entity/assad.html` to
`entity/bashar-al-assad.html`. Published links must keep working, so each slug an
entity leaves behind is kept (`EntityOldSlug`) and the export writes a redirect there.

An old slug is never any entity's current slug: an entity that is given it (a new
entity, a rename, a slug typed by hand, a rename back) takes it over, and the redirect
goes. Callers work inside their own transaction, as in `core.entities`.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from newsroom.core.models import Entity, EntityOldSlug
from newsroom.core.slugs import slug_from, unique_slug


def follows_name(slug: str, name: str, kind: str) -> bool:
    """Whether `slug` is what the name gave: the name's slug, or it numbered
    (`georgia-2`) because another entity had it first."""
    base = slug_from(name, kind)
    return slug == base or re.fullmatch(rf"{re.escape(base)}-\d+", slug) is not None


def free_slug(session: Session, name: str, kind: str, entity_id: int | None = None) -> str:
    """A slug for this name that no other entity has now (old slugs do not count:
    the entity takes them over)."""
    exclude = Entity.id == entity_id if entity_id is not None else None
    return unique_slug(session, slug_from(name, kind), Entity.slug, exclude=exclude)


def take_over(session: Session, slug: str) -> None:
    """`slug` becomes a current slug: it is nobody's old address any more."""
    session.execute(delete(EntityOldSlug).where(EntityOldSlug.slug == slug))


def move(session: Session, entity: Entity, slug: str) -> None:
    """Give `entity` the slug `slug`, keeping the one it had as an old address."""
    if slug == entity.slug:
        return
    take_over(session, slug)
    session.add(EntityOldSlug(slug=entity.slug, entity_id=entity.id))
    entity.slug = slug


def fold_into(session: Session, source: Entity, target_id: int) -> None:
    """A merge: the source's page and its old addresses lead to the target's page.
    Call before the source is deleted."""
    session.execute(
        update(EntityOldSlug)
        .where(EntityOldSlug.entity_id == source.id)
        .values(entity_id=target_id)
        .execution_options(synchronize_session=False)
    )
    session.add(EntityOldSlug(slug=source.slug, entity_id=target_id))


def keep_old(session: Session, old: str, current: str) -> bool:
    """Record `old` as an old address of the entity whose slug is `current` (an
    export's redirect page, imported). False, and nothing written, when no entity has
    `current` or `old` is in use (a current slug, or already an old one)."""
    entity_id = session.scalar(select(Entity.id).where(Entity.slug == current))
    if (
        entity_id is None
        or session.scalar(select(Entity.id).where(Entity.slug == old)) is not None
        or session.get(EntityOldSlug, old) is not None
    ):
        return False
    session.add(EntityOldSlug(slug=old, entity_id=entity_id))
    session.flush()
    return True


def old_slugs(session: Session) -> dict[str, int]:
    """{old slug: entity id} for every entity."""
    query = select(EntityOldSlug.slug, EntityOldSlug.entity_id)
    return {slug: entity_id for slug, entity_id in session.execute(query)}
