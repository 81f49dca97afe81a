"""A story's history: one revision per save, listed newest first, restorable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core.articles import ArticleInput, ArticleRecord, update_article
from newsroom.core.errors import NotFoundError
from newsroom.core.models import Revision


@dataclass(frozen=True)
class RevisionInfo:
    id: int
    article_id: int
    version: int
    saved_at: datetime
    saved_by: str
    note: str
    headline: str


@dataclass(frozen=True)
class RevisionRecord:
    info: RevisionInfo
    content: ArticleInput


def list_revisions(session: Session, article_id: int) -> list[RevisionInfo]:
    rows = session.execute(
        select(
            Revision.id,
            Revision.article_id,
            Revision.version,
            Revision.saved_at,
            Revision.saved_by,
            Revision.note,
            Revision.headline,
        )
        .where(Revision.article_id == article_id)
        .order_by(Revision.version.desc(), Revision.id.desc())
    )
    return [RevisionInfo(*row) for row in rows]


def load_revision(session: Session, revision_id: int) -> RevisionRecord:
    rev = session.get(Revision, revision_id)
    if rev is None:
        raise NotFoundError(f"there is no revision {revision_id}")
    info = RevisionInfo(
        rev.id, rev.article_id, rev.version, rev.saved_at, rev.saved_by, rev.note, rev.headline
    )
    content = ArticleInput(
        headline=rev.headline,
        slug=rev.slug,
        standfirst=rev.standfirst,
        body=rev.body,
        byline=rev.byline,
        section_id=rev.section_id,
        dateline=rev.dateline,
        status=rev.status,
        published_at=rev.published_at,
        embargo_until=rev.embargo_until,
    )
    return RevisionRecord(info, content)


def restore_revision(
    session: Session, revision_id: int, expected_version: int, *, author: str = ""
) -> ArticleRecord:
    """Save the revision's content as a new version of its story (history is kept).

    The conflict rules of any save apply: `expected_version` is the version the editor
    has open.
    """
    rev = load_revision(session, revision_id)
    return update_article(
        session,
        rev.info.article_id,
        expected_version,
        rev.content,
        author=author,
        note=f"restored version {rev.info.version}",
    )
