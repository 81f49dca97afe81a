"""The story form's date fields: typed text read by core's date rules, with a calendar.

Kept apart from the form (editor.py) because it is a widget with its own keyboard and
pop-up behaviour; the rules it applies live in `newsroom.core.dates`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from newsroom.core.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    ambiguity,
    format_wall,
    parse_datetime,
    reading_note,
)
from newsroom.core.errors import ValidationError


class DateField(QWidget):
    """An optional date-time on the site's clocks: a checkbox, the date typed as text
    ("2017-07-15 09:30") or picked from a calendar pop-up (the button, Alt+Down or F4).

    A line edit rather than a QDateTimeEdit: Qt's editor "fixes" what it can not hold
    (2017-02-30 became 2017-02-03, 02:30 on a spring-forward night 03:30) where the
    editor must be told. The text is read by `dates.parse_datetime`, the same rules as
    the command line and the import; what it refuses, `problem` reports (the form shows
    it beside the field) and a save refuses (`StoryEditor.check_dates`).
    """

    changed = Signal()
    problem = Signal(str)  # the message for what was typed; "" when it reads fine

    def __init__(self, label: str, tz: ZoneInfo, field: str) -> None:
        super().__init__()
        self.tz = tz
        self.field = field
        self._loaded: datetime | None = None
        self._complaining = False  # `problem` last reported a message of ours
        self.enabled = QCheckBox(label)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("YYYY-MM-DD HH:MM")
        self.edit.setToolTip(
            f"A date and time on the site's clocks ({tz.key}), e.g. 2017-07-15 09:30. "
            "Alt+Down opens the calendar."
        )
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setToolTip("Choose the day from a calendar (Alt+Down)")
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from date to date
        self.calendar = QCalendarWidget()
        self.calendar.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
        self.calendar.setMaximumDate(QDate(LAST_YEAR, 12, 31))
        self.popup = QMenu(self)
        holder = QWidgetAction(self.popup)
        holder.setDefaultWidget(self.calendar)
        self.popup.addAction(holder)
        self.popup.aboutToHide.connect(lambda: self.edit.setFocus(Qt.FocusReason.PopupFocusReason))
        self.edit.installEventFilter(self)
        self.zone = QLabel(tz.key)
        self.zone.setToolTip("the site's time zone (Site settings)")
        self.note = QLabel()
        self.note.setObjectName(f"note_{field}")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        self.note.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        row.addWidget(self.zone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self._enable(False)
        self.enabled.toggled.connect(self._enable)
        self.enabled.clicked.connect(self._ticked)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self.check)
        self.pick.clicked.connect(self.show_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)

    # --- value ---------------------------------------------------------------------------

    def set_value(self, value: datetime | None) -> None:
        self._loaded = value
        self.edit.setText(format_wall(value, self.tz) if value is not None else "")
        self.enabled.setChecked(value is not None)
        self._show_note(value)

    def set_time_zone(self, tz: ZoneInfo) -> None:
        """The site's clocks changed: the same moment, shown on the new clocks (text that
        is no date yet stays as typed)."""
        try:
            value = self.value()
        except ValidationError:
            value = None
            readable = False
        else:
            readable = True
        self.tz = tz
        self.zone.setText(tz.key)
        if readable and value is not None:
            self.edit.setText(format_wall(value, tz))

    def value(self) -> datetime | None:
        """The moment typed (UTC), None when unticked; ValidationError naming this field
        for text that is no date the site's clocks show."""
        if not self.enabled.isChecked():
            return None
        return parse_datetime(self.edit.text(), self.tz, self.field)

    def current(self) -> datetime | None:
        """`value()`, or the value last loaded while the text can not be read: for
        "is the form edited?" and recovery, which must not fail on half-typed text."""
        try:
            return self.value()
        except ValidationError:
            return self._loaded

    def unreadable(self) -> bool:
        try:
            self.value()
        except ValidationError:
            return True
        return False

    def check(self) -> None:
        """Read what was typed: report a problem, or show it as it will be saved (and
        which of two times it is on a night the clocks go back)."""
        try:
            value = self.value()
        except ValidationError as exc:
            self._show_note(None)
            self._complain(exc.message)
            return
        self._complain("")
        if value is None:
            return
        note = reading_note(self.edit.text(), self.tz)
        text = format_wall(value, self.tz)
        if text != self.edit.text():
            self.edit.setText(text)  # the same moment, written the way it is shown
        self._show_note(value, note)

    # --- reactions -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+Down and F4 in the text open the calendar, as in a date picker; the
        window's Alt+Down (next story) gives way while the date has the focus."""
        if watched is self.edit and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            assert isinstance(event, QKeyEvent)
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if (event.key() == Qt.Key.Key_Down and alt) or event.key() == Qt.Key.Key_F4:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.show_calendar()
                return True
        return super().eventFilter(watched, event)

    def _enable(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.pick.setEnabled(on)
        self.setFocusProxy(self.edit if on else self.enabled)

    def _ticked(self, on: bool) -> None:
        """Ticked by the editor: start from now, selected so typing replaces it."""
        if on and not self.edit.text().strip():
            now = datetime.now(UTC).replace(second=0, microsecond=0)
            self.edit.setText(format_wall(now, self.tz))
        if on:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.edit.selectAll()
        self._complain("")
        self.changed.emit()

    def _complain(self, message: str) -> None:
        """Report a problem with the text, or take back our own report; a save's
        message (say, the embargo rule) stays until the next save."""
        if message or self._complaining:
            self.problem.emit(message)
        self._complaining = bool(message)

    def _typed(self, _: str) -> None:
        self.note.hide()
        self.changed.emit()

    def show_calendar(self) -> None:
        if not self.edit.isEnabled():
            return
        day = _typed_day(self.edit.text()) or datetime.now(self.tz).date()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.popup.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, day: QDate) -> None:
        """The day from the calendar, keeping the time of day already typed."""
        clock = _TYPED_CLOCK.search(self.edit.text())
        text = f"{day.year():04d}-{day.month():02d}-{day.day():02d}"
        text += f" {clock.group(1)}" if clock else " 00:00"
        self.popup.close()
        self.edit.setText(text)
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.changed.emit()
        self.check()

    def _show_note(self, value: datetime | None, note: str | None = None) -> None:
        """A note under the field when its time happens twice that day (clocks going
        back): which of the two it is, and how to type the other."""
        note = note or (ambiguity(value.astimezone(self.tz), self.tz) if value else None)
        self.note.setText(note or "")
        self.note.setVisible(bool(note))


_TYPED_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_TYPED_CLOCK = re.compile(r"[T ]\s*(\d{1,2}:\d{2})")


def _typed_day(text: str) -> date | None:
    match = _TYPED_DAY.match(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
