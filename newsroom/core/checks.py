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
from newsroom.core.models import (
    Article,
    ArticleLeadImage,
    ArticleMedia,
    MediaImage,
    MoreNewsLink,
    Status,
    utcnow,
)


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
    _image_problems(session, found)
    return sorted(found, key=lambda p: (p.article_id, p.code))


def _image_problems(session: Session, found: list[Problem]) -> None:
    """Pictures, in every story but a spiked one (like pending lines): a lead image
    needs alt text before it is published, and a body may not show an image the
    library no longer has (the page would leave it out)."""
    not_spiked = Article.status != Status.SPIKED.value
    for sid, slug, mid in session.execute(
        select(Article.id, Article.slug, MediaImage.id)
        .join(ArticleLeadImage, ArticleLeadImage.article_id == Article.id)
        .join(MediaImage, MediaImage.id == ArticleLeadImage.media_id)
        .where(not_spiked, func.trim(MediaImage.alt) == "")
    ):
        found.append(
            Problem(
                "lead-image-no-alt",
                sid,
                slug,
                f"has a lead image (image {mid}) without alt text: describe it for readers "
                "who cannot see it (Edit > Media library, or `newsroom media edit`)",
            )
        )
    for sid, slug, mid in session.execute(
        select(Article.id, Article.slug, ArticleMedia.media_id)
        .join(ArticleMedia, ArticleMedia.article_id == Article.id)
        .outerjoin(MediaImage, MediaImage.id == ArticleMedia.media_id)
        .where(not_spiked, MediaImage.id.is_(None))
        .order_by(Article.id, ArticleMedia.media_id)
    ):
        found.append(
            Problem(
                "media-missing",
                sid,
                slug,
                f"shows image {mid}, which is not in the media library: the page leaves it out",
            )
        )
