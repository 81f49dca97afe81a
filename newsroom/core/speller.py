"""The spelling checker: Hunspell dictionaries (through Enchant), the newsroom
dictionary and the archive's names.

`Speller(language, newsroom_words, names)` answers `correct(word)` and
`suggest(word)`. A word is correct when the language dictionary knows it, or the
newsroom dictionary holds it, or it is a word of an entity's name or alias ("de
Mistura", "Ja'afari", "SANA"). A word that is close to one of those names gets that
name first among the suggestions ("Mistrua" -> "Mistura"). A hyphenated word is
correct when the whole is, or each part is ("al-Hassan"); a possessive "'s" is
looked past.

Case: a name or dictionary word written with a capital asks for one ("Mistura" is
not right as "mistura"); one written in lower case is right in any case.

Without a dictionary for the language (or without Enchant itself) the speller still
knows the newsroom's words and names, flags nothing else, and says why in
`missing`: the caller tells the editor once and carries on.

Speed: answers are cached per word, so a story is checked once at Hunspell's pace
and then at the pace of a dict lookup. A `Speller` is not thread-safe: build it
anywhere, then use it from one thread at a time.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from newsroom.text.spelling import START, Word, check_form, line_words, parts
from newsroom.text.tokens import tokenize, word_key

try:  # the binding loads the C library on import: no library, no language dictionaries
    import enchant

    _ENCHANT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - CI installs libenchant
    enchant = None
    _ENCHANT_ERROR = str(exc)

SUGGESTIONS = 8
_CACHE_MAX = 200_000
_LINES_MAX = 20_000


def available_languages() -> list[str]:
    """The languages a dictionary is installed for ("en_GB", "en_US", ...), sorted."""
    if enchant is None:
        return []
    return sorted(set(enchant.list_languages()))


def dictionary_language(locale: str) -> str | None:
    """The installed dictionary for a locale ("en_GB", "en-gb", "en"): the exact one,
    else one of the same language (en_US for en_AU), else None."""
    tag = locale.strip().replace("-", "_")
    if not tag:
        return None
    installed = available_languages()
    lowered = {lang.lower(): lang for lang in installed}
    if tag.lower() in lowered:
        return lowered[tag.lower()]
    language = tag.split("_")[0].lower()
    same = [lang for lang in installed if lang.split("_")[0].lower() == language]
    return same[0] if same else None


def _forms(words: Iterable[str]) -> tuple[set[str], set[str], dict[str, str]]:
    """(keys right in any case, keys that want a capital, key -> the form as written)."""
    any_case: set[str] = set()
    capital: set[str] = set()
    written: dict[str, str] = {}
    for word in words:
        key = word_key(check_form(word))
        if not key:
            continue
        written.setdefault(key, word)
        if word[:1].isupper():
            capital.add(key)
        else:
            any_case.add(key)
    return any_case, capital - any_case, written


class Speller:
    """See the module notes. `language` is the dictionary in use, or None."""

    def __init__(
        self,
        locale: str,
        newsroom_words: Iterable[str] = (),
        names: Iterable[str] = (),
    ) -> None:
        self.asked = locale
        self.language = dictionary_language(locale)
        self._dict: Any = None
        self.missing: str | None = None
        if enchant is None:
            self.missing = f"spelling is not checked: Enchant is not installed ({_ENCHANT_ERROR})"
        elif self.language is None:
            shown = locale or "no language"
            installed = ", ".join(available_languages()) or "none"
            self.missing = (
                f"spelling is not checked in {shown}: no dictionary for it is installed "
                f"(installed: {installed})"
            )
        else:
            self._dict = enchant.Dict(self.language)
        name_words = [t.text for name in names for t in tokenize(name)]
        self._name_any, self._name_capital, self._name_written = _forms(name_words)
        self._word_any: set[str] = set()
        self._word_capital: set[str] = set()
        self._word_written: dict[str, str] = {}
        self._by_start: dict[str, list[str]] = defaultdict(list)
        for key, form in self._name_written.items():
            self._by_start[key[:1]].append(form)
        self._cache: dict[str, bool] = {}
        self._lines: dict[tuple[str, int], tuple[list[Word], int]] = {}
        self.add_words(newsroom_words)

    # --- what is known ------------------------------------------------------------------

    def add_words(self, new: Iterable[str]) -> None:
        """Words now in the newsroom dictionary (after `core.dictionary.add_word`)."""
        any_case, capital, written = _forms(new)
        self._word_any |= any_case
        self._word_capital = (self._word_capital | capital) - self._word_any
        for key, form in written.items():
            if key not in self._word_written:
                self._word_written[key] = form
                self._by_start[key[:1]].append(form)
        self._cache.clear()
        self._lines.clear()

    def _known(self, form: str) -> bool:
        key = word_key(form)
        if key in self._name_any or key in self._word_any:
            return True
        if key in self._name_capital or key in self._word_capital:
            return form[:1].isupper()
        return False

    def _in_language(self, form: str) -> bool:
        if self._dict is None:
            return True  # nothing to check against: flag nothing (see `missing`)
        return bool(self._dict.check(form))

    def _one(self, form: str) -> bool:
        return self._known(form) or self._in_language(form)

    # --- checking -----------------------------------------------------------------------

    def correct(self, word: str) -> bool:
        """Whether `word` (one word as `text.spelling` cuts it) is spelt right."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        form = check_form(word)
        right = self._one(form) or (form != word and self._one(word.replace("\u2019", "'")))
        if not right:
            pieces = parts(form)
            right = len(pieces) > 1 and all(self._one(p) for p in pieces)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[word] = right
        return right

    def misspelt(self, text: str, ignored: frozenset[str] = frozenset()) -> list[Word]:
        """The misspelt words of a whole text, offsets into it; `ignored` as written."""
        found: list[Word] = []
        state = START
        offset = 0
        for line in text.split("\n"):
            line_found, state = self.misspelt_line(line, state, ignored)
            found += [Word(w.start + offset, w.end + offset, w.text) for w in line_found]
            offset += len(line) + 1
        return found

    def misspelt_line(
        self, line: str, state: int, ignored: frozenset[str] = frozenset()
    ) -> tuple[list[Word], int]:
        """`misspelt` for one line of a text, with the state `line_words` passes on.
        Cached per line: a text checked again costs a lookup per line."""
        key = (line, state)
        cached = self._lines.get(key)
        if cached is None:
            words_found, after = line_words(line, state)
            cached = ([w for w in words_found if not self.correct(w.text)], after)
            if len(self._lines) >= _LINES_MAX:
                self._lines.clear()
            self._lines[key] = cached
        found, after = cached
        if ignored:
            found = [w for w in found if w.text not in ignored]
        return found, after

    # --- suggesting ---------------------------------------------------------------------

    def close_names(self, word: str, limit: int = 3) -> list[str]:
        """Names and newsroom words close to `word`, closest first ("Mistrua" ->
        "Mistura"). Only those starting with the same letter are compared: a slip on
        the first letter is rare, and the archive may hold a hundred thousand names."""
        key = word_key(check_form(word))
        if len(key) < 3:
            return []
        candidates = [c for c in self._by_start.get(key[:1], []) if abs(len(c) - len(key)) <= 2]
        by_key: dict[str, str] = {}
        for c in candidates:
            by_key.setdefault(word_key(c), c)
        close = difflib.get_close_matches(key, list(by_key), n=limit, cutoff=0.75)
        return [_like(word, by_key[c]) for c in close if by_key[c] != word]

    def suggest(self, word: str, limit: int = SUGGESTIONS) -> list[str]:
        """Spellings to offer for `word`: close names first, then the dictionary's."""
        found = self.close_names(word)
        if self._dict is not None:
            found += self._dict.suggest(word.replace("\u2019", "'"))
        unique: list[str] = []
        for s in found:
            if s not in unique and s != word:
                unique.append(s)
        return unique[:limit]


def _like(word: str, name: str) -> str:
    """`name` in the case the word was typed in where that is what the writer meant:
    all capitals stay capitals ("MISTRUA" -> "MISTURA")."""
    return name.upper() if word.isupper() and len(word) > 1 else name
