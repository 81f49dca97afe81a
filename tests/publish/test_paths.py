"""Where pages live: no two pages ever want the same file, whatever the names (issue 12,
item 15: an entity "Foo" with a second page and an entity "Foo page 2" made every
export fail)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsroom.core.articles import ArticleInput, create_article
from newsroom.core.entities import create_entity
from newsroom.core.sections import create_section
from newsroom.publish.export import export_site
from newsroom.publish.site import entity_path, front_path, month_path, section_path, story_path

NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)
slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)
pages = st.integers(min_value=1, max_value=200)


def test_an_entity_named_like_another_entitys_second_page(db, tmp_path: Path) -> None:
    with db.transaction() as session:
        foo = create_entity(session, "topic", "Foo").id
        foo_page_2 = create_entity(session, "topic", "Foo page 2").id
        page_3 = create_entity(session, "topic", "Foo page 3").id
        create_section(session, "Foo")
        create_section(session, "Foo page 2")
        for n in range(60):  # more than one page (50) of Foo
            create_article(
                session,
                ArticleInput(
                    headline=f"Foo story {n}",
                    body="Text.",
                    status="published",
                    published_at=NOW - timedelta(days=n + 1),
                    entity_ids=(foo, foo_page_2 if n == 0 else page_3),
                ),
                author="test",
            )
    out = tmp_path / "site"
    export_site(db, out, now=NOW)
    own = (out / entity_path("foo-page-2")).read_text()
    assert ">Foo page 2</h1>" in own and ">Foo story 0<" in own and ">Foo story 1<" not in own
    first_page = out / entity_path("foo")
    (older,) = re.findall(r'rel="next" href="([^"]+)"', first_page.read_text())
    second_page = (first_page.parent / older).resolve()
    second = second_page.read_text()
    assert ">Foo</h1>" in second and ">Foo story 59<" in second and ">Foo story 0<" not in second
    (newer,) = re.findall(r'rel="prev" href="([^"]+)"', second)
    assert (second_page.parent / newer).resolve() == first_page.resolve()


@given(a=slugs, b=slugs, n=pages, m=pages)
def test_listing_paths_never_meet(a: str, b: str, n: int, m: int) -> None:
    """Two different listing pages (kind, slug, page) never share a file, nor does a
    listing page share one with a story, a month or the front page."""
    listings = {
        ("entity", a, n): entity_path(a, n),
        ("entity", b, m): entity_path(b, m),
        ("section", a, n): section_path(a, n),
        ("section", b, m): section_path(b, m),
        ("front", "", n): front_path(n),
        ("month", "", m): month_path(2017, 7, m),
        ("story", a, 0): story_path(a, NOW, UTC),
    }
    seen: dict[str, tuple[str, str, int]] = {}
    for key, path in listings.items():
        assert seen.setdefault(path, key) == key, (key, seen[path])
