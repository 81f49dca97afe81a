"""The story form: every field of a story, plus the Markdown body.

The form displays and collects; it owns no data and never touches the database.
`content()` returns what the editor typed as an `ArticleInput`; `show_error()` puts a
service's ValidationError beside the field it names. The tag field looks entity names
up through the `EntityLookup` the window gives it (`tags.set_lookup`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from newsroom.core.articles import ArticleInput
from newsroom.core.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    ambiguity,
    format_wall,
    parse_datetime,
    reading_note,
)
from newsroom.core.errors import ValidationError
from newsroom.core.models import Status
from newsroom.core.sections import SectionRecord
from newsroom.core.slugs import slug_from
from newsroom.ui.highlighter import MarkdownHighlighter
from newsroom.ui.tags import TagField

FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "byline",
    "section",
    "dateline",
    "status",
    "published_at",
    "embargo_until",
    "tags",
    "body",
)


class _DateField(QWidget):
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
            self.problem.emit(exc.message)
            return
        self.problem.emit("")
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
        self.problem.emit("")
        self.changed.emit()

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


class StoryEditor(QWidget):
    """Emits `changed` on every user edit; `edited` tells whether it differs from loaded."""

    changed = Signal()

    def __init__(self, sections: list[SectionRecord], tz: ZoneInfo) -> None:
        super().__init__()
        self.tz = tz
        self._entity_ids: tuple[int, ...] | None = None
        self._loading = False
        self.slug_follows = True

        self.headline = QLineEdit()
        self.headline.setPlaceholderText("Headline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.headline.setFont(font)
        self.slug = QLineEdit()
        self.slug.setPlaceholderText("made from the headline")
        self.standfirst = QPlainTextEdit()
        self.standfirst.setPlaceholderText(
            "Standfirst: the one or two sentences under the headline"
        )
        self.standfirst.setFixedHeight(self.standfirst.fontMetrics().lineSpacing() * 3 + 12)
        self.byline = QLineEdit()
        self.section = QComboBox()
        self.dateline = QLineEdit()
        self.dateline.setPlaceholderText("e.g. Geneva")
        self.status = QComboBox()
        for status in Status:
            self.status.addItem(status.value.capitalize(), status.value)
        self.published_at = _DateField("Publish at", tz, "published_at")
        self.embargo_until = _DateField("Embargo until", tz, "embargo_until")
        self.tags = TagField()
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText(
            "Write the story in Markdown. Blank lines separate paragraphs."
        )
        body_font = QFont("DejaVu Sans Mono")
        body_font.setStyleHint(QFont.StyleHint.Monospace)
        self.body.setFont(body_font)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = MarkdownHighlighter(self.body.document())
        self.set_sections(sections)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = [
            ("headline", "&Headline", self.headline),
            ("slug", "S&lug", self.slug),
            ("standfirst", "Stand&first", self.standfirst),
            ("byline", "&Byline", self.byline),
            ("section", "Se&ction", self.section),
            ("dateline", "&Dateline", self.dateline),
            ("status", "S&tatus", self.status),
            ("published_at", "Publication", self.published_at),
            ("embargo_until", "Embargo", self.embargo_until),
            ("tags", "Ta&gs", self.tags),
        ]
        for name, label, widget in rows:
            form.addRow(label, self._with_error(name, widget))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._with_error("body", self.body), 1)

        for line in (self.headline, self.byline, self.dateline):
            line.textEdited.connect(self._user_changed)
        self.slug.textEdited.connect(self._slug_edited)
        self.headline.textEdited.connect(self._headline_edited)
        for text in (self.standfirst, self.body):
            text.textChanged.connect(self._user_changed)
        self.section.currentIndexChanged.connect(self._user_changed)
        self.status.currentIndexChanged.connect(self._user_changed)
        for field in (self.published_at, self.embargo_until):
            field.changed.connect(self._user_changed)
            field.problem.connect(lambda message, name=field.field: self._mark(name, message))
        self.tags.changed.connect(self._user_changed)

    def _with_error(self, name: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget, 1)
        label = QLabel()
        label.setObjectName(f"error_{name}")
        label.setStyleSheet("color: #b00020;")
        label.setWordWrap(True)
        label.hide()
        layout.addWidget(label)
        self.errors[name] = label
        return box

    # --- content ------------------------------------------------------------------------

    def set_sections(self, sections: list[SectionRecord]) -> None:
        current = self.section.currentData()
        self.section.blockSignals(True)
        self.section.clear()
        self.section.addItem("(no section)", None)
        for s in sections:
            self.section.addItem(s.name, s.id)
        self.section.setCurrentIndex(max(0, self.section.findData(current)))
        self.section.blockSignals(False)

    def set_content(self, data: ArticleInput, *, slug_follows: bool) -> None:
        """Show a story; clears undo history so undo can not step into another story."""
        self._loading = True
        try:
            self.slug_follows = slug_follows
            self.headline.setText(data.headline)
            self.headline.setCursorPosition(0)
            self.slug.setText(data.slug or (slug_from(data.headline) if data.headline else ""))
            self.standfirst.setPlainText(data.standfirst)
            self.byline.setText(data.byline)
            self.section.setCurrentIndex(max(0, self.section.findData(data.section_id)))
            self.dateline.setText(data.dateline)
            self.status.setCurrentIndex(max(0, self.status.findData(data.status)))
            self.published_at.set_value(data.published_at)
            self.embargo_until.set_value(data.embargo_until)
            self.body.setPlainText(data.body)
            self._entity_ids = data.entity_ids
            self.tags.set_ids(data.entity_ids or ())
        finally:
            self._loading = False
        self.clear_errors()

    def content(self, *, new: bool = False) -> ArticleInput:
        """What the form holds now. For a new story whose slug follows the headline, the
        slug is left to the service (which makes it unique)."""
        slug: str | None = self.slug.text().strip()
        if new and self.slug_follows:
            slug = None
        # No chips on a story loaded without a tag list stays "no tag list" (None), so
        # an untouched new story does not count as edited.
        tags = self.tags.ids()
        entity_ids = tags if tags or self._entity_ids is not None else None
        return ArticleInput(
            headline=self.headline.text(),
            slug=slug,
            standfirst=self.standfirst.toPlainText(),
            body=self.body.toPlainText(),
            byline=self.byline.text(),
            section_id=self.section.currentData(),
            dateline=self.dateline.text(),
            status=self.status.currentData(),
            published_at=self.published_at.current(),
            embargo_until=self.embargo_until.current(),
            entity_ids=entity_ids,
        )

    # --- errors -------------------------------------------------------------------------

    def show_error(self, field: str, message: str) -> None:
        name = {"section_id": "section", "entities": "tags"}.get(field, field)
        label = self.errors.get(name, self.errors["headline"])
        label.setText(message)
        label.show()
        widget = getattr(self, name, None)
        if isinstance(widget, QWidget):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def check_dates(self) -> None:
        """Raise the ValidationError of the first date field whose text can not be read
        (`content()` holds its last good value meanwhile, so a save must ask first)."""
        for field in (self.published_at, self.embargo_until):
            field.value()

    def unreadable_dates(self) -> bool:
        """A date field holds text that is no date: the form is edited, whatever
        `content()` says."""
        return self.published_at.unreadable() or self.embargo_until.unreadable()

    def _mark(self, name: str, message: str) -> None:
        """A problem found while typing, beside its field; focus stays where it went."""
        label = self.errors[name]
        label.setText(message)
        label.setVisible(bool(message))

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.clear()

    def word_count(self) -> int:
        return len(self.body.toPlainText().split())

    # --- reactions ----------------------------------------------------------------------

    def _user_changed(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _headline_edited(self, text: str) -> None:
        if self.slug_follows:
            self.slug.setText(slug_from(text) if text.strip() else "")
        self._user_changed()

    def _slug_edited(self, text: str) -> None:
        # Typing in the slug takes it over; clearing it hands it back to the headline.
        self.slug_follows = not text.strip()
        if self.slug_follows:
            self.slug.setText(slug_from(self.headline.text()) if self.headline.text() else "")
        self._user_changed()
