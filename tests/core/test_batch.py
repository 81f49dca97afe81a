"""`create_articles`: a batch of new stories gets the rows `create_article` gives each."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from newsroom.core.articles import ArticleInput, StoryDates, create_article, load_article
from newsroom.core.batch import NewEntity, NewStory, create_articles, create_entities
from newsroom.core.changes import story_changes
from newsroom.core.db import Database
from newsroom.core.entities import create_entity
from newsroom.core.errors import ValidationError
from newsroom.core.models import (
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
    TagSource,
)
from newsroom.core.sections import create_section
from newsroom.text.media_refs import ref
from newsroom.text.morenews import pending_token, token

WHEN = datetime(2024, 5, 6, 7, 8, tzinfo=UTC)


def _rows(db: Database, article_id: int) -> dict[str, Any]:
    """Everything saved for a story, without what differs between two copies of it
    (ids, uid, slug, the time of the save)."""
    with db.reading() as session:
        story = load_article(session, article_id)

        def rows(model: Any, key: Any, *columns: Any) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in session.execute(select(*columns).where(key == article_id))]

        revision = session.execute(
            select(Revision).where(Revision.article_id == article_id)
        ).scalar_one()
        return {
            "story": {k: v for k, v in vars(story).items() if k not in ("id", "uid", "slug")},
            "links": rows(MoreNewsLink, MoreNewsLink.source_id, MoreNewsLink.position,
                          MoreNewsLink.target_uid),
            "pending": rows(PendingLink, PendingLink.source_id, PendingLink.position,
                            PendingLink.wanted, PendingLink.wanted_key, PendingLink.truncated),
            "media": rows(ArticleMedia, ArticleMedia.article_id, ArticleMedia.media_id),
            "lead": rows(ArticleLeadImage, ArticleLeadImage.article_id, ArticleLeadImage.media_id),
            "tags": rows(ArticleEntity, ArticleEntity.article_id, ArticleEntity.entity_id,
                         ArticleEntity.position, ArticleEntity.source),
            "key": rows(HeadlineKey, HeadlineKey.article_id, HeadlineKey.key),
            "revision": {k: getattr(revision, k) for k in (
                "version", "saved_by", "note", "headline", "standfirst", "body", "byline",
                "section_id", "dateline", "status", "published_at", "embargo_until", "tags",
                "lead_image_id")},
            "stamped": session.scalar(
                select(func.count()).where(story_changes.c.article_id == article_id)
            ),
        }  # fmt: skip


def test_a_batch_saves_what_one_by_one_saves(db: Database) -> None:
    from media_files import picture

    from newsroom.core.media import add_image

    with db.transaction() as session:
        lead = add_image(session, picture(seed=61), alt="The harbour")[0].id
        target = create_article(session, ArticleInput(headline="Harbour reopens"))
        section = create_section(session, "Business").id
        tags = (create_entity(session, "place", "Port Edris").id,
                create_entity(session, "topic", "dredging").id)  # fmt: skip
    body = (
        f"Dredging starts.\n\n{token(target.uid, 'Harbour reopens')}\n\n"
        f"{pending_token('A story to come')}\n\n{ref(7, 'Boats')}\n"
    )
    data = ArticleInput(
        headline="Council approves dredging", standfirst="A vote.", body=body,
        byline="Ana", section_id=section, dateline="Port Edris", status="published",
        published_at=WHEN, entity_ids=(*tags, tags[0]), lead_image_id=lead,
    )  # fmt: skip
    dates = StoryDates(WHEN, WHEN)
    with db.transaction() as session:
        one = create_article(
            session, ArticleInput(**{**vars(data), "slug": "one"}), author="imp", note="n",
            dates=dates, tag_source=TagSource.IMPORT, link_pending=False,
        )  # fmt: skip
        batch = create_articles(
            session,
            [NewStory(ArticleInput(**{**vars(data), "slug": "two"}), str(uuid.uuid4()), "n", dates),
             NewStory(ArticleInput(headline="Plain", slug="plain"), str(uuid.uuid4()))],
            author="imp", tag_source=TagSource.IMPORT,
        )  # fmt: skip
    assert [r.slug for r in batch] == ["two", "plain"]
    assert _rows(db, batch[0].id) == _rows(db, one.id)
    assert {k: v for k, v in vars(batch[0]).items() if k not in ("id", "uid", "slug")} == {
        k: v for k, v in vars(one).items() if k not in ("id", "uid", "slug")
    }
    assert _rows(db, one.id)["lead"] == [(lead,)]
    plain = _rows(db, batch[1].id)
    assert plain["revision"]["note"] == "created" and plain["tags"] == []
    assert plain["stamped"] == 1


@pytest.mark.parametrize(
    "second",
    [
        {"slug": "taken"},  # in the database
        {"slug": "twice"},  # earlier in the batch
        {"uid": "uid-of-taken"},
        {"headline": " "},
        {"entity_ids": (999,)},
        {"section_id": 999},
        {"lead_image_id": 999},
    ],
)
def test_a_bad_story_raises_before_anything_is_written(
    db: Database, second: dict[str, Any]
) -> None:
    with db.transaction() as session:
        taken = create_article(session, ArticleInput(headline="Taken", slug="taken"))
    second = dict(second)  # the parameter is shared by both backends
    uid = taken.uid if second.pop("uid", None) else str(uuid.uuid4())
    fields = {"headline": "Second", "slug": "second", **second}
    with db.transaction() as session:
        with pytest.raises(ValidationError):
            create_articles(
                session,
                [NewStory(ArticleInput(headline="First", slug="twice"), str(uuid.uuid4())),
                 NewStory(ArticleInput(**fields), uid)],
            )  # fmt: skip
        assert session.scalar(select(func.count()).select_from(Article)) == 1


def test_a_batch_needs_its_slugs(db: Database) -> None:
    with db.transaction() as session, pytest.raises(ValueError, match="slug"):
        create_articles(session, [NewStory(ArticleInput(headline="No slug"), str(uuid.uuid4()))])


def _entities(session: Session, names: list[str]) -> list[tuple[str, str, str, str]]:
    rows = session.execute(
        select(Entity.kind, Entity.name, Entity.slug, Entity.description)
        .where(Entity.name.in_(names))
        .order_by(Entity.id)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


NAMES = [
    NewEntity("place", "Georgia"),
    NewEntity("person", "Georgia", "A singer."),  # the name's slug is taken: georgia-2
    NewEntity("organisation", "Harbour Board", slug="the-board"),
    NewEntity("topic", "Georgia  ", slug="old-page"),  # an old slug is taken over
]


def test_a_batch_of_entities_gets_what_one_by_one_gets(db: Database) -> None:
    with db.transaction() as session:
        create_entity(session, "event", "Georgia")  # georgia is taken before the batch
        moved = create_entity(session, "place", "Old name", slug="old-page")
        session.add(EntityOldSlug(slug="old-page-was", entity_id=moved.id))
        session.execute(update(Entity).where(Entity.id == moved.id).values(slug="new-page"))
        session.add(EntityOldSlug(slug="old-page", entity_id=moved.id))
    names = [e.name.strip() for e in NAMES]
    with db.transaction() as session:
        alone = session.begin_nested()
        for e in NAMES:
            create_entity(session, e.kind, e.name, description=e.description, slug=e.slug)
        one_by_one = _entities(session, names)
        alone.rollback()
        ids = create_entities(session, NAMES)
        together = _entities(session, names)
    assert together == one_by_one
    assert [slug for _, _, slug, _ in together] == [
        "georgia", "georgia-2", "georgia-3", "the-board", "old-page"]  # fmt: skip
    assert len(ids) == 4
    with db.reading() as session:
        assert session.get(EntityOldSlug, "old-page") is None


@pytest.mark.parametrize(
    "bad",
    [
        NewEntity("event", "Georgia"),  # taken, as a name of that kind
        NewEntity("event", "GEORGIA"),
        NewEntity("place", "Tbilisi"),  # twice in the batch
        NewEntity("topic", "Used slug", slug="georgia"),
        NewEntity("nonsense", "Kind"),
        NewEntity("topic", " "),
    ],
)
def test_a_bad_entity_raises_before_any_is_written(db: Database, bad: NewEntity) -> None:
    with db.transaction() as session:
        create_entity(session, "event", "Georgia")
    with db.transaction() as session:
        with pytest.raises(ValidationError):
            create_entities(session, [NewEntity("place", "Tbilisi"), bad])
        assert session.scalar(select(func.count()).select_from(Entity)) == 1


@pytest.mark.parametrize("field", ["slug", "uid"])
def test_a_duplicate_within_the_batch_names_the_story_that_has_it(db: Database, field: str) -> None:
    uid = str(uuid.uuid4())
    second = NewStory(
        ArticleInput(headline="Second", slug="first" if field == "slug" else "second"),
        uid if field == "uid" else str(uuid.uuid4()),
    )
    with db.transaction() as session, pytest.raises(ValidationError) as raised:
        create_articles(session, [NewStory(ArticleInput(headline="First", slug="first"), uid),
                                  second])  # fmt: skip
    assert raised.value.field == field
    assert str(raised.value).endswith("the story 'First'")
