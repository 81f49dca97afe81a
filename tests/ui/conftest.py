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
        return shown > after and shown == model.generation and not window.search_timer.isActive()

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


@pytest.fixture
def make_window(qtbot, db: Database, asker: ScriptedAsker) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    from newsroom.ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(database: Database | None = None, **kwargs: object) -> MainWindow:
        window = MainWindow(database or db, asker=kwargs.pop("asker", asker), **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        wait_list(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()  # its Tasks deliver nothing more; work still running is waited for
