"""The article service: create, update, conflicts, delete, More-news links, validation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from newsroom.core.articles import (
    ArticleInput,
    count_articles,
    create_article,
    delete_article,
    linked_from,
    load_article,
    update_article,
    with_changes,
)
from newsroom.core.entities import create_entity, delete_entity
from newsroom.core.errors import ConflictError, NewsroomError, ValidationError
from newsroom.core.models import ArticleEntity, MoreNewsLink, Revision
from newsroom.core.revisions import list_revisions
from newsroom.core.suggestions import accept, suggest
from newsroom.text.morenews import token


def row_counts(db) -> dict[str, int]:
    with db.reading() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Revision, MoreNewsLink, ArticleEntity)
        }
        counts["articles"] = count_articles(session)
    return counts


def links_of(db, article_id: int) -> list[tuple[int, str]]:
    with db.reading() as session:
        rows = session.execute(
            select(MoreNewsLink.position, MoreNewsLink.target_uid)
            .where(MoreNewsLink.source_id == article_id)
            .order_by(MoreNewsLink.position)
        ).all()
        return [tuple(row) for row in rows]


def is_utc(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() == timedelta(0)


def test_create_gives_version_1_a_uid_utc_times_and_a_first_revision(db, add_story):
    story = add_story("Storm hits the coast", body="Waves.", author="ana")

    assert story.version == 1
    assert uuid.UUID(story.uid).version == 4
    assert is_utc(story.created_at) and is_utc(story.updated_at)
    assert story.body == "Waves.\n"
    with db.reading() as session:
        [rev] = list_revisions(session, story.id)
    assert (rev.version, rev.saved_by, rev.headline) == (1, "ana", "Storm hits the coast")


def test_update_bumps_version_and_keeps_created_at(add_story, edit_story, reload):
    story = add_story("Storm hits the coast")
    saved = edit_story(story, headline="Storm batters the coast")

    assert saved.version == 2
    assert reload(story.id).headline == "Storm batters the coast"
    assert saved.created_at == story.created_at
    assert saved.updated_at >= story.updated_at and is_utc(saved.updated_at)


def test_second_writer_on_a_stale_version_gets_a_conflict_and_keeps_their_text(
    db, add_story, reload
):
    story = add_story("Budget day", body="Original.")
    with db.reading() as session:
        first = load_article(session, story.id)
    with db.reading() as session:
        second = load_article(session, story.id)
    assert first.version == second.version == 1

    with db.transaction() as session:
        update_article(session, first.id, 1, with_changes(first, body="First writer's text."))
    with pytest.raises(ConflictError) as caught, db.transaction() as session:
        update_article(session, second.id, 1, with_changes(second, body="Second writer's text."))

    err = caught.value
    assert err.mine["body"] == "Second writer's text."
    assert (err.expected_version, err.theirs_version) == (1, 2)
    now = reload(story.id)
    assert (now.version, now.body) == (2, "First writer's text.\n")
    with db.reading() as session:
        assert len(list_revisions(session, story.id)) == 2


def test_saving_a_story_deleted_since_it_was_opened_is_a_conflict(db, add_story):
    story = add_story("Doomed story")
    with db.transaction() as session:
        delete_article(session, story.id)

    with pytest.raises(ConflictError) as caught, db.transaction() as session:
        update_article(session, story.id, 1, with_changes(story, body="My edits."))

    assert caught.value.theirs_version is None
    assert "deleted" in str(caught.value)
    assert caught.value.mine["body"] == "My edits."
    assert row_counts(db)["articles"] == 0


def test_delete_with_a_stale_version_is_refused(db, add_story, edit_story, reload):
    story = add_story("Kept story")
    edit_story(story, body="Newer.")

    with pytest.raises(ConflictError), db.transaction() as session:
        delete_article(session, story.id, expected_version=1)
    assert reload(story.id).version == 2


def test_delete_removes_revisions_tags_and_links(db, add_story, edit_story):
    target = add_story("Target")
    with db.transaction() as session:
        entity = create_entity(session, "person", "Ada Lovelace")
    story = add_story("Source", body=token(target.uid), entity_ids=(entity.id,))
    edit_story(story, standfirst="Second save.")
    assert row_counts(db) == {
        "revisions": 3,
        "more_news_links": 1,
        "article_entities": 1,
        "articles": 2,
    }

    with db.transaction() as session:
        delete_article(session, story.id)

    assert row_counts(db) == {
        "revisions": 1,
        "more_news_links": 0,
        "article_entities": 0,
        "articles": 1,
    }
    with db.reading() as session:
        assert linked_from(session, target.uid) == []


def test_more_news_links_follow_the_body_on_every_save(db, add_story, edit_story):
    first, second = add_story("First target"), add_story("Second target")
    body = f"Intro.\n\n{token(second.uid, 'Old headline')}\n\n{token(first.uid)}\n"
    source = add_story("Source story", body=body)

    assert links_of(db, source.id) == [(0, second.uid), (1, first.uid)]
    with db.reading() as session:
        assert linked_from(session, first.uid) == [(source.id, "Source story")]

    edit_story(source, body=f"Only one now.\n\n{token(first.uid)}")
    assert links_of(db, source.id) == [(0, first.uid)]
    with db.reading() as session:
        assert linked_from(session, second.uid) == []


def test_publishing_without_a_date_is_refused_not_stamped(db, add_story, reload):
    draft = add_story("Just a draft")
    assert draft.published_at is None
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        create_article(session, ArticleInput(headline="Live now", status="published"))
    assert caught.value.field == "published_at"
    assert "needs a publication date" in caught.value.message
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        update_article(session, draft.id, draft.version, with_changes(draft, status="published"))
    assert caught.value.field == "published_at"
    assert reload(draft.id) == draft
    assert row_counts(db)["articles"] == 1


def test_an_embargo_may_end_at_or_before_the_publication_time(add_story, reload):
    published = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    same = add_story("Same", status="published", published_at=published, embargo_until=published)
    earlier = add_story(
        "Earlier",
        status="published",
        published_at=published,
        embargo_until=published - timedelta(hours=2),
    )
    assert reload(same.id).embargo_until == published
    assert reload(earlier.id).embargo_until == published - timedelta(hours=2)


@pytest.mark.parametrize("status", ["published", "draft", "ready"])
def test_an_embargo_after_the_publication_time_is_refused_in_every_status(db, status):
    data = ArticleInput(
        headline="Held story",
        status=status,
        published_at=datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
        embargo_until=datetime(2024, 5, 1, 9, 1, tzinfo=UTC),
    )
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        create_article(session, data)
    assert caught.value.field == "embargo_until"
    assert "embargo ends after the publication time" in caught.value.message
    assert set(row_counts(db).values()) == {0}


def test_a_given_publication_time_is_stored_in_utc(add_story, reload):
    paris = datetime(2024, 5, 1, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    story = add_story("Scheduled", status="published", published_at=paris)

    assert reload(story.id).published_at == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)


def test_a_300_character_headline_is_accepted(add_story):
    assert len(add_story("x" * 300).headline) == 300


NAIVE = datetime(2024, 5, 1, 9, 0)
PUBLISHED = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
YEAR_1 = datetime(1, 1, 1, tzinfo=UTC)
YEAR_9999 = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12)))
INVALID = [
    pytest.param({"headline": ""}, "headline", id="empty-headline"),
    pytest.param({"headline": " \t\n "}, "headline", id="whitespace-headline"),
    pytest.param({"headline": "x" * 301}, "headline", id="301-char-headline"),
    pytest.param({"status": "archived"}, "status", id="unknown-status"),
    pytest.param({"published_at": NAIVE}, "published_at", id="naive-published-at"),
    pytest.param({"embargo_until": NAIVE}, "embargo_until", id="naive-embargo"),
    pytest.param({"status": "published"}, "published_at", id="published-without-date"),
    pytest.param(
        {"published_at": PUBLISHED, "embargo_until": PUBLISHED + timedelta(hours=1)},
        "embargo_until",
        id="embargo-after-publication",
    ),
    pytest.param({"published_at": YEAR_1}, "published_at", id="year-1"),
    pytest.param({"published_at": YEAR_9999}, "published_at", id="year-9999-west"),
    pytest.param(
        {"embargo_until": datetime(1799, 12, 31, 23, 59, tzinfo=UTC)},
        "embargo_until",
        id="embargo-before-1800",
    ),
    pytest.param(
        {"published_at": datetime(2201, 1, 1, tzinfo=UTC), "status": "published"},
        "published_at",
        id="after-2200",
    ),
    pytest.param({"section_id": 999}, "section", id="unknown-section"),
    pytest.param({"entity_ids": (999,)}, "entities", id="unknown-entity"),
]


@pytest.mark.parametrize(("fields", "field"), INVALID)
def test_invalid_new_story_is_refused_and_nothing_is_written(db, fields, field):
    data = ArticleInput(**{"headline": "Fine headline", "body": "Some text.", **fields})
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        create_article(session, data)

    assert caught.value.field == field
    assert set(row_counts(db).values()) == {0}


@pytest.mark.parametrize(("fields", "field"), INVALID)
def test_invalid_edit_is_refused_and_the_story_is_unchanged(db, add_story, reload, fields, field):
    target = add_story("Linked story")
    story = add_story("Original", body=f"Text.\n\n{token(target.uid)}")
    counts = row_counts(db)

    data = with_changes(story, body="Changed text.", **fields)
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        update_article(session, story.id, story.version, data)

    assert caught.value.field == field
    assert reload(story.id) == story
    assert row_counts(db) == counts


def test_a_duplicate_uid_is_not_blamed_on_the_slug(db, add_story):
    story = add_story("Imported once")
    with pytest.raises(NewsroomError) as caught, db.transaction() as session:
        create_article(session, ArticleInput(headline="Imported twice"), uid=story.uid)

    assert getattr(caught.value, "field", None) != "slug"


def test_a_save_applies_only_its_own_tag_changes_and_keeps_an_accepted_suggestion(
    db, add_story, reload
):
    """Editor A loads tags {1, 2}; B accepts a suggestion (tag 3, no version bump);
    A saves with 2 removed: the story is tagged {1, 3}, not {1}."""
    with db.transaction() as session:
        one, two = (create_entity(session, "place", name).id for name in ("Geneva", "Vienna"))
    story = add_story("Talks in Geneva", body="The envoy Amira al-Hassan spoke.")
    with db.transaction() as session:
        story = update_article(session, story.id, 1, with_changes(story, entity_ids=(one, two)))
    loaded = reload(story.id)
    assert loaded.entity_ids == (one, two)

    with db.transaction() as session:  # B, through the suggestions panel's call
        [hassan] = [s for s in suggest(session, loaded.body) if s.name == "Amira al-Hassan"]
        three = accept(session, story.id, hassan)

    with db.transaction() as session:  # A's save
        saved = update_article(
            session,
            story.id,
            loaded.version,
            with_changes(loaded, entity_ids=(one,)),
            loaded_entity_ids=loaded.entity_ids,
        )

    assert saved.entity_ids == (one, three)
    assert reload(story.id).entity_ids == (one, three)


@pytest.mark.parametrize(
    ("loaded", "wanted", "stored", "result"),
    [
        pytest.param((1, 2), (1, 2), (1, 2, 3), (1, 2, 3), id="unchanged-keeps-others-tag"),
        pytest.param((1, 2), (2, 1, 4), (1, 2, 3), (2, 1, 4, 3), id="reorder-and-add"),
        pytest.param((1, 2), (1, 2), (1,), (1,), id="others-removal-stands"),
        pytest.param((1, 2), (1, 2, 4), (1, 3), (1, 4, 3), id="others-removal-and-mine"),
        pytest.param((1,), (1, 2), (1, 2), (1, 2), id="both-added-the-same"),
    ],
)
def test_tag_changes_merge_with_what_others_did(
    db, add_story, reload, loaded, wanted, stored, result
):
    with db.transaction() as session:
        ids = [create_entity(session, "topic", f"Topic {n}").id for n in range(1, 5)]

    def real(numbers: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(ids[n - 1] for n in numbers)

    story = add_story("Budget", entity_ids=real(stored))
    with db.transaction() as session:
        saved = update_article(
            session,
            story.id,
            story.version,
            with_changes(story, entity_ids=real(wanted)),
            loaded_entity_ids=real(loaded),
        )

    assert saved.entity_ids == real(result)


def test_a_tag_kept_by_the_editor_but_deleted_meanwhile_is_no_error(db, add_story, reload):
    with db.transaction() as session:
        gone, kept = (create_entity(session, "topic", n).id for n in ("Gone", "Kept"))
    story = add_story("Budget", entity_ids=(gone, kept))
    with db.transaction() as session:
        delete_entity(session, gone)

    with db.transaction() as session:
        saved = update_article(
            session,
            story.id,
            story.version,
            with_changes(story, body="New text."),
            loaded_entity_ids=story.entity_ids,
        )

    assert saved.entity_ids == (kept,)


def test_without_the_loaded_tags_a_save_replaces_the_whole_list(db, add_story):
    """Importers and scripts say the whole list they want."""
    with db.transaction() as session:
        one, two = (create_entity(session, "topic", n).id for n in ("One", "Two"))
    story = add_story("Budget", entity_ids=(one, two))

    with db.transaction() as session:
        saved = update_article(
            session, story.id, story.version, with_changes(story, entity_ids=(two,))
        )

    assert saved.entity_ids == (two,)
