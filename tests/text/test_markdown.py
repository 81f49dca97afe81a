"""Story bodies to HTML: the More-news line, sanitising, right-to-left text, big bodies."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from newsroom.text import markdown as markdown_module
from newsroom.text.markdown import LinkTarget, RenderedBody, render_body
from newsroom.text.morenews import target_uids, token

TARGET = "0b5e3c1a-2f4d-4e6a-9c8b-1d2e3f4a5b6c"
OTHER = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
GONE = "11111111-2222-4333-8444-555555555555"


def nothing(uid: str) -> LinkTarget | None:
    return None


def resolver(targets: dict[str, LinkTarget]) -> Callable[[str], LinkTarget | None]:
    return targets.get


# --- what may appear in output ----------------------------------------------------

ALLOWED_TAGS = {
    *("p", "a", "em", "strong", "blockquote", "ul", "ol", "li", "h2", "h3", "h4"),
    *("br", "hr", "code", "pre", "q", "cite", "abbr", "sub", "sup", "figure", "figcaption"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {"href", "title", "rel", "dir", "class", "start", "align"}
ALLOWED_SCHEMES = ("http:", "https:", "mailto:")


class _Elements(HTMLParser):
    """Every start tag in a fragment, with its attributes, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_safe(html: str) -> None:
    """No script, no event handler, no style, no link anywhere but the web or mail."""
    assert "<script" not in html.lower()
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> survived"
        assert not any(name.startswith("on") for name in attrs), f"<{tag} {attrs}>"
        assert set(attrs) <= ALLOWED_ATTRIBUTES, f"<{tag} {attrs}> has a foreign attribute"
        if tag == "p" and "class" in attrs:
            assert attrs["class"] == "more-news"
        href = attrs.get("href")
        if href is not None:
            scheme = re.match(r"\s*([a-z][a-z0-9+.-]*:)", href.lower())
            assert scheme is None or scheme.group(1) in ALLOWED_SCHEMES, f"href={href!r}"


# --- the More-news line -----------------------------------------------------------


def test_token_is_a_paragraph_of_its_own_with_the_current_headline() -> None:
    body = f"First paragraph.\n\n{token(TARGET, 'Old headline')}\n\nSecond paragraph.\n"
    targets = {TARGET: LinkTarget("Talks resume in Geneva", "../2017/07/talks.html")}

    out = render_body(body, resolver(targets))

    line = (
        '<p class="more-news" dir="auto">More news: '
        '<a href="../2017/07/talks.html" rel="noopener noreferrer">Talks resume in Geneva</a></p>'
    )
    assert line in out.html
    assert "Old headline" not in out.html  # the hint is for people reading Markdown only
    assert out.html.index("First paragraph.") < out.html.index(line)
    assert out.html.index(line) < out.html.index("Second paragraph.")
    assert out == RenderedBody(out.html, links=(TARGET,), missing=())
    assert isinstance(out.html, Markup)


def test_a_renamed_target_shows_its_new_headline() -> None:
    body = f"Text.\n\n[[more-news:{TARGET}|Envoy arrives]]\n"
    targets = {TARGET: LinkTarget("Envoy arrives", "envoy.html")}
    assert ">Envoy arrives</a>" in render_body(body, resolver(targets)).html

    targets[TARGET] = LinkTarget("Envoy leaves empty-handed", "envoy.html")
    html = render_body(body, resolver(targets)).html

    assert ">Envoy leaves empty-handed</a>" in html
    assert "Envoy arrives" not in html


def test_a_token_nobody_can_place_is_left_out_and_reported() -> None:
    body = f"Before.\n\n[[more-news:{GONE}|Deleted story]]\n\n[[more-news:{TARGET}]]\n\nAfter.\n"
    out = render_body(body, resolver({TARGET: LinkTarget("Still here", "here.html")}))

    assert out.missing == (GONE,)
    assert out.links == (TARGET,)
    assert "Deleted story" not in out.html
    assert "more-news:" not in out.html
    assert out.html.count('class="more-news"') == 1
    assert '<p dir="auto">Before.</p>' in out.html and "After." in out.html


def test_a_token_inside_a_sentence_stays_text() -> None:
    asked: list[str] = []

    def resolve(uid: str) -> LinkTarget | None:
        asked.append(uid)
        return LinkTarget("Should not appear", "x.html")

    out = render_body(f"See [[more-news:{TARGET}]] for more.\n", resolve)

    assert f"See [[more-news:{TARGET}]] for more." in out.html
    assert "Should not appear" not in out.html
    assert 'class="more-news"' not in out.html
    assert (out.links, out.missing, asked) == ((), (), [])


def test_every_line_the_link_table_counts_is_rendered() -> None:
    # A token on its own line but without blank lines around it is still a link in
    # the more_news_links table (target_uids); the page must show it too.
    body = (
        f"Paragraph one\n[[more-news:{TARGET}]]\nparagraph two.\n\n"
        f"> Quoted\n\n    [[more-news:{OTHER}]]\n\n[[more-news:{TARGET.upper()}|Again]]\n"
    )
    asked: list[str] = []

    def resolve(uid: str) -> LinkTarget | None:
        asked.append(uid)
        return LinkTarget(f"Story {uid[:4]}", f"{uid[:4]}.html")

    out = render_body(body, resolve)

    assert out.links == tuple(target_uids(body)) == (TARGET, OTHER, TARGET)
    assert asked == [TARGET, OTHER]  # once per story, lower case
    assert out.html.count('<p class="more-news" dir="auto">') == 3
    assert '<p dir="auto">Paragraph one</p>' in out.html
    assert '<p dir="auto">paragraph two.</p>' in out.html


def test_headline_and_href_from_the_database_are_escaped() -> None:
    target = LinkTarget('<b>Bold</b> & "quoted" <script>alert(1)</script>', 'x.html" onclick="a()')
    out = render_body(f"[[more-news:{TARGET}]]\n", lambda uid: target)

    assert "&lt;b&gt;Bold&lt;/b&gt; &amp;" in out.html
    assert "<b>" not in out.html
    assert_safe(out.html)
    assert elements(out.html) == [
        ("p", {"class": "more-news", "dir": "auto"}),
        ("a", {"href": 'x.html" onclick="a()', "rel": "noopener noreferrer"}),
    ]


def test_a_dangerous_href_from_resolve_is_dropped_too() -> None:
    out = render_body(f"[[more-news:{TARGET}]]\n", lambda uid: LinkTarget("T", "javascript:x()"))
    assert "javascript" not in out.html
    assert ">T</a>" in out.html


def test_authors_cannot_forge_a_more_news_line_or_set_dir() -> None:
    html = render_body(
        '<p class="more-news" dir="ltr">More news: <a href="https://evil.example">Fake</a></p>\n',
        nothing,
    ).html

    assert 'class="more-news"' not in html
    assert 'dir="ltr"' not in html
    assert elements(html)[0] == ("p", {"dir": "auto"})


# --- sanitising -------------------------------------------------------------------

MALICIOUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body { display: none }</style>",
    '<b onmouseover="alert(1)">unclosed <em>tags <a href="x',
    "<div><p>unclosed <blockquote>and <ul><li>more",
    "<<script>script>alert(1)<</script>/script>",
    "<!-- <script>alert(1)</script> -->",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=x">',
    '<a href="https://example.org" target="_blank" onclick="alert(1)">ok</a>',
    '<input autofocus onfocus="alert(1)">',
    "<details open ontoggle=alert(1)>",
]


@pytest.mark.parametrize("payload", MALICIOUS)
def test_malicious_markup_is_neutralised(payload: str) -> None:
    html = render_body(f"Before.\n\n{payload}\n\nAfter.\n", nothing).html

    assert_safe(html)
    assert "Before." in html


@pytest.mark.parametrize(
    "opener",
    ["<style>", "<SCRIPT>", "<textarea>", "<title>", "<svg>", "<iframe>", "<plaintext>", "<!--"],
)
def test_a_tag_left_open_does_not_hide_the_rest_of_the_story(opener: str) -> None:
    html = render_body(f"Before.\n\n{opener}\n\nAfter *em*.\n\nLast.\n", nothing).html

    assert '<p dir="auto">After <em>em</em>.</p>' in html
    assert '<p dir="auto">Last.</p>' in html
    assert_safe(html)


def test_closed_script_and_style_vanish_with_their_content() -> None:
    body = "A <style>p { color: red }</style>B\n\n<script>\nsteal()\n</script>\n\nC\n"
    html = render_body(body, nothing).html
    assert "color" not in html and "steal" not in html
    assert "A B" in html or "AB" in html
    assert '<p dir="auto">C</p>' in html


def test_what_stories_need_survives_sanitising() -> None:
    body = (
        "## Background\n\n"
        "Text with *emphasis*, **strength**, `code`, a [link](https://example.org/a?b=1&c=2 "
        '"Title"), [mail](mailto:desk@example.org) and a [relative one](../2017/07/x.html).\n\n'
        "    <script>shown as code</script>\n\n"
        "> A quotation.\n\n"
        "3. three\n4. four\n\n"
        '<abbr title="United Nations">UN</abbr> H<sub>2</sub>O <q>said</q> <cite>Book</cite>\n\n'
        "| Party | Seats |\n|:------|------:|\n| A     | 12    |\n"
    )
    html = render_body(body, nothing).html

    assert '<h2 dir="auto">Background</h2>' in html
    assert "<em>emphasis</em>" in html and "<strong>strength</strong>" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2" title="Title"' in html
    assert '<a href="mailto:desk@example.org"' in html
    assert '<a href="../2017/07/x.html"' in html
    assert '<blockquote dir="auto">' in html
    assert '<ol start="3">' in html and '<li dir="auto">four</li>' in html
    assert "<pre><code>&lt;script&gt;shown as code&lt;/script&gt;" in html
    assert '<abbr title="United Nations">UN</abbr>' in html and "<sub>2</sub>" in html
    assert '<th align="right" dir="auto">Seats</th>' in html
    assert_safe(html)


def test_headings_stay_below_the_headline() -> None:
    html = render_body("# One\n\n### Three\n\n###### Six\n", nothing).html
    assert "<h1" not in html and "<h5" not in html and "<h6" not in html
    assert '<h2 dir="auto">One</h2>' in html
    assert '<h3 dir="auto">Three</h3>' in html
    assert '<h4 dir="auto">Six</h4>' in html


# --- right to left ----------------------------------------------------------------


def test_arabic_and_hebrew_paragraphs_get_dir_auto() -> None:
    body = "English first.\n\nقال المبعوث إن المحادثات ستستأنف.\n\n- שלום\n\n> اقتباس\n"
    html = render_body(body, nothing).html

    assert '<p dir="auto">قال المبعوث إن المحادثات ستستأنف.</p>' in html
    assert '<li dir="auto">שלום</li>' in html
    assert '<blockquote dir="auto">' in html
    assert '<p dir="auto">English first.</p>' in html


def test_a_right_to_left_headline_in_a_more_news_line() -> None:
    out = render_body(f"[[more-news:{TARGET}]]\n", lambda uid: LinkTarget("محادثات جنيف", "g.html"))
    assert '<p class="more-news" dir="auto">More news: <a href="g.html"' in out.html
    assert ">محادثات جنيف</a>" in out.html


# --- big and hostile bodies -------------------------------------------------------

PROSE = (
    "The envoy said talks in Geneva would resume on Monday, after a *long* pause and a "
    '[statement](https://example.org/a) from the "ministry" -- officials said. '
) * 6


def test_a_two_megabyte_body_renders_safely() -> None:
    parts: list[str] = []
    tokens = 0
    while sum(map(len, parts)) < 2_000_000:
        parts.append(PROSE)
        if len(parts) % 50 == 0:
            parts.append(MALICIOUS[len(parts) // 50 % len(MALICIOUS)])
        if len(parts) % 97 == 0:
            parts.append(token(TARGET, "hint"))
            tokens += 1
    body = "\n\n".join(parts)
    assert len(body) >= 2_000_000

    out = render_body(body, lambda uid: LinkTarget("Linked", "linked.html"))

    assert_safe(out.html)
    assert out.links == (TARGET,) * tokens
    assert out.html.startswith('<p dir="auto">The envoy said talks in Geneva')


def test_thousands_of_paragraphs_keep_their_order() -> None:
    body = "\n\n".join(f"Paragraph {i}" for i in range(5000))
    html = render_body(body, nothing).html
    numbers = [int(n) for n in re.findall(r"<p dir=\"auto\">Paragraph (\d+)</p>", html)]
    assert numbers == list(range(5000))


def test_a_flood_of_brackets_is_shown_as_text_not_parsed() -> None:
    # Python-Markdown reads from every `[` to the end of the paragraph: these 5000 take
    # seconds, a million would take days. Shown as plain text, the *stars* stay as typed.
    flood = "*not emphasis* " + "[" * 5000
    out = render_body(
        f"Normal *text*.\n\n{flood}\n\nAfter [a link](https://example.org).\n", nothing
    )

    assert "<em>text</em>" in out.html
    assert f'<p dir="auto">{flood}</p>' in out.html
    assert '<a href="https://example.org"' in out.html
    assert_safe(out.html)


def test_a_huge_flood_of_brackets_finishes() -> None:
    html = render_body("[" * 1_000_000, nothing).html
    assert html.count("[") == 1_000_000


def test_a_block_dense_with_markup_is_shown_as_text() -> None:
    dense = "*a* " * 20_000  # 80 KB: seconds of inline parsing, growing with its square
    html = render_body(dense, nothing).html
    assert "<em>" not in html
    assert html.count("*a*") == 20_000


# --- the block queue (a BlockProcessor, not a patched parser) ----------------------

ROOT = Path(__file__).resolve().parents[2]
NESTED = (
    "- a\n- b\n\n    > quote\n    > - x\n\n1. one\n2. two\n\n        code\n\n"
    "> q\n>\n> > nested\n> > 1. a\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    f"Title\n=====\n\n{token(TARGET, 'hint')}\n\n<div>\n\nraw\n\n</div>\n"
)


def _corpus() -> list[str]:
    """The demo's stories and every Markdown file of the tests, plus nested blocks."""
    demo = json.loads((ROOT / "resources/demo/newsroom.json").read_text(encoding="utf-8"))
    bodies = [story["body"] for story in demo["stories"]]
    for path in sorted((ROOT / "tests").rglob("*.md")):
        bodies.append(path.read_bytes().decode("utf-8", errors="replace"))  # hostile ones too
    return [*bodies, NESTED, NESTED * 30]


def test_the_block_queue_changes_no_output(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus()
    assert len(corpus) > 20
    link = resolver({TARGET: LinkTarget("Linked", "linked.html")})
    queued = [render_body(body, link) for body in corpus]
    # Stepping aside on every block: Python-Markdown's own list of blocks.
    monkeypatch.setattr(markdown_module._QueuedBlocks, "run", lambda self, parent, blocks: False)
    plain = [render_body(body, link) for body in corpus]
    assert queued == plain


def test_blocks_are_taken_off_a_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[int] = []
    pop = markdown_module._BlockQueue.pop

    def counted(self: markdown_module._BlockQueue, index: int = -1) -> str:
        taken.append(index)
        return pop(self, index)

    monkeypatch.setattr(markdown_module._BlockQueue, "pop", counted)
    render_body("\n\n".join(f"Paragraph {i}" for i in range(500)) + "\n\n- a\n- b\n", nothing)
    assert taken.count(0) >= 501  # every paragraph, and the list's items too


# --- characters XML can not hold ----------------------------------------------------------


def test_no_markup_made_here_holds_a_character_xml_can_not_hold() -> None:
    """Pages write Markup as it is (`publish.templating`): a control character stored by
    an older Newsroom must be gone from every Markup made here."""
    rendered = render_body("The envoy\x1f arrived\x0b.\n", lambda uid: None)
    assert rendered.html == '<p dir="auto">The envoy arrived.</p>'

    image, caption = '<img src="a.jpg" alt="The\x01 envoy">', "<figcaption>Geneva\x08</figcaption>"
    picture = f"<figure>{image}{caption}</figure>"
    assert "\x01" not in markdown_module.clean_picture(picture)
    assert "\x08" not in markdown_module.clean_picture(picture)

    body = render_body('![The envoy](media:7 "In Geneva")\n', lambda uid: None).html
    filled, missing = markdown_module.fill_figures(body, lambda ref: picture)
    assert missing == () and ">Geneva</figcaption>" in filled
    assert not [c for c in filled if ord(c) < 0x20 and c not in "\t\n\r"]
