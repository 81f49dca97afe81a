"""The article extractor: trafilatura over a parsed page, as plain values we can steer.

trafilatura (Apache-2.0) finds the main text of a page far better than rules written
for a few sites, and htmldate (its companion) the publication date. What it gives back
is turned into what our readers work with: the body as simplified HTML (`p`, `h2`,
`ul`, `blockquote`, `a href`, `b`, `i`), which `htmlpage` cuts into blocks with the
same code as any page, and the metadata it found (title, author, date, categories).

The extractor is asked for links and formatting (a More-news line is a link; emphasis
is the writer's), not for comments or images (a reader's comment is not the story,
images are not imported from saved pages). It works on a copy of the tree: it prunes
what it reads, and the caller still needs the page whole for its own rules.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date

from htmldate import find_date
from lxml import etree, html
from trafilatura import bare_extraction
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.settings import Document


@dataclass(frozen=True)
class Extracted:
    """What the extractor found in one page; empty values where it found nothing."""

    body: html.HtmlElement | None  # a <div> of simplified HTML, or None
    title: str = ""
    author: str = ""
    day: date | None = None  # the publication day the page declares or shows
    categories: tuple[str, ...] = field(default=())


_DATES = {"extensive_search": False, "original_date": True}  # as `publication_day` asks


def extract(doc: html.HtmlElement, url: str | None = None) -> Extracted:
    """The main text and metadata of the page `doc` (left untouched)."""
    found = bare_extraction(
        copy.deepcopy(doc),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_links=True,
        include_formatting=True,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        # The page's declarations and date markup only: the extensive search tries
        # every date-like string through dateparser, seconds a page, for dates that
        # are rarely the publication's.
        date_extraction_params=_DATES,
    )
    if not isinstance(found, Document):
        return Extracted(None, day=publication_day(doc))
    body = None
    if found.body is not None and len(found.body):
        converted = convert_to_html(found.body)
        markup = etree.tostring(converted[0], encoding="unicode", method="html")
        body = html.fragment_fromstring(markup, create_parent="div")
        _fold_spaces(body)
    return Extracted(
        body,
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


def publication_day(doc: html.HtmlElement) -> date | None:
    """The day the page says it was first published (htmldate, quick search only: the
    declarations and the page's own date markup, not every date-like string)."""
    try:
        found = find_date(
            copy.deepcopy(doc), extensive_search=False, original_date=True,
            outputformat="%Y-%m-%d",
        )  # fmt: skip
    except (ValueError, TypeError):
        return None
    return _day(found if isinstance(found, str) else None)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
