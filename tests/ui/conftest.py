"""GUI fixtures: windows on a temporary database, with an Asker that answers scripted.

The text preview is used here (NEWSROOM_PREVIEW=text) so each window does not start a
Chromium; tests/ui/test_preview.py covers the QtWebEngine preview on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from newsroom.core.articles import ArticleInput, ArticleRecord, create_article
from newsroom.core.db import Database
from newsroom.core.recovery import RecoveredEdit
from newsroom.ui.dialogs import RecoverAnswer


class ScriptedAsker:
    """Answers the window's questions from queues and records what was asked."""

    def __init__(self) -> None:
        self.conflict_answers: list[str] = []
        self.unsaved_answers: list[str] = []
        # A RecoverAnswer, or "restore" (the newest), "discard" (all), "later".
        self.recover_answers: list[str | RecoverAnswer] = []
        self.restore_answers: list[str] = []
        self.confirm_answers: list[bool] = []
        self.kind_answers: list[str | None] = []
        # Your byline, asked on a first save: None is "Not now" (the default).
        self.byline_answers: list[str | None] = []
        self.asked: list[tuple[str, object]] = []

    def conflict(self, mine: ArticleInput, theirs: ArticleRecord) -> str:
        self.asked.append(("conflict", (mine, theirs)))
        return self.conflict_answers.pop(0)

    def unsaved(self, headline: str) -> str:
        self.asked.append(("unsaved", headline))
        # Closing a window at the end of a test discards what the test left unsaved.
        return self.unsaved_answers.pop(0) if self.unsaved_answers else "discard"

    def recover(self, edits: list[RecoveredEdit]) -> RecoverAnswer:
        self.asked.append(("recover", edits))
        answer = self.recover_answers.pop(0)
        if isinstance(answer, RecoverAnswer):
            return answer
        keys = [e.key for e in edits]
        return {
            "restore": RecoverAnswer(restore=keys[-1]),
            "discard": RecoverAnswer(discard=frozenset(keys)),
            "later": RecoverAnswer(),
        }[answer]

    def restore(self, version: int, publishing: list[str]) -> str:
        self.asked.append(("restore", (version, publishing)))
        return self.restore_answers.pop(0)

    def confirm(self, title: str, text: str) -> bool:
        self.asked.append(("confirm", text))
        return self.confirm_answers.pop(0)

    def error(self, title: str, text: str) -> None:
        self.asked.append(("error", text))

    def entity_kind(self, name: str, guess: str) -> str | None:
        self.asked.append(("entity_kind", (name, guess)))
        return self.kind_answers.pop(0)

    def byline(self, current: str, *, first: bool) -> str | None:
        self.asked.append(("byline", (current, first)))
        return self.byline_answers.pop(0) if self.byline_answers else None


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("NEWSROOM_PREVIEW", "text")


@pytest.fixture
def asker() -> ScriptedAsker:
    return ScriptedAsker()


@pytest.fixture
def add_story(db: Database) -> Callable[..., ArticleRecord]:
    def add(headline: str, body: str = "", **fields: object) -> ArticleRecord:
        with db.transaction() as session:
            return create_article(
                session, ArticleInput(headline=headline, body=body, **fields), author="test"
            )

    return add


def wait_list(qtbot, window, after: int = 0, timeout: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the story list shows the answer to its latest request, one made
    after request number `after`, with no search waiting to be asked.

    Not "the next `refreshed`": that may answer an older request (one still on its
    way, or the one before a debounced search), which is how a test used to read an
    older list and leave its own answer to land in the next test.
    """
    model = window.model

    def answered(generation: int | None = None) -> bool:
        shown = model.shown_generation if generation is None else generation
        return (
            shown > after
            and shown == model.generation
            and not window.filters.search_timer.isActive()
        )

    if not answered():
        qtbot.waitSignal(model.refreshed, timeout=timeout, check_params_cb=answered).wait()


@pytest.fixture
def list_refreshed(qtbot) -> Callable[..., AbstractContextManager[None]]:  # type: ignore[no-untyped-def]
    """`with list_refreshed(window): action` returns when the list shows the answer to
    the request the action made (directly, or through the search box's timer)."""

    @contextmanager
    def waiting(window, timeout: int = 10_000) -> Iterator[None]:  # type: ignore[no-untyped-def]
        before = window.model.generation
        yield
        wait_list(qtbot, window, before, timeout)

    return waiting


class Flows:
    """The window's flows answer later (their database work runs off the UI thread):
    these start one and wait for its own answer, never for a fixed time."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot

    def _wait(self, start: Callable[[Callable[[bool], None]], None], timeout: int) -> bool:
        """Start a flow, wait for its answer, then for what it set going (the links,
        the lease, the chips' names, the list) to arrive too."""
        answers: list[bool] = []
        start(answers.append)
        self.qtbot.waitUntil(lambda: bool(answers), timeout=timeout)
        self.qtbot.waitUntil(lambda: self._tasks.pending == 0, timeout=timeout)
        return answers[0]

    def save(self, window, timeout: int = 10_000) -> bool:  # type: ignore[no-untyped-def]
        """Save what the form holds; True when saved."""
        self._tasks = window.tasks
        return self._wait(window.session.save, timeout)

    def open(self, window, article_id: int, timeout: int = 10_000) -> bool:  # type: ignore[no-untyped-def]
        """Open a story (answering about unsaved text as the Asker says); True if shown."""
        self._tasks = window.tasks
        return self._wait(lambda then: window.session.open(article_id, then), timeout)

    def settle(self, window, timeout: int = 10_000) -> bool:  # type: ignore[no-untyped-def]
        """Unsaved text saved or discarded (True), or the editor cancelled (False)."""
        self._tasks = window.tasks
        return self._wait(
            lambda then: window.session.settle(lambda: then(True), lambda: then(False)), timeout
        )

    def restore(self, window, revision_id: int, timeout: int = 10_000) -> bool:  # type: ignore[no-untyped-def]
        self._tasks = window.tasks
        return self._wait(lambda then: window.session.restore_revision(revision_id, then), timeout)

    def entity(self, manager, action: str = "save", timeout: int = 10_000) -> bool:  # type: ignore[no-untyped-def]
        """The entity manager's save, merge or delete; True when it went through."""
        with self.qtbot.waitSignal(manager.settled, timeout=timeout) as blocker:
            getattr(manager, action)()
        return bool(blocker.args[0])

    def history(self, window, timeout: int = 10_000):  # type: ignore[no-untyped-def]
        """Open the story's History (its revisions are read off the UI thread)."""
        window.history_dialog = None
        window.show_history()
        self.qtbot.waitUntil(lambda: window.history_dialog is not None, timeout=timeout)
        return window.history_dialog

    def recover(self, window, timeout: int = 10_000) -> bool:  # type: ignore[no-untyped-def]
        """Offer the edits left behind; True when one was put back in the form."""
        restored: list[bool] = []
        window.session.restored.connect(lambda: restored.append(True))
        window.offer_recovery()
        self.idle(window, timeout)
        return bool(restored)

    def idle(self, window, timeout: int = 10_000) -> None:  # type: ignore[no-untyped-def]
        """Every database answer asked for so far has arrived."""
        self.qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=timeout)


@pytest.fixture
def flows(qtbot) -> Flows:  # type: ignore[no-untyped-def]
    return Flows(qtbot)


@pytest.fixture(scope="session", autouse=True)
def _windows_gone_before_exit(qapp):  # type: ignore[no-untyped-def]
    """The windows the tests made are deleted before the application ends: a WebEngine
    page still alive then outlives its profile and the process crashes on exit
    ("Release of profile requested but WebEnginePage still not deleted")."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_window(qtbot, db: Database, asker: ScriptedAsker) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    from newsroom.ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(database: Database | None = None, **kwargs: object) -> MainWindow:
        window = MainWindow(database or db, asker=kwargs.pop("asker", asker), **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.ready, timeout=10_000):  # its first look at the database
            window.show()
        wait_list(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()  # its Tasks deliver nothing more; work still running is waited for
        window.deleteLater()  # as the app does with a window it is done with
