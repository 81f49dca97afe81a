"""Sections on the exported site: the navigation in the editors' order, and a rename,
reorder or delete reaching every page on the next (incremental) export."""

from __future__ import annotations

import re
from pathlib import Path

from newsroom.core.sections import create_section, delete_section, move_section, rename_section


def _navigation(page: Path) -> list[str]:
    nav = re.search(r'<nav class="sections".*?</nav>', page.read_text(), re.S)
    assert nav is not None
    return re.findall(r">([^<>]+)</a></li>", nav.group(0))


def _story_page(out: Path, slug: str) -> Path:
    (found,) = list(out.glob(f"*/*/{slug}.html"))
    return found


def test_the_navigation_follows_the_sections_order(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = newsroom.db
    with db.transaction() as session:
        politics = create_section(session, "Politics").id
        create_section(session, "Arts")
    out = tmp_path / "site"
    newsroom.export(out)
    before = {p: p.read_bytes() for p in out.rglob("*.html")}
    story = _story_page(out, newsroom.stories["first"].slug)
    for page in (out / "index.html", story, out / "section/world/index.html"):
        assert _navigation(page) == ["World", "Politics", "Arts", "Archive"]

    with db.transaction() as session:
        move_section(session, politics, 1)
    newsroom.export(out)
    assert [p for p, html in before.items() if p.read_bytes() == html] == []  # all have it
    for page in (out / "index.html", story, out / "section/arts/index.html"):
        assert _navigation(page) == ["Politics", "World", "Arts", "Archive"]


def test_a_rename_with_a_new_address_moves_the_sections_pages(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = newsroom.db
    out = tmp_path / "site"
    newsroom.export(out)
    world = newsroom.stories["first"].section_id
    with db.transaction() as session:
        rename_section(session, world, "International")  # the address stays
    newsroom.export(out)
    assert _navigation(out / "index.html") == ["International", "Archive"]
    assert "International" in (out / "section/world/index.html").read_text()

    with db.transaction() as session:
        rename_section(session, world, "International", new_slug=True)
    newsroom.export(out)
    assert not (out / "section/world").exists()
    assert "International" in (out / "section/international/index.html").read_text()
    story = _story_page(out, newsroom.stories["first"].slug).read_text()
    assert 'href="../../section/international/index.html">International</a>' in story


def test_deleting_a_section_moves_its_stories_on_the_site(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = newsroom.db
    world = newsroom.stories["first"].section_id
    with db.transaction() as session:
        politics = create_section(session, "Politics").id
    out = tmp_path / "site"
    newsroom.export(out)
    with db.transaction() as session:
        delete_section(session, world, move_to=politics)
    newsroom.export(out)
    assert not (out / "section/world").exists()
    assert _navigation(out / "index.html") == ["Politics", "Archive"]
    listing = (out / "section/politics/index.html").read_text()
    for key in ("first", "second"):
        assert newsroom.stories[key].headline in listing
        page = _story_page(out, newsroom.stories[key].slug).read_text()
        assert '<p class="kicker"><a href="../../section/politics/index.html">Politics' in page
