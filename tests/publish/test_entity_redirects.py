"""A renamed entity's old page address still reaches its page: the export leaves a
small redirect page there (meta refresh, canonical link, noindex, no script), not in
the sitemap; an old address another entity takes over is that entity's page again."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import html5lib

from newsroom.core.articles import ArticleInput, create_article
from newsroom.core.entities import create_entity, entity_id_by_name, update_entity


def _entity_id(newsroom, kind: str, name: str) -> int:  # type: ignore[no-untyped-def]
    with newsroom.db.reading() as session:
        found = entity_id_by_name(session, kind, name)
    assert found is not None
    return found


def _rename(newsroom, entity_id: int, name: str) -> str:  # type: ignore[no-untyped-def]
    with newsroom.db.transaction() as session:
        return update_entity(session, entity_id, name=name).slug


def test_the_old_address_of_a_renamed_entity_redirects_to_its_page(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    un = _entity_id(newsroom, "organisation", "United Nations")
    assert _rename(newsroom, un, "United Nations Organisation") == "united-nations-organisation"
    out = tmp_path / "site"

    newsroom.export(out)

    page = (out / "entity" / "united-nations.html").read_text()
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert '<meta http-equiv="refresh" content="0; url=united-nations-organisation.html">' in page
    assert (
        '<link rel="canonical" '
        'href="https://news.example.org/entity/united-nations-organisation.html">' in page
    )
    assert '<meta name="robots" content="noindex">' in page
    assert (
        '<a href="united-nations-organisation.html" dir="auto">United Nations Organisation' in page
    )
    assert "<script" not in page
    assert (
        "United Nations Organisation"
        in (out / "entity/united-nations-organisation.html").read_text()
    )
    story = next(out.glob("2017/07/*.html")).read_text()
    assert "entity/united-nations-organisation.html" in story
    assert "entity/united-nations.html" not in story
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") or "" for u in sitemap]
    assert not [loc for loc in locs if "entity/" in loc]


def test_every_old_address_redirects_to_the_current_page(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    geneva = _entity_id(newsroom, "place", "Geneva")
    _rename(newsroom, geneva, "Genève")
    _rename(newsroom, geneva, "Geneva, Switzerland")
    out = tmp_path / "site"

    newsroom.export(out)

    for old in ("geneva", "geneve"):
        page = (out / "entity" / f"{old}.html").read_text()
        assert 'url=geneva-switzerland.html"' in page


def test_an_old_address_taken_over_by_another_entity_is_its_page(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    un = _entity_id(newsroom, "organisation", "United Nations")
    _rename(newsroom, un, "United Nations Organisation")
    out = tmp_path / "site"
    newsroom.export(out)
    with newsroom.db.transaction() as session:
        topic = create_entity(session, "topic", "United Nations")
        create_article(
            session,
            ArticleInput(
                headline="A topic page of its own",
                status="published",
                published_at=newsroom.stories["third"].published_at,
                entity_ids=(topic.id,),
            ),
        )
    assert topic.slug == "united-nations"

    result = newsroom.export(out)

    page = (out / "entity" / "united-nations.html").read_text()
    assert "http-equiv" not in page
    assert "A topic page of its own" in page
    assert result.written >= 1


def test_no_redirect_for_an_entity_that_is_not_on_the_site(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with newsroom.db.transaction() as session:
        lonely = create_entity(session, "person", "Nobody Tagged")
        update_entity(session, lonely.id, name="Still Nobody")
    out = tmp_path / "site"

    newsroom.export(out)

    assert not (out / "entity" / "nobody-tagged.html").exists()
    assert not (out / "entity" / "still-nobody.html").exists()


def test_redirect_pages_are_carried_over_when_nothing_changed(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _rename(newsroom, _entity_id(newsroom, "place", "Geneva"), "Genève")
    out = tmp_path / "site"
    first = newsroom.export(out)

    again = newsroom.export(out)

    assert again.written == 0 and again.unchanged == first.pages
    assert re.search(r"url=geneve\.html", (out / "entity/geneva.html").read_text())
