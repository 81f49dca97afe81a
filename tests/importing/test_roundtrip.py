"""Newsroom's own export comes back: export -> import into an empty database -> export
gives the same pages, byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from importing.newsrooms import NOW, fill_rich
from sqlalchemy import select

from newsroom.core import settings as site_settings
from newsroom.core.db import Database
from newsroom.core.demo import load_demo
from newsroom.core.entities import load_entity
from newsroom.core.models import Article, ArticleEntity, Entity, MoreNewsLink, TagSource
from newsroom.importing.service import import_paths
from newsroom.publish.export import export_site

GOLDEN = Path(__file__).parents[1] / "publish" / "golden"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _assert_same_site(first: Path, second: Path) -> None:
    a, b = _files(first), _files(second)
    assert sorted(a) == sorted(b)
    for name in sorted(a):
        assert b[name].decode() == a[name].decode(), name


def test_the_publish_test_newsroom_comes_back_byte_for_byte(db: Database, tmp_path: Path) -> None:
    report = import_paths(db, [GOLDEN])
    assert report.failed == 0, report.failures
    assert report.imported == 3
    assert report.unresolved_links == []
    export_site(db, tmp_path / "again", now=NOW)
    _assert_same_site(GOLDEN, tmp_path / "again")


def test_a_newsroom_with_every_kind_of_markup_comes_back(
    db: Database, open_db: Callable[[str], Database], tmp_path: Path
) -> None:
    source = open_db("source")
    uids = fill_rich(source)
    export_site(source, tmp_path / "first", now=NOW)
    report = import_paths(db, [tmp_path / "first"])
    assert report.failed == 0, report.failures
    assert all(not f.warnings for f in report.files), [f.warnings for f in report.files]
    assert report.settings_adopted is not None
    export_site(db, tmp_path / "second", now=NOW)
    _assert_same_site(tmp_path / "first", tmp_path / "second")
    with db.reading() as session:
        settings = site_settings.load(session)
        rich = session.scalars(select(Article).where(Article.slug == "rich-story")).one()
        links = list(
            session.scalars(
                select(MoreNewsLink.target_uid).where(MoreNewsLink.source_id == rich.id)
            )
        )
        target = session.scalars(select(Article).where(Article.uid == links[0])).one()
        sources = set(session.scalars(select(ArticleEntity.source)))
        board = session.scalars(select(Entity).where(Entity.slug == "water-board")).one()
        georgia = session.scalars(
            select(Entity).where(Entity.name == "Georgia", Entity.kind == "place")
        ).one()
        description = load_entity(session, georgia.id).description
    assert settings.site_name == "The Rich Gazette"
    assert settings.base_url == "https://rich.example.org/news/"
    # New York is one of several zones that fit the dates; any that fits exports alike.
    assert settings.time_zone != "UTC"
    assert rich.uid == uids["rich"]  # the feed carries the uids of the newest stories
    assert target.headline == "Target story <with> & ampersand"
    assert len(links) == 1  # the line to the draft was never on the page
    assert "## A heading" in rich.body and "- first item" in rich.body  # Markdown, not HTML
    assert sources == {TagSource.IMPORT.value}
    assert board.name == "Kessel Water Board"
    assert description == "The country"


@pytest.mark.slow
def test_the_demo_newsroom_comes_back(
    sqlite_db: Database, open_db: Callable[[str], Database], tmp_path: Path
) -> None:
    source = open_db("demo")
    with source.transaction() as session:
        load_demo(session, now=NOW)
    export_site(source, tmp_path / "first", now=NOW)
    report = import_paths(sqlite_db, [tmp_path / "first"])
    assert report.failed == 0, report.failures
    export_site(sqlite_db, tmp_path / "second", now=NOW)
    _assert_same_site(tmp_path / "first", tmp_path / "second")
    with source.reading() as a, sqlite_db.reading() as b:
        query = select(Article.headline, Article.published_at, Article.updated_at).where(
            Article.status == "published", Article.published_at <= NOW
        )

        # The pages carry dates to the second.
        def rows(session):  # type: ignore[no-untyped-def]
            return sorted((h, p, u.replace(microsecond=0)) for h, p, u in session.execute(query))

        assert rows(a) == rows(b)


def test_importing_the_same_export_again_skips_every_story(db: Database, tmp_path: Path) -> None:
    import_paths(db, [GOLDEN])
    again = import_paths(db, [GOLDEN])
    assert (again.imported, again.skipped, again.failed) == (0, 3, 0)
    assert {f.matched_on for f in again.files if f.outcome == "skipped"} == {"uid"}
    assert all(
        f.reason == f"already in the database: the story {f.headline!r} has the same uid"
        for f in again.updatable
    )
