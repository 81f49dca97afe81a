"""The story list: which stories match a filter, in what order, and their row values.

Built for big archives: `story_ids` returns only ids (one indexed query, no rows), and
`story_rows` loads the few rows a view is about to show. Callers hold ids and a small
row cache, never live ORM objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from newsroom.core.models import Article, ArticleEntity, Section
from newsroom.core.search import matching_ids

_NULLABLE = {"section", "published_at"}
SORT_KEYS = ("headline", "status", "section", "byline", "published_at", "updated_at")


@dataclass(frozen=True)
class StoryFilter:
    text: str = ""
    statuses: frozenset[str] = field(default_factory=frozenset)
    section_id: int | None = None
    entity_id: int | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None


@dataclass(frozen=True)
class StoryRow:
    id: int
    headline: str
    status: str
    section: str
    byline: str
    published_at: datetime | None
    updated_at: datetime


def _sort_column(key: str) -> ColumnElement[Any] | InstrumentedAttribute[Any]:
    columns: dict[str, ColumnElement[Any] | InstrumentedAttribute[Any]] = {
        "headline": Article.headline,
        "status": Article.status,
        "section": Section.name,
        "byline": Article.byline,
        "published_at": Article.published_at,
        "updated_at": Article.updated_at,
    }
    if key not in columns:
        raise ValueError(f"unknown sort key {key!r}; one of {SORT_KEYS}")
    return columns[key]


def _filtered(session: Session, flt: StoryFilter, query: Select[int]) -> Select[int]:
    if flt.statuses:
        query = query.where(Article.status.in_(sorted(flt.statuses)))
    if flt.section_id is not None:
        query = query.where(Article.section_id == flt.section_id)
    if flt.entity_id is not None:
        tagged = select(ArticleEntity.article_id).where(ArticleEntity.entity_id == flt.entity_id)
        query = query.where(Article.id.in_(tagged))
    if flt.published_from is not None:
        query = query.where(Article.published_at >= flt.published_from)
    if flt.published_to is not None:
        query = query.where(Article.published_at < flt.published_to)
    return query


def story_ids(
    session: Session,
    flt: StoryFilter | None = None,
    *,
    sort: str = "updated_at",
    descending: bool = True,
    ordered: list[int] | None = None,
) -> list[int]:
    """Ids of the stories matching `flt`, in display order (empty values last).

    `ordered` may carry the result of the same call without `flt.text` (a caller that
    keeps it can search as you type without re-sorting the archive each time).
    """
    flt = flt or StoryFilter()
    if ordered is not None:
        found = matching_ids(session, flt.text) if flt.text.strip() else None
        return ordered if found is None else [i for i in ordered if i in found]
    column = _sort_column(sort)
    query = select(Article.id)
    if sort == "section":
        query = query.outerjoin(Section, Section.id == Article.section_id)
    query = _filtered(session, flt, query)
    order = column.desc() if descending else column.asc()
    tie = Article.id.desc() if descending else Article.id.asc()
    if sort in _NULLABLE:  # empty values last; other columns can use their index as is
        query = query.order_by(column.is_(None), order, tie)
    else:
        query = query.order_by(order, tie)
    found = matching_ids(session, flt.text) if flt.text.strip() else None
    # Plain ints straight from the driver's cursor: Row objects for 100,000 ids cost
    # more than the query itself.
    result = session.connection().execute(query)
    try:
        ordered = [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()
    if found is None:
        return ordered
    return [i for i in ordered if i in found]


def story_rows(session: Session, ids: Sequence[int]) -> dict[int, StoryRow]:
    """Row values for `ids` (at most a few hundred at a time), keyed by id."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            Article.id,
            Article.headline,
            Article.status,
            Section.name,
            Article.byline,
            Article.published_at,
            Article.updated_at,
        )
        .outerjoin(Section, Section.id == Article.section_id)
        .where(Article.id.in_(list(ids)))
    )
    return {r[0]: StoryRow(r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6]) for r in rows}
