"""History benchmark: a 1 MB story with 20 saved versions, opened in the History dialog.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/history_bench.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/history_bench.py --size 2000000 --runs 5

Builds a throw-away SQLite database holding one story of about `--size` characters
(paragraphs of sentences drawn from bench/entity_eval/stories, about 170,000 words and
5,000 paragraphs for 1 MB), saved `--revisions` times with `--edits` random edits each
(words inserted, deleted and replaced, punctuation changed, paragraphs added and
removed). Prints, median and max of `--runs` runs:

- the diff alone: the oldest version against the current text (`story_diff`);
- open to first diff: list the revisions, create the dialog (it selects the version
  before the newest and diffs it off the UI thread), until its diff is shown and painted;
- select the oldest: clicking the oldest version until its diff is shown and painted;
- the longest gap between ticks of a 5 ms timer on the UI thread during each of the
  two, i.e. the longest the window did not respond (it includes laying out the result).

Target (issue 13): open to first diff < 1 s on the 2-core project machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from newsroom.core import articles, revisions
from newsroom.core.articles import ArticleInput
from newsroom.core.db import Database, open_database
from newsroom.ui.history import HistoryDialog, story_diff

STORIES = Path(__file__).parent / "entity_eval" / "stories"


def sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(STORIES.glob("*.txt")))
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s) > 20]


def paragraph(rng: random.Random, pool: list[str]) -> str:
    return " ".join(rng.sample(pool, rng.choice((1, 1, 2))))


def build_story(rng: random.Random, pool: list[str], size: int) -> list[str]:
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraphs.append(paragraph(rng, pool))
        total += len(paragraphs[-1]) + 2
    return paragraphs


def edit(rng: random.Random, pool: list[str], paragraphs: list[str], edits: int) -> list[str]:
    """`edits` random edits of the kinds an editor makes."""
    paragraphs = list(paragraphs)
    vocabulary = " ".join(pool).split()
    for _ in range(edits):
        n = rng.randrange(len(paragraphs))
        words = paragraphs[n].split()
        kind = rng.random()
        if kind < 0.25:
            words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
        elif kind < 0.45 and len(words) > 1:
            del words[rng.randrange(len(words))]
        elif kind < 0.75:
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        elif kind < 0.85:
            words[-1] = words[-1].rstrip(".") + rng.choice((",", ";", "!", "."))
        elif kind < 0.95:
            paragraphs.insert(n, paragraph(rng, pool))
            continue
        else:
            del paragraphs[n]
            continue
        paragraphs[n] = " ".join(words)
    return paragraphs


def make_database(path: Path, size: int, saves: int, edits: int) -> tuple[Database, int]:
    rng = random.Random(13)
    pool = sentences()
    body = build_story(rng, pool, size)
    db = open_database(path)
    with db.transaction() as session:
        record = articles.create_article(
            session, ArticleInput(headline="A very long story", body="\n\n".join(body))
        )
    for number in range(saves - 1):
        body = edit(rng, pool, body, edits)
        with db.transaction() as session:
            record = articles.update_article(
                session,
                record.id,
                record.version,
                articles.with_changes(
                    record, body="\n\n".join(body), headline=f"A very long story, take {number}"
                ),
                author="bench",
            )
    return db, record.id


class Ticks:
    """A 5 ms timer on the UI thread: the longest gap between its ticks is the longest
    the window could not respond."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def until(signal: SignalInstance, start: Callable[[], object], timeout_ms: int = 60_000) -> None:
    """Call `start`, then run the event loop until `signal` fires."""
    loop = QEventLoop()
    fired: list[bool] = []
    signal.connect(lambda *_: (fired.append(True), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    start()
    if not fired:
        loop.exec()
    if not fired:
        sys.exit(f"no diff shown within {timeout_ms} ms")


def figures(name: str, values: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters (1 MB)")
    parser.add_argument("--revisions", type=int, default=20)
    parser.add_argument("--edits", type=int, default=15, help="edits per save")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])

    folder = tempfile.mkdtemp(prefix="newsroom-history-bench-")
    started = time.perf_counter()
    db, article_id = make_database(
        Path(folder) / "history.db", args.size, args.revisions, args.edits
    )
    with db.reading() as session:
        current = articles.load_article(session, article_id)
        revs = revisions.list_revisions(session, article_id)
        oldest = revisions.load_revision(session, revs[-1].id).content
    content = articles.with_changes(current)
    print(
        f"story: {len(current.body):,} characters, {len(current.body.split()):,} words, "
        f"{current.body.count(chr(10) * 2) + 1:,} paragraphs; {len(revs)} revisions, "
        f"{args.edits} edits each (set up in {time.perf_counter() - started:.1f} s)"
    )

    diff_times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        html = story_diff(oldest, content)
        diff_times.append(time.perf_counter() - t)
    print(figures("diff alone (oldest vs current)", diff_times) + f", {len(html):,} chars HTML")

    def load(revision_id: int) -> ArticleInput:  # as the window's: a session of its own
        with db.reading() as session:
            return revisions.load_revision(session, revision_id).content

    opens, open_gaps, selects, select_gaps = [], [], [], []
    ticks = Ticks()
    for _ in range(args.runs):
        ticks.start()
        t = time.perf_counter()
        with db.reading() as session:
            listed = revisions.list_revisions(session, article_id)
        dialog = HistoryDialog(listed, load, content)
        until(dialog.diff_shown, dialog.open)
        dialog.diff.viewport().repaint()
        opens.append(time.perf_counter() - t)
        open_gaps.append(ticks.stop())

        ticks.start()
        t = time.perf_counter()
        until(dialog.diff_shown, lambda d=dialog: d.list.setCurrentRow(d.list.count() - 1))
        dialog.diff.viewport().repaint()
        selects.append(time.perf_counter() - t)
        select_gaps.append(ticks.stop())
        dialog.reject()
        dialog.deleteLater()
        app.processEvents()

    print(figures("open History to first diff shown", opens))
    print(figures("  longest UI-thread stall meanwhile", open_gaps))
    print(figures("select the oldest version to its diff shown", selects))
    print(figures("  longest UI-thread stall meanwhile", select_gaps))
    db.close()


if __name__ == "__main__":
    main()
