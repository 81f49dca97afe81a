"""Dates and times: parse what people type, keep UTC, show the site's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsroom.core.errors import ValidationError


def zone(name: str) -> ZoneInfo:
    """The time zone called `name` (IANA, e.g. "Europe/London"), or ValidationError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError("time_zone", f"unknown time zone {name!r}") from exc


def parse_datetime(text: str, tz: ZoneInfo, field: str = "published_at") -> datetime:
    """Parse ISO-8601 ("2017-07-15", "2017-07-15 09:30", "2017-07-15T09:30+02:00").

    A value without an offset is read in the site's time zone `tz`; the result is UTC.
    """
    raw = text.strip()
    if not raw:
        raise ValidationError(field, "the date is empty")
    try:
        if len(raw) == 10:
            value = datetime.combine(date.fromisoformat(raw), time(0, 0))
        else:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError(
            field, f"{raw!r} is not a date; use YYYY-MM-DD or YYYY-MM-DD HH:MM"
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def local(value: datetime, tz: ZoneInfo) -> datetime:
    """`value` (aware) in the site's time zone, for display."""
    return value.astimezone(tz)


def require_aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValidationError(field, f"{field} has no time zone")
    return value.astimezone(UTC) if value is not None else None
