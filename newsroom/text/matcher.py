"""Every known entity in a text, by any of its names: a word-level multi-pattern matcher.

Built once from (entity_id, surface form) pairs, then kept up to date with `add`,
`remove_entity` and `set_entity`; no regex per name. Why words, not characters:
names must match whole words only, and case is judged word by word, so the unit of
the automaton is the word. Each form is cut with `tokens.tokenize` and stored under
its joined key ("united nations"); every proper prefix of a key is counted in a
second table, so a scan walks forward from each word only while some name still
continues. The cost is O(words x longest name walked), a dict lookup per step:
a 1,500-word story is a few milliseconds whatever the number of names.

Case rules, per word of the stored form:
- lower-case or caseless words (particles "al", "de"; topics; Arabic, Hebrew)
  match in any case, so "inflation" matches "Inflation" and "al" matches "Al";
- an all-caps word of two or more letters (an acronym: "UN", "WHO", "U.N.") matches
  only in capitals, so "UN" never matches French "un" or "Un"; four letters or more
  also match their title-case spelling ("Nato" for "NATO");
- a capitalised word ("Nations", "O'Connor") needs a capital in the text;
- a word like "iPhone" or "d'Ivoire" matches as written or in capitals.
A one-word name that is also a common word ("May", "Will") is not matched where it
opens a sentence. When matches overlap, the longest wins ("United Nations Security
Council" over "United Nations"); a span that names two entities yields both.

Not thread-safe for writes: mutate from one thread while nobody is reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsroom.text.lexicon import COMMON_WORDS, DAYS_MONTHS
from newsroom.text.tokens import Token, tokenize

_ANY, _UPPER, _TITLE, _EXACT = range(4)
_SENTENCE_WORDS = COMMON_WORDS | DAYS_MONTHS


@dataclass(frozen=True, slots=True)
class Match:
    """One mention: `text[start:end]` is the mention as written."""

    start: int
    end: int
    text: str
    entity_id: int
    form: str  # the stored name or alias that matched


@dataclass(frozen=True, slots=True)
class _Form:
    entity_id: int
    surface: str
    shapes: tuple[tuple[int, str], ...]  # (case rule, word as written) per word


def _shape(word: str) -> int:
    if word.islower() or word.lower() == word.upper():
        return _ANY
    if word.isupper():
        return _UPPER if len(word) >= 2 else _TITLE
    return _TITLE if word[0].isupper() else _EXACT


def _case_ok(shape: int, pattern: str, word: str) -> bool:
    if shape == _ANY:
        return True
    if shape == _TITLE:
        return word[:1].isupper()
    if shape == _UPPER:
        if word.isupper():
            return True
        return len(word) >= 4 and word.isalpha() and word[0].isupper() and word[1:].islower()
    return word.replace("\u2019", "'") == pattern or word.isupper()


def _prefix_keys(tokens: Sequence[Token]) -> list[str]:
    """The keys of the first word, the first two, ...; the last is the whole name's."""
    key = tokens[0].key
    keys = [key]
    for t in tokens[1:]:
        key = key + t.link + t.key
        keys.append(key)
    return keys


class EntityMatcher:
    """Finds known names in text; see the module notes for the matching rules."""

    def __init__(self, forms: Iterable[tuple[int, str]] = ()) -> None:
        self._patterns: dict[str, list[_Form]] = {}
        self._prefixes: dict[str, int] = {}
        self._by_entity: dict[int, list[tuple[str, _Form]]] = {}
        for entity_id, surface in forms:
            self.add(entity_id, surface)

    def __len__(self) -> int:
        """How many entities have at least one form."""
        return len(self._by_entity)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._by_entity

    def add(self, entity_id: int, surface: str) -> None:
        """Teach the matcher one more name or alias of an entity."""
        tokens = tokenize(surface)
        if not tokens:
            return
        prefixes = _prefix_keys(tokens)
        key = prefixes.pop()
        shapes = tuple((_shape(t.text), t.text.replace("\u2019", "'")) for t in tokens)
        form = _Form(entity_id, surface, shapes)
        bucket = self._patterns.setdefault(key, [])
        if form in bucket:
            return
        bucket.append(form)
        counts = self._prefixes
        for prefix in prefixes:
            counts[prefix] = counts.get(prefix, 0) + 1
        self._by_entity.setdefault(entity_id, []).append((key, form))

    def remove_entity(self, entity_id: int) -> None:
        """Forget every form of an entity (deleted, merged away, or about to be re-added)."""
        for key, form in self._by_entity.pop(entity_id, []):
            bucket = self._patterns[key]
            bucket.remove(form)
            if not bucket:
                del self._patterns[key]
            for prefix in _prefix_keys(tokenize(form.surface))[:-1]:
                left = self._prefixes[prefix] - 1
                if left:
                    self._prefixes[prefix] = left
                else:
                    del self._prefixes[prefix]

    def set_entity(self, entity_id: int, surfaces: Iterable[str]) -> None:
        """Replace an entity's forms (after a rename or an alias change)."""
        self.remove_entity(entity_id)
        for surface in surfaces:
            self.add(entity_id, surface)

    def find(self, text: str, tokens: Sequence[Token] | None = None) -> list[Match]:
        """Every mention in `text`, in order; pass `tokens` if `text` is already cut."""
        if tokens is None:
            tokens = tokenize(text)
        spans = self._spans(tokens)
        taken = [False] * len(tokens)
        chosen: list[tuple[int, int, list[_Form]]] = []
        # Longest first (in characters), then leftmost: overlaps go to the longer name.
        for i, j, forms in sorted(
            spans, key=lambda s: (tokens[s[0]].start - tokens[s[1]].end, tokens[s[0]].start)
        ):
            if any(taken[i : j + 1]):
                continue
            taken[i : j + 1] = [True] * (j + 1 - i)
            chosen.append((i, j, forms))
        matches: list[Match] = []
        for i, j, forms in chosen:
            start, end = tokens[i].start, tokens[j].end
            seen: set[int] = set()
            for form in forms:
                if form.entity_id not in seen:
                    seen.add(form.entity_id)
                    matches.append(Match(start, end, text[start:end], form.entity_id, form.surface))
        matches.sort(key=lambda m: (m.start, m.entity_id))
        return matches

    def _spans(self, tokens: Sequence[Token]) -> list[tuple[int, int, list[_Form]]]:
        """(first, last token index, forms whose case fits) for every candidate span."""
        patterns, prefixes = self._patterns, self._prefixes
        n = len(tokens)
        spans: list[tuple[int, int, list[_Form]]] = []
        for i in range(n):
            key = tokens[i].key
            j = i
            while True:
                forms = patterns.get(key)
                if forms is not None:
                    fitting = [f for f in forms if self._fits(f, tokens, i)]
                    if fitting:
                        spans.append((i, j, fitting))
                j += 1
                if j >= n or key not in prefixes:
                    break
                following = tokens[j]
                key = key + following.link + following.key
        return spans

    @staticmethod
    def _fits(form: _Form, tokens: Sequence[Token], i: int) -> bool:
        shapes = form.shapes
        if len(shapes) == 1:
            shape, pattern = shapes[0]
            token = tokens[i]
            if shape == _TITLE and token.sentence_start and token.key in _SENTENCE_WORDS:
                return False
            return _case_ok(shape, pattern, token.text)
        return all(
            _case_ok(shape, pattern, tokens[i + k].text)
            for k, (shape, pattern) in enumerate(shapes)
        )
