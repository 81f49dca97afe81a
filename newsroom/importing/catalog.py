"""Sections and entities an import tags its stories with: found, or created once.

An import of 10,000 files tags each story with a few entities and a section; asking the
database for each by name would scan the entity table every time. The catalog keeps
what it has *seen* in the database (names, aliases, sections) and reads only what is new
since (rows with a higher id) at the start of each group's transaction.

What it never keeps is "not in the database": another import, or an editor, may create
the same section or tag at any moment. A name the catalog does not know is created in a
savepoint of the group's transaction; when that fails because someone else created it
first (a unique violation on PostgreSQL once the other commits, or the service's own
"there is already ..." check), the savepoint is rolled back and the existing row is read
and used. A deadlock on PostgreSQL is retried the same way.

`prepare` resolves everything a group of stories needs before any story is written, in
one order every importer shares (sections, then entities, each by name): two imports
creating the same new names then wait for each other instead of each holding a name the
other needs. A failed or cancelled file must leave nothing behind, so entities created
for a group that no story of it ended up tagged with are deleted before the commit
(`drop_unused`). Entity *renames* and deletions by others during an import are not
followed: a tag names the entity as it was seen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newsroom.core.batch import NewEntity, create_entities
from newsroom.core.entities import (
    create_entity,
    delete_entity,
    entity_id_by_name,
    find_entity_id,
    normalise,
)
from newsroom.core.errors import NewsroomError, ValidationError
from newsroom.core.models import Article, ArticleEntity, Entity, EntityAlias, Section
from newsroom.core.sections import create_section
from newsroom.core.slugs import SLUG_PATTERN
from newsroom.importing.faults import describe, is_retryable
from newsroom.importing.model import EntityRef, SectionRef
from newsroom.text.kinds import guess_kind
from newsroom.text.tokens import tokenize

ATTEMPTS = 4


@functools.lru_cache(maxsize=4096)
def guess_entity_kind(name: str) -> str:
    """The kind of a tag that only has a name: a lower-case tag ("climate policy") is a
    topic; otherwise the entity code's own guess from the words of the name. Kept for
    the names seen last: an import orders every group's new names by it."""
    if not any(c.isupper() for c in name):
        return "topic"
    tokens = tokenize(name)
    if not tokens:
        return "topic"
    return guess_kind(tokens, list(range(len(tokens))))


@dataclass
class Catalog:
    by_kind_name: dict[tuple[str, str], int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)  # name or alias, any kind
    sections_by_name: dict[str, int] = field(default_factory=dict)
    sections_by_slug: dict[str, int] = field(default_factory=dict)
    _seen_entity: int = 0  # the highest entity id read so far
    _seen_alias: int = 0
    _seen_article: int = 0
    _headlines: dict[str, str] | None = None
    _batch: dict[str, dict[object, int]] = field(default_factory=dict)  # this transaction's
    _created: list[int] = field(default_factory=list)  # entities this transaction created
    _problems: dict[object, str] = field(default_factory=dict)  # ref -> why it can't be had

    @classmethod
    def load(cls, session: Session) -> Catalog:
        catalog = cls()
        catalog.refresh(session)
        return catalog

    def refresh(self, session: Session) -> None:
        """Read what is new in the database since the last look: entities and aliases
        by id, every section (a short list), and new headlines once those are used."""
        for entity_id, kind, name in session.execute(
            select(Entity.id, Entity.kind, Entity.name)
            .where(Entity.id > self._seen_entity)
            .order_by(Entity.id)
        ):
            self.by_kind_name.setdefault((kind, normalise(name)), entity_id)
            self.by_name.setdefault(normalise(name), entity_id)
            self._seen_entity = entity_id
        for alias_id, entity_id, key in session.execute(
            select(EntityAlias.id, EntityAlias.entity_id, EntityAlias.normalised)
            .where(EntityAlias.id > self._seen_alias)
            .order_by(EntityAlias.id)
        ):
            self.by_name.setdefault(key, entity_id)
            self._seen_alias = alias_id
        self.sections_by_name.clear()
        self.sections_by_slug.clear()
        for section_id, name, slug in session.execute(
            select(Section.id, Section.name, Section.slug)
        ):
            self.sections_by_name[name.casefold()] = section_id
            self.sections_by_slug[slug] = section_id
        if self._headlines is not None:
            self._read_headlines(session)
        self._problems.clear()

    # --- bookkeeping: a group's transaction ----------------------------------------------

    def commit(self) -> None:
        """The transaction committed: what it created is real now."""
        for name, learnt in self._batch.items():
            known: dict[object, int] = getattr(self, name)
            for key, value in learnt.items():
                known.setdefault(key, value)
        self._batch.clear()
        self._created.clear()

    def rollback(self) -> None:
        self._batch.clear()
        self._created.clear()

    def _learn(self, name: str, key: object, value: int) -> None:
        self._batch.setdefault(name, {}).setdefault(key, value)

    def _get(self, name: str, key: object) -> int | None:
        found = getattr(self, name).get(key)
        return found if found is not None else self._batch.get(name, {}).get(key)

    # --- a group's names, in one order ----------------------------------------------------

    def prepare(
        self,
        session: Session,
        sections: Iterable[SectionRef],
        entities: Iterable[tuple[EntityRef, str]],
    ) -> None:
        """Find or create every section and entity (with its description) a group needs,
        sections then entities, each in name order (see the module notes). A name that
        can not be had is remembered with the reason, for the files that use it."""
        for section in sorted(set(sections), key=lambda r: (r.name.casefold(), r.slug or "")):
            try:
                self.section_id(session, section)
            except (NewsroomError, IntegrityError, DataError) as exc:
                self._problems[section] = describe(exc)
        unknown = [e for e in dict.fromkeys(entities) if self._known_entity(e[0]) is None]
        unknown.sort(key=lambda item: _entity_order(item[0]))
        for ref, description in unknown[self._create_many(session, unknown) :]:
            try:
                self.entity_id(session, ref, description)
            except (NewsroomError, IntegrityError, DataError) as exc:
                self._problems[ref] = describe(exc)

    def _create_many(self, session: Session, unknown: list[tuple[EntityRef, str]]) -> int:
        """Create the first of the `unknown` names at once (`core.batch`), up to one that
        may name an entity made before it; how many were made. When the batch fails (a
        name someone else took just now), nothing is made: `entity_id` makes each."""
        made: list[tuple[EntityRef, str, str | None]] = []  # ref, kind, slug
        keys: set[str] = set()
        for ref, _ in unknown:
            key = normalise(ref.name)
            if ref in self._problems or key in keys:
                break
            keys.add(key)
            slug = ref.slug if ref.slug and SLUG_PATTERN.match(ref.slug) else None
            made.append((ref, ref.kind or guess_entity_kind(ref.name), slug))
        if len(made) <= 1:
            return 0
        given = {slug for _, _, slug in made if slug is not None}
        taken = set(session.scalars(select(Entity.slug).where(Entity.slug.in_(given))))
        new = []
        for (ref, kind, slug), (_, description) in zip(made, unknown, strict=False):
            if slug in taken:
                slug = None  # another entity's: the name's slug, as for any new entity
            new.append(NewEntity(kind, ref.name, description, slug))
            taken.add(slug or "")
        try:
            with session.begin_nested():
                ids = create_entities(session, new)
        except (IntegrityError, OperationalError, ValidationError, DataError) as exc:
            if isinstance(exc, OperationalError) and not is_retryable(exc):
                raise
            return 0
        for (ref, kind, _), entity_id in zip(made, ids, strict=True):
            self._learn("by_kind_name", (kind, normalise(ref.name)), entity_id)
            self._learn("by_name", normalise(ref.name), entity_id)
            self._created.append(entity_id)
        return len(made)

    def drop_unused(self, session: Session) -> None:
        """Delete the entities this transaction created that no story is tagged with
        (their files failed or were not written): an import leaves no stray tags."""
        if not self._created:
            return
        used = set(
            session.scalars(
                select(ArticleEntity.entity_id)
                .where(ArticleEntity.entity_id.in_(self._created))
                .distinct()
            )
        )
        unused = [i for i in self._created if i not in used]
        for entity_id in unused:
            delete_entity(session, entity_id)
        gone = set(unused)
        for name in ("by_kind_name", "by_name"):
            learnt = self._batch.get(name, {})
            for key in [k for k, v in learnt.items() if v in gone]:
                del learnt[key]
        self._created = [i for i in self._created if i not in gone]

    # --- lookups that create what is missing --------------------------------------------

    def entity_id(self, session: Session, ref: EntityRef, description: str = "") -> int:
        """The entity for a tag: the one of that kind and name, else (for a tag without a
        slug of its own) one with that name or alias, else a new one, its kind guessed
        when the file gives none and its slug the file's when that is free."""
        found = self._known_entity(ref)
        if found is not None:
            return found
        if ref in self._problems:
            raise ValidationError("entity", self._problems[ref])
        kind = ref.kind or guess_entity_kind(ref.name)

        def create() -> int:
            slug = ref.slug if ref.slug and SLUG_PATTERN.match(ref.slug) else None
            if slug is not None and session.scalar(select(Entity.id).where(Entity.slug == slug)):
                slug = None  # another entity's: the name's slug, as for any new entity
            return create_entity(session, kind, ref.name, description=description, slug=slug).id

        def existing() -> int | None:
            found = entity_id_by_name(session, kind, ref.name)
            if found is None and ref.kind is None and ref.slug is None:
                found = find_entity_id(session, ref.name)
            return found

        entity_id, created = _get_or_create(session, create, existing)
        key = normalise(ref.name)
        self._learn("by_kind_name", (kind, key), entity_id)
        self._learn("by_name", key, entity_id)
        if created:
            self._created.append(entity_id)
        return entity_id

    def known_entity(self, ref: EntityRef) -> int | None:
        """The id of the entity `ref` names, if it was seen or made; never creates one."""
        return self._known_entity(ref)

    def _known_entity(self, ref: EntityRef) -> int | None:
        key = normalise(ref.name)
        found = self._get("by_kind_name", (ref.kind, key)) if ref.kind is not None else None
        if found is None and ref.slug is None:
            found = self._get("by_name", key)
        return found

    def section_id(self, session: Session, ref: SectionRef) -> int:
        """The section with this slug or name, else a new one (with the file's slug when
        that is free)."""
        found = self._known_section(ref)
        if found is not None:
            return found
        if ref in self._problems:
            raise ValidationError("section", self._problems[ref])
        slug = ref.slug
        if slug and (not SLUG_PATTERN.match(slug) or self._get("sections_by_slug", slug)):
            slug = None

        def existing() -> int | None:
            name = " ".join(ref.name.split()).casefold()
            rows = session.execute(select(Section.id, Section.name, Section.slug)).all()
            by_slug = next((i for i, _, s in rows if ref.slug and s == ref.slug), None)
            return by_slug or next((i for i, n, _ in rows if n.casefold() == name), None)

        section_id, _ = _get_or_create(
            session, lambda: create_section(session, ref.name, slug).id, existing
        )
        record = session.get(Section, section_id)
        if record is not None:
            self._learn("sections_by_name", record.name.casefold(), section_id)
            self._learn("sections_by_slug", record.slug, section_id)
        return section_id

    def known_section(self, ref: SectionRef) -> int | None:
        """The id of the section `ref` names, if it was seen or made; never creates one."""
        return self._known_section(ref)

    def _known_section(self, ref: SectionRef) -> int | None:
        found = self._get("sections_by_slug", ref.slug) if ref.slug else None
        name = " ".join(ref.name.split()).casefold()
        return found if found is not None else self._get("sections_by_name", name)

    # --- headlines, for More-news lines -------------------------------------------------

    def uid_by_headline(self, session: Session, headline: str) -> str | None:
        """The uid of the story in the database with this headline (newest if several)."""
        if self._headlines is None:
            self._headlines = {}
            self._read_headlines(session)
        return self._headlines.get(" ".join(headline.split()).casefold())

    def _read_headlines(self, session: Session) -> None:
        assert self._headlines is not None
        rows = session.execute(
            select(Article.id, Article.uid, Article.headline)
            .where(Article.id > self._seen_article)
            .order_by(Article.published_at.is_not(None), Article.published_at, Article.id)
        )
        for article_id, uid, text in rows:
            self._headlines[" ".join(text.split()).casefold()] = uid
            self._seen_article = max(self._seen_article, article_id)

    def learn_headline(self, headline: str, uid: str) -> None:
        if self._headlines is not None:
            self._headlines[" ".join(headline.split()).casefold()] = uid

    def uid_exists(self, session: Session, uid: str) -> bool:
        return bool(session.scalar(select(exists().where(Article.uid == uid))))


def _entity_order(ref: EntityRef) -> tuple[str, str, str]:
    """The order every import creates entities in (see the module notes)."""
    return (ref.kind or guess_entity_kind(ref.name), normalise(ref.name), ref.slug or "")


def _get_or_create(
    session: Session, create: Callable[[], int], existing: Callable[[], int | None]
) -> tuple[int, bool]:
    """(id, created): `create()` in a savepoint; when another writer got there first,
    the row it made (see the module notes). Raises what `create` raised otherwise."""
    for attempt in range(ATTEMPTS):
        try:
            with session.begin_nested():
                return create(), True
        except (IntegrityError, OperationalError, ValidationError) as exc:
            if isinstance(exc, OperationalError) and not is_retryable(exc):
                raise
            found = existing()
            if found is not None:
                return found, False
            if isinstance(exc, ValidationError) or attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
