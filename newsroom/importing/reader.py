"""From paths to parsed stories: which files to read, and which reader reads each.

Folders are walked recursively in name order (hidden files and folders skipped, and a
saved page's `<page>_files` folder: its pictures are the page's) for
files whose suffix says story (`.md .markdown .mdown .mkd .txt .text .html .htm
.xhtml`) or feed (`.xml`); a file named on the command line is read whatever its
suffix. Each file is then sniffed: HTML (a Newsroom export page or any news page),
Markdown with front matter, or plain text.

Symbolic links inside a folder are followed only where they stay inside it: a folder
given to the import is what the user vouches for, and a link in it to `/etc/shadow` or
to a home folder must not bring that file into the newsroom (issue 12). A link that
leads out is not followed and is reported as such; a link to a folder inside is not
followed either (its files are read where they are, once).
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
from newsroom.importing.model import EntityRef, MoreNewsRef, ParsedStory, SectionRef, SiteInfo
from newsroom.importing.page_pictures import is_files_folder
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


@dataclass(frozen=True)
class Collected:
    files: list[Path]  # to read, absolute, each once, in a stable order
    refused: list[tuple[Path, str]]  # links not followed, with the reason


def collect(paths: Iterable[Path]) -> Collected:
    """Every file to read under `paths`, and the links in folders that were not
    followed (see the module notes). A path that does not exist is kept: reading it
    reports it. A file named directly is read even when it is a link: the user named it.
    """
    found: dict[Path, None] = {}
    refused: list[tuple[Path, str]] = []
    for path in paths:
        path = path.expanduser().absolute()
        if not path.is_dir():
            found[path] = None
            continue
        root = path.resolve()
        for folder, dirs, files in os.walk(path):  # never descends into linked folders
            here = Path(folder)
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and not is_files_folder(here / d)
            )
            for name in list(dirs):
                if (here / name).is_symlink():
                    dirs.remove(name)
                    _check_link(here / name, root, path, "folder", refused)
            for name in sorted(files):
                if (
                    name.startswith(".")
                    or name.lower() in NOT_STORIES
                    or Path(name).suffix.lower() not in STORY_SUFFIXES
                ):
                    continue
                file = here / name
                if not file.is_symlink() or _check_link(file, root, path, "file", refused):
                    found[file] = None
    return Collected(list(found), refused)


def _check_link(
    link: Path, root: Path, given: Path, what: str, refused: list[tuple[Path, str]]
) -> bool:
    """True for a link that stays inside `root`; else note it in `refused`."""
    target = link.resolve()
    if target == root or root in target.parents:
        return True
    refused.append((link, f"not followed: a link to a {what} outside {given} ({target})"))
    return False


def read_file(
    path: Path, tz: ZoneInfo, site: SiteInfo, *, max_bytes: int = MAX_BYTES
) -> ParsedStory | NotAStory:
    """Read one file; `Refused` (with the reason) for one that is no readable story."""
    try:
        return _read_file(path, tz, site, max_bytes=max_bytes)
    except RecursionError as exc:  # a page or header nested past any story's needs
        raise Refused("it is nested too deeply to read") from exc


def _read_file(
    path: Path, tz: ZoneInfo, site: SiteInfo, *, max_bytes: int = MAX_BYTES
) -> ParsedStory | NotAStory:
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
    if isinstance(story, ParsedStory):
        _remove_controls(story)  # foreign text: cleaned here, with a warning
    return story


# C0 and C1 control characters and DEL; tab, line feed and carriage return are kept in
# a body (as line breaks, VT and FF become line feeds) and become spaces in a line.
# The characters `newsroom.text.controls` forbids in stored text, but VT and FF, which
# are line breaks here; core refuses them, an import takes them out and says so.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BREAKS = re.compile(r"[\x0b\x0c\r]")


def _remove_controls(story: ParsedStory) -> None:
    """Take control characters out of everything a story will show: they have no place
    in a headline or a paragraph, and one ESC in a headline can clear an editor's
    terminal when a command prints it (issue 12). Reported as a warning."""
    removed = 0

    def line(text: str) -> str:
        nonlocal removed
        text, n = _CONTROLS.subn("", text)
        removed += n
        text = _BREAKS.sub(" ", text).replace("\t", " ").replace("\n", " ")
        return " ".join(text.split()) if n else text

    def block(text: str) -> str:
        nonlocal removed
        text, n = _CONTROLS.subn("", text)
        removed += n
        return _BREAKS.sub("\n", text)

    story.headline, story.byline = line(story.headline), line(story.byline)
    story.dateline, story.standfirst = line(story.dateline), block(story.standfirst)
    story.slug = line(story.slug) if story.slug is not None else None
    story.uid = line(story.uid) if story.uid is not None else None
    story.url = line(story.url) if story.url is not None else None
    story.body = [
        block(p) if isinstance(p, str) else MoreNewsRef(line(p.headline), line(p.href))
        for p in story.body
    ]
    story.entities = [EntityRef(line(e.name), e.kind, e.slug) for e in story.entities]
    if story.section is not None:
        story.section = SectionRef(line(story.section.name), story.section.slug)
    if removed:
        story.warnings.append(f"{removed} control character(s) removed")


def _read_html(path: Path, text: str, tz: ZoneInfo, site: SiteInfo) -> ParsedStory | NotAStory:
    try:
        doc = html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise Refused(f"it is not readable HTML ({exc})") from exc
    if newsroom_site.is_redirect_page(doc):
        newsroom_site.read_moved_page(path, doc, site)
        return NotAStory("a Newsroom page that moved (an old address)")
    if newsroom_site.is_newsroom_page(doc):
        if newsroom_site.is_story_page(doc):
            return newsroom_site.read_story_page(path, doc, site, tz)
        newsroom_site.read_site_furniture(path, doc, site)
        return NotAStory("a Newsroom listing page (read for sections and entities)")
    return read_html_page(path, doc, tz)
