"""`newsroom sections list|add|rename|move|delete`: the site's sections, in the order
of its navigation, from the command line.

A section is named by its name (any case) or its slug. `move NAME --to N` puts it at
place N of the navigation (1 first; `list` shows the places). `delete` of a section
that holds stories must say where they go: `--move-to OTHER` or `--no-section`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from newsroom.cli_common import EXIT_OK, Subcommands, UsageError, _emit, _integer, _open
from newsroom.core.users import login_name

if TYPE_CHECKING:  # the database code is imported when a command runs, not for --help
    from sqlalchemy.orm import Session

    from newsroom.core.sections import SectionRecord


def _find(session: Session, name: str) -> SectionRecord:
    from newsroom.core import sections

    found = sections.section_by_name(session, name)
    if found is None:
        raise UsageError(f"there is no section {name!r} (see `newsroom sections list`)")
    return found


def _address(record: SectionRecord) -> str:
    from newsroom.publish.site import section_path

    return section_path(record.slug).removesuffix("index.html")


def _row(record: SectionRecord, stories: int | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": record.id,
        "position": record.position,
        "name": record.name,
        "slug": record.slug,
        "address": _address(record),
    }
    if stories is not None:
        row["stories"] = stories
    return row


def _stories(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"


def _table(rows: list[dict[str, Any]]) -> str:
    return (
        "\n".join(
            f"{r['position']:>3}  {r['name']}  ({r['address']}, {_stories(r['stories'])})"
            for r in rows
        )
        or "no sections"
    )


def _listing(session: Session) -> list[dict[str, Any]]:
    from newsroom.core import sections

    counts = sections.story_counts(session)
    return [_row(s, counts.get(s.id, 0)) for s in sections.list_sections(session)]


def cmd_sections_list(args: argparse.Namespace) -> int:
    db = _open(args)
    with db.reading() as session:
        rows = _listing(session)
    _emit(args, _table(rows), rows)
    return EXIT_OK


def cmd_sections_add(args: argparse.Namespace) -> int:
    from newsroom.core import sections

    db = _open(args)
    with db.transaction() as session:
        record = sections.create_section(session, args.name, args.slug)
    _emit(
        args,
        f"added section {record.name!r} at place {record.position}, pages at {_address(record)}",
        _row(record),
    )
    return EXIT_OK


def cmd_sections_rename(args: argparse.Namespace) -> int:
    from newsroom.core import sections

    db = _open(args)
    with db.transaction() as session:
        old = _find(session, args.old)
        record = sections.rename_section(session, old.id, args.new, new_slug=args.new_slug)
    if record.slug == old.slug:
        where = f"pages still at {_address(record)}"
    else:
        where = f"pages now at {_address(record)} (no longer at {_address(old)})"
    _emit(args, f"renamed section {old.name!r} to {record.name!r}; {where}", _row(record))
    return EXIT_OK


def cmd_sections_move(args: argparse.Namespace) -> int:
    from newsroom.core import sections

    db = _open(args)
    with db.transaction() as session:
        record = _find(session, args.name)
        sections.move_section(session, record.id, args.to)
        rows = _listing(session)
    _emit(args, _table(rows), rows)
    return EXIT_OK


def cmd_sections_delete(args: argparse.Namespace) -> int:
    from newsroom.core import sections

    db = _open(args)
    with db.transaction() as session:
        record = _find(session, args.name)
        target = _find(session, args.move_to) if args.move_to is not None else None
        held = sections.story_counts(session).get(record.id, 0)
        if held and target is None and not args.no_section:
            raise UsageError(
                f"section {record.name!r} holds {_stories(held)}: say where its stories go with "
                "--move-to SECTION, or --no-section to leave them without one"
            )
        moved = sections.delete_section(
            session, record.id, move_to=target.id if target else None, author=login_name()
        )
    if not moved:
        human = f"deleted section {record.name!r}; it held no stories"
    elif target is not None:
        human = f"deleted section {record.name!r}; its {_stories(moved)} moved to {target.name!r}"
    else:
        now = "now has" if moved == 1 else "now have"
        human = f"deleted section {record.name!r}; its {_stories(moved)} {now} no section"
    data = {**_row(record), "moved": moved, "moved_to": target.name if target else None}
    _emit(args, human, data)
    return EXIT_OK


def _place(text: str) -> int:
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError("places start at 1 (the first in the navigation)")
    return value


def _add_sections(commands: Subcommands) -> None:
    group = commands.group(
        "sections",
        help="list, add, rename, reorder and delete the site's sections",
        description="Sections: the site's navigation, in its order.",
    )
    add = group.add

    add("list", cmd_sections_list, "list the sections in navigation order, with story counts")

    q = add("add", cmd_sections_add, "add a section at the end of the navigation")
    q.add_argument("name")
    q.add_argument("--slug", default=None, help="its address (default: made from the name)")

    q = add("rename", cmd_sections_rename, "rename a section; its address stays unless asked")
    q.add_argument("old", metavar="OLD", help="the section's name or slug")
    q.add_argument("new", metavar="NEW", help="its new name")
    q.add_argument(
        "--new-slug",
        action="store_true",
        help="give it an address made from the new name (the old address stops working)",
    )

    q = add("move", cmd_sections_move, "put a section at another place in the navigation")
    q.add_argument("name", metavar="NAME", help="the section's name or slug")
    q.add_argument(
        "--to",
        type=_place,
        required=True,
        metavar="PLACE",
        help="its place: 1 first (see `sections list`); the others keep their order",
    )

    q = add("delete", cmd_sections_delete, "delete a section, saying where its stories go")
    q.add_argument("name", metavar="NAME", help="the section's name or slug")
    where = q.add_mutually_exclusive_group()
    where.add_argument("--move-to", metavar="OTHER", help="move its stories to this section")
    where.add_argument(
        "--no-section", action="store_true", help="leave its stories without a section"
    )
