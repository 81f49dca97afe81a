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
