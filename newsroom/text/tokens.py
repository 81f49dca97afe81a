"""Word tokens with offsets: the one way entity code cuts text into words.

The matcher cuts every known name with `tokenize` and every story with it too, so a
name and its mention are always cut the same way; that is what makes "whole words
only" hold without a regex per name. What a caller must know:

- Offsets are `str` indices into the original text (code points); nothing is
  normalised before cutting, so a slice `text[t.start:t.end]` is the word as written.
- A word keeps inner apostrophes ("O'Connor", "d'Ivoire", curly or straight) but
  sheds a possessive "'s" ("Guterres's" -> "Guterres"); hyphens split words but
  count as a soft join, like a space ("al-Hassan" ~ "al Hassan").
- `link` says how a token joins the one before: " " for a soft join (spaces, one
  hyphen, the full stop after an initial or "Mr."), otherwise the punctuation in
  between, casefolded and without spaces ("," or "." or "'s"). Multi-word names
  only match across identical links, so "Port. Edris" is not "Port Edris".
- `key` is the word casefolded, without accents, with straight apostrophes
  (`word_key`): what comparisons use, so "António" matches "Antonio".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsroom.text.lexicon import ABBREVIATIONS

# Combining marks (Latin accents written decomposed, Cyrillic, Hebrew and Arabic
# vowel signs, Devanagari) and the zero-width joiners Persian uses inside words.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u200c\u200d"
)
_CHAR = rf"(?:[^\W_]|[{_MARKS}])"
_APOSTROPHES = "'\u2019\u02bc\u2018"
TOKEN_RE = re.compile(rf"(?:[^\W\d_]\.){{2,}}|{_CHAR}+(?:[{_APOSTROPHES}]{_CHAR}+)*")
_HYPHENS = frozenset("-\u2010\u2011")
_SENTENCE_END = frozenset(".!?\u2026")
_OPENING = frozenset('"\u201c\u2018\u00ab\u201e*#>')


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str
    link: str
    sentence_start: bool


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The comparison form of one word: casefolded, accents and vowel signs dropped
    ("António" ~ "Antonio", "الأمم" ~ "الامم"), straight apostrophes, NFKC."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    if not folded.isascii():
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFKC", folded)
    return folded.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def _link(gap: str, previous: str) -> str:
    bare = "".join(gap.split())
    if not bare or (len(bare) == 1 and bare in _HYPHENS and gap == bare):
        return "" if "\n\n" in gap else " "
    if bare == "." and (len(previous) == 1 or word_key(previous) in ABBREVIATIONS):
        return " "
    return word_key(bare)


def _starts_sentence(gap: str, previous: str) -> bool:
    if "\n\n" in gap or ("\n" in gap and gap.strip()):  # new paragraph or list item
        return True
    if gap and gap[-1] in _OPENING:  # an opening quote hugs the word it opens
        return True
    if _SENTENCE_END.isdisjoint(gap):
        return False
    return not (len(previous) == 1 or word_key(previous) in ABBREVIATIONS)


def tokenize(text: str) -> list[Token]:
    """Cut `text` into word tokens (see the module notes for what counts as a word)."""
    tokens: list[Token] = []
    previous_end = 0
    previous = ""
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        word = m.group()
        if len(word) > 2 and word[-1] in "sS" and word[-2] in _APOSTROPHES:
            word, end = word[:-2], end - 2  # possessive: "Guterres's", "the UN's"
        gap = text[previous_end:start]
        if not tokens:
            link, first = "", True
        elif gap == " ":  # by far the commonest gap
            link, first = " ", False
        else:
            link = _link(gap, previous)
            first = _starts_sentence(gap, previous)
        tokens.append(Token(start, end, word, word_key(word), link, first))
        previous_end, previous = end, word
    return tokens
