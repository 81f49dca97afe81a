"""Many new stories and entities saved at once: what an import of thousands of files needs.

`create_articles` writes, for each story, the rows `articles.create_article` writes (the
story at version 1, its More-news links, pending lines, image references, tags, first
revision and headline key), but each table in one statement for the whole batch
rather than a few statements a story: per statement, not per row, is where the time
of a big import went.

All or nothing for the batch: a bad story raises before anything is written (the same
`ValidationError` `create_article` gives), and a constraint failing while writing
(another writer took a slug or uid just now) raises out of the half-written batch. The
caller writes a batch in a savepoint of its own and, when it fails, rolls that back
and saves the stories one by one to learn which one it was (`importing.writer`).

`create_entities` does the same for new entities (`entities.create_entity` without
aliases).

Unlike `create_article`, a story's slug is the caller's to choose (`data.slug` must be
given) and the pending lines that want these stories are not linked here: the caller
links them (`articles.link_arrivals`) once the batch is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from newsroom.core import media, pending
from newsroom.core.articles import (
    ArticleInput,
    ArticleRecord,
    StoryDates,
    clean_input,
    story_dates,
)
from newsroom.core.entities import (
    clean_description,
    clean_kind,
    clean_name,
    entity_id_by_name,
    normalise,
)
from newsroom.core.entity_changes import record_change
from newsroom.core.errors import ValidationError
from newsroom.core.models import (
    NAME_MAX,
    Article,
    ArticleEntity,
    ArticleLeadImage,
    ArticleMedia,
    Entity,
    EntityOldSlug,
    HeadlineKey,
    MoreNewsLink,
    PendingLink,
    Revision,
    Section,
    TagSource,
    utcnow,
)
from newsroom.core.slugs import slug_from, validate_slug
from newsroom.core.story_tags import join_tag_names
from newsroom.core.storyfields import SAVED_FIELDS
from newsroom.text.media_refs import media_ids
from newsroom.text.morenews import target_uids

_ARTICLES = cast(Table, Article.__table__)
_REVISIONS = cast(Table, Revision.__table__)


@dataclass(frozen=True)
class NewStory:
    """One story of a batch: what `create_article` takes for it (`data.slug` given)."""

    data: ArticleInput
    uid: str
    note: str = "created"
    dates: StoryDates | None = None


def create_articles(
    session: Session,
    stories: Sequence[NewStory],
    *,
    author: str = "",
    tag_source: TagSource | None = None,
) -> list[ArticleRecord]:
    """Add the new `stories` (see the module notes); their records, in the same order."""
    if not stories:
        return []
    cleans = [clean_input(s.data) for s in stories]
    names = _check(session, stories, cleans)
    for lead in {c.lead_image_id for c in cleans} - {None}:
        media.check_lead(session, lead)
    now = utcnow()
    stamped = [story_dates(s.dates, now) for s in stories]
    rows = [
        {name: getattr(clean, name) for name in SAVED_FIELDS}
        | {"uid": s.uid, "version": 1, "created_at": d.created_at, "updated_at": d.updated_at}
        for s, clean, d in zip(stories, cleans, stamped, strict=True)
    ]
    ids = list(
        session.scalars(
            insert(_ARTICLES).returning(_ARTICLES.c.id, sort_by_parameter_order=True), rows
        )
    )
    source = (tag_source or TagSource.TYPED).value
    links, lines, images, leads, tags, revisions, keys = [], [], [], [], [], [], []
    for article_id, s, clean, row in zip(ids, stories, cleans, rows, strict=True):
        body = clean.body
        links += [{"source_id": article_id, "position": i, "target_uid": u}
                  for i, u in enumerate(target_uids(body))]  # fmt: skip
        lines += pending.line_rows(article_id, body)
        images += [{"article_id": article_id, "media_id": m} for m in media_ids(body)]
        if clean.lead_image_id is not None:
            leads.append({"article_id": article_id, "media_id": clean.lead_image_id})
        entity_ids = clean.entity_ids or ()
        tags += [{"article_id": article_id, "entity_id": e, "position": n, "source": source}
                 for n, e in enumerate(entity_ids)]  # fmt: skip
        revisions.append(
            {name: row[name] for name in SAVED_FIELDS}
            | {
                "article_id": article_id,
                "version": 1,
                "saved_at": now,
                "saved_by": author,
                "note": s.note[:NAME_MAX],
                "tags": join_tag_names([names[e] for e in entity_ids]),
                "lead_image_id": clean.lead_image_id,
            }
        )
        keys.append({"article_id": article_id, "key": pending.key_of(clean.headline)})
    for table, values in (
        (MoreNewsLink, links), (PendingLink, lines), (ArticleMedia, images),
        (ArticleLeadImage, leads), (ArticleEntity, tags), (_REVISIONS, revisions),
        (HeadlineKey, keys),
    ):  # fmt: skip
        if values:
            session.execute(insert(table), values)
    return [
        ArticleRecord(
            id=article_id,
            uid=s.uid,
            version=1,
            created_at=d.created_at,
            updated_at=d.updated_at,
            entity_ids=clean.entity_ids or (),
            lead_image_id=clean.lead_image_id,
            **{name: row[name] for name in SAVED_FIELDS},
        )
        for article_id, s, clean, d, row in zip(ids, stories, cleans, stamped, rows, strict=True)
    ]


def _check(
    session: Session, stories: Sequence[NewStory], cleans: list[ArticleInput]
) -> dict[int, str]:
    """What `create_article` checks of each story, asked once for the batch: sections and
    entities exist, slugs and uids are free (in the database and within the batch).
    Returns the names of the stories' entities, for their revisions."""
    slugs = [c.slug or "" for c in cleans]
    if not all(slugs):
        raise ValueError("create_articles needs each story's slug")
    for field, values, column in (("slug", slugs, Article.slug),
                                  ("uid", [s.uid for s in stories], Article.uid)):  # fmt: skip
        owners = dict(
            session.execute(select(column, Article.headline).where(column.in_(values))).all()
        )
        seen: dict[object, str] = {}  # value -> headline of the batch's story with it
        for value, clean in zip(values, cleans, strict=True):
            owner = owners.get(value) or seen.get(value)
            if owner is not None:  # the words of `create_article`
                raise ValidationError(
                    field,
                    f"the slug {value!r} is already used by the story {owner!r}"
                    if field == "slug"
                    else f"the uid {value} already belongs to the story {owner!r}",
                )
            seen[value] = clean.headline
    sections = {c.section_id for c in cleans if c.section_id is not None}
    missing = sections - set(session.scalars(select(Section.id).where(Section.id.in_(sections))))
    if missing:
        raise ValidationError("section", f"there is no section {min(missing)}")
    wanted = {e for c in cleans for e in c.entity_ids or ()}
    names: dict[int, str] = dict(
        session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(wanted))).all()
    )
    if wanted - names.keys():
        raise ValidationError("entities", f"unknown entity id(s): {sorted(wanted - names.keys())}")
    return names


@dataclass(frozen=True)
class NewEntity:
    """One entity of a batch: what `create_entity` takes for it (`slug`: its own)."""

    kind: str
    name: str
    description: str = ""
    slug: str | None = None


def create_entities(session: Session, entities: Sequence[NewEntity]) -> list[int]:
    """Add the new `entities`, each as `create_entity` adds it, in that order (the same
    slugs); their ids. A bad or taken name or slug raises `ValidationError` before
    anything is written."""
    if not entities:
        return []
    rows: list[dict[str, str | None]] = []
    keys: set[tuple[str, str]] = set()
    for e in entities:
        kind, name = clean_kind(e.kind), clean_name(e.name)
        if (kind, normalise(name)) in keys:
            raise ValidationError("name", f"there is already a {kind} called {name!r}")
        keys.add((kind, normalise(name)))
        if e.slug is not None:
            validate_slug(e.slug)
        rows.append({"kind": kind, "name": name, "slug": e.slug,
                     "description": clean_description(e.description)})  # fmt: skip
    _check_names_free(session, rows)
    bases = {r["slug"] or slug_from(str(r["name"]), str(r["kind"])) for r in rows}
    in_use = set(session.scalars(select(Entity.slug).where(Entity.slug.in_(bases))))
    for row in rows:
        given = row["slug"]
        if given is not None:
            if given in in_use:
                raise ValidationError(
                    "slug", f"the slug {given!r} is already used by another entity"
                )
        else:
            row["slug"] = _free_slug(session, slug_from(str(row["name"]), str(row["kind"])), in_use)
        in_use.add(str(row["slug"]))
    slugs = [str(r["slug"]) for r in rows]
    session.execute(delete(EntityOldSlug).where(EntityOldSlug.slug.in_(slugs)))  # taken over
    table = cast(Table, Entity.__table__)
    ids = list(
        session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    )
    record_change(session, *ids)
    return ids


def _check_names_free(session: Session, rows: list[dict[str, str | None]]) -> None:
    """`create_entity`'s duplicate check (same kind, same `normalise`d name), in one
    query for the names the database can compare (`entity_id_by_name`)."""
    plain = {str(r["name"]).lower() for r in rows if str(r["name"]).isascii()}
    kinds = {r["kind"] for r in rows}
    found = session.execute(
        select(Entity.kind, Entity.name).where(
            Entity.kind.in_(kinds), func.lower(Entity.name).in_(plain)
        )
    )
    taken = {(kind, normalise(name)) for kind, name in found}
    for row in rows:
        kind, name = str(row["kind"]), str(row["name"])
        if (kind, normalise(name)) in taken or (
            not name.isascii() and entity_id_by_name(session, kind, name) is not None
        ):
            raise ValidationError("name", f"there is already a {kind} called {name!r}")


def _free_slug(session: Session, base: str, in_use: set[str]) -> str:
    """`base`, or the first of `base-2`, `base-3`, ... that no entity has and the batch
    has not given (`slugs.unique_slug`, with the batch's own)."""
    if base not in in_use:
        return base
    taken = in_use | set(session.scalars(select(Entity.slug).where(Entity.slug.like(f"{base}-%"))))
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
