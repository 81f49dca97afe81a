"""Pending More-news lines (issue 14): stored with the story, linked by the save of the
one story they want, in the same transaction, with a revision saying so; never to one
of several; listed by the checks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from newsroom.core import checks, links, pending
from newsroom.core.articles import ArticleInput, create_article, delete_article
from newsroom.core.models import MoreNewsLink, PendingLink, Revision
from newsroom.text.morenews import pending_token, target_uids, token

NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
PUBLISHED = {"status": "published", "published_at": datetime(2026, 6, 1, tzinfo=UTC)}


def _waiting_for(db, article_id):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return [w.wanted for w in pending.waiting(session, article_id)]


def _link_rows(db, article_id):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return list(
            session.scalars(
                select(MoreNewsLink.target_uid)
                .where(MoreNewsLink.source_id == article_id)
                .order_by(MoreNewsLink.position)
            )
        )


def test_a_pending_line_is_stored_with_its_story(add_story, db) -> None:  # type: ignore[no-untyped-def]
    source = add_story(
        "Source",
        body=f"One.\n\n{pending_token('Talks resume in Geneva')}\n\nTwo.\n\n"
        f"{pending_token('UN envoy opens…')}\n",
    )
    with db.reading() as session:
        rows = session.execute(
            select(PendingLink.position, PendingLink.wanted, PendingLink.wanted_key,
                   PendingLink.truncated).order_by(PendingLink.position)
        ).all()  # fmt: skip
        described = links.describe_body(session, source.body)
    assert [tuple(r) for r in rows] == [
        (0, "Talks resume in Geneva", "talks resume in geneva", False),
        (1, "UN envoy opens…", "un envoy opens", True),
    ]
    assert described == [
        links.WaitingLine("Talks resume in Geneva"),
        links.WaitingLine("UN envoy opens…"),
    ]
    assert _link_rows(db, source.id) == []


def test_saving_the_story_it_wants_links_it_in_the_same_transaction(add_story, reload, db) -> None:  # type: ignore[no-untyped-def]
    source = add_story(
        "Source", body=f"One.\n\n{pending_token('Talks resume in Geneva')}\n\nTwo.\n", **PUBLISHED
    )
    with db.transaction() as session:
        target = create_article(
            session, ArticleInput(headline="Talks resume in “Geneva”"), author="Ana"
        )
        # Before the commit: the linking story is already saved again.
        assert target_uids(
            session.scalar(select(Revision.body).order_by(Revision.id.desc()).limit(1))
        ) == [target.uid]
    after = reload(source.id)
    assert after.body == f"One.\n\n{token(target.uid, 'Talks resume in “Geneva”')}\n\nTwo.\n"
    assert after.version == source.version + 1
    assert _link_rows(db, source.id) == [target.uid]
    assert _waiting_for(db, source.id) == []
    with db.reading() as session:
        note, by = session.execute(
            select(Revision.note, Revision.saved_by)
            .where(Revision.article_id == source.id)
            .order_by(Revision.version.desc())
            .limit(1)
        ).one()
    assert note == "More news linked: Talks resume in Geneva" and by == "Ana"


def test_renaming_a_story_to_the_wanted_headline_links_it(add_story, edit_story, reload) -> None:  # type: ignore[no-untyped-def]
    source = add_story("Source", body=pending_token("Ceasefire holds"))
    other = add_story("Ceasefire hold")  # a typo
    assert target_uids(reload(source.id).body) == []
    edit_story(other, headline="Ceasefire holds")
    assert target_uids(reload(source.id).body) == [other.uid]


def test_a_hint_cut_short_links_the_one_story_it_begins(add_story, reload) -> None:  # type: ignore[no-untyped-def]
    source = add_story("Source", body=f"x\n\n{pending_token('UN envoy opens…')}\n\ny")
    add_story("UN envoy", body="Not this one: too short.")
    target = add_story("UN envoy opens talks in Geneva")
    assert target_uids(reload(source.id).body) == [target.uid]


def test_a_headline_two_stories_have_links_neither(add_story, reload, db) -> None:  # type: ignore[no-untyped-def]
    first = add_story("Talks resume")
    source = add_story("Source", body=pending_token("Talks resume"))  # waits: saved after
    second = add_story("Talks resume")
    assert reload(source.id).body == pending_token("Talks resume") + "\n"
    assert reload(source.id).version == 1
    assert _waiting_for(db, source.id) == ["Talks resume"]
    with db.transaction() as session:
        delete_article(session, second.id)
    with db.reading() as session:
        assert pending.the_one(session, "Talks resume") == (first.uid, "Talks resume")


def test_a_prefix_two_stories_begin_with_links_neither(add_story, reload) -> None:  # type: ignore[no-untyped-def]
    add_story("UN envoy opens talks")
    source = add_story("Source", body=pending_token("UN envoy opens…"))
    add_story("UN envoy opens office")
    assert target_uids(reload(source.id).body) == []


def test_a_story_never_links_itself(add_story, edit_story, reload) -> None:  # type: ignore[no-untyped-def]
    source = add_story("Draft", body=pending_token("Budget passes"))
    edit_story(source, headline="Budget passes")
    assert target_uids(reload(source.id).body) == []


def test_only_the_lines_wanting_the_new_story_change(add_story, reload) -> None:  # type: ignore[no-untyped-def]
    body = f"{pending_token('Alpha')}\n\n{pending_token('Beta')}\n\n{pending_token('Alpha')}\n"
    source = add_story("Source", body=body)
    alpha = add_story("Alpha")
    assert reload(source.id).body == (
        f"{token(alpha.uid, 'Alpha')}\n\n{pending_token('Beta')}\n\n{token(alpha.uid, 'Alpha')}\n"
    )


@pytest.mark.parametrize("status", ["published", "draft"])
def test_check_lists_pending_lines_per_story(add_story, db, status) -> None:  # type: ignore[no-untyped-def]
    fields = PUBLISHED if status == "published" else {}
    source = add_story(
        "Source", body=f"a\n\n{pending_token('Gone fishing')}\n\n{pending_token('B…')}", **fields
    )
    add_story("Spiked one", body=pending_token("Nothing"), status="spiked")
    with db.reading() as session:
        found = [(p.code, p.slug, p.message) for p in checks.problems(session, NOW)]
    assert [f for f in found if f[0] == "link-pending"] == [
        ("link-pending", source.slug, "has a More-news line waiting for “Gone fishing”: it is "
         "left out of the page until a story with that headline is saved or imported"),
        ("link-pending", source.slug, "has a More-news line waiting for “B…”: it is "
         "left out of the page until a story with that headline is saved or imported"),
    ]  # fmt: skip
