"""End-to-end helpers: run the `newsroom` command as a user would, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest


def run_newsroom(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture
def newsroom() -> Callable[..., subprocess.CompletedProcess[str]]:
    """`newsroom("list", "--db", path)` -> CompletedProcess (text, captured)."""
    return run_newsroom
