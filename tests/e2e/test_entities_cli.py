"""`newsroom entities ...` run as a script runs it: a subprocess, exit codes, JSON out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

AUTHORITY = """name,kind,aliases,description
United Nations,organisation,UN|U.N.,The world body.
Amira al-Hassan,person,al-Hassan,UN envoy.
Geneva,place,,
Nobody,wizard,,
Москва,place,Moscow,
"""


def newsroom(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def imported(tmp_path: Path) -> Path:
    db = tmp_path / "n.db"
    source = tmp_path / "people.csv"
    source.write_text(AUTHORITY, encoding="utf-8")
    result = newsroom("entities", "import", "--db", str(db), str(source))
    assert result.returncode == 1, result.stderr  # ran, one row had a problem
    assert "4 created" in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"newsroom: {source}: line 5: unknown kind 'wizard'; "
        "one of person, organisation, place, event, topic"
    ]
    return db


def test_suggest_prints_json_with_offsets_into_the_input(tmp_path: Path) -> None:
    db = imported(tmp_path)
    text = (
        "GENEVA \u2014 The UN\u2019s envoy, al-Hassan, met Karim Nassar in Port Edris.\r\n"
        "Un homme de Москва est venu.\r\n"
    )
    story = tmp_path / "story.txt"
    story.write_bytes(text.encode("utf-8"))
    result = newsroom("entities", "suggest", "--db", str(db), str(story))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [(s["text"], s["kind"], s["slug"]) for s in found] == [
        ("GENEVA", "place", "geneva"),
        ("UN", "organisation", "united-nations"),
        ("al-Hassan", "person", "amira-al-hassan"),
        ("Karim Nassar", "person", None),
        ("Port Edris", "place", None),
        ("Москва", "place", "moskva"),
    ]
    for s in found:
        assert text[s["start"] : s["end"]] == s["text"]
        assert set(s) >= {"text", "start", "end", "kind", "slug"}
    from_stdin = newsroom("entities", "suggest", "--db", str(db), "-", stdin="Geneva, UN.")
    assert [s["slug"] for s in json.loads(from_stdin.stdout)] == ["geneva", "united-nations"]


def test_list_and_export(tmp_path: Path) -> None:
    db = imported(tmp_path)
    listed = json.loads(newsroom("entities", "list", "--db", str(db), "--json").stdout)
    assert [(e["name"], e["stories"]) for e in listed] == [
        ("Amira al-Hassan", 0),
        ("Geneva", 0),
        ("United Nations", 0),
        ("Москва", 0),
    ]
    found = newsroom("entities", "list", "--db", str(db), "moscow")
    assert found.returncode == 0 and "Москва" in found.stdout
    out = tmp_path / "out.jsonl"
    result = newsroom("entities", "export", "--db", str(db), "--format", "jsonl", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {
        "name": "United Nations",
        "kind": "organisation",
        "aliases": ["UN", "U.N."],
        "description": "The world body.",
    } in rows
    csv_out = newsroom("entities", "export", "--db", str(db)).stdout
    assert csv_out.splitlines()[0] == "name,kind,aliases,description"
    assert "United Nations,organisation,UN|U.N.,The world body." in csv_out.splitlines()


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    missing = newsroom("entities", "import", "--db", str(db), str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("who,what\n1,2\n", encoding="utf-8")
    header = newsroom("entities", "import", "--db", str(db), str(bad))
    assert header.returncode == 2 and "name and kind" in header.stderr
    assert newsroom("entities", "--db", str(db)).returncode == 2


def test_import_commits_in_groups(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: 12,000 rows in one transaction held the database for 40 s."""
    from sqlalchemy import event

    from newsroom import cli
    from newsroom.core import db as databases

    commits: list[int] = []
    real_open = databases.open_database

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        database = real_open(*args, **kwargs)
        event.listen(database.engine, "commit", lambda connection: commits.append(1))
        return database

    monkeypatch.setattr(databases, "open_database", counting)
    source = tmp_path / "people.csv"
    source.write_text("name,kind\n" + "".join(f"Person {n},person\n" for n in range(1000)))
    assert cli.main(["entities", "import", "--db", str(tmp_path / "n.db"), str(source)]) == 0
    assert capsys.readouterr().out.startswith("1000 created")
    assert len(commits) >= 4  # at most 250 rows a transaction


def test_import_of_hostile_json_lines_is_one_line_per_bad_row(tmp_path: Path) -> None:
    source = tmp_path / "people.jsonl"
    source.write_text(
        "[" * 100_000 + "]" * 100_000 + "\n"
        + '{"name": "N", "kind": "person", "description": ' + "7" * 5000 + "}\n"
        + '{"name": "Fine", "kind": "person"}\n',
        encoding="utf-8",
    )  # fmt: skip
    result = newsroom("entities", "import", "--db", str(tmp_path / "n.db"), str(source))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"newsroom: {source}: line 1: not valid JSON (nested too deeply)",
        f"newsroom: {source}: line 2: not valid JSON (a number with too many digits)",
    ]
    assert result.stdout.startswith("1 created")
