"""Pictures arriving with imported stories: the files a page or a front matter names
go into the media library (`core.media`, stored once by content), and the body's
image marks (`model.image_mark`) become media references.

A picture that cannot be read or is refused (not an image, too large, damaged) is
left out of the story with a warning naming the file: the story itself is imported.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from newsroom.core import media
from newsroom.core.errors import ValidationError
from newsroom.importing.model import ImageRef, ParsedStory, image_mark
from newsroom.text.media_refs import ref


def _add(session: Session, story: ParsedStory, image: ImageRef) -> int | None:
    try:
        data = image.file.read_bytes()
    except OSError as exc:
        story.warnings.append(f"picture {image.file.name} left out: {exc.strerror}")
        return None
    try:
        with session.begin_nested():
            record, _added = media.add_image(
                session, data, alt=image.alt, caption=image.caption, credit=image.credit,
                source=image.file.name,
            )  # fmt: skip
    except ValidationError as exc:
        story.warnings.append(f"picture left out: {exc}")
        return None
    return record.id


def place(session: Session, story: ParsedStory, body: str) -> tuple[str, int | None]:
    """`body` with each image mark replaced by its media reference (or nothing), and
    the library id of the story's lead image (None: it has none, or it was refused)."""
    for n, image in enumerate(story.images):
        mark = image_mark(n)
        if mark not in body:
            continue
        media_id = _add(session, story, image)
        body = body.replace(mark, ref(media_id, image.alt, image.caption) if media_id else "")
    lead = _add(session, story, story.lead_image) if story.lead_image else None
    return body, lead
