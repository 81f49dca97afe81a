"""The File menu's site work: publish and export, import, site settings, new and
other databases (the demo newsroom's included).

Publish writes the site into the database's site folder (a site setting, asked for
on the first publish); export writes it into any folder, once. Both, and import, are
long: they run in the window's worker pool behind a progress dialog
(`ProgressRunner`). Every file dialog comes from `file_dialogs`, which never opens the
files it lists (see there why that matters for the database's locks).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu
from sqlalchemy.orm import Session

from newsroom.core import links
from newsroom.core import settings as site_settings
from newsroom.core.articles import count_articles
from newsroom.core.db import Database, default_location, open_database, sqlite_path
from newsroom.core.demo import demo_database, load_demo
from newsroom.core.errors import DatabaseOpenError, NewsroomError, ValidationError
from newsroom.core.progress import Progress
from newsroom.core.users import login_name
from newsroom.publish.export import export_site
from newsroom.publish.result import ExportResult
from newsroom.publish.site_folder import ExportError, check_folder
from newsroom.ui import file_dialogs
from newsroom.ui.dialogs import SettingsDialog
from newsroom.ui.import_dialogs import ImportOptionsDialog, ImportSummaryDialog

if TYPE_CHECKING:
    from newsroom.importing.report import ImportReport
from newsroom.ui.operations import Changes, Operations
from newsroom.ui.progress_runner import ProgressRunner
from newsroom.ui.publish_summary import PublishSummary
from newsroom.ui.state import AppState


class SiteActions(QObject):
    database_requested = Signal(str)
    settings_saved = Signal(object)  # SiteSettings
    imported = Signal(object)  # the import's report

    def __init__(
        self,
        window: QMainWindow,
        db: Database,
        ops: Operations,
        state: AppState,
        asker: Any,
        site: site_settings.SiteSettings,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.db = db
        self.ops = ops
        self.state = state
        self.asker = asker
        self.site = site
        self.run_dialog: file_dialogs.Runner = file_dialogs.run
        self.export_runner: ProgressRunner | None = None
        self.import_runner: ProgressRunner | None = None
        self.import_options: ImportOptionsDialog | None = None
        self.import_summary: ImportSummaryDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.export_actions: list[QAction] = []  # set by the menus: off while exporting
        self.summary_dialog: PublishSummary | None = None
        self.demo_location = default_location().parent / "demo.db"

    def _status(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _start_folder(self, key: str) -> Path:
        """Where a file dialog opens: where that dialog was last used, else home."""
        folder = Path(str(self.state.settings.value(key) or Path.home()))
        return folder if folder.is_dir() else Path.home()

    # --- publish and export -------------------------------------------------------------

    def publish(self) -> None:
        """Ctrl+Shift+E: the site again, into the database's site folder, straight away.
        The first time (no folder set) the folder is asked for; it is kept once a
        site is in it, and shown and changed in Site settings."""
        self._exporting(True)  # from the first key press: one export at a time

        def not_read(exc: NewsroomError) -> None:
            self._exporting(False)
            self.asker.error("The site was not published", str(exc))

        self.ops.query(site_settings.load, self._publish_with, on_error=not_read, owner=self)

    def _exporting(self, busy: bool) -> None:
        for action in self.export_actions:
            action.setEnabled(not busy)

    def _publish_with(self, site: site_settings.SiteSettings) -> None:
        if site.site_folder:
            self.export_to(Path(site.site_folder), publishing=True)
            return
        chosen = self.ask_folder(
            "Publish the site into which folder? (Asked once: Site settings can change it)",
            self._last_export_folder(),
        )
        if chosen is None:
            self._exporting(False)
            return
        runner = self.export_to(chosen, publishing=True)
        runner.finished.connect(lambda _result: self._keep_site_folder(chosen))

    def _keep_site_folder(self, folder: Path) -> None:
        self.ops.write(
            lambda session: site_settings.save_site_folder(session, str(folder)),
            self.settings_saved.emit,
            changes=Changes(settings=True),
            title="The site folder was not kept",
            owner=self,
        )

    def _last_export_folder(self) -> Path:
        return Path(str(self.state.settings.value("export/folder") or Path.home() / "site"))

    def ask_folder(self, caption: str, last: Path) -> Path | None:
        """The app's folder dialog, opened beside `last` with `last` selected."""
        start = last.parent if last.parent.is_dir() else Path.home()
        dialog = file_dialogs.build(self.window, caption, start, file_dialogs.Mode.FOLDER)
        if last.is_dir():
            dialog.selectFile(str(last))
        chosen = self.run_dialog(dialog)
        return chosen[0] if chosen else None

    def choose_export_folder(self) -> None:
        """Export to another folder…: a one-off export, the site folder unchanged."""
        chosen = self.ask_folder("Export the site into a folder", self._last_export_folder())
        if chosen is not None:
            self.export_to(chosen)

    def export_to(
        self, out: Path, now: datetime | None = None, *, publishing: bool = False
    ) -> ProgressRunner:
        """Export the published stories into `out`, off the UI thread, with progress;
        then a summary (`summary_dialog`). `publishing`: into the site folder."""
        self.state.settings.setValue("export/folder", str(out))
        verb = "Publishing" if publishing else "Exporting"
        runner = ProgressRunner(self.ops.tasks, self.window, f"{verb} the site")
        when = now or datetime.now(UTC)

        def done(found: tuple[ExportResult, dict[str, str]]) -> None:
            result, headlines = found
            self._status(f"{'Published' if publishing else 'Exported'}: {result.summary()}", 15000)
            title = "Site published" if publishing else "Site exported"
            if self.summary_dialog is not None:  # the last one, if still open, goes
                self.summary_dialog.close()
                self.summary_dialog.deleteLater()
            self.summary_dialog = PublishSummary(title, result, headlines, self.window)
            self.summary_dialog.show()

        def failed(message: str) -> None:
            if runner.cancelled():
                self._status(f"{verb} cancelled; the previous site is untouched", 8000)
            elif publishing:
                self.asker.error(
                    "The site was not published",
                    f"{message}\n\n(The site folder is set in File > Site settings.)",
                )
            else:
                self.asker.error("Export failed", message)

        self._exporting(True)
        runner.finished.connect(lambda _r: self._exporting(False))
        runner.failed.connect(lambda _m: self._exporting(False))
        runner.finished.connect(done)
        runner.failed.connect(failed)
        self.export_runner = runner
        db = self.db

        def work(
            progress: Progress, cancelled: Callable[[], bool]
        ) -> tuple[ExportResult, dict[str, Any]]:
            # No forked render workers from inside the GUI (processes=1): forking a
            # process that runs Qt threads can deadlock the child. The export has its
            # own thread.
            result = export_site(
                db, out, now=when, progress=progress, cancelled=cancelled, processes=1
            )
            targets = sorted({x["target_uid"] for x in result.left_out_links})
            with db.reading() as session:
                described = links.describe(session, targets)
            return result, {t.uid: t.headline for t in described if t.id is not None}

        runner.start(work)
        return runner

    # --- import ------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        dialog = file_dialogs.build(
            self.window,
            "Import stories",
            self._start_folder("import/folder"),
            file_dialogs.Mode.OPEN_FILES,
            "Stories (*.md *.markdown *.html *.htm *.txt);;All files (*)",
        )
        paths = self.run_dialog(dialog)
        if paths:
            self.state.settings.setValue("import/folder", str(paths[0].parent))
            self.ask_import(paths)

    def choose_import_folder(self) -> None:
        dialog = file_dialogs.build(
            self.window,
            "Import a folder of stories",
            self._start_folder("import/folder"),
            file_dialogs.Mode.FOLDER,
        )
        folders = self.run_dialog(dialog)
        if folders:
            self.state.settings.setValue("import/folder", str(folders[0].parent))
            self.ask_import(folders[:1])

    def ask_import(self, paths: list[Path]) -> ImportOptionsDialog:
        """Ask what status the stories arrive with, then import them."""
        dialog = ImportOptionsDialog(paths, self.window)
        dialog.accepted.connect(lambda: self.import_paths(paths, status=dialog.status()))
        if self.import_options is not None:
            self.import_options.deleteLater()
        self.import_options = dialog
        dialog.open()
        return dialog

    def import_paths(
        self,
        paths: list[Path],
        on_duplicate: str = "skip",
        status: str = "draft",
        only: list[str] | None = None,
    ) -> ProgressRunner:
        """Import files or folders off the UI thread; the list refreshes when done, and
        the files skipped or failed are listed with why (`ImportSummaryDialog`), with the
        offer to update the stories skipped (the same import again, `only` those files)."""
        from newsroom.importing.service import import_paths

        runner = ProgressRunner(self.ops.tasks, self.window, "Importing stories")
        db = self.db
        who = login_name()

        def done(report: ImportReport) -> None:
            drafts = " as drafts" if status == "draft" and report.imported else ""
            self._status(f"Imported{drafts}: {report.summary()}", 15000)
            self.ops.changed.emit(Changes(story_list=True, entities=True, sections=True))
            self.imported.emit(report)
            if report.failed or report.skipped:
                summary = ImportSummaryDialog(report, self.window)
                summary.update_requested.connect(
                    lambda files: self.import_paths(paths, "update", status, files)
                )
                if self.import_summary is not None:
                    self.import_summary.deleteLater()
                self.import_summary = summary
                summary.open()

        runner.finished.connect(done)
        runner.failed.connect(lambda message: self.asker.error("Import failed", message))
        self.import_runner = runner
        runner.start(
            lambda progress, cancelled: import_paths(
                db,
                paths,
                on_duplicate=on_duplicate,
                status=status,
                only=only,
                progress=progress,
                cancelled=cancelled,
                author=who,
            )
        )
        return runner

    # --- settings ----------------------------------------------------------------------

    def show_settings(self) -> SettingsDialog:
        """Site settings; a save runs off the UI thread and errors show beside fields."""
        dialog = SettingsDialog(
            self.site, self._save_settings, self.window, choose_folder=self._choose_site_folder
        )
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _choose_site_folder(self, current: str) -> str | None:
        last = Path(current) if current else self._last_export_folder()
        chosen = self.ask_folder("The folder Publish site writes the site into", last)
        return str(chosen) if chosen is not None else None

    def _save_settings(self, wanted: site_settings.SiteSettings, dialog: SettingsDialog) -> None:
        before = self.site.site_folder

        def done(saved: site_settings.SiteSettings) -> None:
            self.site = saved
            dialog.saved(saved)
            self.settings_saved.emit(saved)

        def save(session: Session) -> site_settings.SiteSettings:
            saved = site_settings.save(session, wanted)
            if saved.site_folder and saved.site_folder != before:
                try:  # a folder Publish would refuse is refused now, beside the field
                    check_folder(Path(saved.site_folder))
                except ExportError as exc:
                    raise ValidationError("site_folder", str(exc)) from exc
            return saved

        self.ops.write(
            save,
            done,
            changes=Changes(settings=True),
            on_error=dialog.refused,
            owner=dialog,
        )

    # --- databases ---------------------------------------------------------------------

    def choose_database(self) -> None:
        dialog = file_dialogs.build(
            self.window,
            "Open database",
            self._start_folder("database/folder"),
            file_dialogs.Mode.OPEN_FILE,
            "Newsroom databases (*.db *.sqlite);;All files (*)",
        )
        paths = self.run_dialog(dialog)
        if paths:
            self.state.settings.setValue("database/folder", str(paths[0].parent))
            self.database_requested.emit(str(paths[0]))

    def choose_new_database(self) -> None:
        """File > New database…: a new file, created empty and migrated, then opened."""
        dialog = file_dialogs.build(
            self.window,
            "New database",
            self._start_folder("database/folder"),
            file_dialogs.Mode.NEW_FILE,
            "Newsroom databases (*.db)",
        )
        dialog.setDefaultSuffix("db")
        paths = self.run_dialog(dialog)
        if paths:
            self.state.settings.setValue("database/folder", str(paths[0].parent))
            self.create_database(paths[0])

    def create_database(self, path: Path) -> None:
        """Create an empty database at `path` off the UI thread, then switch to it. An
        existing file is refused, never replaced (Open database… opens one)."""

        def create() -> str:
            if path.exists():
                raise DatabaseOpenError(
                    f"{path} already exists; give a new name (File > Open database… opens it)"
                )
            open_database(path).close()
            return str(path)

        self.ops.tasks.run(
            create,
            self.database_requested.emit,
            lambda exc: self.asker.error("No new database", str(exc)),
            owner=self,
        )

    def open_demo(self) -> None:
        """The demo newsroom: its own database beside the default one (made and filled
        the first time), opened in place of this one. If this one is that file,
        emptied, the demo goes back into it."""
        path = self.demo_location.absolute()
        who = login_name()

        def failed(exc: NewsroomError) -> None:
            self.asker.error("No demo newsroom", str(exc))

        if sqlite_path(self.db.url) == path:
            self.ops.write(
                lambda session: count_articles(session) or load_demo(session, author=who),
                lambda _n: self.ops.query(site_settings.load, self.settings_saved.emit),
                changes=Changes(story_list=True, entities=True, sections=True, settings=True),
                on_error=failed,
                owner=self,
            )
            return
        self.ops.tasks.run(
            lambda: demo_database(path, author=who),
            lambda _n: self.database_requested.emit(str(path)),
            failed,
            owner=self,
        )

    def choose_database_url(self) -> None:
        """A shared newsroom on a server: postgresql+psycopg://user:pass@host/dbname."""
        url, ok = QInputDialog.getText(
            self.window,
            "Open database URL",
            "Database URL (e.g. postgresql+psycopg://editor:secret@newsdb/newsroom):",
        )
        if ok and url.strip():
            self.database_requested.emit(url.strip())

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        for location in self.state.recent_databases():
            action = menu.addAction(location)
            action.triggered.connect(
                lambda _=False, loc=location: self.database_requested.emit(loc)
            )
