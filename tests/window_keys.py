"""Which window command each main shortcut reaches from a field (ui/test_shortcuts.py).

Run as a script it does this in a window of its own, on whatever platform
QT_QPA_PLATFORM names (test_shortcuts.py runs it on X11, under Xvfb) and prints the
answer as JSON. Usage: python window_keys.py DATABASE
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

# The window's own commands; Undo and Redo go to the field itself, as they should.
MAIN = (
    "Ctrl+N",
    "Ctrl+S",
    "Ctrl+F",
    "Ctrl+E",
    "Ctrl+H",
    "Ctrl+I",
    "Ctrl+O",
    "Ctrl+Shift+L",
    "Ctrl+Shift+P",
    "Ctrl+Shift+E",
    "Alt+Up",
    "Alt+Down",
    "Ctrl+PgUp",
    "Ctrl+PgDown",
    "F5",
)


class Catch(QObject):
    """Takes the Shortcut event an action would act on (nothing runs), noting it."""

    def __init__(self) -> None:
        super().__init__()
        self.fired: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut and isinstance(watched, QAction):
            self.fired.append(watched.text().replace("&", ""))
            return True
        return False


def reached(
    window: QWidget,
    fields: dict[str, QWidget],
    press: Callable[[QWidget, QKeySequence], None],
    focus: Callable[[QWidget], None],
) -> dict[str, dict[str, list[str]]]:
    """field -> shortcut -> the commands it reached (one, when all is well)."""
    catch = Catch()
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    for action in actions:
        action.installEventFilter(catch)
    try:
        found: dict[str, dict[str, list[str]]] = {}
        for name, field in fields.items():
            found[name] = {}
            for key in MAIN:
                focus(field)
                catch.fired.clear()
                press(field, QKeySequence(key))
                found[name][key] = list(catch.fired)
        return found
    finally:
        for action in actions:
            action.removeEventFilter(catch)


def expected(window: QWidget) -> dict[str, list[str]]:
    """shortcut -> the command the menus give it."""
    names: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            names.setdefault(sequence.toString(), []).append(action.text().replace("&", ""))
    return {key: names[key] for key in MAIN}


def main() -> None:
    os.environ.setdefault("NEWSROOM_PREVIEW", "text")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from newsroom.core.db import open_database
    from newsroom.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])  # noqa: F841  (kept alive until the end)
    window = MainWindow(open_database(sys.argv[1]))
    ready: list[bool] = []
    window.ready.connect(lambda: ready.append(True))
    window.show()
    window.new_story()
    window.activateWindow()

    def wait(condition: Callable[[], bool]) -> None:
        for _ in range(1000):
            if condition():
                return
            QTest.qWait(10)
        raise SystemExit(f"gave up waiting on {sys.argv}")

    wait(lambda: bool(ready) and window.isActiveWindow())

    def focus(field: QWidget) -> None:
        field.setFocus()
        wait(field.hasFocus)

    def press(field: QWidget, key: QKeySequence) -> None:
        combo = key[0]
        QTest.keyClick(field, combo.key(), combo.keyboardModifiers())

    fields = {
        "headline": window.editor.headline,
        "byline": window.editor.byline,
        "find": window.filters.search_box,
    }
    end_of_line = QKeySequence.keyBindings(QKeySequence.StandardKey.MoveToEndOfLine)
    print(
        json.dumps(
            {
                "platform": QApplication.platformName(),
                "end_of_line": [k.toString() for k in end_of_line],
                "reached": reached(window, fields, press, focus),
                "expected": expected(window),
            }
        ),
        flush=True,
    )
    window.close()


if __name__ == "__main__":
    main()
