"""The writer's batches: new stories written together give the rows, the outcomes and the
links that writing each file on its own gives, and a bad file in a batch fails alone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from newsroom.core import articles, batch
from newsroom.core.changes import story_changes
from newsroom.core.db import Database
from newsroom.core.errors import ValidationError
from newsroom.core.models import (
    Article,
    ArticleEntity,
    Entity,
    HeadlineKey,
    MoreNewsLink,
    PendingLink,
    Revision,
    Section,
)
from newsroom.importing.matching import Matcher
from newsroom.importing.report import ImportReport
from newsroom.importing.service import import_paths

_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _file(folder: Path, name: str, title: str, body: str, **meta: str) -> None:
    head = "".join(f"{key}: {value}\n" for key, value in {"title": title, **meta}.items())
    (folder / name).write_text(f"---\n{head}---\n\n{body}\n", encoding="utf-8")


def _archive(folder: Path) -> Path:
    """Files that take every turn of the writer: links forward and in a cycle, a line
    to no story, a copy of a file, a slug taken on another day, a bad file, tags and
    sections new and shared."""
    folder.mkdir()
    day = {"date": "2024-01-01 10:00", "category": "Business"}
    _file(folder, "a.md", "Alpha", "Alpha text.\n\nMore news: Beta\n\nMore news: Not here",
          slug="alpha", tags="[Port Edris, dredging]", **day)  # fmt: skip
    _file(folder, "b.md", "Beta", "Beta text.\n\nMore news: Alpha", tags="[dredging]", **day)
    _file(folder, "c.md", "Alpha again", "A copy.", slug="alpha", **day)
    _file(folder, "d.md", "Alpha later", "Later.", slug="alpha", date="2024-02-02 10:00")
    _file(folder, "e.md", "Bad status", "Text.", status="bogus")
    for n in range(12):
        _file(folder, f"s{n:02d}.md", f"Story {n}", f"Text {n}.\n\nMore news: Story {n + 1}",
              tags=f"[Tag {n % 3}, Port Edris]", category=f"Section {n % 2}",
              date=f"2024-03-{n + 1:02d} 09:00")  # fmt: skip
    return folder


def _outcomes(report: ImportReport) -> list[tuple[Any, ...]]:
    return sorted(
        (Path(f.path).name, f.outcome, f.reason, f.slug, f.warnings) for f in report.files
    )


def _dump(db: Database) -> dict[str, Any]:
    """Every row the import wrote, by slug and name rather than by id or uid (two
    imports give different uids, and entity ids follow the groups)."""
    with db.reading() as s:
        stories = s.execute(select(Article).order_by(Article.id)).scalars().all()
        slug_of = {a.uid: a.slug for a in stories}

        def plain(text: str | None) -> str | None:
            return None if text is None else _UID.sub(lambda m: slug_of.get(m[0], "?"), text)

        sections = dict(s.execute(select(Section.id, Section.name)).all())
        entities = {e.id: (e.kind, e.name, e.slug) for e in s.scalars(select(Entity))}
        stamped = set(s.scalars(select(story_changes.c.article_id)))
        out: dict[str, Any] = {"entities": sorted(entities.values())}
        for a in stories:

            def rows(*columns: Any, key: Any) -> list[tuple[Any, ...]]:
                return sorted(tuple(r) for r in s.execute(select(*columns).where(key == a.id)))  # noqa: B023

            out[a.slug] = {
                "story": (a.headline, plain(a.body), a.standfirst, a.byline, a.status,
                          a.published_at, a.created_at, a.updated_at, a.version,
                          sections.get(a.section_id)),
                "tags": sorted((p, entities[e], src) for e, p, src in rows(
                    ArticleEntity.entity_id, ArticleEntity.position, ArticleEntity.source,
                    key=ArticleEntity.article_id)),
                "links": [(p, slug_of.get(u)) for p, u in rows(
                    MoreNewsLink.position, MoreNewsLink.target_uid, key=MoreNewsLink.source_id)],
                "pending": rows(PendingLink.position, PendingLink.wanted, PendingLink.wanted_key,
                                key=PendingLink.source_id),
                "key": rows(HeadlineKey.key, key=HeadlineKey.article_id),
                "revisions": [(v, note, plain(body), tags) for v, note, body, tags in s.execute(
                    select(Revision.version, Revision.note, Revision.body, Revision.tags)
                    .where(Revision.article_id == a.id).order_by(Revision.version))],
                "stamped": a.id in stamped,
            }  # fmt: skip
    return out


def test_batches_write_what_one_file_at_a_time_writes(
    db: Database, sqlite_db: Database, tmp_path: Path
) -> None:
    folder = _archive(tmp_path / "in")
    alone = import_paths(sqlite_db, [folder], group_seconds=0)  # a transaction a file
    together = import_paths(db, [folder])  # groups, new stories in batches
    assert _outcomes(together) == _outcomes(alone)
    assert (together.imported, together.skipped, together.failed) == (15, 1, 1)
    assert [u.headline for u in together.unresolved_links] == ["Not here", "Story 12"]
    assert _dump(db) == _dump(sqlite_db)


def test_a_bad_file_in_a_batch_fails_alone(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _archive(tmp_path / "in")
    real = articles.clean_input
    batches: list[int] = []

    def refuse_story_5(data: articles.ArticleInput) -> articles.ArticleInput:
        if data.headline == "Story 5" and data.body:  # not the writer's own early check
            raise ValidationError("headline", "story 5 is refused")
        return real(data)

    def counted(session: Any, stories: Any, **kwargs: Any) -> Any:
        batches.append(len(stories))
        return create(session, stories, **kwargs)

    create = batch.create_articles
    monkeypatch.setattr(articles, "clean_input", refuse_story_5)  # create_article's
    monkeypatch.setattr(batch, "clean_input", refuse_story_5)
    monkeypatch.setattr("newsroom.importing.writer.create_articles", counted)
    report = import_paths(db, [folder])
    failed = [(Path(f.path).name, f.reason) for f in report.files if f.outcome == "failed"]
    assert failed == [("e.md", failed[0][1]), ("s05.md", "story 5 is refused")]
    assert (report.imported, report.skipped) == (14, 1)
    assert batches and max(batches) > 1
    dump = _dump(db)
    assert "story-5" not in dump
    # The story linking to it keeps the line pending; the one it linked to is there.
    assert dump["story-4"]["pending"] == [(0, "Story 5", "story 5")]
    assert dump["story-6"]["key"] == [("story 6",)]


def _failed_batches(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The slugs of each batch that failed (and was written again one file at a time)."""
    create = batch.create_articles
    failed: list[list[str]] = []

    def watched(session: Any, stories: Any, **kwargs: Any) -> Any:
        try:
            return create(session, stories, **kwargs)
        except Exception:
            failed.append([s.data.slug for s in stories])
            raise

    monkeypatch.setattr("newsroom.importing.writer.create_articles", watched)
    return failed


@pytest.mark.parametrize(
    "same", [{"uid": "0f8fad5b-d9cb-469f-a165-70867728950e"}, {"url": "https://x.test/a.html"}]
)
def test_a_second_file_of_a_story_waits_for_the_first_not_failing_the_batch(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, same: dict[str, str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, title in (("a", "Alpha"), ("b", "Beta"), ("c", "Beta, retitled"), ("d", "Delta")):
        _file(folder, f"{name}.md", title, "Text.", **(same if name in "bc" else {}))
    failed = _failed_batches(monkeypatch)
    report = import_paths(db, [folder])
    assert failed == []
    assert [(Path(f.path).name, f.outcome, f.reason) for f in report.files] == [
        ("a.md", "imported", ""), ("b.md", "imported", ""),
        ("c.md", "skipped", "the same story as b.md, earlier in this import"),
        ("d.md", "imported", ""),
    ]  # fmt: skip


def test_a_slug_a_failed_batch_moved_to_is_not_batched_again(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    day = {"date": "2024-01-01 10:00"}
    _file(folder, "a.md", "Alpha", "Text.", slug="alpha", **day)
    _file(folder, "b.md", "Beta", "Text.")
    _file(folder, "c.md", "Alpha again", "A copy.", slug="alpha", **day)  # ends the run
    _file(folder, "d.md", "Alpha 2", "Text.", date="2024-01-02 10:00")
    _file(folder, "e.md", "Epsilon", "Text.")
    real = Matcher.new_and_free

    def taken_meanwhile(self: Matcher, session: Any, stories: Any) -> set[int]:
        """Another writer takes the slug "alpha" after the group's check."""
        fresh = real(self, session, stories)
        if not session.scalar(select(Article.id).where(Article.slug == "alpha")):
            articles.create_article(session, articles.ArticleInput(headline="Other", slug="alpha"))
        return fresh

    monkeypatch.setattr(Matcher, "new_and_free", taken_meanwhile)
    failed = _failed_batches(monkeypatch)
    report = import_paths(db, [folder])
    assert failed == [["alpha", "beta"]]  # a.md then takes the next free slug, alpha-2
    assert [(Path(f.path).name, f.outcome, f.slug) for f in report.files] == [
        ("a.md", "imported", "alpha-2"), ("b.md", "imported", "beta"),
        ("c.md", "skipped", None), ("d.md", "imported", "alpha-2-2"),
        ("e.md", "imported", "epsilon"),
    ]  # fmt: skip
