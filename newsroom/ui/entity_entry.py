"""A line edit that completes entity names and aliases, and the model of its list.

Why a completer fed by queries instead of one list of names: a newsroom holds 50,000
entities with twice as many aliases, and a typed alias ("UN", "Guterres") has to find
its entity. So each pause in typing runs `search_entities` (names and aliases, best
first, a page of them) in a worker, through an `EntityLookup`; an answer for an older
text is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QLineEdit,
    QWidget,
)

from newsroom.core.entities import EntitySummary, normalise
from newsroom.ui.entity_lookup import EntityLookup, Tag

_Index = QModelIndex | QPersistentModelIndex


class EntityCompletionModel(QAbstractListModel):
    """The completer's rows: entities matching what was typed, best first.

    A row matched through an alias shows the alias too, so "UN" visibly finds
    "United Nations". UserRole holds the `Tag`.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[EntitySummary] = []
        self.query = ""

    def set_rows(self, rows: Sequence[EntitySummary], query: str) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.query = query
        self.endResetModel()

    def exact(self, text: str) -> Tag | None:
        """The row whose name or an alias is `text` (as `normalise` compares)."""
        key = normalise(text)
        for row in self.rows:
            if key == normalise(row.name) or any(key == normalise(a) for a in row.aliases):
                return Tag(row.id, row.name, row.kind)
        return None

    def _alias_hit(self, row: EntitySummary) -> str | None:
        key = normalise(self.query)
        if not key or key in normalise(row.name):
            return None
        return next((a for a in row.aliases if key in normalise(a)), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            alias = self._alias_hit(row)
            shown = f"{row.name}  “{alias}”" if alias else row.name
            return f"{shown}  · {row.kind}"
        if role == Qt.ItemDataRole.EditRole:
            return row.name
        if role == Qt.ItemDataRole.UserRole:
            return Tag(row.id, row.name, row.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            stories = f"{row.story_count} {'story' if row.story_count == 1 else 'stories'}"
            aliases = f"; also {', '.join(row.aliases)}" if row.aliases else ""
            return f"{row.kind}, {stories}{aliases}"
        return None


class EntityEntry(QLineEdit):
    """A line edit that completes entity names and aliases from the database.

    `picked(Tag)`: an entity was chosen from the list, or Enter was pressed on a
    name or alias an entity has. `unknown(str)`: Enter on a name nobody has. When
    the list for the text as typed arrives, its first row is current, so Enter takes
    the best match; Escape closes the list and leaves the typed text for Enter to look
    up (or offer to create). Rows for an older text are never taken by Enter.
    """

    picked = Signal(object)
    unknown = Signal(str)
    results_shown = Signal()

    def __init__(self, parent: QWidget | None = None, delay_ms: int = 150) -> None:
        super().__init__(parent)
        self.lookup: EntityLookup | None = None
        self.model = EntityCompletionModel(self)
        self.name_completer = QCompleter(self.model, self)
        self.name_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.name_completer.setMaxVisibleItems(10)
        # Not setCompleter: the line edit would copy each highlighted row into itself.
        self.name_completer.setWidget(self)
        # an overloaded signal (str, QModelIndex): PySide's stubs do not index it
        self.name_completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.timer.timeout.connect(self._search)
        self.textEdited.connect(self._edited)
        self.returnPressed.connect(self._enter)
        self._generation = 0

    @property
    def _popup(self) -> QAbstractItemView:
        popup = self.name_completer.popup()
        assert popup is not None  # the completer makes its list when it is made
        return popup

    def _edited(self, text: str) -> None:
        self._generation += 1
        # The rows shown are for the text before this key: Enter must not take one.
        self._popup.setCurrentIndex(QModelIndex())
        if text.strip():
            self.timer.start()
        else:
            self.timer.stop()
            self._popup.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not self._popup.isVisible():
            event.accept()  # handled: not also a dialog's default button
        # With the list open the Enter stays unaccepted: the completer then takes the row.

    def _search(self) -> None:
        if self.lookup is None:
            return
        generation, query = self._generation, self.text().strip()
        self.lookup.search(query, lambda rows: self._show(generation, query, rows), self)

    def _show(self, generation: int, query: str, rows: list[EntitySummary]) -> None:
        if generation != self._generation:
            return  # the text changed since this search started
        self.model.set_rows(rows, query)
        popup = self._popup
        if rows and (self.hasFocus() or popup.isVisible()):
            self.name_completer.complete()
            popup.setCurrentIndex(self.name_completer.completionModel().index(0, 0))
        elif not rows:
            popup.hide()
        self.results_shown.emit()

    def _activated(self, index: QModelIndex) -> None:
        tag = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(tag, Tag):
            self._done()
            self.picked.emit(tag)

    def _enter(self) -> None:
        popup = self._popup
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer sees this Enter after the line edit, and takes the row
        text = self.text().strip()
        if not text:
            return
        tag = self.model.exact(text)
        if tag is not None:
            self._done()
            self.picked.emit(tag)
        elif self.lookup is not None:
            self.lookup.find(text, lambda found: self._found(text, found), self)
        else:
            self.unknown.emit(text)

    def _found(self, text: str, tag: Tag | None) -> None:
        if self.text().strip() != text:
            return  # the editor typed on meanwhile
        if tag is None:
            self.unknown.emit(text)
            return
        self._done()
        self.picked.emit(tag)

    def _done(self) -> None:
        self._generation += 1
        self.timer.stop()
        self._popup.hide()
        # The completer may still hand the Enter to the line edit: an empty text makes
        # that a no-op.
        self.clear()
