"""The window's shortcuts work from every field of the window.

Before a shortcut is looked up, the focused widget is asked whether it wants the key
(a ShortcutOverride event), and a text field says yes to every key it edits with. On
X11 desktops Qt gives fields second, Emacs-style bindings besides the usual ones
(Ctrl+E: end of line, Ctrl+K: delete to the end, Ctrl+D: delete), so Ctrl+E, the
entity manager's shortcut, did nothing while the cursor was in the headline, the
byline or the search box (issue 14).

`WindowKeysFirst` gives such a key back to the window when it is one of the window's
commands. Every other key stays the field's: a key's own binding (Undo, Copy, Home,
Ctrl+Home ...), and keys a field claims on purpose (Alt+Down opens a date's
calendar). It watches each widget of the window as it first takes the focus, so
fields added later are covered too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

_WATCHED = "newsroom_window_keys_first"
_WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
_STANDARD_KEYS = [k for k in QKeySequence.StandardKey if k != QKeySequence.StandardKey.UnknownKey]


def is_second_binding(event: QKeyEvent) -> bool:
    """The key edits text only as a second binding of a standard key (Ctrl+E for End
    on X11): the standard keys it stands for all have another key of their own."""
    combo = QKeySequence(event.keyCombination())
    matched = [k for k in _STANDARD_KEYS if event.matches(k)]
    return bool(matched) and all(QKeySequence.keyBindings(k)[0] != combo for k in matched)


class WindowKeysFirst(QObject):
    """Lets the window's shortcuts through the platform's second editing keys."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.main = window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is not None and now.window() is self.main and not now.property(_WATCHED):
            now.setProperty(_WATCHED, True)
            now.installEventFilter(self)

    def is_command(self, combo: QKeySequence) -> bool:
        """One of the window's enabled, window-wide actions has this shortcut."""
        return any(
            action.isEnabled()
            and action.shortcutContext() in _WINDOW_WIDE
            and combo in action.shortcuts()
            for action in self.main.findChildren(QAction)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        assert isinstance(event, QKeyEvent)
        if is_second_binding(event) and self.is_command(QKeySequence(event.keyCombination())):
            event.ignore()  # not the field's: the shortcut map gets the key
            return True
        return False
