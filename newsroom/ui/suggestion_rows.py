"""The suggestions panel's rows: one per entity or candidate the story mentions
(`group` folds the mentions a pass found), the table model that shows them, and the
delegate that paints the Accept and Dismiss cells as buttons.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QRect,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
)

from newsroom.core.suggestions import Suggestion
from newsroom.ui.table_model import Index, RowTableModel

NAME, KIND, ACCEPT, DISMISS = range(4)  # the columns
_HEADERS = ("Mentioned", "Kind", "", "")


@dataclass(frozen=True)
class SuggestionRow:
    """Every mention of one entity or candidate: what a row of the panel shows."""

    key: str
    name: str
    kind: str
    entity_id: int | None
    mentions: int
    texts: tuple[str, ...]  # the distinct ways the story writes it
    first: Suggestion  # what accept() and dismiss() are given

    @property
    def is_new(self) -> bool:
        return self.entity_id is None


def group(found: Iterable[Suggestion]) -> list[SuggestionRow]:
    """One row per `Suggestion.key`, in order of first mention."""
    rows: dict[str, list[Suggestion]] = {}
    for s in found:
        rows.setdefault(s.key, []).append(s)
    return [
        SuggestionRow(
            key,
            ss[0].name,
            ss[0].kind,
            ss[0].entity_id,
            len(ss),
            tuple(dict.fromkeys(s.text for s in ss)),
            ss[0],
        )
        for key, ss in rows.items()
    ]


class SuggestionModel(RowTableModel[SuggestionRow]):
    """Rows of `SuggestionRow`: name, kind, and the Accept and Dismiss cells."""

    HEADERS = _HEADERS

    def row_of(self, key: str) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.key == key), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = self.row_at(index), index.column()
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return row.name if row.mentions == 1 else f"{row.name} ({row.mentions}×)"
            if column == KIND:
                return f"new {row.kind}" if row.is_new else row.kind
            return ("Accept", "Dismiss")[column - ACCEPT] if column >= ACCEPT else None
        if role == Qt.ItemDataRole.ToolTipRole:
            written = ", ".join(f"“{t}”" for t in row.texts)
            what = (
                "not an entity yet: Accept asks its kind, then creates it"
                if row.is_new
                else "a known entity"
            )
            return f"{row.name}: {what}. Written {written}."
        if role == Qt.ItemDataRole.FontRole and column == NAME and row.is_new:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == KIND and row.is_new:
            return QColor("#8a4b08")
        if role == Qt.ItemDataRole.UserRole:
            return row.key
        return None


class ButtonDelegate(QStyledItemDelegate):
    """Paints the Accept and Dismiss cells as buttons (the view handles the click)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.column() < ACCEPT:
            super().paint(painter, option, index)
            return
        button = QStyleOptionButton()
        button.rect = QRect(option.rect.adjusted(2, 2, -2, -2))
        button.text = str(index.data())
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)
