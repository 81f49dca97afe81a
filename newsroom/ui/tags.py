"""The story form's tag field: entity chips and an entry that completes entity names.

Why a completer fed by queries instead of one list of names: a newsroom holds 50,000
entities with twice as many aliases, and a typed alias ("UN", "Guterres") has to find
its entity. So each pause in typing runs `search_entities` (names and aliases, best
first, a page of them) in a worker; an answer for an older text is dropped.

The field holds tags as (entity id, name, kind); `ids()` is what a save writes. It
never opens a session itself: an `EntityLookup` (given by the window) does the
reading, searching and creating.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)
from sqlalchemy.orm import Session

from newsroom.core import entities
from newsroom.core.entities import EntityRecord, EntitySummary, normalise
from newsroom.text.candidates import find_candidates
from newsroom.ui.operations import Changes, Operations

_Index = QModelIndex | QPersistentModelIndex
COMPLETIONS = 20

KIND_COLOURS = {
    "person": "#e3edf9",
    "organisation": "#efe6f7",
    "place": "#e4f3e6",
    "event": "#fbeedd",
    "topic": "#ececec",
}


@dataclass(frozen=True)
class Tag:
    """One tag as a chip shows it."""

    entity_id: int
    name: str
    kind: str


def remap_ids(ids: Iterable[int], moved: Mapping[int, int | None]) -> tuple[int, ...]:
    """Ids after merges (id -> target) and deletes (id -> None), in order, once each:
    what the database did to a story's tags."""
    out: list[int] = []
    for entity_id in ids:
        target = moved.get(entity_id, entity_id)
        if target is not None and target not in out:
            out.append(target)
    return tuple(out)


def set_completions(completer: QCompleter, names: list[str]) -> None:
    """Give a plain name completer (the story list's entity filter) a new list."""
    model = completer.model()
    if isinstance(model, QStringListModel):
        model.setStringList(names)
    else:
        completer.setModel(QStringListModel(names, completer))


def kind_for_new_name(name: str) -> str:
    """The kind the name-finder would give this name on its own; "topic" for a phrase
    it does not take for a name (lower-case words: "climate change")."""
    found = find_candidates(name)
    return found[0].kind if len(found) == 1 else "topic"


class EntityLookup(QObject):
    """The tag field's way to the database, through `Operations`: every call answers
    later, on the UI thread, unless its `owner` has been deleted by then. `created`
    tells the window the entity list changed (its filter completer, the suggestions).
    """

    created = Signal(int)

    def __init__(self, ops: Operations, asker: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.ops = ops
        self.asker = asker

    def search(
        self, query: str, show: Callable[[list[EntitySummary]], None], owner: QObject
    ) -> None:
        """Entities matching `query`, to `show`."""
        self.ops.query(
            lambda session: entities.search_entities(session, query, limit=COMPLETIONS),
            show,
            owner=owner,
        )

    def describe(
        self, ids: Sequence[int], show: Callable[[list[Tag]], None], owner: QObject
    ) -> None:
        """Chips for these ids, in order; ids of entities deleted meanwhile are left out."""
        wanted = list(ids)

        def look(session: Session) -> list[Tag]:
            found = entities.names_and_kinds(session, wanted)
            return [Tag(i, *found[i]) for i in wanted if i in found]

        self.ops.query(look, show, owner=owner)

    def find(self, name: str, show: Callable[[Tag | None], None], owner: QObject) -> None:
        """The entity with this name or alias, or None."""

        def look(session: Session) -> Tag | None:
            entity_id = entities.find_entity_id(session, name)
            if entity_id is None:
                return None
            record = entities.load_entity(session, entity_id)
            return Tag(record.id, record.name, record.kind)

        self.ops.query(look, show, owner=owner)

    def create(self, name: str, show: Callable[[Tag], None], owner: QObject) -> None:
        """Ask for the kind, then create the entity; nothing when cancelled, a message
        when refused."""
        kind = self.asker.entity_kind(name, kind_for_new_name(name))
        if kind is None:
            return

        def made(record: EntityRecord) -> None:
            self.created.emit(record.id)
            show(Tag(record.id, record.name, record.kind))

        self.ops.write(
            lambda session: entities.create_entity(session, kind, name),
            made,
            changes=Changes(entities=True),
            on_error=lambda exc: self.asker.error("Entity not created", str(exc)),
            owner=owner,
        )


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


class FlowLayout(QLayout):
    """Left to right, wrapping; the last item (the entry) stretches to the line's end."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insert_widget(self, index: int, widget: QWidget) -> None:
        self.addWidget(widget)  # Qt makes (and owns) the item; then move it into place
        self._items.insert(index, self._items.pop())
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        shown = [item for item in self._items if not item.isEmpty()]
        for n, item in enumerate(shown):
            hint = item.sizeHint()
            if line and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            width = hint.width()
            if n == len(shown) - 1:
                width = max(width, area.right() + 1 - x)
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class Chip(QFrame):
    """A tag: the entity's name, tinted by kind, with an × that removes it."""

    remove_requested = Signal(int)

    def __init__(self, tag: Tag, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName("chip")
        colour = KIND_COLOURS.get(tag.kind, "#ececec")
        self.setStyleSheet(
            f"QFrame#chip {{ background: {colour}; border: 1px solid #b9c0c8;"
            " border-radius: 9px; }"
            " QToolButton { border: none; padding: 0 2px; color: #555; }"
            " QToolButton:hover { color: #b00020; }"
        )
        self.setToolTip(tag.kind)
        self.label = QLabel(tag.name)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip(f"Remove the tag {tag.name}")
        self.close_button.setAccessibleName(f"Remove {tag.name}")
        self.close_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # Off the Tab chain (chips come and go; Tab goes on to the body); from the
        # keyboard, Backspace in the empty entry removes the last chip.
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(lambda: self.remove_requested.emit(tag.entity_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.close_button)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)


class TagField(QWidget):
    """Chips for the story's tags, then the entry that adds more.

    `changed` fires on user edits only (not on `set_tags`), so the form can tell an
    edit from a load. Backspace in the empty entry removes the last chip.
    """

    changed = Signal()
    described = Signal()  # the chips' names arrived from the database

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup: EntityLookup | None = None
        self._describing = 0  # newest lookup of names wins
        self.entry = EntityEntry()
        self.entry.setPlaceholderText("Add a tag: type a name or alias, Enter")
        self.entry.setMinimumWidth(220)
        self.entry.picked.connect(self.add)
        self.entry.unknown.connect(self._create)
        self.entry.installEventFilter(self)
        self.flow = FlowLayout(self)
        self.flow.addWidget(self.entry)
        self.chips: list[Chip] = []
        self.setFocusProxy(self.entry)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_lookup(self, lookup: EntityLookup) -> None:
        self.lookup = lookup
        self.entry.lookup = lookup

    # --- what the field holds -------------------------------------------------------------

    def tags(self) -> list[Tag]:
        return [chip.tag for chip in self.chips]

    def ids(self) -> tuple[int, ...]:
        return tuple(chip.tag.entity_id for chip in self.chips)

    def set_ids(self, ids: Iterable[int]) -> None:
        """Show these entities (names looked up); not a user edit."""
        ids = list(ids)
        # The ids at once (the form reads them), the names as soon as they are looked up.
        self.set_tags([Tag(i, "…", "") for i in ids])
        if self.lookup is not None and ids:
            self._describing += 1
            generation = self._describing

            def named(tags: list[Tag]) -> None:
                if generation == self._describing and list(self.ids()) == ids:
                    self.set_tags(tags)
                    self.described.emit()

            self.lookup.describe(ids, named, self)

    def set_tags(self, tags: Iterable[Tag]) -> None:
        for chip in self.chips:
            self.flow.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for tag in tags:
            self._add_chip(tag)

    def remap(self, moved: Mapping[int, int | None]) -> None:
        """Entities were merged (id -> the target) or deleted (id -> None): follow them,
        and refresh every chip's name, as the database already did. Not a user edit."""
        self.set_ids(remap_ids(self.ids(), moved))

    # --- user edits ---------------------------------------------------------------------

    def add(self, tag: Tag) -> bool:
        """Add a chip (a user edit); False when the story already has the tag."""
        if tag.entity_id in self.ids():
            return False
        self._add_chip(tag)
        self.changed.emit()
        return True

    def remove(self, entity_id: int) -> bool:
        for chip in self.chips:
            if chip.tag.entity_id == entity_id:
                self.chips.remove(chip)
                self.flow.removeWidget(chip)
                chip.deleteLater()
                self.changed.emit()
                return True
        return False

    def _add_chip(self, tag: Tag) -> None:
        chip = Chip(tag, self)
        chip.remove_requested.connect(self._remove_clicked)
        self.flow.insert_widget(len(self.chips), chip)
        self.chips.append(chip)
        chip.show()

    def _remove_clicked(self, entity_id: int) -> None:
        self.remove(entity_id)
        self.entry.setFocus()

    def _create(self, name: str) -> None:
        if self.lookup is None:
            return

        def made(tag: Tag) -> None:
            self.entry.clear()
            self.add(tag)

        self.lookup.create(name, made, self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.entry
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Backspace
            and not self.entry.text()
            and self.chips
        ):
            self.remove(self.chips[-1].tag.entity_id)
            return True
        return super().eventFilter(watched, event)
