"""The suggestions panel: entities the open story mentions, to tag with one click.

A moment after typing stops, the headline and body go to `core.suggestions.suggest`
in a worker (the first call on a database builds the matcher, seconds on a big
one); an answer for an older text is dropped, and only one pass runs at a time, so a
fast typist does not queue passes. Mentions are grouped into one row per entity or
candidate. Entities already on the form's tag field are left out as soon as they are
added, without waiting for a pass.

Accepting a new candidate first asks which kind it is (the guess preselected, Enter
keeps it), so a wrong guess is corrected before the entity exists. Accept and
Dismiss on a saved story are written at once (`accept` tags the story as
a row of its own, with the tag's source "suggestion", without bumping its version,
so unsaved text never conflicts; the window then counts that tag as loaded). On a
new story nothing can be written yet: Accept only adds a chip (creating the entity
if new), and dismissals wait in `pending` until the first save (`save_pending`).

The same pass finds every known entity in the body, so the mentions of the tagged
ones can be highlighted (extra selections: they follow the text as it is edited).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from newsroom.core import entities, suggestions
from newsroom.core.entities import EntityRecord
from newsroom.core.errors import NewsroomError
from newsroom.core.suggestions import Suggestion
from newsroom.text.matcher import Match
from newsroom.text.morenews import without_links
from newsroom.ui.entity_lookup import Tag
from newsroom.ui.operations import Changes, Operations
from newsroom.ui.suggestion_rows import (
    ACCEPT,
    DISMISS,
    KIND,
    NAME,
    ButtonDelegate,
    SuggestionModel,
    SuggestionRow,
    group,
)

if TYPE_CHECKING:
    from newsroom.ui.dialogs import Asker
    from newsroom.ui.editor import StoryEditor


_HIGHLIGHT = QColor("#fff1b8")


class SuggestionsPanel(QWidget):
    """Suggestions for the story in the editor given to `bind`.

    `accepted(Tag, saved)`: add the tag to the form; `saved` says the database already
    has it. `entities_changed`: an entity was created. `refreshed`: a pass was shown.
    """

    accepted = Signal(object, bool)
    entities_changed = Signal()
    refreshed = Signal()

    def __init__(
        self,
        ops: Operations,
        asker: Asker,
        parent: QWidget | None = None,
        delay_ms: int = 500,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.asker = asker
        self.editor: StoryEditor | None = None
        self.article_id: int | None = None
        self.pending: dict[str, Suggestion] = {}  # dismissed on a story not saved yet
        self._hidden: set[str] = set()  # accepted or dismissed since the last pass
        self._found: list[SuggestionRow] = []
        self._mentions: tuple[str, list[Match]] = ("", [])
        self._generation = 0
        self._running = False
        self._again = False

        self.model = SuggestionModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(ButtonDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((ACCEPT, 66), (DISMISS, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.view.clicked.connect(self._clicked)
        self.accept_action = self._view_action("&Accept", Qt.Key.Key_Return, self.accept_current)
        self.dismiss_action = self._view_action(
            "&Dismiss", QKeySequence.StandardKey.Delete, self.dismiss_current
        )
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.status = QLabel("No story open")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.highlight = QCheckBox("Highlight tagged entities in the text")
        self.highlight.setChecked(True)
        self.highlight.toggled.connect(lambda _: self._apply_highlights())
        hint = QLabel("Enter accepts, Delete dismisses the selected row.")
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.highlight)
        layout.addWidget(hint)

        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.timer.timeout.connect(self.refresh)

    def _view_action(self, text: str, key: Any, slot: Any) -> QAction:
        action = QAction(text, self.view)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    # --- the story --------------------------------------------------------------------

    def bind(self, editor: StoryEditor) -> None:
        """Follow this editor: its text (debounced) and its tag field (at once)."""
        self.editor = editor
        editor.changed.connect(self.schedule)
        editor.tags.changed.connect(self._tags_changed)

    def set_story(self, article_id: int | None) -> None:
        """Another story (or none) is in the editor: start over, and look now."""
        self.article_id = article_id
        self.pending.clear()
        self._hidden.clear()
        self._found = []
        self._mentions = ("", [])
        self.model.set_rows([])
        self.error.hide()
        self.timer.stop()
        self.refresh()

    def save_pending(self, article_id: int) -> None:
        """The new story was saved as `article_id`: write the dismissals it collected."""
        if not self.pending:
            return
        dismissed = list(self.pending.values())
        self.pending.clear()

        def write(session: Session) -> None:
            for suggestion in dismissed:
                suggestions.dismiss(session, article_id, suggestion)

        self.ops.write(
            write,
            on_error=lambda exc: self._show_error(f"Dismissals not kept: {exc}"),
            owner=self,
        )

    def schedule(self) -> None:
        """The text changed: look again when typing pauses; a pass still running is
        for an older text, so its answer will be dropped."""
        self._generation += 1
        self.timer.start()

    def refresh(self) -> None:
        """Look at the story's text now, in a worker; one pass at a time."""
        self.timer.stop()
        self._generation += 1
        if self.editor is None or not self.editor.isEnabled():
            self._found = []
            self.model.set_rows([])
            self.status.setText("No story open")
            return
        if self._running:
            self._again = True
            return
        if not self.shown:
            # Nobody is looking: on a big archive the matcher costs memory and CPU, so
            # it is built and run only while the panel is shown (set_shown catches up).
            self._stale = True
            return
        self._stale = False
        headline, body = self.editor.headline.text(), self.editor.body.toPlainText()
        if not (headline.strip() or body.strip()):
            self._show(self._generation, body, [], [])
            return
        generation, article_id = self._generation, self.article_id

        def work(session: Session) -> tuple[list[Suggestion], list[Match]]:
            found = suggestions.suggest(session, f"{headline}\n\n{body}", article_id=article_id)
            # A More-news line names another story: its headline is not a mention.
            return found, suggestions.known_matcher(session).find(without_links(body))

        self._running = True
        if not self.model.rows:
            self.status.setText("Reading the story…")
        self.ops.query(
            work,
            lambda result: self._show(generation, body, *result),
            on_error=self._failed,
            owner=self,
        )

    shown = True  # whether the editor can see the panel; its dock keeps this up to date

    def set_shown(self, shown: bool) -> None:
        """The panel's dock tab was shown or hidden; catch up when it comes back."""
        self.shown = shown
        if shown and getattr(self, "_stale", False):
            self.schedule()

    def _finished(self) -> bool:
        """A pass is over; True if its answer is still wanted."""
        self._running = False
        if self._again:
            self._again = False
            self.refresh()
            return False
        return True

    def _show(
        self, generation: int, body: str, found: list[Suggestion], mentions: list[Any]
    ) -> None:
        if self._running and not self._finished():
            return
        if generation != self._generation:
            return
        self._found = group(found)
        self._hidden.clear()
        self._mentions = (body, mentions)
        self._refilter()
        self._apply_highlights()
        self.refreshed.emit()

    def _failed(self, error: NewsroomError) -> None:
        if self._finished():
            self._show_error(str(error))

    # --- showing -----------------------------------------------------------------------

    def _tagged(self) -> set[int]:
        return set(self.editor.tags.ids()) if self.editor is not None else set()

    def _refilter(self) -> None:
        tagged = self._tagged()
        current = self.view.currentIndex()
        key = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        rows = [
            r
            for r in self._found
            if r.entity_id not in tagged and r.key not in self._hidden and r.key not in self.pending
        ]
        self.model.set_rows(rows)
        new = sum(r.is_new for r in rows)
        if rows:
            plural = "" if len(rows) == 1 else "s"
            self.status.setText(f"{len(rows)} suggestion{plural}" + (f", {new} new" if new else ""))
        else:
            self.status.setText("Nothing to suggest")
        row = self.model.row_of(key) if key is not None else None
        if row is None and rows and current.isValid():
            row = min(current.row(), len(rows) - 1)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, NAME))

    def _tags_changed(self) -> None:
        self._refilter()
        self._apply_highlights()

    def _apply_highlights(self) -> None:
        if self.editor is None:
            return
        body = self.editor.body
        selections: list[QTextEdit.ExtraSelection] = []
        text, mentions = self._mentions
        if self.highlight.isChecked() and mentions and text == body.toPlainText():
            tagged = self._tagged()
            fmt = QTextCharFormat()
            fmt.setBackground(_HIGHLIGHT)
            for m in mentions:
                if m.entity_id not in tagged:
                    continue
                selection = QTextEdit.ExtraSelection()
                cursor = body.textCursor()
                # Found in the Markdown: each More-news line is one character there.
                cursor.setPosition(body.document_position(m.start))
                cursor.setPosition(body.document_position(m.end), cursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
        body.setExtraSelections(selections)

    def highlighted(self) -> list[str]:
        """The highlighted mentions' text (for tests and for the curious)."""
        assert self.editor is not None
        return [s.cursor.selectedText() for s in self.editor.body.extraSelections()]

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # --- acting ------------------------------------------------------------------------

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == ACCEPT:
            self.accept_row(self.model.rows[index.row()])
        elif index.column() == DISMISS:
            self.dismiss_row(self.model.rows[index.row()])

    def _current(self) -> SuggestionRow | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def accept_current(self) -> None:
        row = self._current()
        if row is not None:
            self.accept_row(row)

    def dismiss_current(self) -> None:
        row = self._current()
        if row is not None:
            self.dismiss_row(row)

    def accept_row(self, row: SuggestionRow) -> None:
        """Tag the story with the row's entity, creating the entity if it is new (of
        the kind the editor confirms: nothing happens when they cancel)."""
        self.error.hide()
        kind = row.kind
        if row.is_new:
            asked = self.asker.entity_kind(row.name, row.kind)
            if asked is None:
                return
            kind = asked
        article_id = self.article_id
        saved = article_id is not None

        def write(session: Session) -> EntityRecord:
            if article_id is not None:
                entity_id = suggestions.accept(session, article_id, row.first, kind=kind)
            elif row.entity_id is not None:
                entity_id = row.entity_id
            else:  # a new story: create the entity now, the tag comes with the save
                found = entities.find_entity_id(session, row.name)
                entity_id = found or entities.create_entity(session, kind, row.name).id
            return entities.load_entity(session, entity_id)

        self.ops.write(
            write,
            lambda record: self._accepted(row, record, saved, article_id),
            changes=Changes(entities=row.is_new),
            on_error=lambda exc: self._show_error(f"Not accepted: {exc}"),
            owner=self,
        )

    def _accepted(
        self, row: SuggestionRow, record: EntityRecord, saved: bool, article_id: int | None
    ) -> None:
        if article_id != self.article_id:
            return  # the editor moved to another story meanwhile: its tag is written
        self._hidden.add(row.key)
        self._generation += 1  # a pass already running started before this
        self.accepted.emit(Tag(record.id, record.name, record.kind), saved)
        if row.is_new:
            self.entities_changed.emit()
        self._refilter()
        self.schedule()  # its short forms ("Korvan") are now mentions of a tagged entity

    def dismiss_row(self, row: SuggestionRow) -> None:
        """Hide the row for this story, for good (on a new story: from the first save)."""
        self.error.hide()
        if self.article_id is None:
            self.pending[row.key] = row.first
        else:
            article_id = self.article_id

            def dismissed(_key: str) -> None:
                if article_id != self.article_id:
                    return
                self._hidden.add(row.key)
                self._generation += 1  # a pass already running started before this
                self.schedule()
                self._refilter()

            self.ops.write(
                lambda session: suggestions.dismiss(session, article_id, row.first),
                dismissed,
                on_error=lambda exc: self._show_error(f"Not dismissed: {exc}"),
                owner=self,
            )
        self._refilter()
        self.view.setFocus()
