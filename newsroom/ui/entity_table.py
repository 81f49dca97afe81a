"""The entity manager's list: rows of `EntitySummary` as the last search returned them
(ids and plain values, no live objects), and the table view that shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from newsroom.core.entities import EntitySummary
from newsroom.ui.table_model import Index, RowTableModel


class EntityTableModel(RowTableModel[EntitySummary]):
    """Rows of `EntitySummary`, as the last search returned them."""

    HEADERS = ("Name", "Kind", "Stories", "Aliases")

    def id_at(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, entity_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == entity_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.kind, row.story_count, ", ".join(row.aliases))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and row.aliases:
            return "\n".join(row.aliases)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


def entity_table(model: EntityTableModel) -> QTableView:
    """A read-only view of `model`, one row selected at a time, the name column wide."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column, width in ((1, 96), (2, 60), (3, 180)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)
    return table
