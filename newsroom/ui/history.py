"""A story's history: its revisions, a word-level diff against now, restore.

Loading a revision and diffing it run off the UI thread (`Latest`): History on a 1 MB
story froze the window for minutes when both ran on it (issue 13). The diff itself is
`newsroom.text.diff`; this module says which fields of a story are compared (section
and tags by name, dates on the site's clocks as the form shows them) and shows the
result, with revision times in the site's time zone and locale.
"""

from __future__ import annotations

import html
import itertools
import sys
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from newsroom.core.articles import ArticleInput, ArticleRecord
from newsroom.core.dates import format_local, format_wall
from newsroom.core.errors import NewsroomError
from newsroom.core.revisions import RevisionInfo, StoryView
from newsroom.core.storyfields import STORY_FIELDS, StoryField
from newsroom.text.diff import diff_story, document

T = TypeVar("T")

Story = ArticleInput | ArticleRecord | StoryView
"""What `story_diff` compares: a story's fields, or a `StoryView` of them with the
section and tags by name (which a bare story does not know, so it leaves them out)."""

UTC = ZoneInfo("UTC")


def story_fields(data: Story, tz: ZoneInfo = UTC) -> list[tuple[str, str]]:
    """The fields an editor writes, other than the body and tags, as (label, text):
    dates as the form shows them on the site's clocks `tz`; the section only when
    `data` names it (a `StoryView`)."""
    view = data if isinstance(data, StoryView) else StoryView(data)
    story = view.content

    def when(value: datetime | None) -> str:
        return format_wall(value, tz) if value is not None else ""

    def shown(field: StoryField) -> str:
        value = getattr(story, field.name)
        if field.kind == "date":
            return when(value)
        if field.kind == "section":
            return view.section or "(no section)"
        if field.kind == "image":
            if view.lead_image is not None:
                return view.lead_image
            return f"image {value}" if value is not None else ""
        return str(value or "")

    return [
        (field.title, shown(field))
        for field in STORY_FIELDS
        if field.kind not in ("body", "tags")
        and (field.kind != "section" or view.section is not None)
    ]


def story_diff(
    old: Story,
    new: Story,
    old_title: str = "that version",
    new_title: str = "now",
    tz: ZoneInfo = UTC,
) -> str:
    """HTML of what changed from `old` to `new`, word by word, with the tags when both
    are `StoryView`s (plain Python: safe to call in a worker thread; bounded, see
    `newsroom.text.diff`). Dates are compared as shown on the site's clocks `tz`."""
    old_fields, new_fields = story_fields(old, tz), story_fields(new, tz)
    if len(old_fields) != len(new_fields):  # one side names its section, the other not
        old_fields = [f for f in old_fields if f[0] != "Section"]
        new_fields = [f for f in new_fields if f[0] != "Section"]
    fields = [
        (label, before, after)
        for (label, before), (_, after) in zip(old_fields, new_fields, strict=True)
    ]
    tags = None
    if isinstance(old, StoryView) and isinstance(new, StoryView):
        tags = (old.tags, new.tags)
    old_body = (old.content if isinstance(old, StoryView) else old).body
    new_body = (new.content if isinstance(new, StoryView) else new).body
    found = diff_story(
        fields, old_body, new_body, old_title=old_title, new_title=new_title, tags=tags
    )
    return found.html


COMPARING = document('<p class="note">Comparing…</p>')


class _Hub(QObject):
    """Carries jobs' outcomes from workers to the UI thread. One for the process,
    created on first use (in the UI thread) and never deleted, so a worker never
    emits on a deleted object, whatever became of the widget that asked; callbacks
    wait in `_waiting`, which only the UI thread touches."""

    ready = Signal(int, object, object)  # ticket, result, error

    def __init__(self) -> None:
        super().__init__()
        self.ready.connect(self._deliver)  # queued: emitted in workers, run here

    @Slot(int, object, object)
    def _deliver(self, ticket: int, result: object, error: object) -> None:
        _waiting.pop(ticket)(result, error)


_hub: _Hub | None = None
_waiting: dict[int, Callable[[Any, Any], None]] = {}
_tickets = itertools.count(1)


class _Job(QRunnable):
    """Holds no Qt object but the hub: what it runs and whether that is still wanted."""

    def __init__(
        self, hub: _Hub, ticket: int, work: Callable[[], Any], wanted: Callable[[], bool]
    ) -> None:
        super().__init__()
        self.hub = hub
        self.ticket = ticket
        self.work = work
        self.wanted = wanted

    def run(self) -> None:
        result: object = None
        error: object = None
        if self.wanted():  # else a newer request came first, or the owner went: skip
            try:
                result = self.work()
            except NewsroomError as exc:
                error = exc
            except Exception:  # a bug: the UI thread hands it to the exception hook
                error = sys.exc_info()
        if isValid(self.hub):  # else gone with the interpreter: no one is left to tell
            self.hub.ready.emit(self.ticket, result, error)


class Latest(Generic[T]):
    """Runs a widget's work off the UI thread, where only the newest request counts:
    each `run` supersedes the ones before it (their results are dropped, and a job
    not started yet is skipped), and once `cancel()` is called, or `owner` is
    deleted, nothing already asked for is delivered.

    For views that recompute what they show when a selection changes. `work` runs in
    `pool` (Qt's global pool if None; give the window's, so that closing the window
    waits for it) and must open its own database session, if any; it should
    not hold the only reference to a widget. `on_done` and `on_error` run on the UI
    thread; an unexpected exception goes to `sys.excepthook` there (the application's
    one crash handler).
    """

    def __init__(self, owner: QObject, pool: QThreadPool | None = None) -> None:
        self._owner = weakref.ref(owner)  # no cycle for a worker's garbage collection
        self.pool = pool
        self.generation = 0
        self.running = 0
        owner.destroyed.connect(self.cancel)

    def wants(self, generation: int) -> bool:
        """Is a job of this generation still worth running or delivering? (Workers
        read it too: reading an int is atomic.)"""
        return generation == self.generation

    @property
    def busy(self) -> bool:
        """A job is running, or its result is on its way."""
        return self.running > 0

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[NewsroomError], None],
    ) -> None:
        global _hub
        if _hub is None:
            _hub = _Hub()
        self.generation += 1
        self.running += 1
        generation = self.generation

        def deliver(result: Any, error: Any) -> None:
            self.running -= 1
            owner = self._owner()
            if isinstance(error, tuple):
                sys.excepthook(*error)
            elif self.wants(generation) and owner is not None and isValid(owner):
                if error is not None:
                    on_error(error)
                else:
                    on_done(result)

        ticket = next(_tickets)
        _waiting[ticket] = deliver
        job = _Job(_hub, ticket, work, lambda: self.wants(generation))
        (self.pool or QThreadPool.globalInstance()).start(job)

    def cancel(self) -> None:
        """Drop every result still to come (the selection is gone, or the widget)."""
        self.generation += 1


class HistoryDialog(QDialog):
    """A story's revisions: who saved when, a word-level diff against the current text
    (computed off the UI thread), restore.

    `load(revision_id)` returns that revision's content (a `StoryView`, to compare
    the section and tags too). It is called in a worker thread of `pool` (see
    `Latest`), so it must open its own database session; a `NewsroomError` it raises
    is shown in place of the diff. The revision before the newest is selected on
    opening (what the last save changed), when there is one. Times and dates are shown
    on the site's clocks `tz`, revision times in its `locale`.
    """

    restore_requested = Signal(int)
    diff_shown = Signal(int)  # revision id: its diff (or why there is none) is on view

    def __init__(
        self,
        revisions: list[RevisionInfo],
        load: Callable[[int], Story],
        current: Story,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
        tz: ZoneInfo = UTC,
        locale: str = "en_GB",
    ) -> None:
        super().__init__(parent)
        story = current.content if isinstance(current, StoryView) else current
        self.setWindowTitle(f"History of “{story.headline}”")
        self.load = load
        self.current = current
        self.tz = tz
        self.diffs: Latest[str] = Latest(self, pool)
        self.shown: int | None = None  # the revision whose diff is on view
        self.list = QListWidget()
        for rev in revisions:
            when = format_local(rev.saved_at, tz, locale)
            note = f" — {rev.note}" if rev.note else ""
            item = QListWidgetItem(f"v{rev.version}  {when}  {rev.saved_by or '?'}{note}")
            item.setData(Qt.ItemDataRole.UserRole, rev.id)
            self.list.addItem(item)
        self.zone = QLabel(f"Times in {tz.key} (Site settings)")
        self.zone.setStyleSheet("color: #5f6368;")
        versions = QWidget()
        column = QVBoxLayout(versions)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addWidget(self.zone)
        self.diff = QTextBrowser()
        self.diff.setOpenLinks(False)
        # Lines break between words only: a word too long for the line (a link) makes
        # the view scroll sideways rather than be cut in two.
        self.diff.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.restore = QPushButton("Restore this version")
        self.restore.setEnabled(False)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        self.list.currentItemChanged.connect(self._show)
        self.restore.clicked.connect(self._restore)
        split = QSplitter()
        split.addWidget(versions)
        split.addWidget(self.diff)
        split.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        row = QDialogButtonBox()
        row.addButton(self.restore, QDialogButtonBox.ButtonRole.ActionRole)
        row.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(row)
        self.resize(1100, 650)
        if self.list.count():
            self.list.setCurrentRow(min(1, self.list.count() - 1))

    def selected_revision(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show(self, *_: object) -> None:
        """Load and diff the selected revision in a worker; the newest selection wins."""
        revision_id = self.selected_revision()
        self.restore.setEnabled(revision_id is not None)
        self.shown = None
        if revision_id is None:
            self.diffs.cancel()
            self.diff.clear()
            return
        self.diff.setHtml(COMPARING)
        load, current, tz = self.load, self.current, self.tz

        def work() -> str:
            return story_diff(load(revision_id), current, "that version", "the current text", tz)

        def done(html: str) -> None:
            self.diff.setHtml(html)
            self.shown = revision_id
            self.diff_shown.emit(revision_id)

        def failed(error: NewsroomError) -> None:
            self.diff.setHtml(document(f'<p class="note">{html.escape(str(error))}</p>'))
            self.shown = revision_id
            self.diff_shown.emit(revision_id)

        self.diffs.run(work, done, failed)

    def done(self, result: int) -> None:
        """Closed (accepted or not): a diff still running is dropped when it ends."""
        self.diffs.cancel()
        super().done(result)

    def _restore(self) -> None:
        """Ask the window to restore; it closes this dialog once restored (a cancelled
        question leaves the history open)."""
        revision_id = self.selected_revision()
        if revision_id is not None:
            self.restore_requested.emit(revision_id)
