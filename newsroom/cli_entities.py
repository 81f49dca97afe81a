"""`newsroom entities import|export|list|suggest`: the authority file and the
entity list from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsroom.cli_common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    Subcommands,
    UsageError,
    _emit,
    _integer,
    _limit,
    _open,
    _print_json,
    _read_input,
    _warn,
)


def cmd_entities_import(args: argparse.Namespace) -> int:
    from newsroom.core import authority

    text = _read_input(args.file)
    fmt = args.format or authority.detect_format(args.file, text)
    db = _open(args)
    tty = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int) -> None:
        if tty:
            print(f"\r\x1b[K{done:,}/{total:,} rows", end="", file=sys.stderr, flush=True)

    result = authority.import_authority_file(db, text, fmt, progress=progress)
    if tty:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    for problem in result.problems:
        _warn(f"newsroom: {args.file}: {problem}")
    data = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "problems": [{"line": p.line, "message": p.message} for p in result.problems],
    }
    _emit(
        args,
        f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
        f"{len(result.problems)} rows with problems",
        data,
    )
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def cmd_entities_export(args: argparse.Namespace) -> int:
    from newsroom.core import authority

    db = _open(args)
    with db.reading() as session:
        text = authority.export_authority(session, args.format)
    if args.out and args.out != "-":
        try:
            Path(args.out).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise UsageError(f"cannot write {args.out}: {exc.strerror}") from exc
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_entities_list(args: argparse.Namespace) -> int:
    from newsroom.core import entities

    db = _open(args)
    with db.reading() as session:
        found = entities.search_entities(session, args.query, kind=args.kind, limit=args.limit)
    rows = [
        {
            "id": e.id,
            "kind": e.kind,
            "name": e.name,
            "slug": e.slug,
            "stories": e.story_count,
            "aliases": list(e.aliases),
        }
        for e in found
    ]
    human = (
        "\n".join(
            f"{e.story_count:>6}  {e.kind:<12}  {e.name}"
            + (f"  ({', '.join(e.aliases)})" if e.aliases else "")
            for e in found
        )
        or "no entities"
    )
    _emit(args, human, rows)
    return EXIT_OK


def cmd_entities_suggest(args: argparse.Namespace) -> int:
    from newsroom.core import suggestions

    text = _read_input(args.file)
    db = _open(args)
    with db.reading() as session:
        found = suggestions.suggest(session, text, article_id=args.article)
    rows = [
        {
            "text": s.text,
            "start": s.start,
            "end": s.end,
            "kind": s.kind,
            "slug": s.slug,
            "name": s.name,
        }
        for s in found
    ]
    _print_json(rows)
    return EXIT_OK


def _add_entities(commands: Subcommands) -> None:
    group = commands.group(
        "entities",
        help="import, export, list entities; suggest them for a text",
        description="Entities: people, organisations, places, events and topics.",
    )
    add = group.add

    q = add("import", cmd_entities_import, "import an authority file (CSV or JSON Lines)")
    q.add_argument("file", help="CSV with header name,kind,aliases,description, or JSON Lines")
    q.add_argument("--format", choices=["csv", "jsonl"], help="default: from the file")

    q = add("export", cmd_entities_export, "write every entity as an authority file")
    q.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    q.add_argument("--out", default=None, help="file to write (default: stdout)")

    q = add("list", cmd_entities_list, "list entities with their story counts, or search them")
    q.add_argument("query", nargs="?", default="", help="part of a name or alias")
    q.add_argument("--kind", default=None, help="only this kind")
    q.add_argument("--limit", type=_limit, default=None, help="1 to 10000 (default: all)")

    q = add("suggest", cmd_entities_suggest, "print entity suggestions for a text as JSON")
    q.add_argument("file", nargs="?", default="-", help="text file, or - for stdin (default)")
    q.add_argument(
        "--article",
        type=_integer,
        default=None,
        help="leave out this story's tags and dismissed suggestions",
    )
