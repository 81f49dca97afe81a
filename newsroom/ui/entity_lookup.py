"""Entities as the tag field and the entity manager look them up: `EntityLookup`
searches, describes, finds and creates them through `Operations` (off the UI thread,
answering on it), and never opens a session of its own. Also the `Tag` a chip shows,
what merges and deletes do to a story's tags (`remap_ids`), and the kind a new name is
offered (`kind_for_new_name`, the name-finder's guess).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QObject,
    QStringListModel,
    Signal,
)
from PySide6.QtWidgets import (
    QCompleter,
)
from sqlalchemy.orm import Session

from newsroom.core import entities
from newsroom.core.entities import EntityRecord, EntitySummary
from newsroom.text.candidates import find_candidates
from newsroom.ui.operations import Changes, Operations

COMPLETIONS = 20


@dataclass(frozen=True)
class Tag:
    """One tag as a chip shows it."""

    entity_id: int
    name: str
    kind: str


def remap_ids(ids: Iterable[int], moved: Mapping[int, int | None]) -> tuple[int, ...]:
    """Ids after merges (id -> target) and deletes (id -> None), in order, once each:
    what the database did to a story's tags."""
    out: list[int] = []
    for entity_id in ids:
        target = moved.get(entity_id, entity_id)
        if target is not None and target not in out:
            out.append(target)
    return tuple(out)


def set_completions(completer: QCompleter, names: list[str]) -> None:
    """Give a plain name completer (the story list's entity filter) a new list."""
    model = completer.model()
    if isinstance(model, QStringListModel):
        model.setStringList(names)
    else:
        completer.setModel(QStringListModel(names, completer))


def kind_for_new_name(name: str) -> str:
    """The kind the name-finder would give this name on its own; "topic" for a phrase
    it does not take for a name (lower-case words: "climate change")."""
    found = find_candidates(name)
    return found[0].kind if len(found) == 1 else "topic"


class EntityLookup(QObject):
    """The tag field's way to the database, through `Operations`: every call answers
    later, on the UI thread, unless its `owner` has been deleted by then. `created`
    tells the window the entity list changed (its filter completer, the suggestions).
    """

    created = Signal(int)

    def __init__(self, ops: Operations, asker: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.ops = ops
        self.asker = asker

    def search(
        self, query: str, show: Callable[[list[EntitySummary]], None], owner: QObject
    ) -> None:
        """Entities matching `query`, to `show`."""
        self.ops.query(
            lambda session: entities.search_entities(session, query, limit=COMPLETIONS),
            show,
            owner=owner,
        )

    def describe(
        self, ids: Sequence[int], show: Callable[[list[Tag]], None], owner: QObject
    ) -> None:
        """Chips for these ids, in order; ids of entities deleted meanwhile are left out."""
        wanted = list(ids)

        def look(session: Session) -> list[Tag]:
            found = entities.names_and_kinds(session, wanted)
            return [Tag(i, *found[i]) for i in wanted if i in found]

        self.ops.query(look, show, owner=owner)

    def find(self, name: str, show: Callable[[Tag | None], None], owner: QObject) -> None:
        """The entity with this name or alias, or None."""

        def look(session: Session) -> Tag | None:
            entity_id = entities.find_entity_id(session, name)
            if entity_id is None:
                return None
            record = entities.load_entity(session, entity_id)
            return Tag(record.id, record.name, record.kind)

        self.ops.query(look, show, owner=owner)

    def create(self, name: str, show: Callable[[Tag], None], owner: QObject) -> None:
        """Ask for the kind, then create the entity; nothing when cancelled, a message
        when refused."""
        kind = self.asker.entity_kind(name, kind_for_new_name(name))
        if kind is None:
            return

        def made(record: EntityRecord) -> None:
            self.created.emit(record.id)
            show(Tag(record.id, record.name, record.kind))

        self.ops.write(
            lambda session: entities.create_entity(session, kind, name),
            made,
            changes=Changes(entities=True),
            on_error=lambda exc: self.asker.error("Entity not created", str(exc)),
            owner=owner,
        )
