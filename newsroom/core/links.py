"""More-news links as queries: outgoing links, backlinks, and related-story ranking.

The `more_news_links` table is re-derived from the body on every save, so these are
plain queries, never text scans. Pending lines (a story we do not have yet) are
`core.pending`'s; `describe_body` shows both kinds as a body has them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsroom.core.models import Article, ArticleEntity, MoreNewsLink, Status, utcnow
from newsroom.core.search import search
from newsroom.text.morenews import lines


@dataclass(frozen=True)
class LinkedStory:
    """One end of a link. `id` is None when the target uid is not in the database."""

    uid: str
    id: int | None
    headline: str
    status: str | None
    published_at: datetime | None


def outgoing(session: Session, article_id: int) -> list[LinkedStory]:
    """The stories this one links to, in body order (missing targets included)."""
    rows = session.execute(
        select(
            MoreNewsLink.target_uid,
            Article.id,
            Article.headline,
            Article.status,
            Article.published_at,
        )
        .outerjoin(Article, Article.uid == MoreNewsLink.target_uid)
        .where(MoreNewsLink.source_id == article_id)
        .order_by(MoreNewsLink.position)
    )
    return [
        LinkedStory(uid, id_, headline or "(missing story)", status, published)
        for uid, id_, headline, status, published in rows
    ]


def incoming(session: Session, uid: str) -> list[LinkedStory]:
    """The stories whose bodies link to the story `uid` ("Linked from")."""
    rows = session.execute(
        select(Article.uid, Article.id, Article.headline, Article.status, Article.published_at)
        .join(MoreNewsLink, MoreNewsLink.source_id == Article.id)
        .where(MoreNewsLink.target_uid == uid)
        .distinct()
        .order_by(Article.published_at.desc(), Article.id.desc())
    )
    return [LinkedStory(*row) for row in rows]


@dataclass(frozen=True)
class Candidate:
    id: int
    uid: str
    headline: str
    status: str
    published_at: datetime | None
    shared_entities: int
    score: float


def related(
    session: Session,
    *,
    article_id: int | None,
    entity_ids: tuple[int, ...] = (),
    text: str = "",
    query: str = "",
    limit: int = 30,
    now: datetime | None = None,
) -> list[Candidate]:
    """Stories to link to, most related first.

    With a `query` (what the editor typed in the picker) the candidates are its search
    hits; without one, stories sharing tagged entities plus full-text hits for the
    story's own `text` (headline words). Ranking: shared tagged entities first, then
    text-match rank, then recency. Spiked stories and the story itself are left out.
    """
    now = now or utcnow()
    text_rank: dict[int, int] = {}
    for position, hit in enumerate(search(session, query or text, limit=200)):
        text_rank[hit.id] = position
    shared: dict[int, int] = {}
    if entity_ids and not query:
        rows = session.execute(
            select(ArticleEntity.article_id, func.count())
            .where(ArticleEntity.entity_id.in_(entity_ids))
            .group_by(ArticleEntity.article_id)
            .order_by(func.count().desc())
            .limit(500)
        )
        shared = dict(rows.all())
    elif entity_ids and text_rank:
        rows = session.execute(
            select(ArticleEntity.article_id, func.count())
            .where(
                ArticleEntity.entity_id.in_(entity_ids),
                ArticleEntity.article_id.in_(list(text_rank)),
            )
            .group_by(ArticleEntity.article_id)
        )
        shared = dict(rows.all())
    ids = set(text_rank) | set(shared)
    ids.discard(article_id)  # type: ignore[arg-type]
    if not ids:
        return []
    rows = session.execute(
        select(
            Article.id, Article.uid, Article.headline, Article.status, Article.published_at
        ).where(Article.id.in_(ids), Article.status != Status.SPIKED.value)
    ).all()
    out = []
    for id_, uid, headline, status, published in rows:
        n = shared.get(id_, 0)
        score = 10.0 * n
        if id_ in text_rank:
            score += 5.0 / (1 + text_rank[id_] / 5)
        if published is not None:
            age_days = max(0.0, (now - published).total_seconds() / 86400)
            score += 2.0 * math.exp(-age_days / 180)
        out.append(Candidate(id_, uid, headline, status, published, n, score))
    out.sort(key=lambda c: (-c.score, c.headline))
    return out[:limit]


def describe(session: Session, uids: list[str]) -> list[LinkedStory]:
    """LinkedStory records for `uids` in the given order (for a body not yet saved)."""
    if not uids:
        return []
    rows = session.execute(
        select(
            Article.uid, Article.id, Article.headline, Article.status, Article.published_at
        ).where(Article.uid.in_(set(uids)))
    ).all()
    found = {row[0]: LinkedStory(*row) for row in rows}
    return [found.get(u, LinkedStory(u, None, "(missing story)", None, None)) for u in uids]


@dataclass(frozen=True)
class WaitingLine:
    """A pending More-news line: the headline it waits for, no story yet."""

    wanted: str


def describe_body(session: Session, body: str) -> list[LinkedStory | WaitingLine]:
    """The More-news lines of `body` as it stands (saved or not), in body order."""
    found = lines(body)
    linked = iter(describe(session, [line.uid for line in found if line.uid is not None]))
    return [WaitingLine(line.hint) if line.uid is None else next(linked) for line in found]
