"""Slugs: the URL names of stories, sections and entities.

Made from the headline with python-slugify, which transliterates non-Latin text
("Путин" -> "putin", "مرحبا" -> "mrhb"), so any headline gives a usable ASCII slug.
A slug typed by hand must already be in slug form; we do not silently rewrite it.

An apostrophe (straight, curly or the modifier letter) vanishes rather than splitting a
word: "Army's" gives "armys", not "army-s". Slugs are addresses, so this applies to new
slugs only; a story keeps the slug it was saved with.
"""

from __future__ import annotations

import re

from slugify import slugify as _slugify
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from newsroom.core.errors import ValidationError
from newsroom.core.models import SLUG_MAX

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Room left at the end of a generated slug for a "-NNN" suffix.
_BASE_MAX = 80
# ' (U+0027), ‘ and ’ (U+2018, U+2019), ʼ (U+02BC): dropped, not turned into a hyphen.
_APOSTROPHES = str.maketrans("", "", "'\u2018\u2019\u02bc")


def slug_from(text: str, fallback: str = "story") -> str:
    """A slug for `text`; `fallback` when nothing sluggable is left (e.g. only emoji)."""
    slug = _slugify(
        text.translate(_APOSTROPHES), max_length=_BASE_MAX, word_boundary=True, save_order=True
    )
    return slug or fallback


def validate_slug(slug: str, field: str = "slug") -> str:
    """Check a hand-typed slug; return it or raise `ValidationError`."""
    if not slug:
        raise ValidationError(field, "the slug is empty")
    if len(slug) > SLUG_MAX:
        raise ValidationError(field, f"the slug is {len(slug)} characters; at most {SLUG_MAX}")
    if not SLUG_PATTERN.match(slug):
        suggestion = slug_from(slug)
        raise ValidationError(
            field,
            f"the slug {slug!r} may only hold lowercase letters, digits and single hyphens "
            f"(try {suggestion!r})",
        )
    return slug


def unique_slug(
    session: Session,
    base: str,
    column: ColumnElement[str] | InstrumentedAttribute[str],
    *,
    exclude: ColumnElement[bool] | None = None,
) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first one not yet taken in `column`.

    `exclude` leaves out the row being saved, so re-saving a story keeps its slug.
    """
    query = select(column).where((column == base) | column.like(f"{base}-%"))
    if exclude is not None:
        query = query.where(~exclude)
    taken = set(session.scalars(query))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
