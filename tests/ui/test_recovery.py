"""Autosave and crash recovery: the app process is killed, the next start offers the text."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.core import articles
from newsroom.core.articles import ArticleInput
from newsroom.ui.dialogs import RecoverAnswer

TYPED = " And this sentence was typed just before the crash."


@pytest.mark.slow
def test_unsaved_text_survives_sigkill(
    flows, qtbot, make_window, add_story, asker, db, db_path, tmp_path
):  # type: ignore[no-untyped-def]
    story = add_story("Crash test", "Saved paragraph.")
    env = {**os.environ, "NEWSROOM_STATE_DIR": str(tmp_path / "state")}
    proc = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("kill_target.py")),
            str(db_path),
            str(story.id),
            TYPED,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    recovery = tmp_path / "state" / "recovery"

    def autosaved() -> bool:
        """The typed sentence is in a recovery file (written whole under a dot-name,
        then renamed, so a file without the dot is complete)."""
        if proc.poll() is not None:
            pytest.fail(f"the app exited: {proc.stderr.read() if proc.stderr else ''}")
        for path in recovery.glob("*/*.json"):
            try:
                if not path.name.startswith(".") and TYPED in path.read_text(encoding="utf-8"):
                    return True
            except FileNotFoundError:  # replaced by a newer autosave meanwhile
                pass
        return False

    try:
        qtbot.waitUntil(autosaved, timeout=60_000)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)  # (and closes the pipes)
    assert proc.returncode == -signal.SIGKILL

    with db.reading() as session:  # the database was never touched by autosave
        assert articles.load_article(session, story.id).body == "Saved paragraph.\n"

    asker.recover_answers = ["restore"]
    window = make_window()
    assert flows.recover(window)
    assert window.editor.body.toPlainText() == "Saved paragraph.\n" + TYPED
    assert window.current.article_id == story.id
    assert window.dirty
    assert flows.save(window)
    with db.reading() as session:
        assert articles.load_article(session, story.id).body == "Saved paragraph.\n" + TYPED + "\n"
    assert window.session.recovery.pending() == []


def test_autosave_writes_recovery_not_database(flows, qtbot, make_window, add_story, db):  # type: ignore[no-untyped-def]
    story = add_story("Autosaved", "Text.")
    window = make_window(autosave_ms=50)
    assert flows.open(window, story.id)
    qtbot.keyClicks(window.editor.body, "More ")
    qtbot.waitUntil(lambda: len(window.session.recovery.pending()) == 1, timeout=3000)
    with db.reading() as session:
        assert articles.load_article(session, story.id).version == 1
    assert flows.save(window)
    assert window.session.recovery.pending() == []


def test_discarding_recovered_edits(flows, qtbot, make_window, add_story, asker):  # type: ignore[no-untyped-def]
    story = add_story("Left behind", "Text.")
    window = make_window(autosave_ms=50)
    assert flows.open(window, story.id)
    qtbot.keyClicks(window.editor.body, "Unsaved ")
    qtbot.waitUntil(lambda: len(window.session.recovery.pending()) == 1, timeout=3000)
    other = make_window(autosave_ms=50)
    asker.recover_answers = ["discard"]
    assert not flows.recover(other)
    assert other.session.recovery.pending() == []


def _left_behind(window, *stories, new_headline=None):  # type: ignore[no-untyped-def]
    """Recovery files as a crashed window leaves them, oldest first; returns the keys."""
    keys = []
    for story in stories:
        key = f"story-{story.id}"
        window.session.recovery.save(
            key,
            articles.with_changes(story, body=f"Unsaved text of {story.headline}."),
            story.id,
            story.version,
        )
        keys.append(key)
    if new_headline is not None:
        key = "new-0123456789ab"
        window.session.recovery.save(
            key, ArticleInput(headline=new_headline, body="Draft."), None, None
        )
        keys.append(key)
    return keys


def _offered(asker) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[e.key for e in edits] for kind, edits in asker.asked if kind == "recover"]


def test_every_left_behind_edit_is_offered_one_after_another(
    flows, qtbot, make_window, add_story, asker, db
):  # type: ignore[no-untyped-def]
    first, second = add_story("First story", "Saved."), add_story("Second story", "Saved.")
    window = make_window()
    a, b, c = _left_behind(window, first, second, new_headline="A new story")
    asker.recover_answers = [RecoverAnswer(restore=a)]

    assert flows.recover(window)

    assert _offered(asker) == [[a, b, c]]  # all of them, not only the newest
    assert window.editor.body.toPlainText() == "Unsaved text of First story."
    assert "2 more to recover" in window.statusBar().currentMessage()

    asker.recover_answers = [RecoverAnswer(restore=c)]
    assert flows.save(window)  # the editor moves on: the rest are offered again
    qtbot.waitUntil(lambda: len(_offered(asker)) == 2)
    assert _offered(asker)[1] == [b, c]
    assert window.current.article_id is None
    assert window.editor.headline.text() == "A new story"

    asker.recover_answers = ["later"]
    assert flows.save(window)
    qtbot.waitUntil(lambda: len(_offered(asker)) == 3)
    assert _offered(asker)[2] == [b]
    assert [e.key for e in window.session.recovery.pending()] == [b]  # kept for the next start
    with db.reading() as session:
        assert articles.load_article(session, first.id).body == "Unsaved text of First story.\n"
        assert articles.load_article(session, second.id).body == "Saved.\n"

    assert flows.open(window, second.id)  # "later" means later: no more questions now
    assert not window.session.offers.scheduled
    assert len(_offered(asker)) == 3


def test_discarding_some_keeps_the_others(flows, qtbot, make_window, add_story, asker):  # type: ignore[no-untyped-def]
    first, second = add_story("First story", "Saved."), add_story("Second story", "Saved.")
    window = make_window()
    a, b, c = _left_behind(window, first, second, new_headline="A new story")
    asker.recover_answers = [RecoverAnswer(restore=b, discard=frozenset({a}))]

    assert flows.recover(window)

    assert window.current.article_id == second.id
    assert sorted(e.key for e in window.session.recovery.pending()) == sorted([b, c])


def test_editing_a_story_does_not_overwrite_its_left_behind_edit(
    flows, qtbot, make_window, add_story, asker
):  # type: ignore[no-untyped-def]
    story = add_story("First story", "Saved.")
    window = make_window(autosave_ms=50)
    [key] = _left_behind(window, story)
    asker.recover_answers = ["later"]
    assert not flows.recover(window)

    assert flows.open(window, story.id)
    qtbot.keyClicks(window.editor.body, "New ")
    qtbot.waitUntil(lambda: len(window.session.recovery.pending()) == 2, timeout=3000)
    assert flows.save(window)

    [kept] = window.session.recovery.pending()  # this window's own file went with the save
    assert kept.key.startswith(f"{key}~")
    assert kept.content.body == "Unsaved text of First story."


def test_recovery_dialog_lists_all_newest_first_and_discards_only_when_told(qtbot):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from newsroom.core.recovery import RecoveredEdit
    from newsroom.ui.dialogs import RecoveryDialog

    def edit(key: str, headline: str, minute: int, article_id: int | None):  # type: ignore[no-untyped-def]
        when = datetime(2026, 12, 1, 9, minute, tzinfo=UTC)
        return RecoveredEdit(key, article_id, 1, when, ArticleInput(headline=headline))

    edits = [
        edit("story-1", "Older", 0, 1),
        edit("new-x", "", 5, None),
        edit("story-2", "Newest", 9, 2),
    ]
    dialog = RecoveryDialog(edits)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert [r.split(" — ")[0] for r in rows] == ["Newest", "(no headline)", "Older"]
    assert "story 2" in rows[0] and "new story" in rows[1]

    dialog.discard_button.click()  # the selected (newest) one
    assert dialog.isVisible() and dialog.list.count() == 2
    dialog.list.setCurrentRow(1)
    dialog.restore_button.click()
    assert not dialog.isVisible()
    assert dialog.answer() == RecoverAnswer(restore="story-1", discard=frozenset({"story-2"}))

    later = RecoveryDialog(edits)
    qtbot.addWidget(later)
    later.show()
    later.later_button.click()
    assert later.answer() == RecoverAnswer()
