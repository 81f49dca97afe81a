"""Where runs of capitalised words begin and end in a text, before they are judged as
names (`candidates`): the capitals and acronyms, the lines that give no names
(headlines in title case, lines in capitals, quoted titles of works), the words that
join a run (particles, a given name's lowercase syllable, "of" after an organisation's
head or a common noun capitalised mid-sentence, a group's possessive) and those that
end one (a weekday, a capitalised "In", a hyphen between two places).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

from newsroom.text.gazetteer import gazetteer
from newsroom.text.kinds import org_word
from newsroom.text.lexicon import (
    COMMON_WORDS,
    DAYS_MONTHS,
    DEMONYMS,
    EVENT_WORDS,
    ON_HEADS,
    ORG_HEADS,
    ORG_WORDS,
    PARTICLES,
    PLACE_HEADS,
    PLACE_WORDS,
    TITLE_HEADS,
    VENUE_WORDS,
)
from newsroom.text.tokens import Token

OF_WORDS = frozenset({"of", "for"})
_WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
_NOT_SYLLABLES = COMMON_WORDS | {"era", "style", "born", "run", "wide", "like", "free", "made"}
_PREPOSITIONS = frozenset({"in", "at", "from", "on", "by", "to", "with", "into", "the"})
_GROUP_NOUNS = frozenset({"people", "lord", "women", "children", "men", "workers"})
_LINE_SKIP = OF_WORDS | {"the", "and"}
# Words a title-case headline leaves in lowercase.
_TITLE_SMALL = _LINE_SKIP | {
    "a", "an", "and", "but", "or", "nor", "as", "at", "by", "for", "from", "in", "into",
    "of", "off", "on", "onto", "over", "per", "than", "to", "up", "upon", "via", "vs", "with",
}  # fmt: skip
_APOSTROPHES = "'\u2019\u02bc"
_QUOTED = re.compile(r"\u201c[^\u201d\n]{1,80}\u201d|\"[^\"\n]{1,80}\"")
# Words after which "of"/"for" stays inside a name ("Ministry of Finance", "Horn of Africa").
OF_HEADS = (
    ORG_WORDS | EVENT_WORDS | PLACE_WORDS | VENUE_WORDS | ORG_HEADS | PLACE_HEADS | TITLE_HEADS
)


def capitalised(t: Token) -> bool:
    """Capitalised, also after an elided particle: "l'Avenir", "d'Ivoire"."""
    word = t.text
    if word[:1].isupper():
        return True
    return len(word) > 2 and word[1] in _APOSTROPHES and word[2].isupper()


def acronym(t: Token) -> bool:
    """ "WHO", "UN", "U.S.": capitals, so not the common word they spell."""
    return len(t.text) > 1 and t.text.isupper()


def line_blocks(text: str, tokens: Sequence[Token]) -> list[bool]:
    """Tokens on title-case lines (headlines), lines in capitals, or in short quotes."""
    blocked = [False] * len(tokens)
    start = 0
    while start < len(tokens):
        end = start + 1
        while end < len(tokens) and "\n" not in text[tokens[end - 1].end : tokens[end].start]:
            end += 1
        words = [t for t in tokens[start:end] if t.key not in _LINE_SKIP]
        caps = sum(1 for t in words if capitalised(t))
        shouting = sum(1 for t in words if t.text.isupper() and len(t.text) > 1)
        title_case = caps >= 0.75 * len(words) and not _sentence(text, tokens, start, end)
        if len(words) >= 4 and (title_case or shouting >= 0.6 * len(words)):
            blocked[start:end] = [True] * (end - start)
        start = end
    starts = [t.start for t in tokens]
    for m in _QUOTED.finditer(text):
        first = bisect_right(starts, m.start())
        inside = list(range(first, bisect_left(starts, m.end(), lo=first)))
        if inside and len(inside) <= 6 and capitalised(tokens[inside[0]]):
            for i in inside:
                blocked[i] = True
    return blocked


def _sentence(text: str, tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether the line of tokens `start:end` is a sentence full of names ("President
    Joe Biden met Chancellor Olaf Scholz at the White House."), not a headline in title
    case: a word in lowercase besides the small ones a title leaves so, and a full stop
    at its end, which headlines do not take (a question mark they do: "Can Biden Win in
    Ohio Again?")."""
    words = tokens[start:end]
    if not any(t.text[:1].islower() for t in words if t.key not in _TITLE_SMALL):
        return False
    stop = tokens[end].start if end < len(tokens) else len(text)
    tail = text[tokens[end - 1].end : stop].split("\n", 1)[0].strip()
    return tail[:1] == "." or tail[1:2] == "."  # (after a closing quote or bracket)


def modifiers(text: str, tokens: Sequence[Token]) -> set[int]:
    """Last words of names hyphenated to a participle, which modify a noun: "U.S." of
    "U.S.-mediated talks", "Iraq" of "an Iraq-based group"."""
    return {
        k - 1
        for k in range(1, len(tokens))
        if tokens[k].key.endswith("ed")
        and tokens[k].text.islower()
        and text[tokens[k - 1].end : tokens[k].start] == "-"
    }


def runs(
    text: str, tokens: Sequence[Token], blocked: Sequence[bool], known: Sequence[bool]
) -> list[list[int]]:
    """Token indices of each capitalised run (see the module notes)."""
    runs: list[list[int]] = []
    n = len(tokens)

    def word(k: int) -> bool:
        return not blocked[k] and (known[k] or capitalised(tokens[k]))

    i = 0
    while i < n:
        t = tokens[i]
        opens = word(i) or (
            not blocked[i]
            and t.key in PARTICLES
            and t.text.islower()
            and i + 1 < n
            and tokens[i + 1].link == " "
            and word(i + 1)
        )
        if not opens:
            i += 1
            continue
        run: list[int] = [i]
        pending: list[int] = []
        chained = False  # "Royal Society for the Conservation of Nature": "of" again
        k = i + 1
        while k < n and not blocked[k] and len(pending) <= 2:
            tk = tokens[k]
            if tk.link not in (" ", "&") and (pending or not _possessive_join(tokens, k)):
                break
            head = tokens[run[-1]].key
            if word(k):
                if pending and tokens[k].key in DAYS_MONTHS:
                    break
                if not known[k] and (tk.key in _WEEKDAYS or capital_preposition(tk)):
                    break  # "told the Associated Press Thursday", "Hekmatyar In Afghanistan"
                if tokens[run[-1]].text.endswith(".") and discourse_word(tk):
                    break  # "... the U.S. The talks": a sentence the tokens could not see end
                if _two_places(text, tokens, k):
                    break  # "the Egypt-Gaza border", "U.S.-Mexico talks"
                chained = chained or any(tokens[p].key in OF_WORDS for p in pending)
                run.extend(pending)
                run.append(k)
                pending = []
            elif not pending and _syllable(text, tokens, run, k):
                run.append(k)
            elif tk.text.islower() and (
                tk.key in PARTICLES
                or (not pending and _hyphen_joiner(text, tokens, k))
                or (
                    tk.key in OF_WORDS
                    and not pending
                    and (
                        head in OF_HEADS
                        or chained
                        or head in _places_of()
                        or (len(run) == 1 and _capitalised_noun(tokens[run[-1]]))
                    )
                )
                or (tk.key == "on" and not pending and head in ON_HEADS)
                or (tk.key == "and" and not pending)
                or (tk.key == "the" and pending and tokens[pending[-1]].key in OF_WORDS)
            ):
                pending.append(k)
            else:
                break
            k += 1
        runs.append(run)
        i = run[-1] + 1
    return runs


def _capitalised_noun(t: Token) -> bool:
    """A common noun capitalised inside a sentence, which only a name's first word is:
    "of" after it goes on with the name ("Voice of America", "Line of Control"); not
    after a name's last word ("Bode Miller of the United States")."""
    return (
        not t.sentence_start
        and t.text[:1].isupper()
        and t.text[1:].islower()
        and t.key not in DEMONYMS
        and t.key not in COMMON_WORDS
        and gazetteer().is_common(t.key)
        and not gazetteer().is_place((t.key,))
    )


def _syllable(text: str, tokens: Sequence[Token], run: list[int], k: int) -> bool:
    """The lowercase second half of a Korean or Chinese given name: "Ban Ki-moon",
    "Chen Shui-bian" (not "Iraq-based", "Soviet-era": no name before them)."""
    t, before = tokens[k], tokens[k - 1]
    return (
        len(run) >= 2
        and text[before.end : t.start] == "-"
        and before.text.istitle()
        and len(before.text) <= 5
        and t.text.isalpha()
        and t.text.islower()
        and len(t.text) <= 5
        and not t.key.endswith(("ed", "ing"))
        and t.key not in _NOT_SYLLABLES
    )


def discourse_word(t: Token) -> bool:
    """A word that opens a sentence but no name: "The", "After", "Meantime",
    "Unfortunately" (an adverb in "-ly" the dictionary holds)."""
    key = t.key
    return key in COMMON_WORDS or (key.endswith("ly") and key in gazetteer().common_words)


def _hyphen_joiner(text: str, tokens: Sequence[Token], k: int) -> bool:
    """A short lowercase word hyphenated between two capitalised ones: "Rostov-on-Don",
    "Stratford-upon-Avon", "Pol-e-Charkhi"."""
    t = tokens[k]
    return (
        len(t.text) <= 4
        and k + 1 < len(tokens)
        and text[tokens[k - 1].end : t.start] == "-"
        and text[t.end : tokens[k + 1].start] == "-"
        and capitalised(tokens[k + 1])
    )


def _two_places(text: str, tokens: Sequence[Token], k: int) -> bool:
    """Two places or nationalities hyphenated into a modifier ("Egypt-Gaza", "Thai-Burma"),
    not one place's name ("Guinea-Bissau")."""
    if text[tokens[k - 1].end : tokens[k].start] != "-":
        return False
    g = gazetteer()
    a, b = tokens[k - 1].key, tokens[k].key
    return (
        (g.is_place((a,)) or a in DEMONYMS)
        and (g.is_place((b,)) or b in DEMONYMS)
        and not g.is_place((a, b))
    )


def capital_preposition(t: Token) -> bool:
    """ "In", "From", "The" inside a run: a headline glued to the sentence after it."""
    return t.key in _PREPOSITIONS and t.text[0].isupper() and not t.text.isupper()


def _possessive_join(tokens: Sequence[Token], k: int) -> bool:
    """Whether an organisation's name goes on across a possessive: "Lord's Resistance
    Army", "Kurdistan Workers' Party", "People's Liberation Army". The word before
    names a group of people and the capitalised words after end in an organisation
    word; "Russia's Federal Security Service" is Russia's, not one name."""
    before, link = tokens[k - 1].key, tokens[k].link
    group = before in _GROUP_NOUNS if link == "'s" else link == "'" and before.endswith("s")
    if not group or not capitalised(tokens[k]) or not gazetteer().is_common(before):
        return False
    j = k
    while j + 1 < len(tokens) and tokens[j + 1].link == " " and capitalised(tokens[j + 1]):
        j += 1
    return org_word(tokens[j].key)


@cache
def _places_of() -> frozenset[str]:
    """First words of places named "X of Y": "horn" of "Horn of Africa"."""
    return frozenset(p[0] for p in gazetteer().places if len(p) > 2 and p[1] == "of")


@cache
def two_word_places() -> frozenset[tuple[str, ...]]:
    """The first two words of every place of two words or more ("new", "york")."""
    return frozenset(p[:2] for p in gazetteer().places if len(p) > 1)
