"""Search parity between the backends, and PostgreSQL's index actually being used.

test_search.py already runs on both backends; these add the cases where PostgreSQL's
own text parser differs from SQLite's unicode61 tokenizer unless we smooth it over
(dotted names, numbers, non-Latin case), and the story list's search filter.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from newsroom.core.listing import StoryFilter, story_ids
from newsroom.core.models import Article
from newsroom.core.search import matching, search

PUBLISHED = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def found(db, query: str) -> list[str]:
    with db.reading() as session:
        return [hit.headline for hit in search(session, query)]


@pytest.fixture
def stories(add_story):
    add_story("Envoy visits un.org", body="Figures for 2024: growth of 3.5 per cent.")
    add_story("Путин meets envoy", standfirst="Встреча в Кремле")
    add_story("Ökonomie im Wandel", body="Die Straße war voll.")
    add_story("Lake-shore clean-up", body="Volunteers' day out.")


@pytest.mark.parametrize(
    ("query", "headlines"),
    [
        ("un org", ["Envoy visits un.org"]),
        ("un.org", ["Envoy visits un.org"]),
        ("3.5", ["Envoy visits un.org"]),
        ("2024", ["Envoy visits un.org"]),
        ("ПУТИН", ["Путин meets envoy"]),
        ("кремл", ["Путин meets envoy"]),
        ("okonomie", ["Ökonomie im Wandel"]),
        ("ÖKONOMIE", ["Ökonomie im Wandel"]),
        ("lake shore", ["Lake-shore clean-up"]),
        ("volunteers", ["Lake-shore clean-up"]),
    ],
)
def test_both_backends_split_and_fold_words_alike(db, stories, query, headlines):
    assert found(db, query) == headlines


def test_the_story_list_filters_by_words_with_its_other_filters(db, add_story):
    draft = add_story("Harbour plan", body="Quay works.")
    published = add_story(
        "Harbour opens", body="Quay finished.", status="published", published_at=PUBLISHED
    )
    add_story("Budget", body="Nothing about the quay... wait, quay.")

    with db.reading() as session:
        both = story_ids(session, StoryFilter(text="harbour qua"), sort="headline")
        live = story_ids(session, StoryFilter(text="harbour", statuses=frozenset({"published"})))

    assert both == [draft.id, published.id]  # descending by headline: plan, opens
    assert live == [published.id]


def test_the_postgresql_search_uses_its_gin_index(pg_url):
    from newsroom.core.db import open_database

    db = open_database(pg_url)
    try:
        with db.reading() as session:
            session.execute(text("SET LOCAL enable_seqscan = off"))
            condition = matching(session, "envoy zur")
            query = select(Article.id).where(condition)
            compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
            plan = "\n".join(session.execute(text(f"EXPLAIN {compiled}")).scalars())
    finally:
        db.close()

    assert "ix_articles_search_vector" in plan
