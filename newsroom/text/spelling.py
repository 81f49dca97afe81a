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
from dataclasses import dataclass

from newsroom.text.morenews import TOKEN_RE as MORE_NEWS_LINE

# Line states (bit flags), as `line_words` passes them from one line to the next.
IN_BACKTICK_FENCE = 1
IN_TILDE_FENCE = 2
AFTER_BLANK = 4  # the line before was blank (or there was none): code may start
IN_INDENTED_CODE = 8
START = AFTER_BLANK

_MARKS = "\u0300-\u036f"
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}])"
_ALNUM = rf"(?:[^\W_]|[{_MARKS}])"
_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "\\-\u2010\u2011"
WORD_RE = re.compile(rf"{_ALNUM}+(?:[{_APOSTROPHES}{_HYPHENS}]{_ALNUM}+)*")
_DIGIT = re.compile(r"\d")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")

_TLDS = (
    "com|org|net|edu|gov|int|mil|info|biz|io|co|uk|us|eu|de|fr|es|it|nl|be|ch|at|se|no|dk|"
    "fi|ie|pt|pl|ru|ua|tr|gr|cz|ca|au|nz|jp|cn|in|br|mx|ar|za|ng|ke|eg|sy|iq|ir|il|lb|jo|"
    "sa|ae|qa|ps|ly|tn|ma|dz|sd|ye|af|pk|tv|me|news|online|site|app|dev"
)
# What is never prose, in the order the masks are laid (earlier ones win nothing: any
# overlap is masked either way).
_SKIP = re.compile(
    "|".join(
        [
            r"(?P<span>`+).*?(?P=span)",  # a code span (same run of backticks closes it)
            r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/?[a-zA-Z][^>\n]*)[^>\n]*>",  # <autolink>, <tag>
            r"\]\([^)\n]*\)",  # a link's or image's destination and title
            r"^ {0,3}\[[^\]\n]+\]:.*$",  # a reference definition, all of it
            r"\[\^[^\]\n]*\]",  # a footnote mark
            r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);",  # a character reference
            r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+",  # an address with a scheme
            r"\bwww\.\S+",
            r"\b(?:mailto:)?[\w.%+-]+@[\w-]+(?:\.[\w-]+)+",  # an e-mail address
            rf"\b(?:[\w-]+\.)+(?:{_TLDS})\b(?:/\S*)?",  # a bare domain: un.org/en
            r"\{[#.:][^}\n]*\}",  # an attribute list {#id .class}
        ]
    ),
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Word:
    """A word to check: `text` as written, `start`/`end` offsets (code points)."""

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
    """The stretches of `line` outside everything `_SKIP` matches."""
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _SKIP.finditer(line):
        if m.start() > last:
            spans.append((last, m.start()))
        last = max(last, m.end())
    if last < len(line):
        spans.append((last, len(line)))
    return spans


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
            if len(text) < 2 or _DIGIT.search(text):
                continue
            found.append(Word(m.start(), m.end(), text))
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
