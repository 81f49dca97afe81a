"""The story form's tag field: entity chips and an entry that completes entity names
(`entity_entry.EntityEntry`).

The field holds tags as (entity id, name, kind); `ids()` is what a save writes. It
never opens a session itself: an `EntityLookup` (given by the window, see
`entity_lookup`) does the reading, searching and creating.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from newsroom.ui.entity_entry import EntityEntry
from newsroom.ui.entity_lookup import EntityLookup, Tag, remap_ids

KIND_COLOURS = {
    "person": "#e3edf9",
    "organisation": "#efe6f7",
    "place": "#e4f3e6",
    "event": "#fbeedd",
    "topic": "#ececec",
}


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
