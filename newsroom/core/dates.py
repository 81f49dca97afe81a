"""Dates and times: parse what people type, keep UTC, show the site's time zone.

The one place that decides what a typed date means. The command line, the import and
the editor's date fields all read through `parse_datetime`, and every stored date goes
through `in_range`, so a date is refused the same way wherever it enters:

- an impossible calendar date or time of day ("2017-02-30", "25:00") is refused with a
  message, never rolled over into a neighbouring day;
- a wall time the site's clocks skip (02:30 on a spring-forward night) is refused with
  a message naming the gap, never moved an hour on;
- a wall time the clocks show twice (01:30 on a fall-back night) is read as the first
  of the two, and `ambiguity` says so and how to ask for the second (an offset);
- dates outside the years 1800 to 2200 are refused: no story is that old or that far
  ahead, and dates near year 1 or 9999 overflow once moved into a time zone.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsroom.core.errors import ValidationError

FIRST_YEAR, LAST_YEAR = 1800, 2200
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
LATEST = datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)

# The forms we read ourselves, so each impossible part gets its own message; anything
# else falls back to Python's ISO-8601 reader.
_TYPED = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]\s*(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<off>Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_FORMS = "use YYYY-MM-DD or YYYY-MM-DD HH:MM"


def zone(name: str) -> ZoneInfo:
    """The time zone called `name` (IANA, e.g. "Europe/London"), or ValidationError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # "Europe" is a folder
        raise ValidationError("time_zone", f"unknown time zone {name!r}") from exc


def parse_datetime(text: str, tz: ZoneInfo, field: str = "published_at") -> datetime:
    """Parse ISO-8601 ("2017-07-15", "2017-07-15 09:30", "2017-07-15T09:30+02:00").

    A value without an offset is a wall time in the site's time zone `tz` (see
    `wall_time`); the result is UTC and within `in_range`. Anything else raises
    ValidationError on `field` with a message that says what is wrong.
    """
    raw = text.strip()
    if not raw:
        raise _NotADate(field, "the date is empty")
    value = _read(raw, field)
    if value.tzinfo is None:
        return wall_time(value, tz, field)
    return in_range(value, field, raw)


def parse_iso(text: str, tz: ZoneInfo, field: str = "published_at") -> datetime | None:
    """As `parse_datetime`, for metadata that may hold anything: None when `text` is
    not a date at all, ValidationError still for a date no story may have."""
    try:
        return parse_datetime(text, tz, field)
    except _NotADate:
        return None


class _NotADate(ValidationError):
    """The text is no date at all (as opposed to a date that cannot be)."""


def parse_day(text: str, field: str = "date") -> date:
    """A day typed as YYYY-MM-DD (a filter's "from" or "to"), read by the same calendar
    rules as `parse_datetime`; a time of day or an offset is refused, since a day of
    the site's calendar has neither. ValidationError on `field` says what is wrong."""
    raw = text.strip()
    if not raw:
        raise ValidationError(field, "the date is empty")
    typed = _TYPED.match(raw)
    if typed is None or typed["h"] is not None or typed["off"]:
        raise ValidationError(field, f"{raw!r} is not a day; use YYYY-MM-DD")
    return _read(raw, field).date()


def start_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first moment (UTC) of `day` on the site's clocks in `tz`: midnight, or the
    end of the gap on a day whose clocks skip midnight. A day of `tz` runs from its
    start to the next day's start, which is 23 or 25 hours on the days clocks change,
    so a "to" day ends at `start_of_day(day + 1 day)`, never at start + 24 hours."""
    # A skipped wall time with fold=0 takes the offset before the change: midnight
    # then lands on the very moment the clocks jump, the first moment of the day.
    return datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(UTC)


def _read(raw: str, field: str) -> datetime:
    """`raw` as a datetime (naive unless it carries an offset); ValidationError if the
    calendar or the clock has no such moment."""
    typed = _TYPED.match(raw)
    if typed is None:
        try:
            if len(raw) == 10:
                return datetime.combine(date.fromisoformat(raw), time(0, 0))
            return datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
        except (ValueError, OverflowError):
            raise _NotADate(field, f"{raw!r} is not a date; {_FORMS}") from None
    year, month, day = int(typed["y"]), int(typed["m"]), int(typed["d"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(field, _out_of_range(raw))
    if not 1 <= month <= 12:
        raise ValidationError(field, f"{raw!r} is not a date: there is no month {month}")
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            field,
            f"{raw!r} is not a date: {date(year, month, 1):%B %Y} has {last} days",
        )
    hour, minute = int(typed["h"] or 0), int(typed["mi"] or 0)
    second = int(typed["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        clock = f"{typed['h']}:{typed['mi']}"
        raise ValidationError(field, f"{raw!r} is not a date: {clock} is not a time of day")
    value = datetime(year, month, day, hour, minute, second)
    if typed["off"]:
        try:
            offset = datetime.fromisoformat(f"2000-01-01T00:00{typed['off'].upper()}")
        except ValueError:
            raise ValidationError(
                field, f"{raw!r} is not a date: {typed['off']!r} is not a UTC offset"
            ) from None
        value = value.replace(tzinfo=offset.tzinfo)
    return value


def wall_time(value: datetime, tz: ZoneInfo, field: str = "published_at") -> datetime:
    """The naive wall time `value` on the site's clocks in `tz`, as UTC.

    Refuses (ValidationError on `field`) a wall time that does not exist because the
    clocks skip it; a wall time that happens twice is the first of the two (fold=0),
    which `ambiguity` describes so the caller can say so.
    """
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(field, _out_of_range(value.isoformat(" ", "minutes")))
    naive = value.replace(tzinfo=None, fold=0)
    gap = _gap(naive, tz)
    if gap is not None:
        start, end = gap
        raise ValidationError(
            field,
            f"{naive:%H:%M} does not exist on {_day(naive)} in {tz.key}: clocks go forward "
            f"from {start:%H:%M} to {end:%H:%M}",
        )
    return in_range(naive.replace(tzinfo=tz), field)


def ambiguity(value: datetime, tz: ZoneInfo) -> str | None:
    """A note when the wall time `value` (naive, or aware in `tz`) happens twice in
    `tz`, saying which of the two is meant and how to ask for the other; None when it
    happens once.

    Aware values say which of the two they are (their `fold`); naive ones are the first.
    """
    naive = value.replace(tzinfo=None, fold=0)
    first, second = naive.replace(tzinfo=tz), naive.replace(tzinfo=tz, fold=1)
    early, late = first.utcoffset(), second.utcoffset()
    if early is None or late is None or early <= late:
        return None  # one offset, or a gap (refused by `wall_time`)
    is_second = value.tzinfo is not None and value.fold == 1
    chosen, other = (second, first) if is_second else (first, second)
    start, end = _jump(naive, early, late, tz)
    return (
        f"{naive:%H:%M} happens twice on {_day(naive)} in {tz.key} (clocks go back from "
        f"{start:%H:%M} to {end:%H:%M}): this is the {'second' if is_second else 'first'}, "
        f"UTC{_offset(chosen)}; type {naive:%H:%M} {_offset(other)} for the "
        f"{'first' if is_second else 'second'}"
    )


def reading_note(text: str, tz: ZoneInfo) -> str | None:
    """The note to give with `parse_datetime(text, tz)` when the text is a wall time
    (no offset) that happens twice in `tz`, so it was read as the first; else None."""
    try:
        value = _read(text.strip(), "published_at")
    except ValidationError:
        return None
    return ambiguity(value, tz) if value.tzinfo is None else None


def format_wall(value: datetime, tz: ZoneInfo) -> str:
    """`value` (aware) as the editor shows it: "YYYY-MM-DD HH:MM" on the site's clocks,
    with the offset added when that wall time happens twice, so reading the text back
    with `parse_datetime` gives the same moment."""
    shown = value.astimezone(tz)
    text = f"{shown:%Y-%m-%d %H:%M}"
    if ambiguity(shown, tz) is not None:
        text += f" {_offset(shown)}"
    return text


def format_local(value: datetime, tz: ZoneInfo, locale: str) -> str:
    """`value` (aware) for a reader rather than for typing: on the site's clocks, in the
    site's locale ("15 Jul 2017, 10:00" in en_GB, "15 juil. 2017, 10:00" in fr_FR), with
    the offset added when that wall time happens twice."""
    shown = value.astimezone(tz)
    from babel.dates import format_date, format_time, get_datetime_format  # (start-up: only here)

    day = format_date(shown, "medium", locale=locale)
    clock = format_time(shown, "short", tzinfo=tz, locale=locale)
    pattern = str(get_datetime_format("medium", locale=locale))  # e.g. "{1}, {0}"
    text = pattern.replace("{1}", day).replace("{0}", clock)
    if ambiguity(shown, tz) is not None:
        text += f" ({_offset(shown)})"
    return text


def whole_minute(value: datetime) -> datetime:
    """`value` to the minute, as stories keep their dates: the editor's date fields show
    minutes, and a time with seconds would make every opened story look edited (and
    move on its next save)."""
    return value.replace(second=0, microsecond=0)


def in_range(value: datetime, field: str, shown: str | None = None) -> datetime:
    """`value` (aware) in UTC, or ValidationError on `field` when it falls outside the
    years 1800 to 2200 (`shown` is how the caller's user wrote it)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, f"{field} has no time zone")
    words = shown or value.isoformat(" ", "minutes")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:  # before converting: it could overflow
        raise ValidationError(field, _out_of_range(words))
    utc = value.astimezone(UTC)
    if not EARLIEST <= utc <= LATEST:
        raise ValidationError(field, _out_of_range(words))
    return utc


def require_aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValidationError(field, f"{field} has no time zone")
    return value.astimezone(UTC) if value is not None else None


def _gap(naive: datetime, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    """(the wall time the clocks jump from, the one they jump to) when the clocks in
    `tz` skip `naive`; None when it exists.

    A wall time exists when converting it to UTC and back gives it again.
    """
    there = naive.replace(tzinfo=tz)
    if there.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return None
    before, after = there.utcoffset(), naive.replace(tzinfo=tz, fold=1).utcoffset()
    assert before is not None and after is not None
    return _jump(naive, before, after, tz)


def _jump(
    naive: datetime, before: timedelta, after: timedelta, tz: ZoneInfo
) -> tuple[datetime, datetime]:
    """The wall times just before and just after the change of offset (from `before` to
    `after`) that makes `naive` skipped or repeated: e.g. 02:00 and 03:00."""
    low = (naive - max(before, after)).replace(tzinfo=UTC)  # earliest candidate instant
    minutes = int(abs(before - after).total_seconds()) // 60
    lo, hi = 0, minutes  # the first minute at which the new offset holds
    while lo < hi:
        middle = (lo + hi) // 2
        if (low + timedelta(minutes=middle)).astimezone(tz).utcoffset() == before:
            lo = middle + 1
        else:
            hi = middle
    jump = (low + timedelta(minutes=lo)).replace(tzinfo=None)
    return jump + before, jump + after


def _day(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def _offset(value: datetime) -> str:
    delta = value.utcoffset() or timedelta(0)
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _out_of_range(shown: str) -> str:
    return f"{shown} is out of range: dates must fall in the years {FIRST_YEAR} to {LAST_YEAR}"
