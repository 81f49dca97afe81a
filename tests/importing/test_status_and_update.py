"""`import_paths` choosing the status of what arrives (`status`), saying why each
skipped file was skipped, and updating stories from their files (`on_duplicate`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from newsroom.core import leases
from newsroom.core.articles import find_by_slug, update_article
from newsroom.core.db import Database
from newsroom.core.entities import article_tags, create_entity
from newsroom.core.errors import ValidationError
from newsroom.core.models import Revision
from newsroom.importing.service import import_paths

UID = "2f1c7a64-9c59-4a4f-8d0c-3d2a1f9e8b7c"


def _write(folder: Path, name: str, front: str, body: str = "The envoy arrived.") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}\n", encoding="utf-8")
    return path


def _story(db: Database, slug: str):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return find_by_slug(session, slug)


TALKS = "title: Talks resume in Geneva\ndate: 2026-03-10 10:15\nstatus: published"


def test_keep_takes_the_files_status_and_draft_makes_drafts(db: Database, tmp_path: Path) -> None:
    _write(tmp_path / "a", "talks.md", TALKS)
    _write(tmp_path / "b", "budget.md", "title: Budget passes\ndate: 2026-03-11 09:00")
    _write(tmp_path / "b", "spiked.md", "title: Spiked piece\nstatus: spiked")
    assert import_paths(db, [tmp_path / "a"]).imported == 1  # keep is the default
    assert _story(db, "talks-resume-in-geneva").status == "published"
    report = import_paths(db, [tmp_path / "b"], status="draft")
    assert report.imported == 2
    budget = _story(db, "budget-passes")
    assert budget.status == "draft"
    assert budget.published_at == datetime(2026, 3, 11, 9, 0, tzinfo=UTC)  # for publishing
    assert _story(db, "spiked-piece").status == "draft"


def test_a_draft_import_that_updates_keeps_the_storys_status(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path / "in", "talks.md", TALKS)
    import_paths(db, [path])
    _write(tmp_path / "in", "talks.md", TALKS, "The envoy arrived late.")
    report = import_paths(db, [path], status="draft", on_duplicate="update")
    assert report.updated == 1
    story = _story(db, "talks-resume-in-geneva")
    assert (story.status, story.body) == ("published", "The envoy arrived late.\n")


def test_a_bad_status_is_refused(sqlite_db: Database) -> None:
    with pytest.raises(ValidationError, match="keep or draft"):
        import_paths(sqlite_db, [], status="published")


@pytest.mark.parametrize(
    ("first", "again", "how"),
    [
        (f"title: First\nuid: {UID}", f"title: First, renamed\nuid: {UID}", "uid"),
        (
            "title: Second\nurl: https://x.example/s/2",
            "title: Second, renamed\nurl: https://x.example/s/2",
            "source address",
        ),
        (
            "title: Third\ndate: 2026-03-10 10:15",
            "title: Third\ndate: 2026-03-10 18:00",
            "slug and publication day",
        ),
    ],
)
def test_each_skipped_file_says_which_story_and_what_matched(
    db: Database, tmp_path: Path, first: str, again: str, how: str
) -> None:
    path = _write(tmp_path / "in", "story.md", first)
    imported = import_paths(db, [path]).files[0]
    _write(tmp_path / "in", "story.md", again)
    (skipped,) = import_paths(db, [path]).files
    headline = first.split("\n")[0].removeprefix("title: ")
    assert skipped.outcome == "skipped" and skipped.matched_on == how
    assert skipped.reason == f"already in the database: the story {headline!r} has the same {how}"
    assert skipped.story_id == imported.story_id


def test_a_copy_in_the_same_import_is_skipped_and_not_offered_for_update(
    db: Database, open_db: Callable[[str], Database], tmp_path: Path
) -> None:
    _write(tmp_path / "in", "a.md", TALKS)
    _write(tmp_path / "in", "b.md", TALKS)
    for database, on_duplicate in ((db, "skip"), (open_db("fresh"), "update")):
        report = import_paths(database, [tmp_path / "in"], on_duplicate=on_duplicate)
        assert (report.imported, report.updated, report.skipped) == (1, 0, 1)
        assert report.files[1].reason == "the same story as a.md, earlier in this import"
        assert report.updatable == []


def test_update_is_a_new_revision_of_the_same_story(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path / "in", "talks.md", TALKS + "\ntags: [Geneva, United Nations]")
    import_paths(db, [path])
    first = _story(db, "talks-resume-in-geneva")
    with db.transaction() as session:  # an editor adds a tag of their own
        envoy = create_entity(session, "person", "Staffan de Mistura")
        tags = (*first.entity_ids, envoy.id)
        update_article(session, first.id, first.version, replace(first.as_input(), entity_ids=tags))
    _write(tmp_path / "in", "talks.md", TALKS + "\ntags: [Geneva]", "The envoy arrived late.")
    skipped = import_paths(db, [path])
    assert [f.path for f in skipped.updatable] == [str(path)]
    report = import_paths(
        db, [path], on_duplicate="update", only=[f.path for f in skipped.updatable]
    )
    assert (report.updated, report.skipped) == (1, 0)
    again = _story(db, "talks-resume-in-geneva")
    assert (again.id, again.uid, again.slug) == (first.id, first.uid, first.slug)
    assert again.version == first.version + 2 and again.body == "The envoy arrived late.\n"
    with db.reading() as session:
        names = {t.name: t.source for t in article_tags(session, again.id)}
        notes = list(session.scalars(
            select(Revision.note).where(Revision.article_id == again.id).order_by(Revision.version)
        ))  # fmt: skip
    # The file's tags replace those its import brought; the editor's tag stays.
    assert names == {"Geneva": "import", "Staffan de Mistura": "typed"}
    assert notes[-1] == f"re-imported from {path}"


def test_only_writes_just_those_files(db: Database, tmp_path: Path) -> None:
    a = _write(tmp_path / "in", "a.md", TALKS)
    b = _write(tmp_path / "in", "b.md", "title: Budget passes\ndate: 2026-03-11 09:00")
    (tmp_path / "in" / "notes.bin").write_bytes(b"\x00\x01")
    import_paths(db, [tmp_path / "in"])
    for path in (a, b):
        path.write_text(path.read_text().replace("arrived", "left"), encoding="utf-8")
    report = import_paths(db, [tmp_path / "in"], on_duplicate="update", only=[str(b)])
    assert [(f.path, f.outcome) for f in report.files] == [(str(b), "updated")]
    assert "arrived" in _story(db, "talks-resume-in-geneva").body


def test_a_story_open_in_an_editor_is_not_updated(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path / "in", "talks.md", TALKS)
    import_paths(db, [path])
    story = _story(db, "talks-resume-in-geneva")
    with db.transaction() as session:
        assert leases.acquire(session, story.id, "Ana Editor", "window-1") is None
    _write(tmp_path / "in", "talks.md", TALKS, "The envoy arrived late.")
    (skipped,) = import_paths(db, [path], on_duplicate="update").files
    assert (skipped.outcome, skipped.matched_on) == ("skipped", "slug and publication day")
    assert skipped.reason == (
        "not updated: the story 'Talks resume in Geneva' is open in an editor (Ana Editor); "
        "close it there, then update again"
    )
    assert _story(db, "talks-resume-in-geneva").version == story.version
    with db.transaction() as session:
        leases.release(session, story.id, "window-1")
    assert import_paths(db, [path], on_duplicate="update").updated == 1
