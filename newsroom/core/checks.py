"""Pre-publication checks: everything that would make the exported site wrong.

`problems(session, now)` is what `newsroom check` prints; each problem names the story
and says what to fix. Checks run as a handful of set queries, not per-story loops,
so a 100,000-story archive is checked in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from newsroom.core import pending
from newsroom.core.live import why_not_live
from newsroom.core.models import Article, MoreNewsLink, Status, utcnow


@dataclass(frozen=True)
class Problem:
    code: str
    article_id: int
    slug: str
    message: str


def problems(session: Session, now: datetime | None = None) -> list[Problem]:
    now = now or utcnow()
    found: list[Problem] = []
    source = aliased(Article)
    target = aliased(Article)

    # Links from live stories to stories that are missing or not live.
    rows = session.execute(
        select(
            source.id,
            source.slug,
            MoreNewsLink.target_uid,
            target.headline,
            target.status,
            target.published_at,
            target.embargo_until,
        )
        .join(MoreNewsLink, MoreNewsLink.source_id == source.id)
        .outerjoin(target, target.uid == MoreNewsLink.target_uid)
        .where(source.status == Status.PUBLISHED.value)
        .order_by(source.id, MoreNewsLink.position)
    )
    for sid, slug, uid, headline, status, published, embargo in rows:
        if headline is None:
            found.append(
                Problem(
                    "link-missing", sid, slug, f"links to a story that does not exist (uid {uid})"
                )
            )
            continue
        reason = why_not_live(status, published, embargo, now)
        if reason:
            found.append(
                Problem("link-unpublished", sid, slug, f"links to “{headline}”, which {reason}")
            )

    # Pending lines (a story we do not have yet), in every story but a spiked one: a
    # draft's are as much to fix before it is published.
    for line in pending.waiting(session):
        if line.status != Status.SPIKED.value:
            found.append(
                Problem(
                    "link-pending",
                    line.article_id,
                    line.slug,
                    f"has a More-news line waiting for “{line.wanted}”: it is left out of "
                    "the page until a story with that headline is saved or imported",
                )
            )

    is_published = Article.status == Status.PUBLISHED.value
    for sid, slug in session.execute(
        select(Article.id, Article.slug).where(is_published, Article.published_at.is_(None))
    ):
        found.append(Problem("no-date", sid, slug, "is published but has no publication date"))
    for sid, slug in session.execute(
        select(Article.id, Article.slug).where(is_published, func.trim(Article.headline) == "")
    ):
        found.append(Problem("no-headline", sid, slug, "is published without a headline"))
    for sid, slug in session.execute(
        select(Article.id, Article.slug).where(is_published, func.trim(Article.body) == "")
    ):
        found.append(Problem("empty-body", sid, slug, "is published with an empty body"))
    for sid, slug, emb, pub in session.execute(
        select(Article.id, Article.slug, Article.embargo_until, Article.published_at).where(
            Article.embargo_until.is_not(None),
            Article.published_at.is_not(None),
            Article.embargo_until > Article.published_at,
        )
    ):
        found.append(
            Problem(
                "embargo-after-publication",
                sid,
                slug,
                f"has an embargo ({emb:%Y-%m-%d %H:%M}) after its publication date "
                f"({pub:%Y-%m-%d %H:%M} UTC): it will not appear until the embargo lifts",
            )
        )
    return sorted(found, key=lambda p: (p.article_id, p.code))
