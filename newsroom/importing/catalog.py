"""What the database already holds, looked up once per import instead of once per story.

An import of 10,000 files tags each story with a few entities and a section; asking
the database for each by name would scan the entity table every time. The catalog
loads names, aliases and sections once, and learns what each file creates, but only
as far as it is real: a file's creations are dropped when its savepoint rolls back
(`file_failed`) and all of a group's when its transaction does (`rollback`), so no id
is remembered that no longer exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core.entities import create_entity, normalise, update_entity
from newsroom.core.models import Article, Entity, EntityAlias, Section
from newsroom.core.sections import create_section
from newsroom.core.slugs import SLUG_PATTERN
from newsroom.importing.model import EntityRef, SectionRef
from newsroom.text.kinds import guess_kind
from newsroom.text.tokens import tokenize


def guess_entity_kind(name: str) -> str:
    """The kind of a tag that only has a name: a lower-case tag ("climate policy") is a
    topic; otherwise the entity code's own guess from the words of the name."""
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
    _headlines: dict[str, str] | None = None
    _pending: dict[str, dict[object, int]] = field(default_factory=dict)  # this file's
    _batch: dict[str, dict[object, int]] = field(default_factory=dict)  # this transaction's

    @classmethod
    def load(cls, session: Session) -> Catalog:
        catalog = cls()
        for entity_id, kind, name in session.execute(select(Entity.id, Entity.kind, Entity.name)):
            catalog.by_kind_name.setdefault((kind, normalise(name)), entity_id)
            catalog.by_name.setdefault(normalise(name), entity_id)
        for entity_id, key in session.execute(
            select(EntityAlias.entity_id, EntityAlias.normalised)
        ):
            catalog.by_name.setdefault(key, entity_id)
        for section_id, name, slug in session.execute(
            select(Section.id, Section.name, Section.slug)
        ):
            catalog.sections_by_name[name.casefold()] = section_id
            catalog.sections_by_slug[slug] = section_id
        return catalog

    # --- bookkeeping: a file's savepoint inside a group's transaction ---------------------

    def file_done(self) -> None:
        """The file's savepoint was released: keep what it created until the commit."""
        for name, learnt in self._pending.items():
            self._batch.setdefault(name, {}).update(learnt)
        self._pending.clear()

    def file_failed(self) -> None:
        self._pending.clear()

    def commit(self) -> None:
        """The transaction committed: what its files created is real now."""
        self.file_done()
        for name, learnt in self._batch.items():
            known: dict[object, int] = getattr(self, name)
            for key, value in learnt.items():
                known.setdefault(key, value)
        self._batch.clear()

    def rollback(self) -> None:
        self._pending.clear()
        self._batch.clear()

    def _learn(self, name: str, key: object, value: int) -> None:
        self._pending.setdefault(name, {}).setdefault(key, value)

    def _get(self, name: str, key: object) -> int | None:
        for layer in (getattr(self, name), self._batch.get(name, {}), self._pending.get(name, {})):
            found = layer.get(key)
            if found is not None:
                return found
        return None

    # --- lookups that create what is missing --------------------------------------------

    def entity_id(self, session: Session, ref: EntityRef, description: str = "") -> int:
        """The entity for a tag: the one of that kind and name, else (for a tag without a
        slug of its own) one with that name or alias, else a new one, its kind guessed
        when the file gives none and its slug the file's when that is free."""
        key = normalise(ref.name)
        found = self._get("by_kind_name", (ref.kind, key)) if ref.kind is not None else None
        if found is None and ref.slug is None:
            found = self._get("by_name", key)
        if found is not None:
            return found
        kind = ref.kind or guess_entity_kind(ref.name)
        record = create_entity(session, kind, ref.name, description=description)
        if ref.slug and ref.slug != record.slug and SLUG_PATTERN.match(ref.slug):
            taken = session.scalar(select(Entity.id).where(Entity.slug == ref.slug))
            if taken is None:
                update_entity(session, record.id, slug=ref.slug)
        self._learn("by_kind_name", (kind, key), record.id)
        self._learn("by_name", key, record.id)
        return record.id

    def section_id(self, session: Session, ref: SectionRef) -> int:
        """The section with this slug or name, else a new one (with the file's slug when
        that is free)."""
        found = self._get("sections_by_slug", ref.slug) if ref.slug else None
        found = found if found is not None else self._get("sections_by_name", ref.name.casefold())
        if found is not None:
            return found
        slug = ref.slug
        if slug and (not SLUG_PATTERN.match(slug) or self._get("sections_by_slug", slug)):
            slug = None
        record = create_section(session, ref.name, slug)
        self._learn("sections_by_name", record.name.casefold(), record.id)
        self._learn("sections_by_slug", record.slug, record.id)
        return record.id

    def uid_by_headline(self, session: Session, headline: str) -> str | None:
        """The uid of the story in the database with this headline (newest if several)."""
        if self._headlines is None:
            self._headlines = {}
            rows = session.execute(
                select(Article.uid, Article.headline).order_by(
                    Article.published_at.is_not(None), Article.published_at, Article.id
                )
            )
            for uid, text in rows:
                self._headlines[" ".join(text.split()).casefold()] = uid
        return self._headlines.get(" ".join(headline.split()).casefold())

    def learn_headline(self, headline: str, uid: str) -> None:
        if self._headlines is not None:
            self._headlines[" ".join(headline.split()).casefold()] = uid
