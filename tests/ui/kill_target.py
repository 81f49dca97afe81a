"""Run by test_recovery.py as a separate process, which the test then kills with SIGKILL.

Usage: python kill_target.py DATABASE ARTICLE_ID TEXT
Opens the real main window offscreen, types TEXT at the end of the story's body with
real key events, and keeps running until it is killed.
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NEWSROOM_PREVIEW", "text")

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from newsroom.core.db import open_database
from newsroom.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
window = MainWindow(open_database(sys.argv[1]), autosave_ms=300)
window.show()
opened: list[bool] = []
window.session.open(int(sys.argv[2]), opened.append)
while not opened:  # the story arrives from a worker thread
    app.processEvents()
    QTest.qWait(10)
body = window.editor.body
body.setFocus()
body.moveCursor(body.textCursor().MoveOperation.End)
QTest.keyClicks(body, sys.argv[3])
print("typed", flush=True)
app.exec()
