"""Dates on the command line: an impossible, skipped or out-of-range date is one line
on stderr, exit 2, and nothing changed; `--status published` alone means now."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

RANGE = "out of range: dates must fall in the years 1800 to 2200"


def _rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT id, version, headline, status, published_at, embargo_until FROM articles"
        ).fetchall()


@pytest.fixture
def newsroom_db(newsroom, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A database in New York time with one published story."""
    db = tmp_path / "n.db"
    assert newsroom("settings", "--db", str(db), "--time-zone", "America/New_York").returncode == 0
    added = newsroom(
        "add", "--db", str(db), "--headline", "Existing", "--status", "published",
        "--published-at", "2024-05-01 09:00",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return db


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published-at", "0001-01-01"], f"--published-at: 0001-01-01 is {RANGE}"),
        (
            ["--published-at", "9999-12-31T23:59:59-12:00"],
            f"--published-at: 9999-12-31T23:59:59-12:00 is {RANGE}",
        ),
        (["--embargo-until", "1799-12-31"], f"--embargo-until: 1799-12-31 is {RANGE}"),
        (
            ["--published-at", "2017-02-30"],
            "--published-at: '2017-02-30' is not a date: February 2017 has 28 days",
        ),
        (
            ["--published-at", "2024-03-10 02:30"],
            "--published-at: 02:30 does not exist on 10 March 2024 in America/New_York: "
            "clocks go forward from 02:00 to 03:00",
        ),
        (
            ["--published-at", "2024-05-01 09:00", "--embargo-until", "2024-05-01 09:30"],
            "the embargo ends after the publication time",
        ),
    ],
    ids=["year-1", "year-9999", "embargo-1799", "february-30", "dst-gap", "embargo-after"],
)
def test_add_refuses_a_bad_date_in_one_line_and_changes_nothing(
    newsroom, newsroom_db: Path, args: list[str], message: str
) -> None:
    before = _rows(newsroom_db)
    result = newsroom("add", "--db", str(newsroom_db), "--headline", "New", *args)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newsroom: error: {message}"), result.stderr
    assert _rows(newsroom_db) == before


def test_add_published_without_a_date_is_published_now(newsroom, newsroom_db: Path) -> None:
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    result = newsroom(
        "add", "--db", str(newsroom_db), "--headline", "Live", "--status", "published", "--json"
    )
    assert result.returncode == 0, result.stderr
    published = datetime.fromisoformat(json.loads(result.stdout)["published_at"])
    assert start <= published <= datetime.now(UTC) + timedelta(minutes=1)


def test_a_time_seen_twice_is_the_first_and_a_note_says_so(newsroom, newsroom_db: Path) -> None:
    result = newsroom(
        "add", "--db", str(newsroom_db), "--headline", "Night", "--published-at",
        "2024-11-03 01:30", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["published_at"] == "2024-11-03T05:30:00+00:00"
    assert result.stderr.startswith("newsroom: note: --published-at: 01:30 happens twice")


@pytest.mark.parametrize("command", ["export", "check"])
@pytest.mark.parametrize("now", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"])
def test_now_out_of_range_is_one_line_exit_2(
    newsroom, newsroom_db: Path, tmp_path: Path, command: str, now: str
) -> None:
    before = _rows(newsroom_db)
    out = ["--out", str(tmp_path / "site")] if command == "export" else []
    result = newsroom(command, "--db", str(newsroom_db), *out, "--now", now)

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"newsroom: error: --now: {now} is {RANGE}"]
    assert not (tmp_path / "site").exists()
    assert _rows(newsroom_db) == before
