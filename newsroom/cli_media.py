"""`newsroom media add|list|show|edit|export|delete`: the media library from the command
line, and the `--image` options of `newsroom add`.

An image is named by its library id (`list` shows them). `add` stores each file once:
a file already in the library is reported with its id and not added again. `delete` of
an image a story uses is refused (exit 2) with the stories named.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsroom.cli_common import (
    EXIT_OK,
    Subcommands,
    UsageError,
    _emit,
    _integer,
    _limit,
    _open,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from newsroom.core.media import MediaRecord

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def read_image_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc


def _row(record: MediaRecord, used: int | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": record.id,
        "sha256": record.sha256,
        "width": record.width,
        "height": record.height,
        "format": record.format,
        "bytes": record.size,
        "alt": record.alt,
        "caption": record.caption,
        "credit": record.credit,
        "source": record.source,
    }
    if used is not None:
        row["uses"] = used
    return row


def _line(row: dict[str, Any]) -> str:
    text = row["alt"] or row["caption"] or row["source"] or "(no text)"
    credit = f" — {row['credit']}" if row["credit"] else ""
    uses = f", used {row['uses']}x" if row.get("uses") else ""
    return (
        f"{row['id']:>5}  {row['width']}x{row['height']} {row['format']}{uses}  "
        f"{' '.join(text.split())[:70]}{credit}"
    )


def add_image_file(session: Session, path: str, alt: str, caption: str, credit: str) -> Any:
    """Add one file to the library (the CLI's `media add` and `add --image`)."""
    from newsroom.core import media

    return media.add_image(
        session, read_image_file(path), alt=alt, caption=caption, credit=credit,
        source=Path(path).name,
    )  # fmt: skip


def cmd_media_add(args: argparse.Namespace) -> int:
    db = _open(args)
    rows, lines = [], []
    with db.transaction() as session:
        for path in args.files:
            record, added = add_image_file(session, path, args.alt, args.caption, args.credit)
            rows.append({**_row(record), "added": added, "file": path})
            lines.append(
                f"added image {record.id}: {path} ({record.width}x{record.height} {record.format})"
                if added
                else f"already in the library as image {record.id}: {path}"
            )
    _emit(args, "\n".join(lines), rows)
    return EXIT_OK


def cmd_media_list(args: argparse.Namespace) -> int:
    from newsroom.core import media

    db = _open(args)
    with db.reading() as session:
        found = media.list_media(session, args.query, limit=args.limit)
        counts = media.use_counts(session, [m.id for m in found])
    rows = [_row(m, counts[m.id]) for m in found]
    _emit(args, "\n".join(_line(r) for r in rows) or "no images", rows)
    return EXIT_OK


def cmd_media_show(args: argparse.Namespace) -> int:
    from newsroom.core import media

    db = _open(args)
    with db.reading() as session:
        record = media.load_media(session, args.id)
        used = media.uses(session, args.id)
    row = {**_row(record, len(used)), "used_by": [u.__dict__ for u in used]}
    human = "\n".join(
        [f"{k}: {v}" for k, v in _row(record).items()]
        + [f"used by: {u.slug} ({u.how})" for u in used]
    )
    _emit(args, human, row)
    return EXIT_OK


def cmd_media_edit(args: argparse.Namespace) -> int:
    from newsroom.core import media

    db = _open(args)
    with db.transaction() as session:
        if args.replace:
            media.replace_file(
                session, args.id, read_image_file(args.replace), source=Path(args.replace).name
            )
        record = media.update_text(
            session, args.id, alt=args.alt, caption=args.caption, credit=args.credit
        )
    _emit(args, f"image {record.id}: {_line(_row(record))}", _row(record))
    return EXIT_OK


def cmd_media_export(args: argparse.Namespace) -> int:
    """Write an image's original file: to `--out` (a file, or a folder to put it in)."""
    from newsroom.core import media

    db = _open(args)
    with db.reading() as session:
        record = media.load_media(session, args.id)
        data = media.image_bytes(session, args.id)
    out = Path(args.out)
    if out.is_dir():
        out = out / f"image-{record.id}.{EXTENSIONS.get(record.format, 'img')}"
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror}") from exc
    _emit(args, f"image {record.id} written to {out}", {**_row(record), "file": str(out)})
    return EXIT_OK


def cmd_media_delete(args: argparse.Namespace) -> int:
    from newsroom.core import media

    db = _open(args)
    with db.transaction() as session:
        media.delete_image(session, args.id)
    _emit(args, f"image {args.id} deleted", {"id": args.id, "deleted": True})
    return EXIT_OK


def _id(text: str) -> int:
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError("an image id is a positive number")
    return value


def add_image_options(p: argparse.ArgumentParser) -> None:
    """`newsroom add --image FILE` and the text that goes with it."""
    p.add_argument("--image", default=None, help="lead image file (added to the media library)")
    p.add_argument("--image-alt", default="", help="the lead image's alt text")
    p.add_argument("--image-caption", default="", help="the lead image's caption")
    p.add_argument("--image-credit", default="", help="the lead image's credit / copyright")


def lead_from_args(session: Session, args: argparse.Namespace) -> int | None:
    """The library id of `--image` (added, or its text updated), None without one."""
    from newsroom.core import media

    if not args.image:
        return None
    record, added = add_image_file(
        session, args.image, args.image_alt, args.image_caption, args.image_credit
    )
    if not added and any((args.image_alt, args.image_caption, args.image_credit)):
        media.update_text(
            session, record.id,
            alt=args.image_alt or None, caption=args.image_caption or None,
            credit=args.image_credit or None,
        )  # fmt: skip
    media_id: int = record.id
    return media_id


def _add_media(commands: Subcommands) -> None:
    group = commands.group(
        "media",
        help="the media library: add, list, edit, export and delete images",
        description="The media library: every image stories use, stored once.",
    )
    add = group.add

    def text_options(q: argparse.ArgumentParser, default: str | None) -> None:
        q.add_argument("--alt", default=default, help="alt text: the image for who cannot see it")
        q.add_argument("--caption", default=default)
        q.add_argument("--credit", default=default, help="credit / copyright line")

    q = add("add", cmd_media_add, "add image files (JPEG, PNG, WebP, GIF) to the library")
    q.add_argument("files", nargs="+", metavar="FILE")
    text_options(q, "")
    q = add("list", cmd_media_list, "list the library's images, newest first, or search them")
    q.add_argument("query", nargs="?", default="", help="words of alt text, caption or credit")
    q.add_argument("--limit", type=_limit, default=50, help="1 to 10000 (default 50)")
    q = add("show", cmd_media_show, "show an image's details and the stories using it")
    q.add_argument("id", type=_id)
    q = add("edit", cmd_media_edit, "change an image's text, or replace its file")
    q.add_argument("id", type=_id)
    text_options(q, None)
    q.add_argument("--replace", default=None, metavar="FILE", help="a new file for the image")
    q = add("export", cmd_media_export, "write an image's original file")
    q.add_argument("id", type=_id)
    q.add_argument("--out", required=True, help="file to write, or a folder to write it into")
    q = add("delete", cmd_media_delete, "delete an image no story uses")
    q.add_argument("id", type=_id)
