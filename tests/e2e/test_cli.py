"""The `newsroom` command run as a user runs it: a subprocess, exit codes, output."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from newsroom import __version__


def test_version(newsroom) -> None:
    result = newsroom("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"newsroom {__version__}"


def test_demo_then_list(newsroom, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = newsroom("demo", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles"] == 12
    listed = json.loads(newsroom("list", "--db", str(db), "--json", "--limit", "50").stdout)
    statuses = [row["status"] for row in listed]
    assert len(listed) == 12
    assert "draft" in statuses
    found = json.loads(newsroom("list", "--db", str(db), "envoy", "--json").stdout)
    assert found and all("id" in row for row in found)
    again = newsroom("demo", "--db", str(db))
    assert again.returncode == 2
    assert "already holds stories" in again.stderr


def test_generate_is_deterministic(newsroom, tmp_path: Path) -> None:
    def dump(path: Path) -> list[tuple]:
        with closing(sqlite3.connect(path)) as conn:
            return conn.execute(
                "SELECT uid, headline, slug, body, status, published_at FROM articles ORDER BY id"
            ).fetchall()

    for name in ("a.db", "b.db"):
        result = newsroom(
            "generate", "--db", str(tmp_path / name), "--articles", "300", "--seed", "5", "--json"
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["articles"] == 300
    first, second = dump(tmp_path / "a.db"), dump(tmp_path / "b.db")
    assert first == second
    assert {row[4] for row in first} == {"draft", "review", "ready", "published", "spiked"}
    other = tmp_path / "c.db"
    newsroom("generate", "--db", str(other), "--articles", "300", "--seed", "6")
    assert dump(other) != first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--headline", ""], "headline is empty"),
        (["--headline", "x" * 301], "at most 300"),
        (["--headline", "Fine", "--status", "live"], "unknown status"),
        (["--headline", "Fine", "--published-at", "next tuesday"], "is not a date"),
        (["--headline", "Fine", "--slug", "Not A Slug"], "may only hold"),
        (["--headline", "Fine", "--slug", "existing-story"], "already used"),
        (["--headline", "Fine", "--section", "Nowhere"], "no section"),
    ],
)
def test_add_refuses_bad_input_and_changes_nothing(
    newsroom, tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "n.db"
    assert newsroom("add", "--db", str(db), "--headline", "Existing story").returncode == 0
    result = newsroom("add", "--db", str(db), *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("just some notes\n"), "not a SQLite database"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: None, "does not exist"),
    ],
)
def test_bad_database_paths(newsroom, tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "file.db"
    make(path)
    target = path if path.exists() else tmp_path / "missing" / "x.db"
    result = newsroom("list", "--db", str(target))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_database_from_environment(newsroom, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    assert newsroom("add", "--headline", "From env", env={"NEWSROOM_DB": str(db)}).returncode == 0
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT headline FROM articles").fetchone() == ("From env",)


def test_usage_error_exits_2(newsroom) -> None:
    result = newsroom("generate")
    assert result.returncode == 2
    assert "--articles" in result.stderr


@pytest.mark.slow
def test_first_run_opens_the_demo_newsroom(newsroom, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "NEWSROOM_STATE_DIR": str(tmp_path / "state"),
        "QT_QPA_PLATFORM": "offscreen",
        "NEWSROOM_PREVIEW": "text",
    }
    env.pop("NEWSROOM_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsroom"], env=env, stderr=subprocess.PIPE, text=True
    )
    ini = tmp_path / "state" / "newsroom.ini"
    try:
        deadline = time.monotonic() + 60
        while not ini.exists():  # the window writes its state once it is up
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # (and closes the pipe)
    db = tmp_path / "data" / "newsroom" / "newsroom.db"
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 12


def test_settings_site_folder(newsroom, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    site = tmp_path / "www"
    done = newsroom("settings", "--db", db, "--site-folder", str(site), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["site_folder"] == str(site)
    refused = newsroom("settings", "--db", db, "--site-folder", "relative/www")
    assert refused.returncode == 2
    assert "not a full path" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert json.loads(newsroom("settings", "--db", db, "--json").stdout)["site_folder"] == str(site)


def test_main_called_in_a_process_leaves_its_garbage_collector_alone(tmp_path: Path) -> None:
    """Only a process of its own tunes the collector (`cli.entry`): a test or a script
    calling `main` keeps its own settings."""
    import gc

    from newsroom import cli

    before = (gc.get_threshold(), gc.get_freeze_count())
    assert cli.main(["list", "--db", str(tmp_path / "n.db")]) == 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
