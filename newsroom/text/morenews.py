"""The More-news token: how a body names another story it links to.

A token is a paragraph of its own, `[[more-news:<uid>]]`, optionally followed by a
hint for human readers, `[[more-news:<uid>|Old headline]]`; the hint is ignored.
The target is named by its uid, which never changes, so renaming the target's
headline or slug needs no rewrite. The token is plain text: it survives copy, paste,
moving paragraphs and undo like any other line of Markdown.

A *pending* line, `[[more-news:?|Wanted headline]]`, names a story that is not in the
database yet by the headline it wants (an imported page's line to a story we do not
have). Its hint is required: it is what the line waits for. It is no link: the page
leaves it out, and it becomes a real token when a story with that headline arrives
(`core.pending`). Headlines are compared in the form `headline_key` gives them, and a
wanted headline that ends in an ellipsis ("UN envoy opens…", a hint cut short) is a
prefix (`wanted`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PENDING = "?"  # what stands for the uid in a pending line

# The one grammar. `uid` is a uid or PENDING; a pending line must have a hint that is
# not blank, or it is no token at all (and shows as the text it is).
TOKEN_RE = re.compile(
    r"^[ \t]*\[\[more-news:(?P<uid>[0-9a-fA-F-]{36}|\?(?=\|[ \t]*[^\]\s]))"
    r"(?:\|(?P<hint>[^\]\n]*))?\]\][ \t]*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class MoreNewsLine:
    """One More-news line of a body: `uid` (lower case) or None for a pending line,
    `hint` as written (stripped), and where the token stands in the body."""

    uid: str | None
    hint: str
    start: int
    end: int

    @property
    def pending(self) -> bool:
        return self.uid is None


def line_of(match: re.Match[str]) -> MoreNewsLine:
    """The line a `TOKEN_RE` match stands for."""
    uid = match.group("uid")
    return MoreNewsLine(
        None if uid == PENDING else uid.lower(),
        (match.group("hint") or "").strip(),
        match.start(),
        match.end(),
    )


def lines(body: str) -> list[MoreNewsLine]:
    """Every More-news line of `body`, linked or pending, in body order."""
    return [line_of(m) for m in TOKEN_RE.finditer(body)]


def _clean_hint(hint: str) -> str:
    return hint.replace("]", ")").replace("\n", " ").strip()


def token(uid: str, hint: str = "") -> str:
    """The token for a link to the story `uid` (hint: the headline, for readers)."""
    hint = _clean_hint(hint)
    return f"[[more-news:{uid}|{hint}]]" if hint else f"[[more-news:{uid}]]"


def pending_token(headline: str) -> str:
    """The line that waits for a story headlined `headline` (ValueError if blank)."""
    hint = _clean_hint(headline)
    if not hint:
        raise ValueError("a pending More-news line needs the headline it waits for")
    return f"[[more-news:{PENDING}|{hint}]]"


def target_uids(body: str) -> list[str]:
    """The uids linked from `body`, in order of appearance (repeats kept); pending lines
    link nothing and are not among them."""
    return [line.uid for line in lines(body) if line.uid is not None]


def without_links(text: str) -> str:
    """`text` with every More-news line blanked out, character for character.

    A link line names another story: its headline is not this story's text, for
    word counts, entity suggestions or search ranking. The blanks keep the length,
    so an offset into the result points at the same character of `text`.
    """
    return TOKEN_RE.sub(lambda m: " " * len(m.group()), text)


def wanted_headlines(body: str) -> list[str]:
    """The headlines the pending lines of `body` wait for, in order (repeats kept)."""
    return [line.hint for line in lines(body) if line.uid is None]


def with_links(body: str, linked: dict[int, tuple[str, str]]) -> str:
    """`body` with pending lines made links: `linked` maps a pending line's index among
    the body's pending lines to (uid, headline). Everything else is left as it is."""
    out, last, n = [], 0, 0
    for line in lines(body):
        if line.uid is not None:
            continue
        if n in linked:
            uid, headline = linked[n]
            indent = body[line.start : line.end][: -len(body[line.start : line.end].lstrip())]
            out += [body[last : line.start], indent, token(uid, headline)]
            last = line.end
        n += 1
    return "".join([*out, body[last:]])


# --- comparing headlines -------------------------------------------------------------

_QUOTES = "\"'`´‘’‚‛“”„‟«»‹›′″"
_DASHES = "‐‑‒–—―−﹘﹣－"
_FOLD = str.maketrans({**{q: None for q in _QUOTES}, **{d: "-" for d in _DASHES}})
_AROUND_DASH = re.compile(r"\s*-\s*")
ELLIPSIS = "..."  # "…" after NFKC


def headline_key(headline: str) -> str:
    """The form in which a wanted headline is compared with a story's: Unicode
    compatibility forms folded, quotes dropped, every dash a hyphen with no space
    around it, whitespace collapsed, case folded. So "Army’s “big” talks – day two" and
    "army's big talks-day two" are the same headline."""
    text = unicodedata.normalize("NFKC", headline).translate(_FOLD)
    return _AROUND_DASH.sub("-", " ".join(text.split())).casefold()


@dataclass(frozen=True)
class Wanted:
    """What a pending line waits for: `key` (`headline_key`), and whether the hint was
    cut short with an ellipsis, so that `key` is only the start of the headline."""

    key: str
    truncated: bool

    def matches(self, key: str) -> bool:
        """Whether a story whose `headline_key` is `key` is the one wanted. A blank
        wanted headline matches nothing."""
        if not self.key:
            return False
        return key.startswith(self.key) if self.truncated else key == self.key


def wanted(hint: str) -> Wanted:
    """What the pending line with this hint waits for (see `Wanted`)."""
    key = headline_key(hint)
    if key.endswith(ELLIPSIS):
        return Wanted(key[: -len(ELLIPSIS)].rstrip(), True)
    return Wanted(key, False)
