"""A news page saved as plain text, and the story-finding rules HTML pages share.

A page copied off a news site reads top to bottom as: site name, masthead date,
"Latest news" and its headlines, a breadcrumb ("Main » <headline>"), the headline,
the date written out, maybe "By <name>", the paragraphs with "More news: <headline>"
lines between them, then share buttons, the headline again, more lists. `assemble`
finds the story in such a run of blocks:

- the headline: the one the page's metadata names, else the end of a breadcrumb,
  else the line just before the first publication date that precedes the body, else
  the first short line; everything above it is furniture;
- right below it, date and byline lines are taken as the date and byline;
- in the body, furniture lines are dropped (share buttons, "Advertisement", the
  headline repeated, a lone date, a breadcrumb, copyright), as is a "Latest news"
  heading with the headline list under it; "More news:" lines become references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from newsroom.core.errors import ValidationError
from newsroom.importing.model import MoreNewsRef, ParsedStory
from newsroom.importing.textcues import (
    BREADCRUMB,
    LATEST,
    MORE_NEWS,
    byline_name,
    is_furniture,
    parse_written_date,
    same_text,
)
from newsroom.importing.tomarkdown import escape_inline, escape_line_starts

_SENTENCE_END = re.compile(r"[.!?…:;\"”’)»]$")
_MD_LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)[^)]*\)$")


@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of a page: its plain text and its Markdown."""

    text: str
    markdown: str
    heading: bool = False  # an h1-h6, or a line on its own that reads like one
    href: str = ""  # the link a "More news:" line points at, if any
    list_item: bool = False


def is_prose(text: str) -> bool:
    """Reads like a body paragraph rather than a headline, label or menu entry."""
    words = len(text.split())
    return words >= 16 or (words >= 6 and bool(_SENTENCE_END.search(text.strip())))


def _headline_index(
    blocks: list[Block], story: ParsedStory, tz: ZoneInfo, lenient: bool
) -> int | None:
    """Where the headline is among `blocks` (see the module notes), or None."""
    if story.headline:
        found = [i for i, b in enumerate(blocks) if same_text(b.text, story.headline)]
        return found[0] if found else None
    for i, block in enumerate(blocks):
        parts = BREADCRUMB.split(block.text)
        if len(parts) > 1 and not is_prose(block.text):
            story.headline = parts[-1].strip()
            following = [
                j for j in range(i + 1, len(blocks)) if same_text(blocks[j].text, parts[-1])
            ]
            return following[0] if following else i
    first_prose = next((i for i, b in enumerate(blocks) if is_prose(b.text)), len(blocks))
    dates = [i for i in range(first_prose) if _date_line(blocks[i].text, tz, lenient)[0]]
    for date_index in reversed(dates):
        for j in range(date_index - 1, -1, -1):
            text = blocks[j].text
            if byline_name(text) or is_furniture(text) or _date_line(text, tz, lenient)[0]:
                continue
            if len(text) <= 300 and not LATEST.match(text):
                story.headline = text
                return j
            break
    headings = [i for i, b in enumerate(blocks[:first_prose]) if b.heading]
    candidates = headings or [i for i in range(first_prose) if not is_furniture(blocks[i].text)]
    if candidates and len(blocks[candidates[0]].text) <= 300:
        story.headline = blocks[candidates[0]].text
        return candidates[0]
    return None


def assemble(
    blocks: list[Block], story: ParsedStory, tz: ZoneInfo, *, lenient: bool = False
) -> None:
    """Fill `story` (headline, date, byline, body) from a page's blocks, in place.

    Metadata already in `story` (from JSON-LD, say) wins over what the text shows. A
    date line no story may have ("1 January 1700") raises ValidationError, unless
    `lenient` (an HTML page, someone else's: `fitting`): then it is a date line that
    gives no date.
    """
    start = _headline_index(blocks, story, tz, lenient)
    i = 0 if start is None else start + 1
    while i < len(blocks):  # the lines under the headline: date, byline, furniture
        text = blocks[i].text
        is_date, when = _date_line(text, tz, lenient)
        name = byline_name(text)
        if is_date:
            story.published_at = story.published_at or when
        elif name is not None:
            story.byline = story.byline or name
        elif not (is_furniture(text) or same_text(text, story.headline)):
            break
        i += 1
    skipping_list = False
    for block in blocks[i:]:
        text = block.text
        if LATEST.match(text):
            skipping_list = True
            continue
        if skipping_list:
            if block.list_item or not is_prose(text):
                continue
            skipping_list = False
        more = MORE_NEWS.match(text)
        if more is not None:
            link = _MD_LINK.match(more["rest"])
            headline = link["text"] if link else more["rest"]
            story.body.append(
                MoreNewsRef(
                    " ".join(headline.split()), block.href or (link["href"] if link else "")
                )
            )
            continue
        if (
            is_furniture(text)
            or same_text(text, story.headline)
            or (not is_prose(text) and _date_line(text, tz, lenient)[0])
            or (
                len(BREADCRUMB.split(text)) > 1
                and same_text(BREADCRUMB.split(text)[-1], story.headline)
            )
        ):
            continue
        story.body.append(block.markdown)


def _date_line(text: str, tz: ZoneInfo, lenient: bool) -> tuple[bool, datetime | None]:
    """Whether `text` is a date written out, and that date (None for one no story may
    have, when `lenient`; else ValidationError)."""
    try:
        when = parse_written_date(text, tz)
    except ValidationError:
        if not lenient:
            raise
        return True, None
    return when is not None, when


def text_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text page: one per line, except that a hard-wrapped paragraph
    (several long lines with no blank line between) is one block."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [" ".join(line.split()) for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        wrapped = len(lines) > 1 and all(50 <= len(line) <= 80 for line in lines[:-1])
        for line in [" ".join(lines)] if wrapped else lines:
            is_heading = not is_prose(line) and not _SENTENCE_END.search(line)
            markdown = escape_inline(line)
            blocks.append(Block(line, escape_line_starts(markdown), heading=is_heading))
    return blocks


def read_text_page(path: Path, text: str, tz: ZoneInfo) -> ParsedStory:
    """A plain-text news page as a story (headline empty when none could be found)."""
    story = ParsedStory(path=path, format="text", headline="")
    assemble(text_blocks(text), story, tz)
    return story
