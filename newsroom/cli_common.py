"""What every `newsroom` subcommand shares: exit codes, the usage error, output that
can never drive the terminal, opening the database, and the values options accept.

Everything printed goes through `_emit` or `_warn`, which show control characters as
escapes (`text.controls.for_terminal`): stored text, file names and error messages can
never drive the terminal. Option values are checked where argparse reads them, so bad
input is one line and exit 2 before anything is opened.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsroom.core.errors import NewsroomError
from newsroom.text.controls import LINE_FEED, for_terminal

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from newsroom.core.db import Database

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(NewsroomError):
    """The command line asks for something that can not be done as asked."""


def _emit(args: argparse.Namespace, human: str, data: Any) -> None:
    """The command's result on stdout: human text, or JSON with --json."""
    if getattr(args, "json", False):
        _print_json(data)
    else:
        print(for_terminal(human))


def _print_json(data: Any) -> None:
    # json escapes C0 controls itself; for_terminal escapes the rest inside strings
    # with \uXXXX, which JSON reads back as the same character.
    print(for_terminal(json.dumps(data, ensure_ascii=False, indent=2, default=str)))


def _warn(line: str) -> None:
    """One line on stderr (errors, notes, per-file reports), whatever it quotes."""
    _warn_all([line])


def _warn_all(lines: Iterable[str]) -> None:
    """Lines on stderr as `_warn` writes each, in one write: an export of a big archive
    can report thousands."""
    text = "".join(line.replace("\n", LINE_FEED) + "\n" for line in lines)
    sys.stderr.write(for_terminal(text))  # one pass: 14,000 lines at 100,000 stories
    sys.stderr.flush()


CLI_WAIT_SECONDS = 120.0
"""How long a command waits for another Newsroom process to finish with the file."""


def _say_waiting(holder: str) -> None:
    print(f"newsroom: waiting for the database: {holder} is using it", file=sys.stderr, flush=True)


_OPENED: list[Database] = []


def _open(args: argparse.Namespace, *, must_be_empty: bool = False) -> Database:
    from newsroom.core.db import open_database, resolve_location

    location, _ = resolve_location(args.db)
    db = open_database(location, on_wait=_say_waiting, wait_seconds=CLI_WAIT_SECONDS)
    _OPENED.append(db)
    if db.backup_path is not None:
        _warn(f"newsroom: upgraded the database; the old one is kept at {db.backup_path}")
    if must_be_empty:
        from newsroom.core import articles  # not on every command's path: it loads images

        with db.reading() as session:
            if articles.count_articles(session):
                db.close()
                raise UsageError(f"{db.display_name} already holds stories; give a new database")
    return db


def one_shot() -> None:
    """For a command, which runs once and ends: the cyclic garbage collector walks the
    heap every 10,000 new objects rather than 700 (importing SQLAlchemy and the
    command's modules walked it hundreds of times: 60 ms of a 0.5 s export)."""
    gc.set_threshold(10_000, 10, 10)


def finish(standalone: bool) -> None:
    """Close the databases the command opened (a SQLite file's write-ahead log is
    folded back into it: a copy of the file alone is the whole newsroom). In a process
    of its own, leave what is left to the end of the process: the final collection of
    every object the modules made took 0.1-0.2 s, and freed nothing the system does not."""
    while _OPENED:
        db = _OPENED.pop()
        try:
            db.close()
        except Exception as exc:  # (the command's own outcome stands)
            _warn(f"newsroom: closing {db.display_name}: {exc}")
    if standalone:
        gc.freeze()


def _parse_now(text: str | None) -> datetime:
    """--now for reproducible runs: an ISO-8601 date-time (UTC when no offset)."""
    from datetime import UTC

    from newsroom.core.models import utcnow

    if text is None:
        return utcnow()
    from zoneinfo import ZoneInfo

    return _date_option(text, ZoneInfo("UTC"), "--now", "now").astimezone(UTC)


def _date_option(text: str, tz: ZoneInfo, option: str, field: str) -> datetime:
    """A date given on the command line, read as everywhere else (`dates.parse_datetime`:
    impossible dates, skipped clock times and years outside 1800-2200 refused); the
    message names the option. A clock time that happens twice is read as the first,
    with a note on stderr saying so."""
    from newsroom.core.dates import parse_datetime, reading_note
    from newsroom.core.errors import ValidationError

    try:
        value = parse_datetime(text, tz, field)
    except ValidationError as exc:
        raise ValidationError(field, f"{option}: {exc.message}") from exc
    note = reading_note(text, tz)
    if note:
        _warn(f"newsroom: note: {option}: {note}")
    return value


def _read_input(path: str) -> str:
    """A UTF-8 file, or stdin for "-", with line ends kept as they are (offsets into the
    input must count every character)."""
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read {path}: it is not UTF-8 text") from exc


COUNT_MAX = 1_000_000


_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")


def _integer(text: str) -> int:
    """A whole number as typed: ASCII digits with an optional sign, nothing else (int()
    would also take "1_000", " 7 " and other scripts' digits)."""
    if not _WHOLE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number")
    return int(text)


def _limit(text: str) -> int:
    value = _integer(text)
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError("must be between 1 and 10000")
    return value


def _count(text: str) -> int:
    """How many stories or entities `generate` makes: at least one (an archive with no
    entities can not tag its stories), at most a million (beyond that a typo)."""
    value = _integer(text)
    if not 1 <= value <= COUNT_MAX:
        raise argparse.ArgumentTypeError(f"must be between 1 and {COUNT_MAX:,}")
    return value


def _read_text(path: str) -> str:
    """A UTF-8 text file, or stdin for "-", with its line ends made "\n"."""
    if path == "-":
        try:
            text = sys.stdin.buffer.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UsageError("cannot read standard input: it is not UTF-8 text") from exc
        return text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read {path}: it is not UTF-8 text") from exc


Command = Callable[[argparse.Namespace], int]
"""A subcommand: parsed arguments in, exit code out."""


class Subcommands:
    """One level of subcommands (`newsroom COMMAND`, `newsroom sections ACTION`): each
    one `add`ed takes the options every command shares (`common`: --db, --json) and
    runs `func`; `group` starts a command with actions of its own."""

    def __init__(
        self,
        actions: argparse._SubParsersAction[argparse.ArgumentParser],
        common: argparse.ArgumentParser,
    ) -> None:
        self.actions = actions
        self.common = common

    def add(self, name: str, func: Command, help: str) -> argparse.ArgumentParser:
        parser = self.actions.add_parser(name, parents=[self.common], help=help, description=help)
        parser.set_defaults(func=func)
        return parser

    def group(self, name: str, help: str, description: str) -> Subcommands:
        parser = self.actions.add_parser(name, help=help, description=description)
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        return Subcommands(actions, self.common)
