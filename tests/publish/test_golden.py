"""Golden files: the exported test newsroom, byte for byte.

The expected site lives in tests/publish/golden/. After an intended change to the
templates or the exporter, regenerate it and review the diff like any other change:

    NEWSROOM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/publish/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

GOLDEN = Path(__file__).with_name("golden")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_export_matches_the_golden_site(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    if os.environ.get("NEWSROOM_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    expected, actual = _files(GOLDEN), _files(out)
    assert sorted(actual) == sorted(expected)
    for name in sorted(expected):
        assert actual[name].decode() == expected[name].decode(), name
