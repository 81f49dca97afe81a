"""The article extractor: trafilatura over a parsed page, as plain values we can steer.

trafilatura (Apache-2.0) finds the main text of a page far better than rules written
for a few sites, and htmldate (its companion) the publication date. What it gives back
is turned into what our readers work with: the body as simplified HTML (`p`, `h2`,
`ul`, `blockquote`, `a href`, `b`, `i`), which `htmlpage` cuts into blocks with the
same code as any page; and, asked apart, the metadata it finds (title, author, date,
categories), which `htmlpage` needs only where the page declares none of its own.

The extractor is asked for links and formatting (a More-news line is a link; emphasis
is the writer's), not for comments or images (a reader's comment is not the story,
images are not imported from saved pages). It is given the page's parsed tree, never
a string to parse again, and prunes a copy it makes itself: the caller still needs the
page whole for its own rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

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
        include_links=True,
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


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
