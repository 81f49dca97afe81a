"""Shared fixtures. The suite sets QT_QPA_PLATFORM itself so no display is needed."""

from __future__ import annotations

import os
import sys
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
if os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsroom.core.db import Database, open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "newsroom.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, migrated, empty database in a temporary folder."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _no_database_on_the_ui_thread(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fails the test when code in newsroom/ui opens a database session on the UI
    thread: every such call must go through `newsroom.ui.operations`. (A test's own
    sessions, to set up or check data, are allowed.)"""
    offences: list[str] = []
    real = {name: getattr(Database, name) for name in ("reading", "transaction")}

    def guarded(name: str):  # type: ignore[no-untyped-def]
        def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            if threading.current_thread() is threading.main_thread():
                frame = sys._getframe(1)
                while frame is not None:
                    module = frame.f_globals.get("__name__", "")
                    if module.startswith("newsroom.ui"):
                        offences.append(f"{module}:{frame.f_lineno} {frame.f_code.co_name}")
                        break
                    frame = frame.f_back
            return real[name](self, *args, **kwargs)

        return call

    for name in real:
        monkeypatch.setattr(Database, name, guarded(name))
    yield offences
    assert not offences, f"database sessions opened on the UI thread by: {offences}"
