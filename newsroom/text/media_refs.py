"""The media reference: how a story body shows an image of the media library.

A reference is Markdown's image syntax with a `media:` address naming the image by its
library id, `![alt text](media:42 "Caption")`; alt and caption may be empty (the
library's text is used then). It is plain text, so it survives copy, paste, undo and
moving paragraphs like any other line. The one grammar is `REF_RE`; everything that
reads references (the body's saved image uses, rendering, checks) goes through here.

Inside alt, `\\]` stands for `]` and `\\\\` for `\\`; inside the caption `\\"` stands
for `"`. `ref()` writes them so; `parse` reads them back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REF_RE = re.compile(
    r"!\[(?P<alt>(?:[^\]\\\n]|\\.)*)\]"
    r"\(media:(?P<id>[0-9]{1,12})"
    r'(?:[ \t]+"(?P<caption>(?:[^"\\\n]|\\.)*)")?[ \t]*\)'
)
_UNESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class MediaRef:
    """One reference in a body: the image id, its alt and caption as written
    (unescaped; "" when not given), and where it stands in the body."""

    media_id: int
    alt: str
    caption: str
    start: int
    end: int


def _unescape(text: str | None) -> str:
    return _UNESCAPE.sub(r"\1", text or "")


def parse(body: str) -> list[MediaRef]:
    """Every media reference of `body`, in body order (repeats kept)."""
    return [
        MediaRef(
            int(m.group("id")), _unescape(m.group("alt")), _unescape(m.group("caption")),
            m.start(), m.end(),
        )
        for m in REF_RE.finditer(body)
    ]  # fmt: skip


def media_ids(body: str) -> tuple[int, ...]:
    """The ids of the images `body` shows, in first-use order, each once."""
    return tuple(dict.fromkeys(r.media_id for r in parse(body)))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def ref(media_id: int, alt: str = "", caption: str = "") -> str:
    """The Markdown reference for image `media_id` (alt and caption folded to one line)."""
    alt = _one_line(alt).replace("\\", "\\\\").replace("]", "\\]").replace("[", "\\[")
    text = f"![{alt}](media:{media_id}"
    caption = _one_line(caption)
    if caption:
        text += ' "' + caption.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text + ")"
