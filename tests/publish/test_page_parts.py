"""Parts many pages share (menu, footer, "Latest news") are rendered once per folder
and are the same, byte for byte, as the page around them expects."""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from newsroom.core.articles import ArticleInput, create_article
from newsroom.publish import bodies, pages
from newsroom.publish.page_parts import rel
from newsroom.publish.site import LATEST_ON_STORY, gather

NOW = datetime(2026, 11, 2, tzinfo=UTC)


def _january_story(session, n: int):  # type: ignore[no-untyped-def]
    """Story `n` of January 2019 (one a day): their pages share one folder."""
    return create_article(
        session,
        ArticleInput(
            headline=f"Story number {n}",
            body="Text.",
            status="published",
            published_at=datetime(2019, 1, 1, tzinfo=UTC) + timedelta(days=n),
        ),
    )


def test_story_pages_of_one_folder_share_their_parts(newsroom) -> None:  # type: ignore[no-untyped-def]
    with newsroom.db.transaction() as session:
        for n in range(LATEST_ON_STORY + 6):  # all in January 2019: one folder
            _january_story(session, n)
    with newsroom.db.reading() as session:
        site = gather(session, NOW)
    rendered = {
        i: pages.story_page(site, i, bodies.render("Text.", []))
        for i, story in enumerate(site.stories)
        if story.path.startswith("2019/01/")
    }
    assert len(rendered) == LATEST_ON_STORY + 6
    newest = [i for i in rendered if i <= LATEST_ON_STORY]
    assert newest and len(newest) < len(rendered)
    # One menu, one footer, one set of head links, one masthead per day, one "Latest
    # news" for the stories beyond the newest nine, and one for each of the newest nine
    # (each leaves itself out).
    days = sorted({site.stories[i].published_at.astimezone(site.tz).toordinal() for i in rendered})
    assert len(days) == len(rendered)  # a story a day
    assert sorted(key for key in site.parts if key[1] == "2019/01") == (
        [("footer", "2019/01", -1), ("head_links", "2019/01", -1)]
        + [("latest", "2019/01", i) for i in [-1, *newest]]
        + [("masthead", "2019/01", day) for day in days]
        + [("menu", "2019/01", -1)]
    )
    first, last = rendered[newest[0]], rendered[max(rendered)]
    headline = site.stories[newest[0]].headline
    assert headline not in first.split("<aside")[1] and headline in last.split("<aside")[1]
    assert first.split("</main>")[1].count('<footer class="site-footer">') == 1


def test_list_items_are_rendered_once_per_link(newsroom) -> None:  # type: ignore[no-untyped-def]
    """An entity in the "In this story" list of every story page of a folder, and a
    story on listings of one depth, link the same way: rendered once, the same bytes."""
    from newsroom.core.entities import create_entity, tag_article

    with newsroom.db.transaction() as session:
        entity = create_entity(session, "person", "Ada Lovelace")
        for n in range(3):
            tag_article(session, _january_story(session, n).id, entity.id)
    with newsroom.db.reading() as session:
        site = gather(session, NOW)
    indexes = [i for i, s in enumerate(site.stories) if s.path.startswith("2019/01/")]
    html = [pages.story_page(site, i, bodies.render("Text.", [])) for i in indexes]
    entity_items = [key for key in site.items if key[0] == "entity"]
    assert entity_items == [
        ("entity", "entity/ada-lovelace.html", "../../entity/ada-lovelace.html")
    ]
    item = str(site.items[entity_items[0]])
    assert item.startswith('<li class="entity entity-person">') and all(item in h for h in html)
    listings = [page for page in pages.other_pages(site, "stamp") if page.listing is not None]
    month = next(p for p in listings if p.path.startswith("archive/2019-01"))
    entity_page = next(p for p in listings if p.path.startswith("entity/ada-lovelace"))
    month_html, entity_html = month.render().decode(), entity_page.render().decode()
    story = site.stories[indexes[0]]
    shown = [key for key in site.items if key[:2] == ("item", story.path)]
    assert shown == [("item", story.path, f"../{story.path}")]  # both pages one folder deep
    assert str(site.items[shown[0]]) in month_html and str(site.items[shown[0]]) in entity_html
    # What a page holds does not depend on what was rendered before it.
    for page, before in [(month, month_html), (entity_page, entity_html)]:
        site.items.clear()
        site.parts.clear()
        assert page.render().decode() == before
    site.items.clear()
    assert [pages.story_page(site, i, bodies.render("Text.", [])) for i in indexes] == html


_NAME = st.sampled_from(["entity", "section", "2019", "01", "a", "page", "index.html", "b.html"])
_PATH = st.lists(_NAME, min_size=1, max_size=4).map("/".join)


@given(_PATH, _PATH)
def test_a_link_is_what_relpath_gives(from_path: str, to_path: str) -> None:
    """`rel` takes short cuts (no shared folder: straight up and down); the links must be
    those of `posixpath.relpath` all the same."""
    expected = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    assert rel(from_path, to_path) == expected
