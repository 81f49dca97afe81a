"""The main window: the story list with its filters on the left, the story form in the
middle, the preview, links and suggestions docked on the right, and the menus.

It lays out and wires; the work is elsewhere. `EditSession` owns the story in the form
(open, save, conflicts, leases, recovery), `ListPane` the story list and its filters,
`SiteActions` export, import, settings and switching databases, and every database
call goes through `Operations`, off the UI thread. After a write, `Operations.changed` says what
changed and `_changed` refreshes only that.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from newsroom.core import entities, leases, links, revisions, sections
from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput, ArticleRecord
from newsroom.core.db import Database
from newsroom.core.recovery import RecoveryStore
from newsroom.core.sections import SectionRecord
from newsroom.ui.body_edit import connect_lines
from newsroom.ui.dialogs import Asker, SettingsDialog
from newsroom.ui.edit_session import EditSession
from newsroom.ui.editor import StoryEditor
from newsroom.ui.entity_lookup import EntityLookup, Tag, remap_ids
from newsroom.ui.entity_manager import EntityManager
from newsroom.ui.first_start import FirstStart
from newsroom.ui.help import HelpActions
from newsroom.ui.history import HistoryDialog
from newsroom.ui.links import LinksPanel, MoreNewsPicker, insert_token_at_paragraph_break
from newsroom.ui.list_pane import ListPane
from newsroom.ui.media_library import MediaLibrary
from newsroom.ui.menus import build_menus
from newsroom.ui.open_story import OpenStory
from newsroom.ui.operations import Changes, Operations
from newsroom.ui.pictures import PictureInserter
from newsroom.ui.preview import PreviewPane
from newsroom.ui.sections_dialog import SectionsDialog
from newsroom.ui.shortcuts import WindowKeysFirst
from newsroom.ui.site_actions import SiteActions
from newsroom.ui.spell_check import connect_spelling
from newsroom.ui.state import AppState
from newsroom.ui.suggestions import SuggestionsPanel
from newsroom.ui.tasks import Tasks
from newsroom.ui.thumbnails import Thumbnails

WORDS_PER_MINUTE = 230


def _first_look(
    session: Session,
) -> tuple[site_settings.SiteSettings, list[SectionRecord], list[str]]:
    """What the window needs before it can show anything: settings, sections, names."""
    return (
        site_settings.load(session),
        sections.list_sections(session),
        entities.entity_names(session),
    )


class MainWindow(QMainWindow):
    database_requested = Signal(str)
    ready = Signal()  # the first look at the database is done: settings, sections, list
    # Set by `build_menus`:
    new_action: QAction
    import_action: QAction
    publish_action: QAction
    export_action: QAction
    demo_action: QAction
    save_action: QAction
    entities_action: QAction
    insert_image_action: QAction
    media_action: QAction
    reset_filters_action: QAction
    recent_menu: QMenu

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
        self.ops = Operations(db, self.tasks, self)
        self.ops.failed.connect(self.show_error)
        self.ops.changed.connect(self._changed)
        self.site = site_settings.SiteSettings()
        self.setWindowTitle(f"Newsroom ({db.display_name})")
        self.history_dialog: HistoryDialog | None = None

        self.list_pane = ListPane(
            self.ops, lambda: self.site.tz, self._current_id, self.open_story, self
        )
        self.model, self.list = self.list_pane.model, self.list_pane.view
        self.filters = self.list_pane.filters

        self.editor = StoryEditor([], self.site.tz)
        self.editor.setEnabled(False)
        self.entity_lookup = EntityLookup(self.ops, self.asker, self)
        self.entity_lookup.created.connect(lambda _id: self._entities_changed({}))
        self.editor.tags.set_lookup(self.entity_lookup)
        self.thumbnails = Thumbnails(self.ops, self)
        self.editor.set_thumbnails(self.thumbnails)
        self.entity_manager: EntityManager | None = None
        self.sections_dialog: SectionsDialog | None = None
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
        self.first_start = FirstStart(self.ops, self.editor)
        editor_layout.addWidget(self.first_start, 1)
        split = QSplitter()
        split.addWidget(self.list_pane)
        split.addWidget(editor_area)
        split.setSizes([690, 420])  # the list's headline column wants the width
        self.setCentralWidget(split)

        self.session = EditSession(
            self.ops,
            self.editor,
            self.asker,
            RecoveryStore(self.state.recovery_dir, db.display_name),
            lambda: self.site.tz,
            self,
            lease_renew_ms=lease_renew_ms,
            state=self.state,
        )
        self.session.opened.connect(self._after_load)
        self.session.saved.connect(self._saved)
        self.session.closed.connect(self._story_closed)
        self.session.lease_changed.connect(self._show_lease)
        self.session.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.session.missing.connect(lambda _id: self.model.refresh())
        self.site_actions = SiteActions(self, db, self.ops, self.state, self.asker, self.site)
        self.pictures = PictureInserter(self)
        self.media_library: MediaLibrary | None = None
        self.site_actions.database_requested.connect(self.database_requested)
        self.site_actions.settings_saved.connect(self._settings_changed)
        self.first_start.follow(self.session, self.model)
        self.help = HelpActions(self, db)

        self._build_docks()
        self.words = QLabel()
        self.statusBar().addPermanentWidget(self.words)
        self.autosave_timer = QTimer(self, singleShot=True, interval=autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.preview_timer = QTimer(self, singleShot=True, interval=preview_ms)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.preview_timer.timeout.connect(self.refresh_links)
        self.editor.changed.connect(self._edited)
        connect_lines(self.editor.body, self.ops, self.open_story, self.statusBar().showMessage)
        connect_spelling(self)
        self.model.refreshed.connect(self.list_pane.shown)

        build_menus(self)
        self.window_keys = WindowKeysFirst(self)  # shortcuts work from every field
        self.first_start.add_ways(self.new_action, self.import_action, self.demo_action)
        geometry, layout = self.state.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1500, 900)
        if layout is not None:
            self.restoreState(layout)
        self.state.remember_database(db.display_name)
        self.ops.query(_first_look, self._first_look, title="Cannot read the database")

    # --- construction -------------------------------------------------------------------

    def _build_docks(self) -> None:
        self.preview = PreviewPane()
        self.preview.open_requested.connect(self.open_story)  # a clicked More-news line
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
        self.resizeDocks([self.preview_dock], [380], Qt.Orientation.Horizontal)
        self.suggestions = SuggestionsPanel(self.ops, self.asker, self)
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

    def _first_look(
        self, found: tuple[site_settings.SiteSettings, list[SectionRecord], list[str]]
    ) -> None:
        site, section_list, names = found
        self._apply_site(site)
        self.editor.set_sections(section_list)
        self.filters.set_sections(section_list)
        self.filters.set_entity_names(names)
        self.model.refreshed.connect(self.ready, Qt.ConnectionType.SingleShotConnection)
        self.model.held = False
        self.model.refresh()

    def _apply_site(self, site: site_settings.SiteSettings) -> None:
        self.site = site
        self.site_actions.site = site
        self.setWindowTitle(f"{site.site_name} — Newsroom ({self.db.display_name})")
        self.editor.set_time_zone(site.tz)
        self.model.tz = site.tz

    # --- what changed -------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        """Refresh what a write changed, and only that."""
        if changes.story_list:
            self.model.refresh()
        else:
            for article_id in changes.stories:
                self.model.invalidate(article_id)
        if changes.sections:
            self.ops.query(sections.list_sections, self._sections_changed, owner=self)
        if changes.links and self.current is not None:
            self.refresh_links()

    def _sections_changed(self, section_list: list[SectionRecord]) -> None:
        story = self.current
        gone = story is not None and story.loaded.section_id not in {
            None,
            *(s.id for s in section_list),
        }  # its section was deleted: the story moved, and has a new version
        clean = gone and not self.session.dirty  # (asked before the form's list changes)
        self.editor.set_sections(section_list)
        self.filters.set_sections(section_list)
        if clean:
            self.session.reload()

    def show_error(self, title: str, message: str) -> None:
        """The one place expected errors of operations reach the editor."""
        self.statusBar().showMessage(f"{title}: {message}", 10_000)
        self.asker.error(title, message)

    # --- the story in the editor (see EditSession) --------------------------------------

    @property
    def current(self) -> OpenStory | None:
        return self.session.current

    @property
    def dirty(self) -> bool:
        return self.session.dirty

    def open_story(self, article_id: int | None) -> None:
        """Show a story (asking about unsaved changes first); `story_opened` when shown."""
        if article_id is None:
            return

        def shown(opened: bool) -> None:
            if not opened:  # the editor kept the story it had: the list shows that one
                self.list_pane.select_current()

        self.session.open(article_id, shown)

    def new_story(self) -> None:
        self.session.new()
        self.list.clearSelection()

    def save(self) -> None:
        """Save off the UI thread; the session's `saved` when done (errors beside the field)."""
        self.session.save()

    def delete_story(self) -> None:
        self.session.delete()

    def renew_lease(self) -> None:
        self.session.renew_lease()

    def autosave(self) -> None:
        if self.session.autosave():
            self.statusBar().showMessage("Unsaved changes kept for recovery", 2000)

    def offer_recovery(self) -> None:
        self.session.offer_recovery(self.isVisible)

    def _after_load(self) -> None:
        self.autosave_timer.stop()
        self._update_words()
        self.list_pane.select_current()
        self.refresh_preview()
        self.refresh_links()
        self.suggestions.set_story(self.current.article_id if self.current else None)

    def _saved(self, record: ArticleRecord, is_new: bool) -> None:
        self.autosave_timer.stop()
        if is_new:
            self.suggestions.save_pending(record.id)
            self.suggestions.set_story(record.id)

    def _story_closed(self) -> None:
        self.suggestions.set_story(None)
        self.links_panel.set_links([], [])

    def _show_lease(self, other: leases.Lease | None) -> None:
        if other is None:
            self.lease_banner.hide()
            return
        self.lease_banner.setText(
            f"Being edited by {other.holder}: if you both save, the second save will "
            "ask which version to keep."
        )
        self.lease_banner.show()

    def _edited(self) -> None:
        self.autosave_timer.start()
        self.preview_timer.start()
        self._update_words()

    def _update_words(self) -> None:
        words = self.editor.word_count()
        minutes = max(1, round(words / WORDS_PER_MINUTE)) if words else 0
        self.words.setText(f"{words:,} words · {minutes} min read")

    # --- list (see ListPane) -------------------------------------------------------------

    def _current_id(self) -> int | None:
        return self.current.article_id if self.current is not None else None

    def focus_search(self) -> None:
        self.list_pane.focus_search()

    def step(self, delta: int) -> None:
        """Open the next (+1) or previous (-1) story in the list."""
        self.list_pane.step(delta)

    # --- links ----------------------------------------------------------------------------

    def refresh_links(self) -> None:
        """Outgoing links as the body stands now; backlinks from the database."""
        if self.current is None:
            self.links_panel.set_links([], [])
            return
        self.links_panel.look_up(self.ops, self.editor.body.toPlainText(), self.current.uid)

    def next_misspelling(self) -> None:
        """F7: the next misspelt word of the story, selected."""
        if self.current is not None and self.editor.next_misspelling() is None:
            self.statusBar().showMessage("No misspelt words in this story", 4000)

    def show_picker(self) -> None:
        if self.current is None:
            return
        content = self.editor.content()
        article_id = self.current.article_id

        def find(
            query: str, show: Callable[[list[links.LinkCandidate]], None], owner: QObject
        ) -> None:
            self.ops.query(
                lambda session: links.related(
                    session,
                    article_id=article_id,
                    entity_ids=content.entity_ids or (),
                    text=content.headline,
                    query=query,
                ),
                show,
                owner=owner,
            )

        self.picker = MoreNewsPicker(find, self)
        self.picker.chosen.connect(self.insert_link)
        self.picker.open()

    def insert_link(self, candidate: links.LinkCandidate) -> None:
        insert_token_at_paragraph_break(self.editor.body, candidate.uid, candidate.headline)
        self.editor.body.setFocus()

    # --- entities -------------------------------------------------------------------------

    def show_entities(self) -> EntityManager:
        """The entity manager, beside the window (not modal)."""
        if self.entity_manager is None:
            self.entity_manager = EntityManager(self.ops, self.asker, self.entity_lookup, self)
            self.entity_manager.changed.connect(
                lambda moved: self._entities_changed(moved, from_manager=True)
            )
        self.entity_manager.open()
        return self.entity_manager

    def show_media(self) -> MediaLibrary:
        """The media library, beside the window (not modal)."""
        if self.media_library is None:
            self.media_library = MediaLibrary(self.ops, self, use_as_lead=self.pictures.use_as_lead)
            self.media_library.image_changed.connect(self._image_changed)
        self.media_library.open()
        return self.media_library

    def _image_changed(self, media_id: int) -> None:
        """The library changed an image's text or file: the form and preview show it anew."""
        self.thumbnails.forget([media_id])
        self.refresh_preview()

    def show_sections(self) -> SectionsDialog:
        """The Sections dialog, beside the window (not modal)."""
        if self.sections_dialog is None:
            self.sections_dialog = SectionsDialog(self.ops, self.asker, self)
        self.sections_dialog.open()
        return self.sections_dialog

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
        self.ops.query(entities.entity_names, self.filters.set_entity_names, owner=self.filters)
        self.editor.spelling.reload()  # their names are spelt right
        self.suggestions.schedule()
        if self.filters.entity_filter.text().strip():
            self.filters.apply()
        if not from_manager and self.entity_manager and self.entity_manager.isVisible():
            self.entity_manager.refresh()  # (it searches again each time it is opened)

    # --- history, settings, preview -------------------------------------------------------

    def show_history(self) -> None:
        if self.current is None or self.current.article_id is None:
            return
        article_id = self.current.article_id
        db = self.db

        content = self.editor.content()
        site = self.site

        def load(revision_id: int) -> revisions.StoryView:  # runs in the dialog's worker
            with db.reading() as session:
                return revisions.revision_view(session, revision_id)

        def look(session: Session) -> tuple[list[revisions.RevisionInfo], revisions.StoryView]:
            listed = revisions.list_revisions(session, article_id)
            return listed, revisions.current_view(session, content)

        def show(found: tuple[list[revisions.RevisionInfo], revisions.StoryView]) -> None:
            if self.current is None or self.current.article_id != article_id:
                return
            revs, current = found
            dialog = HistoryDialog(revs, load, current, self, tz=site.tz, locale=site.locale)
            dialog.restore_requested.connect(self._restore_from_history)
            self.history_dialog = dialog
            dialog.open()

        self.ops.query(look, show, owner=self)

    def _restore_from_history(self, revision_id: int) -> None:
        def then(restored: bool) -> None:
            if restored and self.history_dialog is not None:
                self.history_dialog.accept()

        self.session.restore_revision(revision_id, then)

    def restore_revision(self, revision_id: int) -> None:
        self.session.restore_revision(revision_id)

    def show_settings(self) -> object:
        return self.site_actions.show_settings()

    @property
    def settings_dialog(self) -> SettingsDialog | None:
        return self.site_actions.settings_dialog

    def _settings_changed(self, site: site_settings.SiteSettings) -> None:
        """Saved site settings reach the open window at once: a new time zone shows the
        form's dates as the same moments on the new clocks (`DateField.set_time_zone`),
        and the list is asked again, its filter's days now days of the new zone."""
        zone_changed = site.time_zone != self.site.time_zone
        self._apply_site(site)
        if zone_changed:
            self.filters.apply()
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Render the preview off the UI thread; a newer request supersedes older ones."""
        if self.current is None or not self.preview_dock.isVisible():
            return
        data = self.editor.content(new=self.current.article_id is None)
        self.preview.show_story(self.ops, data, self.current.uid)

    # --- undo, closing ----------------------------------------------------------------------

    def on_focus(self, method: str) -> None:
        """Undo/redo go to whichever text field has the focus (each keeps its own)."""
        widget = self.focusWidget()
        if widget is not None and hasattr(widget, method):
            getattr(widget, method)()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing waits for the answer about unsaved text (and for its save): the
        one place the window waits on the database, in a local event loop, so it
        still paints."""
        settled: list[bool] = []
        waiting = QEventLoop()

        def done(ok: bool) -> None:
            settled.append(ok)
            waiting.quit()

        self.session.settle(lambda: done(True), lambda: done(False))
        if not settled:
            waiting.exec()
        if not settled[0]:
            event.ignore()
            return
        self.state.save_window_state(self.saveGeometry(), self.saveState())
        self.session.release_lease()
        self.session.lease.stop()
        self.tasks.close()  # late results are dropped, not delivered to a closed window
        event.accept()
