"""Pending More-news lines through the import (issue 14): the seed page imported into an
empty database keeps its three lines as pending lines, the report says what they wait
for, and importing their stories later links them, in that import's transaction."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from importing.newsrooms import FIXTURES
from sqlalchemy import select

from newsroom.core import pending
from newsroom.core.articles import load_article
from newsroom.core.db import Database
from newsroom.core.models import Article
from newsroom.importing.service import import_paths
from newsroom.text.morenews import lines, target_uids

SEED = FIXTURES / "seed" / "un-envoy-de-mistura.html"
WANTED = [
    "Kamal Haasan hints at entry into politics",
    "Gayle, big players return as Windies name squad",
    "Ceasefire in southern Syria holds…",
]


def _md(folder: Path, name: str, title: str, body: str = "Text.") -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        f"---\ntitle: {title}\ndate: 2024-03-01\n---\n{body}\n", encoding="utf-8"
    )


def _by_headline(db: Database, headline: str):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        article_id = session.scalars(select(Article.id).where(Article.headline == headline)).one()
        return load_article(session, article_id)


def _seed(db: Database, tmp_path: Path) -> int:
    folder = tmp_path / "seed"
    folder.mkdir()
    shutil.copy(SEED, folder)
    report = import_paths(db, [folder])
    assert report.imported == 1
    assert report.files[0].story_id is not None
    return report.files[0].story_id


def test_the_seed_page_keeps_its_three_more_news_lines_pending(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "seed"
    folder.mkdir()
    shutil.copy(SEED, folder)
    report = import_paths(db, [folder])
    assert (report.imported, report.failed) == (1, 0)
    assert [u.headline for u in report.unresolved_links] == WANTED
    assert f"3 More-news lines pending (waiting for: {'; '.join(WANTED)})" in report.summary()
    story_id = report.files[0].story_id
    assert story_id is not None
    with db.reading() as session:
        body = load_article(session, story_id).body
        stored = [w.wanted for w in pending.waiting(session, story_id)]
    assert [(x.uid, x.hint) for x in lines(body)] == [(None, w) for w in WANTED]
    assert stored == WANTED
    assert body.index("Kamal") < body.index("The opposition") < body.index("Gayle")


def test_importing_the_stories_they_want_links_them(db: Database, tmp_path: Path) -> None:
    seed_id = _seed(db, tmp_path)
    folder = tmp_path / "targets"
    _md(folder, "kamal.md", "Kamal Haasan hints at entry into politics")
    _md(folder, "ceasefire.md", "Ceasefire in southern Syria holds for a third day")
    report = import_paths(db, [folder])
    assert (report.imported, report.failed) == (2, 0)
    kamal = _by_headline(db, "Kamal Haasan hints at entry into politics")
    ceasefire = _by_headline(db, "Ceasefire in southern Syria holds for a third day")
    with db.reading() as session:
        seed = load_article(session, seed_id)
        waiting = [w.wanted for w in pending.waiting(session, seed_id)]
    assert [x.uid for x in lines(seed.body)] == [kamal.uid, None, ceasefire.uid]
    assert waiting == ["Gayle, big players return as Windies name squad"]
    assert seed.version == 2  # one save for both lines: they arrived in one transaction


def test_a_line_to_a_file_that_failed_links_when_the_file_is_imported_again(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _md(folder, "a.md", "Alpha", "First.\n\nMore news: Zeta")
    (folder / "z.md").write_text(
        f"---\ntitle: Zeta\ndate: 2024-03-01\nauthor: {'x' * 300}\n---\nZ.\n", encoding="utf-8"
    )
    first = import_paths(db, [folder], group_seconds=0)
    assert (first.imported, first.failed) == (1, 1)
    assert "1 More-news line pending (waiting for: Zeta)" in first.summary()
    _md(folder, "z.md", "Zeta", "Fixed.")
    again = import_paths(db, [folder], group_seconds=0)
    assert (again.imported, again.skipped) == (1, 1)
    assert target_uids(_by_headline(db, "Alpha").body) == [_by_headline(db, "Zeta").uid]


def test_a_story_waiting_in_the_import_and_linked_meanwhile_is_not_given_up(
    db: Database, tmp_path: Path
) -> None:
    """Beta waits for Alpha (they name each other); Gamma, written between them, is the
    one story Beta's cut-short line wants and links it first. Beta is then saved again
    for Alpha over that version, not given up as changed by someone else."""
    folder = tmp_path / "in"
    _md(folder, "a.md", "Alpha", "More news: Beta\n\nMore news: Gamma opens the season")
    _md(folder, "b.md", "Beta", "More news: Alpha\n\nMore news: Gamma opens…")
    _md(folder, "g.md", "Gamma opens the season")
    report = import_paths(db, [folder], group_seconds=0)
    assert (report.imported, report.failed) == (3, 0)
    assert report.pending_links == [] and report.waiting_for() == []  # all linked by the end
    assert "pending" not in report.summary()
    alpha, beta, gamma = (_by_headline(db, h) for h in ("Alpha", "Beta", "Gamma opens the season"))
    assert target_uids(beta.body) == [alpha.uid, gamma.uid]
    assert target_uids(alpha.body) == [beta.uid, gamma.uid]
    assert beta.version == 3  # written, linked to Gamma, linked to Alpha
    assert beta.updated_at == datetime(2024, 3, 1, tzinfo=UTC)  # the file's date, kept
