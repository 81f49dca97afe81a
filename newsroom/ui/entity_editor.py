"""The entity manager's form: an entity's name, kind, aliases and description, the
buttons that save or revert it, and the merge and delete controls, each field with an
error label beside it. It displays and collects; `EntityManager` fills it, reads it
and runs the changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from newsroom.core.models import EntityKind
from newsroom.ui.entity_entry import EntityEntry


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.hide()
    return label


class EntityForm(QWidget):
    """`errors`: the label beside each field ("name", "kind", "alias", "description")
    and beside the merge target ("target"); `general_error` for the rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout()
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind in EntityKind:
            self.kind.addItem(kind.value.capitalize(), kind.value)
        self.aliases = QPlainTextEdit()
        self.aliases.setPlaceholderText("One alias a line: a surname, an acronym, a spelling")
        self.aliases.setFixedHeight(self.aliases.fontMetrics().lineSpacing() * 4 + 12)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 4 + 12)
        self.usage = QLabel()
        self.usage.setStyleSheet("color: #555;")
        self.errors = {
            name: _error_label() for name in ("name", "kind", "alias", "description", "target")
        }
        for label, name, widget in (
            ("&Name", "name", self.name),
            ("&Kind", "kind", self.kind),
            ("&Aliases", "alias", self.aliases),
            ("&Description", "description", self.description),
        ):
            field = QWidget()
            column = QVBoxLayout(field)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(widget)
            column.addWidget(self.errors[name])
            form.addRow(label, field)
        form.addRow("", self.usage)
        self.new_button = QPushButton("&New entity")
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("Re&vert")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        self.merge_entry = EntityEntry()
        self.merge_entry.setPlaceholderText("Merge into… (type the entity that stays)")
        self.merge_button = QPushButton("&Merge")
        self.delete_button = QPushButton("De&lete…")
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_entry, 1)
        merge_row.addWidget(self.merge_button)
        self.target_label = QLabel()
        self.general_error = _error_label()

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(rule)
        layout.addLayout(merge_row)
        layout.addWidget(self.target_label)
        layout.addWidget(self.errors["target"])
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
