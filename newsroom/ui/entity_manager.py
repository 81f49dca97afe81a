"""The entity manager: find, create, edit, rename, merge and delete entities.

A non-modal window beside the editor. The list is an item model over
`search_entities` results, queried in a worker as the search text settles (a page
of rows at most: 50,000 entities are searched, not scrolled). Each change is one
service call in one transaction, so a refused edit (a duplicate name, an alias
another entity owns) writes nothing; the error is shown beside its field.

`changed` carries what happened to ids, for windows holding them: {} for a create
or an edit, {source: target} for a merge, {id: None} for a delete.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from newsroom.core import entities
from newsroom.core.entities import EntityRecord, EntitySummary
from newsroom.core.errors import NewsroomError, ValidationError
from newsroom.core.models import EntityKind
from newsroom.ui.operations import Changes, Operations
from newsroom.ui.tags import EntityEntry, EntityLookup, Tag

_Index = QModelIndex | QPersistentModelIndex
PAGE = 500
COLUMNS = ("Name", "Kind", "Stories", "Aliases")


class EntityTableModel(QAbstractTableModel):
    """Rows of `EntitySummary`, as the last search returned them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[EntitySummary] = []

    def set_rows(self, rows: Sequence[EntitySummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def id_at(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, entity_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == entity_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.kind, row.story_count, ", ".join(row.aliases))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and row.aliases:
            return "\n".join(row.aliases)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.hide()
    return label


class EntityManager(QDialog):
    """Entities, searchable, with an edit form; see the module notes."""

    changed = Signal(object)
    refreshed = Signal()
    filled = Signal()  # the form shows an entity (or a new one)
    settled = Signal(bool)  # a save, merge or delete finished: whether it went through

    def __init__(
        self,
        ops: Operations,
        asker: Any,
        lookup: EntityLookup,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Entities")
        self.ops = ops
        self.asker = asker
        self.loaded: EntityRecord | None = None  # None: the form holds a new entity
        self.merge_target: Tag | None = None
        self._generation = 0
        self._wanted: int | None = None  # select this entity when the list arrives

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names and aliases")
        self.search.setClearButtonEnabled(True)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("Any kind", None)
        for kind in EntityKind:
            self.kind_filter.addItem(kind.value.capitalize(), kind.value)
        self.model = EntityTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 96), (2, 60), (3, 180)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.count = QLabel()
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.kind_filter)
        left_layout.addLayout(row)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self._build_form(lookup))
        split.setSizes([560, 400])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        self.resize(1000, 600)

        self.timer = QTimer(self, singleShot=True, interval=200)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_edited)
        self.kind_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.new_entity()

    def _build_form(self, lookup: EntityLookup) -> QWidget:
        box = QWidget()
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
        self.new_button.clicked.connect(self.new_entity)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        self.merge_entry = EntityEntry()
        self.merge_entry.lookup = lookup
        self.merge_entry.setPlaceholderText("Merge into… (type the entity that stays)")
        self.merge_entry.picked.connect(self._target_picked)
        self.merge_entry.textEdited.connect(lambda _: self._target_picked(None))
        self.merge_button = QPushButton("&Merge")
        self.merge_button.clicked.connect(self.merge)
        self.delete_button = QPushButton("De&lete…")
        self.delete_button.clicked.connect(self.delete)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_entry, 1)
        merge_row.addWidget(self.merge_button)
        self.target_label = QLabel()
        self.general_error = _error_label()

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(box)
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
        return box

    def open(self) -> None:
        """Show without blocking the main window (QDialog.open would make it modal)."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.refresh()

    def reject(self) -> None:
        """Close (Close, Escape, the window's ×), but not over unsaved edits unasked."""
        if self.dirty and not self.asker.confirm(
            "Unsaved changes", f"Discard your changes to “{self._title()}”?"
        ):
            return
        if self.dirty:
            self._revert()
        super().reject()

    # --- the list -----------------------------------------------------------------------

    def _search_edited(self) -> None:
        """Search again when typing pauses; an answer still on its way is for older
        words, so it is dropped (and `refreshed` waits for the new one)."""
        self._generation += 1
        self.timer.start()

    def refresh(self, select: int | None = None) -> None:
        """Search again (in a worker); then select `select`, or keep the selection."""
        self.timer.stop()
        self._generation += 1
        generation = self._generation
        if select is None and self.loaded is not None:
            select = self.loaded.id
        self._wanted = select
        query, kind = self.search.text().strip(), self.kind_filter.currentData()

        self.ops.query(
            lambda session: entities.search_entities(session, query, kind=kind, limit=PAGE + 1),
            lambda rows: self._show(generation, rows),
            owner=self,
        )

    def _show(self, generation: int, rows: list[EntitySummary]) -> None:
        if generation != self._generation:
            return
        more = len(rows) > PAGE
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows[:PAGE])
        self.table.selectionModel().blockSignals(False)
        n = len(self.model.rows)
        self.count.setText(
            f"the first {PAGE:,} shown: type to narrow"
            if more
            else f"{n:,} {'entity' if n == 1 else 'entities'}"
        )
        row = self.model.row_of(self._wanted) if self._wanted is not None else None
        if row is not None:
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.selectionModel().blockSignals(False)
            self.table.scrollTo(self.model.index(row, 0))
        self.refreshed.emit()

    def select(self, entity_id: int) -> bool:
        """Show an entity of the list in the form (False if it is not listed)."""
        row = self.model.row_of(entity_id)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    def _row_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        entity_id = self.model.id_at(current.row()) if current.isValid() else None
        if entity_id is None or (self.loaded is not None and self.loaded.id == entity_id):
            return
        if self.dirty and not self.asker.confirm(
            "Unsaved changes", f"Discard your changes to “{self._title()}”?"
        ):
            selection = self.table.selectionModel()
            selection.blockSignals(True)
            selection.setCurrentIndex(
                previous,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            selection.blockSignals(False)
            return
        self._load_entity(entity_id)

    # --- the form -----------------------------------------------------------------------

    def _load_entity(self, entity_id: int) -> None:
        """Show an entity in the form, once read (off the UI thread); `loaded` after."""

        def failed(exc: NewsroomError) -> None:  # deleted by someone else meanwhile
            self._fail(str(exc))
            self.refresh()

        self.ops.query(
            lambda session: _with_usage(session, entities.load_entity(session, entity_id)),
            lambda found: self._fill(*found),
            on_error=failed,
            owner=self,
        )

    def _fill(self, record: EntityRecord | None, used: int = 0) -> None:
        self.loaded = record
        self.filled.emit()
        self._clear_errors()
        self.name.setText(record.name if record else "")
        kind = record.kind if record else EntityKind.PERSON.value
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.aliases.setPlainText("\n".join(record.aliases) if record else "")
        self.description.setPlainText(record.description if record else "")
        self.heading.setText(record.name if record else "New entity")
        self.usage.setText(
            f"Tagged on {used} {'story' if used == 1 else 'stories'} · page /{record.slug}"
            if record
            else "Not saved yet"
        )
        self.save_button.setText("&Save" if record else "&Create")
        for widget in (self.merge_entry, self.merge_button, self.delete_button):
            widget.setEnabled(record is not None)
        self.merge_entry.clear()
        self._target_picked(None)

    def _values(self) -> tuple[str, str, tuple[str, ...], str]:
        aliases = tuple(line.strip() for line in self.aliases.toPlainText().splitlines())
        return (
            self.name.text().strip(),
            str(self.kind.currentData()),
            tuple(a for a in aliases if a),
            self.description.toPlainText().strip(),
        )

    @property
    def dirty(self) -> bool:
        if self.loaded is None:
            return bool(self.name.text().strip())
        r = self.loaded
        return self._values() != (r.name, r.kind, r.aliases, r.description)

    def _title(self) -> str:
        return self.loaded.name if self.loaded else self.name.text() or "the new entity"

    def _clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()

    def _fail(self, message: str, field: str | None = None) -> None:
        label = self.errors.get(field or "", self.general_error)
        label.setText(message)
        label.show()

    def new_entity(self) -> None:
        """Empty the form for a new entity (Create saves it)."""
        if self.loaded is not None and self.dirty:
            question = f"Discard your changes to “{self._title()}”?"
            if not self.asker.confirm("Unsaved changes", question):
                return
        self._fill(None)
        self.table.clearSelection()
        self.name.setFocus()

    def _revert(self) -> None:
        if self.loaded is None:
            self._fill(None)
        else:
            self._load_entity(self.loaded.id)

    def save(self) -> None:
        """Create or update from the form in one transaction; `done(True)` when saved."""
        self._clear_errors()
        name, kind, aliases, description = self._values()
        loaded_id = self.loaded.id if self.loaded is not None else None

        def write(session: Session) -> tuple[EntityRecord, int]:
            if loaded_id is None:
                record = entities.create_entity(
                    session, kind, name, aliases=aliases, description=description
                )
            else:
                record = entities.update_entity(
                    session,
                    loaded_id,
                    name=name,
                    kind=kind,
                    aliases=aliases,
                    description=description,
                )
            return _with_usage(session, record)

        def saved(found: tuple[EntityRecord, int]) -> None:
            self._fill(*found)
            self.changed.emit({})
            self.refresh(select=found[0].id)
            self.settled.emit(True)

        self.ops.write(
            write,
            saved,
            changes=Changes(entities=True),
            on_error=self._refused,
            owner=self,
        )

    def _refused(self, exc: NewsroomError) -> None:
        if isinstance(exc, ValidationError):
            field = "target" if exc.field in ("target", "entity") else exc.field
            self._fail(exc.message, field if field in self.errors else None)
        else:
            self._fail(str(exc))
        self.settled.emit(False)

    # --- merge and delete ---------------------------------------------------------------

    def _target_picked(self, tag: Tag | None) -> None:
        self.merge_target = tag
        self.target_label.setText(f"→ into {tag.name} ({tag.kind})" if tag else "")
        self.merge_button.setEnabled(self.loaded is not None and tag is not None)

    def merge(self) -> None:
        """Fold the entity in the form into the picked target, after asking."""
        self._clear_errors()
        source, target = self.loaded, self.merge_target
        if source is None or target is None:
            self._fail("pick the entity to merge into first", "target")
            self.settled.emit(False)
            return
        if source.id == target.entity_id:
            self._fail("an entity can not be merged into itself", "target")
            self.settled.emit(False)
            return

        def ask(used: int) -> None:
            question = (
                f"Merge “{source.name}” into “{target.name}”? Its {used} "
                f"{'story' if used == 1 else 'stories'} will be tagged “{target.name}”, its "
                f"aliases move over and “{source.name}” becomes an alias. This can not be "
                "undone."
            )
            if not self.asker.confirm("Merge entities", question):
                self.settled.emit(False)
                return

            def merged(found: tuple[EntityRecord, int]) -> None:
                self._fill(*found)
                self.changed.emit({source.id: found[0].id})
                self.refresh(select=found[0].id)
                self.settled.emit(True)

            self.ops.write(
                lambda session: _with_usage(
                    session, entities.merge_entities(session, source.id, target.entity_id)
                ),
                merged,
                changes=Changes(entities=True),
                on_error=self._refused,
                owner=self,
            )

        self.ops.query(
            lambda session: entities.usage_count(session, source.id),
            ask,
            on_error=self._refused,
            owner=self,
        )

    def delete(self) -> None:
        """Delete the entity in the form, after a warning naming the stories it touches."""
        self._clear_errors()
        record = self.loaded
        if record is None:
            self.settled.emit(False)
            return

        def ask(used: int) -> None:
            touches = (
                f"It is a tag on {used} {'story' if used == 1 else 'stories'}; "
                f"{'that tag' if used == 1 else 'those tags'} will be removed."
                if used
                else "No story is tagged with it."
            )
            if not self.asker.confirm("Delete entity", f"Delete “{record.name}”? {touches}"):
                self.settled.emit(False)
                return

            def deleted(_touched: int) -> None:
                self._fill(None)
                self.changed.emit({record.id: None})
                self.refresh()
                self.settled.emit(True)

            self.ops.write(
                lambda session: entities.delete_entity(session, record.id),
                deleted,
                changes=Changes(entities=True, story_list=bool(used)),
                on_error=self._refused,
                owner=self,
            )

        self.ops.query(
            lambda session: entities.usage_count(session, record.id),
            ask,
            on_error=self._refused,
            owner=self,
        )


def _with_usage(session: Session, record: EntityRecord) -> tuple[EntityRecord, int]:
    """An entity and how many stories it tags: what the form shows."""
    return record, entities.usage_count(session, record.id)
