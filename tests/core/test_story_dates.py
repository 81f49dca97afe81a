"""What a save records beyond the editor's fields: its note, the story's own dates, and
where new tags came from (an import's needs, given to the article service)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsroom.core.articles import (
    ArticleInput,
    StoryDates,
    create_article,
    load_article,
    update_article,
)
from newsroom.core.entities import create_entity
from newsroom.core.errors import ValidationError
from newsroom.core.models import ArticleEntity, TagSource
from newsroom.core.revisions import list_revisions

PUBLISHED = datetime(2017, 7, 15, 10, 0, tzinfo=UTC)
MODIFIED = datetime(2017, 7, 16, 9, 30, tzinfo=UTC)


def _sources(session, article_id):
    rows = session.query(ArticleEntity.entity_id, ArticleEntity.source).filter_by(
        article_id=article_id
    )
    return dict(rows.all())


def test_story_dates_of_a_file():
    assert StoryDates.of(PUBLISHED, MODIFIED) == StoryDates(PUBLISHED, MODIFIED)
    assert StoryDates.of(PUBLISHED, None) == StoryDates(PUBLISHED, PUBLISHED)
    assert StoryDates.of(None, MODIFIED) == StoryDates(MODIFIED, MODIFIED)
    assert StoryDates.of(None, None) is None


def test_a_new_story_keeps_the_given_note_dates_and_tag_source(db):
    with db.transaction() as session:
        envoy = create_entity(session, "person", "Staffan de Mistura").id
        record = create_article(
            session, ArticleInput("Talks open", body="Text.", entity_ids=(envoy,)),
            note="imported from x.md", dates=StoryDates(PUBLISHED, MODIFIED),
            tag_source=TagSource.IMPORT,
        )  # fmt: skip
    with db.reading() as session:
        loaded = load_article(session, record.id)
        (revision,) = list_revisions(session, record.id)
        sources = _sources(session, record.id)
    assert (loaded.created_at, loaded.updated_at) == (PUBLISHED, MODIFIED)
    assert record == loaded  # the record returned is the one stored
    assert revision.note == "imported from x.md"
    assert revision.saved_at > MODIFIED  # the revision says when it was saved
    assert sources == {envoy: TagSource.IMPORT.value}


def test_an_update_keeps_old_tag_sources_and_marks_new_ones(db):
    with db.transaction() as session:
        typed = create_entity(session, "place", "Geneva").id
        brought = create_entity(session, "place", "Astana").id
        record = create_article(session, ArticleInput("Talks", entity_ids=(typed,)))
        record = update_article(
            session, record.id, record.version,
            ArticleInput("Talks", entity_ids=(typed, brought)),
            note="re-imported", dates=StoryDates(PUBLISHED, MODIFIED),
            tag_source=TagSource.IMPORT,
        )  # fmt: skip
    with db.reading() as session:
        loaded = load_article(session, record.id)
        sources = _sources(session, record.id)
        notes = [r.note for r in list_revisions(session, record.id)]
    assert record == loaded
    assert sources == {typed: TagSource.TYPED.value, brought: TagSource.IMPORT.value}
    assert (loaded.created_at, loaded.updated_at) == (PUBLISHED, MODIFIED)
    assert notes[0] == "re-imported"


def test_dates_are_checked_as_an_editors_are(db):
    with db.transaction() as session, pytest.raises(ValidationError):
        create_article(
            session, ArticleInput("Old"),
            dates=StoryDates(PUBLISHED.replace(year=1700), PUBLISHED),
        )  # fmt: skip
    naive = datetime(2017, 7, 15)
    with db.transaction() as session, pytest.raises(ValidationError):
        create_article(session, ArticleInput("Naive"), dates=StoryDates(naive, naive))


def test_without_dates_a_save_is_stamped_now(db):
    before = datetime.now(UTC) - timedelta(seconds=1)
    with db.transaction() as session:
        record = create_article(session, ArticleInput("Now"))
    assert record.created_at >= before and record.updated_at == record.created_at
