"""Which database the app opens at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.core.db import ENV_VAR, default_location, startup_location


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_db_argument_wins_over_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    last = tmp_path / "last.db"
    last.write_bytes(b"x")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.db"))
    assert startup_location("given.db", str(last)) == ("given.db", False)
    assert startup_location(None, str(last)) == (str(tmp_path / "env.db"), False)


def test_last_database_is_reopened_when_it_still_exists(tmp_path: Path) -> None:
    last = tmp_path / "last.db"
    assert startup_location(None, str(last)) == (str(default_location()), True)
    last.write_bytes(b"x")
    assert startup_location(None, str(last)) == (str(last), False)


def test_server_urls_are_reopened_unless_their_password_was_masked() -> None:
    url = "postgresql+psycopg://editor@newsdb/newsroom"
    assert startup_location(None, url) == (url, False)
    masked = "postgresql+psycopg://editor:***@newsdb/newsroom"
    assert startup_location(None, masked) == (str(default_location()), True)
    assert startup_location(None, None) == (str(default_location()), True)
