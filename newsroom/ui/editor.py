"""The story form: every field of a story, plus the Markdown body.

The form displays and collects; it owns no data and never touches the database.
`content()` returns what the editor typed as an `ArticleInput`; `show_error()` puts a
service's ValidationError beside the field it names. The tag field looks entity names
up through the `EntityLookup` the window gives it (`tags.set_lookup`); the lead image
field and the strip of the body's pictures get theirs from the window's `Thumbnails`
(`set_thumbnails`).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from newsroom.core.articles import ArticleInput
from newsroom.core.models import Status
from newsroom.core.sections import SectionRecord
from newsroom.core.slugs import slug_from
from newsroom.core.storyfields import STORY_FIELDS
from newsroom.text.morenews import without_links
from newsroom.ui.body_edit import BodyEdit
from newsroom.ui.body_images import BodyImages
from newsroom.ui.date_field import DateField
from newsroom.ui.highlighter import SpellingHighlighter
from newsroom.ui.lead_image import LeadImageField
from newsroom.ui.spell_check import SpellCheck
from newsroom.ui.spell_menu import LineSpelling, Misspelling, SpellingMenus, step_misspelling
from newsroom.ui.tags import TagField
from newsroom.ui.thumbnails import Thumbnails

# The form's widget (and error label) of a story field or a service's error, where its
# name is not the field's own.
_WIDGETS = {
    "section_id": "section",
    "entity_ids": "tags",
    "entities": "tags",
    "lead_image_id": "lead_image",
}


class StoryEditor(QWidget):
    """Emits `changed` on every user edit (not on `set_content`)."""

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
        self.published_at = DateField("Publish at", tz, "published_at")
        self.embargo_until = DateField("Embargo until", tz, "embargo_until")
        self.tags = TagField()
        self.lead_image = LeadImageField()
        self.body = BodyEdit()
        self.body.setPlaceholderText(
            "Write the story in Markdown. Blank lines separate paragraphs."
        )
        body_font = QFont("DejaVu Sans Mono")
        body_font.setStyleHint(QFont.StyleHint.Monospace)
        self.body.setFont(body_font)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Spelling: underlined in headline, standfirst and body; menus on each.
        self.spelling = SpellCheck(self)
        self.highlighter = SpellingHighlighter(self.body.document(), self.spelling)
        self.standfirst_highlighter = SpellingHighlighter(
            self.standfirst.document(), self.spelling, markdown=False
        )
        self.headline_spelling = LineSpelling(self.headline, self.spelling)
        self.spelling_menus = SpellingMenus(
            self, [self.headline, self.standfirst, self.body], self.spelling
        )
        self.highlighter.follow_cursor(self.body)
        self.standfirst_highlighter.follow_cursor(self.standfirst)
        self.spelling.changed.connect(self.highlighter.rehighlight)
        self.spelling.changed.connect(self.standfirst_highlighter.rehighlight)
        self.set_sections(sections)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for item in STORY_FIELDS:  # every field but the body, which is below the form
            if item.kind != "body":
                name = _WIDGETS.get(item.name, item.name)
                form.addRow(item.label, self._with_error(name, getattr(self, name)))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._with_error("body", self.body), 1)
        self.body_images = BodyImages(self.body)
        layout.addWidget(self.body_images)

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
        self.lead_image.changed.connect(self._user_changed)

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

    def set_time_zone(self, tz: ZoneInfo) -> None:
        """Dates are typed and shown on the site's clocks (read from its settings)."""
        self.tz = tz
        self.published_at.set_time_zone(tz)
        self.embargo_until.set_time_zone(tz)

    def set_thumbnails(self, thumbnails: Thumbnails) -> None:
        """Where the lead image field and the body's strip get their pictures."""
        self.lead_image.set_thumbnails(thumbnails)
        self.body_images.set_thumbnails(thumbnails)

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
            self.lead_image.set_value(data.lead_image_id)
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
            lead_image_id=self.lead_image.value(),
        )

    # --- errors -------------------------------------------------------------------------

    def show_error(self, field: str, message: str) -> None:
        name = _WIDGETS.get(field, field)
        label = self.errors.get(name, self.errors["headline"])
        label.setText(message)
        label.show()
        widget = getattr(self, name, None)
        if isinstance(widget, QWidget):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def tidy_dates(self) -> None:
        """Before a save: each date shown as it will be saved, with its note (which of
        two times it is), as leaving the field would; the form is not reloaded after."""
        for field in (self.published_at, self.embargo_until):
            field.check()

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

    def next_misspelling(self) -> Misspelling | None:
        """F7: select the next misspelt word after the cursor (headline, standfirst,
        body, round again); None when there is none."""
        if not self.isEnabled():
            return None
        fields: list[QLineEdit | QPlainTextEdit] = [self.headline, self.standfirst, self.body]
        return step_misspelling(fields, self.spelling, self.focusWidget())

    def word_count(self) -> int:
        """Words of the story itself: a More-news line is a link to another story,
        not words of this one (issue 14)."""
        return len(without_links(self.body.toPlainText()).split())

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
