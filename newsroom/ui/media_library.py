"""Edit > Media library…: every image of the library, searched by its alt text,
caption, credit or file name; where each is used; its text edited; its file replaced;
deleted when no story uses it (refused, with the stories named, while one does).

The table is a `QAbstractTableModel` of frozen rows (ids and text, no pictures); all
database work runs through the window's `Operations`, off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newsroom.core.errors import NewsroomError
from newsroom.ui import file_dialogs
from newsroom.ui.operations import Operations

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from newsroom.core.media import MediaRecord, MediaUse

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Id", "Size", "Alt text", "Caption", "Credit", "Used")


@dataclass(frozen=True)
class Row:
    record: MediaRecord
    uses: int


class MediaModel(QAbstractTableModel):
    """The library's images as found by the last search."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        r = row.record
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                str(r.id), f"{r.width}×{r.height} {r.format}", r.alt,
                " ".join(r.caption.split()), r.credit, str(row.uses) if row.uses else "",
            )  # fmt: skip
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.source or None
        return None


class MediaLibrary(QDialog):
    """The media library window (not modal). `image_changed(id)`: its text or file
    was changed here (views showing it read it again)."""

    image_changed = Signal(int)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        use_as_lead: Callable[[int], bool] | None = None,
    ) -> None:
        """`use_as_lead(id)`: "Use as lead image" puts the image in the lead image
        field of the story open in the window (saved with it), False when none is
        open; None: no such button."""
        super().__init__(parent)
        self.setWindowTitle("Media library")
        self.ops = ops
        self.use_lead = use_as_lead
        self.run_dialog: file_dialogs.Runner = file_dialogs.run
        self.model = MediaModel(self)
        self.search = QLineEdit(placeholderText="Search alt text, caption, credit, file name")
        self.search.textChanged.connect(self.refresh)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.alt = QLineEdit()
        self.caption = QPlainTextEdit()
        self.caption.setFixedHeight(60)
        self.credit = QLineEdit()
        self.used = QLabel()
        self.used.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton("Save text")
        self.save_button.clicked.connect(self.save_text)
        self.replace_button = QPushButton("Replace file…")
        self.replace_button.clicked.connect(self.replace)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete)
        self.lead_button = QPushButton("Use as lead image")
        self.lead_button.setToolTip(
            "Put it in the lead image field of the story open in the window (then save it)"
        )
        self.lead_button.clicked.connect(self.use_as_lead)
        self.lead_button.setVisible(use_as_lead is not None)
        form = QFormLayout()
        form.addRow("Alt text", self.alt)
        form.addRow("Caption", self.caption)
        form.addRow("Credit", self.credit)
        form.addRow("Used by", self.used)
        buttons = QHBoxLayout()
        for button in (
            self.save_button, self.replace_button, self.delete_button, self.lead_button
        ):  # fmt: skip
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.resize(760, 560)
        self._enable(False)

    # --- reading -------------------------------------------------------------------------

    def open(self) -> None:
        super().open()
        self.refresh()

    def refresh(self) -> None:
        query = self.search.text()

        def find(session: Session) -> list[Row]:
            from newsroom.core import media

            found = media.list_media(session, query)
            counts = media.use_counts(session, [m.id for m in found])
            return [Row(m, counts[m.id]) for m in found]

        def show(rows: list[Row]) -> None:
            if query == self.search.text():
                keep = self.current_id()
                self.model.set_rows(rows)
                ids = [r.record.id for r in rows]
                if keep in ids:
                    self.table.selectRow(ids.index(keep))
                self._enable(self.current_id() is not None)

        self.ops.query(find, show, owner=self)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        rows = self.model.rows
        return rows[index.row()].record.id if index.isValid() and index.row() < len(rows) else None

    def _enable(self, on: bool) -> None:
        for widget in (
            self.alt,
            self.caption,
            self.credit,
            self.save_button,
            self.replace_button,
            self.delete_button,
        ):
            widget.setEnabled(on)  # fmt: skip

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._enable(False)
            return
        record = self.model.rows[current.row()].record
        self.alt.setText(record.alt)
        self.caption.setPlainText(record.caption)
        self.credit.setText(record.credit)
        self._enable(True)
        media_id = record.id

        def where(session: Session) -> list[MediaUse]:
            from newsroom.core import media

            return media.uses(session, media_id)

        def show(uses: list[MediaUse]) -> None:
            if self.current_id() == media_id:
                self.used.setText("\n".join(f"{u.headline} ({u.how})" for u in uses) or "no story")

        self.ops.query(where, show, owner=self)

    # --- writing -------------------------------------------------------------------------

    def _failed(self, exc: NewsroomError) -> None:
        self.message.setText(str(exc))

    def save_text(self) -> None:
        media_id = self.current_id()
        if media_id is None:
            return
        alt, caption, credit = self.alt.text(), self.caption.toPlainText(), self.credit.text()

        def save(session: Session) -> None:
            from newsroom.core import media

            media.update_text(session, media_id, alt=alt, caption=caption, credit=credit)

        self.message.clear()
        self.ops.write(save, lambda _: self._changed(media_id), on_error=self._failed, owner=self)

    def replace(self) -> None:
        media_id = self.current_id()
        if media_id is None:
            return
        dialog = file_dialogs.build(
            self, "Replace the image file", Path.home(), file_dialogs.Mode.OPEN_FILE,
            "Images (*.jpg *.jpeg *.png *.webp *.gif);;All files (*)",
        )  # fmt: skip
        paths = self.run_dialog(dialog)
        if not paths:
            return
        path = paths[0]

        def put(session: Session) -> None:
            from newsroom.core import media
            from newsroom.core.errors import ValidationError

            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ValidationError("image", f"cannot read {path.name}: {exc.strerror}") from exc
            media.replace_file(session, media_id, data, source=path.name)

        self.message.clear()
        self.ops.write(put, lambda _: self._changed(media_id), on_error=self._failed, owner=self)

    def _changed(self, media_id: int) -> None:
        self.refresh()
        self.image_changed.emit(media_id)

    def use_as_lead(self) -> None:
        media_id = self.current_id()
        if media_id is None or self.use_lead is None:
            return
        if self.use_lead(media_id):
            self.message.setText("In the story's lead image field: save the story to keep it.")
        else:
            self.message.setText("No story is open: open the story first.")

    def delete(self) -> None:
        media_id = self.current_id()
        if media_id is None:
            return

        def remove(session: Session) -> None:
            from newsroom.core import media

            media.delete_image(session, media_id)

        self.message.clear()
        self.ops.write(remove, lambda _: self.refresh(), on_error=self._failed, owner=self)
