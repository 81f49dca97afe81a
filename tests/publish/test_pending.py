"""Pending More-news lines on the site (issue 14): left out of the page (no dead link,
no raw token) and of the preview until their story arrives; the next export, even an
incremental one, then shows the link."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newsroom.core.articles import ArticleInput, create_article
from newsroom.core.db import Database
from newsroom.publish.export import export_site
from newsroom.publish.preview import preview_html
from newsroom.text.morenews import pending_token

NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)
LIVE = {"status": "published", "published_at": datetime(2026, 7, 1, 9, 0, tzinfo=UTC)}
BODY = f"Before the line.\n\n{pending_token('Storm warning lifted…')}\n\nAfter the line.\n"


def _add(db: Database, headline: str, body: str = "Text.") -> None:
    with db.transaction() as session:
        create_article(session, ArticleInput(headline=headline, body=body, **LIVE))  # type: ignore[arg-type]


def _page(out: Path, slug: str) -> str:
    (found,) = list(out.glob(f"*/*/{slug}.html"))
    return found.read_text()


def test_a_pending_line_is_left_out_until_its_story_arrives(db: Database, tmp_path: Path) -> None:
    _add(db, "Harbour reopens", BODY)
    out = tmp_path / "site"
    first = export_site(db, out, now=NOW)
    page = _page(out, "harbour-reopens")
    assert "Before the line." in page and "After the line." in page
    assert "more-news" not in page and "Storm warning" not in page
    assert first.left_out_links == []  # no link to leave out: `newsroom check` lists it

    _add(db, "Storm warning lifted for the coast")
    again = export_site(db, out, now=NOW)
    page = _page(out, "harbour-reopens")
    assert page.count('class="more-news"') == 1
    assert 'More news: <a href="storm-warning-lifted-for-the-coast.html"' in page
    assert ">Storm warning lifted for the coast</a>" in page
    assert again.unchanged > 0  # incremental: the linking page changed with its version


def test_the_preview_leaves_a_pending_line_out(db: Database) -> None:
    with db.reading() as session:
        html, _path = preview_html(session, ArticleInput(headline="Draft", body=BODY), now=NOW)
    assert "Before the line." in html and "After the line." in html
    assert "more-news:" not in html and "Storm warning" not in html
