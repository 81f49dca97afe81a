"""Two windows and a command line on one SQLite file for a minute: count lost saves.

Issue 11's stress test. Two real editor windows (offscreen, each in its own process)
save new stories and edits as fast as they can, each with a plain Qt file dialog left
open on the database's folder (it sniffs every file it lists, again whenever the folder
changes: the worst neighbour a window can have). Meanwhile a command line runs
`newsroom add` and, every fifth time, `newsroom import` of three Markdown files. Every
actor writes down each save it was told succeeded; at the end each must be in the
database exactly once, with the text of its last save, and `PRAGMA integrity_check` must
say ok.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/lock_stress.py [--seconds 60]

Prints the saves per actor, lost and duplicated saves, the integrity check, and save
latency of the windows (median and 95th percentile).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def window_actor(database: Path, name: str, seconds: float, log: Path) -> None:
    """One editor window saving stories until the time is up."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("NEWSROOM_PREVIEW", "text")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QFileDialog

    from newsroom.core.db import open_database
    from newsroom.ui.main_window import MainWindow

    class Yes:
        """Answers every question so the loop never blocks on a dialog."""

        def __getattr__(self, _name: str):  # type: ignore[no-untyped-def]
            return lambda *a, **k: "discard" if _name == "unsaved" else True

    app = QApplication.instance() or QApplication([])
    db = open_database(database)
    window = MainWindow(db, asker=Yes())  # type: ignore[arg-type]
    ready: list[bool] = []
    window.ready.connect(lambda: ready.append(True))
    window.show()
    while not ready:  # its first look at the database
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    sniffer = QFileDialog(None, "left open", str(database.parent))
    sniffer.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    sniffer.show()
    deadline = time.monotonic() + seconds
    mine: list[int] = []
    n = 0

    def answer(start) -> bool:  # type: ignore[no-untyped-def]
        """Run one of the window's flows (its database work is off the UI thread) and
        keep the event loop turning until it answers."""
        answers: list[bool] = []
        start(answers.append)
        while not answers:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        return answers[0]

    with log.open("w") as out:
        while time.monotonic() < deadline:
            n += 1
            app.processEvents()
            started = time.perf_counter()
            if mine and n % 3 == 0:  # edit one of this window's stories
                article_id = mine[n % len(mine)]
                if not answer(lambda then, i=article_id: window.session.open(i, then)):
                    continue
                body = f"{name} edit {n}"
                window.editor.body.setPlainText(body)
                headline = window.editor.headline.text()
            else:
                window.new_story()
                headline = f"{name} story {n}"
                body = f"{name} text {n}"
                window.editor.headline.setText(headline)
                window.editor.body.setPlainText(body)
            if not answer(window.session.save):
                out.write(json.dumps({"failed": headline}) + "\n")
                continue
            assert window.current is not None and window.current.article_id is not None
            if window.current.article_id not in mine:
                mine.append(window.current.article_id)
            seconds_taken = time.perf_counter() - started
            out.write(
                json.dumps({"headline": headline, "body": body + "\n", "ms": seconds_taken * 1000})
                + "\n"
            )
            out.flush()
    window.close()
    sniffer.close()
    db.close()


def cli_actor(database: Path, seconds: float, log: Path, work: Path) -> None:
    """`newsroom add` and `newsroom import`, one after the other, until the time is up."""
    newsroom = [sys.executable, "-m", "newsroom"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    deadline = time.monotonic() + seconds
    n = 0
    with log.open("w") as out:
        while time.monotonic() < deadline:
            n += 1
            if n % 5 == 0:
                folder = work / f"import-{n}"
                folder.mkdir()
                titles = [f"cli import {n}.{k}" for k in range(3)]
                for k, title in enumerate(titles):
                    (folder / f"{k}.md").write_text(f"---\ntitle: {title}\n---\n\nImported {k}.\n")
                cmd = [*newsroom, "import", "--db", str(database), str(folder)]
                bodies = [f"Imported {k}.\n" for k in range(3)]
            else:
                titles = [f"cli add {n}"]
                cmd = [*newsroom, "add", "--db", str(database), "--headline", titles[0]]
                bodies = [""]
            done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
            if done.returncode != 0:
                out.write(json.dumps({"failed": titles, "stderr": done.stderr[-500:]}) + "\n")
                continue
            for title, body in zip(titles, bodies, strict=True):
                out.write(json.dumps({"headline": title, "body": body}) + "\n")
            out.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--actor", help=argparse.SUPPRESS)
    parser.add_argument("--name", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.actor == "window":
        window_actor(Path(args.database), args.name, args.seconds, Path(args.log))
        return 0

    with tempfile.TemporaryDirectory(prefix="lock-stress-") as tmp:
        work = Path(tmp)
        desk = work / "desk"
        desk.mkdir()
        database = desk / "news.db"
        sys.path.insert(0, str(ROOT))
        from newsroom.core.db import open_database

        open_database(database).close()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSROOM_STATE_DIR": str(work / "state")}
        windows = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--actor=window",
                    f"--name=window{k}",
                    f"--database={database}",
                    f"--log={work / f'window{k}.jsonl'}",
                    f"--seconds={args.seconds}",
                ],
                env=env,
            )
            for k in (1, 2)
        ]
        started = time.monotonic()
        cli_actor(database, args.seconds, work / "cli.jsonl", work)
        for w in windows:
            w.wait(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started

        con = sqlite3.connect(database)
        stored: dict[str, list[str]] = {}
        for headline, body in con.execute("SELECT headline, body FROM articles"):
            stored.setdefault(headline, []).append(body)
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.close()

        print(f"ran {elapsed:.0f} s; windows exited {[w.returncode for w in windows]}")
        lost = duplicated = wrong_text = failed = 0
        latencies: list[float] = []
        for actor in ("window1", "window2", "cli"):
            last: dict[str, str] = {}
            saves = 0
            for line in (work / f"{actor}.jsonl").read_text().splitlines():
                row = json.loads(line)
                if "failed" in row:
                    failed += 1
                    if failed <= 5:
                        print(f"  {actor}: a save failed: {row}")
                    continue
                saves += 1
                last[row["headline"]] = row["body"]
                if "ms" in row:
                    latencies.append(row["ms"])
            for headline, body in last.items():
                found = stored.get(headline, [])
                lost += not found
                duplicated += len(found) > 1
                wrong_text += bool(found) and found[0] != body
            print(f"{actor}: {saves} saves reported, {len(last)} stories")
        total = sum(len(v) for v in stored.values())
        print(f"database: {total} stories; integrity_check: {integrity}")
        print(f"lost: {lost}  duplicated: {duplicated}  wrong text: {wrong_text}  failed: {failed}")
        if latencies:
            latencies.sort()
            p95 = latencies[int(len(latencies) * 0.95) - 1]
            print(
                f"window save latency: median {statistics.median(latencies):.1f} ms, "
                f"p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms"
            )
        crashed = [w.returncode for w in windows if w.returncode != 0]
        if crashed:
            print(f"windows crashed: exit {crashed} (e.g. -7: SIGBUS on a -shm truncated under it)")
        ok = lost == duplicated == wrong_text == failed == 0 and integrity == "ok"
        return 0 if ok and not crashed else 1


if __name__ == "__main__":
    raise SystemExit(main())
