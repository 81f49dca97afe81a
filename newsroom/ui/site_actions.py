"""The File menu's site work: export, import, site settings, switching databases.

Export and import are long: they run in the window's worker pool behind a progress
dialog (`ProgressRunner`). Every file dialog comes from `file_dialogs`, which never
opens the files it lists (see there why that matters for the database's locks).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu

from newsroom.core import settings as site_settings
from newsroom.core.db import Database
from newsroom.publish.export import export_site
from newsroom.ui import file_dialogs
from newsroom.ui.dialogs import SettingsDialog
from newsroom.ui.edit_session import author
from newsroom.ui.import_dialogs import ImportOptionsDialog, ImportSummaryDialog
from newsroom.ui.operations import Changes, Operations
from newsroom.ui.progress_runner import ProgressRunner
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
        self.export_action: Any = None  # set by the window's menu

    def _status(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _start_folder(self, key: str) -> Path:
        """Where a file dialog opens: where that dialog was last used, else home."""
        folder = Path(str(self.state.settings.value(key) or Path.home()))
        return folder if folder.is_dir() else Path.home()

    # --- export ------------------------------------------------------------------------

    def choose_export_folder(self) -> None:
        last = Path(str(self.state.settings.value("export/folder") or Path.home() / "site"))
        start = last.parent if last.parent.is_dir() else Path.home()
        dialog = file_dialogs.build(
            self.window, "Export the site into a folder", start, file_dialogs.Mode.FOLDER
        )
        if last.is_dir():
            dialog.selectFile(str(last))
        chosen = self.run_dialog(dialog)
        if chosen:
            self.export_to(chosen[0])

    def export_to(self, out: Path, now: datetime | None = None) -> ProgressRunner:
        """Export the published stories into `out`, off the UI thread, with progress."""
        self.state.settings.setValue("export/folder", str(out))
        runner = ProgressRunner(self.ops.tasks, self.window, "Exporting the site")
        when = now or datetime.now(UTC)
        runner.finished.connect(lambda result: self._status(f"Exported: {result.summary()}", 15000))

        def failed(message: str) -> None:
            if runner.cancelled():
                self._status("Export cancelled; the previous site is untouched", 8000)
            else:
                self.asker.error("Export failed", message)

        runner.failed.connect(failed)
        if self.export_action is not None:
            action = self.export_action
            action.setEnabled(False)
            runner.finished.connect(lambda _r: action.setEnabled(True))
            runner.failed.connect(lambda _m: action.setEnabled(True))
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
        from newsroom.importing import import_paths

        runner = ProgressRunner(self.ops.tasks, self.window, "Importing stories")
        db = self.db
        who = author()

        def done(report) -> None:  # type: ignore[no-untyped-def]
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
        dialog = SettingsDialog(self.site, self._save_settings, self.window)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _save_settings(self, wanted: site_settings.SiteSettings, dialog: SettingsDialog) -> None:
        def done(saved: site_settings.SiteSettings) -> None:
            self.site = saved
            dialog.saved(saved)
            self.settings_saved.emit(saved)

        self.ops.write(
            lambda session: site_settings.save(session, wanted),
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
