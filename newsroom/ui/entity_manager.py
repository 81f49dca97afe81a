"""The entity manager: find, create, edit, rename, merge and delete entities.

A non-modal window beside the editor. The list is an item model over
`search_entities` results, queried in a worker as the search text settles (a page
of rows at most: 50,000 entities are searched, not scrolled). Each change is one
service call in one transaction, so a refused edit (a duplicate name, an alias
another entity owns) writes nothing; the error is shown beside its field.

The list is `entity_table`'s, the form `entity_editor`'s; this dialog runs the
searches and the changes.

`changed` carries what happened to ids, for windows holding them: {} for a create
or an edit, {source: target} for a merge, {id: None} for a delete.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from newsroom.core import entities
from newsroom.core.entities import EntityRecord, EntitySummary
from newsroom.core.errors import NewsroomError, ValidationError
from newsroom.core.models import EntityKind
from newsroom.ui.entity_editor import EntityForm
from newsroom.ui.entity_lookup import EntityLookup, Tag
from newsroom.ui.entity_table import EntityTableModel, entity_table
from newsroom.ui.operations import Changes, Operations

PAGE = 500  # rows a search shows at most


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
        self.table = entity_table(self.model)
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
        self.form = EntityForm()
        split.addWidget(self.form)
        split.setSizes([560, 400])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        self.resize(1000, 600)

        self.form.new_button.clicked.connect(self.new_entity)
        self.form.save_button.clicked.connect(self.save)
        self.form.revert_button.clicked.connect(self._revert)
        self.form.merge_entry.picked.connect(self._target_picked)
        self.form.merge_entry.textEdited.connect(lambda _: self._target_picked(None))
        self.form.merge_button.clicked.connect(self.merge)
        self.form.delete_button.clicked.connect(self.delete)
        self.form.merge_entry.lookup = lookup
        self.timer = QTimer(self, singleShot=True, interval=200)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_edited)
        self.kind_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.new_entity()

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
        self.form.name.setText(record.name if record else "")
        kind = record.kind if record else EntityKind.PERSON.value
        self.form.kind.setCurrentIndex(max(0, self.form.kind.findData(kind)))
        self.form.aliases.setPlainText("\n".join(record.aliases) if record else "")
        self.form.description.setPlainText(record.description if record else "")
        self.form.heading.setText(record.name if record else "New entity")
        self.form.usage.setText(
            f"Tagged on {used} {'story' if used == 1 else 'stories'} · page /{record.slug}"
            if record
            else "Not saved yet"
        )
        self.form.save_button.setText("&Save" if record else "&Create")
        for widget in (self.form.merge_entry, self.form.merge_button, self.form.delete_button):
            widget.setEnabled(record is not None)
        self.form.merge_entry.clear()
        self._target_picked(None)

    def _values(self) -> tuple[str, str, tuple[str, ...], str]:
        aliases = tuple(line.strip() for line in self.form.aliases.toPlainText().splitlines())
        return (
            self.form.name.text().strip(),
            str(self.form.kind.currentData()),
            tuple(a for a in aliases if a),
            self.form.description.toPlainText().strip(),
        )

    @property
    def dirty(self) -> bool:
        if self.loaded is None:
            return bool(self.form.name.text().strip())
        r = self.loaded
        return self._values() != (r.name, r.kind, r.aliases, r.description)

    def _title(self) -> str:
        return self.loaded.name if self.loaded else self.form.name.text() or "the new entity"

    def _clear_errors(self) -> None:
        for label in (*self.form.errors.values(), self.form.general_error):
            label.hide()

    def _fail(self, message: str, field: str | None = None) -> None:
        label = self.form.errors.get(field or "", self.form.general_error)
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
        self.form.name.setFocus()

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
            self._fail(exc.message, field if field in self.form.errors else None)
        else:
            self._fail(str(exc))
        self.settled.emit(False)

    # --- merge and delete ---------------------------------------------------------------

    def _target_picked(self, tag: Tag | None) -> None:
        self.merge_target = tag
        self.form.target_label.setText(f"→ into {tag.name} ({tag.kind})" if tag else "")
        self.form.merge_button.setEnabled(self.loaded is not None and tag is not None)

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
