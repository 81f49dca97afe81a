"""A story's history: one revision per save, listed newest first, restorable.

Restoring brings back a revision's text (`TEXT_FIELDS`) and, only when the editor asks
for it, its publishing (`PUBLISHING_FIELDS`: status, dates and the slug, which with the
publication date makes the page's address): an old version of a published story must
not quietly unpublish it, re-date it or move its page. Tags are left as they are. The
lead image is text: it comes back, unless it has left the library since (then the
story is restored without one, and the revision's note says so).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core.articles import (
    ArticleInput,
    ArticleRecord,
    load_article,
    update_article,
)
from newsroom.core.errors import NotFoundError
from newsroom.core.models import MediaImage, Revision, Section
from newsroom.core.story_tags import split_tag_names, tag_names
from newsroom.core.storyfields import PUBLISHING_FIELDS, TEXT_FIELDS


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
    tags: tuple[str, ...] | None = None  # the tags' names as saved; None: not recorded


@dataclass(frozen=True)
class StoryView:
    """A story as History compares it: its fields, with its section and tags by name
    (a reader does not know ids). `section` None: not looked up; `tags` None: not
    recorded (a revision saved before revisions kept tags); `lead_image` the lead
    image as History names it (`image_name`), None: not looked up."""

    content: ArticleInput | ArticleRecord
    section: str | None = None
    tags: tuple[str, ...] | None = None
    lead_image: str | None = None


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
        lead_image_id=rev.lead_image_id,
    )
    return RevisionRecord(info, content, split_tag_names(rev.tags))


def revision_view(session: Session, revision_id: int) -> StoryView:
    """A revision as History shows it (its section by today's name)."""
    record = load_revision(session, revision_id)
    section = _section_name(session, record.content.section_id)
    lead = image_name(session, record.content.lead_image_id)
    return StoryView(record.content, section, record.tags, lead)


def current_view(session: Session, data: ArticleInput | ArticleRecord) -> StoryView:
    """What the form holds (saved or not) as History shows it, names looked up."""
    return StoryView(
        data,
        _section_name(session, data.section_id),
        tag_names(session, data.entity_ids or ()),
        image_name(session, data.lead_image_id),
    )


def image_name(session: Session, media_id: int | None) -> str:
    """An image as History names it: "image 7: <its alt text>"; "" for no image."""
    if media_id is None:
        return ""
    alt = session.scalar(select(MediaImage.alt).where(MediaImage.id == media_id))
    if alt is None:
        return f"image {media_id} (no longer in the library)"
    return f"image {media_id}: {alt}" if alt else f"image {media_id}"


def _section_name(session: Session, section_id: int | None) -> str:
    section = session.get(Section, section_id) if section_id is not None else None
    return section.name if section is not None else ""


def publishing_differences(old: ArticleInput, current: ArticleInput) -> tuple[str, ...]:
    """The publishing fields (of `PUBLISHING_FIELDS`) in which `old` differs from
    `current`: what restoring with `publishing=True` would change besides the text."""
    return tuple(n for n in PUBLISHING_FIELDS if getattr(old, n) != getattr(current, n))


def restore_revision(
    session: Session,
    revision_id: int,
    expected_version: int,
    *,
    author: str = "",
    publishing: bool = False,
) -> ArticleRecord:
    """Save the revision's text, and with `publishing=True` its status, dates and slug,
    as a new version of its story (history is kept). The new revision's note says what
    was restored. Tags are not touched.

    The conflict rules of any save apply: `expected_version` is the version the editor
    has open.
    """
    rev = load_revision(session, revision_id)
    current = load_article(session, rev.info.article_id).as_input()
    fields = TEXT_FIELDS + (PUBLISHING_FIELDS if publishing else ())
    wanted = replace(
        current,
        entity_ids=None,
        **{name: getattr(rev.content, name) for name in fields},
    )
    what = "text and publishing" if publishing else "text"
    lead = wanted.lead_image_id
    if lead is not None and session.scalar(select(MediaImage.id).filter_by(id=lead)) is None:
        wanted = replace(wanted, lead_image_id=None)
        what += f" (without its lead image {lead}: no longer in the library)"
    return update_article(
        session,
        rev.info.article_id,
        expected_version,
        wanted,
        author=author,
        note=f"restored {what} of version {rev.info.version}",
    )
