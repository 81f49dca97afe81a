"""Which words of a story a spelling checker should look at, with their offsets.

A story is Markdown: much of it is not prose. `words(text)` gives the words to check
and where they stand; everything else is passed over:

- code: fenced blocks (``` or ~~~), indented blocks after a blank line, `code spans`;
- web addresses (with a scheme, "www." or a bare domain with a known ending), e-mail
  addresses, `<autolinks>` and HTML tags, link destinations `[text](here "title")`,
  reference definitions `[id]: here`, footnote marks `[^1]`, character references;
- More-news lines (they name another story: its headline is that story's text);
- numbers and anything holding a digit ("COVID-19", "3rd", "G7"), and one letter alone.

A word keeps inner apostrophes and hyphens ("don't", "O’Connor", "al-Hassan",
"well-known"); `parts` splits a hyphenated word for a checker that knows its parts
but not the whole. `check_form` is the spelling a dictionary knows: straight
apostrophes, a possessive "'s" dropped.

The cut is line by line, because the editor highlights one block at a time: `line_words`
takes the state the previous line left (`START` for the first) and returns the state it
leaves, so code fences that span lines are known to every block. `words` runs it over a
whole text and gives offsets into that text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newsroom.text.morenews import TOKEN_RE as MORE_NEWS_LINE

# Line states (bit flags), as `line_words` passes them from one line to the next.
IN_BACKTICK_FENCE = 1
IN_TILDE_FENCE = 2
AFTER_BLANK = 4  # the line before was blank (or there was none): code may start
IN_INDENTED_CODE = 8
START = AFTER_BLANK

_WORD_CHAR = "\\w\u0300-\u036f"  # letters, digits, "_" and combining accents
_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "\\-\u2010\u2011"
# One character class per step (an alternation per character is several times slower);
# "_" is in it and is taken out after (`_split_underscores`).
WORD_RE = re.compile(rf"[{_WORD_CHAR}]+(?:[{_APOSTROPHES}{_HYPHENS}][{_WORD_CHAR}]+)*")
_DIGIT = re.compile(r"\d")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")

_TLDS = (
    "com|org|net|edu|gov|int|mil|info|biz|io|co|uk|us|eu|de|fr|es|it|nl|be|ch|at|se|no|dk|"
    "fi|ie|pt|pl|ru|ua|tr|gr|cz|ca|au|nz|jp|cn|in|br|mx|ar|za|ng|ke|eg|sy|iq|ir|il|lb|jo|"
    "sa|ae|qa|ps|ly|tn|ma|dz|sd|ye|af|pk|tv|me|news|online|site|app|dev"
)
# What is never prose. Each pattern starts with a literal, which the regex engine
# scans for quickly, and runs only on a line holding its trigger: most lines of prose
# hold none, and are cut as they are.
_SKIPS: list[tuple[str, re.Pattern[str]]] = [
    ("`", re.compile(r"(`+).*?\1")),  # a code span (the same run of backticks closes it)
    ("<", re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/?[a-zA-Z])[^>\n]*>")),  # <autolink>, <tag>
    ("](", re.compile(r"\]\([^)\n]*\)")),  # a link's or image's destination and title
    ("]:", re.compile(r"^ {0,3}\[[^\]\n]+\]:.*$")),  # a reference definition, all of it
    ("[^", re.compile(r"\[\^[^\]\n]*\]")),  # a footnote mark
    ("&", re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")),  # a character reference
    ("{", re.compile(r"\{[#.:][^}\n]*\}")),  # an attribute list {#id .class}
]
# Addresses are found by what is in their middle ("://", "www.", "@", ".org"), then
# widened to the characters an address is made of.
_ADDRESS_HINT = re.compile(rf"://|www\.|@|\.(?:{_TLDS})\b", re.IGNORECASE)
_ADDRESS_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_%+:/@~#?=&;,!$*'()[]"
)
_TRAILING = ".,;:!?'\")]"


def _address_spans(line: str) -> list[tuple[int, int]]:
    """Web and e-mail addresses: from the hint, out to the first character that is no
    part of an address (a space, a quote, ...), less trailing punctuation."""
    spans: list[tuple[int, int]] = []
    for m in _ADDRESS_HINT.finditer(line):
        start = m.start()
        while start > 0 and line[start - 1] in _ADDRESS_CHARS and line[start - 1] not in "([":
            start -= 1
        end = m.end()
        while end < len(line) and line[end] in _ADDRESS_CHARS:
            end += 1
        while end > m.end() and line[end - 1] in _TRAILING:
            end -= 1
        if m.group().startswith(".") and start == m.start():
            continue  # ".org" with nothing before it
        spans.append((start, end))
    return spans


class Word(NamedTuple):
    """A word to check: `text` as written, `start`/`end` offsets (code points). A
    tuple: a story makes thousands, and a tuple is the cheapest record to make."""

    start: int
    end: int
    text: str


def check_form(word: str) -> str:
    """The word as dictionaries spell it: straight apostrophes, possessive dropped."""
    form = word.replace("\u2019", "'").replace("\u02bc", "'")
    if len(form) > 3 and form[-2:] in ("'s", "'S"):
        form = form[:-2]
    return form


def parts(word: str) -> list[str]:
    """The pieces of a hyphenated word ("al-Hassan" -> ["al", "Hassan"]); [word] if none."""
    pieces = re.split(f"[{_HYPHENS}]", word)
    return [p for p in pieces if p]


def _prose_spans(line: str) -> list[tuple[int, int]]:
    """The stretches of `line` outside code spans, addresses and Markdown syntax."""
    masked: list[tuple[int, int]] = []
    for trigger, pattern in _SKIPS:
        if trigger in line:
            masked += [m.span() for m in pattern.finditer(line)]
    if "." in line or "@" in line:
        masked += _address_spans(line)
    if not masked:
        return [(0, len(line))]
    spans: list[tuple[int, int]] = []
    last = 0
    for start, end in sorted(masked):
        if start > last:
            spans.append((last, start))
        last = max(last, end)
    if last < len(line):
        spans.append((last, len(line)))
    return spans


def _cut(text: str, start: int) -> list[Word]:
    """A match of `WORD_RE` as words: split at "_" (emphasis, or a name in code), and
    without what holds a digit or is one letter."""
    if "_" not in text:
        if len(text) < 2 or _DIGIT.search(text):
            return []
        return [Word(start, start + len(text), text)]
    found: list[Word] = []
    at = start
    for piece in text.split("_"):
        found += _cut(piece, at) if piece.strip("-'\u2019\u02bc") == piece else []
        at += len(piece) + 1
    return found


def line_words(line: str, state: int = START) -> tuple[list[Word], int]:
    """The words to check in one line (no line break in it), given the state the line
    before left; returns them with the state this line leaves."""
    if state < 0:  # Qt's "no state yet", for the first block
        state = START
    blank = not line.strip()
    fence = _FENCE.match(line)
    if state & (IN_BACKTICK_FENCE | IN_TILDE_FENCE):
        closing = "`" if state & IN_BACKTICK_FENCE else "~"
        if fence and fence.group(1)[0] == closing and not line[fence.end() :].strip():
            return [], 0
        return [], state
    if fence:
        return [], IN_BACKTICK_FENCE if fence.group(1)[0] == "`" else IN_TILDE_FENCE
    if blank:
        return [], AFTER_BLANK | (state & IN_INDENTED_CODE)
    if _INDENTED.match(line) and state & (AFTER_BLANK | IN_INDENTED_CODE):
        return [], IN_INDENTED_CODE
    if MORE_NEWS_LINE.fullmatch(line):
        return [], 0
    found: list[Word] = []
    for start, end in _prose_spans(line):
        for m in WORD_RE.finditer(line, start, end):
            text = m.group()
            if text.isalpha() and len(text) > 1:  # by far the commonest: a plain word
                found.append(Word(m.start(), m.end(), text))
            else:
                found += _cut(text, m.start())
    return found, 0


def words(text: str) -> list[Word]:
    """Every word of `text` to check (see the module notes), offsets into `text`."""
    found: list[Word] = []
    state = START
    offset = 0
    for line in text.split("\n"):
        line_found, state = line_words(line, state)
        found.extend(Word(w.start + offset, w.end + offset, w.text) for w in line_found)
        offset += len(line) + 1
    return found
