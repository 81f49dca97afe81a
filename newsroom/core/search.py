"""Full-text search over headline, standfirst and body.

One entry point per need, whatever the backend: `search()` for ranked hits and
`matching()` for a WHERE clause the story list combines with its other filters.
Both backends behave alike: every word must match, the last one as a prefix, case and
accents folded, headline matches ranked first. SQLite uses its FTS5 index
(newsroom.core.sqlite), PostgreSQL its tsvector column (newsroom.core.postgres); any
other backend falls back to case-insensitive substring matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, and_, column, or_, select, text
from sqlalchemy.orm import Session

from newsroom.core import postgres, sqlite
from newsroom.core.models import Article

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    id: int
    headline: str
    status: str
    published_at: datetime | None


def matching(session: Session, query: str) -> ColumnElement[bool] | None:
    """A condition on `Article` true for stories matching every word of `query`
    (the last word as a prefix); None when the query holds no words."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        expression = sqlite.fts_match_expression(query)
        if expression is None:
            return None
        ids = text(sqlite.MATCH_IDS_SQL).bindparams(q=expression).columns(column("rowid", Integer))
        return Article.id.in_(ids)
    if dialect == "postgresql":
        tsquery = postgres.tsquery_text(query)
        return None if tsquery is None else postgres.matches(tsquery)
    words = _WORD.findall(query)
    if not words:
        return None
    return and_(
        *(
            or_(
                Article.headline.ilike(f"%{w}%"),
                Article.standfirst.ilike(f"%{w}%"),
                Article.body.ilike(f"%{w}%"),
            )
            for w in words
        )
    )


def search(session: Session, query: str, *, limit: int = 50) -> list[SearchHit]:
    """The best `limit` stories for `query`, best first (headline matches weigh most)."""
    columns = (Article.id, Article.headline, Article.status, Article.published_at)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        tsquery = postgres.tsquery_text(query)
        if tsquery is None:
            return []
        rows = session.execute(
            select(*columns)
            .where(postgres.matches(tsquery))
            .order_by(postgres.rank(tsquery).desc(), Article.id.desc())
            .limit(limit)
        )
        return [SearchHit(*r) for r in rows]
    if dialect == "sqlite":
        expression = sqlite.fts_match_expression(query)
        if expression is None:
            return []
        ranked = session.execute(text(sqlite.SEARCH_SQL), {"q": expression, "limit": limit}).all()
        order = {row.id: i for i, row in enumerate(ranked)}
        rows = session.execute(select(*columns).where(Article.id.in_(order)))
        return sorted((SearchHit(*r) for r in rows), key=lambda h: order[h.id])
    condition = matching(session, query)
    if condition is None:
        return []
    rows = session.execute(
        select(*columns).where(condition).order_by(Article.published_at.desc()).limit(limit)
    )
    return [SearchHit(*r) for r in rows]


def latest(session: Session, *, limit: int = 20) -> list[SearchHit]:
    """The most recently updated stories."""
    rows = session.execute(
        select(Article.id, Article.headline, Article.status, Article.published_at)
        .order_by(Article.updated_at.desc(), Article.id.desc())
        .limit(limit)
    )
    return [SearchHit(*r) for r in rows]


def matching_ids(session: Session, query: str) -> set[int] | None:
    """The ids of every story matching `query` (None when the query holds no words).

    For the story list on big archives: the index answers this in tens of ms even for
    a word in every story, and the caller intersects it with its own ordered ids,
    which is much cheaper than letting the database sort a large IN (...) set.
    """
    if session.get_bind().dialect.name == "sqlite":
        expression = sqlite.fts_match_expression(query)
        if expression is None:
            return None
        return set(session.scalars(text(sqlite.MATCH_IDS_SQL), {"q": expression}))
    condition = matching(session, query)
    if condition is None:
        return None
    return set(session.scalars(select(Article.id).where(condition)))
