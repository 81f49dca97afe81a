"""The filters above the story list: words, status, section, entity, publication dates.

It turns what the editor set into a `StoryFilter` and says so (`changed`); the list
does the querying. The one lookup it needs (an entity's name to its id) goes through
`Operations`, so typing a name never waits on the database on the UI thread. Days are
days of the site's calendar (its time zone, read when the filter is made), typed or
picked in `DayField`s that start empty, meaning any day; "Reset filters" clears all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from newsroom.core import entities
from newsroom.core.dates import start_of_day
from newsroom.core.listing import StoryFilter
from newsroom.core.models import Status
from newsroom.core.sections import SectionRecord
from newsroom.ui.date_field import DayField
from newsroom.ui.entity_lookup import set_completions
from newsroom.ui.operations import Operations


class FilterBar(QWidget):
    changed = Signal(object, bool)  # StoryFilter, typing (only the search words changed)

    def __init__(
        self,
        ops: Operations,
        sections: list[SectionRecord],
        entity_names: list[str],
        tz: Callable[[], ZoneInfo],
        *,
        typing_ms: int = 250,
    ) -> None:
        super().__init__()
        self.ops = ops
        self.tz = tz
        self._entity: tuple[str, int | None] = ("", None)  # the name last looked up
        self._lookup = 0  # newest entity lookup wins
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search headline, standfirst and text")
        self.search_box.setClearButtonEnabled(True)
        self.search_timer = QTimer(self, singleShot=True, interval=typing_ms)
        self.search_timer.timeout.connect(lambda: self.apply(typing=True))
        self.search_box.textChanged.connect(lambda _: self.search_timer.start())
        self.status_filter = QComboBox()
        self.status_filter.addItem("Any status", None)
        for status in Status:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.section_filter = QComboBox()
        self.set_sections(sections)
        self.entity_filter = QLineEdit()
        self.entity_filter.setPlaceholderText("Any entity (type a name)")
        self.entity_filter.setClearButtonEnabled(True)
        completer = QCompleter(entity_names, self.entity_filter)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entity_filter.setCompleter(completer)
        self.entity_error = QLabel()
        self.entity_error.setStyleSheet("color: #b00020;")
        self.entity_error.hide()
        self.date_from = DayField(tz, "date_from")
        self.date_to = DayField(tz, "date_to")
        self.date_error = QLabel()
        self.date_error.setObjectName("error_dates")
        self.date_error.setStyleSheet("color: #b00020;")
        self.date_error.setWordWrap(True)
        self.date_error.hide()
        self._date_problems: dict[str, str] = {}
        self.reset_button = QPushButton("&Reset filters")
        self.reset_button.setToolTip("Show every story: any status, section, entity, day")
        self.reset_button.setEnabled(False)
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_from, 1)
        row.addWidget(QLabel("to"))
        row.addWidget(self.date_to, 1)
        row.addWidget(self.reset_button)
        combos = QWidget()
        row2 = QHBoxLayout(combos)
        row2.setContentsMargins(0, 0, 0, 0)
        row2.addWidget(self.status_filter)
        row2.addWidget(self.section_filter)
        form.addRow("&Find", self.search_box)
        form.addRow("Show", combos)
        form.addRow("&Entity", self.entity_filter)
        form.addRow("", self.entity_error)
        form.addRow("Published", dates)
        form.addRow("", self.date_error)
        self.status_filter.currentIndexChanged.connect(self.apply)
        self.section_filter.currentIndexChanged.connect(self.apply)
        self.entity_filter.editingFinished.connect(self.apply)
        self.entity_filter.textChanged.connect(self._entity_text)
        for day in (self.date_from, self.date_to):
            day.changed.connect(self.apply)
            day.problem.connect(lambda message, name=day.field: self._date_problem(name, message))
        self.reset_button.clicked.connect(self.reset)

    def _date_problem(self, field: str, message: str) -> None:
        """What a day field refused, under the days ("" takes it back)."""
        self._date_problems[field] = message
        shown = [self._date_problems.get(name, "") for name in ("date_from", "date_to")]
        text = "\n".join(m for m in shown if m)
        self.date_error.setText(text)
        self.date_error.setVisible(bool(text))

    def reset(self) -> None:
        """Every filter back to "any" and the search emptied: one new list, not one per
        filter cleared."""
        widgets = (self.search_box, self.status_filter, self.section_filter, self.entity_filter)
        for widget in (*widgets, self.date_from, self.date_to):
            widget.blockSignals(True)
        try:
            self.search_box.clear()
            self.status_filter.setCurrentIndex(0)
            self.section_filter.setCurrentIndex(0)
            self.entity_filter.clear()
            self.date_from.clear()
            self.date_to.clear()
        finally:
            for widget in (*widgets, self.date_from, self.date_to):
                widget.blockSignals(False)
        self.search_timer.stop()
        self.entity_error.hide()
        for name in ("date_from", "date_to"):
            self._date_problem(name, "")
        self.apply()

    def is_reset(self) -> bool:
        """Nothing filtered: what "Reset filters" gives."""
        return (
            not self.search_box.text()
            and self.status_filter.currentIndex() == 0
            and self.section_filter.currentIndex() == 0
            and not self.entity_filter.text().strip()
            and self.date_from.day() is None
            and self.date_to.day() is None
        )

    def set_sections(self, sections: list[SectionRecord]) -> None:
        current = self.section_filter.currentData()
        self.section_filter.blockSignals(True)
        self.section_filter.clear()
        self.section_filter.addItem("Any section", None)
        for s in sections:
            self.section_filter.addItem(s.name, s.id)
        self.section_filter.setCurrentIndex(max(0, self.section_filter.findData(current)))
        self.section_filter.blockSignals(False)

    def set_entity_names(self, names: list[str]) -> None:
        set_completions(self.entity_filter.completer(), names)
        self._entity = ("", None)  # names may have moved: look the typed one up again

    def current(self, entity_id: int | None = None) -> StoryFilter:
        """The filter as set now; `entity_id` for the name typed (looked up already)."""
        name = self.entity_filter.text().strip()
        status = self.status_filter.currentData()
        tz = self.tz()
        first, last = self.date_from.day(), self.date_to.day()
        return StoryFilter(
            text=self.search_box.text(),
            statuses=frozenset({status}) if status else frozenset(),
            section_id=self.section_filter.currentData(),
            entity_id=entity_id if entity_id is not None else (-1 if name else None),
            published_from=start_of_day(first, tz) if first is not None else None,
            # The "to" day is included: up to the start of the day after it.
            published_to=start_of_day(last + timedelta(days=1), tz) if last is not None else None,
        )

    def _entity_text(self, text: str) -> None:
        if not text:  # cleared: every entity again (a name typed applies when done)
            self.apply()

    def apply(self, *_: object, typing: bool = False) -> None:
        """Tell the list the filter changed, once the entity's name is looked up."""
        self.reset_button.setEnabled(not self.is_reset())
        name = self.entity_filter.text().strip()
        if not name:
            self.entity_error.hide()
            self.changed.emit(self.current(), typing)
            return
        if self._entity[0] == name:
            self.changed.emit(self.current(self._entity[1]), typing)
            return
        self._lookup += 1
        lookup = self._lookup

        def found(entity_id: int | None) -> None:
            if lookup != self._lookup:
                return  # the editor typed on
            self._entity = (name, entity_id)
            self.entity_error.setVisible(entity_id is None)
            self.entity_error.setText(f"no entity called {name!r}")
            self.changed.emit(self.current(entity_id), typing)

        self.ops.query(lambda session: entities.find_entity_id(session, name), found, owner=self)
