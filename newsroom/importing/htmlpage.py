"""A news page saved as HTML (from any site): metadata first, then clean paragraphs.

Where the page carries schema.org JSON-LD (a NewsArticle or kin) or Open Graph /
`article:` meta tags, they give the headline, dates, byline, section, tags and the
canonical address; what they lack is read from the page. The body comes from the
most specific container the page marks (`itemprop=articleBody`, a body class, the
`<article>` with the most text, `<main>`, `<body>`), with furniture removed by tag
(nav, aside, header, form ...) and by class or id (breadcrumb, share, ad, promo,
related, latest ...); the remaining blocks go through the same story-finding rules
as a plain-text page (`textpage.assemble`), so both read a page alike.

Built on lxml rather than an extraction library: those drop link-only paragraphs
such as our "More news:" lines, and keep or lose furniture in ways we can not steer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, TypeAlias
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import html

from newsroom.core.dates import parse_iso
from newsroom.core.slugs import SLUG_PATTERN
from newsroom.importing.model import EntityRef, ParsedStory, SectionRef
from newsroom.importing.textcues import BYLINE, parse_written_date
from newsroom.importing.textpage import Block, assemble
from newsroom.importing.tomarkdown import element_markdown

Element: TypeAlias = html.HtmlElement

_ARTICLE_TYPES = {
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "Report",
    "LiveBlogPosting", "SatiricalArticle", "ScholarlyArticle", "TechArticle",
}  # fmt: skip
_KINDS = {
    "Person": "person",
    "Organization": "organisation",
    "NewsMediaOrganization": "organisation",
    "GovernmentOrganization": "organisation",
    "Corporation": "organisation",
    "Place": "place",
    "City": "place",
    "Country": "place",
    "AdministrativeArea": "place",
    "Event": "event",
}
_FURNITURE_TAGS = {
    "nav", "aside", "header", "footer", "form", "button", "script", "style", "noscript",
    "iframe", "svg", "template", "figure", "menu", "select", "input", "dialog",
}  # fmt: skip
_FURNITURE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:breadcrumbs?|share|sharing|social|ads?|advert\w*|promo\w*|newsletter|"
    r"related|latest|most-?read|masthead|menu|nav\w*|comments?|cookie\w*|subscribe|sidebar|"
    r"byline|author|dateline|timestamp|date|meta|tags?|kicker|standfirst|dek|toolbar|"
    r"footer|header|banner|sponsor\w*|outbrain|taboola|paywall|signup|print)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BODY_NAMES = re.compile(
    r"(?:article|story|entry|post|content)[-_]?(?:body|content|text)|articlebody|body-?text",
    re.IGNORECASE,
)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table"}
_STANDFIRST = re.compile(r"standfirst|\bdek\b|subtitle|sub-?headline|summary|\blede\b|intro")


def _json_objects(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD value: itself, list items, `@graph` members, depth first
    (a loop, not recursion: the nesting is the page's to choose)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            stack.append(item.get("@graph", []))


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", [])
    return {value} if isinstance(value, str) else {v for v in value if isinstance(v, str)}


def _article_jsonld(doc: Element) -> dict[str, Any]:
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # not JSON, a 5,000-digit number, too deep
            continue
        for obj in _json_objects(data):
            if _types(obj) & _ARTICLE_TYPES:
                return obj
    return {}


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person/thing or list of them (or plain strings)."""
    if isinstance(value, str):
        return [value] if value.strip() and "://" not in value else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _meta(doc: Element, key: str) -> str:
    found = doc.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
    return str(found[0]).strip() if found else ""


def _metadata(path: Path, doc: Element, tz: ZoneInfo) -> ParsedStory:
    data = _article_jsonld(doc)
    story = ParsedStory(path=path, format="html", headline="")
    headline = data.get("headline") or data.get("name") or _meta(doc, "og:title")
    if isinstance(headline, str):
        story.headline = " ".join(headline.split())
    published = data.get("datePublished") or _meta(doc, "article:published_time")
    modified = data.get("dateModified") or _meta(doc, "article:modified_time")
    if isinstance(published, str) and published:
        story.published_at = parse_iso(published, tz) or parse_written_date(published, tz)
    if isinstance(modified, str) and modified:
        story.updated_at = parse_iso(modified, tz) or parse_written_date(modified, tz)
    authors = _names(data.get("author")) or _names(_meta(doc, "author"))
    authors = authors or _names(_meta(doc, "article:author"))
    story.byline = " and ".join(dict.fromkeys(" ".join(a.split()) for a in authors))
    section = data.get("articleSection") or _meta(doc, "article:section")
    if isinstance(section, list):
        section = section[0] if section else ""
    if isinstance(section, str) and section.strip():
        story.section = SectionRef(section.strip())
    for key in ("about", "mentions"):
        things = data.get(key, [])
        for thing in things if isinstance(things, list) else [things]:
            if isinstance(thing, dict) and _names(thing):
                kind = next((_KINDS[t] for t in _types(thing) if t in _KINDS), None)
                story.entities.append(EntityRef(_names(thing)[0].strip(), kind))
    keywords = data.get("keywords", [])
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    tags = [*keywords, *doc.xpath('//meta[@property="article:tag"]/@content')]
    story.entities += [EntityRef(t.strip()) for t in tags if isinstance(t, str) and t.strip()]
    url = doc.xpath('//link[@rel="canonical"]/@href') or [_meta(doc, "og:url")]
    story.url = str(url[0]) if url and url[0] else (data.get("url") or None)
    ident = data.get("identifier")
    if isinstance(ident, str) and ident.startswith("urn:uuid:"):
        story.uid = ident[9:].lower()
    description = data.get("description") or _meta(doc, "og:description")
    if isinstance(description, str):
        story.standfirst = " ".join(description.split())
    return story


def _container(doc: Element, headline: str) -> Element:
    marked = doc.xpath('//*[@itemprop="articleBody"]') or [
        el
        for el in doc.xpath("//body//*[@class or @id]")
        if _BODY_NAMES.search(f"{el.get('class', '')} {el.get('id', '')}")
    ]
    if marked:
        return marked[0]
    articles = doc.xpath("//article")
    if articles:
        return max(articles, key=_paragraph_text)
    main = doc.xpath("//main") or doc.xpath("//*[@role='main']")
    if main:
        return main[0]
    body = doc.find("body")
    return body if body is not None else doc


def _paragraph_text(el: Element) -> int:
    """How much paragraph text an element holds, in one walk of its subtree. Not the
    XPath `.//p//text()`: libxml2 merges the node sets of its steps with a duplicate
    check per node, quadratic in the paragraphs (a 90,000-paragraph page took minutes,
    issue 12)."""
    return sum(len(text) for p in el.iter("p") for text in p.itertext())


def _is_furniture(el: Element) -> bool:
    if el.tag in _FURNITURE_TAGS or el.get("role") in ("navigation", "banner", "complementary"):
        return True
    if el.get("aria-label", "").lower() in ("breadcrumb", "breadcrumbs", "share"):
        return True
    names = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(names.strip()) and bool(_FURNITURE_NAMES.search(names))


def _blocks(el: Element, out: list[Block]) -> None:
    """The story's blocks under `el`, furniture left out, in page order."""
    loose: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            loose.append(child.tail or "")
            continue
        if _is_furniture(child):
            pass
        elif child.tag in _BLOCKS:
            _flush(loose, out)
            _add_block(child, out)
        elif child.tag in ("div", "section", "article", "main", "span", "li") and any(
            isinstance(c.tag, str) and c.tag in _BLOCKS | {"div", "section"}
            for c in child.iterdescendants()
        ):
            _flush(loose, out)
            _blocks(child, out)
        elif child.tag in ("div", "section", "article", "main", "dd", "dt", "address"):
            _flush(loose, out)
            _add_block(child, out)
        elif child.tag == "br":
            _flush(loose, out)
        else:
            loose.append(child.text_content())
        loose.append(child.tail or "")
    _flush(loose, out)


def _flush(loose: list[str], out: list[Block]) -> None:
    text = " ".join("".join(loose).split())
    if text:
        out.append(Block(text, text))
    loose.clear()


def _add_block(el: Element, out: list[Block]) -> None:
    if el.tag in ("ul", "ol"):
        items = [li for li in el if li.tag == "li"]
        texts = [" ".join(li.text_content().split()) for li in items]
        if texts and all(len(t.split()) <= 14 for t in texts) and _all_links(items):
            for text in texts:  # a list of headlines: kept item by item for the furniture check
                out.append(Block(text, text, list_item=True))
            return
    text = " ".join(el.text_content().split())
    if not text:
        return
    links = el.xpath(".//a[@href]")
    href = links[0].get("href", "") if len(links) == 1 else ""
    out.append(Block(text, element_markdown(el), heading=el.tag.startswith("h"), href=href))


def _all_links(items: list[Element]) -> bool:
    return all(li.xpath(".//a") for li in items)


def read_html_page(path: Path, doc: Element, tz: ZoneInfo) -> ParsedStory:
    """Any HTML news page as a story (headline empty when none could be found)."""
    story = _metadata(path, doc, tz)
    container = _container(doc, story.headline)
    if not story.byline:
        marked = container.xpath('.//*[contains(@class, "byline") or @rel="author"]')
        if marked:
            text = " ".join(marked[0].text_content().split())
            match = BYLINE.match(text)
            story.byline = match["name"] if match else text
    if not story.published_at:
        times = container.xpath(".//time/@datetime") or doc.xpath("//article//time/@datetime")
        if times:
            story.published_at = parse_iso(str(times[0]), tz)
    marked_standfirst = [
        el
        for el in container.xpath(".//*[@class]")
        if _STANDFIRST.search(el.get("class", "")) and el.tag in ("p", "div", "h2")
    ]
    if not story.headline:
        h1 = container.xpath(".//h1") or doc.xpath("//h1")
        if h1:
            story.headline = " ".join(h1[0].text_content().split())
    blocks: list[Block] = []
    _blocks(container, blocks)
    description = story.standfirst
    story.standfirst = ""
    if marked_standfirst:
        story.standfirst = " ".join(marked_standfirst[0].text_content().split())
    assemble(blocks, story, tz)
    story.slug = _slug_from_url(story.url)
    body_text = " ".join(b for b in story.body if isinstance(b, str))
    if not story.standfirst and description and not _starts_body(description, body_text):
        story.standfirst = description
    return story


def _slug_from_url(url: str | None) -> str | None:
    """The last part of the page's address, when it reads as a slug ("talks-stall.html"),
    so a re-import of the same page matches on slug and date."""
    if not url:
        return None
    stem = PurePosixPath(urlsplit(url).path).stem.lower()
    return stem if SLUG_PATTERN.match(stem) and not stem.isdigit() and stem != "index" else None


def _starts_body(description: str, body: str) -> bool:
    """A description that only repeats the start of the body is no standfirst."""
    words = re.sub(r"[\\*_`]", "", description).rstrip(".…").split()[:12]
    return " ".join(words) in " ".join(re.sub(r"[\\*_`]", "", body).split())
