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
    assert ids[3:] == [unrelated.id]  # an empty search ends with the most recent stories
    assert current.id not in ids and spiked.id not in ids
    with db.reading() as session:
        typed = links.related(
            session, article_id=current.id, entity_ids=(envoy,), query="football", now=NOW
        )
    assert [c.id for c in typed] == [unrelated.id]


GAYLE = "Gayle, big players return as Windies name squad for India series"


def _newsroom(add_story, db):  # type: ignore[no-untyped-def]
    """The stories of issue 14: the De Mistura story shares a tag with the one being
    written and carries "Gayle" only inside its More-news line."""
    with db.transaction() as session:
        un = create_entity(session, "organisation", "United Nations").id
        gayle_tag = create_entity(session, "person", "Chris Gayle").id
    gayle = add_story(
        GAYLE,
        body="The West Indies recalled their senior players for the five one-day games.",
        **_published(40),
    )
    mistura = add_story(
        "UN envoy opens new round of Syria talks in Geneva",
        body=(
            "UN envoy Staffan de Mistura opened a new round of talks on Monday.\n\n"
            f"{token(gayle.uid, GAYLE)}\n\n"
            "The delegations would meet again on Friday."
        ),
        entity_ids=(un,),
        **_published(2),
    )
    recall = add_story("Windies recall Gayle for one-day series", body="Squad.", **_published(60))
    coach = add_story(
        "Cricket board names new coach",
        body="The coach said the squad would lean on Gayle's experience.",
        **_published(10),
    )
    tagged = add_story("Jamaica Tallawahs win final", body="A final.", entity_ids=(gayle_tag,))
    current = add_story("Security Council to meet on Syria", body="", entity_ids=(un,))
    return {
        "un": un,
        "gayle": gayle,
        "mistura": mistura,
        "recall": recall,
        "coach": coach,
        "tagged": tagged,
        "current": current,
    }


def test_typed_search_ranks_headline_matches_first_and_ignores_link_lines(add_story, db) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: "Gayle" put the De Mistura story (a shared tag, "Gayle" inside its
    More-news line) above the story headlined "Gayle, big players ..."."""
    s = _newsroom(add_story, db)
    with db.reading() as session:
        found = links.related(
            session,
            article_id=s["current"].id,
            entity_ids=(s["un"],),
            text=s["current"].headline,
            query="Gayle",
            now=NOW,
        )
    assert [c.id for c in found] == [
        s["gayle"].id,  # the headline starts with it
        s["recall"].id,  # the headline has it
        s["coach"].id,  # the body has it (more recent than the tagged story)
        s["tagged"].id,  # tagged with an entity named so
    ]


def test_match_tiers() -> None:
    words = ["gayle"]
    assert links.match_tier(words, "Gayle", "") == links.HEADLINE_IS
    assert links.match_tier(words, GAYLE, "") == links.HEADLINE_STARTS
    assert links.match_tier(["gayle", "big"], GAYLE, "") == links.HEADLINE_STARTS
    assert links.match_tier(["gay"], GAYLE, "") == links.HEADLINE_STARTS  # typing still
    assert links.match_tier(["windies"], GAYLE, "") == links.HEADLINE_HAS
    assert links.match_tier(["recalled"], GAYLE, "The West Indies recalled") == links.TEXT_HAS
    assert links.match_tier(["kamal"], GAYLE, "The West Indies recalled") is None
    assert links.match_tier(["antonio"], "António Guterres speaks", "") == links.HEADLINE_STARTS


def test_an_empty_search_lists_related_then_recent_stories(add_story, db) -> None:  # type: ignore[no-untyped-def]
    s = _newsroom(add_story, db)
    with db.reading() as session:
        found = links.related(
            session,
            article_id=s["current"].id,
            entity_ids=(s["un"],),
            text=s["current"].headline,
            now=NOW,
        )
    by_date = [s["coach"].id, s["gayle"].id, s["recall"].id]  # newest first
    assert [c.id for c in found] == [s["mistura"].id, *by_date, s["tagged"].id]  # undated last
    with db.reading() as session:  # a new story with no tags and no headline yet
        found = links.related(session, article_id=None, now=NOW)
    assert [c.id for c in found] == [s["mistura"].id, *by_date, s["current"].id, s["tagged"].id]


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
