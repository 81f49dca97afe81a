"""The Sections dialog: the site's sections in navigation order; add, rename, reorder
and delete them.

A non-modal window beside the editor, like the entity manager. Each button is one
service call (`core.sections`) in one transaction through `Operations`, so a refused
name writes nothing and the reason shows beside the name field. The list is read
again whenever a write says sections or stories changed (a story's section counts),
from this dialog or elsewhere; the window's section filter and story form follow the
same notification.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from newsroom.core import sections
from newsroom.core.errors import NewsroomError, ValidationError
from newsroom.core.sections import SectionRecord
from newsroom.core.users import login_name
from newsroom.publish.site import section_path
from newsroom.ui.operations import Changes, Operations

_Index = QModelIndex | QPersistentModelIndex
Row = tuple[SectionRecord, int]  # a section and how many stories it holds


def _stories(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"


def address(record: SectionRecord) -> str:
    """Where the section's pages live on the exported site (its folder)."""
    return section_path(record.slug).removesuffix("index.html")


def _read(session: Session) -> list[Row]:
    counts = sections.story_counts(session)
    return [(s, counts.get(s.id, 0)) for s in sections.list_sections(session)]


class SectionListModel(QAbstractListModel):
    """The sections as last read, in navigation order, each with its story count."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> SectionRecord | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def row_of(self, section_id: int | None) -> int | None:
        return next((n for n, (s, _) in enumerate(self.rows) if s.id == section_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        record, count = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{record.name}  ({_stories(count)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Pages at {address(record)}"
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        return None


class SectionsDialog(QDialog):
    """See the module notes. `answered(ok)` follows every write this dialog starts."""

    refreshed = Signal()  # the list shows the latest read
    answered = Signal(bool)  # a write this dialog started: whether it went through

    def __init__(self, ops: Operations, asker: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sections")
        self.ops = ops
        self.asker = asker
        self._generation = 0  # reads asked for
        self._shown = 0  # the read the list shows
        self._wanted: int | None = None  # select this section when the list arrives

        self.model = SectionListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._chosen())
        hint = QLabel("In the order of the site's navigation.")
        hint.setStyleSheet("color: #555;")

        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move &down")
        self.delete_button = QPushButton("De&lete…")
        self.destination = QComboBox()
        self.destination.setToolTip("Where the deleted section's stories go")
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button.clicked.connect(lambda: self.move_by(1))
        self.delete_button.clicked.connect(self.delete)
        side = QVBoxLayout()
        side.addWidget(self.up_button)
        side.addWidget(self.down_button)
        side.addSpacing(16)
        side.addWidget(self.delete_button)
        side.addWidget(QLabel("Its stories go to:"))
        side.addWidget(self.destination)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.view, 1)
        top.addLayout(side)

        self.name = QLineEdit()
        self.name.setPlaceholderText("A section's name, e.g. World")
        self.name.textEdited.connect(lambda _: self._clear_error())
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.new_address = QCheckBox("Change the address too")
        self.new_address.setToolTip(
            "Give the section's pages an address made from the new name; links to the "
            "old address stop working"
        )
        self.where = QLabel()
        self.where.setStyleSheet("color: #555;")
        self.add_button = QPushButton("&Add")
        self.rename_button = QPushButton("&Rename")
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        field = QWidget()
        column = QVBoxLayout(field)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(self.name)
        column.addWidget(self.error)
        form = QFormLayout()
        form.addRow("&Name", field)
        form.addRow("", self.new_address)
        form.addRow("", self.where)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.rename_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(480, 420)
        ops.changed.connect(self._elsewhere)
        self._chosen()

    def open(self) -> None:
        """Show without blocking the main window (QDialog.open would make it modal)."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.refresh()

    # --- the list -----------------------------------------------------------------------

    def _elsewhere(self, changes: Changes) -> None:
        """A write changed sections or stories (a count): read the list again."""
        if self.isVisible() and (changes.sections or changes.story_list or changes.stories):
            self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Read the sections again (in a worker); then select `select`, or keep the
        selection. An answer to an older read is dropped."""
        if select is not None:
            self._wanted = select
        elif self._shown == self._generation:  # no read under way whose choice to keep
            current = self.current
            self._wanted = current.id if current is not None else None
        self._generation += 1
        generation = self._generation
        self.ops.query(_read, lambda rows: self._show(generation, rows), owner=self)

    def _show(self, generation: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return
        self._shown = generation
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        self.model.set_rows(rows)
        row = self.model.row_of(self._wanted)
        if row is not None:
            selection.setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        selection.blockSignals(False)
        self._chosen(keep_name=row is not None)
        self.refreshed.emit()

    @property
    def current(self) -> SectionRecord | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        return self.model.record(index.row())

    def select(self, section_id: int) -> bool:
        """Select a listed section (False if it is not listed)."""
        row = self.model.row_of(section_id)
        if row is None:
            return False
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._chosen()  # (no signal when it was chosen already)
        return True

    def _chosen(self, keep_name: bool = False) -> None:
        """Fit the buttons, the name field and the stories' destinations to the selection."""
        record = self.current
        row = self.view.currentIndex().row() if record else -1
        self.up_button.setEnabled(record is not None and row > 0)
        self.down_button.setEnabled(record is not None and row < len(self.model.rows) - 1)
        self.delete_button.setEnabled(record is not None)
        self.rename_button.setEnabled(record is not None)
        self.new_address.setEnabled(record is not None)
        wanted = self.destination.currentData()
        self.destination.clear()
        self.destination.addItem("(no section)", None)
        for other, _ in self.model.rows:
            if record is None or other.id != record.id:
                self.destination.addItem(other.name, other.id)
        self.destination.setCurrentIndex(max(0, self.destination.findData(wanted)))
        self.destination.setEnabled(record is not None)
        self.where.setText(f"Pages at {address(record)}" if record else "")
        if record is not None and not keep_name:
            self.name.setText(record.name)
            self.new_address.setChecked(False)
            self._clear_error()

    def _clear_error(self) -> None:
        self.error.hide()

    def _refused(self, exc: NewsroomError) -> None:
        self.error.setText(exc.message if isinstance(exc, ValidationError) else str(exc))
        self.error.show()
        self.refresh()  # a section deleted meanwhile drops out of the list
        self.answered.emit(False)

    def _wrote(self, select: int | None, shown: SectionRecord | None = None) -> None:
        """A write went through: select `select` when the list arrives; `shown` is a
        section added or renamed, whose name the form now shows as stored."""
        if shown is not None:
            self.name.setText(shown.name)
            self.new_address.setChecked(False)
        self.refresh(select)
        self.answered.emit(True)

    # --- the changes --------------------------------------------------------------------

    def add(self) -> None:
        """A new section named as the field says, at the end of the navigation."""
        self._clear_error()
        name = self.name.text()
        self.ops.write(
            lambda session: sections.create_section(session, name),
            lambda record: self._wrote(record.id, record),
            changes=Changes(sections=True),
            on_error=self._refused,
            owner=self,
        )

    def rename(self) -> None:
        """The selected section takes the field's name (and an address from it, if the
        box is ticked)."""
        self._clear_error()
        record, name, new_slug = self.current, self.name.text(), self.new_address.isChecked()
        if record is None:
            self.answered.emit(False)
            return
        self.ops.write(
            lambda session: sections.rename_section(session, record.id, name, new_slug=new_slug),
            lambda renamed: self._wrote(renamed.id, renamed),
            changes=Changes(sections=True, story_list=True),  # the list shows section names
            on_error=self._refused,
            owner=self,
        )

    def move_by(self, step: int) -> None:
        """The selected section one place up (-1) or down (+1) in the navigation."""
        self._clear_error()
        record = self.current
        if record is None:
            self.answered.emit(False)
            return
        place = self.view.currentIndex().row() + 1 + step
        self.ops.write(
            lambda session: sections.move_section(session, record.id, place),
            lambda _order: self._wrote(record.id),
            changes=Changes(sections=True),
            on_error=self._refused,
            owner=self,
        )

    def delete(self) -> None:
        """Delete the selected section after asking, with how many stories it holds
        (counted now) and where they go (the box beside the button)."""
        self._clear_error()
        record = self.current
        if record is None:
            self.answered.emit(False)
            return
        target_id: int | None = self.destination.currentData()
        target = self.destination.currentText()

        def ask(counts: dict[int, int]) -> None:
            held = counts.get(record.id, 0)
            if not held:
                fate = "No story is in it."
            elif target_id is None:
                fate = f"Its {_stories(held)} will have no section."
            else:
                fate = f"Its {_stories(held)} will move to “{target}”."
            gone = f"Its pages ({address(record)}) leave the site on the next export."
            if not self.asker.confirm("Delete section", f"Delete “{record.name}”? {fate} {gone}"):
                self.answered.emit(False)
                return
            who = login_name()
            self.ops.write(
                lambda session: sections.delete_section(
                    session, record.id, move_to=target_id, author=who
                ),
                lambda _moved: self._wrote(target_id),
                changes=lambda moved: Changes(sections=True, story_list=bool(moved)),
                on_error=self._refused,
                owner=self,
            )

        self.ops.query(sections.story_counts, ask, on_error=self._refused, owner=self)
