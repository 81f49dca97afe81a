"""The story list as a Qt table model: ids for the whole result, rows loaded on demand.

With 100,000 stories the model holds 100,000 ints and a cache of the rows the view
has asked for, loaded a page at a time. Every query runs off the UI thread (through
`Operations`): the ids and the first page come together; a row the view asks for that
is not cached yet shows empty until its page arrives (`rows_loaded`). Results from an
older query are dropped when a newer one was started.

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
from sqlalchemy.orm import Session

from newsroom.core.listing import StoryFilter, StoryRow, story_ids, story_rows
from newsroom.core.storyfields import story_field
from newsroom.ui.operations import Operations

COLUMNS = (  # a story field's column is headed as the form labels it
    ("headline", story_field("headline").title),
    ("status", story_field("status").title),
    ("section", story_field("section_id").title),
    ("byline", story_field("byline").title),
    ("published_at", story_field("published_at").title),
    ("updated_at", "Updated"),
)
PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class StoryListModel(QAbstractTableModel):
    refreshed = Signal(int)  # the generation of the request now shown
    rows_loaded = Signal()  # a page of rows arrived (the view repaints them)

    def __init__(self, ops: Operations, tz: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.tz = tz
        self._fetching: set[int] = set()  # pages on their way
        self.held = False  # while True, refresh() only records the filter and order
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
        if self.held:
            return self._generation  # the window has not had its first look yet
        self._generation += 1
        generation = self._generation
        flt, key, desc = self.filter, self.sort_key, self.descending
        base_key = (replace(flt, text=""), key, desc)
        base = self._base[1] if typing and self._base and self._base[0] == base_key else None

        def query(
            session: Session,
        ) -> tuple[list[int], list[int] | None, dict[int, StoryRow]]:
            ordered = base
            if ordered is None and flt.text.strip():
                ordered = story_ids(session, replace(flt, text=""), sort=key, descending=desc)
            ids = story_ids(session, flt, sort=key, descending=desc, ordered=ordered)
            first = story_rows(session, ids[:PAGE])
            return ids, ordered if flt.text.strip() else ids, first

        def done(result: tuple[list[int], list[int] | None, dict[int, StoryRow]]) -> None:
            ids, ordered, first = result
            if generation == self._generation and ordered is not None:
                self._base = (base_key, ordered)
            self._show(generation, ids, first)

        self.ops.query(query, done, owner=self)
        return generation

    def _show(self, generation: int, ids: list[int], first: dict[int, StoryRow]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self.beginResetModel()
        self._ids = ids
        self._cache = dict(first)
        self._fetching.clear()
        self._shown = generation
        self.endResetModel()
        self.refreshed.emit(generation)

    @property
    def loading(self) -> bool:
        """Whether pages of rows are on their way."""
        return bool(self._fetching)

    def invalidate(self, article_id: int) -> None:
        """A story changed: reload its row the next time it is shown."""
        self._cache.pop(article_id, None)
        row = self.row_of(article_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _row(self, row: int) -> StoryRow | None:
        cached = self._cache.get(self._ids[row])
        if cached is None:
            self._fetch(row // PAGE)
        return cached

    def _fetch(self, page: int) -> None:
        """Load a page of rows off the UI thread; the view repaints them on arrival."""
        if page in self._fetching:
            return
        self._fetching.add(page)
        generation, start = self._shown, page * PAGE
        wanted = [i for i in self._ids[start : start + PAGE] if i not in self._cache]

        def arrived(rows: dict[int, StoryRow]) -> None:
            if generation != self._shown:
                return  # the list was replaced meanwhile
            self._fetching.discard(page)
            if len(self._cache) > 20 * PAGE:  # keep memory flat while scrolling far
                keep = set(self._ids[start : start + PAGE])
                self._cache = {k: v for k, v in self._cache.items() if k in keep}
            self._cache.update(rows)
            last = min(start + PAGE, len(self._ids)) - 1
            if last >= start:
                self.dataChanged.emit(self.index(start, 0), self.index(last, len(COLUMNS) - 1))
            self.rows_loaded.emit()

        self.ops.query(lambda session: story_rows(session, wanted), arrived, owner=self)

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
