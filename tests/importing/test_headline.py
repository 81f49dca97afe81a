"""The headline a saved page gives its story (`headline`)."""

from __future__ import annotations

import json

import pytest
from lxml import html

from newsroom.importing.headline import choose_headline, meta_values


def _choose(head: str, body: str = "", jsonld: dict[str, object] | None = None) -> str:
    doc = html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return choose_headline(doc, jsonld or {}, doc)


def test_the_declared_headline_the_page_shows_wins_over_one_it_does_not() -> None:
    # Wikipedia's JSON-LD `headline` is a one-line summary; its `name` is the title.
    data = {"headline": "constitutional monarchy in Oceania", "name": "New Zealand"}
    assert _choose("<title>New Zealand - Wikipedia</title>", jsonld=data) == "New Zealand"


def test_without_any_shown_the_first_declaration_wins_dublin_core_before_open_graph() -> None:
    head = (
        '<title>Title Element</title><meta property="og:title" content="Sharing card line">'
        '<meta property="x:title dc:title" content="Catalogued title">'
    )
    assert _choose(head, "<h1>Something else</h1>") == "Catalogued title"


def test_a_known_site_name_is_cut_from_a_declared_headline_but_not_other_parts() -> None:
    head = (
        '<meta property="og:site_name" content="The Ledger">'
        '<meta property="og:title" content="Floods - what we know | The Ledger">'
    )
    assert _choose(head) == "Floods - what we know"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Dam talks resume in Geneva | The Ledger", "Dam talks resume in Geneva"),
        ("Google - Site Reliability Engineering", "Google - Site Reliability Engineering"),
        ("Daring Fireball: Colophon", "Daring Fireball: Colophon"),
    ],
)
def test_the_title_loses_its_site_part_only_when_a_headline_remains(
    title: str, expected: str
) -> None:
    assert _choose(f"<title>{title}</title>") == expected


def test_an_h1_that_says_something_else_does_not_override_the_title() -> None:
    body = "<h1>Allergies Health Center</h1><p>text</p>"
    assert _choose("<title>Babies Who Eat Peanuts Early May Avoid Allergy</title>", body) == (
        "Babies Who Eat Peanuts Early May Avoid Allergy"
    )


def test_the_h1_when_the_title_is_only_the_sites_name_a_word_or_missing() -> None:
    head = '<title>The Ledger</title><meta name="application-name" content="The Ledger">'
    assert _choose(head, "<h1>Dam talks resume</h1>") == "Dam talks resume"
    assert _choose("", "<h1>Dam talks resume ¶</h1>") == "Dam talks resume"
    assert _choose("<title>x</title>", "<h1>Dam talks resume</h1>") == "Dam talks resume"
    assert _choose("", "<p>No headline here</p>") == ""


def test_meta_values_read_every_name_an_attribute_lists() -> None:
    doc = html.fromstring(
        '<html><head><meta property="x:title DC:Title" content=" My  title ">'
        f'<script type="application/ld+json">{json.dumps({})}</script></head></html>'
    )
    assert meta_values(doc, "dc:title") == ["My title"]


def test_a_slug_declared_as_the_title_is_no_headline() -> None:
    head = (
        "<title>Child seats tested in 2018 | ADAC</title>"
        '<meta property="og:title" content="adac-kindersitztest-herbst-2018">'
    )
    assert _choose(head) == "Child seats tested in 2018"


def test_a_title_the_copyright_line_names_is_the_sites_name() -> None:
    body = "<h1>Fishing fleet returns early</h1><div>© The Harbour Courier</div>"
    assert _choose("<title>Harbour Courier</title>", body) == "Fishing fleet returns early"


def test_an_icons_svg_title_is_not_the_pages() -> None:
    body = "<svg><title>arrow-down</title></svg><p>text</p>"
    assert _choose("<title>Dam talks resume in Geneva</title>", body) == (
        "Dam talks resume in Geneva"
    )
