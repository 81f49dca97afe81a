"""The story list as a Qt table model: ids for the whole result, rows loaded on demand.

With 100,000 stories the model holds 100,000 ints and a cache of the rows the view
has asked for, loaded a page at a time. The id query runs off the UI thread; results
from an older query are dropped when a newer one was started.

Each request has a number (`refresh` returns it, `generation` is the latest) and
`refreshed(generation)` says which request the list now answers, so a caller can wait
for the answer to *its* request rather than for whichever refresh comes next.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from newsroom.core.db import Database
from newsroom.core.listing import StoryFilter, StoryRow, story_ids, story_rows
from newsroom.ui.tasks import Tasks

COLUMNS = (
    ("headline", "Headline"),
    ("status", "Status"),
    ("section", "Section"),
    ("byline", "Byline"),
    ("published_at", "Published"),
    ("updated_at", "Updated"),
)
PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class StoryListModel(QAbstractTableModel):
    refreshed = Signal(int)  # the generation of the request now shown

    def __init__(self, db: Database, tasks: Tasks, tz: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.tasks = tasks
        self.tz = tz
        self.filter = StoryFilter()
        self.sort_key = "updated_at"
        self.descending = True
        self._ids: list[int] = []
        self._cache: dict[int, StoryRow] = {}
        self._generation = 0
        self._shown = 0
        self._base: tuple[object, list[int]] | None = None

    # --- loading ------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """The number of the latest request."""
        return self._generation

    @property
    def shown_generation(self) -> int:
        """The number of the request the list shows (0: none yet)."""
        return self._shown

    def refresh(self, flt: StoryFilter | None = None, *, typing: bool = False) -> int:
        """Re-run the query (with a new filter if given); returns the request's number,
        which `refreshed` carries once its answer is shown (never, if a newer request
        came first).

        `typing=True` (only the search words changed) reuses the archive's order from
        the previous query instead of sorting it again; any other refresh re-reads it.
        """
        if flt is not None:
            self.filter = flt
        self._generation += 1
        generation = self._generation
        flt, key, desc = self.filter, self.sort_key, self.descending
        base_key = (replace(flt, text=""), key, desc)
        base = self._base[1] if typing and self._base and self._base[0] == base_key else None

        def query() -> tuple[list[int], list[int] | None]:
            with self.db.reading() as session:
                ordered = base
                if ordered is None and flt.text.strip():
                    ordered = story_ids(session, replace(flt, text=""), sort=key, descending=desc)
                ids = story_ids(session, flt, sort=key, descending=desc, ordered=ordered)
                return ids, ordered if flt.text.strip() else ids

        def done(result: tuple[list[int], list[int] | None]) -> None:
            ids, ordered = result
            if generation == self._generation and ordered is not None:
                self._base = (base_key, ordered)
            self._show(generation, ids)

        self.tasks.run(query, done, owner=self)
        return generation

    def _show(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self.beginResetModel()
        self._ids = ids
        self._cache.clear()
        self._shown = generation
        self.endResetModel()
        self.refreshed.emit(generation)

    def invalidate(self, article_id: int) -> None:
        """A story changed: reload its row the next time it is shown."""
        self._cache.pop(article_id, None)
        row = self.row_of(article_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _row(self, row: int) -> StoryRow | None:
        article_id = self._ids[row]
        cached = self._cache.get(article_id)
        if cached is not None:
            return cached
        start = max(0, row - PAGE // 4)
        wanted = [i for i in self._ids[start : start + PAGE] if i not in self._cache]
        with self.db.reading() as session:
            self._cache.update(story_rows(session, wanted))
        if len(self._cache) > 20 * PAGE:  # keep memory flat while scrolling far
            keep = set(self._ids[start : start + PAGE])
            self._cache = {k: v for k, v in self._cache.items() if k in keep}
        return self._cache.get(article_id)

    # --- lookups ------------------------------------------------------------------------

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    # --- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        tooltip = role == Qt.ItemDataRole.ToolTipRole
        if role != Qt.ItemDataRole.DisplayRole and not tooltip:
            return None
        row = self._row(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        value = getattr(row, key)
        if isinstance(value, datetime):
            return value.astimezone(self.tz).strftime("%Y-%m-%d %H:%M" if tooltip else "%Y-%m-%d")
        return "" if value is None else str(value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
