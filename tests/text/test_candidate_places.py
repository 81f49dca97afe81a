"""Places: a part of a country named by the country, the countries news still calls
by an older name."""

from __future__ import annotations

from newsroom.text.candidates import find_candidates


def kinds(text: str) -> dict[str, str]:
    return {c.name: c.kind for c in find_candidates(text)}


def test_a_region_of_a_country_is_the_country():
    found = kinds("Graves were found in Northern Niger and in Western Sahara this year.")
    assert found.get("Niger") == "place"
    assert "Northern Niger" not in found
    assert found.get("Western Sahara") == "place"


def test_countries_by_the_names_news_still_uses():
    found = kinds("Observers from Burma and Bosnia-Herzegovina came. Yugoslavia sent none.")
    assert found["Burma"] == "place"
    assert found["Bosnia-Herzegovina"] == "place"
    assert found["Yugoslavia"] == "place"


def test_a_number_opening_a_sentence_is_no_part_of_a_name():
    found = kinds("Talks went on. Three U.S. Marines were hurt. Seven & I Holdings sold shares.")
    assert "U.S. Marines" in found
    assert "Three U.S. Marines" not in found
    assert "Seven & I Holdings" in found
