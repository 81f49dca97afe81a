"""Saved pages whose metadata says what no story may (`importing/fitting.py`), and pages
laid out like an agency wire's, a politics site's and a local TV station's: all are
imported, never refused (issue 16)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from newsroom.core.db import Database
from newsroom.core.models import HEADLINE_MAX, NAME_MAX, Article
from newsroom.importing.model import ParsedStory, SiteInfo
from newsroom.importing.reader import read_file
from newsroom.importing.service import import_paths

TZ = ZoneInfo("Europe/Zurich")
SENTENCES = [
    "Lawmakers in the state Senate passed a bill on Thursday that would raise the "
    "minimum wage to 15 dollars an hour by 2026.",
    "The measure now goes to the House, where its fate is uncertain.",
    "Governor Maria Lopez has said she would sign it.",
    "Business groups warned that small employers would cut jobs.",
    "Unions, which have pushed for the increase for years, called the vote historic.",
    "The bill passed 21 to 17, with two Republicans joining Democrats.",
]
TEXT = "".join(f"<p>{s}</p>" for s in SENTENCES)


def _declared(tmp_path: Path, name: str, headline: str, **data: object) -> Path:
    payload = json.dumps({"@type": "NewsArticle", "headline": headline, **data})
    path = tmp_path / name
    path.write_text(
        f"<html><head><title>{headline}</title><script type='application/ld+json'>"
        f"{payload}</script></head><body><article><h1>{headline}</h1>{TEXT}</article>"
        "</body></html>",
        encoding="utf-8",
    )
    return path


def _read(path: Path) -> ParsedStory:
    story = read_file(path, TZ, SiteInfo())
    assert isinstance(story, ParsedStory)
    return story


@pytest.mark.parametrize(
    ("declared", "day"),
    [
        ("0000-00-00 00:00:00", None),
        ("0001-01-01T00:00:00", None),
        ("2999-01-01", None),
        ("2019-03-31T02:30", date(2019, 3, 31)),  # the clocks skip it; the day is known
    ],
)
def test_a_declared_date_no_story_may_have_is_left_out_not_the_page(
    tmp_path: Path, declared: str, day: date | None
) -> None:
    story = _read(_declared(tmp_path, "p.html", "Senate passes wage bill", datePublished=declared))
    assert (story.published_at and story.published_at.astimezone(TZ).date()) == day
    assert story.body[0] == SENTENCES[0]
    assert any("publication date left out" in w for w in story.warnings)


def test_a_body_line_with_a_date_no_story_may_have_is_no_refusal(tmp_path: Path) -> None:
    path = tmp_path / "history.html"
    path.write_text(
        "<html><head><title>Senate passes wage bill</title></head><body><article>"
        f"<h1>Senate passes wage bill</h1><p>1 January 1700</p>{TEXT}<p>4 July 1776</p>"
        "</article></body></html>"
    )
    story = _read(path)
    assert story.body == SENTENCES


def test_what_a_story_can_not_hold_is_cut_or_left_out_and_the_page_imported(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    authors = [{"@type": "Person", "name": f"Reporter Number{i} Longname"} for i in range(12)]
    _declared(folder, "a.html", "Senate passes wage bill", author=authors)
    _declared(folder, "b.html", "House delays wage vote", keywords=["x" * 250, "Wages"])
    _declared(folder, "c.html", "Governor backs wage bill", articleSection="S" * 250)
    _declared(folder, "d.html", " ".join(["Unions hail the wage vote"] * 14))

    report = import_paths(db, [folder])

    assert (report.imported, report.failures) == (4, [])
    with db.reading() as session:
        stories = {a.headline[:24]: a for a in session.scalars(select(Article))}
    byline = stories["Senate passes wage bill"].byline
    assert len(byline) <= NAME_MAX and byline.endswith(" and others")
    assert byline.startswith("Reporter Number0 Longname, Reporter Number1 Longname")
    cut = stories["Unions hail the wage vot"]
    assert len(cut.headline) <= HEADLINE_MAX and cut.headline.endswith(" Unions hail…")
    assert cut.status == "draft"
    assert stories["Governor backs wage bill"].status == "draft"  # no date: never live


def _wire_page() -> str:
    """Like an agency's page: a dateline, short paragraphs full of links, in divs with
    class names, a long menu and a long list of other stories."""
    linked = [
        " ".join(f"<a href='/hub/{w.strip(',.')}'>{w}</a>" if i % 3 == 0 else w
                 for i, w in enumerate(s.split()))
        for s in SENTENCES
    ]  # fmt: skip
    linked[0] = f"SACRAMENTO, Calif. (AP) — {linked[0]}"
    menu = "".join(f"<a href='/hub/{i}'>Hub {i}</a>" for i in range(40))
    others = "".join(
        f"<div class='PageList-item'><a href='/article/{i}'><h3>Other story {i} about "
        "the state budget</h3></a></div>"
        for i in range(12)
    )
    return (
        "<html><head><title>Senate passes wage bill | AP News</title></head><body>"
        f"<header><nav>{menu}</nav></header><div class='Page-content'>"
        "<h1 class='Page-headline'>Senate passes wage bill</h1>"
        "<div class='Page-byline'>By <a href='/author/jd'>JANE DOE</a> <span>Updated "
        "4:12 PM EST, March 2, 2023</span></div>"
        "<div class='RichTextStoryBody'>"
        + "".join(f"<p>{p}</p>" for p in linked)
        + "<p>Associated Press writer John Roe contributed to this report.</p></div>"
        f"<div class='Related'>{others}</div></div>"
        "<footer><p>Copyright 2023 The Associated Press. All Rights Reserved.</p></footer>"
        "</body></html>"
    )


def _politics_page() -> str:
    """Like a politics site's: no <article>, each paragraph in its own div, ads and a
    newsletter box between them, a column of trending links beside."""
    parts = []
    for i, s in enumerate(SENTENCES):
        parts.append(f"<div class='story-text'><p>{s}</p></div>")
        if i % 2:
            parts.append(
                "<div class='ad'><p>Advertisement</p></div><aside class='newsletter'>"
                "<p>Sign up for our Playbook newsletter</p><form><input></form></aside>"
            )
    trending = "".join(f"<div><a href='/n/{i}'>Trending story {i}</a></div>" for i in range(20))
    return (
        "<html><head><title>Senate passes wage bill - Capitol Daily</title></head><body>"
        "<div id='nav'>" + "".join(f"<a href='/s/{i}'>Section {i}</a>" for i in range(60))
        + "</div><div class='container'><div class='col-8'><h1>Senate passes wage bill</h1>"
        "<p class='story-meta__authors'>By Jane Doe</p>" + "".join(parts)
        + f"</div><div class='col-4'>{trending}</div></div></body></html>"
    )  # fmt: skip


def _tv_page(separate: str) -> str:
    """Like a local TV station's: weather and video widgets, the text in one div as
    lines between line breaks (or divs), hardly a <p> on the page."""
    if separate == "br":
        text = "<br><br>".join(SENTENCES)
    else:
        text = "".join(f"<div>{s}</div>" for s in SENTENCES)
    return (
        "<html><head><title>Senate passes wage bill | KXYZ 7 News</title></head><body>"
        "<div class='header'>" + "".join(f"<a href='/w/{i}'>Weather {i}</a>" for i in range(30))
        + "</div><div class='weather-widget'><span>72°</span><span>Sunny</span></div>"
        "<div class='main'><h1>Senate passes wage bill</h1>"
        "<div class='byline-block'><div>By KXYZ Staff</div><div>Thursday, March 2nd "
        "2023, 4:12 PM EST</div></div>"
        "<div class='video-player'><div>Watch: Senate votes</div></div>"
        f"<div class='article-text'>{text}</div>"
        "<div class='share-bar'><a href='#'>Facebook</a><a href='#'>Twitter</a></div>"
        "<div class='more-stories'>"
        + "".join(f"<div><a href='/s/{i}'>Local story {i}</a></div>" for i in range(15))
        + "</div></div></body></html>"
    )  # fmt: skip


@pytest.mark.parametrize(
    "page",
    [_wire_page(), _politics_page(), _tv_page("br"), _tv_page("div")],
    ids=["wire", "politics", "tv-br", "tv-div"],
)
def test_article_pages_of_every_layout_are_imported_with_their_text(
    tmp_path: Path, page: str
) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    story = _read(path)
    assert story.headline == "Senate passes wage bill"
    text = " ".join(p for p in story.body if isinstance(p, str))
    words = " ".join(text.replace("[", " ").replace("]", " ").split())
    for sentence in SENTENCES:
        assert all(w in words for w in sentence.split() if w.isalpha())
    assert "Trending story" not in text and "Local story" not in text
    assert "Other story" not in text and "Sign up" not in text and "Watch" not in text
    assert story.byline in ("JANE DOE", "Jane Doe", "KXYZ Staff")  # no time stamp


def test_a_page_showing_only_its_summary_imports_it_as_an_uncertain_draft(
    tmp_path: Path,
) -> None:
    # A paywalled page: the headline, a summary, and a box asking to subscribe.
    path = tmp_path / "paywalled.html"
    path.write_text(
        "<html><head><title>Fed holds rates steady | Business Daily</title>"
        "<meta property='og:description' content='The central bank signalled two cuts "
        "later this year as inflation cools.'></head><body><article>"
        "<h1>Fed holds rates steady</h1><div class='paywall'><p>Subscribe to continue "
        "reading.</p><a href='/subscribe'>Subscribe</a></div></article></body></html>"
    )
    story = _read(path)
    assert story.body == ["The central bank signalled two cuts later this year as inflation cools."]
    assert story.status == "draft"
    assert "the page shows only its summary" in story.warnings[-1]


def test_an_address_too_long_for_a_slug_gives_none_and_the_page_imports(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    path = _declared(folder, "a.html", "Senate passes wage bill")
    long = "-".join(["word"] * 60)
    path.write_text(
        path.read_text().replace(
            "</title>", f"</title><link rel='canonical' href='https://x.example/{long}'>"
        )
    )
    report = import_paths(db, [folder])
    assert (report.imported, report.failures) == (1, [])
    with db.reading() as session:
        assert session.scalars(select(Article.slug)).one() == "senate-passes-wage-bill"


def test_an_html_page_of_utf8_with_a_stray_byte_is_read_not_refused(tmp_path: Path) -> None:
    # No charset declared, UTF-8 text ("Zürich") and one Windows-1252 byte (0x92).
    path = tmp_path / "page.html"
    page = (
        "<!DOCTYPE html><html><head><title>Senate passes wage bill</title></head><body>"
        f"<article><h1>Senate passes wage bill</h1>{TEXT}<p>In Zürich, the unions"
        " said it was the governor\x92s bill.</p></article></body></html>"
    )
    path.write_bytes(page.encode("utf-8").replace(b"\xc2\x92", b"\x92"))
    story = _read(path)
    assert story.body[-1] == "In Zürich, the unions said it was the governor\ufffds bill."
    assert "1 byte sequence(s) not valid utf-8, shown as U+FFFD" in story.warnings
