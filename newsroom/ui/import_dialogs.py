"""The import's two dialogs: what status the stories arrive with, and what happened to
each file that did not go in (with the offer to update the stories it skipped).

Both are opened with `open()` (window-modal, not blocking), so a test drives them as
an editor does; `SiteActions` keeps the one open in `import_options` / `import_summary`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the importers load only when an import starts
    from newsroom.importing.report import ImportReport


class ImportOptionsDialog(QDialog):
    """Asked before an import: pages from a live site say "published", and an editor
    importing them usually wants to read them before they go on this site, so drafts is
    the default. The status each file gives is one click away."""

    def __init__(self, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import stories")
        what = f"“{paths[0].name}”" if len(paths) == 1 else f"{len(paths)} files"
        text = QLabel(f"Import {what}. The stories arrive:")
        text.setTextFormat(Qt.TextFormat.PlainText)
        self.drafts = QRadioButton("As &drafts, to read before publishing them")
        self.keep = QRadioButton("With the status each file &gives (a dated page is published)")
        self.drafts.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.drafts)
        group.addButton(self.keep)
        note = QLabel("A story already here that an import updates keeps its status.")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (text, self.drafts, self.keep, note, self.buttons):
            layout.addWidget(widget)

    def status(self) -> str:
        """The import service's `status`: "draft" or "keep"."""
        return "draft" if self.drafts.isChecked() else "keep"


class ImportSummaryDialog(QDialog):
    """Each file that was skipped or failed, and why; "Update these N stories" re-runs
    the import with update for the files skipped as stories already here."""

    update_requested = Signal(list)  # the paths (str) of the files to update from

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        summary = QLabel(report.summary())
        summary.setWordWrap(True)
        self.files = QTreeWidget()
        self.files.setHeaderLabels(["File", "", "Why"])
        self.files.setRootIsDecorated(False)
        self.files.setWordWrap(True)
        for result in report.files:
            if result.outcome in ("skipped", "failed"):
                item = QTreeWidgetItem([Path(result.path).name, result.outcome, result.reason])
                item.setToolTip(0, result.path)
                item.setToolTip(2, result.reason)
                self.files.addTopLevelItem(item)
        for column in (0, 1):
            self.files.resizeColumnToContents(column)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.paths = [f.path for f in report.updatable]
        self.update_button = None
        if self.paths:
            n = len(self.paths)
            label = "&Update this story" if n == 1 else f"&Update these {n} stories"
            self.update_button = self.buttons.addButton(
                label, QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.update_button.setToolTip(
                "Save each as a new version of the story already here, from its file"
            )
            self.update_button.clicked.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.files, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 360)

    def rows(self) -> list[tuple[str, str, str]]:
        """(file name, outcome, reason) as listed: what the editor reads."""
        rows = []
        for i in range(self.files.topLevelItemCount()):
            item = self.files.topLevelItem(i)
            assert item is not None
            rows.append((item.text(0), item.text(1), item.text(2)))
        return rows

    def _update(self) -> None:
        self.accept()
        self.update_requested.emit(list(self.paths))
