"""`newsroom check`: human and JSON output, exit codes."""

from __future__ import annotations

import json
from pathlib import Path


def test_check_clean_database_exits_0(newsroom, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    newsroom(
        "add",
        "--db",
        str(db),
        "--headline",
        "Fine",
        "--status",
        "published",
        "--published-at",
        "2026-01-01",
        "--body-file",
        "-",
        stdin="Text.",
    )
    result = newsroom("check", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no problems"


def test_check_demo_reports_the_link_to_the_draft(newsroom, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert newsroom("demo", "--db", str(db)).returncode == 0
    result = newsroom("check", "--db", str(db), "--json", "--now", "2026-12-31T00:00:00Z")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert any(p["code"] == "link-unpublished" and "draft" in p["message"] for p in problems)
    human = newsroom("check", "--db", str(db))
    assert human.returncode == 1
    assert "problem" in human.stdout.splitlines()[-1]


def test_check_bad_now_is_bad_input(newsroom, tmp_path: Path) -> None:
    result = newsroom("check", "--db", str(tmp_path / "x.db"), "--now", "soon")
    assert result.returncode == 2
    assert "not a date" in result.stderr


def test_check_lists_a_pending_line_until_its_story_is_added(newsroom, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    dated = ("--status", "published", "--published-at", "2026-01-01")
    body = "Text.\n\n[[more-news:?|Ceasefire holds…]]\n"
    added = newsroom("add", "--db", str(db), "--headline", "Talks", *dated, "--body-file", "-",
                     stdin=body)  # fmt: skip
    assert added.returncode == 0, added.stderr
    result = newsroom("check", "--db", str(db), "--json")
    assert result.returncode == 1
    assert [(p["code"], p["slug"]) for p in json.loads(result.stdout)] == [
        ("link-pending", "talks")
    ]
    human = newsroom("check", "--db", str(db)).stdout.splitlines()
    assert human[0] == (
        "talks: has a More-news line waiting for “Ceasefire holds…”: it is left out of the "
        "page until a story with that headline is saved or imported [link-pending]"
    )
    newsroom("add", "--db", str(db), "--headline", "Ceasefire holds in the south", *dated,
             "--body-file", "-", stdin="Quiet.")  # fmt: skip
    assert newsroom("check", "--db", str(db)).stdout.strip() == "no problems"
