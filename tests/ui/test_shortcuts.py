"""The window's shortcuts work from every field (issue 14: Ctrl+E did nothing while
the cursor was in the headline, the byline or the search box).

On X11 Qt gives one-line fields Emacs-style second bindings (Ctrl+E: end of line)
and a field claimed those keys before the window's shortcuts were looked at. The
offscreen platform the suite runs on has no such bindings, so the editor's X11 is
also driven for real, under Xvfb, in a process of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget
from window_keys import expected, reached

HELPER = Path(__file__).parent.parent / "window_keys.py"


def test_main_shortcuts_reach_the_window_from_one_line_fields(flows, qtbot, make_window, add_story):  # type: ignore[no-untyped-def]
    story = add_story("Envoy opens talks", "Text.")
    window = make_window()
    assert flows.open(window, story.id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    def focus(field: QWidget) -> None:
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)

    def press(field: QWidget, key: QKeySequence) -> None:
        qtbot.keyClick(field, key[0].key(), key[0].keyboardModifiers())

    fields = {
        "headline": window.editor.headline,
        "byline": window.editor.byline,
        "find": window.filters.search_box,
    }
    wanted = expected(window)
    assert all(len(commands) == 1 for commands in wanted.values())
    assert reached(window, fields, press, focus) == {name: wanted for name in fields}


def _xvfb(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An X server of our own on a free display: (process, display)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1600x1000x24"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    if not number:
        server.kill()
        server.wait()
        pytest.skip("Xvfb did not start")
    return server, f":{number}"


@pytest.mark.slow
def test_on_x11_ctrl_e_and_the_rest_reach_the_window_from_one_line_fields(tmp_path):  # type: ignore[no-untyped-def]
    if shutil.which("Xvfb") is None:
        pytest.skip("needs Xvfb (Debian's xvfb) to drive the window on X11")
    server, display = _xvfb(tmp_path)
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "WAYLAND_DISPLAY")
    }
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        NEWSROOM_PREVIEW="text",
        NEWSROOM_STATE_DIR=str(tmp_path / "state"),
    )
    try:
        run = subprocess.run(
            [sys.executable, str(HELPER), str(tmp_path / "keys.db")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.terminate()
        server.wait()
    if run.returncode != 0 and "platform plugin" in run.stderr:
        pytest.skip(f"Qt's xcb platform can not start here: {run.stderr.strip()[-300:]}")
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["platform"] == "xcb"
    assert "Ctrl+E" in found["end_of_line"]  # what the editor's fields had: X11's keys
    assert found["reached"] == {name: found["expected"] for name in ("headline", "byline", "find")}
