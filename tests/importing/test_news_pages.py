"""Saved news pages through the extractor and our rules on top (`htmlpage`, `engine`),
and the read pass in worker processes (`readall`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsroom.importing.encodings import Refused
from newsroom.importing.model import MoreNewsRef, ParsedStory, SectionRef, SiteInfo
from newsroom.importing.readall import read_all
from newsroom.importing.reader import read_file

TZ = ZoneInfo("Europe/Zurich")
FIXTURES = Path(__file__).parent / "fixtures"

PARAGRAPHS = [
    "Negotiators from Marenland and Valmora returned to the table in Geneva on Monday, "
    "three weeks after talks on the Kessel Gorge Dam broke down over water shares.",
    "The mediator said both sides had brought new ideas about how to share the river's "
    "water in dry years, and that a minimum flow in August was now on the table.",
    "Farmers downstream have warned that a second dry summer would ruin the harvest, "
    "and several villages have already begun to ration water for their fields.",
    "A second session is planned for Wednesday, when engineers from both countries are "
    "expected to present a joint plan for a monitoring station below the dam.",
]


def _page(
    tmp_path: Path,
    body: str,
    *,
    head: str = "",
    name: str = "page.html",
) -> Path:
    nav = '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>"
        f"<header><a href='/'>The Ledger</a>{nav}</header><main><article>{body}</article>"
        "<aside class='related'><h2>Most read</h2><ul><li><a href='/a'>One story</a></li>"
        "<li><a href='/b'>Another story</a></li></ul></aside></main>"
        "<footer><p>© The Ledger 2019. All rights reserved.</p></footer></body></html>"
    )
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path


def _read(path: Path) -> ParsedStory:
    story = read_file(path, TZ, SiteInfo())
    assert isinstance(story, ParsedStory)
    return story


def _texts(story: ParsedStory) -> list[str]:
    return [p for p in story.body if isinstance(p, str)]


def _jsonld(**data: object) -> str:
    payload = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", **data})
    return f'<script type="application/ld+json">{payload}</script>'


def test_the_story_is_read_and_the_page_furniture_left_out(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    story = _read(
        _page(
            tmp_path,
            "<h1>Dam talks resume in Geneva</h1><p class='byline'>By Sofia Castillo</p>"
            f"<time datetime='2019-06-03T09:45:00+02:00'>3 June 2019</time>{paragraphs}"
            "<p>Sign up for our daily newsletter for free</p><h3>The Ledger Newsletter</h3>"
            "<p>Dam talks resume in Geneva</p>",
            head="<title>Dam talks resume in Geneva | The Ledger</title>",
        )
    )
    assert story.headline == "Dam talks resume in Geneva"
    assert story.byline == "Sofia Castillo"
    assert story.published_at == datetime(2019, 6, 3, 7, 45, tzinfo=UTC)
    assert _texts(story) == [p.replace("'", "’") for p in PARAGRAPHS] or _texts(story) == (
        PARAGRAPHS
    )
    assert story.warnings == []
    assert story.status is None


@pytest.mark.parametrize(
    "line",
    [
        "Copyright 2019 The Associated Press. All rights reserved. This material may not "
        "be published, broadcast, rewritten or redistributed.",
        "This material may not be published, broadcast, rewritten, or redistributed.",
        "The Ledger Ltd 2019. All rights reserved.",
        "Story continues below advertisement",
        "ADVERTISEMENT - SCROLL TO CONTINUE WITH CONTENT",
        "Photograph: Ana Petrova/Getty Images",
        "Our Standards: The Ledger Trust Principles.",
        "Download The Ledger News App to get Daily Market Updates & Live Business News.",
        "Get Latest World News along with Latest News and Top Headlines from around the world.",
        "(Catch all the Business News, Breaking News Events and Latest News Updates on The "
        "Ledger.)",
        "Read the original article on The Ledger",
        "Continue reading the main story",
        "Listen to this article",
        "Loading...",
        "Follow us on Google News",
        "Join our WhatsApp channel for the latest stories",
        "Have a confidential tip for our reporters? Get in touch",
        "Write to Ana Petrova at ana.petrova@ledger.example",
        "This article appeared in the Europe section of the print edition under the "
        "headline “Dam talks”",
        "VIDEO 2:14 02:14 Dam talks resume",
    ],
)
def test_notices_and_labels_under_the_story_are_left_out(tmp_path: Path, line: str) -> None:
    paragraphs = [f"<p>{p}</p>" for p in PARAGRAPHS]
    paragraphs.insert(2, f"<p>{line}</p>")
    story = _read(_page(tmp_path, f"<h1>Dam talks resume</h1>{''.join(paragraphs)}<p>{line}</p>"))
    assert [t.replace("’", "'") for t in _texts(story)] == PARAGRAPHS


def test_a_headline_repeated_only_under_the_story_leaves_the_story_whole(
    tmp_path: Path,
) -> None:
    # No headline above the text the extractor finds; the share box below names it.
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body += "<p>Dam talks resume in Geneva</p><p>Share this story</p>"
    story = _read(
        _page(tmp_path, body, head="<title>Dam talks resume in Geneva | The Ledger</title>")
    )
    assert story.headline == "Dam talks resume in Geneva"
    assert [t.replace("’", "'") for t in _texts(story)] == PARAGRAPHS
    assert story.warnings == []


def test_read_more_and_related_lines_stay_more_news_lines_where_they_stood(
    tmp_path: Path,
) -> None:
    story = _read(
        _page(
            tmp_path,
            f"<h1>Dam talks resume</h1><p>{PARAGRAPHS[0]}</p>"
            "<p>Read more: <a href='/world/farmers-fear-dry-summer'>Farmers fear a dry "
            f"summer downstream</a></p><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
            "<p>Related: <a href='/world/ceasefire'>Ceasefire holds in the north</a></p>"
            f"<p>{PARAGRAPHS[3]}</p>",
            head=_jsonld(headline="Dam talks resume", datePublished="2019-06-03"),
        )
    )
    kinds = [p.headline if isinstance(p, MoreNewsRef) else "text" for p in story.body]
    assert kinds == [
        "text",
        "Farmers fear a dry summer downstream",
        "text",
        "text",
        "Ceasefire holds in the north",
        "text",
    ]
    refs = [p for p in story.body if isinstance(p, MoreNewsRef)]
    assert refs[0].href.endswith("farmers-fear-dry-summer")


def test_a_declared_article_body_wins_when_the_extractor_missed_most_of_it(
    tmp_path: Path,
) -> None:
    # The page shows a teaser; its JSON-LD declares the whole text.
    declared = "\n\n".join(PARAGRAPHS)
    story = _read(
        _page(
            tmp_path,
            f"<h1>Dam talks resume</h1><p>{PARAGRAPHS[0]}</p>"
            "<p><a href='/subscribe'>Subscribe to read the full story</a></p>",
            head=_jsonld(headline="Dam talks resume", articleBody=declared),
        )
    )
    assert _texts(story) == PARAGRAPHS


def test_a_declared_body_written_as_html_is_read_as_html(tmp_path: Path) -> None:
    # Its tags and entities are no words of the story, and its links are kept.
    marked = [p.replace("river's", "river&#8217;s") for p in PARAGRAPHS]
    marked[0] = marked[0].replace("Geneva", "<a href='https://example.com/geneva'>Geneva</a>")
    story = _read(
        _page(
            tmp_path,
            f"<h1>Dam talks resume</h1><p>{PARAGRAPHS[0]}</p>"
            "<p><a href='/subscribe'>Subscribe to read the full story</a></p>",
            head=_jsonld(
                headline="Dam talks resume", articleBody="".join(f"<p>{p}</p>" for p in marked)
            ),
        )
    )
    expected = [p.replace("river's", "river\u2019s") for p in PARAGRAPHS]
    expected[0] = expected[0].replace("Geneva", "[Geneva](https://example.com/geneva)")
    assert _texts(story) == expected


def test_a_declared_plain_body_has_its_entities_resolved(tmp_path: Path) -> None:
    declared = "\n\n".join(p.replace("'", "&#39;") for p in PARAGRAPHS)
    story = _read(
        _page(
            tmp_path,
            f"<h1>Dam talks resume</h1><p>{PARAGRAPHS[0]}</p>",
            head=_jsonld(headline="Dam talks resume", articleBody=declared),
        )
    )
    assert _texts(story) == PARAGRAPHS


PROMO = (
    "Our weekly briefing brings the best reporting from the region to your inbox every "
    "Friday morning, chosen by our editors for you."
)


def _declaring(tmp_path: Path, inserted: str, declared: str):  # type: ignore[no-untyped-def]
    """The story of a page showing PARAGRAPHS with `inserted` after the second, whose
    JSON-LD declares `declared` as its body."""
    paragraphs = [f"<p>{p}</p>" for p in PARAGRAPHS]
    paragraphs.insert(2, inserted)
    return _read(
        _page(
            tmp_path,
            f"<h1>Dam talks resume</h1>{''.join(paragraphs)}",
            head=_jsonld(headline="Dam talks resume", articleBody=declared),
        )
    )


def test_a_paragraph_a_whole_declared_body_lacks_is_left_out(tmp_path: Path) -> None:
    story = _declaring(tmp_path, f"<p>{PROMO}</p>", "\n\n".join(PARAGRAPHS))
    assert [t.replace("’", "'") for t in _texts(story)] == PARAGRAPHS


def test_a_list_a_whole_declared_body_lacks_stays(tmp_path: Path) -> None:
    # A review's pros, say: structure a declared body of prose leaves out.
    pros = "<ul><li>The most powerful hardware in any console yet</li>"
    pros += "<li>A fine choice of games to play on it</li></ul>"
    story = _declaring(tmp_path, pros, "\n\n".join(PARAGRAPHS))
    assert any("most powerful hardware" in t for t in _texts(story))


def test_a_declared_summary_vouches_for_nothing(tmp_path: Path) -> None:
    story = _declaring(tmp_path, f"<p>{PROMO}</p>", PARAGRAPHS[0])
    assert PROMO in _texts(story)


def test_a_declared_body_the_extractor_covers_keeps_the_extractors_markup(
    tmp_path: Path,
) -> None:
    declared = "\n\n".join(PARAGRAPHS)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    body += f"<p>{PARAGRAPHS[3].replace('joint plan', '<em>joint plan</em>')}</p>"
    story = _read(
        _page(
            tmp_path,
            f"<h1>Dam talks resume</h1>{body}",
            head=_jsonld(headline="Dam talks resume", articleBody=declared),
        )
    )
    assert "*joint plan*" in _texts(story)[-1]


def test_metadata_comes_from_the_page_declarations(tmp_path: Path) -> None:
    story = _read(
        _page(
            tmp_path,
            "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
            head=(
                '<meta property="og:title" content="Dam talks resume in Geneva">'
                '<meta property="article:published_time" content="2019-06-03T23:30:00+02:00">'
                '<meta property="article:section" content="World">'
                '<meta name="author" content="Sofia Castillo">'
            ),
        )
    )
    assert story.headline == "Dam talks resume in Geneva"
    assert story.byline == "Sofia Castillo"
    assert story.section == SectionRef("World")
    # to the day in the page's zone: 23:30 in Zurich is the 3rd there
    assert story.published_at is not None
    assert story.published_at.astimezone(TZ).date().isoformat() == "2019-06-03"


def test_a_page_without_any_headline_is_imported_as_an_uncertain_draft(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dam-talks.html"
    path.write_text(
        "<html><body>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>",
        encoding="utf-8",
    )
    story = _read(path)
    assert story.headline == "dam talks"
    assert story.status == "draft"
    assert any(w.startswith("uncertain: the headline") for w in story.warnings)
    assert _texts(story) == PARAGRAPHS


def test_the_read_pass_in_workers_gives_what_one_reader_gives(tmp_path: Path) -> None:
    files = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".py")
    files.append(tmp_path / "missing.md")
    here = read_all(files, TZ, max_bytes=10_000_000, tell=lambda *_: None,
                    cancelled=lambda: False, workers=0)  # fmt: skip
    told: list[int] = []
    there = read_all(files, TZ, max_bytes=10_000_000, tell=lambda n, _: told.append(n),
                     cancelled=lambda: False, workers=2)  # fmt: skip
    assert told == list(range(1, len(files) + 1))
    assert [p for p, _ in there.outcomes] == files
    for (_, a), (_, b) in zip(here.outcomes, there.outcomes, strict=True):
        if isinstance(a, Refused):
            assert isinstance(b, Refused) and str(a) == str(b)
        else:
            assert a == b
    assert there.site == here.site


def test_site_information_merges_as_one_reader_would_gather_it() -> None:
    first = SiteInfo(site_name="The Ledger", sections={"world": SectionRef("World", "world")},
                     feed_uids={"a": "1"}, pages=2)  # fmt: skip
    later = SiteInfo(
        site_name="Other", base_url="https://ledger.example",
        sections={"world": SectionRef("Welt", "world"), "sport": SectionRef("Sport", "sport")},
        feed_uids={"a": "2", "b": "3"}, pages=1,
    )  # fmt: skip
    first.merge(later)
    assert first.site_name == "The Ledger" and first.base_url == "https://ledger.example"
    assert list(first.sections.values()) == [
        SectionRef("World", "world"),
        SectionRef("Sport", "sport"),
    ]
    assert first.feed_uids == {"a": "2", "b": "3"} and first.pages == 3


@pytest.mark.parametrize("name", ["plain-story.htm", "jsonld-story.html"])
def test_the_existing_fixture_pages_still_read(name: str) -> None:
    story = _read(FIXTURES / "html" / name)
    assert story.headline and story.body and story.warnings == []


def test_a_paragraph_the_page_repeats_back_to_back_is_kept_as_often(tmp_path: Path) -> None:
    repeated = "".join(f"<p>{PARAGRAPHS[1]}</p>" for _ in range(3))
    story = _read(
        _page(
            tmp_path,
            f"<h1>Dam talks resume</h1><p>{PARAGRAPHS[0]}</p>{repeated}<p>{PARAGRAPHS[2]}</p>"
            f"<p>{PARAGRAPHS[3]}</p><p>{PARAGRAPHS[0]}</p>",
        )
    )
    # the run of three stays three; the first paragraph printed again at the foot (not
    # back to back) is the extractor's to judge
    assert [PARAGRAPHS.index(t.replace("’", "'")) for t in _texts(story)][:5] == [0, 1, 1, 1, 2]


def test_teaser_cards_the_extractor_reads_as_story_are_left_out(tmp_path: Path) -> None:
    teasers = "".join(
        f"<li><h3><a href='/news/story-{i}.html'>Bridge plan delayed in town {i}</a></h3>"
        f"<p>Officials in town {i} said on Tuesday that the plan for the new bridge over the "
        "river would be delayed again by a year after costs rose sharply.</p></li>"
        for i in range(8)
    )
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    story = _read(
        _page(tmp_path, f"<h1>Dam talks resume</h1>{article}<ul class='x'>{teasers}</ul>")
    )
    assert _texts(story) == PARAGRAPHS


def test_a_page_of_teaser_cards_alone_keeps_them(tmp_path: Path) -> None:
    teasers = "".join(
        f"<li><h3><a href='/news/story-{i}.html'>Bridge plan delayed in town {i}</a></h3>"
        f"<p>{p}</p></li>"
        for i, p in enumerate(PARAGRAPHS)
    )
    story = _read(_page(tmp_path, f"<h1>World news</h1><ul class='x'>{teasers}</ul>"))
    assert [t for t in _texts(story) if "Marenland" in t or "mediator" in t]


def test_the_text_is_composed_unicode_without_soft_hyphens(tmp_path: Path) -> None:
    # "Zürich" typed as "u" and a combining diaeresis; "Wasser-kraft" with a soft hyphen
    odd = PARAGRAPHS[0].replace("Geneva", "Zu\u0308rich").replace("table", "ta\u00adble")
    paragraphs = "".join(f"<p>{p}</p>" for p in [odd, *PARAGRAPHS[1:]])
    story = _read(_page(tmp_path, f"<h1>Dam talks resume</h1>{paragraphs}"))
    assert _texts(story)[0] == PARAGRAPHS[0].replace("Geneva", "Z\u00fcrich")


def test_a_page_with_only_a_line_of_text_is_a_draft_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "notice.html"
    path.write_text(
        "<html><head><meta property='og:description' content='x'></head>"
        "<body>Ferry timetable changes from Monday</body></html>",
        encoding="utf-8",
    )
    story = _read(path)
    assert (story.headline, _texts(story)) == ("notice", ["Ferry timetable changes from Monday"])
    assert story.status == "draft"
    assert any(w.startswith("uncertain: the story text") for w in story.warnings)


def test_a_comment_inside_a_paragraph_loses_none_of_its_text(tmp_path: Path) -> None:
    # a script's markers, as React leaves them: `And <!-- -->winter<!-- --> ...`
    marked = (
        PARAGRAPHS[3]
        .replace("engineers ", "engineers <!-- -->")
        .replace(" to present", "<!-- --> to present")
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in [*PARAGRAPHS[:3], marked])
    story = _read(_page(tmp_path, f"<h1>Dam talks resume</h1>{paragraphs}"))
    assert _texts(story) == PARAGRAPHS


def test_a_control_character_beside_other_characters_is_read_not_a_crash(
    tmp_path: Path,
) -> None:
    # lxml lets "&#1;" through its parser but refuses it when a text is set again (and
    # loses the old text); a comment beside it is left too
    odd = PARAGRAPHS[0].replace("Geneva", "Gene\u0301va &#1;<!-- --> ")
    paragraphs = "".join(f"<p>{p}</p>" for p in [odd, *PARAGRAPHS[1:]])
    story = _read(_page(tmp_path, f"<h1>Dam talks resume</h1>{paragraphs}"))
    assert _texts(story)[1:] == PARAGRAPHS[1:]
    assert _texts(story)[0].startswith("Negotiators from Marenland")


def test_a_teaser_card_quoting_the_stories_first_paragraph_leaves_it(tmp_path: Path) -> None:
    cards = "".join(
        f"<li><h3><a href='/news/story-{i}.html'>Story {i} of the day</a></h3><p>{p}</p></li>"
        for i, p in enumerate([PARAGRAPHS[0], *(f"{p} Again." for p in PARAGRAPHS[1:])])
    )
    paragraphs = PARAGRAPHS + [f"Later that day: {p}" for p in PARAGRAPHS]
    article = "".join(f"<p>{p}</p>" for p in paragraphs)
    story = _read(_page(tmp_path, f"<h1>Dam talks resume</h1>{article}<ul>{cards}</ul>"))
    assert _texts(story)[:8] == paragraphs


def test_an_also_read_line_with_a_bar_is_a_more_news_line(tmp_path: Path) -> None:
    story = _read(
        _page(
            tmp_path,
            f"<h1>Dam talks resume</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>"
            "<p>Also Read | <a href='/world/farmers-fear-dry-summer'>Farmers fear a dry "
            f"summer downstream</a></p><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>",
        )
    )
    refs = [p for p in story.body if isinstance(p, MoreNewsRef)]
    assert [r.headline for r in refs] == ["Farmers fear a dry summer downstream"]
    assert story.body.index(refs[0]) == 2
