"""More-news links as queries: outgoing links, backlinks, and the picker's ranking.

The `more_news_links` table is re-derived from the body on every save, so these are
plain queries, never text scans. Pending lines (a story we do not have yet) are
`core.pending`'s; `describe_body` shows both kinds as a body has them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsroom.core.entities import search_entities
from newsroom.core.models import Article, ArticleEntity, MoreNewsLink, Status, utcnow
from newsroom.core.search import search
from newsroom.text.morenews import lines, without_links
from newsroom.text.tokens import word_key


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
class LinkCandidate:
    """A story a More-news line could link to, as the link dialog lists it: how many
    entities it shares with the story being edited, and the score it was ranked by."""

    id: int
    uid: str
    headline: str
    status: str
    published_at: datetime | None
    shared_entities: int
    score: float


# How a typed query meets a story, best first (`related` sorts on it before the score).
HEADLINE_IS, HEADLINE_STARTS, HEADLINE_HAS, TEXT_HAS = range(4)
_WORD = re.compile(r"\w+")
_SEARCHED = 200  # full-text hits ranked; more than a picker shows, cheap to read


def _words(text: str) -> list[str]:
    """Words as the search index compares them: casefolded, without accents."""
    return [word_key(w) for w in _WORD.findall(text)]


def _has_all(have: list[str], words: list[str]) -> bool:
    """Every word of the query, the last as a prefix (as the search reads it)."""
    return set(words[:-1]) <= set(have) and any(w.startswith(words[-1]) for w in have)


def match_tier(words: list[str], headline: str, rest: str) -> int | None:
    """Where the query's `words` meet a story: its headline is them, starts with
    them, has them, or the story's other text has them (None: nowhere). `rest` must
    not hold More-news lines: they are other stories' headlines."""
    head = _words(headline)
    if head == words:
        return HEADLINE_IS
    n = len(words)
    if head[: n - 1] == words[:-1] and len(head) >= n and head[n - 1].startswith(words[-1]):
        return HEADLINE_STARTS
    if _has_all(head, words):
        return HEADLINE_HAS
    return TEXT_HAS if _has_all(head + _words(rest), words) else None


def related(
    session: Session,
    *,
    article_id: int | None,
    entity_ids: tuple[int, ...] = (),
    text: str = "",
    query: str = "",
    limit: int = 30,
    now: datetime | None = None,
) -> list[LinkCandidate]:
    """Stories to link to, best first.

    With a `query` (what the editor typed in the picker): stories whose headline is
    the query, then those whose headline starts with it, then those whose headline
    has its words, then those whose standfirst, body or tags have them; within each
    group shared tagged entities first, then text rank, then recency. Without one:
    stories sharing tagged entities or the story's own headline words (`text`), most
    related first, then the most recent stories. Words inside More-news lines never
    count: they are another story's headline. Spiked stories and the story itself
    are left out.
    """
    now = now or utcnow()
    words = _words(query)
    typed = bool(words)
    if not typed:
        words = _words(text)
    text_rank = {
        hit.id: n
        for n, hit in enumerate(search(session, query if typed else text, limit=_SEARCHED))
    }
    tag_hits = _tagged_with(session, query) if typed else set()
    shared = _shared_tags(session, entity_ids, None if not typed else text_rank.keys() | tag_hits)
    ids = set(text_rank) | tag_hits | set(shared)
    if article_id is not None:
        ids.discard(article_id)
    tiers = _tiers(session, words, [i for i in text_rank if i in ids])
    rows = session.execute(
        select(
            Article.id, Article.uid, Article.headline, Article.status, Article.published_at
        ).where(Article.id.in_(ids), Article.status != Status.SPIKED.value)
    ).all()
    ranked: list[tuple[int, LinkCandidate]] = []
    for id_, uid, headline, status, published in rows:
        tier = tiers.get(id_)
        if tier is None and id_ in tag_hits:
            tier = TEXT_HAS
        if tier is None and (typed or id_ not in shared):
            continue  # its only match was inside a More-news line
        n = shared.get(id_, 0)
        score = 10.0 * n
        if tier is not None:
            score += 5.0 / (1 + text_rank.get(id_, _SEARCHED) / 5)
        if published is not None:
            age_days = max(0.0, (now - published).total_seconds() / 86400)
            score += 2.0 * math.exp(-age_days / 180)
        candidate = LinkCandidate(id_, uid, headline, status, published, n, score)
        ranked.append((tier if typed and tier is not None else 0, candidate))
    ranked.sort(key=lambda tc: (tc[0], -tc[1].score, tc[1].headline))
    out = [c for _tier, c in ranked[:limit]]
    if not typed and len(out) < limit:
        out += _recent(session, {article_id, *(c.id for c in out)}, limit - len(out))
    return out


def _tagged_with(session: Session, query: str) -> set[int]:
    """Stories tagged with an entity whose name or alias has the query in it."""
    found = [e.id for e in search_entities(session, query, limit=20)]
    if not found:
        return set()
    return set(
        session.scalars(
            select(ArticleEntity.article_id)
            .where(ArticleEntity.entity_id.in_(found))
            .order_by(ArticleEntity.article_id.desc())
            .limit(_SEARCHED)
        )
    )


def _shared_tags(
    session: Session, entity_ids: tuple[int, ...], among: Iterable[int] | None
) -> dict[int, int]:
    """Story id -> how many of `entity_ids` it is tagged with (only `among`, if given)."""
    if not entity_ids:
        return {}
    stmt = (
        select(ArticleEntity.article_id, func.count())
        .where(ArticleEntity.entity_id.in_(entity_ids))
        .group_by(ArticleEntity.article_id)
    )
    if among is None:
        stmt = stmt.order_by(func.count().desc()).limit(500)
    else:
        wanted = list(among)
        if not wanted:
            return {}
        stmt = stmt.where(ArticleEntity.article_id.in_(wanted))
    return {article: count for article, count in session.execute(stmt).all()}


def _tiers(session: Session, words: list[str], ids: list[int]) -> dict[int, int]:
    """`match_tier` of each story in `ids` (those matching only in link lines left out)."""
    if not words or not ids:
        return {}
    tiers: dict[int, int] = {}
    rows = session.execute(
        select(Article.id, Article.headline, Article.standfirst, Article.body).where(
            Article.id.in_(ids)
        )
    )
    for id_, headline, standfirst, body in rows:
        tier = match_tier(words, headline, f"{standfirst}\n{without_links(body)}")
        if tier is not None:
            tiers[id_] = tier
    return tiers


def _recent(session: Session, leave_out: set[int | None], limit: int) -> list[LinkCandidate]:
    """The newest stories (by publication date, then last change), for an empty search."""
    rows = session.execute(
        select(Article.id, Article.uid, Article.headline, Article.status, Article.published_at)
        .where(Article.status != Status.SPIKED.value, Article.id.not_in(leave_out - {None}))
        .order_by(
            Article.published_at.desc().nulls_last(), Article.updated_at.desc(), Article.id.desc()
        )
        .limit(limit)
    )
    return [
        LinkCandidate(id_, uid, h, status, published, 0, 0.0)
        for id_, uid, h, status, published in rows
    ]


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
