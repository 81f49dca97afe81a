"""Exports after a few edits (issue 18): the change stamps name the stories, the notes
beside the site name the pages, and only those are rendered and replaced, with the
same bytes a full export would write. Whatever the patch cannot do exactly goes to
the full export."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsroom.core import settings as site_settings
from newsroom.core.articles import (
    ArticleInput,
    create_article,
    delete_article,
    load_article,
    update_article,
    with_changes,
)
from newsroom.publish import export as export_module

NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)  # the test newsroom's (conftest)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def desk(newsroom):  # type: ignore[no-untyped-def]
    """The test newsroom with twelve newer stories, so its first three are not among
    the newest (whose headlines every story page lists)."""
    with newsroom.db.transaction() as session:
        for n in range(12):
            create_article(
                session,
                ArticleInput(
                    headline=f"Later story {n}",
                    body=f"Later text {n}.",
                    status="published",
                    published_at=datetime(2019, 1, 1 + n, 9, 0, tzinfo=UTC),
                ),
                author="test",
            )
    return newsroom


def _edit(newsroom, key: str, **changes: object) -> None:  # type: ignore[no-untyped-def]
    record = newsroom.stories[key]
    with newsroom.db.transaction() as session:
        current = load_article(session, record.id)
        update_article(session, current.id, current.version, with_changes(current, **changes))


def _same_as_a_full_export(newsroom, out: Path, tmp_path: Path, now: datetime = NOW) -> None:  # type: ignore[no-untyped-def]
    reference = tmp_path / f"reference-{len(list(tmp_path.glob('reference-*')))}"
    full = newsroom.export(reference, now=now)
    assert not full.patched
    assert _files(out) == _files(reference)


def _no_gather(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the patch read the whole site")

    monkeypatch.setattr(export_module, "gather", refuse)


def test_nothing_changed_writes_nothing_and_reads_nothing(desk, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    first = desk.export(out)
    before = {p: p.stat().st_ino for p in out.rglob("*")}
    _no_gather(monkeypatch)
    again = desk.export(out, now=NOW + timedelta(hours=1))  # same day, nothing went live
    assert again.patched and again.written == 0 and again.unchanged == first.pages
    assert again.left_out_links == first.left_out_links
    assert {p: p.stat().st_ino for p in out.rglob("*")} == before


def test_a_body_edit_replaces_that_story_page_only(desk, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    desk.export(out)
    _edit(desk, "third", body="Budget approved after a long night.")
    with monkeypatch.context() as m:
        _no_gather(m)
        result = desk.export(out)
    assert result.patched and result.rendered_bodies == 1
    assert 1 <= result.written <= 3  # the page; the sitemap's day; not the feed (not newest)
    _same_as_a_full_export(desk, out, tmp_path)


def test_a_headline_edit_reaches_listings_and_the_stories_linking_to_it(
    desk, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    desk.export(out)
    _edit(desk, "first", headline="UN envoy closes talks in Geneva")
    with monkeypatch.context() as m:
        _no_gather(m)
        result = desk.export(out)
    assert result.patched
    assert result.rendered_bodies == 1  # "second" links to it; its own body is cached
    second = next(out.glob(f"*/*/{desk.stories['second'].slug}.html")).read_text()
    assert "UN envoy closes talks in Geneva</a>" in second
    _same_as_a_full_export(desk, out, tmp_path)


def test_a_draft_saved_changes_nothing(desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    desk.export(out)
    _edit(desk, "draft", body="Still secret.")
    result = desk.export(out)
    assert result.patched and result.written == 0
    from newsroom.core import changes
    from newsroom.publish import state

    notes = state.read(out)  # the stamps seen are remembered: drafts do not pile up
    assert notes is not None
    with desk.db.reading() as session:
        counter = changes.counter(session)
        assert counter is not None and notes.header["counter"] == counter.value
    notes.close()


def test_a_patch_reports_left_out_lines_as_a_full_export_would(desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The reasons come from the notes; those of the targets changed are asked again
    (a draft sent for review, a draft deleted)."""
    out = tmp_path / "site"
    desk.export(out)
    _edit(desk, "draft", status="review")
    with desk.db.transaction() as session:
        delete_article(session, desk.stories["scheduled"].id)
    result = desk.export(out)
    assert result.patched
    reasons = {(x["target_uid"], x["reason"]) for x in result.left_out_links}
    assert (desk.stories["draft"].uid, "it is review") in reasons
    assert (desk.stories["scheduled"].uid, "it does not exist") in reasons
    full = desk.export(tmp_path / "reference")
    assert not full.patched and result.left_out_links == full.left_out_links


@pytest.mark.parametrize(
    "change",
    [
        "tags",  # entity pages list it, or not
        "spiked",  # off the site
        "date",  # listings reorder
        "new story",
        "site name",
        "next day",  # the listings' masthead
        "scheduled story goes live",  # by the clock alone, nothing written
        "newest story's headline",  # every story page lists it
    ],
)
def test_what_moves_pages_is_a_full_export(desk, tmp_path, change: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    desk.export(out)
    now = NOW
    if change == "tags":
        _edit(desk, "third", entity_ids=desk.stories["first"].entity_ids[:1])
    elif change == "spiked":
        _edit(desk, "first", status="spiked")
    elif change == "date":
        _edit(desk, "third", published_at=datetime(2018, 2, 3, 8, 0, tzinfo=UTC))
    elif change == "new story":
        with desk.db.transaction() as session:
            create_article(
                session,
                ArticleInput(
                    headline="Brand new", status="published", published_at=NOW - timedelta(days=1)
                ),
                author="test",
            )
    elif change == "site name":
        with desk.db.transaction() as session:
            current = site_settings.load(session)
            site_settings.save(session, replace(current, site_name="The Evening Courier"))
    elif change == "next day":
        now = NOW + timedelta(days=1)
    elif change == "scheduled story goes live":
        now = NOW + timedelta(days=8)
    else:
        with desk.db.transaction() as session:
            newest = load_article(session, desk.stories["third"].id + 12)  # "Later story 11"
            assert newest.headline == "Later story 11"
            update_article(session, newest.id, newest.version, with_changes(newest, headline="Now"))
    result = desk.export(out, now=now)
    assert not result.patched
    _same_as_a_full_export(desk, out, tmp_path, now)


def test_notes_for_another_folder_are_not_trusted(desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The site deleted and exported again by someone else: the notes no longer
    describe the folder, so the next export is a full one."""
    import shutil

    out = tmp_path / "site"
    desk.export(out)
    shutil.copytree(out, tmp_path / "copy")
    shutil.rmtree(out)
    (tmp_path / "copy").rename(out)
    _edit(desk, "third", body="Changed.")
    assert not desk.export(out).patched
    _same_as_a_full_export(desk, out, tmp_path)


def test_a_deleted_file_sends_the_next_export_to_the_full_path(desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    desk.export(out)
    (out / "feed.xml").unlink()
    result = desk.export(out)
    assert not result.patched and (out / "feed.xml").is_file()
    _same_as_a_full_export(desk, out, tmp_path)
