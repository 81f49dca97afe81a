"""The story page as the editor's live preview shows it (unsaved input, current links)."""

from __future__ import annotations

import html as html_module
import re
from dataclasses import replace
from datetime import UTC, datetime

import html5lib
import pytest

from newsroom.core import settings as site_settings
from newsroom.core.articles import (
    ArticleInput,
    ArticleRecord,
    create_article,
    update_article,
    with_changes,
)
from newsroom.core.db import Database
from newsroom.core.entities import create_entity
from newsroom.core.sections import arrange_sections, create_section
from newsroom.publish.preview import preview_html, preview_page
from newsroom.text.morenews import token

# 23:30 UTC on 14 July is 00:30 on 15 July in London (BST): the page must use London.
PUBLISHED = datetime(2017, 7, 14, 23, 30, tzinfo=UTC)
NOWHERE = "11111111-2222-4333-8444-555555555555"


def text_of(page: str) -> str:
    """The page's visible text, one space between words."""
    body = page.split("<body", 1)[1]
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def more_news_lines(page: str) -> list[str]:
    """The headlines of the More-news lines, in page order."""
    return [
        html_module.unescape(headline)
        for headline in re.findall(
            r'<p class="more-news" dir="auto">More news: <a [^>]*>([^<]*)</a></p>', page
        )
    ]


class Desk:
    """A newsroom with a section, three entities, a published story and a draft."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as session:
            site_settings.save(
                session,
                site_settings.SiteSettings(
                    site_name="The Daily Example",
                    locale="en_GB",
                    time_zone="Europe/London",
                ),
            )
            self.world = create_section(session, "World").id
            self.entity_ids = (
                create_entity(session, "person", "Amira al-Hassan").id,
                create_entity(session, "organisation", "United Nations").id,
                create_entity(session, "place", "Geneva").id,
            )
            self.target = create_article(
                session,
                ArticleInput(
                    headline="Talks to resume in Geneva",
                    body="The talks resume on Monday.",
                    status="published",
                    published_at=datetime(2017, 7, 10, 9, 0, tzinfo=UTC),
                ),
            )
            self.draft = create_article(session, ArticleInput(headline="Envoy's plan, a draft"))

    def story(self) -> ArticleInput:
        return ArticleInput(
            headline="UN envoy arrives for ceasefire talks",
            standfirst="The envoy hopes to restart negotiations.",
            byline="Jane Reporter",
            dateline="GENEVA",
            section_id=self.world,
            status="published",
            published_at=PUBLISHED,
            entity_ids=self.entity_ids,
            body=(
                "The UN envoy arrived on *Saturday*.\n\n"
                f"{token(self.target.uid, 'Old hint')}\n\n"
                "She met delegates.\n\n"
                f"{token(NOWHERE, 'A story that was deleted')}\n\n"
                "Talks continue.\n"
            ),
        )

    def preview(self, data: ArticleInput, uid: str | None = None) -> str:
        with self.db.reading() as session:
            page, _path = preview_html(session, data, uid=uid)
        return page

    def rename_target(self, headline: str) -> ArticleRecord:
        with self.db.transaction() as session:
            self.target = update_article(
                session,
                self.target.id,
                self.target.version,
                with_changes(self.target, headline=headline),
            )
        return self.target


@pytest.fixture
def desk(db: Database) -> Desk:
    return Desk(db)


def test_the_page_reads_like_a_published_story(desk: Desk) -> None:
    page = desk.preview(desk.story())
    text = text_of(page)

    assert "The Daily Example" in text
    assert "Main » UN envoy arrives for ceasefire talks" in text
    assert '<h1 dir="auto">UN envoy arrives for ceasefire talks</h1>' in page
    assert "The envoy hopes to restart negotiations." in text
    assert "Jane Reporter" in text and "GENEVA" in text
    assert "15 July 2017" in text  # published_at in London, written out
    assert "14 July 2017" not in text
    assert "<em>Saturday</em>" in page
    for name in ("Amira al-Hassan", "United Nations", "Geneva", "World"):
        assert name in text


def test_more_news_shows_the_targets_current_headline(desk: Desk) -> None:
    data = desk.story()
    assert more_news_lines(desk.preview(data)) == ["Talks to resume in Geneva"]

    desk.rename_target("Geneva talks collapse")
    page = desk.preview(data)

    assert more_news_lines(page) == ["Geneva talks collapse"]
    assert "Talks to resume in Geneva" not in page
    assert "Old hint" not in page


def test_a_link_to_a_story_that_does_not_exist_is_left_out(desk: Desk) -> None:
    page = desk.preview(desk.story())
    text = text_of(page)

    assert NOWHERE not in page
    assert "more-news:" not in page
    assert "A story that was deleted" not in text
    assert len(more_news_lines(page)) == 1
    assert text.index("She met delegates.") < text.index("Talks continue.")


def test_a_link_to_an_unpublished_story_is_still_shown_to_the_editor(desk: Desk) -> None:
    data = replace(desk.story(), body=f"Intro.\n\n{token(desk.draft.uid)}\n\nMore.\n")
    lines = more_news_lines(desk.preview(data))

    assert len(lines) == 1
    assert lines[0].startswith("Envoy's plan, a draft")


def test_an_unsaved_story_can_be_previewed(desk: Desk) -> None:
    draft = ArticleInput(headline="Breaking: talks begin", body="First line.\n")
    page = desk.preview(draft)

    assert "Main » Breaking: talks begin" in text_of(page)
    assert "First line." in page


def test_what_an_editor_types_is_escaped(desk: Desk) -> None:
    data = replace(
        desk.story(),
        headline='<script>alert("h")</script> & more',
        standfirst="<img src=x onerror=alert(1)>",
        byline="<b>Bold</b>",
        body="<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
    )
    page = desk.preview(data)

    assert '<h1 dir="auto">&lt;script&gt;alert(&#34;h&#34;)&lt;/script&gt; &amp; more</h1>' in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    for element in tree.iter():
        assert element.tag not in ("img", "b"), "markup typed into a field became markup"
        assert not any(name.startswith("on") for name in element.attrib)
        assert not element.get("href", "").lower().startswith("javascript:")
        if element.tag == "script":  # only data for search engines, never code
            assert element.get("type") == "application/ld+json"


@pytest.mark.parametrize("headline", ["UN envoy arrives", "مبعوث الأمم المتحدة يصل"])
def test_the_page_is_valid_html5(desk: Desk, headline: str) -> None:
    page = desk.preview(replace(desk.story(), headline=headline))

    html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error
    assert page.startswith("<!DOCTYPE html>")
    assert re.search(r'<html lang="en[^"]*"', page)
    assert '<meta charset="utf-8">' in page


def test_the_preview_says_which_story_each_more_news_link_reaches(desk: Desk) -> None:
    """The window opens the story a clicked More-news line names (issue 14): the page
    maps each target's path, as its link resolves from the page, to the story's id."""
    from posixpath import dirname, join, normpath

    with desk.db.reading() as session:
        page = preview_page(session, desk.story())
    (href,) = re.findall(r'<p class="more-news" dir="auto">More news: <a href="([^"]+)"', page.html)
    reached = normpath(join(dirname(page.path), href))
    assert page.stories == {reached: desk.target.id}


def test_the_menu_lists_the_sections_in_the_sites_order(desk: Desk) -> None:
    """The preview's menu is the exported one: sections in navigation order, not in the
    order the database happens to return them."""
    with desk.db.transaction() as session:
        zebra = create_section(session, "Zebra")
        apple = create_section(session, "Apple")
        arrange_sections(session, [apple.id, zebra.id])
    menu = desk.preview(desk.story()).split('<nav class="sections"')[1].split("</nav>")[0]
    assert menu.index(">Apple<") < menu.index(">Zebra<")
