"""The `newsroom` command: no subcommand opens the GUI; subcommands do scripted work.

Thin by design: parse, open the database, call a service, print. Output is human text,
or JSON with --json. Exit codes: 0 ok, 1 the command ran and found problems, 2 bad
usage or input, or a database that can not be used (one line on stderr, nothing
changed). What every subcommand shares (output, opening the database, option values)
is in `cli_common`; the `entities` subcommands are in `cli_entities`, the `sections`
ones in `cli_sections`, the `dictionary` ones in `cli_dictionary`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsroom.cli_common import (
    COUNT_MAX,
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    Subcommands,
    UsageError,
    _count,
    _date_option,
    _emit,
    _integer,
    _limit,
    _open,
    _parse_now,
    _read_text,
    _warn,
    _warn_all,
    finish,
    one_shot,
)
from newsroom.cli_dictionary import _add_dictionary
from newsroom.cli_entities import _add_entities
from newsroom.cli_media import _add_media, add_image_options, lead_from_args
from newsroom.cli_sections import _add_sections
from newsroom.core.errors import NewsroomError
from newsroom.core.storyfields import STORY_FIELDS
from newsroom.core.users import login_name
from newsroom.text.controls import for_terminal

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo


class _Version(argparse.Action):
    """--version: the installed version, read only when asked for (see `newsroom`)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        import newsroom

        print(f"newsroom {newsroom.__version__}")  # on stdout, as argparse's own does
        parser.exit()


# --- subcommands ----------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from newsroom.core.demo import load_demo

    db = _open(args, must_be_empty=True)
    with db.transaction() as session:
        count = load_demo(session, author=login_name())
    _emit(
        args,
        f"demo newsroom with {count} stories written to {db.display_name}",
        {"database": db.display_name, "articles": count},
    )
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from newsroom.core.generate import generate

    db = _open(args, must_be_empty=True)
    tty = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int) -> None:
        if tty:
            print(f"\r{done:,}/{total:,} stories", end="", file=sys.stderr, flush=True)

    result = generate(
        db, articles=args.articles, seed=args.seed, entities=args.entities, progress=progress
    )
    if tty:
        print(file=sys.stderr)
    size = Path(db.display_name).stat().st_size if Path(db.display_name).exists() else None
    data = {**result.__dict__, "database": db.display_name, "bytes": size}
    _emit(
        args,
        f"{result.articles:,} stories, {result.entities:,} entities, {result.links:,} "
        f"More-news links in {result.seconds:.1f} s -> {db.display_name}"
        + (f" ({size / 1e6:,.0f} MB)" if size else ""),
        data,
    )
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from newsroom.core import articles, sections
    from newsroom.core import settings as site_settings

    body = ""
    if args.body_file:
        body = _read_text(args.body_file)
    db = _open(args)
    with db.transaction() as session:
        tz = site_settings.load(session).tz
        section_id = None
        if args.section:
            found = sections.section_by_name(session, args.section)
            if found is None:
                raise UsageError(f"there is no section {args.section!r}")
            section_id = found.id
        record = articles.create_article(
            session,
            articles.ArticleInput(
                headline=args.headline,
                slug=args.slug,
                standfirst=args.standfirst,
                body=body,
                byline=args.byline,
                section_id=section_id,
                dateline=args.dateline,
                status=args.status,
                published_at=_published_at(args, tz),
                embargo_until=(
                    _date_option(args.embargo_until, tz, "--embargo-until", "embargo_until")
                    if args.embargo_until is not None
                    else None
                ),
                lead_image_id=lead_from_args(session, args),
            ),
            author=login_name(),
        )
    _emit(args, f"added story {record.id}: {record.slug}", _record_json(record))
    return EXIT_OK


def _published_at(args: argparse.Namespace, tz: ZoneInfo) -> datetime | None:
    """--published-at in the site's time zone; for `--status published` without one,
    now (the minute the command runs), as asked for, rather than refused."""
    from newsroom.core.dates import whole_minute
    from newsroom.core.models import Status, utcnow

    if args.published_at is not None:
        return _date_option(args.published_at, tz, "--published-at", "published_at")
    if args.status == Status.PUBLISHED.value:
        return whole_minute(utcnow())
    return None


def cmd_list(args: argparse.Namespace) -> int:
    from newsroom.core import search

    db = _open(args)
    with db.reading() as session:
        if args.query:
            hits = search.search(session, args.query, limit=args.limit)
        else:
            hits = search.latest(session, limit=args.limit)
    rows = [
        {
            "id": h.id,
            "headline": h.headline,
            "status": h.status,
            "published_at": h.published_at.isoformat() if h.published_at else None,
        }
        for h in hits
    ]
    human = (
        "\n".join(
            f"{h.id:>7}  {h.status:<9}  "
            f"{h.published_at.date().isoformat() if h.published_at else '':<10}  {h.headline}"
            for h in hits
        )
        or "no stories"
    )
    _emit(args, human, rows)
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    from dataclasses import asdict, replace

    from newsroom.core import settings as site_settings

    changes = {
        k: v
        for k in ("site_name", "base_url", "locale", "time_zone", "site_folder")
        if (v := getattr(args, k)) is not None
    }
    db = _open(args)
    with db.transaction() as session:
        current = site_settings.load(session)
        if changes:
            current = site_settings.save(session, replace(current, **changes))
    data = asdict(current)
    _emit(args, "\n".join(f"{k}: {v}" for k, v in data.items()), data)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from newsroom.publish.export import export_site

    now = _parse_now(args.now)
    db = _open(args)
    tty = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int, what: str) -> None:
        if tty:
            print(f"\r{what}: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    result = export_site(db, Path(args.out), now=now, progress=progress)
    if tty:
        print(file=sys.stderr)
    if not args.json:
        _warn_all(
            f"left out: a More-news line in {left['story']} "
            f"(its target {left['target_uid']}: {left['reason']})"
            for left in result.left_out_links
        )
    out = Path(args.out).absolute()
    human = result.summary()
    if result.folder != str(out):
        human += f"\n{out} is a link: the site was written into {result.folder}"
    _emit(args, human, {**result.__dict__, "out": str(out)})
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Problems to fix before publishing (exit 1), after a check of the whole file for
    damage: a damaged file is not a problem to fix but a fault, so it is one line and
    exit 2 like on every other command (and the story checks do not run)."""
    from dataclasses import asdict

    from newsroom.core.checks import problems

    now = _parse_now(args.now)
    db = _open(args)
    db.verify()
    with db.reading() as session:
        found = problems(session, now)
        if args.spelling:
            from newsroom.core.spelling_checks import spelling_problems

            found += spelling_problems(session, now, say=lambda m: _warn(f"newsroom: {m}"))
            found.sort(key=lambda p: (p.article_id, p.code))
    rows = [asdict(p) for p in found]
    human = "\n".join(f"{p.slug}: {p.message} [{p.code}]" for p in found)
    summary = (
        f"{len(found)} problem{'s' if len(found) != 1 else ''} found" if found else "no problems"
    )
    _emit(args, f"{human}\n{summary}" if found else summary, rows)
    return EXIT_PROBLEMS if found else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from newsroom.importing.service import import_paths

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    for path in args.paths:  # the import records where a story came from, as text
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        if shown != path:
            raise UsageError(f"the name {shown} is not UTF-8 text; rename it")
    db = _open(args)
    tty = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int, message: str) -> None:
        if tty:
            line = f"\r\x1b[K{done:,}/{total:,} {for_terminal(message)}"[:120]
            print(line, end="", file=sys.stderr, flush=True)

    report = import_paths(
        db, args.paths, on_duplicate=args.on_duplicate, status=args.status,
        progress=progress, author=login_name(),
    )  # fmt: skip
    if tty:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    if not args.json:
        for failure in report.failures:
            _warn(f"newsroom: import: {failure.path}: {failure.reason}")
        for skipped in (f for f in report.files if f.outcome == "skipped"):
            _warn(f"newsroom: import: {skipped.path}: skipped: {skipped.reason}")
        if report.updatable and args.on_duplicate == "skip":
            _warn("newsroom: import: --on-duplicate update updates those stories from their files")
        for link in report.unresolved_links:
            if link.kept:
                _warn(
                    f"newsroom: import: {link.path}: the line 'More news: {link.headline}' "
                    "is pending: no story with that headline in the database or the import "
                    "yet; it links itself when one is saved or imported"
                )
            else:
                _warn(
                    f"newsroom: import: {link.path}: left out a More-news line with no "
                    f"headline ({link.href or 'no address'})"
                )
        for pending in report.pending_links:
            _warn(
                f"newsroom: import: {pending.path}: the line "
                f"'More news: {pending.headline}' is pending, not a link "
                f"({pending.target_path}: {pending.reason})"
            )
        if report.settings_adopted:
            taken = ", ".join(f"{k} {v!r}" for k, v in report.settings_adopted.items())
            _warn(f"newsroom: import: site settings from the export: {taken}")
        if report.stopped:
            _warn(
                f"newsroom: import: stopped: {report.stopped}; "
                f"{report.not_written:,} files not written (what was written stays; "
                "importing again skips it)"
            )
    _emit(args, report.summary(), report.as_dict())
    return EXIT_PROBLEMS if report.failed or report.stopped else EXIT_OK


def _record_json(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "uid": record.uid,
        "slug": record.slug,
        "headline": record.headline,
        "status": record.status,
        "version": record.version,
        "published_at": record.published_at.isoformat() if record.published_at else None,
    }


# --- parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsroom",
        description="Newsroom: draft, tag and cross-link stories; export a static site. "
        "With no command, opens the editor.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    db_help = "database file or SQLAlchemy URL (default: $NEWSROOM_DB, else the user data folder)"
    parser.add_argument("--db", help=db_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--json", action="store_true", help="print JSON for scripts")
    commands = Subcommands(parser.add_subparsers(dest="command", metavar="COMMAND"), common)
    add = commands.add

    add("demo", cmd_demo, "create the demo newsroom in a new database")

    p = add("generate", cmd_generate, "create a synthetic archive for benchmarks and tests")
    p.add_argument(
        "--articles", type=_count, required=True, help=f"number of stories (1 to {COUNT_MAX:,})"
    )
    p.add_argument("--seed", type=_integer, default=1, help="random seed (same seed, same archive)")
    p.add_argument(
        "--entities",
        type=_count,
        default=None,
        help=f"number of entities (1 to {COUNT_MAX:,}; default: half the stories, 60 to 50,000)",
    )

    p = add("add", cmd_add, "add a story")
    for field in STORY_FIELDS:
        if field.flag is not None:
            if field.required:
                p.add_argument(field.flag, required=True, help=field.help)
            else:
                p.add_argument(field.flag, default=field.option_default, help=field.help)
    add_image_options(p)

    p = add("list", cmd_list, "list the latest stories, or search them")
    p.add_argument("query", nargs="?", default="", help="full-text search words")
    p.add_argument("--limit", type=_limit, default=20, help="1 to 10000 (default 20)")

    p = add("export", cmd_export, "export the published stories as a static HTML site")
    p.add_argument(
        "--out",
        required=True,
        help="output folder: new, empty or an earlier export (replaced atomically); "
        "a symbolic link is followed and the folder it points to replaced",
    )
    p.add_argument("--now", default=None, help="export as of this ISO-8601 time (default: now)")

    p = add("check", cmd_check, "list problems to fix before publishing (exit 1 if any)")
    p.add_argument("--now", default=None, help="check as of this ISO-8601 time (default: now)")
    p.add_argument(
        "--spelling",
        action="store_true",
        help="also list the misspelt words of every story not yet on the site",
    )

    p = add("import", cmd_import, "import stories: Markdown, saved news pages, a Newsroom export")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (read recursively)")
    p.add_argument(
        "--on-duplicate",
        choices=["skip", "update"],
        default="skip",
        help="a story already in the database (same uid, address, or slug and date): "
        "leave it (default) or update it from the file (a new revision, same uid)",
    )
    p.add_argument(
        "--status",
        choices=["keep", "draft"],
        default="keep",
        help="keep the status each file gives (default: a dated page is published) or "
        "make the stories that arrive drafts (an updated story keeps its status)",
    )

    p = add("settings", cmd_settings, "show or change the site settings")
    p.add_argument("--site-name")
    p.add_argument("--base-url")
    p.add_argument("--locale")
    p.add_argument("--time-zone")
    p.add_argument("--site-folder", help="where the window's Publish site (Ctrl+Shift+E) writes")
    _add_entities(commands)
    _add_sections(commands)
    _add_dictionary(commands)
    _add_media(commands)
    return parser


def _gui(args: argparse.Namespace) -> int:
    from newsroom.core.db import startup_location
    from newsroom.ui.state import AppState

    location, is_default = startup_location(args.db, AppState().last_database())
    if is_default:
        _first_run(Path(location))
    from newsroom.ui.app import run

    return run(location)


def _first_run(path: Path) -> None:
    """On the very first start, give the new user the demo newsroom to look at."""
    if path.exists():
        return
    from newsroom.core.demo import demo_database

    demo_database(path, author=login_name())


def entry() -> int:
    """The `newsroom` command and `python -m newsroom`: `main` in a process of its own
    (see `cli_common.one_shot`)."""
    return main(standalone=True)


def main(argv: Sequence[str] | None = None, *, standalone: bool = False) -> int:
    for stream in (sys.stdout, sys.stderr):  # never a traceback for an unencodable name
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if standalone and args.command is not None:
        one_shot()
    try:
        if args.command is None:
            return _gui(args)
        return int(args.func(args))
    except NewsroomError as exc:
        _warn(f"newsroom: error: {exc}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _warn("newsroom: interrupted")
        return 130
    except Exception as exc:
        typed = _database_fault(exc, args)
        if typed is None:
            raise
        _warn(f"newsroom: error: {typed}")
        return EXIT_BAD_INPUT
    finally:
        finish(standalone and args.command is not None)


def _database_fault(exc: Exception, args: argparse.Namespace) -> NewsroomError | None:
    """A driver error that says the database is damaged, as its one-line typed error.

    The engine already raises `DatabaseCorruptError` for every statement it runs; this
    catches what reaches the driver without it (a raw connection)."""
    from newsroom.core.db import corruption, resolve_location, to_url

    try:
        url = to_url(resolve_location(getattr(args, "db", None))[0])
    except NewsroomError:
        return None
    return corruption(exc, url)
