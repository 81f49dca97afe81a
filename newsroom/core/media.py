"""The media service: the only code that adds, changes or deletes library images,
sets a story's lead image and records which images a body shows.

Each function takes the caller's session and works in the caller's transaction, like
`core.articles`. What a caller must know:

- `add_image` stores a file once: the same bytes added again (by anyone, under any
  name) return the image already there, unchanged (`added` is False).
- Text (alt, caption, credit) is the library's: a body reference may give its own alt
  and caption, which win on that page (`text.media_refs`).
- An image in use (a lead image, or shown by a body) cannot be deleted:
  `MediaInUseError` names the stories. Replacing its file is allowed: every page that
  shows it shows the new file at the next export.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from newsroom.core import images
from newsroom.core.errors import NewsroomError, NotFoundError, ValidationError
from newsroom.core.models import (
    NAME_MAX,
    Article,
    ArticleLeadImage,
    ArticleMedia,
    MediaImage,
    utcnow,
)
from newsroom.core.textfields import many_lines, one_line
from newsroom.text.media_refs import media_ids

ALT_MAX = 1000
CAPTION_MAX = 2000


@dataclass(frozen=True)
class MediaRecord:
    """A library image as loaded, without its bytes (see `image_bytes`)."""

    id: int
    sha256: str
    size: int
    width: int
    height: int
    format: str
    alt: str
    caption: str
    credit: str
    source: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class MediaUse:
    """A story that uses an image: as its lead image ("lead") or in its body ("body")."""

    article_id: int
    slug: str
    headline: str
    how: str


class MediaInUseError(NewsroomError):
    """The image is used by stories; nothing was deleted. `uses` names them."""

    def __init__(self, media_id: int, uses: list[MediaUse]) -> None:
        names = ", ".join(f"“{u.headline}” ({u.how})" for u in uses[:5])
        more = f" and {len(uses) - 5} more" if len(uses) > 5 else ""
        super().__init__(
            f"image {media_id} is used by {len(uses)} stor{'y' if len(uses) == 1 else 'ies'}: "
            f"{names}{more}; remove it from them first"
        )
        self.media_id = media_id
        self.uses = uses


_COLUMNS = (
    MediaImage.id,
    MediaImage.sha256,
    MediaImage.size,
    MediaImage.width,
    MediaImage.height,
    MediaImage.format,
    MediaImage.alt,
    MediaImage.caption,
    MediaImage.credit,
    MediaImage.source,
    MediaImage.created_at,
    MediaImage.updated_at,
)


def _record(row: Any) -> MediaRecord:
    return MediaRecord(*row)


def _clean_text(alt: str, caption: str, credit: str) -> tuple[str, str, str]:
    alt = one_line(alt, "alt", "alt text")
    caption = many_lines(caption, "caption", "caption").strip()
    credit = one_line(credit, "credit", "credit")
    if len(alt) > ALT_MAX:
        raise ValidationError("alt", f"the alt text is longer than {ALT_MAX} characters")
    if len(caption) > CAPTION_MAX:
        raise ValidationError("caption", f"the caption is longer than {CAPTION_MAX} characters")
    if len(credit) > NAME_MAX:
        raise ValidationError("credit", f"the credit is longer than {NAME_MAX} characters")
    return alt, caption, credit


def load_media(session: Session, media_id: int) -> MediaRecord:
    row = session.execute(select(*_COLUMNS).where(MediaImage.id == media_id)).first()
    if row is None:
        raise NotFoundError(f"there is no image {media_id} in the media library")
    return _record(row)


def image_bytes(session: Session, media_id: int) -> bytes:
    """The original file of image `media_id`."""
    data = session.scalar(select(MediaImage.data).where(MediaImage.id == media_id))
    if data is None:
        raise NotFoundError(f"there is no image {media_id} in the media library")
    return bytes(data)


def by_hash(session: Session, sha256: str) -> MediaRecord | None:
    row = session.execute(select(*_COLUMNS).where(MediaImage.sha256 == sha256)).first()
    return _record(row) if row else None


def add_image(
    session: Session,
    data: bytes,
    *,
    alt: str = "",
    caption: str = "",
    credit: str = "",
    source: str = "",
) -> tuple[MediaRecord, bool]:
    """Store an image file (checked by `images.inspect`); (the image, added?). A file
    already in the library is returned as it is, its text unchanged."""
    alt, caption, credit = _clean_text(alt, caption, credit)
    source = one_line(source, "source", "source")
    info = images.inspect(data, source.rsplit("/", 1)[-1])
    sha = hashlib.sha256(data).hexdigest()
    existing = by_hash(session, sha)
    if existing is not None:
        return existing, False
    now = utcnow()
    image = MediaImage(
        sha256=sha, data=data, size=len(data), width=info.width, height=info.height,
        format=info.format, alt=alt, caption=caption, credit=credit, source=source,
        created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(image)
    session.flush()
    return load_media(session, image.id), True


def update_text(
    session: Session,
    media_id: int,
    *,
    alt: str | None = None,
    caption: str | None = None,
    credit: str | None = None,
) -> MediaRecord:
    """Change an image's text (None: leave that field)."""
    image = session.get(MediaImage, media_id, with_for_update=True)
    if image is None:
        raise NotFoundError(f"there is no image {media_id} in the media library")
    new_alt, new_caption, new_credit = _clean_text(
        image.alt if alt is None else alt,
        image.caption if caption is None else caption,
        image.credit if credit is None else credit,
    )
    if (new_alt, new_caption, new_credit) != (image.alt, image.caption, image.credit):
        image.alt, image.caption, image.credit = new_alt, new_caption, new_credit
        image.updated_at = utcnow()
        session.flush()
    return load_media(session, media_id)


def replace_file(session: Session, media_id: int, data: bytes, *, source: str = "") -> MediaRecord:
    """Put a new file under image `media_id` (its text and uses stay)."""
    image = session.get(MediaImage, media_id, with_for_update=True)
    if image is None:
        raise NotFoundError(f"there is no image {media_id} in the media library")
    source = one_line(source, "source", "source")
    info = images.inspect(data, source.rsplit("/", 1)[-1])
    sha = hashlib.sha256(data).hexdigest()
    if sha == image.sha256:
        return load_media(session, media_id)
    other = by_hash(session, sha)
    if other is not None:
        raise ValidationError(
            "image", f"this file is already in the library as image {other.id}; use that one"
        )
    image.sha256, image.data, image.size = sha, data, len(data)
    image.width, image.height, image.format = info.width, info.height, info.format
    if source:
        image.source = source
    image.updated_at = utcnow()
    session.flush()
    return load_media(session, media_id)


def uses(session: Session, media_id: int) -> list[MediaUse]:
    """The stories using image `media_id`: lead images first, then bodies, by id."""
    found = [
        MediaUse(i, s, h, "lead")
        for i, s, h in session.execute(
            select(Article.id, Article.slug, Article.headline)
            .join(ArticleLeadImage, ArticleLeadImage.article_id == Article.id)
            .where(ArticleLeadImage.media_id == media_id)
            .order_by(Article.id)
        )
    ]
    found += [
        MediaUse(i, s, h, "body")
        for i, s, h in session.execute(
            select(Article.id, Article.slug, Article.headline)
            .join(ArticleMedia, ArticleMedia.article_id == Article.id)
            .where(ArticleMedia.media_id == media_id)
            .order_by(Article.id)
        )
    ]
    return found


def use_counts(session: Session, media_ids_: list[int]) -> dict[int, int]:
    """How many uses (lead + body) each of `media_ids_` has."""
    counts = dict.fromkeys(media_ids_, 0)
    for table in (ArticleLeadImage, ArticleMedia):
        for (mid,) in session.execute(select(table.media_id).where(table.media_id.in_(media_ids_))):
            counts[mid] += 1
    return counts


def delete_image(session: Session, media_id: int) -> None:
    """Delete an unused image; MediaInUseError (nothing deleted) while stories use it."""
    image = session.get(MediaImage, media_id, with_for_update=True)
    if image is None:
        raise NotFoundError(f"there is no image {media_id} in the media library")
    used = uses(session, media_id)
    if used:
        raise MediaInUseError(media_id, used)
    session.delete(image)
    session.flush()


def list_media(session: Session, query: str = "", *, limit: int = 500) -> list[MediaRecord]:
    """Library images, newest first; `query` matches words of alt, caption, credit or
    source (each word somewhere, case-insensitive)."""
    stmt = select(*_COLUMNS).order_by(MediaImage.id.desc()).limit(limit)
    for word in query.split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        stmt = stmt.where(
            or_(
                *(
                    col.ilike(pattern, escape="\\")
                    for col in (MediaImage.alt, MediaImage.caption, MediaImage.credit,
                                MediaImage.source)
                )
            )
        )  # fmt: skip
    return [_record(row) for row in session.execute(stmt)]


def set_lead_image(session: Session, article_id: int, media_id: int | None) -> None:
    """Make image `media_id` story `article_id`'s lead image (None: no lead image)
    without a save (no new version or revision: scripts and benchmarks; an editor's
    choice is saved with the story, `ArticleInput.lead_image_id`)."""
    if session.get(Article, article_id) is None:
        raise NotFoundError(f"there is no story {article_id}")
    check_lead(session, media_id)
    store_lead(session, article_id, media_id)
    session.flush()


def check_lead(session: Session, media_id: int | None) -> None:
    """ValidationError on the lead image field unless `media_id` is None or in the library."""
    found = session.scalar(select(MediaImage.id).where(MediaImage.id == media_id))
    if media_id is not None and found is None:
        raise ValidationError("lead_image_id", f"there is no image {media_id} in the library")


def store_lead(
    session: Session, article_id: int, media_id: int | None, *, new: bool = False
) -> None:
    """Record story `article_id`'s lead image (checked by `check_lead`), writing only
    when it changed: each write is a change every page's export notices. `new`: a
    story just inserted has none to read or replace."""
    if not new:
        if lead_image_of(session, article_id) == media_id:
            return
        session.execute(delete(ArticleLeadImage).where(ArticleLeadImage.article_id == article_id))
    if media_id is not None:
        session.execute(insert(ArticleLeadImage).values(article_id=article_id, media_id=media_id))


def lead_image_of(session: Session, article_id: int) -> int | None:
    return session.scalar(
        select(ArticleLeadImage.media_id).where(ArticleLeadImage.article_id == article_id)
    )


def store_refs(session: Session, article_id: int, body: str) -> None:
    """Record the images `body` shows (called by the article service on every save).
    Rows are written only when the set changed: each write is a change every page's
    export notices (`core.changes.LATER_SITE_TABLES`)."""
    ids = media_ids(body)
    stored = set(
        session.scalars(select(ArticleMedia.media_id).where(ArticleMedia.article_id == article_id))
    )
    if stored == set(ids):
        return
    session.execute(delete(ArticleMedia).where(ArticleMedia.article_id == article_id))
    if ids:
        session.execute(
            insert(ArticleMedia), [{"article_id": article_id, "media_id": m} for m in ids]
        )
