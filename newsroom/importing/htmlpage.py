"""A news page saved as HTML (from any site): metadata first, then clean paragraphs.

Which source is trusted for what, page by page:

- Headline: the declared one the page shows, else its `<title>` without the site's
  name (`headline` says how).
- Dates, byline, section, tags and address: what the page declares, in this order:
  schema.org JSON-LD (a NewsArticle or kin), Open Graph and `article:` meta tags, then
  what the extractor (trafilatura) read from the page's other markup. A publication
  date the page only shows as a day (htmldate) is midnight of that day in the site's
  time zone, so the story shows the page's day.
- The body: three candidates. The extractor's main text (`engine`) is the default:
  it finds the article in pages of every layout far better than rules can. The page's
  own JSON-LD `articleBody` (plain text; read as HTML when a site put its markup
  there, so tags and entities are not taken for words) wins when the extractor's
  text covers less than 70% of its words, or has fewer than half its paragraphs (it
  ran them together): a page that declares its whole text is believed over a guess
  that missed part of it (the extractor's text covering it means the extractor saw
  the same story, and its text keeps the links and emphasis the declaration lacks).
  On such a page the extractor runs without its own second opinion (`fast`: no
  readability or jusText pass to compare with), since the declaration is the check
  against a miss. A whole declared body (as long as 80% of the extractor's text) also
  vouches against what the extractor took in besides the story: its paragraphs of
  eight words or more with under 30% of their pairs of words in the declaration (a
  newsletter box, a related story's summary) are left out; headings, tables, lists
  and More-news lines stay. The old layout rules (below) are the fallback when
  neither has prose.
- Never refused for want of confidence: a page with text is imported (when nothing in
  it reads as a story, all its text is the body; when it shows only its summary, the
  summary), nor for metadata no story may hold (`fitting`); when the body came from
  the fallback or is the page's whole text or summary, or the headline is the file's
  name, the story is made a draft and a warning says "uncertain: ..." naming the part,
  so an editor looks before it goes out.

Our rules on top of any candidate (what extractors get wrong for us): "More news:",
"Read more:", "Related:" and "See also:" lines are kept as lines (a link to another
story, resolved or left pending like any More-news line), taken from the page's layout
when the extractor dropped them, at the place they stood; bylines, datelines, the
headline repeated at the foot, a lone date, share and subscribe buttons, copyright
and a wire service's notice, an advertisement's label ("Story continues below"),
photo captions and credits, the page's metadata (a list of its date, section and
comment count; "Updated ..." lines) and a section of other stories at the foot are
taken out (`textpage.assemble`, `textcues`, `furniture`), and so are teaser cards (a
list item holding a headline link and a summary) the extractor read as story; a
paragraph the page repeats back to back is kept as often as the page has it (the
extractor keeps one).

The layout rules: the most specific container the page marks (`itemprop=articleBody`,
a body class, the `<article>` with the most text, `<main>`, `<body>`), with furniture
removed by tag (nav, aside, header, form, figure ...) and by class or id (breadcrumb,
share, ad, promo, related, latest ...), read as blocks in page order.
"""

from __future__ import annotations

import copy
import html as html_entities
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any, TypeAlias
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree, html

from newsroom.core.dates import start_of_day
from newsroom.core.models import SLUG_MAX, Status
from newsroom.core.slugs import SLUG_PATTERN
from newsroom.importing.declared import (
    article_body,
    article_jsonld,
    coverage,
    names,
    plain_blocks,
    types,
    within_declared,
)
from newsroom.importing.engine import Metadata, extract, metadata
from newsroom.importing.fitting import fit, page_time
from newsroom.importing.furniture import (
    is_furniture_line,
    is_page_meta,
    without_other_stories,
    without_trailing_links,
)
from newsroom.importing.headline import choose_headline
from newsroom.importing.model import EntityRef, ParsedStory, SectionRef
from newsroom.importing.page_pictures import mark_page_pictures
from newsroom.importing.textcues import (
    BYLINE,
    MORE_NEWS,
    REFERENCE,
    same_text,
)
from newsroom.importing.textpage import Block, assemble, is_prose
from newsroom.importing.tomarkdown import element_markdown

Element: TypeAlias = html.HtmlElement

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
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Where a comment splits text rather than stands between blocks.
_TEXT_LEVEL = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "figcaption",
    "span", "a", "em", "strong", "b", "i", "u", "q", "cite", "small", "sub", "sup", "time",
    "mark", "abbr", "dd", "dt",
}  # fmt: skip
_STANDFIRST = re.compile(r"standfirst|\bdek\b|subtitle|sub-?headline|summary|\blede\b|intro")


def _meta(doc: Element, key: str) -> str:
    found = doc.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
    return str(found[0]).strip() if found else ""


def _metadata(path: Path, doc: Element, data: dict[str, Any], tz: ZoneInfo) -> ParsedStory:
    story = ParsedStory(path=path, format="html", headline="")
    published = data.get("datePublished") or _meta(doc, "article:published_time")
    modified = data.get("dateModified") or _meta(doc, "article:modified_time")
    if isinstance(published, str) and published:
        story.published_at = page_time(published, tz, "publication date", story.warnings)
    if isinstance(modified, str) and modified:
        story.updated_at = page_time(modified, tz, "date of change", story.warnings)
    authors = names(data.get("author")) or names(_meta(doc, "author"))
    authors = authors or names(_meta(doc, "article:author"))
    story.byline = " and ".join(dict.fromkeys(" ".join(a.split()) for a in authors))
    section = data.get("articleSection") or _meta(doc, "article:section")
    if isinstance(section, list):
        section = section[0] if section else ""
    if isinstance(section, str) and section.strip():
        story.section = SectionRef(section.strip())
    for key in ("about", "mentions"):
        things = data.get(key, [])
        for thing in things if isinstance(things, list) else [things]:
            if isinstance(thing, dict) and names(thing):
                kind = next((_KINDS[t] for t in types(thing) if t in _KINDS), None)
                story.entities.append(EntityRef(names(thing)[0].strip(), kind))
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
        if texts and all(is_page_meta(t) for t in texts):
            return  # the page's date, section and comment count, as a list
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


def _normalise_text(doc: Element) -> None:
    """The page's text without comments inside its paragraphs (a script's markers, `And
    <!-- -->winter`: the extractor drops the text after one), in composed Unicode (NFC:
    "ü" one character, as an editor types it and search finds it, not "u" and a
    combining mark) and without soft hyphens (hints for a browser's line breaking,
    invisible, that split words for search and spelling). In place: the tree is this
    reader's own."""
    # lxml refuses to set a text holding a control character its parser let through,
    # after it removed the old one: such a text is left as the page has it (the reader
    # removes them after, and warns).
    for comment in list(doc.iter(etree.Comment)):
        parent = comment.getparent()
        if parent is not None and parent.tag in _TEXT_LEVEL:
            before = comment.getprevious()
            joined = f"{parent.text if before is None else before.tail}{comment.tail}"
            if not _XML_FORBIDDEN.search(joined):
                comment.drop_tree()  # its tail joins the text before it
    for el in doc.iter():
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value and not value.isascii() and not _XML_FORBIDDEN.search(value):
                clean = unicodedata.normalize("NFC", value.replace("\u00ad", ""))
                if clean != value:
                    setattr(el, attr, clean)


def read_html_page(path: Path, doc: Element, tz: ZoneInfo) -> ParsedStory:
    """Any HTML news page as a story (see the module notes for which source is trusted
    for what). Headline empty when none could be found, body empty when no text was."""
    _normalise_text(doc)
    declared = article_jsonld(doc)  # parsed once: a page's JSON can be most of its bytes
    story = _metadata(path, doc, declared, tz)
    extracted = extract(doc, story.url, fast=bool(article_body(declared)))
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
            story.published_at = page_time(str(times[0]), tz, "time", story.warnings)
    marked_standfirst = [
        el
        for el in container.xpath(".//*[@class]")
        if _STANDFIRST.search(el.get("class", "")) and el.tag in ("p", "div", "h2")
    ]
    story.headline = choose_headline(doc, declared, container)
    layout: list[Block] = []
    _blocks(container, layout)
    # The page read by its layout alone: the headline, date and byline its text shows
    # where it declares none, and what stands above the headline (furniture).
    probe = ParsedStory(path=path, format="html", headline=story.headline)
    assemble(layout, probe, tz, lenient=True)
    story.headline = story.headline or probe.headline
    story.byline = story.byline or probe.byline
    story.published_at = story.published_at or probe.published_at
    if not (story.headline and story.byline and story.published_at and story.section):
        _fill_in(story, metadata(doc, story.url), tz)
    above = _above_story(layout, probe)
    blocks, uncertain = _choose_body(extracted, article_body(declared), layout, _teasers(doc))
    description = story.standfirst
    story.standfirst = ""
    if marked_standfirst:
        story.standfirst = " ".join(marked_standfirst[0].text_content().split())
    kept = [b for b in blocks if not is_furniture_line(b) and b.text not in above]
    kept = without_trailing_links(without_other_stories(kept))
    assemble(_without_foot_headline(kept, story.headline), story, tz, lenient=True)
    if not story.body and any(not b.heading for b in layout):
        # Nothing read as a story: what text the page has is the best candidate.
        story.body = [b.markdown for b in layout if not b.heading]
        if any(same_text(b.text, story.headline) for b in layout if not b.heading):
            story.headline = ""  # the only line was taken for the headline
        uncertain.append("the story text (all the page's text: nothing read as a story)")
    if not story.body and (story.standfirst or description):
        # Only the summary shows (the rest behind a paywall, a video's page): it is the text.
        story.body = [b.markdown for b in plain_blocks(story.standfirst or description)]
        story.standfirst = ""
        uncertain.append("the story text (the page shows only its summary)")
    if not story.headline.strip() and story.body:
        story.headline = path.stem.replace("-", " ").replace("_", " ")
        uncertain.append("the headline (the page names none; taken from its file name)")
    story.slug = _slug_from_url(story.url)
    body_text = " ".join(b for b in story.body if isinstance(b, str))
    if not story.standfirst and description and not _starts_body(description, body_text):
        story.standfirst = description
    uncertain += fit(story)
    if uncertain:
        story.status = Status.DRAFT.value
        story.warnings.append(f"uncertain: {'; '.join(uncertain)}; imported as a draft")
    mark_page_pictures(path, doc, story)
    return story


def _fill_in(story: ParsedStory, found: Metadata, tz: ZoneInfo) -> None:
    """What the page declares nowhere we read, from what the extractor read of it."""
    story.headline = story.headline or found.title
    story.byline = story.byline or _authors(found.author)
    if not story.published_at and found.day is not None:
        story.published_at = start_of_day(found.day, tz)
    if story.section is None and found.categories:
        story.section = SectionRef(found.categories[0].strip())


_COVERED = 0.7  # the share of a declared articleBody the extractor must hold
_STORY_MIN = 100  # words of prose that make a story besides teaser cards


# Where a byline line runs on into its time stamp: "JANE DOE Updated 4:12 PM EST".
_BYLINE_END = re.compile(
    r"\s(?:updated|published|posted|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b.*|\s*\d.*",
    re.IGNORECASE,
)
_MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"}  # fmt: skip


def _authors(names: str) -> str:
    """The extractor's author list ("A; B") as a byline ("A and B"), without the time
    stamp the page's byline line ran on into ("KXYZ Staff Thursday; March 2")."""
    cut = (_BYLINE_END.sub("", n).strip(" ,|-") for n in names.split(";"))
    kept = (n for n in cut if n and n.casefold() not in _MONTH_NAMES)
    return " and ".join(dict.fromkeys(kept))


def _above_story(layout: list[Block], probe: ParsedStory) -> set[str]:
    """The texts of the short layout blocks above the story's first paragraph (site
    name, menus, the masthead date): never part of the body, wherever they turn up."""
    first = next((p for p in probe.body if isinstance(p, str)), None)
    above: set[str] = set()
    for block in layout:
        if block.markdown == first:
            return above
        if not is_prose(block.text):
            above.add(block.text)
    return set()


def _without_foot_headline(blocks: list[Block], headline: str) -> list[Block]:
    """`blocks` without the headline where it first stands below most of the story's
    prose (a share box, a list of links that names the story itself): `assemble` would
    take everything above a headline for the page's furniture."""
    at = next((i for i, b in enumerate(blocks) if same_text(b.text, headline)), None)
    if at is None or not headline:
        return blocks
    before, after = (
        sum(len(b.text.split()) for b in part if is_prose(b.text))
        for part in (blocks[:at], blocks[at + 1 :])
    )
    if before <= after:
        return blocks
    return [b for b in blocks if not same_text(b.text, headline)]


def _teasers(doc: Element) -> set[str]:
    """The texts of the page's teaser cards: a paragraph in a list item that also holds a
    link of its own (a headline linking to another story, and its summary). Not one the
    page also has outside a card: a card that quotes the story's own first paragraph
    (the story's teaser in a list of the day's news) leaves the story whole."""
    cards: set[str] = set()
    others: set[str] = set()
    for p in doc.iter("p"):
        item = next(p.iterancestors("li"), None)
        card = item is not None and any(
            a.get("href") and p not in a.iterancestors() for a in item.iter("a")
        )
        (cards if card else others).add(" ".join(p.text_content().split()))
    return cards - others


def _without_teasers(extracted: Element, teasers: set[str]) -> Element:
    """The extractor's text without teaser cards (a stream of other stories under the
    story reads like more story to it): their summaries, and the list items that held
    them with their headline links; unless that leaves no story (a section's front
    page: its teasers are its text)."""
    trimmed = copy.deepcopy(extracted)
    for p in list(trimmed.iter("p")):
        if " ".join(p.text_content().split()) in teasers:
            card = next(p.iterancestors("li"), None)
            (p if card is None else card).drop_tree()
    for listing in list(trimmed.iter("ul", "ol")):
        if not len(listing):
            listing.drop_tree()
    rest: list[Block] = []
    _blocks(trimmed, rest)
    story = sum(len(b.text.split()) for b in rest if is_prose(b.text))
    return trimmed if story >= _STORY_MIN else extracted


def _choose_body(
    extracted: Element | None, declared: str, layout: list[Block], teasers: set[str]
) -> tuple[list[Block], list[str]]:
    """The body's blocks by the rules of the module notes, with More-news lines from the
    layout put back where they stood; and what was uncertain (for the warning)."""
    engine: list[Block] = []
    if extracted is not None:
        _blocks(_without_teasers(extracted, teasers) if teasers else extracted, engine)
    paragraphs = _declared_blocks(declared)
    words = " ".join(b.text for b in paragraphs)
    if paragraphs and (
        coverage(engine, words) < _COVERED or 2 * len(engine) < len(paragraphs)
    ):  # missed most of it, or ran its paragraphs together
        chosen = paragraphs
    elif any(is_prose(b.text) for b in engine):
        chosen = engine
    else:
        prose = any(is_prose(b.text) for b in layout)
        why = "the story text (found by the page's layout, not by the extractor)"
        return [_as_reference(b) for b in layout], [why] if prose else []
    if chosen is engine:
        chosen = _with_repeats(within_declared(engine, words), layout)
    return _with_references(chosen, layout), []


def _with_repeats(chosen: list[Block], layout: list[Block]) -> list[Block]:
    """`chosen` with the paragraphs the page repeats back to back as often as it does.
    The extractor keeps one of a run of identical paragraphs (its guard against a page
    read twice); a repeat with other prose between (a pull quote, a page printing the
    story twice) is left to it."""
    runs: Counter[str] = Counter()
    previous = ""
    for block in layout:
        if not is_prose(block.text):
            continue
        if block.text == previous:
            runs[block.text] += 1
        previous = block.text
    if not runs:
        return chosen
    out: list[Block] = []
    for i, block in enumerate(chosen):
        out.append(block)
        following = chosen[i + 1].text if i + 1 < len(chosen) else ""
        if block.text in runs and following != block.text:
            have = sum(b.text == block.text for b in chosen)
            out += [block] * max(0, runs.pop(block.text) + 1 - have)
    return out


# A declared body written as HTML (some sites put their page's markup in articleBody).
_MARKUP = re.compile(
    r"</?(?:p|br|div|a|h[1-6]|ul|ol|li|strong|em|b|i|span|blockquote)\b[^>]*>", re.I
)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)


def _declared_blocks(text: str) -> list[Block]:
    """A declared body as blocks: read as HTML when it is markup (its tags and entities
    are no words of the story), else as plain text with its entities resolved."""
    if _MARKUP.search(text):
        try:
            fragment = html.fragment_fromstring(text, create_parent="div")
        except (etree.ParserError, ValueError):  # no element in it after all
            return []
        blocks: list[Block] = []
        _blocks(fragment, blocks)
        return blocks
    return plain_blocks(html_entities.unescape(text) if _ENTITY.search(text) else text)


def _as_reference(block: Block) -> Block:
    """A "Read more: X" line as a More-news line; any other block unchanged."""
    match = REFERENCE.match(block.text)
    if match is None or MORE_NEWS.match(block.text):
        return block
    text = f"More news: {match['rest']}"
    return replace(block, text=text, markdown=text)


def _with_references(chosen: list[Block], layout: list[Block]) -> list[Block]:
    """`chosen` with the layout's reference lines it lacks, each placed after the block
    that came before it in the layout (at the end when that one is not in `chosen`)."""
    out = [_as_reference(b) for b in chosen]
    have = {" ".join(b.text.split()).casefold() for b in out}
    previous = ""
    for block in layout:
        ref = _as_reference(block)
        key = " ".join(ref.text.split()).casefold()
        if (ref is not block or MORE_NEWS.match(block.text)) and key not in have:
            at = next(
                (i + 1 for i, b in enumerate(out) if previous and same_text(b.text, previous)),
                len(out),
            )
            out.insert(at, ref)
            have.add(key)
        if is_prose(block.text) or ref is not block:
            previous = ref.text
    return out


def _slug_from_url(url: str | None) -> str | None:
    """The last part of the page's address, when it reads as a slug ("talks-stall.html"),
    so a re-import of the same page matches on slug and date; not one longer than a
    slug may be (the story then gets one made from its headline)."""
    if not url:
        return None
    stem = PurePosixPath(urlsplit(url).path).stem.lower()
    usable = SLUG_PATTERN.match(stem) and len(stem) <= SLUG_MAX
    return stem if usable and not stem.isdigit() and stem != "index" else None


def _starts_body(description: str, body: str) -> bool:
    """A description that only repeats the start of the body is no standfirst."""
    words = re.sub(r"[\\*_`]", "", description).rstrip(".…").split()[:12]
    return " ".join(words) in " ".join(re.sub(r"[\\*_`]", "", body).split())
