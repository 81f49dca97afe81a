"""Candidate new entities: proper-noun phrases in a text, with a guessed kind.

Heuristic and fast (one pass over the tokens, word lists from `lexicon`), no model.
How a phrase is found:

- a run of capitalised words joined by spaces, hyphens or "&", which may hold
  particles ("Amira al-Hassan", "Pieter van der Berg", "Mazar-e-Sharif"), a given
  name's lowercase syllable ("Ban Ki-moon"), "of"/"for" after a word that heads
  organisations, events or places ("Ministry of Finance", "Horn of Africa") or after
  one common noun capitalised mid-sentence ("Voice of America"), "and"
  inside an institution's name ("Peace and Security Council", but "the United Nations
  and African Union" are two), and a group's possessive inside an organisation's
  name ("Lord's Resistance Army");
- a weekday, a capitalised "In" or "The", or a hyphen between two places
  ("Egypt-Gaza") ends a run;
- a common word that merely opens a sentence ("The", "After") is dropped; a title
  or descriptor before a name is dropped but kept as a person cue ("Foreign Minister
  Omar Haddad" -> "Omar Haddad", person), and so is a plural title ("Senators John
  McCain") or a role that opens the sentence ("Skier Marco Buechel"); the name before
  the title is one of its own ("Hamas" of "Hamas Prime Minister Ismail Haniyeh"); a
  nationality before a state body or a place is dropped ("Chinese Foreign Ministry",
  "Kenyan High Court", "Afghan Ministry of Mines", "Arab East Jerusalem");
- a name only ever written hyphenated to a participle ("U.S.-mediated") gives none;
- a known name may sit inside a longer new one ("Central Bank of Nigeria", "Port
  Sudan", "Air France"); otherwise known names split runs;
- one capitalised word alone at the start of a sentence is kept only if the text
  never writes it in lower case and also uses it mid-sentence, as part of a longer
  name, or with a possessive;
- headlines in title case, lines in capitals, and short quoted titles of works give
  none; an all-capitals dateline ("ADDIS ABABA —") gives a place;
- a name that ends in an abbreviation keeps its full stop ("Timex Inc.");
- a later short mention ("Haddad" after "Omar Haddad", "Castlebridge" after
  "Castlebridge Athletic") is reported with the full name in `name`, so accepting
  it creates or tags one entity, not two; a place an organisation is named after
  ("in Baluchistan" beside "Baluchistan Liberation Army") is its own name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsroom.text.datelines import datelines
from newsroom.text.gazetteer import gazetteer
from newsroom.text.kinds import (
    adjective_not_name,
    decide,
    kind_scores,
    lone_initial_is_name,
    org_word,
)
from newsroom.text.lexicon import (
    ABBREVIATIONS,
    CAPS_STOP,
    COMMON_WORDS,
    DAYS_MONTHS,
    DEMONYMS,
    DESCRIPTORS,
    EVENT_WORDS,
    FIRST_NAMES,
    JOINERS,
    LEGISLATURES,
    NUMBER_WORDS,
    ORG_HEADS,
    ORG_WORDS,
    PARTICLES,
    PLACE_HEADS,
    PLACE_WORDS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    VENUE_WORDS,
)
from newsroom.text.name_runs import (
    OF_HEADS,
    OF_WORDS,
    acronym,
    capital_preposition,
    capitalised,
    discourse_word,
    line_blocks,
    modifiers,
    runs,
    two_word_places,
)
from newsroom.text.tokens import Token, tokenize

_TITLES = TITLE_HEADS | DESCRIPTORS
_NOT_NAMES = COMMON_WORDS | DAYS_MONTHS | DEMONYMS | _TITLES | TITLE_MODIFIERS
_KIND_WORDS = ORG_WORDS | EVENT_WORDS | PLACE_WORDS | VENUE_WORDS
_KIND_OR_OF_HEADS = _KIND_WORDS | OF_HEADS
_NO_SHORT_FORM = _NOT_NAMES | ORG_HEADS | PLACE_HEADS
_INSTITUTION = ORG_WORDS | EVENT_WORDS
# Bodies of a state that news names with a nationality or without ("(Chinese) Foreign
# Ministry"); not "Parliament" or "Congress", which parties and assemblies are named for.
_STATE_BODIES = frozenset(
    {"ministry", "department", "army", "navy", "embassy", "consulate", "police", "military"}
    | {"force", "forces", "cabinet", "court"}
)
_MINISTRIES = frozenset({"ministry", "department"})
# Participles hyphenated to a group that leads or backs something: "Hamas-led".
_LEADS = frozenset({"led", "backed", "linked", "allied", "affiliated", "sponsored"})
_REGIONAL = frozenset({"western", "eastern", "northern", "southern", "central", "latin"})
# Short months that are names too ("Jan Egeland", "Mar del Plata"): before another
# capitalised word, a date would be written "Jan. 5" or "Jan 5", never so.
_MONTH_SHORT = frozenset({"jan", "mar"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "miss"})


@dataclass(frozen=True, slots=True)
class NameCandidate:
    """A phrase that looks like a name nobody has entered yet."""

    start: int
    end: int
    text: str  # as written in the text
    name: str  # the name to create: the full name when `text` is a later short mention
    kind: str


@dataclass
class _Phrase:
    run: list[int]
    person_cue: bool = False
    initial: bool = False
    holds_known: bool = False
    shouted: bool = False
    kind: str = ""
    name: str = ""


def _strip(
    tokens: Sequence[Token], run: list[int], known: Sequence[bool], initial: Sequence[bool]
) -> list[int]:
    """Drop sentence-opening common words, dates and stray lowercase words at the ends."""
    stripped = False
    while run and not known[run[0]]:
        t = tokens[run[0]]
        opener = discourse_word(t) and (initial[run[0]] or stripped) and not acronym(t)
        if t.key in NUMBER_WORDS and initial[run[0]] and len(run) > 1:
            opener = tokens[run[1]].link == " "  # "Three U.S. Marines"; not "Seven & I"
        opener = opener or (capital_preposition(t) and t.key != "the")  # "The New Yorker"
        if initial[run[0]] and len(run) == 2 and not opener:
            # "Undercover FBI agents", "Overnight Baghdad": a word that opens the
            # sentence before one acronym or place
            rest = tokens[run[1]]
            g = gazetteer()
            opener = (
                g.is_common(t.key)
                and t.key not in PARTICLES  # "Al-Hassan"
                and (acronym(rest) or g.is_place((rest.key,)))
            )
        if opener and len(run) > 1 and t.key == "the":
            opener = not _place_opens(tokens, run)  # "The Hague"; not "The State Department"
        elif opener and len(run) > 1 and t.key in gazetteer().place_heads:
            nxt = tokens[run[1]].key
            opener = (t.key, nxt) not in two_word_places()  # "New York Times"
        particle = len(run) > 1 and t.key in PARTICLES and t.text.islower()
        date = t.key in DAYS_MONTHS and not (len(run) > 1 and t.key in _MONTH_SHORT)
        if date or opener or not (capitalised(t) or particle):
            run, stripped = run[1:], True
        else:
            break
    while (
        run
        and not known[run[-1]]
        and (
            (not capitalised(tokens[run[-1]]) and tokens[run[-1]].key in JOINERS)
            or tokens[run[-1]].key in DAYS_MONTHS
        )
    ):
        run = run[:-1]
    return run


def _after_portfolio(tokens: Sequence[Token], rest: list[int]) -> int:
    """Where a name starts after "of" and a title's portfolio ("of State", "of State
    for East Asian and Pacific Affairs"): the portfolio goes on across "for", "of" and
    "and" with English words, nationalities and places, which a name seldom is."""
    g = gazetteer()
    start = 2
    if start < len(rest) and tokens[rest[start]].key in OF_WORDS | {"and"}:
        while start < len(rest):
            key = tokens[rest[start]].key
            portfolio = (
                key in JOINERS or g.is_common(key) or _nationality(key) or g.is_place((key,))
            )
            if not portfolio:
                break
            start += 1
    return start


def _place_opens(tokens: Sequence[Token], run: list[int]) -> bool:
    """Whether a whole place's name opens the run: "The Hague", "The Bronx"; a place
    that merely starts with the same words ("The State of Eritrea") does not make "The"
    part of "The State Department"."""
    g = gazetteer()
    keys = tuple(tokens[i].key for i in run[: g.longest_place])
    return any(g.is_place(keys[:n]) for n in range(2, len(keys) + 1))


def _split(run: list[int], cut: Sequence[bool] | set[int]) -> list[list[int]]:
    parts: list[list[int]] = [[]]
    for i in run:
        if i in cut if isinstance(cut, set) else cut[i]:
            parts.append([])
        else:
            parts[-1].append(i)
    return [p for p in parts if p]


def _before_given_name(keys: Sequence[str], opens: bool = False) -> int:
    """Where a person's name starts after a title or nationality: the first given
    name (of two words or more to the end) right after such a word; 0 if none.
    `opens`: the words open a sentence, where a common noun before a given name is
    a role capitalised for the sentence ("Skier Marco Buechel", "Teammate Francois Duval")."""
    g = gazetteer()
    for p in range(1, len(keys) - 1):
        before = keys[p - 1]
        qualifies = (
            before in g.titles
            or before in _TITLES
            or before in TITLE_MODIFIERS
            or (before.endswith("s") and before[:-1] in g.titles)  # "Senators John McCain"
            or before in DEMONYMS
            or before[:-1] in DEMONYMS
            or (opens and p == 1 and _role(before))
        )
        place = g.is_place((before, keys[p]))  # "Latin America and Africa"
        if qualifies and g.is_given_name(keys[p]) and not place:
            return p
    return 0


def _role(key: str) -> bool:
    """A common noun for what someone does ("skier", "pitcher", "teammate"), by its
    ending; not a name's first word that the dictionary also holds ("Abu", "Sabah")."""
    g = gazetteer()
    return (
        key.endswith(("er", "or", "ist", "mate", "ee", "ant", "ent", "ian"))
        and g.is_common(key)
        and not g.is_given_name(key)
        and key not in DEMONYMS
    )


def _nationality(key: str) -> bool:
    """ "Chinese", "Afghan" from the list; "Cambodian", "Burmese" made from a country's name."""
    return key in DEMONYMS or gazetteer().is_nationality(key)


def _owned(keys: Sequence[str]) -> bool:
    """Whether the words after a nationality name a state body or a place of their
    own: "(Afghan) Army", "(Arab) East Jerusalem"; not "British Columbia"."""
    if len(keys) <= 4 and keys[-1] in _STATE_BODIES:
        return True
    if len(keys) > 3 and keys[1] in _MINISTRIES and keys[2] in OF_WORDS:
        return True  # "(Afghan) Ministry of Rural Development"
    g = gazetteer()
    rest = tuple(keys[1:])
    return (
        keys[0] not in _REGIONAL
        and keys[-1] not in PLACE_WORDS  # "Persian Gulf", "Arabian Sea"
        and not g.is_place(tuple(keys))
        and (g.is_place(rest) or (len(rest) > 1 and g.is_place(rest[1:])))
    )


def _region_of_country(keys: Sequence[str]) -> bool:
    """ "Northern Niger", "Eastern Azerbaijan": a part of a country, named by the country;
    not a place of its own name ("Western Sahara", "Northern Ireland")."""
    g = gazetteer()
    return (tuple(keys[1:]) in g.countries) and not g.is_place(tuple(keys))


def _owner(tokens: Sequence[Token], run: list[int], known: Sequence[bool]) -> list[int]:
    """The words before a title that name whose title it is, if they are a name:
    "Hamas" of "Hamas Prime Minister Ismail Haniyeh", "U.S. Federal Reserve" of "U.S.
    Federal Reserve Chairman Paul Volcker"; not "Information" of "Information Minister"."""
    while run and tokens[run[-1]].key in _TITLES | TITLE_MODIFIERS:
        run = run[:-1]
    if not run:
        return []
    g = gazetteer()
    last = tokens[run[-1]]
    named = (
        known[run[-1]]
        or acronym(last)
        or org_word(last.key)
        or g.is_place(tuple(tokens[i].key for i in run))
        or not (g.is_common(last.key) or last.key in _NOT_NAMES)
    )
    return run if named else []  # not "U.S. Assistant" of "U.S. Assistant Secretary"


def _titled_after_and(tokens: Sequence[Token], run: list[int], and_at: list[int]) -> bool:
    """Whether a person's name ends before "and" and a titled person follows it:
    "Secretary of State Condoleezza Rice and Foreign Secretary Jack Straw", "Bill Frist
    and House Speaker Dennis Hastert"; not "Minister of Trade and Industry Peter
    Mandelson" (no title after it), nor "Trade and Industry Secretary" (no name before)."""
    if len(and_at) != 1:
        return False
    g = gazetteer()
    left = [tokens[i].key for i in run if i < and_at[0]]
    right = [tokens[i].key for i in run if i > and_at[0]]
    named = left[-1] not in _KIND_WORDS and any(
        g.is_given_name(k) or not (g.is_common(k) or k in _NOT_NAMES or k in JOINERS)
        for k in left[-3:-1]
    )  # a given name, or a word no English one, before the last: "Condoleezza Rice"
    return named and any(k in TITLE_HEADS for k in right[:-1])


def _one_name_across_and(tokens: Sequence[Token], run: list[int], ands: set[int]) -> bool:
    """Whether "and" sits inside one name: "Bosnia and Herzegovina", "Institute for
    Science and International Security", "European Economic and Monetary Union"; not
    in "the United Nations and African Union", where a name ends before it."""
    keys = tuple(tokens[i].key for i in run)
    if gazetteer().is_place(keys):
        return True
    first, last = min(ands), max(ands)
    if any(tokens[i].key in OF_WORDS for i in run if i < first):
        return True
    if keys[-1] not in _INSTITUTION:
        return False
    left = [i for i in run if i < first]
    titled = [n for n, i in enumerate(left) if tokens[i].key in _TITLES]
    if titled and titled[-1] < len(left) - 1:
        return False  # "Prime Minister Jens Stoltenberg and Nobel-Prize winning ..."
    right = tokens[last + 1]
    if right.text == "The" or acronym(tokens[left[-1]]):
        return False  # "CNN and The Los Angeles Times", "G8 and European Union"
    end = tokens[left[-1]].key  # a name ends before "and": "... Union", "... Nations"
    return len(left) < 2 or not (org_word(end) or end.endswith("s"))


def _phrases(
    tokens: Sequence[Token],
    run: list[int],
    known: Sequence[bool],
    initial: Sequence[bool],
    person_cue: bool = False,
) -> list[_Phrase]:
    """The names in one run: titles cut off, runs split at "and" or known names.
    `person_cue`: a title stood before the run, which is then taken as it is."""
    if not person_cue:
        run = _strip(tokens, run, known, initial)
    if not run:
        return []
    keys = [tokens[i].key for i in run]
    before = run[0] - 1
    if before >= 0 and tokens[run[0]].link == " " and tokens[before].key in _TITLES:
        # a lowercase title, or "Mr." cut off as it opened the sentence
        person_cue = (
            person_cue or tokens[before].text.islower() or tokens[before].key in _HONORIFICS
        )
    and_at = [i for i in run if tokens[i].key == "and" and not known[i]]
    titled = bool(and_at) and any(tokens[i].key in TITLE_HEADS for i in run if i < and_at[0])
    if (
        titled and keys[-1] not in _KIND_WORDS and not any(k in OF_WORDS for k in keys)
    ) or _titled_after_and(tokens, run, and_at):
        # "President Pervez Musharraf and Prime Minister Shaukat Aziz": two people
        parts = _split(run, set(and_at))
        return [p for part in parts for p in _phrases(tokens, part, known, initial)]
    if keys[-1] not in _KIND_WORDS:
        titles = [p for p, k in enumerate(keys[:-1]) if k in _TITLES]
        if titles and not any(k in FIRST_NAMES for k in keys[: titles[-1]]):
            rest = run[titles[-1] + 1 :]
            if tokens[rest[0]].key in OF_WORDS:
                # "Secretary of State Condoleezza Rice": the name starts at a given name,
                # or else after the portfolio ("Minister of State for Disasters Mussa
                # Ecweru"); with nothing after it, no name.
                g = gazetteer()
                given = [k for k in rest[2:] if g.is_given_name(tokens[k].key)]
                start = rest.index(given[0]) if given else _after_portfolio(tokens, rest)
                if len(rest) - start < 1 or (not given and len(rest) - start < 2):
                    return []
                rest = rest[start:]
            owner = _owner(tokens, run[: titles[0]], known)
            return [
                *(_phrases(tokens, owner, known, initial) if owner else []),
                *_phrases(tokens, rest, known, initial, person_cue=True),
            ]
    if (
        len(run) == 2
        and keys[-1] in TITLE_HEADS
        and (acronym(tokens[run[0]]) or gazetteer().is_place((keys[0],)))
    ):
        return _phrases(tokens, run[:1], known, initial)  # "U.S. Ambassador"
    if len(run) >= 3 and keys[-1] not in _KIND_WORDS:
        cut = _before_given_name(keys, initial[run[0]])
        if cut:  # "U.N. Emergency Relief Coordinator Jan Egeland", "German Tommy Haas"
            run, keys, person_cue = run[cut:], keys[cut:], True
    if len(keys) >= 3 and keys[0].endswith("s") and keys[0][:-1] in DEMONYMS:
        return _phrases(tokens, run[1:], known, initial)  # "Jamaicans Asafa Powell"
    if len(keys) == 2 and keys[0] in _REGIONAL and _region_of_country(keys):
        return _phrases(tokens, run[1:], known, initial)  # "Northern Niger": a part of it
    if len(keys) >= 2 and _nationality(keys[0]) and _owned(keys):
        # "Chinese Foreign Ministry", "Arab East Jerusalem": the body or the place is
        # the name, the nationality says whose it is (as "Chinese" alone is no name)
        return _phrases(tokens, run[1:], known, initial)
    ands = {i for i in run if tokens[i].key == "and" and not known[i]}
    if ands and not _one_name_across_and(tokens, run, ands):
        return [p for part in _split(run, ands) for p in _phrases(tokens, part, known, initial)]
    inside = [i for i in run if known[i]]
    if inside:
        plain = [i for i in run if not known[i]]
        institution = tokens[run[-1]].key in _INSTITUTION or any(
            tokens[i].key in _KIND_OR_OF_HEADS for i in plain
        )
        prefix = len(plain) == 1 and plain[0] == run[0] and tokens[run[0]].key not in _NOT_NAMES
        named = any(capitalised(tokens[i]) and tokens[i].key not in _NOT_NAMES for i in plain)
        if not (named and (institution or prefix)):
            return [
                p for part in _split(run, known) for p in _phrases(tokens, part, known, initial)
            ]
    group = keys[-1] in DEMONYMS or (keys[-1].endswith("s") and keys[-1][:-1] in DEMONYMS)
    if group or all(
        (k in _NOT_NAMES or k in PARTICLES) and not acronym(tokens[i])
        for i, k in zip(run, keys, strict=True)
    ):
        return []
    texts = [tokens[i].text for i in run]
    phrase = _Phrase(run, person_cue=person_cue, holds_known=bool(inside))
    if len(run) == 1:
        if texts[0].isupper() and (keys[0] in CAPS_STOP or len(texts[0]) > 8):
            return []
        if discourse_word(tokens[run[0]]) and not acronym(tokens[run[0]]):
            return []  # "Unfortunately" after "U.S.", where the tokens saw no sentence end
        if any(c.isdigit() for c in texts[0]) or len(texts[0]) == 1:
            return []  # a code or a letter, not a name: "H5N1", "A380", "G"
        # a word in capitals for emphasis ("FALSE", "SAVE"), unless the story
        # repeats it: then it is an acronym that happens to spell a rare word ("ABAC")
        phrase.shouted = len(texts[0]) > 3 and texts[0].isupper() and gazetteer().is_common(keys[0])
        phrase.initial = initial[run[0]] and not texts[0].isupper()
    return [phrase]


def find_candidates(
    text: str,
    tokens: Sequence[Token] | None = None,
    known: Sequence[tuple[int, int] | tuple[int, int, str]] = (),
) -> list[NameCandidate]:
    """Proper-noun phrases in `text`, each mention once, in order of appearance.

    `known` holds (start, end) or (start, end, kind) character spans already matched
    to known entities: they never become candidates themselves, but may sit inside a
    longer new name; with the kind, a lone sentence-initial surname of a known person
    or first word of a known organisation is kept as a short mention.
    """
    if tokens is None:
        tokens = tokenize(text)
    is_known = [False] * len(tokens)
    known_heads: set[str] = set()
    known_tails: set[str] = set()
    s = 0
    spans = sorted((span[0], span[1], span[2] if len(span) > 2 else "") for span in known)
    for i, t in enumerate(tokens):
        while s < len(spans) and spans[s][1] <= t.start:
            s += 1
        if s < len(spans) and spans[s][0] < t.end:
            start, end, kind = spans[s]
            is_known[i] = True
            if start == t.start and end != t.end and kind in ("organisation", ""):
                known_heads.add(t.key)
            if end == t.end and start != t.start and kind in ("person", ""):
                known_tails.add(t.key)
    blocked = line_blocks(text, tokens)
    initial = [t.sentence_start or _after_initialism(tokens, i) for i, t in enumerate(tokens)]
    phrases = [
        _Phrase(run, kind=kind, name=name)
        for run, kind, name in datelines(text, tokens, blocked, is_known, initial)
    ]
    for run in runs(text, tokens, blocked, is_known):
        phrases.extend(_phrases(tokens, run, is_known, initial))
    phrases.sort(key=lambda p: p.run[0])
    return _resolve(text, tokens, phrases, known_heads, known_tails, modifiers(text, tokens))


def _after_initialism(tokens: Sequence[Token], i: int) -> bool:
    """A sentence that opens after an initialism's full stop, which the tokens read as
    part of the word ("... in the U.S. The U.S. government"): a capitalised common
    word there opens the sentence, as "The" does."""
    t = tokens[i]
    return (
        i > 0
        and tokens[i - 1].text.endswith(".")
        and t.link == " "
        and t.text[:1].isupper()
        and not t.text.isupper()
        and discourse_word(t)
    )


def _after_the(tokens: Sequence[Token], p: _Phrase) -> bool:
    """Written after a lowercase "the": "the Brotherhood", which no person is."""
    before = p.run[0] - 1
    return before >= 0 and tokens[before].text == "the" and tokens[p.run[0]].link == " "


def _defined_acronyms(
    tokens: Sequence[Token], phrases: list[_Phrase], keys_of: dict[int, tuple[str, ...]]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Acronyms defined in brackets after a name, and that name: "the Syrian Arab News
    Agency (SANA)", "the Democratic Republic of Congo (DRC)". An acronym so defined
    has the name's kind (alone, capitals would make it an organisation)."""
    by_end = {p.run[-1]: p for p in phrases if len(p.run) > 1 and not p.kind}
    defined: dict[tuple[str, ...], tuple[str, ...]] = {}
    for p in phrases:
        start = p.run[0]
        if len(p.run) == 1 and acronym(tokens[start]) and tokens[start].link == "(":
            name = by_end.get(start - 1)
            if name is not None:
                defined.setdefault(keys_of[id(p)], keys_of[id(name)])
    return defined


def _end(text: str, last: Token) -> int:
    """Where a name ends: after the full stop of an abbreviation that ends it ("Timex
    Inc.", "William Clay Ford Jr."), which the words alone leave out."""
    if last.key in ABBREVIATIONS and text[last.end : last.end + 1] == ".":
        return last.end + 1
    return last.end


def _placed(scores: dict[str, float] | None) -> bool:
    """Whether a name's own mentions say it is a place ("in Baluchistan", "the province
    of Baluchistan"), so that it is not short for an organisation named after it
    ("Baluchistan Liberation Army")."""
    return scores is not None and scores["place"] > 0 and scores["place"] == max(scores.values())


def _place_tail(keys: Sequence[str], cut: int) -> bool:
    """Whether the words from `cut` on are a place rather than a surname: a country
    ("Sudan" of "John Garang South Sudan"), or a place after no given name ("Jerusalem"
    of "Arab East Jerusalem"; but "Jordan" of "Michael Jordan" is his surname)."""
    g = gazetteer()
    tail = tuple(keys[cut:])
    return tail in g.countries or (g.is_place(tail) and not g.is_given_name(keys[0]))


def _resolve(
    text: str,
    tokens: Sequence[Token],
    phrases: list[_Phrase],
    known_heads: set[str],
    known_tails: set[str],
    modifiers: set[int],
) -> list[NameCandidate]:
    """Filter lone sentence-initial words, guess kinds, link short mentions. A name
    only ever written as a modifier ("U.S.-mediated") is left out: no mention of its own."""
    keys_of = {id(p): tuple(tokens[i].key for i in p.run) for p in phrases}
    singles = {keys_of[id(p)][0] for p in phrases if len(p.run) == 1 and not p.initial}
    longer = [keys_of[id(p)] for p in phrases if len(p.run) > 1]
    tails = {k[-1] for k in longer} | known_tails
    heads = {k[0] for k in longer} | known_heads
    lower = {t.key for t in tokens if t.text.islower()}
    shouted = Counter(keys_of[id(p)] for p in phrases if p.shouted)

    named = {keys_of[id(p)] for p in phrases if p.run[-1] not in modifiers}

    def keep(p: _Phrase) -> bool:
        if p.run[-1] in modifiers and keys_of[id(p)] not in named:
            return False
        if len(p.run) > 1:
            return True
        if p.shouted:
            return shouted[keys_of[id(p)]] > 1
        i = p.run[0]
        if not p.initial:
            return not adjective_not_name(tokens, i)
        key = keys_of[id(p)][0]
        end = i + 1
        possessive = end < len(tokens) and tokens[end].link.startswith("'s")
        if key in LEGISLATURES:
            return True  # "Parliament voted", though "the parliament" is written too
        if key in lower:
            return False
        if key in singles or key in tails or key in heads or possessive:
            return True
        return lone_initial_is_name(tokens, i)

    phrases = [p for p in phrases if keep(p)]
    all_singles = {keys_of[id(p)][0] for p in phrases if len(p.run) == 1}
    # "the Brotherhood" after "the Muslim Brotherhood" is not a surname
    after_the = {keys_of[id(p)][0] for p in phrases if len(p.run) == 1 and _after_the(tokens, p)}
    evidence: dict[tuple[str, ...], dict[str, float]] = {}  # every mention's, per name
    for p in phrases:
        keys = keys_of[id(p)]
        if p.kind:
            continue
        scores = kind_scores(
            tokens,
            p.run,
            person_cue=p.person_cue,
            surname_used=len(keys) > 1
            and keys[-1] in all_singles - after_the
            and not _place_tail(keys, len(keys) - 1),
            head_used=len(keys) > 1
            and ((keys[0] in all_singles and keys[0] not in _NOT_NAMES) or keys[-1] in after_the),
            holds_known=p.holds_known,
            leads=p.run[-1] in modifiers and tokens[p.run[-1] + 1].key in _LEADS,
        )
        total = evidence.setdefault(keys, dict.fromkeys(scores, 0.0))
        for kind, score in scores.items():
            total[kind] += score
    defined = _defined_acronyms(tokens, phrases, keys_of)
    for p in phrases:
        if not p.kind:
            source = defined.get(keys_of[id(p)], keys_of[id(p)])
            p.kind = decide(source, evidence[source])
        if not p.name:
            start, end = tokens[p.run[0]].start, _end(text, tokens[p.run[-1]])
            p.name = " ".join(text[start:end].split())
    full: dict[tuple[str, ...], _Phrase] = {}
    for p in phrases:
        keys = keys_of[id(p)]
        if len(keys) < 2:
            continue
        if p.kind == "person":
            for cut in range(1, len(keys)):
                tail = keys[cut:]
                if (len(tail) > 1 or tail[0] not in PARTICLES) and not _place_tail(keys, cut):
                    full.setdefault(tail, p)
        elif p.kind == "organisation":
            head = tokens[p.run[0]]
            if (
                keys[0] not in _NO_SHORT_FORM
                and not org_word(keys[0])  # "Senate" is not "Senate Armed Services Committee"
                and not acronym(head)
                and not gazetteer().is_place(keys[:1])  # "China" is not "China Daily"
                and not _placed(evidence.get(keys[:1]))  # "in Baluchistan"
            ):
                full.setdefault(keys[:1], p)  # "Castlebridge" of "Castlebridge Athletic"
            for cut in range(1, len(keys) - 1):  # "Security Council" of "UN Security Council"
                if keys[cut] not in OF_WORDS | PARTICLES:
                    full.setdefault(keys[cut:], p)
    out = []
    for p in phrases:
        start, end = tokens[p.run[0]].start, _end(text, tokens[p.run[-1]])
        target = full.get(keys_of[id(p)])
        name, kind = (target.name, target.kind) if target is not None else (p.name, p.kind)
        out.append(NameCandidate(start, end, text[start:end], name, kind))
    return out
