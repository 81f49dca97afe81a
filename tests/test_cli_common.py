"""The command line's shared output rules (`newsroom.cli_common`)."""

from __future__ import annotations

import pytest

from newsroom.cli_common import _warn_all


def test_each_warning_stays_one_line_and_shows_no_control_character(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _warn_all(["left out: a\nb", "title \x1b[2J cleared", "plain\ttab"])
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "left out: a\\u000ab",
        "title \\u001b[2J cleared",
        "plain\ttab",
    ]
    assert err.endswith("\n")


def test_no_warnings_write_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    _warn_all([])
    assert capsys.readouterr().err == ""
