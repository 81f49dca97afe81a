"""A killed export (issue 12, item 5): the name always holds a whole site, the old or
the new one; the workers die with the export; the next export clears what is left.

The export runs in a child process that kills itself (SIGKILL) at a named point
(`swap.checkpoint`), as a crash or `kill -9` would."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.core import settings as site_settings
from newsroom.core.articles import update_article, with_changes
from newsroom.core.db import Database, open_database, sqlite_path
from newsroom.publish import swap

NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)  # the test newsroom's (conftest)

CHILD = r"""
import json, multiprocessing, os, signal, sys
from datetime import datetime
from pathlib import Path
from newsroom.core.db import open_database
from newsroom.publish import export, swap

db, out, point, mode, now, report = sys.argv[1:]
if mode == "fallback":
    swap._renameat2 = None  # as on a system or file system without the exchange
if mode == "workers":
    export.POOL_FROM = 0  # even this small site is rendered by worker processes


def checkpoint(name):
    if name == point:
        children = [p.pid for p in multiprocessing.active_children()]
        Path(report).write_text(json.dumps({"pid": os.getpid(), "children": children}))
        os.kill(os.getpid(), signal.SIGKILL)


swap.checkpoint = checkpoint
export.export_site(
    open_database(db), Path(out), now=datetime.fromisoformat(now),
    processes=2 if mode == "workers" else 1,
)
"""

needs_exchange = pytest.mark.skipif(
    swap._renameat2 is None, reason="no renameat2 here (not Linux, or glibc < 2.28)"
)


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """SQLite only here: the child process opens the same file."""
    database = open_database(db_path)
    yield database
    database.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _export_killed(newsroom, out: Path, point: str, mode: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Run an export of `out` in a child process that kills itself at `point`; what it
    reported just before: its pid and its worker processes' pids."""
    report = out.parent / "killed.json"
    db = str(sqlite_path(newsroom.db.url))
    child = subprocess.run(
        [sys.executable, "-c", CHILD, db, str(out), point, mode, NOW.isoformat(), str(report)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -9, child.stderr
    found = json.loads(report.read_text())
    report.unlink()
    return found  # type: ignore[no-any-return]


def _old_and_new(  # type: ignore[no-untyped-def]
    newsroom, tmp_path: Path, *, full: bool = True
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """An exported site, then an edit: (site folder, its files, the files to come). A
    `full` edit renames the site too, so the export swaps the whole folder; the other
    changes one story's text, so the export patches the folder (`publish.patch`)."""
    out = tmp_path / "site"
    newsroom.export(out)
    old = _files(out)
    third = newsroom.stories["third"]
    with newsroom.db.transaction() as session:
        update_article(session, third.id, third.version, with_changes(third, body="Revised."))
        if full:
            current = site_settings.load(session)
            site_settings.save(session, replace(current, site_name="The Evening Courier"))
    newsroom.export(tmp_path / "reference")
    new = _files(tmp_path / "reference")
    assert new != old
    return out, old, new


def _leftovers(tmp_path: Path) -> list[str]:
    return sorted(
        p.name
        for p in tmp_path.iterdir()
        if any(k in p.name for k in (".staging-", ".old-", ".next-", ".new-"))
    )


@pytest.mark.parametrize("point", ["patch-written", "patch-committed"])
def test_killed_during_a_patch(newsroom, tmp_path: Path, point: str) -> None:  # type: ignore[no-untyped-def]
    """A patch killed before its journal is committed leaves the old site and a folder
    of new files the next export deletes; killed after, the next export first finishes
    the renames the journal lists. Either way the next export leaves the new site."""
    out, old, new = _old_and_new(newsroom, tmp_path, full=False)
    _export_killed(newsroom, out, point, "exchange")
    assert _files(out) == old  # the renames had not begun
    assert _leftovers(tmp_path)
    if point == "patch-committed":
        from newsroom.publish import state

        state.recover(out)  # what the next export does first
        assert _files(out) == new
    again = newsroom.export(out)
    assert _files(out) == new and _leftovers(tmp_path) == []
    assert again.written == (0 if point == "patch-committed" else 3)  # story, feed, sitemap


@needs_exchange
def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    assert swap.exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b" / "x").read_text() == "a" and not list((tmp_path / "a").iterdir())


@needs_exchange
@pytest.mark.parametrize("point", ["staged", "swapped"])
def test_killed_around_the_exchange(newsroom, tmp_path: Path, point: str) -> None:  # type: ignore[no-untyped-def]
    out, old, new = _old_and_new(newsroom, tmp_path)
    _export_killed(newsroom, out, point, "exchange")
    assert _files(out) == (old if point == "staged" else new)
    assert _leftovers(tmp_path)  # a staging folder (the new site, or the old one)
    newsroom.export(out)
    assert _files(out) == new
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("point", ["staged", "retired", "swapped"])
def test_killed_during_the_fallback_swap(newsroom, tmp_path: Path, point: str) -> None:  # type: ignore[no-untyped-def]
    """Without the exchange a crash between the two renames leaves the old site aside;
    the next export's first step puts it back."""
    out, old, new = _old_and_new(newsroom, tmp_path)
    _export_killed(newsroom, out, point, "fallback")
    if point == "retired":
        assert not out.exists()
        swap.tidy(out)
        assert _files(out) == old
    else:
        assert _files(out) == (old if point == "staged" else new)
    newsroom.export(out)
    assert _files(out) == new
    assert _leftovers(tmp_path) == []


def test_the_fallback_swap_replaces_the_site(newsroom, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out, _old, new = _old_and_new(newsroom, tmp_path)
    monkeypatch.setattr(swap, "_renameat2", None)
    newsroom.export(out)
    assert _files(out) == new and _leftovers(tmp_path) == []


def _wait_for_exit(pid: int, seconds: float) -> bool:
    """Whether process `pid` ends within `seconds` (woken by the kernel, not polled)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], seconds)
        return bool(readable)
    finally:
        os.close(fd)


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs pidfd_open (Linux 5.3+)")
def test_workers_die_with_a_killed_export(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, old, new = _old_and_new(newsroom, tmp_path)
    killed = _export_killed(newsroom, out, "rendering", "workers")
    assert len(killed["children"]) == 2
    try:
        for pid in killed["children"]:
            assert _wait_for_exit(pid, 20), f"worker {pid} outlived its export"
    finally:
        for pid in killed["children"]:
            if not _wait_for_exit(pid, 0):
                os.kill(pid, 9)
    assert _files(out) == old
    assert _leftovers(tmp_path) == [  # the notes being written too, and both go next time
        f".site.newsroom-state.sqlite.new-{killed['pid']}",
        f".site.staging-{killed['pid']}",
    ]
    newsroom.export(out)
    assert _files(out) == new and _leftovers(tmp_path) == []


def test_a_running_exports_staging_is_left_alone(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = tmp_path / f".site.staging-{int(done.stdout)}"
    live = tmp_path / f".site.staging-{os.getppid()}"
    for folder in (dead, live):
        folder.mkdir()
        (folder / "index.html").write_text("half a site")
    newsroom.export(out)
    assert not dead.exists() and live.exists()
