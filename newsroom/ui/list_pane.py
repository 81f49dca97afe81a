"""The left of the main window: the list's filters, the story list and how many stories
it shows.

The pane shows what the filters ask for and keeps the story in the form selected in the
list; opening a story (a row clicked or stepped to) is the window's, through `open_story`.
Down in the search box goes on to the list (type, Down, Enter opens a match).
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from newsroom.ui.filter_bar import FilterBar
from newsroom.ui.operations import Operations
from newsroom.ui.story_list_view import StoryListView
from newsroom.ui.story_model import StoryListModel


class ListPane(QWidget):
    def __init__(
        self,
        ops: Operations,
        tz: Callable[[], ZoneInfo],
        current: Callable[[], int | None],
        open_story: Callable[[int | None], None],
        parent: QWidget | None = None,
    ) -> None:
        """`tz`: the site's time zone as it is now; `current`: the id of the story in the
        form (None: none, or a new one)."""
        super().__init__(parent)
        self._current, self._open_story = current, open_story
        self._to_list_when_shown = False  # Down was pressed before the list caught up
        self.model = StoryListModel(ops, tz(), self)
        self.model.held = True  # until the window's first look: one query, in the site's zone
        self.view = self._build_view()
        self.filters = FilterBar(ops, [], [], tz)
        self.filters.changed.connect(lambda flt, typing: self.model.refresh(flt, typing=typing))
        self.filters.search_box.installEventFilter(self)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

    def _build_view(self) -> QTableView:
        view = StoryListView()  # the headline takes the spare width
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSortingEnabled(True)
        view.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(22)
        view.setWordWrap(False)
        view.activated.connect(lambda index: self._open_story(self.model.id_at(index.row())))
        view.clicked.connect(lambda index: self._open_story(self.model.id_at(index.row())))
        return view

    def shown(self, *_: object) -> None:
        """The list was shown afresh: count it, and select the story in the form."""
        n = self.model.rowCount()
        self.count_label.setText(f"{n:,} {'story' if n == 1 else 'stories'}")
        self.select_current()
        if self._to_list_when_shown and self.model.shown_generation == self.model.generation:
            self.to_list()

    def select_current(self) -> None:
        article_id = self._current()
        if article_id is None:
            return
        row = self.model.row_of(article_id)
        if row is not None:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filters.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if self.filters.search_timer.isActive():  # the words typed: ask now
                self.filters.search_timer.stop()
                self.filters.apply(typing=True)
            if self.model.shown_generation == self.model.generation:
                self.to_list()
            else:  # once the list shows what the box asks for (`shown`)
                self._to_list_when_shown = True
            return True
        return super().eventFilter(watched, event)

    def to_list(self) -> None:
        """Focus the list on the story in the form, else on its first row (selected, not
        opened: Enter or a click opens it)."""
        self._to_list_when_shown = False
        if not self.model.rowCount():
            return
        self.view.setFocus()
        if not self.view.currentIndex().isValid():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def focus_search(self) -> None:
        self.filters.search_box.setFocus()
        self.filters.search_box.selectAll()

    def step(self, delta: int) -> None:
        """Open the next (+1) or previous (-1) story in the list."""
        if self.model.rowCount() == 0:
            return
        article_id = self._current()
        row = -1 if article_id is None else self.model.row_of(article_id) or 0
        target = min(max(row + delta, 0), self.model.rowCount() - 1)
        self._open_story(self.model.id_at(target))
