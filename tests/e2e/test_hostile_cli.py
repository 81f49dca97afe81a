"""Hostile and unlucky input on the command line (issue 12, items 8-11 and 14): control
characters, a base URL that writes robots.txt rules, spreadsheet formulas, a damaged
database file, nonsense option values and bytes that are not UTF-8. Each is one line
on stderr, exit 2 (1 where a command reports per-row problems), nothing changed, and
never a traceback. Run as a user runs it, in a subprocess; where the database matters,
on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from postgres_server import pg_server, pg_template, pg_url  # noqa: F401  (fixtures)
from sqlalchemy import update
from sqlite_damage import damage_pages

from newsroom.core.db import open_database
from newsroom.core.models import Article, Entity

NOW = "2026-12-20T00:00:00Z"


def run(*args: str | bytes, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`newsroom ARGS` with output decoded as UTF-8 (bytes arguments pass as they are)."""
    return subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="strict",
        input=stdin,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def one_error_line(result: subprocess.CompletedProcess[str], *, usage: bool = False) -> str:
    """The single line a refused command printed (argparse adds its usage before it)."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    if usage:
        assert lines[0].startswith("usage: ") and ": error: argument " in lines[-1], lines
        return lines[-1]
    assert len(lines) == 1 and lines[0].startswith("newsroom: error: "), lines
    return lines[0]


def no_terminal_controls(text: str) -> None:
    assert not [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """--db for a new database with one published story, on each backend."""
    where = (
        str(request.getfixturevalue("pg_url"))
        if request.param == "postgresql"
        else str(tmp_path / "n.db")
    )
    added = run(
        "add", "--db", where, "--headline", "Talks resume in Geneva", "--status", "published",
        "--published-at", "2026-12-01 09:00",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return where


def stories(location: str) -> list[str]:
    listed = run("list", "--db", location, "--json", "--limit", "100")
    assert listed.returncode == 0, listed.stderr
    return [row["headline"] for row in json.loads(listed.stdout)]


# --- 8. control characters ------------------------------------------------------------


def test_a_control_character_in_a_headline_is_refused_and_the_feed_stays_well_formed(
    location: str, tmp_path: Path
) -> None:
    line = one_error_line(run("add", "--db", location, "--headline", "Bad\x01 headline"))
    assert "the headline holds the control character U+0001 at character 4" in line
    line = one_error_line(run("add", "--db", location, "--headline", "x", "--byline", "\x1b[2J"))
    assert "byline" in line and "U+001B" in line
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.md").write_text('---\ntitle: "Bad\\x01 title"\n---\nBody.\n', encoding="utf-8")
    (folder / "good.md").write_text(
        "---\ntitle: Envoy arrives\ndate: 2026-12-02\nstatus: published\n---\nBody.\n",
        encoding="utf-8",
    )
    # The service refuses a control character; an import reading foreign files takes
    # it out and says so (importing/reader.py), so the story is not lost over it.
    imported = run("import", "--db", location, str(folder))
    assert imported.returncode == 0 and "Traceback" not in imported.stderr, imported.stderr
    assert sorted(stories(location)) == ["Bad title", "Envoy arrives", "Talks resume in Geneva"]
    exported = run("export", "--db", location, "--out", str(tmp_path / "site"), "--now", NOW)
    assert exported.returncode == 0, exported.stderr
    feed = ET.fromstring((tmp_path / "site" / "feed.xml").read_bytes())
    titles = {e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")}
    assert {"Envoy arrives", "Talks resume in Geneva"} <= titles


def test_nul_and_escape_in_entity_names_are_refused_row_by_row(location: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "people.jsonl"
    rows = [
        {"name": "Fo\u0000o", "kind": "person"},
        {"name": "Geneva", "kind": "place", "aliases": ["Gen\u001b[2Jf"]},
        {"name": "Amira al-Hassan", "kind": "person", "description": "Envoy.\n\tSince 2024."},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run("entities", "import", "--db", location, str(source))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"newsroom: {source}: line 1: the name holds the control character U+0000 (NUL) at "
        "character 3; remove it",
        f"newsroom: {source}: line 2: the alias holds the control character U+001B (escape) at "
        "character 4; remove it",
    ]
    listed = json.loads(run("entities", "list", "--db", location, "--json").stdout)
    assert [e["name"] for e in listed] == ["Amira al-Hassan"]


def test_list_and_entities_list_show_stored_control_characters_as_escapes(location) -> None:  # type: ignore[no-untyped-def]
    """Text stored before the services refused control characters: printed escaped,
    in JSON as escapes that read back as the stored text."""
    db = open_database(location)
    headline, name = "Clear\x1b[2J\x1b]0;owned\x07 screen\x9b31m", "Ent\x1bity\x08"
    try:
        with db.transaction() as session:
            session.execute(update(Article).values(headline=headline))
            session.add(Entity(kind="person", name=name, slug="entity", description=""))
    finally:
        db.close()
    for args in (
        ["list"],
        ["entities", "list"],
        ["list", "--json"],
        ["entities", "list", "--json"],
    ):
        result = run(*args, "--db", location)
        assert result.returncode == 0, result.stderr
        no_terminal_controls(result.stdout)
        assert "\\u001b" in result.stdout
        if "--json" in args:
            values = {row.get("headline", row.get("name")) for row in json.loads(result.stdout)}
            assert values & {headline, name}
    assert (
        "Clear\\u001b[2J\\u001b]0;owned\\u0007 screen\\u009b31m"
        in run("list", "--db", location).stdout
    )


# --- 9. robots.txt injection ----------------------------------------------------------


def test_a_base_url_with_a_line_break_is_refused_and_robots_txt_keeps_its_rules(
    location: str, tmp_path: Path
) -> None:
    before = run("settings", "--db", location, "--json").stdout
    line = one_error_line(
        run("settings", "--db", location, "--base-url", "https://example.org/\nDisallow: /")
    )
    assert "base URL" in line and "line break" in line
    assert run("settings", "--db", location, "--json").stdout == before
    assert run("settings", "--db", location, "--base-url", "https://example.org").returncode == 0
    assert (
        run("export", "--db", location, "--out", str(tmp_path / "s"), "--now", NOW).returncode == 0
    )
    assert (tmp_path / "s" / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    )


# --- 10. CSV formula injection --------------------------------------------------------


def test_entities_export_quotes_formulas_and_reads_its_own_export_back(location, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "risky.jsonl"
    risky = [
        {"name": "=cmd|' /C calc'!A0", "kind": "organisation", "aliases": ["+1 555 0100"]},
        {"name": "-2+3", "kind": "topic", "description": "@SUM(A1:A9)"},
        {"name": "@handle", "kind": "person", "aliases": ['=HYPERLINK("x")']},
        {"name": "'=quoted already", "kind": "topic"},
    ]
    source.write_text("\n".join(json.dumps(r) for r in risky) + "\n", encoding="utf-8")
    assert run("entities", "import", "--db", location, str(source)).returncode == 0
    exported = run("entities", "export", "--db", location)
    assert exported.returncode == 0, exported.stderr
    cells = [c for row in list(csv.reader(io.StringIO(exported.stdout)))[1:] for c in row]
    assert [c for c in cells if c[:1] in "=+-@\t\r" and c] == []
    assert "'=cmd|' /C calc'!A0" in cells and "''=quoted already" in cells
    copy = tmp_path / "copy.csv"
    copy.write_text(exported.stdout, encoding="utf-8")
    other = tmp_path / "other.db"
    assert run("entities", "import", "--db", str(other), str(copy)).returncode == 0
    assert run("entities", "export", "--db", str(other)).stdout == exported.stdout
    names = {
        e["name"] for e in json.loads(run("entities", "list", "--db", str(other), "--json").stdout)
    }
    assert names == {r["name"] for r in risky}


# --- 11. a damaged database file ------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    assert run("demo", "--db", str(path)).returncode == 0
    damage_pages(path)
    return path


def test_every_command_on_a_damaged_file_is_one_line_exit_2_and_writes_nothing(
    damaged: Path, tmp_path: Path
) -> None:
    before = digest(damaged)
    (tmp_path / "story.md").write_text("---\ntitle: New\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text("name,kind\nNew Person,person\n", encoding="utf-8")
    commands = [
        ["list"], ["list", "envoy"], ["entities", "list"], ["entities", "export"],
        ["entities", "suggest", str(tmp_path / "story.md")], ["check"], ["settings"],
        ["add", "--headline", "Written into a damaged file"],
        ["settings", "--site-name", "Changed"],
        ["import", str(tmp_path / "story.md")],
        ["entities", "import", str(tmp_path / "people.csv")],
        ["export", "--out", str(tmp_path / "site")],
        ["demo"], ["generate", "--articles", "5"],
    ]  # fmt: skip
    for command in commands:
        result = run(*command, "--db", str(damaged))
        line = one_error_line(result)
        assert f"cannot use {damaged}: the database file is damaged" in line, command
        assert "restore it from a backup" in line
        assert result.stdout == "", command
    assert digest(damaged) == before
    assert not (tmp_path / "site").exists()
    assert not Path(f"{damaged}-wal").exists() or Path(f"{damaged}-wal").stat().st_size == 0


def test_past_the_cheap_check_a_damaged_page_is_still_one_line_never_a_traceback(
    damaged: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file too big for quick_check at every open (here: any file): the statement
    that reads a damaged page says so; `check` always runs quick_check."""
    from newsroom import cli
    from newsroom.core import sqlite

    monkeypatch.setattr(sqlite, "QUICK_CHECK_MAX_BYTES", 0)
    for command, must_fail in [
        (["list"], True), (["check"], True), (["entities", "export"], True),
        (["add", "--headline", "X"], True), (["export", "--out", str(damaged.parent / "s")], True),
        (["entities", "list"], False), (["settings"], False),
    ]:  # fmt: skip
        code = cli.main([*command, "--db", str(damaged)])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        if code == 2 or must_fail:
            assert code == 2, command
            assert len(err.strip().splitlines()) == 1 and "database file is damaged" in err
        else:
            assert code == 0, err


# --- 14. nonsense option values, bytes that are not UTF-8 -----------------------------


BAD_USAGE = [
    (["generate", "--articles", "10", "--entities", "0"], "--entities: must be between 1"),
    (["generate", "--articles", "0"], "--articles: must be between 1"),
    (["generate", "--articles", "9" * 5000], "--articles: '9999"),
    (["entities", "list", "--limit", "-1"], "--limit: must be between 1 and 10000"),
    (["entities", "list", "--limit", "1_0"], "--limit: '1_0' is not a whole number"),
    (["list", "--limit", "0"], "--limit: must be between 1 and 10000"),
    (["entities", "suggest", "--article", "abc"], "--article: 'abc' is not a whole number"),
]
BAD_INPUT = [
    (["check", "--now", ""], "--now: the date is empty"),
    (["export", "--out", "site", "--now", ""], "--now: the date is empty"),
    (["export", "--out", "site", "--now", "0001-01-01T00:00:00Z"], "--now: 0001-01-01"),
    (["add", "--headline", "x", "--published-at", ""], "--published-at: the date is empty"),
    (["add", "--headline", "x", "--embargo-until", " "], "--embargo-until: the date is empty"),
    (["settings", "--time-zone", "Europe"], "unknown time zone 'Europe'"),
    (["settings", "--time-zone", "x" * 5000], "unknown time zone"),
    (["add", "--headline", b"\xff\xfe"], "the headline holds the byte 0xFF (not UTF-8 text)"),
    (["add", "--headline", "x", "--dateline", b"Z\xfcrich"], "the dateline holds the byte 0xFC"),
    (["settings", "--site-name", b"caf\xe9"], "the site name holds the byte 0xE9"),
    (["settings", "--base-url", b"https://caf\xe9.example/"], "base URL holds the byte 0xE9"),
    (["add", "--headline", "x", "--section", b"\xff"], "there is no section '\\udcff'"),
    (["entities", "list", "--kind", b"\xff"], "unknown kind '\\udcff'"),
]


@pytest.mark.parametrize(("args", "message"), BAD_USAGE, ids=lambda v: str(v)[:40])
def test_nonsense_counts_are_refused_by_the_option_before_anything_opens(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "never.db"
    line = one_error_line(run(*args, "--db", str(db)), usage=True)
    assert message in line
    assert not db.exists()


@pytest.mark.parametrize(("args", "message"), BAD_INPUT, ids=lambda v: str(v)[:40])
def test_bad_values_are_one_line_exit_2_and_change_nothing(
    location: str, tmp_path: Path, args: list[str | bytes], message: str
) -> None:
    before = (stories(location), run("settings", "--db", location, "--json").stdout)
    args = [str(tmp_path / a) if a == "site" else a for a in args]
    line = one_error_line(run(*args, "--db", location))
    assert message in line, line
    no_terminal_controls(line)
    assert (stories(location), run("settings", "--db", location, "--json").stdout) == before
    assert not (tmp_path / "site").exists()


def test_bytes_that_are_not_utf8_in_paths_and_queries_are_no_traceback(
    location: str, tmp_path: Path
) -> None:
    line = one_error_line(run("list", "--db", os.fsencode(tmp_path) + b"/caf\xe9.db"))
    assert line == (
        f"newsroom: error: cannot open {tmp_path}/caf\\xe9.db: "
        "the file name is not UTF-8 text; rename the file"
    )
    for query in (b"\xff", b"envoy \xe9t\xe9", b"\x1b[2J"):
        for command in (["list"], ["entities", "list"]):
            result = run(*command, query, "--db", location)
            assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
            no_terminal_controls(result.stdout)
    story = os.fsencode(tmp_path) + b"/caf\xe9.md"
    Path(os.fsdecode(story)).write_text("---\ntitle: Caf\n---\nBody.\n", encoding="utf-8")
    line = one_error_line(run("import", "--db", location, story))
    assert line == f"newsroom: error: the name {tmp_path}/caf\\xe9.md is not UTF-8 text; rename it"
    out = os.fsencode(tmp_path) + b"/site-\xff"
    exported = run("export", "--db", location, "--out", out, "--now", NOW, "--json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["out"] == os.fsdecode(out)
    assert (Path(os.fsdecode(out)) / "index.html").is_file()


@pytest.mark.parametrize("wrapped", [True, False], ids=["DBAPIError", "bare driver error"])
def test_a_corruption_error_that_escapes_the_engine_is_still_one_line(
    wrapped: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """What reaches the driver without the engine's hook (a raw connection) is mapped
    where the CLI catches typed errors; any other exception stays a crash (a bug)."""
    from sqlalchemy.exc import DBAPIError

    from newsroom import cli

    raw = sqlite3.DatabaseError("database disk image is malformed")
    raw.sqlite_errorcode = 11  # type: ignore[attr-defined]

    def damaged(args):  # type: ignore[no-untyped-def]
        raise DBAPIError("PRAGMA journal_mode = WAL", {}, raw) if wrapped else raw

    monkeypatch.setattr(cli, "cmd_list", damaged)
    assert cli.main(["list", "--db", str(tmp_path / "x.db")]) == 2
    assert capsys.readouterr().err == (
        f"newsroom: error: cannot use {tmp_path / 'x.db'}: the database file is damaged "
        "(database disk image is malformed); restore it from a backup\n"
    )

    def bug(args):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "cmd_list", bug)
    with pytest.raises(RuntimeError):
        cli.main(["list", "--db", str(tmp_path / "x.db")])
