"""Story bodies from Markdown to safe HTML, with the More-news line.

`render_body` is the one way a body becomes HTML, for the editor's preview and for the
exporter alike, so both show the same thing. What a caller must know:

- A line that is exactly a More-news token (`newsroom.text.morenews.TOKEN_RE`) becomes
  a paragraph of its own, `More news: <headline>`, wherever it stands: the same lines
  `target_uids` reads when the links are saved, so what is rendered is what is stored.
  The headline is asked of `resolve` at render time, so a renamed story shows its new
  headline; a token `resolve` cannot place is left out and reported in `missing`.
- Raw HTML in a body is allowed through Markdown and then sanitised with nh3 against a
  short allow-list (no scripts, event handlers, styles, images, `javascript:`/`data:`
  links). Only that sanitised result is marked safe (`markupsafe.Markup`), without
  the characters XML can not hold (`strip_not_xml`): the templates write bodies and
  pictures made here as they are, without looking inside them again.
- Every text block gets `dir="auto"`, so an Arabic or Hebrew paragraph reads right to
  left inside an English page. Authors cannot set `dir` or `class` themselves.
- An image of the media library, `![alt](media:<id> "caption")` (`text.media_refs`),
  becomes a block of its own. Without `images` it is a placeholder that names the
  image (so a rendered body can be cached whatever the pictures' files and text);
  `fill_figures` (or `images` given to `render_body`) turns each into the HTML
  `images(ref)` gives (a `<figure>`: `publish.images.figure`, for the export and the
  preview alike), sanitised on its own against a picture allow-list (figure,
  picture, source, img with srcset, sizes, width, height, loading) after the body is
  sanitised: an author's own `<img>` or `<picture>` in the body stays refused. A
  reference `images` cannot place is left out and reported.
- Markdown `#` headings become h2 (the page's h1 is the headline); h5/h6 become h4.
- A `<!--`, `<style>`, `<script>` ... that is never closed is shown as text rather
  than hiding the rest of the story. An unclosed block tag such as `<div>` still makes
  the rest of the body raw HTML (plain, unformatted text), as in any Markdown.
- Python-Markdown is quadratic on some inputs (upstream issue #798): a paste of
  300 KB of `[` would take hours. The guards below turn such a block into plain text
  and remove a quadratic path, so time grows with the length of the body: a 2 MB
  story of ordinary prose renders in about a second, 2 MB crafted to be dense with
  markup in under a minute. Call it off the UI thread all the same.

Pure: no SQL, no Qt; one `markdown.Markdown` per thread, `reset()` before each
document, so it is safe in threads.
"""

from __future__ import annotations

import html as html_module
import re
import secrets
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from newsroom.text.controls import strip_not_xml
from newsroom.text.media_refs import REF_RE, MediaRef, parse
from newsroom.text.morenews import TOKEN_RE, line_of

MORE_NEWS_CLASS = "more-news"


@dataclass(frozen=True)
class LinkTarget:
    """Where a More-news token points now: the target's current headline and address."""

    headline: str
    href: str


@dataclass(frozen=True)
class RenderedBody:
    """Sanitised body HTML, the uids rendered as links and those that could not be.

    Both tuples are in body order and keep repeats, like `target_uids`.
    """

    html: Markup
    links: tuple[str, ...]
    missing: tuple[str, ...]
    pending: tuple[str, ...] = ()  # the headlines pending lines wait for
    missing_images: tuple[int, ...] = ()  # media ids left out (`images` gave no HTML)


Resolver = Callable[[str], LinkTarget | None]
ImageRenderer = Callable[[MediaRef], str | None]
"""The HTML of one media reference (a `<figure>`), or None to leave it out."""

# --- sanitising -------------------------------------------------------------------

# Our More-news paragraphs carry this class until the sanitiser swaps it for
# MORE_NEWS_CLASS; any class an author writes is dropped. The secret is per process and
# never reaches the output, so a body cannot forge a More-news line.
_OUR_CLASS = f"{MORE_NEWS_CLASS}-{secrets.token_hex(8)}"
# Python-Markdown marks its stash with STX/ETX; keep them out of what we stash.
_NO_STASH_MARKS = str.maketrans("", "", "\x02\x03")

_TEXT_BLOCKS = ("p", "li", "blockquote", "h2", "h3", "h4", "figcaption", "th", "td")
_TAGS = {
    *_TEXT_BLOCKS,
    *("a", "em", "strong", "ul", "ol", "br", "hr", "code", "pre"),
    *("q", "cite", "abbr", "sub", "sup", "figure"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr"),
}
_ALIGN = {"left", "right", "center"}


def _keep_our_class(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return MORE_NEWS_CLASS if tag == "p" and value == _OUR_CLASS else None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    # Removed with their content, not just unwrapped: their text is code or styling.
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "svg"},
    attributes={
        "a": {"href", "title"},
        "abbr": {"title"},
        "ol": {"start"},
        "p": {"class"},
        "th": {"colspan", "rowspan", "scope"},
        "td": {"colspan", "rowspan"},
    },
    tag_attribute_values={"th": {"align": _ALIGN}, "td": {"align": _ALIGN}},
    attribute_filter=_keep_our_class,
    # Any `dir` an author wrote is not allowed above, so it is gone; this sets ours.
    set_tag_attribute_values={tag: {"dir": "auto"} for tag in _TEXT_BLOCKS},
    url_schemes={"http", "https", "mailto"},  # relative URLs pass; others are dropped
    link_rel="noopener noreferrer",
    strip_comments=True,
)

# Pictures: only ever the HTML our `ImageRenderer`s make, sanitised on their own and
# spliced in after the body is sanitised (see `fill_figures`).
_PICTURE_TAGS = {"figure", "picture", "source", "img", "figcaption", "span"}


def _picture_class(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        allowed = {"figure": {"image", "image lead"}, "span": {"credit"}}
        return value if value in allowed.get(tag, ()) else None
    return value


_PICTURE_CLEANER = nh3.Cleaner(
    tags=_PICTURE_TAGS,
    clean_content_tags={"script", "style"},
    attributes={
        "figure": {"class"},
        "source": {"type", "srcset", "sizes", "width", "height"},
        "img": {
            "src",
            "srcset",
            "sizes",
            "alt",
            "width",
            "height",
            "loading",
            "decoding",
            "fetchpriority",
        },
        "span": {"class"},
    },
    attribute_filter=_picture_class,
    set_tag_attribute_values={"figcaption": {"dir": "auto"}},
    url_schemes={"http", "https"},  # relative URLs pass; `data:` and the like do not
    link_rel=None,
    strip_comments=True,
)


def clean_picture(html: str) -> Markup:
    """A picture's HTML (see `ImageRenderer`) sanitised against the picture allow-list:
    for a figure shown outside the body (the lead image)."""
    return Markup(strip_not_xml(_PICTURE_CLEANER.clean(html)))


_FIGURE_MARK = f"newsroom-figure-{secrets.token_hex(8)}-"
_FIGURE_SLOT = re.compile(rf"<p[^>]*>{_FIGURE_MARK}([0-9]+)</p>")

# --- the More-news line -----------------------------------------------------------


@dataclass
class _MoreNewsFindings:
    """What one render learnt about its More-news tokens."""

    resolve: Resolver
    links: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    targets: dict[str, LinkTarget | None] = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)  # media placeholders, by slot


class _MediaLines(Preprocessor):
    """Put each media reference in a block of its own: a slot that becomes the
    reference's placeholder (see `fill_figures`) once the body is sanitised. Text
    beside a reference on its line stays, as paragraphs before and after it."""

    def __init__(self, md: markdown.Markdown, extension: _NewsroomExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if "](media:" not in line or REF_RE.search(line) is None:
                out.append(line)
                continue
            found = self.extension.found
            at = 0
            for ref in parse(line):
                before = line[at : ref.start]
                if before.strip():
                    out.extend((before, ""))
                at = ref.end
                found.figures.append(_placeholder(ref))
                slot = f"<p>{_FIGURE_MARK}{len(found.figures) - 1}</p>"
                out.extend(("", self.md.htmlStash.store(slot), ""))
            if line[at:].strip():
                out.append(line[at:])
        return out


def _placeholder(ref: MediaRef) -> str:
    """What a reference is in a rendered body until `fill_figures` puts the picture in:
    deterministic, so a rendered body can be cached, and unforgeable, because the
    sanitiser strips every `data-` attribute an author writes."""
    return (
        f'<figure data-newsroom-media="{ref.media_id}" data-alt="{escape(ref.alt)}" '
        f'data-caption="{escape(ref.caption)}"></figure>'
    )


_PLACEHOLDER = re.compile(
    r'<figure data-newsroom-media="([0-9]+)" data-alt="([^"]*)" data-caption="([^"]*)"></figure>'
)


def fill_figures(html: str, images: ImageRenderer | None) -> tuple[Markup, tuple[int, ...]]:
    """Put the pictures into a rendered body: each media placeholder becomes the HTML
    `images(ref)` gives, sanitised against the picture allow-list, or nothing when it
    gives None (or without `images`). Returns the HTML and the ids left out."""
    missing: list[int] = []

    def fill(match: re.Match[str]) -> str:
        ref = MediaRef(
            int(match.group(1)),
            html_module.unescape(match.group(2)),
            html_module.unescape(match.group(3)),
            0,
            0,
        )
        made = images(ref) if images is not None else None
        if made is None:
            missing.append(ref.media_id)
            return ""
        return strip_not_xml(_PICTURE_CLEANER.clean(made))

    if "data-newsroom-media" not in html:
        return Markup(html), ()
    return Markup(_PLACEHOLDER.sub(fill, html)), tuple(missing)


def media_placeholders(html: str) -> tuple[int, ...]:
    """The ids of the images a rendered body shows (its placeholders), in body order."""
    return tuple(int(m.group(1)) for m in _PLACEHOLDER.finditer(html))


class _MoreNewsLines(Preprocessor):
    """Replace each token line by a stashed More-news paragraph (or by nothing)."""

    def __init__(self, md: markdown.Markdown, extension: _NewsroomExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            match = TOKEN_RE.fullmatch(line)
            if match is None:
                out.append(line)
                continue
            found = self.extension.found
            more = line_of(match)
            if more.uid is None:
                found.pending.append(more.hint)
                out.append("")
                continue
            uid = more.uid
            if uid not in found.targets:
                found.targets[uid] = found.resolve(uid)
            target = found.targets[uid]
            if target is None:
                found.missing.append(uid)
                out.append("")
                continue
            found.links.append(uid)
            out.extend(("", self.md.htmlStash.store(_more_news_html(target)), ""))
        return out


def _more_news_html(target: LinkTarget) -> str:
    headline = escape(target.headline.translate(_NO_STASH_MARKS))
    href = escape(target.href.translate(_NO_STASH_MARKS))
    return f'<p class="{_OUR_CLASS}">More news: <a href="{href}">{headline}</a></p>'


# --- raw HTML that would swallow the rest of the story ------------------------------

# Elements whose content the sanitiser drops or reads as raw text: one left open would
# take every paragraph after it down with it. (`plaintext` never closes at all; an
# unclosed `<!--` Python-Markdown already writes as text.)
_SWALLOWERS = (
    "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|template|svg|math|object"
)
_OPENERS = re.compile(rf"<({_SWALLOWERS}|plaintext)(?=[\s/>])", re.IGNORECASE)
_CLOSERS = re.compile(rf"</({_SWALLOWERS})(?=[\s/>])", re.IGNORECASE)


def _defuse_unclosed(text: str) -> str:
    """Write `<style`, `<script` ... as text when nothing after them closes them.

    Closed ones are left to the sanitiser, which removes them; an unclosed one would
    silently hide the rest of the story from the page. (In a code block, such an
    unclosed opener would show as `&lt;style`; a price worth paying.)
    """
    if _OPENERS.search(text) is None:
        return text
    last_close = {match.group(1).lower(): match.start() for match in _CLOSERS.finditer(text)}

    def defuse(match: re.Match[str]) -> str:
        closed = last_close.get(match.group(1).lower(), -1) > match.start()
        return match.group() if closed else "&lt;" + match.group()[1:]

    return _OPENERS.sub(defuse, text)


class _UnclosedTags(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return _defuse_unclosed("\n".join(lines)).split("\n")


# --- keeping Python-Markdown's worst cases in check --------------------------------

# Characters where an inline pattern (or smarty) can match; each match rebuilds the
# paragraph's text, so the work in one block grows with matches x length.
_INLINE_MARKS = re.compile(r"[*_`\[<&\\'\"]|--|\.\.\.|  \n")
_MAX_INLINE_WORK = 1_000_000_000  # marks x length; a 50 KB table of links is ~1/4 of it
# Python-Markdown reads from every `[` to its `]`, or to the end of the block.
_BRACKETS = re.compile(r"[\[\]]")
_MAX_BRACKET_READS_PER_CHAR = 8  # a paragraph with 8 unclosed `[` is already odd


def _bracket_reads(text: str) -> int:
    """Characters the link patterns read in `text`: from each `[` to its match or the end."""
    opened: list[int] = []
    reads = 0
    for match in _BRACKETS.finditer(text):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            reads += match.start() - opened.pop()
    return reads + sum(len(text) - start for start in opened)


def _too_costly(text: str) -> bool:
    """True for a block no story has but a paste can: a flood of `[` or of markup."""
    marks = _INLINE_MARKS.subn("", text)[1]
    if marks * len(text) > _MAX_INLINE_WORK:
        return True
    return _bracket_reads(text) > _MAX_BRACKET_READS_PER_CHAR * len(text)


class _CostlyBlocks(Preprocessor):
    """Show a block that would take minutes to parse as plain text instead."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] = []
        for line in [*lines, ""]:
            if line.strip():
                block.append(line)
                continue
            text = "\n".join(block)
            if block and _too_costly(text):
                stashed = self.md.htmlStash.store(
                    f"<p>{escape(text.translate(_NO_STASH_MARKS))}</p>"
                )
                out.extend((stashed, ""))
            else:
                out.extend((*block, line))
            block = []
        out.pop()  # the blank line added above
        return out


class _BlockQueue(deque[str]):
    """The block parser's to-do list; it takes blocks off the front with `pop(0)`,
    which on a list costs the whole list each time (quadratic in paragraphs)."""

    def pop(self, index: int = -1) -> str:
        if index == 0:
            return self.popleft()
        if index == -1:
            return super().pop()
        value = self[index]
        del self[index]
        return value


class _QueuedBlocks(BlockProcessor):
    """First in line for every block: a plain list of blocks (the document's, or a
    list, quote or other nested chunk's) is parsed again as a `_BlockQueue`, and the
    list left empty so the parser's loop over it ends. On a queue it steps aside.

    Through `BlockParser.parseBlocks`, the public way an extension parses nested blocks,
    so a Python-Markdown upgrade cannot silently bypass it; rendering is unchanged
    (tests/text/test_markdown.py renders the demo and the test corpora both ways).
    """

    def test(self, parent: Element, block: str) -> bool:
        return True

    def run(self, parent: Element, blocks: list[str]) -> bool:
        if isinstance(blocks, _BlockQueue):
            return False  # already queued: the other processors take the block
        queue = _BlockQueue(blocks)
        blocks.clear()
        self.parser.parseBlocks(parent, queue)  # type: ignore[arg-type]
        return True


# --- putting it together ----------------------------------------------------------

_HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}


class _HeadingLevels(Treeprocessor):
    """Keep Markdown headings inside h2-h4: the page's h1 is the headline."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            element.tag = _HEADING_LEVELS.get(element.tag, element.tag)


class _NewsroomExtension(Extension):
    def __init__(self, found: _MoreNewsFindings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.found = found

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After whitespace is normalised (30), before raw HTML blocks are stashed (20),
        # so a token line counts wherever it stands, exactly as `target_uids` sees it.
        md.preprocessors.register(_MoreNewsLines(md, self), "newsroom_more_news", 25)
        md.preprocessors.register(_MediaLines(md, self), "newsroom_media", 24.5)
        md.preprocessors.register(_CostlyBlocks(md), "newsroom_costly_blocks", 24)
        md.preprocessors.register(_UnclosedTags(md), "newsroom_unclosed_tags", 23)
        md.treeprocessors.register(_HeadingLevels(md), "newsroom_heading_levels", 5)
        # Before every block processor (the first of Python-Markdown's is at 100).
        md.parser.blockprocessors.register(_QueuedBlocks(md.parser), "newsroom_queued", 1000)


_local = threading.local()


def _converter() -> tuple[markdown.Markdown, _NewsroomExtension]:
    """One Markdown instance per thread, `reset()` before each document (as Pelican
    does): building one costs about a third of rendering a story."""
    cached = getattr(_local, "converter", None)
    if cached is None:
        extension = _NewsroomExtension(_MoreNewsFindings(lambda uid: None))
        md = markdown.Markdown(
            # No "smarty": it doubles the rendering time of a story (measured: 1.8 ms
            # against 0.9 ms for a 4,000-character body), and editors type their quotes.
            extensions=[extension, "sane_lists", "tables"],
            extension_configs={"tables": {"use_align_attribute": True}},
            output_format="html",
        )
        cached = _local.converter = (md, extension)
    return cached


def render_body(
    body: str, resolve: Resolver, *, images: ImageRenderer | None = None
) -> RenderedBody:
    """Render a story body to sanitised HTML; `resolve(uid)` places More-news links,
    `images(ref)` gives the HTML of each media reference (see the module notes).

    `resolve` is called once per distinct uid (lower case), in body order.
    """
    found = _MoreNewsFindings(resolve)
    md, extension = _converter()
    md.reset()
    extension.found = found
    raw = md.convert(body)
    html = _CLEANER.clean(raw)
    if found.figures:
        html = _FIGURE_SLOT.sub(lambda m: found.figures[int(m.group(1))], html)
    html = strip_not_xml(html)  # (after the figures: their placeholders hold alt and caption)
    missing_images: tuple[int, ...] = ()
    if found.figures and images is not None:
        html, missing_images = fill_figures(html, images)
    return RenderedBody(
        html=Markup(html),
        links=tuple(found.links),
        missing=tuple(found.missing),
        pending=tuple(found.pending),
        missing_images=missing_images,
    )
