"""Reading a site Newsroom exported: story pages back into stories, the rest into `SiteInfo`.

The exporter's templates are known, so this reader takes every field from where the
template put it (the story's `<h1>`, `p.standfirst`, `span.byline`, the JSON-LD dates,
the `footer.entities` list with each entity's kind in its class) instead of guessing.
The body is turned back into Markdown by `tomarkdown.faithful_markdown`, checked
against our own renderer, so exporting the imported story writes the same page.

What the export does not hold cannot come back: a story's uid (only the 20 newest are
in the feed, as `urn:uuid:` ids), entity uids and aliases, unpublished stories and the
More-news lines that pointed at them, the site's time zone (guessed from the dates by
the service).
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree, html

from newsroom.core.dates import parse_iso
from newsroom.core.slugs import SLUG_PATTERN
from newsroom.importing.model import (
    EntityRef,
    ImageRef,
    MoreNewsRef,
    ParsedStory,
    SectionRef,
    SiteInfo,
    image_mark,
)
from newsroom.importing.tomarkdown import check_whole, faithful_markdown

Element: TypeAlias = html.HtmlElement
_UUID_URN = re.compile(r"^urn:uuid:([0-9a-fA-F-]{36})$")
_ATOM = "{http://www.w3.org/2005/Atom}"
_REFRESH = re.compile(r"^\s*0\s*;\s*url=([a-z0-9]+(?:-[a-z0-9]+)*)\.html\s*$")
_KINDS = {
    "person": "person",
    "organisation": "organisation",
    "organization": "organisation",
    "place": "place",
    "event": "event",
    "topic": "topic",
}


def is_newsroom_page(doc: Element) -> bool:
    """True for any page of a Newsroom export (story, listing or archive)."""
    return bool(
        doc.xpath('//header[@class="masthead"]/p[@class="site-name"]')
        and doc.xpath('//link[@rel="alternate"][@type="application/atom+xml"]')
    )


def is_redirect_page(doc: Element) -> bool:
    """A page the export leaves at an old address (a renamed entity's) to send readers
    on: it holds nothing to import."""
    return bool(
        doc.xpath('//meta[@name="generator"][@content="Newsroom"]')
        and doc.xpath('//meta[@http-equiv="refresh"]')
    )


def read_moved_page(path: Path, doc: Element, site: SiteInfo) -> None:
    """Learn a renamed entity's old address from the redirect page left there:
    `entity/<old>.html` leading to `<new>.html` beside it."""
    content = doc.xpath('//meta[@http-equiv="refresh"]/@content')
    match = _REFRESH.match(content[0]) if content else None
    if path.parent.name == "entity" and match and SLUG_PATTERN.match(path.stem):
        site.moved_entities[path.stem] = match.group(1)


def is_story_page(doc: Element) -> bool:
    return bool(doc.xpath('//article[@class="story"]/div[@class="body"]'))


def _href_key(base: Path, href: str) -> str:
    """An href as the key pages agree on: a URL as is, a relative link as a file path."""
    if urlsplit(href).scheme:
        return href
    return os.path.normpath(base.parent / href)


def _text(nodes: list[Element]) -> str:
    return nodes[0].text_content() if nodes else ""


def _jsonld(doc: Element) -> dict[str, Any]:
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # not JSON, a 5,000-digit number, too deep
            continue
        if isinstance(data, dict) and data.get("@type") == "NewsArticle":
            return data
    return {}


def read_site_furniture(path: Path, doc: Element, site: SiteInfo) -> None:
    """Learn what every Newsroom page tells about its site: name, locale, sections."""
    site.pages += 1
    name = _text(doc.xpath('//header[@class="masthead"]/p[@class="site-name"]/a'))
    if name and site.site_name is None:
        site.site_name = name
    locale = doc.xpath('//meta[@property="og:locale"]/@content')
    if locale and site.locale is None:
        site.locale = locale[0]
    for link in doc.xpath('//nav[@class="sections"]//a'):
        target = Path(_href_key(path, link.get("href", "")))
        if target.name == "index.html" and target.parent.parent.name == "section":
            slug = target.parent.name
            site.sections.setdefault(slug, SectionRef(link.text_content(), slug))
    kind_label = doc.xpath('//main/p[@class="entity-kind"]')
    if kind_label:
        kind = _KINDS.get(kind_label[0].text_content().strip().lower())
        heading = _text(doc.xpath("//main/h1"))
        description = _text(doc.xpath('//main/p[@class="entity-description"]'))
        if kind and heading:
            site.entity_pages[f"{kind}:{heading}"] = (kind, description)


def read_feed(path: Path, text: str, site: SiteInfo) -> bool:
    """Take the uids of the feed's stories (the only place the export writes them).

    Returns False if `text` is not an Atom feed.
    """
    try:
        root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return False
    if root.tag != f"{_ATOM}feed":
        return False
    for entry in root.iter(f"{_ATOM}entry"):
        ident = (entry.findtext(f"{_ATOM}id") or "").strip()
        link = entry.find(f"{_ATOM}link")
        match = _UUID_URN.match(ident)
        if match and link is not None and link.get("href"):
            site.feed_uids[_href_key(path, link.get("href", ""))] = match.group(1).lower()
    return True


def read_story_page(path: Path, doc: Element, site: SiteInfo, tz: ZoneInfo) -> ParsedStory:
    """A story page of a Newsroom export as a story (see the module notes)."""
    read_site_furniture(path, doc, site)
    article = doc.xpath('//article[@class="story"]')[0]
    data = _jsonld(doc)
    headline = _text(article.xpath("./header/h1")) or str(data.get("headline", ""))
    story = ParsedStory(path=path, format="newsroom", headline=headline, status="published")
    story.slug = path.stem
    ident = _UUID_URN.match(str(data.get("identifier", "")))
    story.uid = ident.group(1).lower() if ident else None  # should the exporter write it
    story.standfirst = _text(article.xpath('./header/p[@class="standfirst"]'))
    story.byline = _text(article.xpath('./header/p[@class="meta"]/span[@class="byline"]'))
    story.dateline = _text(article.xpath('./header/p[@class="meta"]/span[@class="dateline"]'))
    published = data.get("datePublished") or _first(article.xpath(".//time/@datetime"))
    story.published_at = parse_iso(str(published), tz) if published else None
    modified = data.get("dateModified")
    story.updated_at = parse_iso(str(modified), tz) if modified else None
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    story.url = canonical[0] if canonical else None
    if story.url and site.base_url is None:
        relative = "/".join(path.parts[-3:])
        if story.url.endswith("/" + relative):
            site.base_url = story.url[: -len(relative)]
    masthead = _first(doc.xpath('//p[@class="masthead-date"]/time/@datetime'))
    if story.published_at and masthead:
        site.local_dates.append((story.published_at, masthead))
    kicker = article.xpath('./header/p[@class="kicker"]/a')
    if kicker:
        target = Path(_href_key(path, kicker[0].get("href", "")))
        story.section = SectionRef(kicker[0].text_content(), target.parent.name)
    for item in article.xpath('./footer[@class="entities"]//li'):
        link = item.find("a")
        kind = next(
            (c[7:] for c in (item.get("class") or "").split() if c.startswith("entity-")), None
        )
        if link is not None:
            slug = Path(urlsplit(link.get("href", "")).path).stem or None
            story.entities.append(EntityRef(link.text_content(), _KINDS.get(kind or ""), slug))
    lead = article.xpath('./figure[@class="image lead"]')
    story.lead_image = _figure(path, lead[0]) if lead else None
    story.body = _body(path, article.xpath('./div[@class="body"]')[0], story)
    return story


_IMAGE = "\x00image"  # what `more_news` below returns for a picture


def _is_figure(el: Element) -> bool:
    return el.tag == "figure" and "image" in (el.get("class") or "").split()


def _figure(path: Path, figure: Element) -> ImageRef | None:
    """A picture our exporter wrote (`publish.images.figure`): its largest JPEG (the
    srcset's widest), alt, caption and credit."""
    img = figure.find(".//img")
    if img is None:
        return None
    best, widest = img.get("src", ""), -1
    for candidate in (img.get("srcset") or "").split(","):
        bits = candidate.split()
        width = bits[1][:-1] if len(bits) == 2 and bits[1].endswith("w") else ""
        if width.isdigit() and int(width) > widest:
            best, widest = bits[0], int(width)
    if not best or urlsplit(best).scheme:
        return None
    credit, caption = "", ""
    figcaption = figure.find("./figcaption")
    if figcaption is not None:
        span = figcaption.find('./span[@class="credit"]')
        credit = span.text_content().strip() if span is not None else ""
        caption = (figcaption.text or "").strip()
    return ImageRef(Path(_href_key(path, best)), img.get("alt", ""), caption, credit)


def _first(values: list[Any]) -> Any:
    return values[0] if values else None


def _body(path: Path, body: Element, story: ParsedStory) -> list[str | MoreNewsRef]:
    def more_news(el: Element) -> tuple[str, str] | None:
        if _is_figure(el):
            image = _figure(path, el)
            if image is None:
                return (_IMAGE, "")
            story.images.append(image)
            return (_IMAGE, image_mark(len(story.images) - 1))
        if el.tag == "p" and "more-news" in (el.get("class") or "").split():
            link = el.find("a")
            if link is not None:
                return link.text_content(), link.get("href", "")
        return None

    blocks: list[Element | str] = []
    if (body.text or "").strip():
        blocks.append(body.text or "")
    for child in body:
        if isinstance(child.tag, str):
            blocks.append(child)
        if (child.tail or "").strip():
            blocks.append(child.tail or "")
    parts, exact = faithful_markdown(blocks, more_news=more_news)
    # Pictures are checked apart: the body without them must come back as it was.
    pictureless = copy.deepcopy(body)
    for figure in [el for el in pictureless if _is_figure(el)]:
        figure.tail = None  # the line break after it went with it
        figure.drop_tree()
    words = [p for p in parts if not (isinstance(p, tuple) and p[0] == _IMAGE)]
    if not exact or not check_whole(words, pictureless):
        story.warnings.append("the body may not export exactly as it was (unusual markup)")
    return [
        (p[1] if p[0] == _IMAGE else MoreNewsRef(p[0], _href_key(path, p[1])))
        if isinstance(p, tuple)
        else p
        for p in parts
        if not (isinstance(p, tuple) and p[0] == _IMAGE and not p[1])
    ]
