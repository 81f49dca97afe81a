"""My byline: the name this user of the computer signs new stories with.

Per user of the computer, not per database (editors who share a database each sign
their own stories), so it is kept with the window's own settings (`AppState`), not in
the database. Asked once, on the first save, prefilled with the full name the system
knows for the user (`core.users.full_name`); File > My byline… changes it. New stories
start with it. (The command line's `newsroom add` takes `--byline`.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from newsroom.core.articles import clean_line
from newsroom.core.errors import ValidationError


class BylineDialog(QDialog):
    """ "Your byline": one line, checked as a story's byline is, the error beside it."""

    def __init__(self, current: str, *, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your byline")
        self.answer: str | None = None
        text = QLabel(
            "The byline your new stories get. It is kept for you on this computer; "
            "File > My byline… changes it."
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        self.byline = QLineEdit(current)
        self.byline.setPlaceholderText("Your name as readers see it")
        self.byline.selectAll()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if first:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Not now")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.byline)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        try:
            self.answer = clean_line(self.byline.text(), "byline")
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()
