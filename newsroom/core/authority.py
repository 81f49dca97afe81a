"""Authority files: a newsroom's list of people, organisations and places, in and out.

Two formats, same fields (`name`, `kind`, `aliases`, `description`):
- CSV with a header row; `aliases` separated by "|" (or by ";" when the field has
  no "|"); other columns are ignored;
- JSON Lines, one object per line, `aliases` a list of strings.

Import is forgiving per row and strict per file: each row goes in its own savepoint,
so a malformed row is reported with its line number and the others still import; a
file that can not be read at all (no header, unknown format) raises ValidationError.
A row whose name and kind already exist updates that entity (aliases merged,
description replaced when given) instead of adding a duplicate.

CSV cells are written as spreadsheets must not evaluate them (`quote_cell`): one that
starts with =, +, -, @, tab or carriage return gets a single quote in front, the mark
spreadsheets read as "this is text". Import removes that one quote again
(`unquote_cell`), so our own export reads back as it was written. The cost: a
hand-made CSV cell that really begins with ' and then one of those characters loses
its first quote.

`import_authority_file` is the one for a whole file (the command line's `entities
import`): it commits every `GROUP_ROWS` rows in a transaction of their own, because
one transaction for 12,000 rows held the database for 40 s and every other writer
waited, or gave up (issue 12). Each group reads the names that are new since the last
one, so rows written meanwhile by someone else are updated, not duplicated. A line that
is not JSON, nested past the parser's depth or holding a number past Python's 4,300
digits is a problem of that line, like any other.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsroom.core.db import Database
from newsroom.core.entities import (
    create_entity,
    entity_id_by_name,
    load_entity,
    normalise,
    update_entity,
)
from newsroom.core.entity_changes import deferred
from newsroom.core.errors import ValidationError
from newsroom.core.models import Entity, EntityAlias
from newsroom.text.controls import find_control

FORMATS = ("csv", "jsonl")
GROUP_ROWS = 250


@dataclass(frozen=True)
class AuthorityRow:
    line: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def detect_format(name: str, text: str) -> str:
    """ "csv" or "jsonl", from the file name, else from the first character."""
    lower = name.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


# A spreadsheet reads a cell starting with one of these as a formula (tab and CR are
# dropped first, so what follows them counts).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def quote_cell(value: str) -> str:
    """`value` with a ' in front when a spreadsheet would evaluate it; also when it
    already starts with quotes before such a character, so that the one quote
    `unquote_cell` takes off is always one this function put on."""
    return "'" + value if value.lstrip("'").startswith(_FORMULA_START) else value


def unquote_cell(value: str) -> str:
    """Undo `quote_cell`."""
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value


def _split_aliases(value: str) -> tuple[str, ...]:
    parts = value.split("|") if "|" in value else value.split(";")
    return tuple(p.strip() for p in parts if p.strip())


def _csv_rows(text: str) -> Iterator[AuthorityRow | RowProblem]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError("file", "the file is empty") from None
    columns = [h.strip().lower() for h in header]
    if "name" not in columns or "kind" not in columns:
        raise ValidationError("file", "the CSV header must name the columns name and kind")
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowProblem(line, f"unreadable CSV ({exc}); the rest of the file was skipped")
            return
        if any(c.strip() for c in cells):
            if len(cells) != len(columns):
                yield RowProblem(line, f"{len(cells)} fields where the header has {len(columns)}")
            else:
                row = dict(zip(columns, map(unquote_cell, cells), strict=True))
                yield AuthorityRow(
                    line,
                    row["name"],
                    row["kind"].strip().lower(),
                    _split_aliases(row.get("aliases", "")),
                    row.get("description", ""),
                )
        line = reader.line_num + 1


def _jsonl_rows(text: str) -> Iterator[AuthorityRow | RowProblem]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data: Any = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield RowProblem(number, f"not valid JSON ({exc.msg})")
            continue
        except RecursionError:
            yield RowProblem(number, "not valid JSON (nested too deeply)")
            continue
        except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string ..."
            reason = "a number with too many digits" if "digits" in str(exc) else "bad value"
            yield RowProblem(number, f"not valid JSON ({reason})")
            continue
        if not isinstance(data, dict):
            yield RowProblem(number, "expected an object with name and kind")
            continue
        name, kind = data.get("name"), data.get("kind")
        aliases = data.get("aliases", [])
        description = data.get("description", "")
        if isinstance(aliases, str):
            aliases = list(_split_aliases(aliases))
        if not isinstance(name, str) or not isinstance(kind, str):
            yield RowProblem(number, "name and kind must be strings")
        elif not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            yield RowProblem(number, "aliases must be a list of strings")
        elif not isinstance(description, str):
            yield RowProblem(number, "description must be a string")
        else:
            yield AuthorityRow(number, name, kind.strip().lower(), tuple(aliases), description)


def read_rows(text: str, fmt: str) -> Iterator[AuthorityRow | RowProblem]:
    """Parse a whole file into rows and problems, in file order."""
    if fmt == "csv":
        return _csv_rows(text)
    if fmt == "jsonl":
        return _jsonl_rows(text)
    raise ValidationError("format", f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _apply(session: Session, row: AuthorityRow, names: dict[tuple[str, str], int]) -> str:
    """Create or update one entity; 'created', 'updated' or 'unchanged'.

    `names` maps (kind, normalised name) to the id of every entity seen so far, so
    finding the existing one costs no query per row; one made by another writer since
    is found when creating it is refused."""
    entity_id = names.get((row.kind, normalise(row.name)))
    if entity_id is not None and session.get(Entity, entity_id) is None:
        entity_id = None  # deleted since it was read
    if entity_id is None:
        try:
            with session.begin_nested():
                record = create_entity(
                    session, row.kind, row.name, aliases=row.aliases, description=row.description
                )
        except (ValidationError, IntegrityError) as exc:  # another writer made it meanwhile?
            # A name refused for what it holds (a control character) is never looked up:
            # PostgreSQL would refuse the query itself.
            taken = isinstance(exc, IntegrityError) or (
                exc.field == "name" and find_control(row.name) is None
            )
            entity_id = entity_id_by_name(session, row.kind, row.name) if taken else None
            if entity_id is None and isinstance(exc, IntegrityError):
                first = str(exc.orig).splitlines()[0] if exc.orig else "a constraint"
                raise ValidationError("name", f"the database refused it: {first}") from exc
            if entity_id is None:
                raise
        else:
            names[(record.kind, normalise(record.name))] = record.id
            return "created"
    before = load_entity(session, entity_id)
    have = {normalise(a) for a in before.aliases}
    extra = [a for a in row.aliases if normalise(a) not in have]
    description = row.description.strip()
    if not extra and (not description or description == before.description):
        return "unchanged"
    update_entity(
        session,
        entity_id,
        aliases=[*before.aliases, *extra],
        description=description or None,
    )
    return "updated"


def import_authority(session: Session, text: str, fmt: str) -> ImportResult:
    """Import every row in the caller's transaction, each in its own savepoint; bad rows
    go to `problems`. For a whole file use `import_authority_file` (see the notes)."""
    result = ImportResult()
    names: dict[tuple[str, str], int] = {}
    _learn_names(session, names, 0)
    _import_rows(session, list(read_rows(text, fmt)), names, result)
    return result


def import_authority_file(
    db: Database,
    text: str,
    fmt: str,
    *,
    group_rows: int = GROUP_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import every row, `group_rows` rows per transaction (see the module notes);
    `progress(done, total)` after each group commits. The file is read whole first, so
    an unreadable one (`ValidationError`) changes nothing."""
    rows = list(read_rows(text, fmt))
    result = ImportResult()
    names: dict[tuple[str, str], int] = {}
    seen = 0
    for start in range(0, len(rows), max(group_rows, 1)):
        chunk = rows[start : start + max(group_rows, 1)]
        part = ImportResult()
        with db.transaction() as session:
            seen = _learn_names(session, names, seen)
            _import_rows(session, chunk, names, part)
        result.created += part.created
        result.updated += part.updated
        result.unchanged += part.unchanged
        result.problems += part.problems
        if progress is not None:
            progress(start + len(chunk), len(rows))
    return result


def _learn_names(session: Session, names: dict[tuple[str, str], int], seen: int) -> int:
    """Add the entities with an id above `seen` to `names`; the highest id now seen."""
    for entity_id, kind, name in session.execute(
        select(Entity.id, Entity.kind, Entity.name).where(Entity.id > seen).order_by(Entity.id)
    ):
        names.setdefault((kind, normalise(name)), entity_id)
        seen = entity_id
    return seen


def _import_rows(
    session: Session,
    items: list[AuthorityRow | RowProblem],
    names: dict[tuple[str, str], int],
    result: ImportResult,
) -> None:
    with deferred(session):  # one change-stamp write for the rows of this transaction
        for item in items:
            if isinstance(item, RowProblem):
                result.problems.append(item)
                continue
            try:
                with session.begin_nested():
                    outcome = _apply(session, item, names)
            except ValidationError as exc:
                result.problems.append(RowProblem(item.line, exc.message))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)


def export_authority(session: Session, fmt: str = "csv") -> str:
    """Every entity as an authority file, by kind then name; importable again."""
    if fmt not in FORMATS:
        raise ValidationError("format", f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in session.execute(
        select(EntityAlias.entity_id, EntityAlias.alias).order_by(EntityAlias.id)
    ):
        aliases.setdefault(entity_id, []).append(alias)
    rows = session.execute(
        select(Entity.id, Entity.name, Entity.kind, Entity.description).order_by(
            Entity.kind, Entity.name
        )
    )
    out = io.StringIO()
    if fmt == "jsonl":
        for entity_id, name, kind, description in rows:
            record = {
                "name": name,
                "kind": kind,
                "aliases": aliases.get(entity_id, []),
                "description": description,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return out.getvalue()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "kind", "aliases", "description"])
    for entity_id, name, kind, description in rows:
        names = aliases.get(entity_id, [])
        joined = "|".join(names)
        if len(names) == 1 and ";" in joined:
            joined += "|"  # a lone alias holding ";" must not be split on import
        writer.writerow([quote_cell(c) for c in (name, kind, joined, description)])
    return out.getvalue()
