"""Issue 11: a saved story must never be lost because a file dialog listed the
database's folder while the command line wrote to the same file.

Before the fix, Qt's file dialog opened news.db, news.db-wal and news.db-shm to sniff
their type; closing those descriptors dropped every POSIX lock the window's process
held, and the next `newsroom add` deleted the WAL the window was still writing to.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QFileSystemModel
from sqlalchemy import text

from newsroom.core.db import Database, open_database

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="/proc/locks and POSIX lock semantics are Linux's"
)

ROOT = Path(__file__).parents[2]


def process_locks(database: Path) -> list[str]:
    """This process's lines in /proc/locks on the database, its -wal and its -shm."""
    inodes = set()
    for name in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if name.exists():
            st = name.stat()
            inodes.add(f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}")
    mine = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        # "1: POSIX  ADVISORY  READ 1234 08:01:5678 128 128" (OFD locks show pid -1)
        if "POSIX" in fields and str(os.getpid()) in fields and fields[5] in inodes:
            mine.append(re.sub(r"^\d+:\s*", "", line))
    return sorted(mine)


def look_and_cancel(qtbot, seen: list[str]) -> Callable[[QFileDialog], list[Path]]:  # type: ignore[no-untyped-def]
    """Stands in for the window's dialog runner: show the app's real dialog, wait until
    it has listed the folder and typed every file in it, then cancel."""

    def run(dialog: QFileDialog) -> list[Path]:
        dialog.show()
        model = dialog.findChild(QFileSystemModel)
        folder = Path(dialog.directory().absolutePath())

        def typed() -> bool:
            names = [p for p in folder.iterdir() if not p.is_dir()]
            for name in names:
                index = model.index(str(name))
                if not index.isValid() or not model.type(index):
                    return False
            return bool(names)

        qtbot.waitUntil(typed, timeout=10_000)
        seen.extend(model.type(model.index(str(p))) for p in folder.iterdir())
        dialog.reject()
        dialog.deleteLater()
        return []

    return run


def newsroom_cli(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def every_dialog(window) -> None:  # type: ignore[no-untyped-def]
    window.site_actions.choose_database()
    window.site_actions.choose_import_files()
    window.site_actions.choose_import_folder()
    window.site_actions.choose_export_folder()


@pytest.fixture
def desk(tmp_path: Path, make_window) -> tuple[Path, Database, object]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "desk"
    folder.mkdir()
    database = folder / "news.db"
    db = open_database(database)
    window = make_window(db)
    for key in ("database/folder", "import/folder"):
        window.state.settings.setValue(key, str(folder))
    window.state.settings.setValue("export/folder", str(folder / "site"))
    yield database, db, window
    window.close()
    window.tasks.wait()
    db.close()


def test_the_apps_file_dialogs_leave_the_windows_sqlite_locks_alone(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    database, db, window = desk
    seen: list[str] = []
    window.site_actions.run_dialog = look_and_cancel(qtbot, seen)
    with db.reading() as session:  # a unit of work under way: SQLite holds its locks
        session.execute(text("SELECT count(*) FROM articles")).all()
        before = process_locks(database)
        assert before, "an open WAL connection holds POSIX locks"
        every_dialog(window)
        assert process_locks(database) == before
    assert len(seen) >= 4 * 2
    assert "SQLite database" not in seen  # typed from the name, never from the bytes


def test_a_story_saved_in_the_window_survives_dialogs_and_command_line_writes(
    flows,
    qtbot,  # type: ignore[no-untyped-def]
    desk,
    tmp_path: Path,
) -> None:
    """The reproduction of issue 11, step by step, with the app's own dialogs."""
    database, db, window = desk
    window.site_actions.run_dialog = look_and_cancel(qtbot, [])
    stories = tmp_path / "incoming"
    stories.mkdir()
    (stories / "wire.md").write_text("---\ntitle: From the wire\n---\n\nWire copy.\n")

    every_dialog(window)
    newsroom_cli("add", "--db", str(database), "--headline", "A", "--status", "draft")
    window.new_story()
    qtbot.keyClicks(window.editor.headline, "Typed in the window")
    assert flows.save(window)
    newsroom_cli("add", "--db", str(database), "--headline", "B", "--status", "draft")
    every_dialog(window)
    newsroom_cli("import", "--db", str(database), str(stories))
    window.new_story()
    qtbot.keyClicks(window.editor.headline, "Typed after the import")
    assert flows.save(window)
    newsroom_cli("add", "--db", str(database), "--headline", "C", "--status", "draft")
    window.close()
    window.tasks.wait()
    db.close()

    check = sqlite3.connect(database)
    try:
        rows = check.execute("SELECT id, headline FROM articles ORDER BY id").fetchall()
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        check.close()
    headlines = sorted(h for _id, h in rows)
    assert headlines == sorted(
        ["A", "B", "C", "Typed in the window", "Typed after the import", "From the wire"]
    )
    assert len({i for i, _h in rows}) == len(rows)


def test_a_widget_that_sniffs_the_database_mid_transaction_loses_nothing(
    flows,
    qtbot,  # type: ignore[no-untyped-def]
    desk,
) -> None:
    """Whatever code in the process opens and closes the database file (here a plain Qt
    file dialog, which sniffs every file it lists) while the window is inside a unit of
    work, another Newsroom process can not slip in: it waits for the process gate."""
    database, db, window = desk
    window.new_story()
    qtbot.keyClicks(window.editor.headline, "Saved before the sniffing")
    assert flows.save(window)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with db.reading() as session:
        session.execute(text("SELECT count(*) FROM articles")).all()
        plain = QFileDialog(None, "Not ours", str(database.parent))
        plain.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        plain.show()
        model = plain.findChild(QFileSystemModel)
        qtbot.waitUntil(lambda: bool(model.type(model.index(str(database)))), timeout=10_000)
        qtbot.waitUntil(lambda: process_locks(database) == [], timeout=10_000)
        plain.reject()
        plain.deleteLater()
        # SQLite's own locks are gone, as feared.
        writer = subprocess.Popen(
            [sys.executable, "-m", "newsroom", "add", "--db", str(database), "--headline", "B"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The writer waits for the gate (no fixed sleep: it says whom it waits for).
        assert writer.stderr is not None
        assert "waiting" in writer.stderr.readline()
        session.execute(text("SELECT count(*) FROM articles")).all()
    _out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    window.new_story()
    qtbot.keyClicks(window.editor.headline, "Saved after the sniffing")
    assert flows.save(window)
    newsroom_cli("add", "--db", str(database), "--headline", "C")
    db.close()
    check = sqlite3.connect(database)
    try:
        headlines = sorted(h for (h,) in check.execute("SELECT headline FROM articles"))
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        check.close()
    assert headlines == ["B", "C", "Saved after the sniffing", "Saved before the sniffing"]
