"""The synthetic archive refuses counts it can not make, before writing anything."""

from __future__ import annotations

import pytest

from newsroom.core.articles import count_articles
from newsroom.core.errors import ValidationError
from newsroom.core.generate import generate


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
