"""Date fields: typed text read by core's date rules, with a calendar pop-up.

`DateField` is the story form's date and time (publication, embargo); `DayField` is a
day of the story list's filters, empty for "any". Both are line edits rather than Qt's
date editors, which "fix" what they can not hold and type over only the section under
the cursor; both share the calendar pop-up (`CalendarPopup`). The rules they apply
live in `newsroom.core.dates`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    parse_day,
    reading_note,
    whole_minute,
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
        self._tip(tz)
        self.pick = _pick_button()
        self.calendar_popup = CalendarPopup(self.edit, self.pick, self._calendar_day)
        self.calendar = self.calendar_popup.calendar
        self.popup = self.calendar_popup.menu
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
        self.calendar_popup.picked.connect(self._picked)

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
        self._tip(tz)
        if readable and value is not None:
            self.edit.setText(format_wall(value, tz))
            self._show_note(value)  # which of two times it is depends on the clocks

    def _tip(self, tz: ZoneInfo) -> None:
        self.edit.setToolTip(
            f"A date and time on the site's clocks ({tz.key}), e.g. 2017-07-15 09:30. "
            "Alt+Down opens the calendar."
        )

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

    def _enable(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.pick.setEnabled(on)
        self.setFocusProxy(self.edit if on else self.enabled)

    def _ticked(self, on: bool) -> None:
        """Ticked by the editor: start from now, selected so typing replaces it."""
        if on and not self.edit.text().strip():
            now = whole_minute(datetime.now(UTC))
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
        self.calendar_popup.open()

    def _calendar_day(self) -> date:
        """Where the calendar opens: the day typed, else today on the site's clocks."""
        return _typed_day(self.edit.text()) or datetime.now(self.tz).date()

    def _picked(self, day: date) -> None:
        """The day from the calendar, keeping the time of day already typed."""
        clock = _TYPED_CLOCK.search(self.edit.text())
        text = day.isoformat()
        text += f" {clock.group(1)}" if clock else " 00:00"
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


def _pick_button() -> QToolButton:
    pick = QToolButton()
    pick.setText("▾")
    pick.setToolTip("Choose the day from a calendar (Alt+Down)")
    pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
    return pick


class CalendarPopup(QObject):
    """A calendar that drops down under a line edit: from `button`, or Alt+Down or F4
    in the text, as in a date picker (the window's Alt+Down, next story, gives way
    while the text has the focus). It opens on the day `start()` gives and says which
    day was picked (`picked`, a `date`); the field decides what that day means."""

    picked = Signal(object)  # datetime.date

    def __init__(self, edit: QLineEdit, button: QToolButton, start: Callable[[], date]) -> None:
        super().__init__(edit)
        self.edit = edit
        self.start = start
        self.calendar = QCalendarWidget()
        self.calendar.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
        self.calendar.setMaximumDate(QDate(LAST_YEAR, 12, 31))
        self.menu = QMenu(edit)
        holder = QWidgetAction(self.menu)
        holder.setDefaultWidget(self.calendar)
        self.menu.addAction(holder)
        self.menu.aboutToHide.connect(lambda: edit.setFocus(Qt.FocusReason.PopupFocusReason))
        edit.installEventFilter(self)
        button.clicked.connect(self.open)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)

    def open(self) -> None:
        if not self.edit.isEnabled():
            return
        day = self.start()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            assert isinstance(event, QKeyEvent)
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if (event.key() == Qt.Key.Key_Down and alt) or event.key() == Qt.Key.Key_F4:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.open()
                return True
        return super().eventFilter(watched, event)

    def _picked(self, day: QDate) -> None:
        self.menu.close()
        self.picked.emit(date(day.year(), day.month(), day.day()))


class DayField(QWidget):
    """A day of the story list's filters, typed ("2017-07-14") or picked; empty is
    "any day" (the placeholder says so), and the clear button goes back to it.

    `day()` is the last day the text read as: text that is no day (`dates.parse_day`)
    is reported by `problem` and leaves the filter as it was, so the list never shows
    a filter the editor did not ask for. The day is read when the editor presses Enter
    or leaves the field, as soon as a whole YYYY-MM-DD is typed, on a pick from the
    calendar and when the text is cleared; `changed` says the day is a new one.
    """

    changed = Signal()
    problem = Signal(str)  # the message for what was typed; "" when it reads fine

    def __init__(self, tz: Callable[[], ZoneInfo], field: str, placeholder: str = "any") -> None:
        super().__init__()
        self.tz = tz
        self.field = field
        self._day: date | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(
            "A day, e.g. 2017-07-14, on the site's clocks; empty for any day. "
            "Alt+Down opens the calendar."
        )
        self.pick = _pick_button()
        self.calendar_popup = CalendarPopup(self.edit, self.pick, self._calendar_day)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self.check)
        self.edit.textChanged.connect(self._text_changed)
        self.calendar_popup.picked.connect(lambda day: self.set_text(day.isoformat()))

    def day(self) -> date | None:
        return self._day

    def set_text(self, text: str) -> None:
        """Put `text` in the field and read it, as if typed and Enter pressed."""
        self.edit.setText(text)
        self.check()

    def clear(self) -> None:
        """Back to any day."""
        self.set_text("")

    def check(self) -> None:
        """Read the text: a new day (or none) is `changed`; no day is a `problem`."""
        text = self.edit.text()
        try:
            day = parse_day(text, self.field) if text.strip() else None
        except ValidationError as exc:
            self.problem.emit(exc.message)
            return
        self.problem.emit("")
        if day is not None and text != day.isoformat():
            self.edit.setText(day.isoformat())  # "2017-7-4" shown as it is read
        if day != self._day:
            self._day = day
            self.changed.emit()

    def _text_changed(self, text: str) -> None:
        """Cleared (the clear button, or every character deleted): any day, at once;
        a whole day typed: that day, without waiting for Enter."""
        if not text.strip() or _WHOLE_DAY.match(text):
            self.check()

    def _calendar_day(self) -> date:
        """The calendar opens on the day typed, else on today on the site's clocks."""
        return _typed_day(self.edit.text()) or datetime.now(self.tz()).date()


_WHOLE_DAY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
