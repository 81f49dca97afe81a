"""From paths to parsed stories: which files to read, and which reader reads each.

Folders are walked recursively in name order (hidden files and folders skipped) for
files whose suffix says story (`.md .markdown .mdown .mkd .txt .text .html .htm
.xhtml`) or feed (`.xml`); a file named on the command line is read whatever its
suffix. Each file is then sniffed: HTML (a Newsroom export page or any news page),
Markdown with front matter, or plain text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree, html

from newsroom.core.errors import ValidationError
from newsroom.importing import newsroom_site
from newsroom.importing.encodings import MAX_BYTES, Refused, read_text
from newsroom.importing.frontmatter import has_front_matter, read_markdown
from newsroom.importing.htmlpage import read_html_page
from newsroom.importing.model import ParsedStory, SiteInfo
from newsroom.importing.textpage import read_text_page

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
STORY_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES | {".xml"}
# Files a site folder holds beside its pages that are never stories.
NOT_STORIES = {"robots.txt", "humans.txt", "ads.txt", "security.txt", "sitemap.xml"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_LOOKS_HTML = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


@dataclass(frozen=True)
class NotAStory:
    """A file that is read for what it tells (a feed, a listing page) or not at all."""

    reason: str


def collect(paths: Iterable[Path]) -> list[Path]:
    """Every file to read under `paths`, absolute, each once, in a stable order.

    A path that does not exist is kept: reading it reports it.
    """
    found: dict[Path, None] = {}
    for path in paths:
        path = path.expanduser().absolute()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if (
                        not name.startswith(".")
                        and name.lower() not in NOT_STORIES
                        and Path(name).suffix.lower() in STORY_SUFFIXES
                    ):
                        found[Path(root, name)] = None
        else:
            found[path] = None
    return list(found)


def read_file(
    path: Path, tz: ZoneInfo, site: SiteInfo, *, max_bytes: int = MAX_BYTES
) -> ParsedStory | NotAStory:
    """Read one file; `Refused` (with the reason) for one that is no readable story."""
    if not path.exists():
        raise Refused("no such file or folder")
    if not path.is_file():
        raise Refused("not a regular file")
    text = read_text(path, max_bytes=max_bytes).text
    try:
        story = _read_story(path, text, tz, site)
    except ValidationError as exc:  # e.g. a date out of range: this file fails, not all
        raise Refused(exc.message) from exc
    if isinstance(story, ParsedStory) and not story.headline.strip():
        raise Refused("no headline found")
    if isinstance(story, ParsedStory) and story.format in ("html", "text") and not story.body:
        raise Refused("no story text found under the headline")
    return story


def _read_story(path: Path, text: str, tz: ZoneInfo, site: SiteInfo) -> ParsedStory | NotAStory:
    suffix = path.suffix.lower()
    if suffix == ".xml" or (text.lstrip().startswith("<?xml") and "<feed" in text[:2000]):
        if newsroom_site.read_feed(path, text, site):
            return NotAStory("a feed (read for the stories' ids)")
        return NotAStory("an XML file, not a story")
    if suffix in HTML_SUFFIXES or _LOOKS_HTML.match(text):
        story: ParsedStory | NotAStory = _read_html(path, text, tz, site)
    elif suffix in MARKDOWN_SUFFIXES or has_front_matter(text):
        story = read_markdown(path, text, tz)
    else:
        story = read_text_page(path, text, tz)
    return story


def _read_html(path: Path, text: str, tz: ZoneInfo, site: SiteInfo) -> ParsedStory | NotAStory:
    try:
        doc = html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise Refused(f"it is not readable HTML ({exc})") from exc
    if newsroom_site.is_newsroom_page(doc):
        if newsroom_site.is_story_page(doc):
            return newsroom_site.read_story_page(path, doc, site, tz)
        newsroom_site.read_site_furniture(path, doc, site)
        return NotAStory("a Newsroom listing page (read for sections and entities)")
    return read_html_page(path, doc, tz)
