"""The main window: story list with filters on the left, the story form in the middle,
the live preview on the right.

Every write goes through one service call in one transaction (`_save`); conflicts
go to the `Asker`; unsaved text goes to the recovery store a moment after typing stops.
"""

from __future__ import annotations

import getpass
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newsroom.core import articles, entities, leases, links, revisions, sections
from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput, ArticleRecord
from newsroom.core.db import Database
from newsroom.core.errors import ConflictError, NewsroomError, NotFoundError, ValidationError
from newsroom.core.listing import StoryFilter
from newsroom.core.models import Status
from newsroom.core.morenews import target_uids
from newsroom.core.recovery import RecoveredEdit, RecoveryStore
from newsroom.core.slugs import slug_from
from newsroom.paths import resources_dir
from newsroom.publish.export import export_site
from newsroom.ui import file_dialogs
from newsroom.ui.dialogs import Asker, HistoryDialog, SettingsDialog, publishing_lines
from newsroom.ui.editor import StoryEditor
from newsroom.ui.entity_manager import EntityManager
from newsroom.ui.links import LinksPanel, MoreNewsPicker, insert_token_at_paragraph_break
from newsroom.ui.preview import PreviewPane
from newsroom.ui.progress_runner import ProgressRunner
from newsroom.ui.state import AppState
from newsroom.ui.story_model import StoryListModel
from newsroom.ui.suggestions import SuggestionsPanel
from newsroom.ui.tags import EntityLookup, Tag, remap_ids, set_completions
from newsroom.ui.tasks import Tasks

WORDS_PER_MINUTE = 230
_ANY_DATE = QDate(1900, 1, 1)


def _author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@dataclass
class _Open:
    """The story in the editor: which one, at which version, and what was loaded."""

    key: str
    article_id: int | None
    version: int | None
    uid: str | None
    loaded: ArticleInput
    wrote_recovery: bool = False  # only a file this window wrote is discarded silently


class MainWindow(QMainWindow):
    story_saved = Signal(int)
    database_requested = Signal(str)

    def __init__(
        self,
        db: Database,
        *,
        state: AppState | None = None,
        asker: Asker | None = None,
        autosave_ms: int = 2000,
        preview_ms: int = 350,
        lease_renew_ms: int = 30_000,
    ) -> None:
        super().__init__()
        self.db = db
        self.state = state or AppState()
        self.asker = asker or Asker(self)
        self.tasks = Tasks(self)
        self.run_dialog: file_dialogs.Runner = file_dialogs.run
        self.recovery = RecoveryStore(self.state.recovery_dir, db.display_name)
        with db.reading() as session:
            self.site = site_settings.load(session)
            section_list = sections.list_sections(session)
            entity_names = entities.entity_names(session)
        self.setWindowTitle(f"{self.site.site_name} — Newsroom ({db.display_name})")
        self.current: _Open | None = None
        self.history_dialog: HistoryDialog | None = None
        self._left_to_offer: set[str] = set()  # recovered edits still to offer this session
        self._offer_scheduled = False
        self.settings_dialog: SettingsDialog | None = None
        self._preview_generation = 0
        self._names_generation = 0  # the entity filter's completions: newest answer wins

        self.model = StoryListModel(db, self.tasks, self.site.tz, self)
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSortingEnabled(True)
        self.list.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 74), (2, 76), (3, 104), (4, 82), (5, 82)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.list.verticalHeader().hide()
        self.list.verticalHeader().setDefaultSectionSize(22)
        self.list.setWordWrap(False)
        self.list.activated.connect(lambda index: self.open_story(self.model.id_at(index.row())))
        self.list.clicked.connect(lambda index: self.open_story(self.model.id_at(index.row())))

        self.filters = self._build_filters(section_list, entity_names)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.list, 1)
        self.count_label = QLabel()
        left_layout.addWidget(self.count_label)

        self.editor = StoryEditor(section_list, self.site.tz)
        self.editor.setEnabled(False)
        self.entity_lookup = EntityLookup(db, self.tasks, self.asker, self)
        self.entity_lookup.created.connect(lambda _id: self._entities_changed({}))
        self.editor.tags.set_lookup(self.entity_lookup)
        self.entity_manager: EntityManager | None = None
        self.lease_banner = QLabel()
        self.lease_banner.setStyleSheet(
            "background: #fff3cd; color: #664d03; padding: 4px 8px; border: 1px solid #ffe69c;"
        )
        self.lease_banner.hide()
        editor_area = QWidget()
        editor_layout = QVBoxLayout(editor_area)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.lease_banner)
        editor_layout.addWidget(self.editor, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(editor_area)
        split.setSizes([600, 560])
        self.setCentralWidget(split)

        self.preview = PreviewPane()
        self.preview_dock = QDockWidget("Preview", self)
        self.preview_dock.setObjectName("preview")
        self.preview_dock.setWidget(self.preview)
        self.preview_dock.setMinimumWidth(360)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preview_dock)
        self.links_panel = LinksPanel()
        self.links_panel.open_requested.connect(self.open_story)
        self.links_dock = QDockWidget("Links", self)
        self.links_dock.setObjectName("links")
        self.links_dock.setWidget(self.links_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.links_dock)
        self.resizeDocks([self.preview_dock, self.links_dock], [700, 200], Qt.Orientation.Vertical)
        self.resizeDocks([self.preview_dock], [520], Qt.Orientation.Horizontal)
        self.suggestions = SuggestionsPanel(db, self.tasks, self)
        self.suggestions.bind(self.editor)
        self.suggestions.accepted.connect(self._tag_accepted)
        self.suggestions.entities_changed.connect(lambda: self._entities_changed({}))
        self.suggestions_dock = QDockWidget("Suggestions", self)
        self.suggestions_dock.setObjectName("suggestions")
        self.suggestions_dock.setWidget(self.suggestions)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.suggestions_dock)
        self.suggestions_dock.visibilityChanged.connect(self.suggestions.set_shown)
        self.tabifyDockWidget(self.links_dock, self.suggestions_dock)
        QTimer.singleShot(0, self.links_dock.raise_)  # after the docks are laid out
        self.picker: MoreNewsPicker | None = None

        self.words = QLabel()
        self.statusBar().addPermanentWidget(self.words)

        self.autosave_timer = QTimer(self, singleShot=True, interval=autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.preview_timer = QTimer(self, singleShot=True, interval=preview_ms)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.preview_timer.timeout.connect(self.refresh_links)
        self.client_id = uuid.uuid4().hex
        self.lease_timer = QTimer(self, interval=lease_renew_ms)
        self.lease_timer.timeout.connect(self.renew_lease)
        self.search_timer = QTimer(self, singleShot=True, interval=250)
        self.search_timer.timeout.connect(
            lambda: self.model.refresh(self.current_filter(), typing=True)
        )
        self.editor.changed.connect(self._edited)
        self.model.refreshed.connect(self._list_shown)

        self._build_menus()
        geometry, layout = self.state.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1500, 900)
        if layout is not None:
            self.restoreState(layout)
        self.state.remember_database(db.display_name)
        self.model.refresh()

    # --- construction -------------------------------------------------------------------

    def _build_filters(self, section_list: list, entity_names: list[str]) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search headline, standfirst and text")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(lambda _: self.search_timer.start())
        self.status_filter = QComboBox()
        self.status_filter.addItem("Any status", None)
        for status in Status:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.section_filter = QComboBox()
        self.section_filter.addItem("Any section", None)
        for s in section_list:
            self.section_filter.addItem(s.name, s.id)
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
        self.date_from = self._date_edit()
        self.date_to = self._date_edit()
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_from)
        row.addWidget(QLabel("to"))
        row.addWidget(self.date_to)
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
        self.status_filter.currentIndexChanged.connect(self.apply_filters)
        self.section_filter.currentIndexChanged.connect(self.apply_filters)
        self.entity_filter.editingFinished.connect(self.apply_filters)
        self.entity_filter.textChanged.connect(lambda t: t or self.apply_filters())
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        return box

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setMinimumDate(_ANY_DATE)
        edit.setSpecialValueText("any")
        edit.setDate(_ANY_DATE)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.new_action = self._action(
            file, "&New story", self.new_story, QKeySequence.StandardKey.New
        )
        self.save_action = self._action(file, "&Save", self.save, QKeySequence.StandardKey.Save)
        self._action(file, "&Delete story…", self.delete_story)
        file.addSeparator()
        self.export_action = self._action(
            file, "&Export site…", self.choose_export_folder, QKeySequence("Ctrl+Shift+E")
        )
        self._action(file, "&Import stories…", self.choose_import_files, QKeySequence("Ctrl+I"))
        self._action(file, "Import a &folder…", self.choose_import_folder)
        file.addSeparator()
        self._action(file, "&Open database…", self.choose_database, QKeySequence.StandardKey.Open)
        self._action(file, "Open database &URL…", self.choose_database_url)
        self.recent_menu = file.addMenu("&Recent databases")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self._action(file, "Site se&ttings…", self.show_settings)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        self._action(edit, "&Undo", lambda: self._on_focus("undo"), QKeySequence.StandardKey.Undo)
        self._action(edit, "&Redo", lambda: self._on_focus("redo"), QKeySequence.StandardKey.Redo)
        edit.addSeparator()
        self._action(edit, "&Find stories", self.focus_search, QKeySequence.StandardKey.Find)
        self.entities_action = self._action(
            edit, "&Entities…", self.show_entities, QKeySequence("Ctrl+E")
        )

        story = bar.addMenu("&Story")
        self._action(
            story,
            "&Previous story",
            lambda: self.step(-1),
            [QKeySequence("Ctrl+PgUp"), QKeySequence("Alt+Up")],
        )
        self._action(
            story,
            "&Next story",
            lambda: self.step(1),
            [QKeySequence("Ctrl+PgDown"), QKeySequence("Alt+Down")],
        )
        self._action(story, "&History…", self.show_history, QKeySequence("Ctrl+H"))
        self._action(
            story, "Insert &More-news link…", self.show_picker, QKeySequence("Ctrl+Shift+L")
        )

        view = bar.addMenu("&View")
        toggle = self.preview_dock.toggleViewAction()
        toggle.setText("&Preview")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+P"))
        view.addAction(toggle)
        links_toggle = self.links_dock.toggleViewAction()
        links_toggle.setText("&Links")
        view.addAction(links_toggle)
        suggestions_toggle = self.suggestions_dock.toggleViewAction()
        suggestions_toggle.setText("&Suggestions")
        view.addAction(suggestions_toggle)
        self._action(
            view, "&Refresh list", lambda: self.model.refresh(), QKeySequence.StandardKey.Refresh
        )

    # --- list and filters ---------------------------------------------------------------

    def current_filter(self) -> StoryFilter:
        entity_id = None
        self.entity_error.hide()
        name = self.entity_filter.text().strip()
        if name:
            entity_id = self._entity_id(name)
            if entity_id is None:
                self.entity_error.setText(f"no entity called {name!r}")
                self.entity_error.show()
        status = self.status_filter.currentData()

        def day(edit: QDateEdit) -> datetime | None:
            d = edit.date()
            if d == _ANY_DATE:
                return None
            return datetime(d.year(), d.month(), d.day(), tzinfo=self.site.tz).astimezone(UTC)

        end = day(self.date_to)
        if end is not None:
            end += timedelta(days=1)  # the "to" day is included
        return StoryFilter(
            text=self.search_box.text(),
            statuses=frozenset({status}) if status else frozenset(),
            section_id=self.section_filter.currentData(),
            entity_id=entity_id if entity_id is not None else (-1 if name else None),
            published_from=day(self.date_from),
            published_to=end,
        )

    def _entity_id(self, name: str) -> int | None:
        with self.db.reading() as session:
            return entities.find_entity_id(session, name)

    def apply_filters(self, *_: object) -> None:
        self.model.refresh(self.current_filter())

    def _list_shown(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(f"{n:,} {'story' if n == 1 else 'stories'}")
        self._select_current()

    def _select_current(self) -> None:
        if self.current is None or self.current.article_id is None:
            return
        row = self.model.row_of(self.current.article_id)
        if row is not None:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def step(self, delta: int) -> None:
        """Open the next (+1) or previous (-1) story in the list."""
        if self.model.rowCount() == 0:
            return
        row = -1
        if self.current is not None and self.current.article_id is not None:
            row = self.model.row_of(self.current.article_id) or 0
        target = min(max(row + delta, 0), self.model.rowCount() - 1)
        self.open_story(self.model.id_at(target))

    # --- opening, editing, saving -------------------------------------------------------

    @property
    def dirty(self) -> bool:
        if self.current is None:
            return False
        if self.editor.unreadable_dates():
            return True
        return self.editor.content(new=self.current.article_id is None) != self.current.loaded

    def open_story(self, article_id: int | None) -> bool:
        """Show a story in the editor (asking about unsaved changes first)."""
        if article_id is None:
            return False
        if self.current is not None and self.current.article_id == article_id:
            return True
        if not self.settle_unsaved():
            self._select_current()
            return False
        try:
            with self.db.reading() as session:
                record = articles.load_article(session, article_id)
        except NotFoundError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            self.model.refresh()
            return False
        self._show_record(record)
        return True

    def _show_record(self, record: ArticleRecord, content: ArticleInput | None = None) -> None:
        if self.current is not None and self.current.article_id != record.id:
            self.release_lease()
        loaded = record.as_input()
        follows = record.status != Status.PUBLISHED and record.slug == slug_from(record.headline)
        self.editor.set_content(content or loaded, slug_follows=follows)
        self.current = _Open(f"story-{record.id}", record.id, record.version, record.uid, loaded)
        self.editor.setEnabled(True)
        self._after_load()

    def new_story(self) -> None:
        if not self.settle_unsaved():
            return
        self.release_lease()
        blank = ArticleInput(headline="", byline=_author())
        self.editor.set_content(blank, slug_follows=True)
        self.current = _Open(f"new-{uuid.uuid4().hex[:12]}", None, None, None, blank)
        self.editor.setEnabled(True)
        self.list.clearSelection()
        self._after_load()
        self.editor.headline.setFocus()

    # --- editing leases ("being edited by ...") ----------------------------------------

    def renew_lease(self) -> None:
        """Take or renew this window's lease on the open story; show who else has it."""
        if self.current is None or self.current.article_id is None:
            self.lease_banner.hide()
            self.lease_timer.stop()
            return
        try:
            with self.db.transaction() as session:
                other = leases.acquire(
                    session, self.current.article_id, _author() or "someone", self.client_id
                )
        except NewsroomError:
            self.lease_banner.hide()
            return
        if other is None:
            self.lease_banner.hide()
        else:
            self.lease_banner.setText(
                f"Being edited by {other.holder}: if you both save, the second save will "
                "ask which version to keep."
            )
            self.lease_banner.show()
        self.lease_timer.start()

    def release_lease(self) -> None:
        if self.current is not None and self.current.article_id is not None:
            with self.db.transaction() as session:
                leases.release(session, self.current.article_id, self.client_id)

    def _after_load(self) -> None:
        self.autosave_timer.stop()
        if self._left_to_offer and not self._offer_scheduled:
            self._offer_scheduled = True
            QTimer.singleShot(0, self._offer_left)
        self.renew_lease()
        self._update_words()
        self._select_current()
        self.refresh_preview()
        self.refresh_links()
        self.suggestions.set_story(self.current.article_id if self.current else None)

    def _edited(self) -> None:
        self.autosave_timer.start()
        self.preview_timer.start()
        self._update_words()

    def _update_words(self) -> None:
        words = self.editor.word_count()
        minutes = max(1, round(words / WORDS_PER_MINUTE)) if words else 0
        self.words.setText(f"{words:,} words · {minutes} min read")

    def autosave(self) -> None:
        """Write the unsaved text to the recovery store (never to the database)."""
        if self.current is None:
            return
        if self.dirty:
            if not self.current.wrote_recovery:
                self._set_aside_left_behind()
            self.recovery.save(
                self.current.key,
                self.editor.content(new=self.current.article_id is None),
                self.current.article_id,
                self.current.version,
            )
            self.current.wrote_recovery = True
            self.statusBar().showMessage("Unsaved changes kept for recovery", 2000)

    def save(self) -> bool:
        """Save the story in one transaction; True when saved."""
        if self.current is None:
            return False
        is_new = self.current.article_id is None
        data = self.editor.content(new=is_new)
        self.editor.clear_errors()
        if not self._confirm_unpublishing(data):
            return False
        try:
            self.editor.check_dates()  # text that is no date: refused, never guessed at
            with self.db.transaction() as session:
                if is_new:
                    record = articles.create_article(session, data, author=_author())
                else:
                    assert self.current.article_id is not None and self.current.version is not None
                    record = articles.update_article(
                        session,
                        self.current.article_id,
                        self.current.version,
                        data,
                        author=_author(),
                        # Only this editor's tag changes: keep tags set meanwhile.
                        loaded_entity_ids=self.current.loaded.entity_ids,
                    )
        except ValidationError as exc:
            self.editor.show_error(exc.field, exc.message)
            self.statusBar().showMessage(f"Not saved: {exc.message}", 8000)
            return False
        except ConflictError as exc:
            return self._resolve_conflict(data, exc)
        self._saved(record, is_new)
        return True

    def _confirm_unpublishing(self, data: ArticleInput) -> bool:
        """Spiking or un-publishing a story others link to: warn and name them."""
        assert self.current is not None
        was_live = self.current.loaded.status == Status.PUBLISHED
        if self.current.uid is None or not was_live or data.status == Status.PUBLISHED:
            return True
        with self.db.reading() as session:
            linking = links.incoming(session, self.current.uid)
        if not linking:
            return True
        names = "\n".join(f"• {s.headline}" for s in linking[:10])
        more = f"\n… and {len(linking) - 10} more" if len(linking) > 10 else ""
        return self.asker.confirm(
            "Stories link to this one",
            f"{len(linking)} {'story links' if len(linking) == 1 else 'stories link'} to "
            f"“{data.headline}”. Their More-news lines will be left out of the export "
            f"while it is {data.status}:\n{names}{more}\n\nSave anyway?",
        )

    def _saved(self, record: ArticleRecord, is_new: bool) -> None:
        assert self.current is not None
        if is_new:
            self.suggestions.save_pending(record.id)
        self._discard_own()
        self.autosave_timer.stop()
        position = self.editor.body.textCursor().position()
        self._show_record(record)
        cursor = self.editor.body.textCursor()
        cursor.setPosition(min(position, len(self.editor.body.toPlainText())))
        self.editor.body.setTextCursor(cursor)
        self.statusBar().showMessage(f"Saved “{record.headline}” (version {record.version})", 4000)
        if is_new:
            self.model.refresh()
        else:
            self.model.invalidate(record.id)
        self.story_saved.emit(record.id)

    def _resolve_conflict(self, mine: ArticleInput, error: ConflictError) -> bool:
        assert self.current is not None
        if error.theirs_version is None and error.expected_version == self.current.version:
            try:
                with self.db.reading() as session:
                    theirs = articles.load_article(session, error.article_id)
            except NotFoundError:
                self.asker.error(
                    "Story deleted",
                    "Another writer deleted this story. Your text is kept for recovery; "
                    "copy it into a new story to keep it.",
                )
                self.autosave()
                return False
        else:
            with self.db.reading() as session:
                theirs = articles.load_article(session, error.article_id)
        self.autosave()  # whatever happens next, the editor's text is on disk
        choice = self.asker.conflict(mine, theirs)
        if choice == "mine":
            self.current.version = theirs.version
            return self.save()
        if choice == "theirs":
            self._discard_own()
            self._show_record(theirs)
            self.statusBar().showMessage("Took the other writer's version", 4000)
            return False
        self.statusBar().showMessage("Not saved: the story changed meanwhile", 6000)
        return False

    def settle_unsaved(self) -> bool:
        """Ask about unsaved changes; False when the user cancelled."""
        if not self.dirty:
            self._discard_own()
            return True
        assert self.current is not None
        choice = self.asker.unsaved(self.editor.headline.text())
        if choice == "save":
            return self.save()
        if choice == "discard":
            self._discard_own()
            self.editor.set_content(self.current.loaded, slug_follows=self.editor.slug_follows)
            return True
        return False

    def delete_story(self) -> None:
        if self.current is None or self.current.article_id is None:
            return
        with self.db.reading() as session:
            record = articles.load_article(session, self.current.article_id)
            linked = articles.linked_from(session, record.uid)
        warning = ""
        if linked:
            names = "\n".join(f"• {h}" for _i, h in linked[:10])
            count = f"{len(linked)} {'story links' if len(linked) == 1 else 'stories link'}"
            warning = f"\n\n{count} to it; those More-news lines will be left out:\n{names}"
        if not self.asker.confirm("Delete story", f"Delete “{record.headline}”?{warning}"):
            return
        try:
            with self.db.transaction() as session:
                articles.delete_article(session, record.id, self.current.version)
        except NewsroomError as exc:
            self.asker.error("Not deleted", str(exc))
            return
        self._discard_own()
        self.current = None
        self.editor.set_content(ArticleInput(headline=""), slug_follows=True)
        self.editor.setEnabled(False)
        self.suggestions.set_story(None)
        self.model.refresh()

    # --- recovery -----------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """After a crash, offer back every unsaved edit left behind; True if one was
        restored. The editor restores one, discards any, or keeps them for later; the
        rest are offered again each time the editor moves on (saves, discards, opens
        another story) until none is left or the editor says "later"."""
        own = self.current.key if self.current is not None else None
        self._left_to_offer = {e.key for e in self.recovery.pending() if e.key != own}
        return self._offer_left()

    def _offer_left(self) -> bool:
        self._offer_scheduled = False
        if self.dirty or not self.isVisible():
            return False  # not over unsaved text; asked again after the next load
        pending = [e for e in self.recovery.pending() if e.key in self._left_to_offer]
        self._left_to_offer = {e.key for e in pending}
        if not pending:
            return False
        answer = self.asker.recover(pending)
        for key in answer.discard:
            self.recovery.discard(key)
        self._left_to_offer -= answer.discard
        chosen = next((e for e in pending if e.key == answer.restore), None)
        if chosen is None or chosen.key in answer.discard:
            self._left_to_offer = set()  # "later": kept on disk, offered at the next start
            return False
        self._left_to_offer.discard(chosen.key)
        return self.restore_edit(chosen)

    def _discard_own(self) -> None:
        """Drop the open story's recovery file, if this window wrote it: one a crash
        left behind goes only when the editor says so."""
        if self.current is not None and self.current.wrote_recovery:
            self.recovery.discard(self.current.key)

    def _set_aside_left_behind(self) -> None:
        """The open story is about to be autosaved for the first time: an edit a crash
        left behind under its key is moved aside (and still offered), not overwritten."""
        assert self.current is not None
        moved = self.recovery.set_aside(self.current.key)
        if moved is not None and self.current.key in self._left_to_offer:
            self._left_to_offer.discard(self.current.key)
            self._left_to_offer.add(moved)

    def restore_edit(self, edit: RecoveredEdit) -> bool:
        if self.current is not None and self.current.article_id != edit.article_id:
            self.release_lease()
        if edit.article_id is None:
            self.editor.set_content(edit.content, slug_follows=edit.content.slug is None)
            self.current = _Open(edit.key, None, None, None, ArticleInput(headline=""))
        else:
            try:
                with self.db.reading() as session:
                    record = articles.load_article(session, edit.article_id)
            except NotFoundError:
                self.editor.set_content(edit.content, slug_follows=True)
                self.current = _Open(edit.key, None, None, None, ArticleInput(headline=""))
            else:
                self._show_record(record, edit.content)
                # The base is the version the editor had; a save meets the conflict rules.
                self.current = _Open(
                    edit.key, record.id, edit.base_version, record.uid, record.as_input()
                )
        self.current.wrote_recovery = True  # the restored file is now this window's
        self.editor.setEnabled(True)
        self._after_load()
        left = len(self._left_to_offer)
        more = f" ({left} more to recover after this one)" if left else ""
        self.statusBar().showMessage(f"Restored unsaved changes: save to keep them{more}", 8000)
        return True

    # --- links ---------------------------------------------------------------------------

    def refresh_links(self) -> None:
        """Outgoing links as the body stands now; backlinks from the database."""
        if self.current is None:
            self.links_panel.set_links([], [])
            return
        uids = target_uids(self.editor.body.toPlainText())
        with self.db.reading() as session:
            outgoing = links.describe(session, uids)
            incoming = links.incoming(session, self.current.uid) if self.current.uid else []
        self.links_panel.set_links(outgoing, incoming)

    def show_picker(self) -> None:
        if self.current is None:
            return
        content = self.editor.content()
        article_id = self.current.article_id

        def find(query: str, show, owner: QObject) -> None:  # type: ignore[no-untyped-def]
            def work() -> list[links.Candidate]:
                with self.db.reading() as session:
                    return links.related(
                        session,
                        article_id=article_id,
                        entity_ids=content.entity_ids or (),
                        text=content.headline,
                        query=query,
                    )

            self.tasks.run(work, show, owner=owner)

        self.picker = MoreNewsPicker(find, self)
        self.picker.chosen.connect(self.insert_link)
        self.picker.open()

    def insert_link(self, candidate: links.Candidate) -> None:
        insert_token_at_paragraph_break(self.editor.body, candidate.uid, candidate.headline)
        self.editor.body.setFocus()

    # --- entities ------------------------------------------------------------------------

    def show_entities(self) -> EntityManager:
        """The entity manager, beside the window (not modal)."""
        if self.entity_manager is None:
            self.entity_manager = EntityManager(
                self.db, self.tasks, self.asker, self.entity_lookup, self
            )
            self.entity_manager.changed.connect(
                lambda moved: self._entities_changed(moved, from_manager=True)
            )
        self.entity_manager.open()
        return self.entity_manager

    def _tag_accepted(self, tag: Tag, saved: bool) -> None:
        """A suggestion was accepted: a chip; a tag the database has already counts as
        loaded, so it does not make the story look edited."""
        if saved and self.current is not None:
            loaded = self.current.loaded
            ids = remap_ids((*(loaded.entity_ids or ()), tag.entity_id), {})
            self.current.loaded = ArticleInput(**{**loaded.__dict__, "entity_ids": ids})
        self.editor.tags.add(tag)
        self.statusBar().showMessage(f"Tagged “{tag.name}”", 3000)

    def _entities_changed(
        self, moved: dict[int, int | None], *, from_manager: bool = False
    ) -> None:
        """Entities were created, edited, merged (id -> target) or deleted (id -> None):
        the database moved the tags already; follow it in the form and the loaded copy."""
        self.editor.tags.remap(moved)
        if self.current is not None and moved and self.current.loaded.entity_ids:
            loaded = self.current.loaded
            ids = remap_ids(loaded.entity_ids or (), moved)
            self.current.loaded = ArticleInput(**{**loaded.__dict__, "entity_ids": ids})

        def names() -> list[str]:
            with self.db.reading() as session:
                return entities.entity_names(session)

        completer = self.entity_filter.completer()
        self._names_generation += 1
        generation = self._names_generation

        def show_names(found: list[str]) -> None:
            if generation == self._names_generation:  # two workers: answers can cross
                set_completions(completer, found)

        self.tasks.run(names, show_names, owner=completer)
        self.suggestions.schedule()
        if self.entity_filter.text().strip():
            self.apply_filters()
        if not from_manager and self.entity_manager and self.entity_manager.isVisible():
            self.entity_manager.refresh()  # (it searches again each time it is opened)

    # --- history, settings, preview ----------------------------------------------------

    def show_history(self) -> None:
        if self.current is None or self.current.article_id is None:
            return
        with self.db.reading() as session:
            revs = revisions.list_revisions(session, self.current.article_id)

        def load(revision_id: int) -> ArticleInput:
            with self.db.reading() as session:
                return revisions.load_revision(session, revision_id).content

        self.history_dialog = HistoryDialog(revs, load, self.editor.content(), self)
        self.history_dialog.restore_requested.connect(self.restore_revision)
        self.history_dialog.open()

    def restore_revision(self, revision_id: int) -> bool:
        """Ask, then restore a revision's text (and its publishing if the editor ticks
        that) as a new version; True when restored."""
        if self.current is None or self.current.version is None:
            return False
        if not self.settle_unsaved():
            return False
        with self.db.reading() as session:
            old = revisions.load_revision(session, revision_id)
        publishing = publishing_lines(old.content, self.current.loaded, self.site.tz)
        choice = self.asker.restore(old.info.version, publishing)
        if choice == "cancel":
            self.statusBar().showMessage("Not restored", 4000)
            return False
        try:
            with self.db.transaction() as session:
                record = revisions.restore_revision(
                    session,
                    revision_id,
                    self.current.version,
                    author=_author(),
                    publishing=choice == "all",
                )
        except ConflictError as exc:
            self.asker.error("Not restored", str(exc))
            return False
        except ValidationError as exc:
            self.asker.error("Not restored", exc.message)
            return False
        if self.history_dialog is not None:
            self.history_dialog.accept()
        self._saved(record, False)
        return True

    def show_settings(self) -> None:
        def save(wanted: site_settings.SiteSettings) -> site_settings.SiteSettings:
            with self.db.transaction() as session:
                return site_settings.save(session, wanted)

        self.settings_dialog = SettingsDialog(self.site, save, self)
        self.settings_dialog.accepted.connect(self._settings_changed)
        self.settings_dialog.open()

    def _settings_changed(self) -> None:
        assert self.settings_dialog is not None
        self.site = self.settings_dialog.current
        self.setWindowTitle(f"{self.site.site_name} — Newsroom ({self.db.display_name})")
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Render the preview off the UI thread; a newer request supersedes older ones."""
        if self.current is None or not self.preview_dock.isVisible():
            return
        self._preview_generation += 1
        generation = self._preview_generation
        data = self.editor.content(new=self.current.article_id is None)
        if not data.headline.strip():
            data = ArticleInput(**{**data.__dict__, "headline": "(no headline yet)"})
        uid = self.current.uid

        def render() -> tuple[str, str]:
            from newsroom.publish.preview import preview_html

            with self.db.reading() as session:
                return preview_html(session, data, uid=uid)

        def show(page: tuple[str, str]) -> None:
            if generation == self._preview_generation:
                html, path = page
                # As if the page sat at its site path inside resources/: its relative
                # link to static/style.css then reaches the real stylesheet.
                self.preview.set_html(html, QUrl.fromLocalFile(str(resources_dir() / path)))

        self.tasks.run(render, show, lambda exc: self.statusBar().showMessage(str(exc), 5000))

    # --- export ------------------------------------------------------------------------

    def choose_export_folder(self) -> None:
        last = Path(str(self.state.settings.value("export/folder") or Path.home() / "site"))
        start = last.parent if last.parent.is_dir() else Path.home()
        dialog = file_dialogs.build(
            self, "Export the site into a folder", start, file_dialogs.Mode.FOLDER
        )
        if last.is_dir():
            dialog.selectFile(str(last))
        chosen = self.run_dialog(dialog)
        if chosen:
            self.export_to(chosen[0])

    def export_to(self, out: Path, now: datetime | None = None) -> ProgressRunner:
        """Export the published stories into `out`, off the UI thread, with progress."""
        self.state.settings.setValue("export/folder", str(out))
        runner = ProgressRunner(self.tasks, self, "Exporting the site")
        when = now or datetime.now(UTC)
        runner.finished.connect(
            lambda result: self.statusBar().showMessage(f"Exported: {result.summary()}", 15000)
        )

        def failed(message: str) -> None:
            if runner.cancelled():
                self.statusBar().showMessage(
                    "Export cancelled; the previous site is untouched", 8000
                )
            else:
                self.asker.error("Export failed", message)

        runner.failed.connect(failed)
        self.export_action.setEnabled(False)
        runner.finished.connect(lambda _r: self.export_action.setEnabled(True))
        runner.failed.connect(lambda _m: self.export_action.setEnabled(True))
        self.export_runner = runner
        db = self.db
        # No forked render workers from inside the GUI (processes=1): forking a process
        # that runs Qt threads can deadlock the child. The export has its own thread.
        runner.start(
            lambda progress, cancelled: export_site(
                db, out, now=when, progress=progress, cancelled=cancelled, processes=1
            )
        )
        return runner

    def choose_import_files(self) -> None:
        dialog = file_dialogs.build(
            self,
            "Import stories",
            self._start_folder("import/folder"),
            file_dialogs.Mode.OPEN_FILES,
            "Stories (*.md *.markdown *.html *.htm *.txt);;All files (*)",
        )
        paths = self.run_dialog(dialog)
        if paths:
            self.state.settings.setValue("import/folder", str(paths[0].parent))
            self.import_paths(paths)

    def choose_import_folder(self) -> None:
        dialog = file_dialogs.build(
            self,
            "Import a folder of stories",
            self._start_folder("import/folder"),
            file_dialogs.Mode.FOLDER,
        )
        folders = self.run_dialog(dialog)
        if folders:
            self.state.settings.setValue("import/folder", str(folders[0].parent))
            self.import_paths(folders[:1])

    def import_paths(self, paths: list[Path], on_duplicate: str = "skip") -> ProgressRunner:
        """Import files or folders off the UI thread; the list refreshes when done."""
        from newsroom.importing import import_paths

        runner = ProgressRunner(self.tasks, self, "Importing stories")
        db = self.db

        def done(report) -> None:  # type: ignore[no-untyped-def]
            self.statusBar().showMessage(f"Imported: {report.summary()}", 15000)
            self.model.refresh()
            if report.failed:
                failures = "\n".join(f"{f.path}: {f.reason}" for f in report.failures)
                self.asker.error("Some files were not imported", failures[:4000])

        runner.finished.connect(done)
        runner.failed.connect(lambda message: self.asker.error("Import failed", message))
        self.import_runner = runner
        runner.start(
            lambda progress, cancelled: import_paths(
                db,
                paths,
                on_duplicate=on_duplicate,
                progress=progress,
                cancelled=cancelled,
                author=_author(),
            )
        )
        return runner

    # --- databases, undo, closing -------------------------------------------------------

    def choose_database(self) -> None:
        dialog = file_dialogs.build(
            self,
            "Open database",
            self._start_folder("database/folder"),
            file_dialogs.Mode.OPEN_FILE,
            "Newsroom databases (*.db *.sqlite);;All files (*)",
        )
        paths = self.run_dialog(dialog)
        if paths:
            self.state.settings.setValue("database/folder", str(paths[0].parent))
            self.database_requested.emit(str(paths[0]))

    def _start_folder(self, key: str) -> Path:
        """Where a file dialog opens: where that dialog was last used, else home."""
        folder = Path(str(self.state.settings.value(key) or Path.home()))
        return folder if folder.is_dir() else Path.home()

    def choose_database_url(self) -> None:
        """A shared newsroom on a server: postgresql+psycopg://user:pass@host/dbname."""
        url, ok = QInputDialog.getText(
            self,
            "Open database URL",
            "Database URL (e.g. postgresql+psycopg://editor:secret@newsdb/newsroom):",
        )
        if ok and url.strip():
            self.database_requested.emit(url.strip())

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for location in self.state.recent_databases():
            action = self.recent_menu.addAction(location)
            action.triggered.connect(
                lambda _=False, loc=location: self.database_requested.emit(loc)
            )

    def _on_focus(self, method: str) -> None:
        widget = self.focusWidget()
        if widget is not None and hasattr(widget, method):
            getattr(widget, method)()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.settle_unsaved():
            event.ignore()
            return
        self.state.save_window_state(self.saveGeometry(), self.saveState())
        self.release_lease()
        self.lease_timer.stop()
        self.tasks.close()  # late results are dropped, not delivered to a closed window
        event.accept()
