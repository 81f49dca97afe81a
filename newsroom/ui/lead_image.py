"""The story form's lead image field: the picture's thumbnail and text (alt, caption,
credit), Choose… and Clear.

The field holds a library id, like the section field holds a section's id; it is saved
with the story (`ArticleInput.lead_image_id`). Choose… only asks (`choose_requested`):
the window picks a file and adds it to the library off the UI thread, or the Media
library's "Use as lead image" gives an id, and either calls `choose(id)`. An image
without alt text is shown so: a story cannot be published with one.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from newsroom.ui.thumbnails import SIZE, Thumbnails


class LeadImageField(QWidget):
    """Emits `changed` when the editor chooses or clears the image (not on `set_value`)."""

    changed = Signal()
    choose_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: int | None = None
        self.thumbnails: Thumbnails | None = None
        self.picture = QLabel()
        self.picture.setFixedSize(SIZE, SIZE * 2 // 3)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: palette(base); border: 1px solid palette(mid);")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setToolTip("Add a picture file to the library as the lead image")
        self.choose_button.clicked.connect(self.choose_requested)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(lambda: self.choose(None))
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.choose_button)
        self._show()

    def set_thumbnails(self, thumbnails: Thumbnails) -> None:
        self.thumbnails = thumbnails
        thumbnails.ready.connect(self._arrived)
        self._show()

    def value(self) -> int | None:
        return self._value

    def set_value(self, media_id: int | None) -> None:
        """Show a story's lead image (loading a story: not an edit)."""
        self._value = media_id
        self._show()

    def choose(self, media_id: int | None) -> None:
        """The editor's choice (None: no lead image): an edit of the story."""
        if media_id == self._value:
            return
        self.set_value(media_id)
        self.changed.emit()

    def _arrived(self, media_ids: frozenset[int]) -> None:
        if self._value in media_ids:
            self._show()

    def _show(self) -> None:
        self.clear_button.setEnabled(self._value is not None)
        self.picture.clear()
        if self._value is None:
            self.picture.setText("—")
            self.text.setText("No lead image")
            return
        picture = self.thumbnails.get(self._value) if self.thumbnails is not None else None
        if picture is None:
            self.picture.setText("…")
            self.text.setText(f"Image {self._value}")
            return
        if picture.image is None:
            self.picture.setText("?")
            self.text.setText(
                f'<span style="color:#b00020">Image {self._value} is not in the media library'
                "</span>"
            )
            return
        self.picture.setPixmap(
            QPixmap.fromImage(picture.image).scaled(
                self.picture.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        alt = (
            escape(picture.alt)
            if picture.alt
            else '<span style="color:#b00020">no alt text: needed before publishing '
            "(Edit › Media library…)</span>"
        )
        lines = [f"<b>Image {self._value}</b> · alt: {alt}"]
        if picture.caption:
            lines.append(escape(" ".join(picture.caption.split())))
        if picture.credit:
            lines.append(f"<i>{escape(picture.credit)}</i>")
        self.text.setText("<br>".join(lines))
