"""Guessing the kind of a new name from its words and the words around it.

Each cue adds to a score per kind and the best score wins, so cues can disagree:
"Castlebridge Athletic said" has an organisation suffix (strong) and a speech verb
(weak). Strongest first: a head or suffix word (Ministry, Council -> organisation;
Summit, Festival, and Hurricane before a storm's name -> event; River, Port -> place; a
venue word -> place, unless "for" or "of" makes it an institution), a title before the
name (person), a lowercase noun in apposition ("the operator MTN", "Statnett, the grid
operator"), how the text refers back to it (by surname -> person, by first word ->
organisation), a known given name or a lowercase syllable of one ("Ban Ki-moon"), a
compass point before an unknown word ("North Waziristan" -> place), a capitalised title
after it ("Hamas Prime Minister" -> organisation), "-led" or "-backed" after it
(organisation), a preposition before it ("in", "from" -> place), "the" before it (not a
person), a speech verb after it (a person or a group), an acronym. With no cue several
plain words are a person and one word a place; "topic" is a rare fallback.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsroom.text.gazetteer import gazetteer
from newsroom.text.lexicon import (
    COMPANY_NOUNS,
    DEMONYMS,
    EVENT_WORDS,
    JOINERS,
    ORG_HEADS,
    ORG_NOUNS,
    ORG_WORDS,
    PARTICLES,
    PERSON_NOUNS,
    PLACE_CUES,
    PLACE_HEADS,
    PLACE_NOUNS,
    PLACE_WORDS,
    SEATS_OF_POWER,
    SPEECH_VERBS,
    STORM_HEADS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    VENUE_WORDS,
)
from newsroom.text.tokens import Token

_OF = frozenset({"of", "for"})
_SUFFIXES = ORG_WORDS | EVENT_WORDS | PLACE_WORDS | VENUE_WORDS
_CONNECTORS = frozenset({"of", "for", "on", "de", "du", "des", "del", "della", "di", "da"})
_ARTICLES = frozenset({"the", "a", "an", "its", "their", "his", "her"})
# Nouns after a name that make it a group: "Hamas militants", "Taleban fighters".
_MEMBERS = frozenset(
    {"militants", "fighters", "insurgents", "rebels", "guerrillas", "members", "militia"}
    | {"spokesman", "spokeswoman", "spokesperson", "loyalists", "activists", "gunmen"}
)
_POINTS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
)
_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
    | {"central", "upper", "lower", "greater", "new", "old"}
)


def org_word(key: str) -> bool:
    """ "Council", also in the plural: "Popular Resistance Committees"."""
    if key in ORG_WORDS:
        return True
    if key.endswith("ies"):
        return key[:-3] + "y" in ORG_WORDS
    return key.endswith("s") and key[:-1] in ORG_WORDS


def _apposition(tokens: Sequence[Token], run: Sequence[int]) -> str | None:
    """The kind a lowercase noun next to the name implies, if any."""
    after = run[-1] + 1
    # a noun after the name heads the phrase, so it outweighs one before it:
    # "the official Xinhua news agency", "Hamas militants"
    for t in tokens[after : after + 2]:
        if t.link != " " or not t.text.islower():
            break
        if t.key in ORG_NOUNS or t.key in _MEMBERS:
            return "organisation"
        if t.key == "administration":
            return "person"  # "the Bush administration"
    before = run[0] - 1
    link = tokens[run[0]].link
    # "the state-run gas company, Gazprom"; but "the head of the party, William Lara"
    if (
        link == ","
        and before >= 0
        and tokens[before].key in COMPANY_NOUNS
        and not gazetteer().is_given_name(tokens[run[0]].key)
    ):
        link = " "
    if before >= 0 and link == " " and tokens[before].text.islower():
        noun = tokens[before].key
        if noun in COMPANY_NOUNS:
            return "organisation"
        if noun in PERSON_NOUNS:
            return "person"
    kind = None
    if after < len(tokens) and tokens[after].link == "," and tokens[after].key in _ARTICLES:
        for t in tokens[after + 1 : after + 6]:  # the last noun heads the phrase
            if t.link not in (" ", "") or not (t.text.islower() or t.key in DEMONYMS):
                break
            if t.key in ORG_NOUNS:
                kind = "organisation"
            elif t.key in PERSON_NOUNS:
                kind = "person"
            elif t.key in PLACE_NOUNS:
                kind = "place"
    return kind


_THE_PLACE = frozenset({"in", "near", "at", "across", "through", "into", "inside", "outside"})
# Words after a name that make it the subject of a verb, not a modifier of a noun.
_VERB_NEXT = frozenset(
    {"is", "was", "were", "are", "has", "have", "had", "will", "would", "could", "can"}
    | {"may", "might", "should", "must", "also", "later", "still", "now", "says", "said"}
)


def _the_group(tokens: Sequence[Token], run: Sequence[int]) -> bool:
    """One unknown word after "the" that heads its phrase: "the Taleban were ousted",
    "critics of the Kremlin". Not a modifier ("the Sangin district"), not after "in"
    ("in the Himalayas"), not a compass point ("the West")."""
    if len(run) != 1:
        return False
    key = tokens[run[0]].key
    if key in _DIRECTIONS or gazetteer().is_place((key,)):
        return False
    the = run[0] - 1
    if the > 0 and tokens[the - 1].key in _THE_PLACE:
        return False
    after = run[0] + 1
    if after >= len(tokens) or tokens[after].link != " " or not tokens[after].text.islower():
        return True
    nxt = tokens[after].key
    return nxt in _VERB_NEXT or nxt in SPEECH_VERBS or nxt.endswith("ed")


def _head_noun(keys: Sequence[str]) -> str:
    """The word that says what an "X of Y" name is: "Bank" in "Central Bank of Jordan"."""
    if keys[-1] in _SUFFIXES:
        return keys[-1]  # "Bay of Kel Summit" is a summit
    for i, key in enumerate(keys[1:], start=1):
        if key in _CONNECTORS:
            return keys[i - 1]
    return keys[-1]


def guess_kind(
    tokens: Sequence[Token],
    run: Sequence[int],
    *,
    person_cue: bool = False,
    surname_used: bool = False,
    head_used: bool = False,
    holds_known: bool = False,
) -> str:
    """The likeliest kind of the name made of `tokens[i] for i in run`."""
    scores = kind_scores(
        tokens,
        run,
        person_cue=person_cue,
        surname_used=surname_used,
        head_used=head_used,
        holds_known=holds_known,
    )
    return decide([tokens[i].key for i in run], scores)


def decide(keys: Sequence[str], scores: dict[str, float]) -> str:
    """The kind with the best score; with no evidence at all, what the words suggest.
    Scores of several mentions of one name may be added up first, so that "in Darfur"
    once makes every "Darfur" of the story a place."""
    best = max(scores, key=lambda k: scores[k])
    if scores[best] > 0:
        return best
    last = keys[-1]
    if len(keys) == 1 and (last.endswith("ism") or any(c.isdigit() for c in last)):
        return "topic"
    return _by_words(keys)


def kind_scores(
    tokens: Sequence[Token],
    run: Sequence[int],
    *,
    person_cue: bool = False,
    surname_used: bool = False,
    head_used: bool = False,
    holds_known: bool = False,
    leads: bool = False,
) -> dict[str, float]:
    """The evidence for each kind of the name made of `tokens[i] for i in run`.
    `leads`: the name is hyphenated to "led", "backed" and the like ("Hamas-led"), which
    says a group, as people lead too but are seldom written so."""
    keys = [tokens[i].key for i in run]
    texts = [tokens[i].text for i in run]
    scores = {"person": 0.0, "organisation": 0.0, "place": 0.0, "event": 0.0}
    last, head = _head_noun(keys), keys[0]
    institution = any(k in _OF for k in keys)
    if last in VENUE_WORDS and not institution:
        scores["place"] += 3
    elif org_word(last) or last in VENUE_WORDS:
        scores["organisation"] += 3
    if any(k in ORG_WORDS and k not in VENUE_WORDS for k in keys[:-1]):
        scores["organisation"] += 2  # "Climate Action Network Europe"
    if last in EVENT_WORDS:
        scores["event"] += 3.5
    if len(keys) > 1 and any(k in STORM_HEADS for k in keys[:2]):
        scores["event"] += 5  # "Hurricane Katrina", "Tropical Storm Wilma"
    if last in PLACE_WORDS:
        scores["place"] += 3
    if tuple(keys) in SEATS_OF_POWER:
        scores["organisation"] += 6  # "the White House said": the government, not the house
    if len(keys) > 1 and head in ORG_HEADS and institution:
        scores["organisation"] += 3
    if len(keys) > 1 and head in PLACE_HEADS:
        scores["place"] += 2.5
    if any("&" in tokens[i].link for i in run[1:]):
        scores["organisation"] += 3
    if person_cue:
        scores["person"] += 4
    appositive = _apposition(tokens, run)
    if appositive:
        scores[appositive] += 3
    if surname_used and len(keys) > 1:
        scores["person"] += 2
    if head_used and len(keys) > 1:
        scores["organisation"] += 2
    g = gazetteer()
    if (
        len(keys) > 1
        and g.is_given_name(head)
        and not (institution or last in _SUFFIXES or g.is_place(tuple(keys)))
    ):
        scores["person"] += 2.5 if not g.is_common(head) else 1.5
    if g.is_place(tuple(keys)):
        scores["place"] += 5  # "Syria", "Saudi Arabia", "US", "Geneva"
    elif len(keys) > 1 and head in _DIRECTIONS and g.is_place(tuple(keys[1:])):
        scores["place"] += 4  # "South Darfur", "northern Iraq"
    elif len(keys) == 2 and head in _POINTS and not g.is_common(keys[1]):
        scores["place"] += 2  # "North Waziristan", "South Ossetia": a region of somewhere
    if len(keys) > 1 and any(k in PARTICLES for k in keys[:-1]):
        scores["person"] += 1
    if any(t.islower() and k not in JOINERS for t, k in zip(texts, keys, strict=True)):
        scores["person"] += 3  # a given name's lowercase syllable: "Ban Ki-moon"
    before = run[0] - 1
    if before >= 0 and tokens[run[0]].link == " ":
        prev = tokens[before].key
        of_place = prev in _OF and before > 0 and tokens[before - 1].key in PLACE_CUES
        if prev in PLACE_CUES or of_place:  # "in Kel", "the city of Kel"
            scores["place"] += 2
        elif tokens[before].key == "the" and (tokens[before].text == "the" or len(run) == 1):
            # people take no article ("the Brotherhood"); groups and places both do
            # ("the Taleban", "the Negev"), so it tells neither
            scores["person"] -= 2
            if _the_group(tokens, run):
                scores["organisation"] += 1
    after = run[-1] + 1
    title_after = (
        after < len(tokens)
        and tokens[after].link == " "
        and tokens[after].text[:1].isupper()
        and (tokens[after].key in TITLE_HEADS or tokens[after].key in TITLE_MODIFIERS)
    )
    if title_after:
        scores["organisation"] += 2  # whose title it is: "Hamas Prime Minister Haniyeh"
    if leads:
        scores["organisation"] += 2  # "a Hamas-led government", "Taleban-linked"
    if after < len(tokens) and tokens[after].key in SPEECH_VERBS and not texts[0].isupper():
        # people and groups speak, places (but known countries) do not: "Haddad said",
        # and "Hamas said", which "the Hamas" elsewhere makes a group
        scores["person"] += 1 if len(keys) > 1 else 0.5
        scores["organisation"] += 0.5
    if all(t.isupper() for t in texts) and len("".join(texts)) > 1:
        scores["organisation"] += 2.5  # an acronym: "MTN", "ALPHA-X"
    if holds_known and head not in PLACE_HEADS:
        scores["organisation"] += 1.5  # a brand on a known name: "Air France"
    return scores


def _by_words(keys: Sequence[str]) -> str:
    """No cue: what the words themselves suggest. People's names are seldom English
    words ("Mordechai Vanunu"), organisations' often are ("Revolutionary Guards");
    a single word with no cue anywhere in the story is most often a place the
    gazetteer is too small to hold ("Tarmiyah", "Polonnaruwa")."""
    g = gazetteer()
    common = sum(1 for k in keys if g.is_common(k) or k in PARTICLES)
    if len(keys) == 1:
        return "place"
    return "organisation" if common * 2 > len(keys) else "person"


_ADJECTIVE_ENDINGS = ("an", "ese", "ish", "ite", "ic", "al")
_PLURAL_ADJECTIVE_ENDINGS = ("ans", "ites", "ists", "ics", "is", "crats")


def adjective_not_name(tokens: Sequence[Token], i: int) -> bool:
    """A lone capitalised word that qualifies a noun or names a group of people, not an
    entity: "Republican lawmakers", "Soviet republic", "Shi'ite militants", "Sunnis",
    "Socialists". A place the gazetteer knows ("Iran", "Sudan") is never one."""
    t = tokens[i]
    key = t.key
    if len(key) < 4 or t.text.isupper():
        return False
    g = gazetteer()
    if g.is_place((key,)):
        return False
    if key.endswith("s") and key[:-1] in DEMONYMS:
        return True  # "Muslims", "Kurds"
    if key.endswith(_PLURAL_ADJECTIVE_ENDINGS) and (
        key[:-1] in DEMONYMS or g.is_common(key[:-1]) or key[:-1].endswith(_ADJECTIVE_ENDINGS)
    ):
        return True  # "Democrats", "Muslims", "Sunnis"
    adjective = key.endswith(_ADJECTIVE_ENDINGS) and (
        g.is_common(key) or key.endswith(("ian", "ese", "ish", "ic"))
    )
    if not (adjective or key in DEMONYMS) or g.is_given_name(key):
        return False  # "Taleban militants" is a name: no English word ends like that
    after = i + 1
    if after >= len(tokens) or tokens[after].link != " " or not tokens[after].text.islower():
        return False
    noun = tokens[after].key
    return noun not in SPEECH_VERBS and g.is_common(noun)


def lone_initial_is_name(tokens: Sequence[Token], i: int) -> bool:
    """Whether one capitalised word that opens a sentence, with nothing else in the story
    vouching for it, is a name: a place the gazetteer knows ("Pakistan"), or a word no
    English word list holds ("Zarqawi", "Hezbollah") and not a group of people; a
    common word ("Constitution", "Government") or a given name alone ("Amira") is
    not, nor two common words written as one ("Worldwide", "Firefighters"), unless
    "said" or "told" follows a word that is not a plural ("Bush said", but not
    "Officials said")."""
    t = tokens[i]
    key = t.key
    g = gazetteer()
    if g.is_place((key,)) or (t.text.isupper() and len(t.text) > 1):
        return True  # "Pakistan", "AU officials say"
    if key in DEMONYMS or adjective_not_name(tokens, i):
        return False
    after = i + 1
    speaks = after < len(tokens) and tokens[after].key in SPEECH_VERBS
    speaks = speaks and tokens[after].link == " "
    if not g.is_common(key) and not g.is_given_name(key) and not g.is_compound(key):
        return True
    return speaks and not key.endswith("s")  # a given name alone needs a cue too
