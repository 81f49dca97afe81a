"""The README's screenshot: the editor on the demo newsroom, a story with its More-news
lines, as an editor sees it.

    .venv/bin/python bench/screenshot.py [OUT.png]     # default resources/screenshot.png

Loads the demo into a throw-away database, opens the story named below in a window of
1600 x 960 on the offscreen platform, waits until the list, the story, its lines'
headlines and the preview have arrived, and saves `QWidget.grab()` of the window. The
web preview is drawn by Qt Quick's software renderer (`QT_QUICK_BACKEND=software`):
with the GPU path a grab shows it blank. `SHOT_DELAY_MS` (default 1500) is the pause
for the page's first frame.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

STORY = "Marenland and Valmora sign Sarrow water accord in Geneva"

SCRATCH = tempfile.TemporaryDirectory(prefix="newsroom-shot-")  # removed at exit
os.environ.setdefault("NEWSROOM_STATE_DIR", str(Path(SCRATCH.name) / "state"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# WebEngine's view drawn by the software scene graph: then grab() has the page in it.
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402


def wait_until(ready, timeout_ms: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until `ready()` (or give up loudly)."""
    loop = QEventLoop()
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ready() and loop.quit())
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()
    if not ready():
        raise SystemExit("timed out waiting for the window")


def main(out: Path) -> None:
    app = QApplication(sys.argv[:1])
    from newsroom.core.db import open_database
    from newsroom.core.demo import load_demo
    from newsroom.core.models import Article
    from newsroom.ui.main_window import MainWindow

    db = open_database(Path(SCRATCH.name) / "demo.db")
    with db.transaction() as session:
        load_demo(session)
    with db.reading() as session:
        story_id = session.scalar(select(Article.id).where(Article.headline == STORY))

    window = MainWindow(db)
    window.resize(1600, 960)
    window.show()
    ready: list[bool] = []
    window.ready.connect(lambda: ready.append(True))
    wait_until(lambda: bool(ready))
    opened: list[bool] = []
    window.session.open(story_id, opened.append)
    wait_until(lambda: bool(opened) and window.tasks.pending == 0)
    preview = window.preview
    if preview.view is not None:
        loaded: list[bool] = []
        preview.view.loadFinished.connect(loaded.append)  # type: ignore[union-attr]
        window.refresh_preview()
        wait_until(lambda: bool(loaded) and window.tasks.pending == 0)
    body = window.editor.body
    body.verticalScrollBar().setValue(0)
    body.setFocus()
    # The page is loaded; give the web view a moment to paint it (a script, not a test).
    QTimer.singleShot(int(os.environ.get("SHOT_DELAY_MS", "1500")), app.quit)
    app.exec()
    window.grab().save(str(out))
    print(f"saved {out} ({window.width()} x {window.height()})")
    window.close()
    db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshot.png"))
