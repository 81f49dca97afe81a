"""The extractor's text with the page's links put back (`engine.extract`)."""

from __future__ import annotations

from lxml import html

from newsroom.importing.engine import _relink, extract

STORY = " ".join(
    f"Sentence {n} tells what the council decided about the new bridge over the river."
    for n in ("one", "two", "three", "four", "five")
)
URL = "https://example.com/news/bridge.html"


def _extract(paragraphs: str) -> html.HtmlElement:
    page = (
        "<html><head><title>Council backs the bridge</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
        f"<h1>Council backs the bridge</h1><p>{STORY}</p>{paragraphs}"
        f"<p>The rest of the story: {STORY}</p></article></body></html>"
    )
    body = extract(html.fromstring(page), URL)
    assert body is not None
    return body


def _links(body: html.HtmlElement) -> list[tuple[str, str]]:
    return [(a.text_content(), a.get("href", "")) for a in body.iter("a")]


def test_a_paragraph_gets_its_links_and_emphasis_back_with_absolute_addresses() -> None:
    body = _extract(
        "<p>The documents: <a href='/a'>the council's <em>report</em></a>, "
        "<a href='https://other.org/b'>the survey</a> and <strong>the minutes</strong>.</p>"
    )
    [para] = [p for p in body.iter("p") if p.text_content().startswith("The documents")]
    assert para.text_content() == "The documents: the council's report, the survey and the minutes."
    assert _links(para) == [
        ("the council's report", "https://example.com/a"),
        ("the survey", "https://other.org/b"),
    ]
    assert [el.tag for el in para.iter("i", "b")] == ["i", "b"]


def test_lines_of_one_element_read_as_paragraphs_each_get_their_own_links() -> None:
    body = _extract(
        f"<div class='post-body'><br>{STORY} It cites <a href='/plan'>the plan</a>.<br><br>"
        f"{STORY} And <a href='/vote'>the vote</a>.<br><br>Last: {STORY}<br></div>"
    )
    paragraphs = [p for p in body.iter("p") if "It cites" in p.text_content()]
    assert [_links(p) for p in paragraphs] == [[("the plan", "https://example.com/plan")]]
    assert ("the vote", "https://example.com/vote") in _links(body)


def test_a_line_that_is_a_links_words_becomes_the_link() -> None:
    # A headline in a list of cards: the card's text is more than the link's.
    doc = html.fromstring(
        f"<html><body><p>{STORY}</p><div class='card'><a href='/older'>The bridge plan of "
        "2019</a><span> 3 min read</span></div></body></html>"
    )
    body = html.fragment_fromstring(
        f"<p>{STORY}</p><p>The bridge plan of 2019</p>", create_parent="div"
    )
    _relink(body, doc, URL)
    assert _links(body) == [("The bridge plan of 2019", "https://example.com/older")]


def test_a_heading_is_not_given_the_menus_link_of_the_same_name() -> None:
    doc = html.fromstring(
        "<html><body><ul class='menu'><li><a href='/opinion'>Opinion</a></li></ul>"
        f"<p>{STORY}</p><p><a href='/img'><img src='x.jpg'></a></p></body></html>"
    )
    body = html.fragment_fromstring(
        f"<h2>Opinion</h2><p>{STORY}</p><table><tr><td></td><td>Cell</td></tr></table>",
        create_parent="div",
    )
    _relink(body, doc, URL)
    assert _links(body) == []
