"""Sections of the site (World, Politics, ...): each story belongs to at most one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsroom.core.errors import ValidationError
from newsroom.core.models import NAME_MAX, Section
from newsroom.core.slugs import slug_from, unique_slug, validate_slug
from newsroom.core.textfields import one_line


@dataclass(frozen=True)
class SectionRecord:
    id: int
    name: str
    slug: str
    position: int


def create_section(session: Session, name: str, slug: str | None = None) -> SectionRecord:
    """Add a section; the name follows `core.textfields` (one line, no controls)."""
    name = one_line(name, "name", "section name")
    if not name:
        raise ValidationError("name", "the section name is empty")
    if len(name) > NAME_MAX:
        raise ValidationError("name", f"the section name is longer than {NAME_MAX} characters")
    if any(n.casefold() == name.casefold() for n in session.scalars(select(Section.name))):
        raise ValidationError("name", f"there is already a section called {name!r}")
    if slug is not None:
        validate_slug(slug)
        if session.scalar(select(Section.id).where(Section.slug == slug)):
            raise ValidationError("slug", f"the slug {slug!r} is already used by a section")
    else:
        slug = unique_slug(session, slug_from(name, "section"), Section.slug)
    position = (session.scalar(select(func.max(Section.position))) or 0) + 1
    section = Section(name=name, slug=slug, position=position)
    session.add(section)
    session.flush()
    return SectionRecord(section.id, section.name, section.slug, section.position)


def list_sections(session: Session) -> list[SectionRecord]:
    rows = session.execute(
        select(Section.id, Section.name, Section.slug, Section.position).order_by(
            Section.position, Section.name
        )
    )
    return [SectionRecord(*r) for r in rows]


def section_by_name(session: Session, name: str) -> SectionRecord | None:
    wanted = name.strip().casefold()
    for record in list_sections(session):
        if wanted in (record.name.casefold(), record.slug):
            return record
    return None
