"""`newsroom export` as a user runs it, in unlucky worlds (issue 12, items 1 and 6)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest


@pytest.fixture
def demo_db(newsroom, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    db = tmp_path / "n.db"
    result = newsroom("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


NOW = "2026-11-01T00:00:00Z"


def test_a_folder_made_again_by_hand_is_kept(newsroom, demo_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "site"
    first = newsroom("export", "--db", str(demo_db), "--out", str(site), "--now", NOW)
    assert first.returncode == 0, first.stderr
    shutil.rmtree(site)
    (site / "photos").mkdir(parents=True)
    (site / "thesis.txt").write_text("precious\n")
    again = newsroom("export", "--db", str(demo_db), "--out", str(site), "--now", NOW)
    assert again.returncode == 2
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1 and "not written by Newsroom" in lines[0], again.stderr
    assert (site / "thesis.txt").read_text() == "precious\n" and (site / "photos").is_dir()
    assert sorted(p.name for p in site.iterdir()) == ["photos", "thesis.txt"]


def test_out_as_a_link_to_the_served_folder(newsroom, demo_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    served = tmp_path / "www"
    first = newsroom("export", "--db", str(demo_db), "--out", str(served), "--now", NOW)
    assert first.returncode == 0, first.stderr
    # So that the export has to write it again. (Removed, not rewritten in place: an
    # export with nothing changed trusts its notes and the folders' timestamps, so a
    # file edited in place by hand is put right only by the next full export.)
    (served / "index.html").unlink()
    link = tmp_path / "site"
    link.symlink_to(served)
    result = newsroom("export", "--db", str(demo_db), "--out", str(link), "--now", NOW, "--json")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(served)
    assert (served / "index.html").is_file()
    report = json.loads(result.stdout)
    assert report["written"] == 1
    assert report["out"] == str(link) and report["folder"] == str(served)
    human = newsroom("export", "--db", str(demo_db), "--out", str(link), "--now", NOW)
    assert f"the site was written into {served}" in human.stdout
