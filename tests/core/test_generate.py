"""The synthetic archive refuses counts it can not make, before writing anything."""

from __future__ import annotations

import pytest
from sqlalchemy import or_, select

from newsroom.core.articles import count_articles, load_article, update_article
from newsroom.core.errors import ValidationError
from newsroom.core.generate import generate
from newsroom.core.models import Article


@pytest.mark.parametrize(
    ("counts", "field"),
    [({"articles": 0}, "articles"), ({"articles": 5, "entities": 0}, "entities"),
     ({"articles": 5, "entities": -3}, "entities")],
)  # fmt: skip
def test_no_stories_or_no_entities_is_refused_and_nothing_is_written(db, counts, field):
    with pytest.raises(ValidationError) as caught:
        generate(db, **counts)
    assert caught.value.field == field
    with db.reading() as session:
        assert count_articles(session) == 0


def test_a_small_archive_with_one_entity_is_made(db):
    result = generate(db, articles=5, entities=1)
    assert (result.articles, result.entities) == (5, 1)


def test_generated_stories_keep_their_dates_when_saved_unchanged(db):
    """The archive holds dates as a save through the service keeps them (whole
    minutes): saving a generated story untouched moves nothing. With seconds, the
    first save of each story changed its date, which sent the first export after it
    down the full path (found by the export benchmark)."""
    generate(db, articles=60, entities=10, seed=3)
    with db.reading() as session:
        dated = session.scalars(
            select(Article.id).where(
                or_(Article.published_at.is_not(None), Article.embargo_until.is_not(None))
            )
        ).all()
    assert len(dated) > 20
    for story_id in dated:
        with db.transaction() as session:
            before = load_article(session, story_id)
            after = update_article(session, story_id, before.version, before.as_input())
        assert (after.published_at, after.embargo_until) == (
            before.published_at,
            before.embargo_until,
        )
