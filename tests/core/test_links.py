"""More-news links: outgoing/backlink queries, related-story ranking, checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from newsroom.core import checks, links
from newsroom.core.entities import create_entity
from newsroom.core.models import Article
from newsroom.text.morenews import token

NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def _published(days_ago: float) -> dict:
    return {"status": "published", "published_at": NOW - timedelta(days=days_ago)}


def test_outgoing_in_body_order_and_incoming(add_story, db) -> None:  # type: ignore[no-untyped-def]
    a = add_story("Alpha", body="a", **_published(3))
    b = add_story("Beta", body="b", **_published(2))
    src = add_story(
        "Source",
        body=f"One.\n\n{token(b.uid)}\n\nTwo.\n\n{token(a.uid, 'old')}\n\nEnd.",
        **_published(1),
    )
    with db.reading() as session:
        out = links.outgoing(session, src.id)
        assert [(x.id, x.headline) for x in out] == [(b.id, "Beta"), (a.id, "Alpha")]
        assert [x.id for x in links.incoming(session, a.uid)] == [src.id]
        assert links.incoming(session, src.uid) == []


def test_link_to_a_missing_story_is_listed(add_story, db) -> None:  # type: ignore[no-untyped-def]
    ghost = "0b6c9d5e-0000-4000-8000-000000000000"
    src = add_story("Source", body=f"x\n\n{token(ghost)}\n\ny", **_published(1))
    with db.reading() as session:
        (link,) = links.outgoing(session, src.id)
        assert link.id is None and link.uid == ghost


def test_related_ranks_shared_entities_first_then_text_then_recency(add_story, db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        envoy = create_entity(session, "person", "Amira al-Hassan").id
        un = create_entity(session, "organisation", "United Nations").id
    both = add_story("Quiet week", body="nothing", entity_ids=(envoy, un), **_published(300))
    one = add_story("Another quiet week", body="nothing", entity_ids=(envoy,), **_published(10))
    text_only = add_story("Geneva talks resume", body="talks in Geneva", **_published(5))
    unrelated = add_story("Football results", body="goals", **_published(1))
    spiked = add_story("Geneva talks spiked", body="talks", entity_ids=(envoy, un), status="spiked")
    current = add_story("Geneva talks", body="", entity_ids=(envoy, un))
    with db.reading() as session:
        ranked = links.related(
            session, article_id=current.id, entity_ids=(envoy, un), text="Geneva talks", now=NOW
        )
    ids = [c.id for c in ranked]
    assert ids[:3] == [both.id, one.id, text_only.id]
    assert current.id not in ids and spiked.id not in ids and unrelated.id not in ids
    with db.reading() as session:
        typed = links.related(
            session, article_id=current.id, entity_ids=(envoy,), query="football", now=NOW
        )
    assert [c.id for c in typed] == [unrelated.id]


def test_checks_report_links_to_stories_not_on_the_site(add_story, db) -> None:  # type: ignore[no-untyped-def]
    draft = add_story("Draft target", body="d")
    later = add_story(
        "Scheduled target", body="s", status="published", published_at=NOW + timedelta(days=2)
    )
    embargoed = add_story(
        "Embargoed target",
        body="e",
        status="published",
        published_at=NOW + timedelta(hours=3),
        embargo_until=NOW + timedelta(hours=3),
    )
    live = add_story("Live target", body="l", **_published(1))
    ghost = "0b6c9d5e-0000-4000-8000-000000000001"
    body = "\n\n".join(
        ["Intro."]
        + [token(x) for x in (draft.uid, later.uid, embargoed.uid, live.uid, ghost)]
        + ["End."]
    )
    src = add_story("Source", body=body, **_published(1))
    with db.reading() as session:
        found = [p for p in checks.problems(session, NOW) if p.article_id == src.id]
    messages = " | ".join(p.message for p in found)
    assert [p.code for p in found].count("link-unpublished") == 3
    assert [p.code for p in found].count("link-missing") == 1
    assert "is draft" in messages and "scheduled" in messages and "embargo" in messages
    assert "Live target" not in messages


def test_checks_report_embargo_after_publication_and_empty_published(add_story, db) -> None:  # type: ignore[no-untyped-def]
    bad = add_story("Late embargo", body="x", **_published(2))
    with db.transaction() as session:  # as a database from before the service refused it
        session.execute(update(Article).where(Article.id == bad.id).values(embargo_until=NOW))
    empty = add_story("Empty", body="", **_published(2))
    fine = add_story("Fine", body="ok", **_published(2))
    with db.reading() as session:
        codes = {(p.article_id, p.code) for p in checks.problems(session, NOW)}
    assert (bad.id, "embargo-after-publication") in codes
    assert (empty.id, "empty-body") in codes
    assert not any(aid == fine.id for aid, _ in codes)
