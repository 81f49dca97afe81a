"""The article extractor: trafilatura over a parsed page, as plain values we can steer.

trafilatura (Apache-2.0) finds the main text of a page far better than rules written
for a few sites, and htmldate (its companion) the publication date. What it gives back
is turned into what our readers work with: the body as simplified HTML (`p`, `h2`,
`ul`, `blockquote`, `a href`, `b`, `i`), which `htmlpage` cuts into blocks with the
same code as any page; and, asked apart, the metadata it finds (title, author, date,
categories), which `htmlpage` needs only where the page declares none of its own.

The extractor is asked for formatting (emphasis is the writer's), not for comments or
images (a reader's comment is not the story, images are not imported from saved
pages), and not for links: asked for them, it judges paragraphs by their share of
linked text and drops real ones (a paragraph of sources, a sentence that is mostly a
link), some 3% of the passages of its own evaluation pages. The links (a More-news
line is one) are put back after: a paragraph of its text that is, word for word, a
paragraph of the page gets the page's links and emphasis (`_relink`). It is given the
page's parsed tree, never a string to parse again, and prunes a copy it makes itself:
the caller still needs the page whole for its own rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TypeAlias
from urllib.parse import urljoin

from lxml import etree, html
from trafilatura import bare_extraction
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document


@dataclass(frozen=True)
class Metadata:
    """What the extractor read about the page; empty values where it found nothing."""

    title: str = ""
    author: str = ""
    day: date | None = None  # the publication day the page declares or shows
    categories: tuple[str, ...] = field(default=())


# htmldate's quick search: the page's declarations and date markup. The extensive one
# tries every date-like string through dateparser, seconds a page, for dates that are
# rarely the publication's.
_DATES = {"extensive_search": False, "original_date": True}


def extract(
    doc: html.HtmlElement, url: str | None = None, *, fast: bool = False
) -> html.HtmlElement | None:
    """The main text of the page `doc` (left untouched: the extractor prunes a copy it
    makes itself) as a `<div>` of simplified HTML, or None. `fast`: without the
    extractor's comparison with other algorithms (a sixth of its time), for a page whose
    caller has another check on what it finds."""
    found = bare_extraction(
        doc,
        url=url,
        with_metadata=False,  # `metadata`, asked only for what the page does not declare
        # The body tree alone: "python" would also render it as text (some 5% of the
        # time) for nothing; the format changes nothing else in a bare extraction.
        output_format="xml",
        include_comments=False,
        include_links=False,  # put back by `_relink`: see the module notes
        include_formatting=True,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        fast=fast,
    )
    if not isinstance(found, Document) or found.body is None or not len(found.body):
        return None
    converted = convert_to_html(found.body)
    markup = etree.tostring(converted[0], encoding="unicode", method="html")
    body = html.fragment_fromstring(markup, create_parent="div")
    _relink(body, doc, url)
    _fold_spaces(body)
    return body


def metadata(doc: html.HtmlElement, url: str | None = None) -> Metadata:
    """Title, author, day and categories as the extractor reads them from `doc` (left
    untouched). A quarter of the extractor's time on a page: `htmlpage` asks only when
    the page's own declarations lack one of them."""
    found = extract_metadata(doc, url, _DATES, extensive=False)
    return Metadata(
        title=" ".join((found.title or "").split()),
        author=" ".join((found.author or "").split()),
        day=_day(found.date),
        categories=tuple(c for c in found.categories or () if c.strip()),
    )


_SPACES = re.compile(r"\s+")


def _fold_spaces(body: html.HtmlElement) -> None:
    """Runs of white space as one space, none at the start of a block: the extractor
    keeps the page's source indentation, which Markdown would read as code."""
    for el in body.iter():
        if el.tag in ("pre", "code") or any(a.tag == "pre" for a in el.iterancestors()):
            continue
        if el.text:
            el.text = _SPACES.sub(" ", el.text)
            if el.tag in ("p", "li", "h2", "h3", "h4", "blockquote", "td", "th"):
                el.text = el.text.lstrip()
        if el.tail:
            el.tail = _SPACES.sub(" ", el.tail)


# Where a link's paragraph ends: the nearest of these around it.
_BLOCKS = (
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd", "dt",
    "div", "section", "article", "figcaption", "caption",
)  # fmt: skip
_TEXTS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd", "dt")
# What a paragraph put back keeps of the page's markup: links and emphasis.
_INLINE = {
    "a": "a", "b": "b", "strong": "b", "i": "i", "em": "i", "br": "br", "code": "code",
    "sub": "sub", "sup": "sup",
}  # fmt: skip


_Run: TypeAlias = tuple[str, list[html.HtmlElement]]  # a text and the elements after it


def _runs(block: html.HtmlElement) -> Iterator[_Run]:
    """The runs of `block`'s own content: the whole of it when it holds no block, and
    the runs between its line breaks (`<br>`) and blocks: a page that writes its
    paragraphs as lines of one element, which the extractor reads as paragraphs or
    keeps as one paragraph with its breaks."""
    nested = any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in block)
    if not nested:
        yield block.text or "", list(block)
        if block.find("br") is None:
            return
    text, children = block.text or "", list[html.HtmlElement]()
    for child in block:
        if child.tag == "br" or child.tag in _BLOCKS:
            yield text, children
            text, children = child.tail or "", []
        else:
            children.append(child)
    yield text, children


def _words(run: _Run) -> str:
    text, children = run
    parts = [text]
    for child in children:  # a comment's text is none of the page's
        parts += [child.text_content() if isinstance(child.tag, str) else "", child.tail or ""]
    return " ".join("".join(parts).split())


def _relink(body: html.HtmlElement, doc: html.HtmlElement, url: str | None) -> None:
    """Give the paragraphs of `body` (the extractor's text, without links) the links of
    the page's paragraph with the same words, in place; a paragraph or list item that
    is the words of one link (a headline in a list of them) becomes that link. A
    paragraph the extractor changed (cut, joined with another) keeps its text without
    links. Under three words, only an element of the same kind counts: a heading
    "Opinion" is not the menu's link of that name."""
    blocks: dict[html.HtmlElement, None] = {}  # each once, in page order
    links = [a for a in doc.iter("a") if a.get("href")]
    for link in links:
        block = next(link.iterancestors(_BLOCKS), None)
        if block is not None:
            blocks[block] = None
    whole: dict[str, str] = {}  # the links' own words, read when first needed
    linked: dict[str, tuple[str, _Run]] = {}
    for block in blocks:
        for run in _runs(block):
            linked.setdefault(_words(run), (block.tag, run))
    for el in list(body.iter(_TEXTS)) if linked else ():
        if any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el):
            continue
        words = " ".join(el.text_content().split())
        if not words:  # an empty cell is no image link's
            continue
        long = len(words.split()) >= 3 and not el.tag.startswith("h")
        tag, (text, children) = linked.get(words, ("", ("", [])))
        if tag and (long or tag == el.tag):
            _replace_content(el, text, [_inline_copy(c, url) for c in children])
        elif long and el.tag in ("p", "li") and not el.xpath(".//a"):
            if not whole:
                for link in reversed(links):  # the first link of the words wins
                    whole[" ".join(link.text_content().split())] = link.get("href", "")
            href = whole.get(words)
            if not href:
                continue
            anchor = html.Element("a", href=urljoin(url, href) if url else href)
            _replace_content(anchor, el.text, list(el))
            _replace_content(el, "", [anchor])


def _replace_content(
    el: html.HtmlElement, text: str | None, children: list[html.HtmlElement]
) -> None:
    """`el` with `text` and `children` in place of its content (its tail kept)."""
    for child in list(el):
        el.remove(child)
    el.text = text
    el.extend(children)


def _inline_copy(el: html.HtmlElement, url: str | None) -> html.HtmlElement:
    """`el` (inside a page's paragraph) as the extractor's simplified markup would have
    it: links (to absolute addresses), emphasis, code, sub- and superscripts and line
    breaks kept, any other tag a plain span (which the Markdown writer reads as its
    text), comments and scripts as nothing but their tails."""
    tag = el.tag if isinstance(el.tag, str) else ""
    copy: html.HtmlElement = html.Element(_INLINE.get(tag, "span"))
    if tag == "a":
        href = el.get("href", "")
        copy.set("href", urljoin(url, href) if url else href)
    if tag and tag not in ("script", "style", "noscript", "template"):
        copy.text = el.text
        for child in el:
            copy.append(_inline_copy(child, url))
    copy.tail = el.tail
    return copy


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
