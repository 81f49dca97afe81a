"""Small text heuristics shared by the page readers: dates written out, bylines,
"More news:" lines and the lines of site furniture that are not part of a story.

Kept apart from the readers so the HTML and the plain-text reader recognise exactly
the same things (a page saved as HTML and the same page copied as text give the same
story).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from newsroom.core.dates import in_range, parse_iso, wall_time

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_TIME = r"(?:[,\s]+(?:at\s+)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?)?"
_DAY_FIRST = re.compile(
    rf"^(?:{_WEEKDAY})?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m>{_MONTH})\.?,?\s+"
    rf"(?P<y>\d{{4}}){_TIME}\s*$",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"^(?:{_WEEKDAY})?(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<y>\d{{4}}){_TIME}\s*$",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_PREFIX = re.compile(
    r"^(?:published|posted|updated|last updated|first published|date)\s*(?:on|:)?\s*",
    re.IGNORECASE,
)

BYLINE = re.compile(r"^(?:by|von|par|por)\s+(?P<name>\S.{0,150}?)\s*$", re.IGNORECASE)
MORE_NEWS = re.compile(r"^\s*more news\s*[:\u2013\u2014-]\s*(?P<rest>\S.*?)\s*$", re.IGNORECASE)
# "Read more: ...", "Related: ..." and kin: a line naming another story, as More news.
REFERENCE = re.compile(
    r"^\s*(?:more news|read more|related(?: stories| articles?)?|see also|also read|"
    r"read also|more on this story)\s*[:|\u2013\u2014-]\s*(?P<rest>\S.*?)\s*$",
    re.IGNORECASE,
)
BREADCRUMB = re.compile(r"\s(?:»|›|>|/|\u203a)\s")
_FURNITURE = re.compile(
    r"^(?:share(?: this(?: story| article)?| on \w+)?|tweet|email|print|facebook|twitter|"
    r"linkedin|whatsapp|copy link|advertisement|advert|sponsored|skip to (?:main )?content|"
    r"sign in|log in|subscribe|menu|search|home|related(?: stories| articles)?|"
    r"read more|comments?|back to top|cookie settings|most read|newsletter)\s*[:|]?$",
    re.IGNORECASE,
)
LATEST = re.compile(r"^(?:latest news|latest|latest stories|top stories|most read)\s*:?$", re.I)
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)


def parse_written_date(text: str, tz: ZoneInfo) -> datetime | None:
    """A date as pages write it ("15 July 2017", "Sunday, July 15, 2017 at 9:30",
    "2017-07-15T09:30Z", an RFC 2822 date), aware in UTC; None if `text` is not one.

    A date without a time is midnight in the site's time zone `tz`, so the page and
    the imported story show the same day. A date that is one but can not be a story's
    (outside the years 1800 to 2200, a time the clocks skip) raises ValidationError.
    """
    raw = _PREFIX.sub("", " ".join(text.split())).strip()
    if not raw or len(raw) > 60:
        return None
    if _ISO.match(raw):
        return parse_iso(raw, tz)
    match = _DAY_FIRST.match(raw) or _MONTH_FIRST.match(raw)
    if match is not None:
        try:
            day = date(int(match["y"]), _MONTHS[match["m"].lower().rstrip(".")], int(match["d"]))
        except ValueError:
            return None
        clock = time(0, 0)
        if match["h"] is not None:
            hour = int(match["h"]) % 24
            if match["ampm"] and match["ampm"][0].lower() == "p" and hour < 12:
                hour += 12
            if match["ampm"] and match["ampm"][0].lower() == "a" and hour == 12:
                hour = 0
            clock = time(hour, min(int(match["mi"]), 59))
        return wall_time(datetime.combine(day, clock), tz)
    if re.match(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", raw):
        try:
            value = parsedate_to_datetime(raw)
        except (TypeError, ValueError, OverflowError):
            return None
        return in_range(value, "published_at", raw) if value.tzinfo else wall_time(value, tz)
    return None


def is_furniture(line: str) -> bool:
    """A line no story holds: share buttons, "Advertisement", "Skip to content", ©..."""
    text = " ".join(line.split())
    return bool(_FURNITURE.match(text) or COPYRIGHT.match(text))


def byline_name(line: str) -> str | None:
    """ "By Hannah Okoye" -> "Hannah Okoye"; None for anything else (or a sentence)."""
    match = BYLINE.match(" ".join(line.split()))
    if match is None:
        return None
    name = match["name"].rstrip(".")
    words = name.split()
    if len(words) > 12 or name.endswith((".", "!", "?")):
        return None
    # "By the end of the week the talks ..." is a sentence, not a byline.
    if not all(_name_word(w) for w in words):
        return None
    return name


def _name_word(word: str) -> bool:
    """A word of a name: capitalised ("Okoye", "al-Hassan", "d'Souza") or a joiner."""
    return word.lower() in _NAME_JOINERS or any(p[:1].isupper() for p in re.split("[-'’]", word))


_NAME_JOINERS = {"and", "&", "in", "de", "van", "von", "der", "al", "el", "la", "le", "du", ","}


def same_text(a: str, b: str) -> bool:
    """Equal after collapsing whitespace and case: how headlines are compared."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
