"""Desktop editor benchmark: launch to list shown, opening a story, a search, memory.

    .venv/bin/newsroom generate --db /tmp/100k.db --articles 100000 --seed 1
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_bench.py /tmp/100k.db

Runs in a fresh process (so "launch" includes imports and opening the database) and
prints one line per figure. Targets (issue 3, 2-core machine): list shown < 1.5 s,
open < 100 ms, search < 100 ms, memory < 400 MB.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NEWSROOM_STATE_DIR", tempfile.mkdtemp(prefix="newsroom-bench-"))
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def wait_for(signal, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(path: str) -> None:
    app = QApplication(sys.argv[:1])
    from newsroom.core.db import open_database
    from newsroom.ui.main_window import MainWindow

    window = MainWindow(open_database(path))
    window.show()
    wait_for(window.model.refreshed)
    window.list.viewport().repaint()  # rows painted, not just counted
    app.processEvents()
    shown = time.perf_counter() - START
    rows = window.model.rowCount()
    print(f"launch to list shown: {shown * 1000:.0f} ms ({rows:,} stories)")

    opens = []
    for row in (0, rows // 3, rows // 2, rows - 1, 12345 % rows, 777 % rows):
        t = time.perf_counter()
        window.open_story(window.model.id_at(row))
        app.processEvents()
        opens.append(time.perf_counter() - t)
        window.current = None  # not dirty; skip the unsaved question
    print(
        f"open a story: median {statistics.median(opens) * 1000:.1f} ms, "
        f"max {max(opens) * 1000:.1f} ms"
    )

    searches = []
    for words in ("minister", "security council", "energy prices", "envoy talks", "zzqx"):
        t = time.perf_counter()
        window.search_box.setText(words)
        window.search_timer.stop()  # skip the typing pause; measure the search itself
        window.model.refresh(window.current_filter(), typing=True)
        wait_for(window.model.refreshed)
        window.list.viewport().repaint()
        app.processEvents()
        searches.append((words, time.perf_counter() - t, window.model.rowCount()))
    for words, seconds, n in searches:
        print(f"search {words!r}: {seconds * 1000:.0f} ms ({n:,} hits)")

    t = time.perf_counter()
    window.search_box.setText("")
    window.apply_filters()
    wait_for(window.model.refreshed)
    bar = window.list.verticalScrollBar()
    for step in range(0, bar.maximum(), max(1, bar.maximum() // 50)):
        bar.setValue(step)
        window.list.viewport().repaint()
    scroll = time.perf_counter() - t
    print(f"scroll through the list in 50 jumps: {scroll * 1000:.0f} ms")
    print(f"memory (RSS): {rss_mb():.0f} MB")
    window.current = None
    window.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
