"""Dialogs: conflict, restore, site settings, recovery, new entity, and the
`Asker`.

Questions that block a flow (conflict on save, unsaved changes, recovered edits, what
to restore of a revision, the kind of a new entity, your byline) go through an `Asker`, so tests can
answer them without leaving modal dialogs open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from newsroom.core.articles import ArticleInput, ArticleRecord
from newsroom.core.errors import NewsroomError, ValidationError
from newsroom.core.models import EntityKind
from newsroom.core.recovery import RecoveredEdit
from newsroom.core.revisions import publishing_differences
from newsroom.core.settings import SiteSettings
from newsroom.core.storyfields import story_field
from newsroom.ui.byline import BylineDialog
from newsroom.ui.history import COMPARING, Latest, story_diff
from newsroom.ui.history import HistoryDialog as HistoryDialog  # the window imports it here

ConflictChoice = Literal["mine", "theirs", "cancel"]
UnsavedChoice = Literal["save", "discard", "cancel"]


@dataclass(frozen=True)
class RecoverAnswer:
    """What the editor chose for the unsaved edits offered: the key of the one to open
    now (None: none), and the keys to throw away. Every other edit stays on disk."""

    restore: str | None = None
    discard: frozenset[str] = frozenset()


RestoreChoice = Literal["text", "all", "cancel"]
"""Restore a revision's text only, its text and publishing, or nothing."""


def publishing_lines(old: ArticleInput, current: ArticleInput, tz: tzinfo) -> list[str]:
    """What restoring `old` with its publishing would change, one line per field:
    "Status: draft (now published)". Empty when the publishing is the same."""

    def shown(value: object) -> str:
        if value is None or value == "":
            return "none"
        if isinstance(value, datetime):
            return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        return str(value)

    return [
        f"{story_field(name).title}: {shown(getattr(old, name))} "
        f"(now {shown(getattr(current, name))})"
        for name in publishing_differences(old, current)
    ]


class ConflictDialog(QDialog):
    """Another writer saved this story first: keep mine, take theirs, or compare."""

    diff_shown = Signal()

    def __init__(self, mine: ArticleInput, theirs: ArticleRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("This story was changed by someone else")
        self.choice: ConflictChoice = "cancel"
        text = QLabel(
            f"<b>{theirs.headline}</b> was saved by another writer (now version "
            f"{theirs.version}) while you were editing it. Nothing has been overwritten."
        )
        text.setWordWrap(True)
        self.mine, self.theirs = mine, theirs
        self.diff = QTextBrowser()
        self.diff.hide()
        self.diffs: Latest[str] = Latest(self)
        buttons = QDialogButtonBox()
        self.keep_mine = buttons.addButton("Keep mine", QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_theirs = buttons.addButton(
            "Take theirs", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.compare = buttons.addButton(
            "Compare side by side", QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.keep_mine.clicked.connect(lambda: self._choose("mine"))
        self.take_theirs.clicked.connect(lambda: self._choose("theirs"))
        self.compare.clicked.connect(self._show_diff)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.diff, 1)
        layout.addWidget(buttons)

    def _show_diff(self) -> None:
        """Their saved text against mine, word by word, worked out off the UI thread."""
        self.diff.setHtml(COMPARING)
        self.diff.show()
        self.resize(max(self.width(), 1000), max(self.height(), 600))
        mine, theirs = self.mine, self.theirs
        self.diffs.run(
            lambda: story_diff(theirs, mine, "theirs", "yours"),
            self._diff_ready,
            lambda error: self.diff.setPlainText(str(error)),
        )

    def _diff_ready(self, html: str) -> None:
        self.diff.setHtml(html)
        self.diff_shown.emit()

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()


class Asker:
    """Asks the user with real dialogs. Tests pass an object with the same methods."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def conflict(self, mine: ArticleInput, theirs: ArticleRecord) -> ConflictChoice:
        dialog = ConflictDialog(mine, theirs, self.parent)
        dialog.exec()
        return dialog.choice

    def unsaved(self, headline: str) -> UnsavedChoice:
        answer = QMessageBox.question(
            self.parent,
            "Unsaved changes",
            f"Save your changes to “{headline or 'the new story'}”?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    def recover(self, edits: list[RecoveredEdit]) -> RecoverAnswer:
        """Every unsaved edit left behind (oldest first): which to restore, which to
        discard; see `RecoveryDialog`."""
        dialog = RecoveryDialog(edits, self.parent)
        dialog.exec()
        return dialog.answer()

    def restore(self, version: int, publishing: list[str]) -> RestoreChoice:
        """Restore version `version`? `publishing` lists how its status, dates and
        address differ from now (see `publishing_lines`); empty when they do not."""
        dialog = RestoreDialog(version, publishing, self.parent)
        dialog.exec()
        return dialog.choice()

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def entity_kind(self, name: str, guess: str) -> str | None:
        """Offer to create an entity for a name that has none: its kind, or None."""
        dialog = NewEntityDialog(name, guess, self.parent)
        return dialog.kind() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def byline(self, current: str, *, first: bool) -> str | None:
        """The user's byline (`current` prefilled), or None: not now (`first`, the
        question on a first save) or cancelled."""
        dialog = BylineDialog(current, first=first, parent=self.parent)
        dialog.exec()
        return dialog.answer


class NewEntityDialog(QDialog):
    """ "X" is not an entity yet: create it, as which kind? (The kind is all we need
    to ask; aliases and a description can wait for the entity manager.)"""

    def __init__(self, name: str, guess: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New entity")
        text = QLabel(f"“{name}” is not an entity yet. Create it as:")
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        self.kinds = QComboBox()
        for kind in EntityKind:
            self.kinds.addItem(kind.value.capitalize(), kind.value)
        self.kinds.setCurrentIndex(max(0, self.kinds.findData(guess)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create and tag")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.kinds)
        layout.addWidget(buttons)

    def kind(self) -> str:
        return str(self.kinds.currentData())


def describe_edit(edit: RecoveredEdit) -> str:
    """One line for a recovered edit: its headline, which story, since when."""
    headline = edit.content.headline.strip() or "(no headline)"
    story = f"story {edit.article_id}" if edit.article_id is not None else "new story"
    when = edit.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"{headline} — {story}, unsaved since {when}"


class RecoveryDialog(QDialog):
    """Every unsaved edit a crash left behind, newest first: restore one into the editor
    (the others are offered again once it is saved or discarded), discard the ones the
    editor no longer wants, or keep them all for later. Nothing goes unless asked."""

    def __init__(self, edits: list[RecoveredEdit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.discarded: set[str] = set()
        self._restore: str | None = None
        count = "an edit" if len(edits) == 1 else f"{len(edits)} edits"
        text = QLabel(
            f"Newsroom was closed without saving {count}. Restore one into the editor "
            "now; the others stay here until you restore or discard them."
        )
        text.setWordWrap(True)
        self.list = QListWidget()
        for edit in reversed(edits):
            item = QListWidgetItem(describe_edit(edit))
            item.setData(Qt.ItemDataRole.UserRole, edit.key)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setDefault(True)
        self.discard_button = buttons.addButton(
            "Discard", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.later_button = buttons.addButton(
            "Keep for later", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.restore_button.clicked.connect(self._restore_selected)
        self.discard_button.clicked.connect(self._discard_selected)
        self.later_button.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self._restore_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _restore_selected(self) -> None:
        key = self._selected()
        if key is not None:
            self._restore = key
            self.accept()

    def _discard_selected(self) -> None:
        """The selected edit goes (the click is the editor's say-so); the rest stay."""
        key = self._selected()
        if key is None:
            return
        self.discarded.add(key)
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.accept()

    def answer(self) -> RecoverAnswer:
        return RecoverAnswer(self._restore, frozenset(self.discarded))


class RestoreDialog(QDialog):
    """Restore a revision: always its text; its publishing only when ticked, so an old
    draft of a published story does not unpublish, re-date or move it by surprise."""

    def __init__(self, version: int, publishing: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Restore version {version}")
        text = QLabel(
            f"Restore the text of version {version} (headline, standfirst, body, byline, "
            "dateline and section) as a new version? The current version stays in the "
            "history. Tags are not changed."
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        self.publishing = QCheckBox(
            f"Also restore the publishing of version {version}, which differs from now:"
        )
        self.publishing.setChecked(False)
        self.publishing_details = QLabel("\n".join(f"• {line}" for line in publishing))
        self.publishing_details.setTextFormat(Qt.TextFormat.PlainText)
        self.publishing_details.setContentsMargins(24, 0, 0, 0)
        same = QLabel("Its status, dates and address are the same as now.")
        for widget in (self.publishing, self.publishing_details, same):
            layout.addWidget(widget)
        self.publishing.setVisible(bool(publishing))
        self.publishing_details.setVisible(bool(publishing))
        same.setVisible(not publishing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> RestoreChoice:
        if self.result() != QDialog.DialogCode.Accepted:
            return "cancel"
        return "all" if self.publishing.isChecked() else "text"


class SettingsDialog(QDialog):
    """Site name, base URL, locale, time zone, site folder; errors shown beside the
    field.

    `save(wanted, dialog)` starts the save (off the UI thread) and answers with
    `dialog.saved(settings)` or `dialog.refused(error)`; the buttons wait meanwhile.
    `choose_folder(current)` asks for a folder with the app's dialog (None: cancelled)."""

    def __init__(
        self,
        current: SiteSettings,
        save: Callable[[SiteSettings, SettingsDialog], None],
        parent: QWidget | None = None,
        choose_folder: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Site settings")
        self.current = current
        self.save = save
        self.site_name = QLineEdit(current.site_name)
        self.base_url = QLineEdit(current.base_url)
        self.base_url.setPlaceholderText("https://example.org/news/ (optional)")
        self.locale_field = QLineEdit(current.locale)
        self.locale_field.setPlaceholderText("en_GB, fr_FR, ar_EG …")
        self.time_zone = QLineEdit(current.time_zone)
        self.time_zone.setPlaceholderText("Europe/London")
        self.site_folder = QLineEdit(current.site_folder)
        self.site_folder.setPlaceholderText("asked the first time you publish (Ctrl+Shift+E)")
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setEnabled(choose_folder is not None)
        if choose_folder is not None:
            self.choose_button.clicked.connect(lambda: self._choose(choose_folder))
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.site_folder, 1)
        row.addWidget(self.choose_button)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            ("site_name", "Site &name", self.site_name),
            ("base_url", "&Base URL", self.base_url),
            ("locale", "&Locale", self.locale_field),
            ("time_zone", "&Time zone", self.time_zone),
            ("site_folder", "Site &folder", folder_row),
        ]
        for name, label, field in rows:
            error = QLabel()
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            self.errors[name] = error
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(field)
            col.addWidget(error)
            form.addRow(label, box)
        self.folder_hint = QLabel("Publish site (Ctrl+Shift+E) writes the site into this folder.")
        self.folder_hint.setStyleSheet("color: #666;")
        form.addRow("", self.folder_hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _save(self) -> None:
        for error in self.errors.values():
            error.hide()
        wanted = replace(
            self.current,
            site_name=self.site_name.text(),
            base_url=self.base_url.text(),
            locale=self.locale_field.text(),
            time_zone=self.time_zone.text(),
            site_folder=self.site_folder.text(),
        )
        self.buttons.setEnabled(False)
        self.save(wanted, self)

    def _choose(self, choose_folder: Callable[[str], str | None]) -> None:
        chosen = choose_folder(self.site_folder.text().strip())
        if chosen is not None:
            self.site_folder.setText(chosen)

    def saved(self, settings: SiteSettings) -> None:
        self.buttons.setEnabled(True)
        self.current = settings
        self.accept()

    def refused(self, exc: NewsroomError) -> None:
        self.buttons.setEnabled(True)
        field = exc.field if isinstance(exc, ValidationError) else "site_name"
        label = self.errors.get(field, self.errors["site_name"])
        label.setText(exc.message if isinstance(exc, ValidationError) else str(exc))
        label.show()
