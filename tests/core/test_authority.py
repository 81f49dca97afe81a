"""Authority files: CSV and JSON Lines in, bad rows reported by line, export round trip."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from newsroom.core.authority import detect_format, export_authority, import_authority
from newsroom.core.entities import create_entity, search_entities
from newsroom.core.errors import ValidationError

CSV = """name,kind,aliases,description
United Nations,organisation,UN|U.N.,The world body.
Geneva,place,,
Bad Row,company,,
"Amira al-Hassan",person,al-Hassan;Amira Hassan,"Envoy,
with a line break"
Only,two
Union Nationale,organisation,UN,
,person,,
Port Edris,place,Edris,Fictional port.
"""


def entities(db) -> dict[str, tuple[str, tuple[str, ...]]]:
    with db.reading() as session:
        return {e.name: (e.kind, e.aliases) for e in search_entities(session)}


def test_a_malformed_row_is_reported_by_line_and_the_rest_imports(db):
    with db.transaction() as session:
        result = import_authority(session, CSV, "csv")

    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert [(p.line, p.message) for p in result.problems] == [
        (4, "unknown kind 'company'; one of person, organisation, place, event, topic"),
        (7, "2 fields where the header has 4"),
        (8, "the alias 'UN' already belongs to 'United Nations'"),
        (9, "the name is empty"),
    ]
    assert entities(db) == {
        "Amira al-Hassan": ("person", ("al-Hassan", "Amira Hassan")),
        "Geneva": ("place", ()),
        "Port Edris": ("place", ("Edris",)),
        "United Nations": ("organisation", ("UN", "U.N.")),
    }


def test_an_existing_entity_is_updated_not_duplicated(db):
    with db.transaction() as session:
        create_entity(session, "organisation", "United Nations", aliases=["UN"])
        result = import_authority(
            session,
            "name,kind,aliases\nunited nations,organisation,U.N.|UN\nUnited Nations,place,\n",
            "csv",
        )
    assert (result.created, result.updated, result.problems) == (1, 1, [])
    with db.reading() as session:
        found = {(e.kind, e.name): e.aliases for e in search_entities(session)}
    assert found == {
        ("organisation", "United Nations"): ("UN", "U.N."),
        ("place", "United Nations"): (),
    }
    with db.transaction() as session:
        again = import_authority(session, "name,kind\nUnited Nations,organisation\n", "csv")
    assert again.unchanged == 1


def test_json_lines(db):
    lines = [
        json.dumps({"name": "Москва", "kind": "place", "aliases": ["Moscow", "Moskva"]}),
        "",
        "{not json",
        json.dumps({"name": "WHO", "kind": "organisation", "aliases": "World Health Organization"}),
        json.dumps(["a", "list"]),
        json.dumps({"name": "X", "kind": "person", "aliases": [1, 2]}),
    ]
    with db.transaction() as session:
        result = import_authority(session, "\n".join(lines), "jsonl")
    assert result.created == 2
    assert [p.line for p in result.problems] == [3, 5, 6]
    assert entities(db)["Москва"] == ("place", ("Moscow", "Moskva"))


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "the file is empty"), ("name;kind\nx;person\n", "must name the columns name and kind")],
)
def test_an_unreadable_file_is_refused_whole(db, text, message):
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        import_authority(session, text, "csv")
    assert message in caught.value.message


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_then_import_gives_the_same_entities(db, tmp_path, fmt):
    with db.transaction() as session:
        create_entity(session, "organisation", "United Nations", aliases=["UN", "U.N."])
        create_entity(session, "person", "Siobhán O'Rourke", description='Says "hi", twice.')
        create_entity(session, "topic", "food; water", aliases=["food and water; drink"])
        text = export_authority(session, fmt)
    before = entities(db)
    from newsroom.core.db import open_database

    other = open_database(tmp_path / "other.db")
    try:
        with other.transaction() as session:
            result = import_authority(session, text, fmt)
        assert result.problems == [] and result.created == 3
        assert entities(other) == before
    finally:
        other.close()


def test_detect_format():
    assert detect_format("people.csv", "{") == "csv"
    assert detect_format("people.JSONL", "name") == "jsonl"
    assert detect_format("-", '  {"name": "x"}') == "jsonl"
    assert detect_format("list.txt", "name,kind") == "csv"


def test_csv_export_quotes_cells_a_spreadsheet_would_run_and_reads_them_back(db, tmp_path):
    import csv
    import io

    risky = {
        '=HYPERLINK("https://evil.example","click")': ("person", ["+1 555", "@handle"]),
        "-ism": ("topic", []),
        "'=already quoted": ("topic", ["''+two quotes"]),
        "'plain quote": ("topic", []),
        "Geneva": ("place", ["=Genf"]),
    }
    with db.transaction() as session:
        for name, (kind, aliases) in risky.items():
            create_entity(session, kind, name, aliases=aliases, description="-5 degrees")
        text = export_authority(session, "csv")
    cells = [c for row in list(csv.reader(io.StringIO(text)))[1:] for c in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(" in text and "'-5 degrees" in text and "'=Genf" in text
    assert "\n'plain quote,topic" in text  # a quote that protects nothing stays as is
    before = {name: (kind, tuple(aliases)) for name, (kind, aliases) in risky.items()}
    assert entities(db) == before
    from newsroom.core.db import open_database

    other = open_database(tmp_path / "other.db")
    try:
        with other.transaction() as session:
            result = import_authority(session, text, "csv")
        assert result.problems == [] and result.created == len(risky)
        assert entities(other) == before
        with other.reading() as session:
            assert {e.description for e in _records(session)} == {"-5 degrees"}
    finally:
        other.close()


def _records(session):  # type: ignore[no-untyped-def]
    from newsroom.core.entities import load_entity

    return [load_entity(session, e.id) for e in search_entities(session)]


def test_a_big_file_commits_in_groups_that_others_can_see(db):
    """Issue 12: one transaction for a whole file kept every other writer waiting."""
    from newsroom.core.authority import import_authority_file
    from newsroom.core.models import Entity

    text = "name,kind\n" + "".join(f"Person {n},person\n" for n in range(230))
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int) -> None:
        with db.reading() as session:  # another connection: sees only what is committed
            seen.append((done, total, session.scalar(select(func.count(Entity.id)))))

    result = import_authority_file(db, text, "csv", group_rows=100, progress=progress)
    assert (result.created, result.problems) == (230, [])
    assert seen == [(100, 230, 100), (200, 230, 200), (230, 230, 230)]


def test_rows_written_by_someone_else_meanwhile_are_updated_not_duplicated(db):
    from newsroom.core.authority import import_authority_file

    text = "name,kind,aliases\n" + "".join(f"Place {n},place,\n" for n in range(6))
    text += "Place 5,place,Five\n"

    def progress(done: int, total: int) -> None:
        if done == 3:  # between two groups, an editor adds what the file adds later
            with db.transaction() as session:
                create_entity(session, "place", "place 5")

    result = import_authority_file(db, text, "csv", group_rows=3, progress=progress)
    assert (result.created, result.updated, result.problems) == (5, 1, [])
    assert entities(db)["place 5"] == ("place", ("Five",))


def test_json_lines_nested_deep_or_with_huge_numbers_are_problems_of_their_line(db):
    lines = [
        "[" * 100_000 + "]" * 100_000,
        '{"name": "Deep", "kind": "person", "x": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000,
        '{"name": "Digits", "kind": "person", "description": ' + "7" * 5000 + "}",
        json.dumps({"name": "Fine", "kind": "person"}),
        '{"name": "Float", "kind": "person", "description": 1' + "0" * 5000 + ".5}",
    ]
    with db.transaction() as session:
        result = import_authority(session, "\n".join(lines), "jsonl")
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "not valid JSON (nested too deeply)"),
        (2, "not valid JSON (nested too deeply)"),
        (3, "not valid JSON (a number with too many digits)"),
        (5, "description must be a string"),
    ]
    assert result.created == 1
