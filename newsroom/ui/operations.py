"""The one way the window reaches the database: operations run off the UI thread.

In the spirit of Anki's `CollectionOp` / `QueryOp` (qt/aqt/operations/): a user action
is one call,

    self.ops.write(
        lambda session: articles.update_article(session, id, version, data),
        saved,                                  # on the UI thread, with the result
        changes=lambda record: Changes(stories=frozenset({record.id})),
        title="Not saved",
    )

and this module does the rest: the function runs in the window's task pool with a
session of its own (`reading()` for `query`, one transaction for `write`), its result
comes back on the UI thread, an expected error (`NewsroomError`) goes to the caller's
`on_error` or else to the one error sink (`failed`), and after a write every view that
listens to `changed` refreshes only what the `Changes` name. Nothing here blocks the
UI thread; a result whose owner is gone is dropped by `Tasks`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from newsroom.core.db import Database
from newsroom.core.errors import NewsroomError
from newsroom.ui.tasks import Tasks

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a write changed, so views refresh only that."""

    stories: frozenset[int] = frozenset()  # stories whose row or text changed
    story_list: bool = False  # stories added or removed: the list's rows may move
    entities: bool = False
    links: bool = False
    settings: bool = False
    sections: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            stories=self.stories | other.stories,
            story_list=self.story_list or other.story_list,
            entities=self.entities or other.entities,
            links=self.links or other.links,
            settings=self.settings or other.settings,
            sections=self.sections or other.sections,
        )


NOTHING = Changes()


class Operations(QObject):
    """Runs a window's database work off the UI thread (see the module notes)."""

    changed = Signal(object)  # Changes, after a write that changed something
    failed = Signal(str, str)  # title, message: the one sink for expected errors

    def __init__(self, db: Database, tasks: Tasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.tasks = tasks

    def query(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None],
        *,
        on_error: Callable[[NewsroomError], None] | None = None,
        title: str = "Could not read the database",
        owner: QObject | None = None,
    ) -> None:
        """Read in a session of its own; nothing is committed. `owner`: see `Tasks.run`."""
        db = self.db

        def work() -> T:
            with db.reading() as session:
                return fn(session)

        self.tasks.run(work, on_done, self._errors(on_error, title), owner=owner or self)

    def write(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        *,
        changes: Changes | Callable[[T], Changes] = NOTHING,
        on_error: Callable[[NewsroomError], None] | None = None,
        title: str = "Not saved",
        owner: QObject | None = None,
    ) -> None:
        """Run `fn` in one transaction: committed when it returns, rolled back if it
        raises. Then `on_done(result)` and `changed` (unless nothing changed)."""
        db = self.db

        def work() -> T:
            with db.transaction() as session:
                return fn(session)

        def done(result: T) -> None:
            if on_done is not None:
                on_done(result)
            what = changes(result) if callable(changes) else changes
            if what != NOTHING:
                self.changed.emit(what)

        self.tasks.run(work, done, self._errors(on_error, title), owner=owner or self)

    def _errors(
        self, on_error: Callable[[NewsroomError], None] | None, title: str
    ) -> Callable[[NewsroomError], None]:
        if on_error is not None:
            return on_error
        return lambda exc: self.failed.emit(title, str(exc))
