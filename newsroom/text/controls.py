"""Control characters: the one definition of what no text field may hold, and how
text is shown on a terminal.

Forbidden everywhere text is stored: the C0 controls (U+0000-U+001F) other than tab,
line feed and carriage return, DEL (U+007F), the C1 controls (U+0080-U+009F), and lone
surrogates. Why: none of them means anything in a story; XML can not hold C0 controls
(one in a headline makes feed.xml not well-formed); ESC and CSI let stored text drive
the terminal of whoever lists it (clear the screen, retitle the window); NUL cuts
strings short in C code; and a lone surrogate is what Python makes of bytes that are
not UTF-8 (a command-line argument, a file name), which no database or file can store.

Tab, line feed and carriage return are whitespace: fields of one line fold them into
spaces like any other run of whitespace, fields of several lines keep them. Whether a
field refuses or strips is the caller's decision (core refuses, see
`core.textfields`); this module only says which characters and where.
"""

from __future__ import annotations

import re

# C0 without tab/LF/CR, DEL, C1, lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# What a terminal must not receive raw: the forbidden set plus CR (it rewrites the line).
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# What XML 1.0 can not hold: C0 but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def find_control(text: str) -> int | None:
    """The index of the first forbidden character in `text`, or None."""
    found = _FORBIDDEN.search(text)
    return found.start() if found else None


def describe(char: str) -> str:
    """A forbidden character named so a user can find it: "the control character
    U+001B (escape)"; a lone surrogate from undecodable input as the byte it stood for."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"the byte 0x{code - 0xDC00:02X} (not UTF-8 text)"
    if 0xD800 <= code <= 0xDFFF:
        return f"the lone surrogate U+{code:04X} (not text)"
    name = _NAMES.get(code)
    return f"the control character U+{code:04X}" + (f" ({name})" if name else "")


_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x1B: "escape", 0x7F: "delete"}
_NAMES |= {0x0B: "vertical tab", 0x0C: "form feed", 0x9B: "CSI"}


LINE_FEED = "\\u000a"
"""A line feed as `for_terminal` shows it where it would break a line."""


def for_terminal(text: str, *, lines: bool = True) -> str:
    """`text` safe to print: every control character but line feed and tab shown as a
    `\\uXXXX` escape (which is also valid inside a JSON string), so stored text can
    never move the cursor, clear the screen or hide what precedes it. With
    `lines=False` a line feed is escaped too: a message promised as one line (a file
    name may hold a line feed) stays one."""
    shown = _UNSHOWABLE.sub(_escape, text)
    return shown if lines else shown.replace("\n", LINE_FEED)


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def strip_not_xml(text: str) -> str:
    """`text` without the characters XML 1.0 can not hold: for output written from
    data stored before the rules above existed."""
    return _NOT_XML.sub("", text)
