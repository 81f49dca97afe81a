"""The one "is on the site" rule (core/live.py): the SQL condition and the reason
agree on every combination of status, date and embargo."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from newsroom.core.live import is_live, why_not_live
from newsroom.core.models import Article

NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)
WHEN = [None, NOW - timedelta(days=1), NOW, NOW + timedelta(hours=1)]


def test_the_condition_and_the_reason_agree(db, add_story) -> None:  # type: ignore[no-untyped-def]
    cases = list(itertools.product(["draft", "published", "spiked"], WHEN, WHEN))
    ids = []
    for n, _case in enumerate(cases):
        ids.append(add_story(f"Story {n}").id)
    with db.transaction() as session:
        for story_id, (status, published, embargo) in zip(ids, cases, strict=True):
            session.execute(
                update(Article)
                .where(Article.id == story_id)
                .values(status=status, published_at=published, embargo_until=embargo)
            )
    with db.reading() as session:
        live = set(session.scalars(select(Article.id).where(is_live(NOW))))
    for story_id, (status, published, embargo) in zip(ids, cases, strict=True):
        reason = why_not_live(status, published, embargo, NOW)
        assert (story_id in live) == (reason is None), (status, published, embargo, reason)


def test_the_reasons_say_what_to_fix() -> None:
    later = NOW + timedelta(hours=6)
    assert why_not_live("draft", None, None, NOW) == "is draft"
    assert why_not_live("published", None, None, NOW) == "has no publication date"
    assert why_not_live("published", later, None, NOW) == "is scheduled for 2026-07-20 18:00 UTC"
    assert (  # the embargo is named first: it is why the story waits
        why_not_live("published", later, later, NOW)
        == "is under embargo until 2026-07-20 18:00 UTC"
    )
    assert why_not_live("published", NOW, None, NOW) is None
