"""Parsing typed dates: ISO forms, offsets, the site's time zone for naive values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from newsroom.core.dates import parse_datetime, require_aware, zone
from newsroom.core.errors import ValidationError

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("typed", "tz", "expected"),
    [
        ("2017-07-15", UTC, datetime(2017, 7, 15, 0, 0, tzinfo=UTC)),
        ("2017-07-15 09:30", UTC, datetime(2017, 7, 15, 9, 30, tzinfo=UTC)),
        ("2017-07-15T09:30", UTC, datetime(2017, 7, 15, 9, 30, tzinfo=UTC)),
        ("2017-07-15T09:30+02:00", UTC, datetime(2017, 7, 15, 7, 30, tzinfo=UTC)),
        ("2017-07-15T09:30+02:00", LONDON, datetime(2017, 7, 15, 7, 30, tzinfo=UTC)),
        ("2017-07-15T09:30Z", LONDON, datetime(2017, 7, 15, 9, 30, tzinfo=UTC)),
        ("  2017-07-15 09:30  ", UTC, datetime(2017, 7, 15, 9, 30, tzinfo=UTC)),
    ],
    ids=["date", "date-time", "iso-t", "offset", "offset-wins", "zulu", "spaces"],
)
def test_iso_forms_are_parsed_to_utc(typed, tz, expected):
    value = parse_datetime(typed, tz)

    assert value == expected
    assert value.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2017-07-15 09:30", datetime(2017, 7, 15, 8, 30, tzinfo=UTC)),  # BST = UTC+1
        ("2017-07-15", datetime(2017, 7, 14, 23, 0, tzinfo=UTC)),  # midnight London
        ("2017-01-15 09:30", datetime(2017, 1, 15, 9, 30, tzinfo=UTC)),  # GMT = UTC
    ],
    ids=["summer", "summer-midnight", "winter"],
)
def test_naive_values_are_read_in_the_sites_time_zone(typed, expected):
    assert parse_datetime(typed, LONDON) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "yesterday", "15/07/2017", "2017-13-01", "2017-02-30", "2017-07-15 25:00", "2017"],
)
def test_garbage_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationError) as caught:
        parse_datetime(typed, LONDON, field="embargo_until")

    assert caught.value.field == "embargo_until"
    assert caught.value.message


def test_unknown_time_zone_is_a_validation_error():
    assert zone("Europe/London") == LONDON
    with pytest.raises(ValidationError) as caught:
        zone("Europe/Atlantis")
    assert caught.value.field == "time_zone"


def test_require_aware_refuses_naive_and_converts_to_utc():
    paris = datetime(2024, 5, 1, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))

    assert require_aware(paris, "published_at") == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
    assert require_aware(None, "published_at") is None
    with pytest.raises(ValidationError) as caught:
        require_aware(datetime(2024, 5, 1, 9, 0), "published_at")
    assert caught.value.field == "published_at"
