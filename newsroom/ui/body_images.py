"""The strip under the body: a thumbnail for each picture the body shows.

The body holds references, `![alt](media:7 "caption")`; the strip lists them in body
order with the image's thumbnail and its alt text and caption (the reference's own, else
the library's), so an editor sees which picture each line is. A click puts the body's
cursor on the reference. The list follows the text a moment after typing stops (only
when the references changed); the pictures come from the window's `Thumbnails`, read
off the UI thread. The strip is hidden while the body shows no picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QPixmap, QTextCursor
from PySide6.QtWidgets import QListView, QPlainTextEdit, QWidget

from newsroom.text.media_refs import MediaRef, parse
from newsroom.ui.thumbnails import SIZE, Thumbnails

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Shown:
    """One reference of the body: the image, its text as written, where it stands."""

    media_id: int
    alt: str
    caption: str
    start: int

    @classmethod
    def of(cls, ref: MediaRef) -> Shown:
        return cls(ref.media_id, ref.alt, ref.caption, ref.start)


class BodyImagesModel(QAbstractListModel):
    """The body's references (frozen rows); pictures and library text from `thumbnails`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Shown] = []
        self.thumbnails: Thumbnails | None = None
        self._pixmaps: dict[int, QPixmap] = {}

    def set_thumbnails(self, thumbnails: Thumbnails) -> None:
        self.thumbnails = thumbnails
        thumbnails.ready.connect(self._arrived)

    def set_rows(self, rows: list[Shown]) -> None:
        if [(r.media_id, r.alt, r.caption) for r in rows] == [
            (r.media_id, r.alt, r.caption) for r in self.rows
        ]:
            self.rows = rows  # only their places moved: nothing to redraw
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        if self.thumbnails is not None:
            self.thumbnails.want(r.media_id for r in rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        picture = self.thumbnails.get(row.media_id) if self.thumbnails is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            alt = row.alt or (picture.alt if picture is not None else "")
            if picture is not None and picture.missing:
                return f"{row.media_id}: not in the library"
            return f"{row.media_id}: {alt}" if alt else f"{row.media_id}: (no alt text)"
        if role == Qt.ItemDataRole.DecorationRole:
            if picture is None or picture.image is None:
                return None
            pixmap = self._pixmaps.get(row.media_id)
            if pixmap is None:
                pixmap = self._pixmaps[row.media_id] = QPixmap.fromImage(picture.image)
            return pixmap
        if role == Qt.ItemDataRole.ToolTipRole:
            if picture is None:
                return None
            caption = row.caption or picture.caption
            parts = [caption, f"Credit: {picture.credit}" if picture.credit else ""]
            return "\n".join(p for p in parts if p) or None
        unfit = picture is not None and (picture.missing or not (row.alt or picture.alt))
        if role == Qt.ItemDataRole.ForegroundRole and unfit:
            return QColor("#b00020")
        return None

    def _arrived(self, media_ids: frozenset[int]) -> None:
        for media_id in media_ids:
            self._pixmaps.pop(media_id, None)
        changed = [n for n, row in enumerate(self.rows) if row.media_id in media_ids]
        if changed:
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))


class BodyImages(QListView):
    """The strip of `body`'s pictures (see the module notes)."""

    def __init__(self, body: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.images = BodyImagesModel(self)
        self.setModel(self.images)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(SIZE, SIZE))
        self.setGridSize(QSize(SIZE + 64, SIZE + 2 * self.fontMetrics().lineSpacing() + 8))
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        bar = self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(self.gridSize().height() + bar + 6)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setToolTip("")
        self.hide()
        self.follow = QTimer(self, singleShot=True, interval=300)
        self.follow.timeout.connect(self.refresh)
        body.textChanged.connect(self.follow.start)
        self.clicked.connect(self._go_to)

    def set_thumbnails(self, thumbnails: Thumbnails) -> None:
        self.images.set_thumbnails(thumbnails)

    def refresh(self) -> None:
        """Read the body's references now (the timer does it a moment after typing)."""
        self.follow.stop()
        rows = [Shown.of(r) for r in parse(self.body.toPlainText())]
        self.images.set_rows(rows)
        self.setVisible(bool(rows))

    def _go_to(self, index: QModelIndex) -> None:
        """Put the body's cursor on the clicked picture's reference."""
        if not 0 <= index.row() < len(self.images.rows):
            return
        cursor = self.body.textCursor()
        cursor.setPosition(self.images.rows[index.row()].start)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)
        self.body.setFocus()
