"""Entities (people, organisations, places, events, topics), their aliases and tags.

An alias is another name an entity goes by ("UN" for the United Nations); its
normalised form is unique across all entities, so a name can point at one entity only.
A name is unique per kind (a person and a place may both be "Georgia").

Every function takes the caller's session and works inside the caller's transaction
(`with db.transaction() as session: ...`): a `ValidationError` leaves the transaction
to be rolled back, which `Database.transaction` does, so nothing is half-written.
Bad input raises `ValidationError(field, message)` with `field` one of "name",
"kind", "alias", "description", "slug", "entity", "target", "article"; the message
names the conflicting entity where there is one. Each write also bumps the entity
change stamp (`core.entity_changes`) so cached matchers notice. Text follows
`core.textfields`: control characters refused, names folded to one line.

Tags (`tag_article`, `untag_article`) are rows of their own: adding or removing one
does not bump the story's version, so accepting a suggestion never conflicts with
the editor's unsaved text. An editor that then saves with `ArticleInput.entity_ids`
replaces the whole tag list, so it must include the tags it added this way (or save
with `entity_ids=None` to leave them alone).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from newsroom.core import entity_slugs
from newsroom.core.entity_changes import record_change
from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.models import (
    NAME_MAX,
    Article,
    ArticleEntity,
    Entity,
    EntityAlias,
    EntityKind,
    TagSource,
)
from newsroom.core.slugs import validate_slug
from newsroom.core.textfields import many_lines, one_line


@dataclass(frozen=True)
class EntityRecord:
    id: int
    uid: str
    kind: str
    name: str
    slug: str
    description: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class EntitySummary:
    """A row of the entity list: enough to show, search and pick an entity."""

    id: int
    kind: str
    name: str
    slug: str
    story_count: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TagRecord:
    """One tag on a story, in the story's tag order."""

    entity_id: int
    kind: str
    name: str
    slug: str
    source: str


def normalise(name: str) -> str:
    """The form two spellings share when they are the same name: NFKC, casefolded,
    curly apostrophes straightened, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def clean_name(name: str, field: str = "name") -> str:
    """An entity's name or alias as stored (one line, not empty, at most NAME_MAX), or
    ValidationError on `field`."""
    name = one_line(name, field, field)
    if not name:
        raise ValidationError(field, "the name is empty")
    if len(name) > NAME_MAX:
        raise ValidationError(field, f"the name is longer than {NAME_MAX} characters")
    return name


def clean_description(description: str) -> str:
    """An entity's description as stored, or ValidationError."""
    return many_lines(description, "description", "description").strip()


def _name_taken(session: Session, kind: str, name: str, exclude: int | None = None) -> bool:
    """Case-insensitive for every script (SQLite's lower() only folds ASCII)."""
    return entity_id_by_name(session, kind, name, exclude=exclude) is not None


def entity_id_by_name(
    session: Session, kind: str, name: str, *, exclude: int | None = None
) -> int | None:
    """The entity of this kind with this name, compared as `normalise` does."""
    name = " ".join(name.split())
    query = select(Entity.id, Entity.name).where(Entity.kind == kind)
    if exclude is not None:
        query = query.where(Entity.id != exclude)
    if name.isascii():  # lower() folds ASCII in every backend: let the database compare
        query = query.where(func.lower(Entity.name) == name.lower())
    else:
        query = query.where(func.length(Entity.name) == len(name))
    key = normalise(name)
    return next((i for i, candidate in session.execute(query) if normalise(candidate) == key), None)


def clean_kind(kind: str) -> str:
    """One of the entity kinds, or ValidationError naming them."""
    try:
        return EntityKind(kind).value
    except ValueError:
        allowed = ", ".join(k.value for k in EntityKind)
        raise ValidationError("kind", f"unknown kind {kind!r}; one of {allowed}") from None


def _alias_owner(session: Session, key: str) -> tuple[int, str] | None:
    row = session.execute(
        select(Entity.id, Entity.name)
        .join(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(EntityAlias.normalised == key)
    ).first()
    return (row.id, row.name) if row is not None else None


def _check_free_slug(session: Session, slug: str, entity_id: int | None) -> None:
    """A slug typed or imported: well-formed, and no other entity's (old slugs are
    taken over, see `entity_slugs`)."""
    validate_slug(slug)
    others = select(Entity.name).where(Entity.slug == slug)
    if entity_id is not None:
        others = others.where(Entity.id != entity_id)
    if session.scalar(others):
        raise ValidationError("slug", f"the slug {slug!r} is already used by another entity")


def _entity(session: Session, entity_id: int) -> Entity:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise ValidationError("entity", f"there is no entity {entity_id}")
    return entity


def create_entity(
    session: Session,
    kind: str,
    name: str,
    *,
    aliases: Iterable[str] = (),
    description: str = "",
    uid: str | None = None,
    slug: str | None = None,
) -> EntityRecord:
    """Add an entity; refuse a duplicate name of the same kind or a taken alias.

    `slug` (an import's) instead of the one the name gives; refused if another
    entity has it."""
    kind = clean_kind(kind)
    name = clean_name(name)
    if _name_taken(session, kind, name):
        raise ValidationError("name", f"there is already a {kind} called {name!r}")
    if slug is not None:
        _check_free_slug(session, slug, None)
    entity = Entity(
        kind=kind,
        name=name,
        description=clean_description(description),
        slug=slug if slug is not None else entity_slugs.free_slug(session, name, kind),
    )
    entity_slugs.take_over(session, entity.slug)
    if uid is not None:
        entity.uid = uid
    session.add(entity)
    session.flush()
    for alias in aliases:
        _add_alias(session, entity.id, alias)
    record_change(session, entity.id)
    return load_entity(session, entity.id)


def add_alias(session: Session, entity_id: int, alias: str) -> None:
    """Give an entity another name; refuse one that belongs to another entity."""
    _entity(session, entity_id)
    if _add_alias(session, entity_id, alias):
        record_change(session, entity_id)


def _add_alias(session: Session, entity_id: int, alias: str) -> bool:
    alias = clean_name(alias, "alias")
    key = normalise(alias)
    owner = _alias_owner(session, key)
    if owner is not None:
        if owner[0] == entity_id:
            return False
        raise ValidationError("alias", f"the alias {alias!r} already belongs to {owner[1]!r}")
    session.add(EntityAlias(entity_id=entity_id, alias=alias, normalised=key))
    session.flush()
    return True


def remove_alias(session: Session, entity_id: int, alias: str) -> None:
    """Take an alias away from an entity; refuse one the entity does not have."""
    key = normalise(alias)
    done = session.execute(
        delete(EntityAlias).where(EntityAlias.entity_id == entity_id, EntityAlias.normalised == key)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        name = _entity(session, entity_id).name
        raise ValidationError("alias", f"{name!r} has no alias {alias.strip()!r}")
    record_change(session, entity_id)


def update_entity(
    session: Session,
    entity_id: int,
    *,
    name: str | None = None,
    kind: str | None = None,
    description: str | None = None,
    aliases: Iterable[str] | None = None,
    slug: str | None = None,
) -> EntityRecord:
    """Change what is given (None leaves a field alone); one call per edit dialog.

    `aliases` replaces the whole alias list. A rename moves the page to the new name's
    slug when the slug followed the old name (`entity_slugs`); a slug set by hand stays.
    Pass `slug` to change it on purpose. Either way the old address is kept for a
    redirect. Everything is checked before anything is written.
    """
    entity = _entity(session, entity_id)
    new_kind = clean_kind(kind) if kind is not None else entity.kind
    new_name = clean_name(name) if name is not None else entity.name
    if (new_kind, normalise(new_name)) != (entity.kind, normalise(entity.name)) and _name_taken(
        session, new_kind, new_name, exclude=entity_id
    ):
        raise ValidationError("name", f"there is already a {new_kind} called {new_name!r}")
    if slug is not None and slug != entity.slug:
        _check_free_slug(session, slug, entity_id)
    wanted: dict[str, str] | None = None
    if aliases is not None:
        wanted = {}
        for alias in aliases:
            clean = clean_name(alias, "alias")
            key = normalise(clean)
            owner = _alias_owner(session, key)
            if owner is not None and owner[0] != entity_id:
                raise ValidationError(
                    "alias", f"the alias {clean!r} already belongs to {owner[1]!r}"
                )
            wanted.setdefault(key, clean)
    new_description = clean_description(description) if description is not None else None
    new_slug = slug
    if new_slug is None and entity_slugs.follows_name(entity.slug, entity.name, entity.kind):
        new_slug = entity_slugs.free_slug(session, new_name, new_kind, entity_id)
    entity.kind, entity.name = new_kind, new_name
    if new_description is not None:
        entity.description = new_description
    if new_slug is not None:
        entity_slugs.move(session, entity, new_slug)
    if wanted is not None:
        session.execute(
            delete(EntityAlias).where(
                EntityAlias.entity_id == entity_id, EntityAlias.normalised.not_in(list(wanted))
            )
        )
        for alias in wanted.values():
            _add_alias(session, entity_id, alias)
    session.flush()
    record_change(session, entity_id)
    return load_entity(session, entity_id)


def merge_entities(session: Session, source_id: int, target_id: int) -> EntityRecord:
    """Fold `source` into `target` (two records of one person become one).

    Every story tagged with the source ends up tagged with the target (once), the
    source's aliases move over, the source's name becomes an alias of the target
    unless another entity already owns it, and the source is deleted. Returns the
    target as it is now.
    """
    if source_id == target_id:
        raise ValidationError("target", "an entity can not be merged into itself")
    source = _entity(session, source_id)
    target = _entity(session, target_id)
    already = select(ArticleEntity.article_id).where(ArticleEntity.entity_id == target_id)
    session.execute(
        update(ArticleEntity)
        .where(ArticleEntity.entity_id == source_id, ArticleEntity.article_id.not_in(already))
        .values(entity_id=target_id)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(ArticleEntity).where(ArticleEntity.entity_id == source_id))
    target_key = normalise(target.name)
    session.execute(
        delete(EntityAlias).where(
            EntityAlias.entity_id == source_id, EntityAlias.normalised == target_key
        )
    )
    session.execute(
        update(EntityAlias)
        .where(EntityAlias.entity_id == source_id)
        .values(entity_id=target_id)
        .execution_options(synchronize_session=False)
    )
    source_name, source_key = source.name, normalise(source.name)
    entity_slugs.fold_into(session, source, target_id)
    session.delete(source)
    session.flush()
    if source_key != target_key and _alias_owner(session, source_key) is None:
        session.add(EntityAlias(entity_id=target_id, alias=source_name, normalised=source_key))
    session.expire_all()
    record_change(session, source_id, target_id)
    return load_entity(session, target_id)


def usage_count(session: Session, entity_id: int) -> int:
    """How many stories are tagged with the entity: the figure for a delete warning."""
    query = select(func.count()).where(ArticleEntity.entity_id == entity_id)
    return session.scalar(query) or 0


def delete_entity(session: Session, entity_id: int) -> int:
    """Delete an entity with its aliases and tags; return how many stories it touched."""
    entity = _entity(session, entity_id)
    touched = usage_count(session, entity_id)
    session.execute(delete(ArticleEntity).where(ArticleEntity.entity_id == entity_id))
    session.delete(entity)
    session.flush()
    record_change(session, entity_id)
    return touched


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


def search_entities(
    session: Session, query: str = "", *, kind: str | None = None, limit: int | None = None
) -> list[EntitySummary]:
    """Entities whose name or an alias contains `query` (any case), with story counts.

    Best first for completion: exact name, name starting with the query, a word of
    the name starting with it, an alias, anything else; then by name. An empty
    query lists every entity by name.
    """
    key = normalise(query)
    count = func.count(ArticleEntity.article_id)
    stmt = (
        select(Entity.id, Entity.kind, Entity.name, Entity.slug, count)
        .outerjoin(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .group_by(Entity.id)
    )
    if kind is not None:
        stmt = stmt.where(Entity.kind == clean_kind(kind))
    if key and key.isascii():  # SQLite's lower() and LIKE fold ASCII only
        like = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        by_alias = select(EntityAlias.entity_id).where(
            EntityAlias.normalised.like(like, escape="\\")
        )
        stmt = stmt.where(
            or_(func.lower(Entity.name).like(like, escape="\\"), Entity.id.in_(by_alias))
        )
    rows = list(session.execute(stmt))
    aliases: dict[int, list[str]] = {}
    ids = [r[0] for r in rows]
    for chunk in range(0, len(ids), 500):
        for entity_id, alias in session.execute(
            select(EntityAlias.entity_id, EntityAlias.alias)
            .where(EntityAlias.entity_id.in_(ids[chunk : chunk + 500]))
            .order_by(EntityAlias.id)
        ):
            aliases.setdefault(entity_id, []).append(alias)

    def rank(row: tuple[int, str, str, str, int]) -> tuple[int, str]:
        name = normalise(row[2])
        if not key:
            return 0, name
        if name == key:
            return 0, name
        if name.startswith(key):
            return 1, name
        if any(word.startswith(key) for word in name.split()):
            return 2, name
        if any(key in normalise(a) for a in aliases.get(row[0], ())):
            return 3, name
        return (4, name) if key in name else (9, name)

    ranked = sorted((rank(tuple(r)), r) for r in rows)  # type: ignore[arg-type]
    found = [
        EntitySummary(r[0], r[1], r[2], r[3], r[4], tuple(aliases.get(r[0], ())))
        for (level, _), r in ranked
        if level < 9
    ]
    return found[:limit] if limit is not None else found


def tag_article(
    session: Session, article_id: int, entity_id: int, *, source: str = TagSource.TYPED.value
) -> bool:
    """Tag a story with an entity (appended after its other tags); False if it already was.

    The story's version is not bumped: see the module notes.
    """
    if session.scalar(select(Article.id).where(Article.id == article_id)) is None:
        raise NotFoundError(f"there is no story {article_id}")
    _entity(session, entity_id)
    tagged = exists().where(
        ArticleEntity.article_id == article_id, ArticleEntity.entity_id == entity_id
    )
    if session.scalar(select(tagged)):
        return False
    position = session.scalar(
        select(func.coalesce(func.max(ArticleEntity.position) + 1, 0)).where(
            ArticleEntity.article_id == article_id
        )
    )
    session.add(
        ArticleEntity(
            article_id=article_id,
            entity_id=entity_id,
            source=TagSource(source).value,
            position=position or 0,
        )
    )
    session.flush()
    return True


def untag_article(session: Session, article_id: int, entity_id: int) -> bool:
    """Remove one tag from a story; False if it was not there."""
    done = session.execute(
        delete(ArticleEntity).where(
            ArticleEntity.article_id == article_id, ArticleEntity.entity_id == entity_id
        )
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def article_tags(session: Session, article_id: int) -> list[TagRecord]:
    """A story's tags in order, with what a tag chip shows."""
    rows = session.execute(
        select(Entity.id, Entity.kind, Entity.name, Entity.slug, ArticleEntity.source)
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(ArticleEntity.article_id == article_id)
        .order_by(ArticleEntity.position, Entity.name)
    )
    return [TagRecord(*row) for row in rows]


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


def entity_names(session: Session) -> list[str]:
    """Every entity's name, sorted: for completers (no counts, so it stays fast)."""
    return list(session.scalars(select(Entity.name).order_by(Entity.name)))


def names_and_kinds(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """{id: (name, kind)} for the entities among `ids` that exist: one query."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Entity.id, Entity.name, Entity.kind).where(Entity.id.in_(wanted))
    ).all()
    return {row.id: (row.name, row.kind) for row in rows}
