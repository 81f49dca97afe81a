"""The pieces under the service: decoding, front matter, dates, kinds, HTML to Markdown."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from lxml import html

from newsroom.importing.catalog import guess_entity_kind
from newsroom.importing.encodings import MAX_BYTES, Refused, decode
from newsroom.importing.frontmatter import body_parts, split_front_matter
from newsroom.importing.model import MoreNewsRef, ParsedStory, SiteInfo
from newsroom.importing.reader import read_file
from newsroom.importing.textcues import byline_name, parse_written_date
from newsroom.importing.tomarkdown import element_markdown, escape_inline
from newsroom.text.markdown import render_body

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("naïve café".encode(), "naïve café", "utf-8"),
        (b"\xef\xbb\xbfna\xc3\xafve", "naïve", "utf-8-sig"),
        ("“smart” – €".encode("cp1252"), "“smart” – €", "cp1252"),
        ("Grüße aus Köln".encode("latin-1"), "Grüße aus Köln", "cp1252"),
        ('<meta charset="koi8-r"><p>Привет'.encode("koi8-r"), '<meta charset="koi8-r"><p>Привет',
         "koi8-r"),
        ('<meta charset="utf-8">caf\xe9'.encode("cp1252"), '<meta charset="utf-8">café', "cp1252"),
        # WHATWG labels: gb2312 is GBK (GB18030's decoder), latin1 is Windows-1252.
        ('<meta charset="gb2312">新闻'.encode("gbk"), '<meta charset="gb2312">新闻', "gb18030"),
        ('<meta charset="latin1">“x”'.encode("cp1252"), '<meta charset="latin1">“x”', "cp1252"),
        # Re-saved as UTF-8 with the old declaration left in.
        ('<meta charset="gb2312">腾讯网'.encode(), '<meta charset="gb2312">腾讯网', "utf-8"),
    ],
)  # fmt: skip
def test_decoding(data: bytes, text: str, encoding: str) -> None:
    decoded = decode(data)
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.4 ...", "it is a PDF document, not a story"),
        (b"text\x00with nul", "it is a binary file, not text"),
        (bytes(range(1, 32)) * 20, "it is a binary file, not text (it is full of control"),
        (b"\xef\xbb\xbfbad \xff utf-8", "it can not be read as utf-8-sig (its byte-order mark"),
        ("é".encode() + b" \x81", "it can not be decoded: it holds UTF-8 characters"),
        (b"only \x81 and \x8d", "it can not be decoded as UTF-8, Windows-1252 or Latin-1"),
    ],
)  # fmt: skip
def test_refused_bytes(data: bytes, reason: str) -> None:
    with pytest.raises(Refused) as error:
        decode(data)
    assert str(error.value).startswith(reason)


def test_bytes_invalid_in_the_declared_charset_are_replaced_and_told() -> None:
    decoded = decode('<meta charset="gb2312">新'.encode("gbk") + b"\xff and \xe6 ok")
    assert decoded.text == '<meta charset="gb2312">新\ufffd and \ufffd ok'
    assert decoded.damaged == "2 byte sequence(s) not valid gb18030, shown as U+FFFD"
    assert decode('<meta charset="gb2312">新'.encode("gbk")).damaged == ""


def test_a_page_with_bytes_invalid_in_its_charset_is_imported_with_a_warning(tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.html"
    page.write_bytes(
        '<html><head><meta charset="gb2312"><title>新闻</title></head><body><h1>新闻</h1>'
        "<p>第一段很长的新闻内容。</p>".encode("gbk")
        + b"<p>bad \xff byte</p></body></html>"
    )
    story = read_file(page, LONDON, SiteInfo())
    assert isinstance(story, ParsedStory) and story.headline == "新闻"
    assert "1 byte sequence(s) not valid gb18030, shown as U+FFFD" in story.warnings


def test_huge_is_refused_before_decoding() -> None:
    with pytest.raises(Refused, match="stories are at most 8 MB"):
        decode(b"a" * (MAX_BYTES + 1))


def test_pelican_header_lines_and_a_plain_markdown_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    meta, body = split_front_matter("Title: A\nTags: x, y\n  z\n\nBody\n", tmp_path)
    assert meta == {"title": "A", "tags": "x, y z"} and body == "Body\n"
    meta, body = split_front_matter("Just: prose that happens to start so\nand more\n", tmp_path)
    assert meta == {}


def test_more_news_lines_in_markdown() -> None:
    parts = body_parts("One.\n\nMore news: [Two](two.md)\n\nMore news: Three\n\nFour.")
    assert parts == ["One.", MoreNewsRef("Two", "two.md"), MoreNewsRef("Three", ""), "Four."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 July 2017", datetime(2017, 7, 14, 23, 0, tzinfo=UTC)),
        ("Sunday, 22 July 2018", datetime(2018, 7, 21, 23, 0, tzinfo=UTC)),
        ("July 15, 2017 at 9:30 pm", datetime(2017, 7, 15, 20, 30, tzinfo=UTC)),
        ("Published: 3 Jan 2018", datetime(2018, 1, 3, 0, 0, tzinfo=UTC)),
        ("2017-07-15T09:30:00Z", datetime(2017, 7, 15, 9, 30, tzinfo=UTC)),
        ("Wed, 02 Oct 2002 13:00:00 +0200", datetime(2002, 10, 2, 11, 0, tzinfo=UTC)),
        ("The talks began in July 2017.", None),
        ("31 February 2017", None),
    ],
)
def test_written_dates(text: str, expected: datetime | None) -> None:
    assert parse_written_date(text, LONDON) == expected


def test_bylines() -> None:
    assert byline_name("By Hannah Okoye") == "Hannah Okoye"
    assert byline_name("by Amira al-Hassan and Omar Haddad") == "Amira al-Hassan and Omar Haddad"
    assert byline_name("By the end of the week the talks had stalled.") is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("climate policy", "topic"),
        ("Ministry of Finance", "organisation"),
        ("Amira al-Hassan", "person"),
        ("Geneva", "place"),
        ("UN", "organisation"),
        ("Harbour Film Festival", "event"),
    ],
)
def test_kinds_are_guessed_from_the_name(name: str, kind: str) -> None:
    assert guess_entity_kind(name) == kind


@pytest.mark.parametrize(
    "text",
    [
        "5 * 3 = 15 and 2 * 4",
        "snake_case_name and _leading and trailing_",
        "[not a link](nowhere) and [[more-news:0b5c1f9e-5e63-4f0c-9f1f-2c1f9e5e634f]]",
        "a \\ backslash, `ticks`, <b>tags</b>, &amp; entities, & ampersands",
        "# not a heading",
        "1. not a list",
        "- not a list either",
        "> not a quote",
    ],
)
def test_escaped_text_renders_as_itself(text: str) -> None:
    paragraph = html.fragment_fromstring(f"<p>{_escape_html(text)}</p>")
    markdown = element_markdown(paragraph)
    rendered = html.fragment_fromstring(str(render_body(markdown, lambda uid: None).html))
    assert rendered.tag == "p" and rendered.text_content() == text


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_inline_markup_to_markdown() -> None:
    paragraph = html.fragment_fromstring(
        '<p>An <em>emphatic</em>, <strong>strong</strong> <a href="https://x.org/a b">link</a>'
        "<br>\nand <code>a`b</code>.</p>"
    )
    assert element_markdown(paragraph) == (
        "An *emphatic*, **strong** [link](<https://x.org/a b>)  \nand ``a`b``."
    )
    assert escape_inline("2*3") == "2\\*3"
