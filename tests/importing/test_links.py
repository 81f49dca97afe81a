"""More-news lines between files of one import (issue 12, item 4): a link is written only
once its target exists, in the same transaction; a line whose target failed, or was never
written because the import stopped, stays pending (`[[more-news:?|<headline>]]`) and the
report says so. Never a link to a story that does not exist."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from newsroom.core.db import Database
from newsroom.core.models import Article, MoreNewsLink, Revision
from newsroom.importing.service import import_paths
from newsroom.text.morenews import target_uids


def _write(folder: Path, name: str, title: str, body: str, extra: str = "") -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        f"---\ntitle: {title}\ndate: 2024-03-01\n{extra}---\n{body}\n", encoding="utf-8"
    )


def _dangling(db: Database) -> list[str]:
    """Links whose target uid belongs to no story."""
    with db.reading() as session:
        uids = set(session.scalars(select(Article.uid)))
        bodies = list(session.scalars(select(Article.body)))
        rows = list(session.scalars(select(MoreNewsLink.target_uid)))
    return [u for u in rows + [u for b in bodies for u in target_uids(b)] if u not in uids]


def _body(db: Database, headline: str) -> str:
    with db.reading() as session:
        return session.scalars(select(Article.body).where(Article.headline == headline)).one()


def test_a_target_written_later_is_linked_and_the_source_saved_once(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _write(folder, "a.md", "Alpha", "First.\n\nMore news: Beta\n\nLast.")
    _write(folder, "b.md", "Beta", "Second.\n\nMore news: Alpha")  # each names the other
    _write(folder, "c.md", "Gamma", "Third.\n\nMore news: Beta")
    checked: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        if done > total // 2:  # a file's group committed: were the process killed now,
            checked.append(done)  # no link would point at a story that is not there
            assert _dangling(db) == []

    report = import_paths(db, [folder], group_seconds=0, progress=progress)
    assert checked == [4, 5, 6]
    assert (report.imported, report.failed) == (3, 0)
    assert report.pending_links == [] and report.unresolved_links == []
    assert _dangling(db) == []
    with db.reading() as session:
        uid = {h: u for h, u in session.execute(select(Article.headline, Article.uid))}
        saves = {h: v for h, v in session.execute(select(Article.headline, Article.version))}
        notes = list(session.scalars(select(Revision.note).order_by(Revision.id)))
    assert target_uids(_body(db, "Alpha")) == [uid["Beta"]]
    assert target_uids(_body(db, "Beta")) == [uid["Alpha"]]
    assert target_uids(_body(db, "Gamma")) == [uid["Beta"]]
    # Only a cycle needs a second save; a plain "links to a later file" does not.
    assert sorted(saves.values()) == [1, 1, 2]
    assert "More news" not in _body(db, "Gamma")
    assert sum(1 for n in notes if "More-news" in n) == 1


def test_a_target_that_fails_leaves_a_pending_line_and_a_report(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _write(folder, "a.md", "Alpha", "First.\n\nMore news: Zeta\n\nLast.")
    # Read fine, refused when written: a byline longer than the database allows.
    _write(folder, "z.md", "Zeta", "Never written.", extra=f"author: {'x' * 300}\n")
    report = import_paths(db, [folder], group_seconds=0)
    assert (report.imported, report.failed) == (1, 1)
    assert _dangling(db) == []
    body = _body(db, "Alpha")
    assert target_uids(body) == []
    assert body == "First.\n\n[[more-news:?|Zeta]]\n\nLast.\n"  # pending, where it was
    assert [(Path(p.path).name, p.headline, Path(p.target_path).name) for p in
            report.pending_links] == [("a.md", "Zeta", "z.md")]  # fmt: skip
    assert "1 More-news line pending (waiting for: Zeta)" in report.summary()


def test_an_import_stopped_between_source_and_target_links_to_nothing(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _write(folder, "a.md", "Alpha", "First.\n\nMore news: Beta")
    _write(folder, "b.md", "Beta", "Second.\n\nMore news: Alpha")
    asked = 0

    def cancelled() -> bool:  # stop after the first file is written
        nonlocal asked
        asked += 1
        return asked > 3  # two reads, one write

    report = import_paths(db, [folder], group_seconds=0, cancelled=cancelled)
    assert report.cancelled and report.imported == 1
    assert _dangling(db) == []
    assert len(report.pending_links) == 1
