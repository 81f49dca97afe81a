"""Sections of the site (World, Politics, ...): each story belongs to at most one.

A section's `position` is its place in the site's navigation (1 first); the services
keep positions numbered 1..n in that order. Its `slug` is the address of its pages
(`publish.site.section_path`), so a rename keeps it unless asked to change it.
Each function works inside the caller's transaction and changes nothing when it
raises.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from newsroom.core import articles
from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.models import NAME_MAX, Article, Section
from newsroom.core.slugs import slug_from, unique_slug, validate_slug
from newsroom.core.textfields import one_line


@dataclass(frozen=True)
class SectionRecord:
    id: int
    name: str
    slug: str
    position: int


def _record(section: Section) -> SectionRecord:
    return SectionRecord(section.id, section.name, section.slug, section.position)


def _clean_name(session: Session, name: str, *, exclude: int | None = None) -> str:
    """The name as stored (one line, see `core.textfields`), or ValidationError: empty,
    too long, or the name of another section (names differing only in case clash)."""
    name = one_line(name, "name", "section name")
    if not name:
        raise ValidationError("name", "the section name is empty")
    if len(name) > NAME_MAX:
        raise ValidationError("name", f"the section name is longer than {NAME_MAX} characters")
    for other_id, other in session.execute(select(Section.id, Section.name)):
        if other_id != exclude and other.casefold() == name.casefold():
            raise ValidationError("name", f"there is already a section called {other!r}")
    return name


def _section(session: Session, section_id: int, *, lock: bool = False) -> Section:
    section = session.get(Section, section_id, with_for_update=lock)
    if section is None:
        raise NotFoundError(f"there is no section {section_id} (deleted meanwhile?)")
    return section


def create_section(session: Session, name: str, slug: str | None = None) -> SectionRecord:
    """Add a section at the end of the navigation; the slug is made from the name
    unless given (a given slug must be free and already in slug form)."""
    name = _clean_name(session, name)
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
    return _record(section)


def rename_section(
    session: Session, section_id: int, name: str, *, new_slug: bool = False
) -> SectionRecord:
    """Give a section a new name. Its slug (the address of its pages) stays unless
    `new_slug`, when it is made from the new name (its old address then stops working)."""
    section = _section(session, section_id, lock=True)
    section.name = _clean_name(session, name, exclude=section_id)
    if new_slug:
        base = slug_from(section.name, "section")
        if base != section.slug:
            mine = Section.id == section_id
            section.slug = unique_slug(session, base, Section.slug, exclude=mine)
    session.flush()
    return _record(section)


def move_section(session: Session, section_id: int, position: int) -> list[SectionRecord]:
    """Put a section at place `position` (1 first) in the navigation; the others keep
    their order. Returns every section in the new order."""
    ordered = list(
        session.scalars(select(Section).order_by(Section.position, Section.name).with_for_update())
    )
    moving = next((s for s in ordered if s.id == section_id), None)
    if moving is None:
        raise NotFoundError(f"there is no section {section_id} (deleted meanwhile?)")
    if not 1 <= position <= len(ordered):
        raise ValidationError("position", f"the place must be between 1 and {len(ordered)}")
    ordered.remove(moving)
    ordered.insert(position - 1, moving)
    _number(ordered)
    session.flush()
    return [_record(s) for s in ordered]


def arrange_sections(session: Session, section_ids: list[int]) -> None:
    """Put these sections in this order among the places they hold between them; the
    others stay where they are. (An import gives the sections it made the order of the
    menu it read.)"""
    found = {
        s.id: s
        for s in session.scalars(
            select(Section).where(Section.id.in_(section_ids)).with_for_update()
        )
    }
    places = sorted(s.position for s in found.values())
    wanted = [i for i in dict.fromkeys(section_ids) if i in found]
    for place, section_id in zip(places, wanted, strict=True):
        found[section_id].position = place
    session.flush()


def _number(ordered: list[Section]) -> None:
    for n, section in enumerate(ordered, start=1):
        if section.position != n:
            section.position = n


def delete_section(
    session: Session, section_id: int, *, move_to: int | None, author: str = ""
) -> int:
    """Delete a section; its stories go to section `move_to`, or to none when it is
    None (each moved story gets a new version and a revision, so an editor who has it
    open is told on saving). Returns how many stories moved."""
    section = _section(session, section_id, lock=True)
    if move_to == section_id:
        raise ValidationError("move_to", "the stories can not move to the section being deleted")
    note = f"section {section.name!r} deleted"
    if move_to is not None:
        target = _section(session, move_to).name
        note += f"; moved to {target!r}"
    moved = articles.move_section_stories(session, section_id, move_to, author=author, note=note)
    session.execute(delete(Section).where(Section.id == section_id))
    remaining = list(session.scalars(select(Section).order_by(Section.position, Section.name)))
    _number(remaining)
    session.flush()
    return moved


def story_counts(session: Session) -> dict[int, int]:
    """How many stories each section holds (sections with none are left out)."""
    rows = session.execute(
        select(Article.section_id, func.count())
        .where(Article.section_id.is_not(None))
        .group_by(Article.section_id)
    )
    return {section_id: count for section_id, count in rows if section_id is not None}


def list_sections(session: Session) -> list[SectionRecord]:
    """Every section, in navigation order."""
    rows = session.execute(
        select(Section.id, Section.name, Section.slug, Section.position).order_by(
            Section.position, Section.name
        )
    )
    return [SectionRecord(*r) for r in rows]


def section_by_name(session: Session, name: str) -> SectionRecord | None:
    """The section a user means by `name`: its name (any case) or its slug."""
    wanted = " ".join(name.split()).casefold()
    for record in list_sections(session):
        if wanted in (record.name.casefold(), record.slug):
            return record
    return None
