"""Autosave and crash recovery: the app process is killed, the next start offers the text."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.core import articles

TYPED = " And this sentence was typed just before the crash."


@pytest.mark.slow
def test_unsaved_text_survives_sigkill(qtbot, make_window, add_story, asker, db, db_path, tmp_path):  # type: ignore[no-untyped-def]
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
    assert window.offer_recovery()
    assert window.editor.body.toPlainText() == "Saved paragraph.\n" + TYPED
    assert window.current.article_id == story.id
    assert window.dirty
    assert window.save()
    with db.reading() as session:
        assert articles.load_article(session, story.id).body == "Saved paragraph.\n" + TYPED + "\n"
    assert window.recovery.pending() == []


def test_autosave_writes_recovery_not_database(qtbot, make_window, add_story, db):  # type: ignore[no-untyped-def]
    story = add_story("Autosaved", "Text.")
    window = make_window(autosave_ms=50)
    window.open_story(story.id)
    qtbot.keyClicks(window.editor.body, "More ")
    qtbot.waitUntil(lambda: len(window.recovery.pending()) == 1, timeout=3000)
    with db.reading() as session:
        assert articles.load_article(session, story.id).version == 1
    assert window.save()
    assert window.recovery.pending() == []


def test_discarding_recovered_edits(qtbot, make_window, add_story, asker):  # type: ignore[no-untyped-def]
    story = add_story("Left behind", "Text.")
    window = make_window(autosave_ms=50)
    window.open_story(story.id)
    qtbot.keyClicks(window.editor.body, "Unsaved ")
    qtbot.waitUntil(lambda: len(window.recovery.pending()) == 1, timeout=3000)
    other = make_window(autosave_ms=50)
    asker.recover_answers = ["discard"]
    assert not other.offer_recovery()
    assert other.recovery.pending() == []
