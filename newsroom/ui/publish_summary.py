"""The summary after a publish or export: where the site is, what changed, and the
More-news lines left out (and why), with a way to open the folder.

Not modal: the editor reads it, opens the folder or goes on writing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from newsroom.publish.result import ExportResult
from newsroom.ui import desktop


def counts_line(result: ExportResult) -> str:
    return (
        f"{result.written:,} written, {result.unchanged:,} unchanged, "
        f"{result.removed:,} removed ({result.stories:,} stories, {result.pages:,} files, "
        f"{result.seconds:.1f} s)"
    )


def left_out_lines(result: ExportResult, headlines: dict[str, str]) -> list[str]:
    """One line per More-news line left out: the target's headline (its uid when it is
    not in the database), the story holding the line, and why."""
    return [
        f"“{headlines.get(x['target_uid'], x['target_uid'])}” in {x['story']}: {x['reason']}"
        for x in result.left_out_links
    ]


class PublishSummary(QDialog):
    def __init__(
        self,
        title: str,
        result: ExportResult,
        headlines: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.export_result = result
        self.folder = Path(result.folder)
        where = QLabel(f"The site is in {self.folder}")
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = QLabel(f"Files: {counts_line(result)}.")
        lines = left_out_lines(result, headlines)
        self.left_out_label = QLabel(
            f"{len(lines)} More-news line(s) left out (their stories are not on the site):"
            if lines
            else "No More-news line was left out."
        )
        self.left_out = QListWidget()
        self.left_out.addItems(lines)
        self.left_out.setVisible(bool(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("Open folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: desktop.show_folder(self.folder))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (where, self.counts, self.left_out_label):
            layout.addWidget(widget)
        layout.addWidget(self.left_out, 1)
        layout.addWidget(buttons)
        self.resize(620, 320 if lines else 160)

    def text(self) -> str:
        """Everything the summary says, as plain text (for the status bar and tests)."""
        items = [self.left_out.item(i).text() for i in range(self.left_out.count())]
        return "\n".join([self.counts.text(), self.left_out_label.text(), *items])
