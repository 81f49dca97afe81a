"""Entities (people, organisations, places, events, topics) and their aliases.

An alias is another name an entity goes by ("UN" for the United Nations); its
normalised form is unique across all entities, so a name can point at one entity only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsroom.core.errors import ValidationError
from newsroom.core.models import NAME_MAX, ArticleEntity, Entity, EntityAlias, EntityKind
from newsroom.core.slugs import slug_from, unique_slug


@dataclass(frozen=True)
class EntityRecord:
    id: int
    uid: str
    kind: str
    name: str
    slug: str
    description: str
    aliases: tuple[str, ...]


def normalise(name: str) -> str:
    """The form two spellings share when they are the same name: NFKC, casefolded,
    curly apostrophes straightened, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def _clean_name(name: str, field: str = "name") -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(field, "the name is empty")
    if len(name) > NAME_MAX:
        raise ValidationError(field, f"the name is longer than {NAME_MAX} characters")
    return name


def _name_taken(session: Session, kind: str, name: str) -> bool:
    """Case-insensitive for every script (SQLite's lower() only folds ASCII)."""
    key = normalise(name)
    candidates = session.scalars(
        select(Entity.name).where(Entity.kind == kind, func.length(Entity.name) == len(name))
    )
    return any(normalise(c) == key for c in candidates)


def create_entity(
    session: Session,
    kind: str,
    name: str,
    *,
    aliases: Iterable[str] = (),
    description: str = "",
    uid: str | None = None,
) -> EntityRecord:
    """Add an entity; refuse a duplicate name of the same kind or a taken alias."""
    try:
        kind = EntityKind(kind).value
    except ValueError:
        allowed = ", ".join(k.value for k in EntityKind)
        raise ValidationError("kind", f"unknown kind {kind!r}; one of {allowed}") from None
    name = _clean_name(name)
    if _name_taken(session, kind, name):
        raise ValidationError("name", f"there is already a {kind} called {name!r}")
    entity = Entity(
        kind=kind,
        name=name,
        description=description.strip(),
        slug=unique_slug(session, slug_from(name, kind), Entity.slug),
    )
    if uid is not None:
        entity.uid = uid
    session.add(entity)
    session.flush()
    for alias in aliases:
        add_alias(session, entity.id, alias)
    return load_entity(session, entity.id)


def add_alias(session: Session, entity_id: int, alias: str) -> None:
    """Give an entity another name; refuse one that belongs to another entity."""
    alias = _clean_name(alias, "alias")
    key = normalise(alias)
    owner = session.execute(
        select(Entity.id, Entity.name)
        .join(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(EntityAlias.normalised == key)
    ).first()
    if owner is not None:
        if owner.id == entity_id:
            return
        raise ValidationError("alias", f"the alias {alias!r} already belongs to {owner.name!r}")
    session.add(EntityAlias(entity_id=entity_id, alias=alias, normalised=key))
    session.flush()


def load_entity(session: Session, entity_id: int) -> EntityRecord:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise ValidationError("entity", f"there is no entity {entity_id}")
    aliases = tuple(
        session.scalars(
            select(EntityAlias.alias)
            .where(EntityAlias.entity_id == entity_id)
            .order_by(EntityAlias.id)
        )
    )
    return EntityRecord(
        entity.id,
        entity.uid,
        entity.kind,
        entity.name,
        entity.slug,
        entity.description,
        aliases,
    )


def list_entities(session: Session) -> list[tuple[int, str, str, int]]:
    """(id, kind, name, story count) for every entity, by name."""
    count = func.count(ArticleEntity.article_id)
    rows = session.execute(
        select(Entity.id, Entity.kind, Entity.name, count)
        .outerjoin(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .group_by(Entity.id)
        .order_by(Entity.name)
    )
    return list(rows)


def find_entity_id(session: Session, name: str) -> int | None:
    """The entity called `name` (or with that alias), case-insensitively."""
    key = normalise(name)
    for entity_id, candidate in session.execute(
        select(Entity.id, Entity.name).where(func.length(Entity.name) == len(name.strip()))
    ):
        if normalise(candidate) == key:
            return entity_id
    return session.scalar(
        select(EntityAlias.entity_id).where(EntityAlias.normalised == normalise(name))
    )
