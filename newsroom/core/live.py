"""Whether a story is on the site: the one rule, for `newsroom check`, the export and
the editor's preview.

A story is live at `now` when it is published, its publication date is set and
reached, and no embargo is in force. `is_live` is that rule as an SQL condition (for
queries over many stories), `why_not_live` as a reason for one story's values (for
messages: what to fix, or why a More-news line was left out). Both read the same
columns the same way; `tests/core/test_live.py` holds them to each other.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from newsroom.core.models import Article, Status


def is_live(now: datetime) -> ColumnElement[bool]:
    """SQL condition: the story is on the site at `now` (aware)."""
    return and_(
        Article.status == Status.PUBLISHED.value,
        Article.published_at.is_not(None),
        Article.published_at <= now,
        or_(Article.embargo_until.is_(None), Article.embargo_until <= now),
    )


def why_not_live(
    status: str,
    published_at: datetime | None,
    embargo_until: datetime | None,
    now: datetime,
) -> str | None:
    """Why a story with these values is not on the site at `now`, as the end of a
    sentence about it ("is a draft" ... "is scheduled for 2026-07-21 08:00 UTC"); None
    when it is live. An embargo in force is named before a date not yet reached: it is
    why the story waits."""
    if status != Status.PUBLISHED.value:
        return f"is {status}"
    if embargo_until is not None and embargo_until > now:
        return f"is under embargo until {embargo_until:%Y-%m-%d %H:%M} UTC"
    if published_at is None:
        return "has no publication date"
    if published_at > now:
        return f"is scheduled for {published_at:%Y-%m-%d %H:%M} UTC"
    return None
