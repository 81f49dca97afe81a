"""The writer's choice of folder: `--out` as a symbolic link (issue 12, item 6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsroom.core.articles import update_article, with_changes
from newsroom.publish.site_folder import ExportError


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_link_to_the_served_folder_is_followed_and_kept(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    served = tmp_path / "www" / "html"
    served.parent.mkdir()
    newsroom.export(served)  # what the web server serves
    link = tmp_path / "site"
    link.symlink_to(os.path.join("www", "html"))  # relative
    third = newsroom.stories["third"]
    with newsroom.db.transaction() as session:
        update_article(session, third.id, third.version, with_changes(third, body="Revised."))
    result = newsroom.export(link)
    assert link.is_symlink() and os.readlink(link) == os.path.join("www", "html")
    assert 1 <= result.written < result.pages and result.unchanged > 0  # incremental still
    assert any(b"Revised." in data for data in _files(served).values())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert sorted(p.name for p in served.parent.iterdir()) == [
        ".html.newsroom-state.sqlite",
        "html",
    ]


def test_a_link_to_a_folder_not_made_yet(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "www").mkdir()
    link = tmp_path / "site"
    link.symlink_to(tmp_path / "www" / "html")
    result = newsroom.export(link)
    assert link.is_symlink() and result.written == result.pages
    assert (tmp_path / "www" / "html" / "index.html").is_file()


def test_a_link_to_a_folder_that_is_not_an_export_is_refused(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    served = tmp_path / "www"
    served.mkdir()
    (served / "index.html").write_text("the hand-made site")
    link = tmp_path / "site"
    link.symlink_to(served)
    with pytest.raises(ExportError, match=r"site \(-> .*www\): the folder is not empty"):
        newsroom.export(link)
    assert link.is_symlink() and _files(served) == {"index.html": b"the hand-made site"}


def test_a_link_that_loops_is_refused(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    link = tmp_path / "site"
    link.symlink_to(tmp_path / "other")
    (tmp_path / "other").symlink_to(link)
    with pytest.raises(ExportError, match="cannot be followed"):
        newsroom.export(link)
    assert link.is_symlink()
