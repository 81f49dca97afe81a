"""`newsroom sections ...`: human and JSON output, one-line errors with exit 2 and
nothing changed, deletion that must say where the stories go."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from newsroom import cli
from newsroom.core.db import open_database
from newsroom.core.models import Article
from newsroom.core.sections import list_sections, story_counts


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`run("sections", "list")` on the test's database: (exit code, stdout, stderr)."""
    db = str(tmp_path / "n.db")

    def go(*argv: str) -> tuple[int, str, str]:
        try:
            code = cli.main([*argv, "--db", db])
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    go.db = db  # type: ignore[attr-defined]
    return go


def _state(db: str) -> list[tuple[int, str, str, int]]:
    """(place, name, slug, stories) of every section, in navigation order."""
    database = open_database(db)
    try:
        with database.reading() as session:
            counts = story_counts(session)
            return [
                (s.position, s.name, s.slug, counts.get(s.id, 0)) for s in list_sections(session)
            ]
    finally:
        database.close()


def test_add_list_move_rename_as_a_script_would(run) -> None:  # type: ignore[no-untyped-def]
    assert run("sections", "list") == (0, "no sections\n", "")
    assert run("sections", "add", "World")[:2] == (
        0,
        "added section 'World' at place 1, pages at section/world/\n",
    )
    assert run("sections", "add", "Arts & Culture", "--slug", "arts")[0] == 0
    assert run("add", "--headline", "Talks resume", "--section", "world")[0] == 0
    code, out, _ = run("sections", "list")
    assert (code, out.splitlines()) == (
        0,
        [
            "  1  World  (section/world/, 1 story)",
            "  2  Arts & Culture  (section/arts/, 0 stories)",
        ],
    )
    code, out, _ = run("sections", "move", "ARTS & culture", "--to", "1", "--json")
    assert code == 0
    assert [(r["position"], r["name"], r["stories"]) for r in json.loads(out)] == [
        (1, "Arts & Culture", 0),
        (2, "World", 1),
    ]
    code, out, _ = run("sections", "rename", "world", "International")
    assert (code, out) == (
        0,
        "renamed section 'World' to 'International'; pages still at section/world/\n",
    )
    code, out, _ = run("sections", "rename", "International", "Foreign news", "--new-slug")
    assert out == (
        "renamed section 'International' to 'Foreign news'; pages now at section/foreign-news/ "
        "(no longer at section/world/)\n"
    )
    assert _state(run.db) == [
        (1, "Arts & Culture", "arts", 0),
        (2, "Foreign news", "foreign-news", 1),
    ]


def test_bad_input_is_one_line_exit_2_and_changes_nothing(run) -> None:  # type: ignore[no-untyped-def]
    run("sections", "add", "World")
    run("sections", "add", "Politics")
    before = _state(run.db)
    for argv, message in [
        (("sections", "add", "world"), "there is already a section called 'World'"),
        (("sections", "add", "Sport", "--slug", "Sport!"), "may only hold lowercase letters"),
        (("sections", "add", "Bad\x1b[2Jname"), "the section name holds"),
        (("sections", "rename", "Nowhere", "X"), "there is no section 'Nowhere'"),
        (("sections", "rename", "World", "politics"), "already a section called 'Politics'"),
        (("sections", "rename", "World", " "), "the section name is empty"),
        (("sections", "move", "World", "--to", "3"), "the place must be between 1 and 2"),
        (("sections", "delete", "World", "--move-to", "World"), "can not move to the section"),
        (("sections", "delete", "World", "--move-to", "Sport"), "there is no section 'Sport'"),
    ]:
        code, out, err = run(*argv)
        assert (code, out) == (2, ""), argv
        assert err.count("\n") == 1 and err.startswith("newsroom: error: "), err
        assert message in err, err
    assert run("sections", "move", "World", "--to", "0")[0] == 2  # argparse: usage
    assert run("sections", "delete", "World", "--move-to", "X", "--no-section")[0] == 2
    assert _state(run.db) == before


def test_a_section_with_stories_is_deleted_only_when_told_where_they_go(run) -> None:  # type: ignore[no-untyped-def]
    for name in ("World", "Politics", "Sport"):
        run("sections", "add", name)
    for headline in ("Talks resume", "Envoy arrives"):
        run("add", "--headline", headline, "--section", "World")
    run("add", "--headline", "Cup final", "--section", "Sport")

    code, out, err = run("sections", "delete", "World")
    assert (code, out) == (2, "")
    assert err == (
        "newsroom: error: section 'World' holds 2 stories: say where its stories go with "
        "--move-to SECTION, or --no-section to leave them without one\n"
    )
    assert _state(run.db)[0] == (1, "World", "world", 2)

    code, out, _ = run("sections", "delete", "World", "--move-to", "politics", "--json")
    assert code == 0
    assert json.loads(out) | {"id": 0} == {
        "id": 0,
        "position": 1,
        "name": "World",
        "slug": "world",
        "address": "section/world/",
        "moved": 2,
        "moved_to": "Politics",
    }
    assert run("sections", "delete", "Sport", "--no-section")[1] == (
        "deleted section 'Sport'; its 1 story now has no section\n"
    )
    run("sections", "add", "Empty")
    assert run("sections", "delete", "Empty")[1] == "deleted section 'Empty'; it held no stories\n"
    assert _state(run.db) == [(1, "Politics", "politics", 2)]
    assert _sections_of_stories(run.db) == {
        "Talks resume": "Politics",
        "Envoy arrives": "Politics",
        "Cup final": None,
    }


def _sections_of_stories(db: str) -> dict[str, str | None]:
    database = open_database(db)
    try:
        with database.reading() as session:
            names: dict[int | None, str] = {s.id: s.name for s in list_sections(session)}
            rows = session.execute(select(Article.headline, Article.section_id))
            return {headline: names.get(section_id) for headline, section_id in rows}
    finally:
        database.close()


def test_the_command_runs_it(tmp_path: Path, newsroom) -> None:  # type: ignore[no-untyped-def]
    """Once as a user types it: a subprocess, `newsroom sections ...`."""
    db = str(tmp_path / "n.db")
    added = newsroom("sections", "add", "World", "--db", db)
    assert added.returncode == 0, added.stderr
    listed = newsroom("sections", "list", "--db", db)
    assert listed.stdout == "  1  World  (section/world/, 0 stories)\n"
    refused = newsroom("sections", "delete", "Nowhere", "--db", db)
    assert refused.returncode == 2
    assert refused.stderr.startswith("newsroom: error: there is no section 'Nowhere'")
