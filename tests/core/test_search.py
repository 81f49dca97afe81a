"""Full-text search: words in any text field, prefixes, accents, safe input, ranking."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from newsroom.core.articles import delete_article
from newsroom.core.models import Article
from newsroom.core.search import matching, search

PUBLISHED = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def found(db, query: str) -> list[str]:
    with db.reading() as session:
        return [hit.headline for hit in search(session, query)]


@pytest.fixture
def stories(add_story):
    return {
        "envoy": add_story(
            "Envoy lands in Zürich",
            standfirst="Talks on the lake shore",
            body="The diplomat brought a proposal on fishing quotas.",
        ),
        "budget": add_story("Budget day", body="The chancellor spoke for an hour."),
    }


@pytest.mark.parametrize(
    ("query", "headline"),
    [
        ("envoy", "Envoy lands in Zürich"),
        ("shore", "Envoy lands in Zürich"),
        ("fishing quotas", "Envoy lands in Zürich"),
        ("CHANCELLOR", "Budget day"),
        ("envo", "Envoy lands in Zürich"),
        ("budget cha", "Budget day"),
        ("Zurich", "Envoy lands in Zürich"),
        ("Zürich", "Envoy lands in Zürich"),
    ],
    ids=["headline", "standfirst", "body", "case", "prefix", "prefix-last", "accent", "exact"],
)
def test_finds_stories_by_their_words(db, stories, query, headline):
    assert found(db, query) == [headline]


def test_every_word_must_match(db, stories):
    assert found(db, "envoy chancellor") == []
    assert found(db, "nonexistentword") == []


def test_only_the_last_word_is_a_prefix(db, stories):
    assert found(db, "envo lands") == []


NASTY_QUERIES = [
    '"',
    'envoy"',
    "AND",
    "envoy AND",
    "OR NOT",
    "*",
    "envoy*",
    "NEAR(",
    "NEAR(envoy",
    "-",
    "-envoy",
    "headline:envoy",
    "(",
    "^",
    "'",
    "_",
    "a_b",
    "\u200b",
    "x\u0301",
    "envoy OR budget",
    "{envoy}",
    "col : x",
]


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_operators_and_punctuation_in_a_query_never_raise(db, stories, query):
    with db.reading() as session:
        hits = search(session, query)
    assert isinstance(hits, list)


def test_operators_are_searched_as_plain_words(db, stories):
    assert found(db, 'envoy"') == ["Envoy lands in Zürich"]
    assert found(db, "-envoy") == ["Envoy lands in Zürich"]
    assert found(db, "NEAR(envoy") == []


@pytest.mark.parametrize("query", ["", "   ", "!?", "--"])
def test_a_query_without_words_finds_nothing(db, stories, query):
    assert found(db, query) == []
    with db.reading() as session:
        assert matching(session, query) is None


def test_edits_are_reflected_in_the_index(db, stories, edit_story):
    edit_story(stories["budget"], headline="Spending review", body="Treasury figures.")

    assert found(db, "budget") == []
    assert found(db, "chancellor") == []
    assert found(db, "treasury") == ["Spending review"]
    assert found(db, "spending") == ["Spending review"]


def test_deleted_stories_leave_the_index(db, stories, add_story):
    with db.transaction() as session:
        delete_article(session, stories["envoy"].id)
        delete_article(session, stories["budget"].id)
    add_story("Weather report", body="Fog.")  # may reuse a deleted story's row id

    assert found(db, "envoy") == []
    assert found(db, "zurich") == []
    assert found(db, "chancellor") == []
    assert found(db, "fog") == ["Weather report"]


def test_headline_matches_rank_above_body_only_matches(db, add_story):
    # The body-only story says "envoy" twice in a short body: without the headline
    # weighting it would come first.
    add_story("Harbour news", body="The envoy met the envoy's aide at the harbour.")
    add_story(
        "Envoy resigns",
        standfirst="A statement was issued after a long meeting.",
        body="The ministry confirmed it late on Tuesday evening after talks.",
    )
    add_story(
        "Weather",
        standfirst="The envoy's flight was delayed by fog.",
        body="Fog covered the airport all morning.",
    )
    for n in range(6):  # stories without the word, so it is a rare (meaningful) term
        add_story(f"Council {n}", standfirst="Nothing to see", body="The council meets.")

    assert found(db, "envoy") == ["Envoy resigns", "Weather", "Harbour news"]


def test_limit_caps_the_hits(db, add_story):
    for n in range(5):
        add_story(f"Election update {n}")
    with db.reading() as session:
        assert len(search(session, "election", limit=3)) == 3


def test_matching_combines_with_other_filters(db, add_story):
    add_story("Envoy arrives")
    add_story("Envoy leaves", status="published", published_at=PUBLISHED)
    add_story("Harbour reopens", status="published", published_at=PUBLISHED)

    with db.reading() as session:
        condition = matching(session, "envoy")
        rows = session.scalars(
            select(Article.headline).where(condition, Article.status == "published")
        ).all()

    assert rows == ["Envoy leaves"]
