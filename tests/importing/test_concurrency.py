"""Two imports into one database at once give what one after the other gives (issue 12,
item 2): no file fails because the other import created a section or tag first, no story
is written twice, no deadlock on PostgreSQL.

Each import runs in a thread of its own with a `Database` of its own (as two processes
would). Both read their files and look at the database before either writes (a barrier
in `cancelled`, which the importer asks before each file it writes), so any "not in the
database" an importer noted at its start is stale by the time it writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from newsroom.core.db import Database, open_database
from newsroom.core.models import Article, ArticleEntity, Entity, Section
from newsroom.importing.report import ImportReport
from newsroom.importing.service import import_paths
from newsroom.text.morenews import target_uids

SECTIONS = ["World", "Business", "Science"]
TAGS = ["Port Edris", "Harbour Authority", "dredging", "Mina Okafor", "Valmora", "ferries"]


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a database lives, to be opened more than once (one `Database` per import)."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "shared.db")


@pytest.fixture
def opened() -> Iterator[Callable[[str], Database]]:
    databases: list[Database] = []

    def make(where: str) -> Database:
        databases.append(open_database(where))
        return databases[-1]

    yield make
    for database in databases:
        database.close()


def _folder(root: Path, name: str, count: int, *, reverse_tags: bool = False) -> Path:
    """`count` stories sharing sections and tags with every other folder made here; each
    story links to the next one of its folder (a target written after it)."""
    folder = root / name
    folder.mkdir()
    for n in range(count):
        tags = [TAGS[(n + k) % len(TAGS)] for k in range(3)]
        if reverse_tags:  # the same names, met in the other order: locks taken crosswise
            tags.reverse()
        more = f"More news: {name} story {n + 1}\n\n" if n + 1 < count else ""
        (folder / f"{n:03d}.md").write_text(
            f"---\ntitle: {name} story {n}\ndate: 2024-03-{1 + n % 28:02d}\n"
            f"category: {SECTIONS[n % len(SECTIONS)]}\ntags: [{', '.join(tags)}]\n---\n"
            f"Paragraph of {name} {n}.\n\n{more}Last paragraph.\n",
            encoding="utf-8",
        )
    return folder


def _together(databases: list[Database], folders: list[Path]) -> list[ImportReport]:
    """Import each folder into its database in a thread of its own; both start writing
    only once both have read everything and looked at the database."""
    barrier = threading.Barrier(len(folders), timeout=60)
    reports: list[ImportReport | BaseException] = [RuntimeError("not run")] * len(folders)

    def run(index: int) -> None:
        read_all = waited = False

        def progress(done: int, total: int, message: str) -> None:
            nonlocal read_all
            read_all = read_all or done >= total // 2  # the first half of `total` is reading

        def cancelled() -> bool:
            nonlocal waited
            if read_all and not waited:
                waited = True
                barrier.wait()
            return False

        try:
            reports[index] = import_paths(
                databases[index], [folders[index]], progress=progress, cancelled=cancelled,
                group_seconds=0,
            )  # fmt: skip
        except BaseException as exc:  # handed to the main thread, which fails the test
            barrier.abort()
            reports[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(folders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for item in reports:
        if isinstance(item, BaseException):
            raise item
    return reports  # type: ignore[return-value]


def _snapshot(db: Database) -> dict[str, object]:
    """The database's content without its ids: what "the same database" means here."""
    with db.reading() as session:
        sections = {i: n for i, n in session.execute(select(Section.id, Section.name))}
        entities = {i: (k, n) for i, k, n in session.execute(
            select(Entity.id, Entity.kind, Entity.name))}  # fmt: skip
        tags: dict[int, list[tuple[str, str]]] = {}
        for article_id, entity_id in session.execute(
            select(ArticleEntity.article_id, ArticleEntity.entity_id).order_by(
                ArticleEntity.article_id, ArticleEntity.position
            )
        ):
            tags.setdefault(article_id, []).append(entities[entity_id])
        rows = session.execute(
            select(Article.id, Article.uid, Article.slug, Article.headline, Article.body,
                   Article.section_id)
        ).all()  # fmt: skip
    slug_of = {row.uid: row.slug for row in rows}
    stories = sorted(
        (
            row.slug,
            row.headline,
            sections.get(row.section_id),
            tuple(tags.get(row.id, [])),
            tuple(slug_of.get(uid, f"missing {uid}") for uid in target_uids(row.body)),
        )
        for row in rows
    )
    return {
        "sections": sorted(sections.values()),
        "entities": sorted(entities.values()),
        "stories": stories,
    }


def _one_after_the_other(tmp_path: Path, folders: list[Path]) -> dict[str, object]:
    db = open_database(tmp_path / "serial.db")
    try:
        for folder in folders:
            report = import_paths(db, [folder])
            assert report.failed == 0, report.failures
        return _snapshot(db)
    finally:
        db.close()


def test_two_folders_sharing_sections_and_tags(
    location: str, opened: Callable[[str], Database], tmp_path: Path
) -> None:
    folders = [
        _folder(tmp_path, "alpha", 24),
        _folder(tmp_path, "beta", 24, reverse_tags=True),
    ]
    first, second = opened(location), opened(location)
    reports = _together([first, second], folders)
    for report in reports:
        assert report.failed == 0, report.failures
        assert report.imported == 24
        assert report.unresolved_links == []
    assert _snapshot(first) == _one_after_the_other(tmp_path, folders)


def test_the_same_folder_twice_into_an_empty_database(
    location: str, opened: Callable[[str], Database], tmp_path: Path
) -> None:
    folder = _folder(tmp_path, "alpha", 30)
    first, second = opened(location), opened(location)
    reports = _together([first, second], [folder, folder])
    assert [r.failed for r in reports] == [0, 0], [r.failures for r in reports]
    assert sum(r.imported for r in reports) == 30
    assert sum(r.skipped for r in reports) == 30
    assert _snapshot(first) == _one_after_the_other(tmp_path, [folder, folder])
