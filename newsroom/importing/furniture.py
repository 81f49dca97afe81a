"""Page furniture the extractor leaves in a story's body, found by what it says and how
it is built: a list of the page's metadata (its date, section and comment count) at
the top, and a section of links to other stories at the foot ("Other Opinion
Columns" and its teasers); and the lines extractors keep that are no part of a story
(credits, captions, calls to share or subscribe, notices), one by one. The lines a
plain-text save shares with HTML pages (share buttons, "Advertisement") are
`textcues`'.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from newsroom.core.errors import ValidationError
from newsroom.importing.textcues import byline_name, is_furniture, parse_written_date
from newsroom.importing.textpage import Block, is_prose

_UTC = ZoneInfo("UTC")
_CLOCK = r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?"
# An item of a page's metadata list besides a date or byline: the story's section,
# its comment count, when it was updated, its reading time.
_META_ITEM = re.compile(
    r"^(?:from the section\b.{1,60}|(?:\d[\d,.]*k?|no) comments?|comments? \(\d+\)|"
    r"(?:updated|published|posted|first published|last updated)\b.{0,40}\d.{0,20}|"
    r"\d{1,3} min(?:ute)?s? read|"
    # A date or time in figures alone: "23.10.2018", "10/23/2018 4:12 PM EST", "3:59 PM".
    rf"\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}(?:,?\s*{_CLOCK})?|{_CLOCK})$",
    re.IGNORECASE,
)
# The heading of a section of other stories under the story.
_OTHERS = re.compile(
    r"^(?:other|more|related|recommended|latest|popular|trending|"
    r"most (?:read|popular|viewed|shared|watched)|also (?:on|in|from|read)|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested)|read (?:next|more)|"
    r"top stories|editor'?s picks|what to read next|in other news|don'?t miss)\b",
    re.IGNORECASE,
)
# Lines extractors keep that are no part of a story: credits, captions' tails, calls to
# share or subscribe. Only short lines are tested: a paragraph of prose is never one.
_BOILERPLATE = re.compile(
    r"^(?:(?:photo|photograph|picture|image|video|graphic)s?(?: credit)?\s*[:/©]|"
    r"image (?:copyright|caption)|media caption|"
    r"(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletter|updates|email|alerts|free)|"
    r"follow (?:us|me|\w+) on (?:twitter|facebook|instagram|x|google news|whatsapp)\b|"
    r"(?:join|subscribe to) (?:our|the) .{0,40}\b(?:channel|community|group)\b|"
    r"get .{0,40}\b(?:updates|alerts|news) (?:on|via) (?:whatsapp|telegram|google news)\b|"
    r"have a (?:confidential |news )?tip\b|write to .{1,80}\bat \S+@\S+|"
    r"(?:this article )?appeared in the .{0,80}\bprint edition\b|"
    r"video\s+\d{1,2}:\d{2}\b|watch now\W*$|watch\s*:|"
    r"share (?:this|on)\b|click here to\b|download (?:the|our) (?:[\w&'’]+ ){0,5}app\b|"
    # Calls to read, listen or follow elsewhere: "Get Latest World News along with ...",
    # "(Catch all the Business News ...)", "Read the original article on ...".
    r"get (?:the )?latest\b.{0,100}\b(?:news|updates|headlines)\b|"
    r"\(?catch all the\b.{0,80}\bnews\b|read the original article\b|"
    r"continue reading(?: the main story)?\W*$|listen to (?:this|the) (?:article|story)\b|"
    r"(?:loading|please wait)\W*$|"
    r"(?:\w+ ){0,3}(?:getty images|reuters|afp|ap photo|epa)\s*$|"
    r"(?:\w+ ){0,3}newsletter\s*$|"  # a sign-up box's heading: "PC Gamer Newsletter"
    # A wire service's notice under its copy, an advertisement's label in the text.
    r".*\bmay not be (?:re)?published, broadcast, rewritten,? (?:and|or) redistributed\b|"
    r".*\ball rights reserved\.?\s*$|"
    r"our standards\s*:|"
    r"(?:advertisement\W*)?(?:(?:the )?(?:story|article) continues (?:below|after)|"
    r"scroll (?:down )?to continue)\b)",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:more news|read more|related(?: stories| articles?| coverage)?|see also|also read|"
    r"read also|more on this story)\W*$",
    re.IGNORECASE,
)
_WHOLE_LINK = re.compile(r"^\[[^\]]+\]\([^)\s]+\)\s*$")  # Markdown of a paragraph all link
# A cookie notice: longer than a line, and never how a story starts.
_COOKIES = re.compile(
    r"^(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b|^by continuing to (?:use|browse)"
    r" (?:this|our) (?:web)?site\b",
    re.IGNORECASE,
)
_TEASER_WORDS = 60  # a teaser's summary is shorter than this; a story's paragraph may not be
# A photo's caption the extractor took for a paragraph: it ends with the photo's credit,
# "(AP Photo/Evan Vucci)", "(Photo by Ana Petrova/Getty Images)", "Photograph: Ana
# Petrova/Reuters".
_CREDIT_END = re.compile(
    r"(?:\((?:[\w.]+ )?(?:photo|photograph|picture|image|file photo|illustration)\b[^()]{0,80}\)"
    r"|\((?:getty images|(?:reuters|afp|ap|epa|bloomberg|xinhua|pa)\b[^()]{0,40}"
    r"(?:/|photo|getty)[^()]{0,40})\)"
    r"|\b(?:photo|photograph|picture|image|illustration)(?: credit)?: [^.!?]{2,80})\s*$",
    re.IGNORECASE,
)
_CAPTION_WORDS = 60


def is_page_meta(text: str) -> bool:
    """An item of the list of the page's metadata: a date, a byline, the section, the
    comment count, share buttons."""
    text = " ".join(text.split())
    try:
        dated = parse_written_date(text, _UTC) is not None
    except ValidationError:  # a date, if one no story may have
        dated = True
    return dated or bool(_META_ITEM.match(text) or byline_name(text) or is_furniture(text))


def without_trailing_links(blocks: list[Block]) -> list[Block]:
    """`blocks` without the run of two or more paragraphs at their end that are each
    nothing but a link: headlines of other stories the page lists under the story
    ("There's an entire mod dedicated to ..." linking elsewhere), with no heading; not
    under a "Read more:" label (the page's own list of further reading)."""
    end = len(blocks)
    while end and not blocks[end - 1].heading and _WHOLE_LINK.match(blocks[end - 1].markdown):
        end -= 1
    if len(blocks) - end < 2 or not end or _LABEL.match(blocks[end - 1].text):
        return blocks  # under "Read more:" they are the page's own More-news lines
    return blocks[:end]


def without_other_stories(blocks: list[Block]) -> list[Block]:
    """`blocks` without a trailing section of other stories: from a heading that names
    one ("Other Opinion Columns", "More from Sport", "Related") to the end, when what
    follows it holds two or more headlines linking elsewhere and no paragraph as long
    as a story's. Not a heading above all the prose (the page is then such a list)."""
    prose_seen = False
    for i, block in enumerate(blocks):
        if not block.heading:
            prose_seen = prose_seen or is_prose(block.text)
            continue
        if not prose_seen or len(block.text.split()) > 8 or not _OTHERS.match(block.text):
            continue
        after = blocks[i + 1 :]
        links = sum(1 for b in after if (b.heading and b.href) or b.list_item)
        long = any(len(b.text.split()) >= _TEASER_WORDS for b in after if not b.heading)
        if links >= 2 and not long:
            return blocks[:i]
    return blocks


def is_caption(text: str) -> bool:
    """A photo's caption with its credit at the end, read as a paragraph."""
    return len(text.split()) <= _CAPTION_WORDS and bool(_CREDIT_END.search(text))


def is_meta_line(text: str) -> bool:
    """A line of the page's metadata in the body: when it was updated, how many
    comments it has, how long it takes to read (never a sentence of the story)."""
    return not is_prose(text) and bool(_META_ITEM.match(" ".join(text.split())))


def is_furniture_line(block: Block) -> bool:
    """A block of the body that is the page's, not the story's: boilerplate, a line of
    the page's metadata, a photo's caption."""
    text = block.text
    short = len(text.split()) <= 25
    return (
        (short and bool(_BOILERPLATE.match(text)))
        or (len(text.split()) <= 80 and bool(_COOKIES.match(text)))
        or is_meta_line(text)
        or (not block.heading and is_caption(text))
    )
