"""Parsing typed dates: ISO forms, offsets, the site's time zone for naive values;
impossible dates, clock changes and the 1800-2200 range refused with a message."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newsroom.core import dates
from newsroom.core.dates import (
    EARLIEST,
    LATEST,
    ambiguity,
    format_wall,
    in_range,
    parse_datetime,
    reading_note,
    require_aware,
    wall_time,
    zone,
)
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


NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("2017-02-30", "February 2017 has 28 days"),
        ("2017-02-29 09:30", "February 2017 has 28 days"),
        ("2017-04-31", "April 2017 has 30 days"),
        ("2017-13-01", "there is no month 13"),
        ("2017-07-15 24:00", "24:00 is not a time of day"),
        ("2017-07-15 09:60", "09:60 is not a time of day"),
    ],
)
def test_impossible_dates_are_refused_never_rolled_over(typed, words):
    with pytest.raises(ValidationError) as caught:
        parse_datetime(typed, LONDON)

    assert words in caught.value.message
    assert typed in caught.value.message


@pytest.mark.parametrize(
    ("typed", "tz", "message"),
    [
        (
            "2024-03-10 02:30",
            NEW_YORK,
            "02:30 does not exist on 10 March 2024 in America/New_York: "
            "clocks go forward from 02:00 to 03:00",
        ),
        (
            "2024-03-31 01:30",
            LONDON,
            "01:30 does not exist on 31 March 2024 in Europe/London: "
            "clocks go forward from 01:00 to 02:00",
        ),
        (
            "2024-10-06 02:15",
            ZoneInfo("Australia/Lord_Howe"),  # a half-hour jump
            "02:15 does not exist on 6 October 2024 in Australia/Lord_Howe: "
            "clocks go forward from 02:00 to 02:30",
        ),
    ],
    ids=["new-york", "london", "lord-howe"],
)
def test_a_wall_time_the_clocks_skip_is_refused_naming_the_gap(typed, tz, message):
    with pytest.raises(ValidationError) as caught:
        parse_datetime(typed, tz, field="embargo_until")

    assert caught.value.field == "embargo_until"
    assert caught.value.message == message


def test_the_edges_of_a_gap_are_fine():
    assert parse_datetime("2024-03-10 01:59", NEW_YORK) == datetime(2024, 3, 10, 6, 59, tzinfo=UTC)
    assert parse_datetime("2024-03-10 03:00", NEW_YORK) == datetime(2024, 3, 10, 7, 0, tzinfo=UTC)


def test_a_wall_time_seen_twice_is_the_first_and_an_offset_picks_the_second():
    first = parse_datetime("2024-11-03 01:30", NEW_YORK)
    second = parse_datetime("2024-11-03 01:30 -05:00", NEW_YORK)

    assert first == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)  # EDT, UTC-4
    assert second == datetime(2024, 11, 3, 6, 30, tzinfo=UTC)  # EST, UTC-5
    note = ambiguity(first.astimezone(NEW_YORK), NEW_YORK)
    assert note is not None
    assert "01:30 happens twice on 3 November 2024 in America/New_York" in note
    assert "clocks go back from 02:00 to 01:00" in note
    assert "this is the first, UTC-04:00; type 01:30 -05:00 for the second" in note
    assert "this is the second" in (ambiguity(second.astimezone(NEW_YORK), NEW_YORK) or "")
    assert ambiguity(datetime(2024, 11, 3, 3, 30), NEW_YORK) is None


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 11, 3, 5, 30, tzinfo=UTC),  # the first 01:30
        datetime(2024, 11, 3, 6, 30, tzinfo=UTC),  # the second 01:30
        datetime(2024, 3, 10, 7, 0, tzinfo=UTC),  # 03:00, just after the gap
        datetime(2017, 7, 15, 9, 30, tzinfo=UTC),
    ],
)
def test_format_wall_reads_back_to_the_same_moment(moment):
    text = format_wall(moment, NEW_YORK)

    assert parse_datetime(text, NEW_YORK) == moment


def test_format_wall_shows_the_offset_only_when_the_time_happens_twice():
    assert format_wall(datetime(2017, 7, 15, 9, 30, tzinfo=UTC), NEW_YORK) == "2017-07-15 05:30"
    assert format_wall(datetime(2024, 11, 3, 6, 30, tzinfo=UTC), NEW_YORK) == (
        "2024-11-03 01:30 -05:00"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "0001-01-01",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59-12:00",
        "1799-12-31 23:59",
        "2201-01-01",
        "2200-12-31T23:00-05:00",  # 2201 in UTC
        "1800-01-01T00:00+05:00",  # 1799 in UTC
    ],
)
def test_dates_outside_1800_to_2200_are_refused(typed):
    with pytest.raises(ValidationError) as caught:
        parse_datetime(typed, NEW_YORK, field="now")

    assert caught.value.field == "now"
    assert caught.value.message == (
        f"{typed} is out of range: dates must fall in the years 1800 to 2200"
    )


def test_the_first_and_last_moments_in_range_are_fine():
    assert parse_datetime("1800-01-01T00:00Z", NEW_YORK) == EARLIEST
    assert parse_datetime("2200-12-31T23:59Z", NEW_YORK) == LATEST.replace(second=0)


def test_in_range_never_overflows():
    west = timezone(timedelta(hours=-12))
    with pytest.raises(ValidationError):
        in_range(datetime(9999, 12, 31, 23, 59, tzinfo=west), "published_at")
    with pytest.raises(ValidationError):
        in_range(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), "published_at")
    with pytest.raises(ValidationError):
        wall_time(datetime(1, 1, 1), NEW_YORK)


def test_reading_note_only_for_a_typed_wall_time_seen_twice():
    assert "happens twice" in (reading_note("2024-11-03 01:30", NEW_YORK) or "")
    assert reading_note("2024-11-03 01:30-05:00", NEW_YORK) is None  # the offset decides
    assert reading_note("2024-11-03 03:30", NEW_YORK) is None
    assert reading_note("not a date", NEW_YORK) is None


def test_a_day_is_read_whole_and_refused_with_a_reason() -> None:
    assert dates.parse_day(" 2017-07-14 ") == date(2017, 7, 14)
    assert dates.parse_day("2017-7-4") == date(2017, 7, 4)
    for text, words in (
        ("any20170714", "is not a day; use YYYY-MM-DD"),
        ("2017-07-14 10:00", "is not a day"),
        ("2017-02-30", "February 2017 has 28 days"),
        ("1700-01-01", "out of range"),
        ("", "empty"),
    ):
        with pytest.raises(ValidationError, match=words) as caught:
            dates.parse_day(text, "date_from")
        assert caught.value.field == "date_from"


def test_a_day_starts_at_its_first_moment_on_the_sites_clocks() -> None:
    paris = ZoneInfo("Europe/Paris")
    assert dates.start_of_day(date(2017, 7, 16), paris) == datetime(2017, 7, 15, 22, tzinfo=UTC)
    # The day the clocks go back is 25 hours long: the next day starts 25 hours later.
    long_day = date(2017, 10, 29)
    length = dates.start_of_day(long_day + timedelta(days=1), paris) - dates.start_of_day(
        long_day, paris
    )
    assert length == timedelta(hours=25)
    # São Paulo skipped midnight on 4 November 2018 (00:00 became 01:00 at 03:00 UTC).
    sao_paulo = ZoneInfo("America/Sao_Paulo")
    start = dates.start_of_day(date(2018, 11, 4), sao_paulo)
    assert start == datetime(2018, 11, 4, 3, tzinfo=UTC)
    assert start.astimezone(sao_paulo).hour == 1


def test_a_moment_for_a_reader_is_in_the_sites_zone_and_locale() -> None:
    moment = datetime(2017, 7, 15, 8, 5, tzinfo=UTC)
    paris = ZoneInfo("Europe/Paris")
    assert dates.format_local(moment, paris, "en_GB") == "15 Jul 2017, 10:05"
    assert dates.format_local(moment, paris, "fr_FR") == "15 juil. 2017, 10:05"
    # A wall time the clocks show twice says which of the two it is.
    assert dates.format_local(datetime(2017, 10, 29, 0, 30, tzinfo=UTC), LONDON, "en_GB") == (
        "29 Oct 2017, 01:30 (+01:00)"
    )
