"""The More-news token: how a body names another story it links to.

A token is a paragraph of its own, `[[more-news:<uid>]]`, optionally followed by a
hint for human readers, `[[more-news:<uid>|Old headline]]`; the hint is ignored.
The target is named by its uid, which never changes, so renaming the target's
headline or slug needs no rewrite. The token is plain text: it survives copy, paste,
moving paragraphs and undo like any other line of Markdown.
"""

from __future__ import annotations

import re

TOKEN_RE = re.compile(
    r"^[ \t]*\[\[more-news:(?P<uid>[0-9a-fA-F-]{36})(?:\|(?P<hint>[^\]\n]*))?\]\][ \t]*$",
    re.MULTILINE,
)


def token(uid: str, hint: str = "") -> str:
    """The token for a link to the story `uid` (hint: the headline, for readers)."""
    hint = hint.replace("]", ")").replace("\n", " ").strip()
    return f"[[more-news:{uid}|{hint}]]" if hint else f"[[more-news:{uid}]]"


def target_uids(body: str) -> list[str]:
    """The uids linked from `body`, in order of appearance (repeats kept)."""
    return [m.group("uid").lower() for m in TOKEN_RE.finditer(body)]


def without_links(text: str) -> str:
    """`text` with every More-news line blanked out, character for character.

    A link line names another story: its headline is not this story's text, for
    word counts, entity suggestions or search ranking. The blanks keep the length,
    so an offset into the result points at the same character of `text`.
    """
    return TOKEN_RE.sub(lambda m: " " * len(m.group()), text)
