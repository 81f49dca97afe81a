"""What a saved page declares, fitted to what a story may hold.

A saved page is someone else's, and its metadata can say what no story of ours may: a
"0000-00-00" or "0001-01-01" date (a content system's empty field), a dozen authors
past a byline's length, a keyword written as a sentence, a headline of 400
characters. The article is still worth importing (issue 16: a page that has one is
never refused), so what a story can not hold is cut or left out here, each with a
warning, before the save would fail the page. Only the HTML reader uses it: a
Markdown file's front matter is the editor's own, and a wrong date there is an error
to fix (`core.dates`' one rule), not a page's quirk to work around.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from newsroom.core.dates import parse_iso
from newsroom.core.errors import ValidationError
from newsroom.core.models import HEADLINE_MAX, NAME_MAX
from newsroom.importing.model import ParsedStory
from newsroom.importing.textcues import parse_written_date


def page_time(value: str, tz: ZoneInfo, what: str, notes: list[str]) -> datetime | None:
    """The date-time a page declares as `value` (ISO or written out), None when it is
    none; one no story may have (out of range, a time the clocks skip) is None too,
    with a note saying so in `notes`."""
    try:
        return parse_iso(value, tz) or parse_written_date(value, tz)
    except ValidationError as exc:
        notes.append(f"the page's {what} left out: {exc.message}")
        return None


def fit(story: ParsedStory) -> list[str]:
    """`story`'s headline, byline, section and tags cut or left out to fit what a story
    holds, in place, each with a warning; the parts now uncertain (a headline cut
    short), for the caller's draft warning."""
    uncertain = []
    if len(story.headline) > HEADLINE_MAX:
        story.headline = _cut(story.headline, HEADLINE_MAX)
        uncertain.append(f"the headline (cut to {HEADLINE_MAX} characters)")
    if len(story.byline) > NAME_MAX:
        story.byline = _names_that_fit(story.byline)
        story.warnings.append(f"the byline named more than {NAME_MAX} characters; cut")
    if story.section is not None and len(story.section.name) > NAME_MAX:
        story.warnings.append(f"the section {_cut(story.section.name, 40)!r} is too long; left out")
        story.section = None
    long = [e for e in story.entities if len(e.name) > NAME_MAX]
    if long:
        story.entities = [e for e in story.entities if len(e.name) <= NAME_MAX]
        story.warnings.append(f"{len(long)} tag(s) longer than {NAME_MAX} characters left out")
    return uncertain


def _cut(text: str, limit: int) -> str:
    """`text` cut at a word break to at most `limit` characters, an ellipsis added."""
    head = text[: limit - 1]
    if " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:-") + "…"


def _names_that_fit(byline: str) -> str:
    """The byline's first names that fit in it with " and others"."""
    names = byline.split(" and ")
    tail = " and others"
    kept: list[str] = []
    for name in names:
        if len(", ".join([*kept, name])) + len(tail) > NAME_MAX:
            break
        kept.append(name)
    return ", ".join(kept) + tail if kept else _cut(byline, NAME_MAX)
