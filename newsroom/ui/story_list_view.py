"""The story list's table view: the headline takes the spare width, every other column
the width of what it shows.

Fixed widths for the five short columns left the headline about eight characters at the
default window size. Now status and the dates (short, bounded contents) are sized to
their contents; section and byline are free text, so their width is capped (the whole
text is in the tooltip). Only the rows on screen are measured: measuring more would
make the lazy model (`StoryListModel`) fetch pages nobody looks at. The header keeps
room for the sort arrow only in the sorted column; Qt keeps it in every column.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView, QWidget

HEADLINE = 0
FREE_TEXT = (2, 3)  # section, byline
FREE_TEXT_CHARS = 18  # average characters a capped column shows


class _Header(QHeaderView):
    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        size = super().sectionSizeFromContents(logicalIndex)
        if self.isSortIndicatorShown() and logicalIndex != self.sortIndicatorSection():
            # What QHeaderView adds for the arrow: the section's height and a margin.
            margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)
            size.setWidth(max(0, size.width() - size.height() - margin))
        return size


class StoryListView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        header = _Header(Qt.Orientation.Horizontal, self)
        header.setSectionsClickable(True)
        header.setHighlightSections(True)
        self.setHorizontalHeader(header)
        header.setResizeContentsPrecision(0)  # the rows on screen only

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        for column in range(header.count()):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == HEADLINE
                else QHeaderView.ResizeMode.ResizeToContents,
            )

    def sizeHintForColumn(self, column: int) -> int:
        width = super().sizeHintForColumn(column)
        if column in FREE_TEXT:
            return min(width, self.fontMetrics().averageCharWidth() * FREE_TEXT_CHARS)
        return width
