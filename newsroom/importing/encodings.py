"""Reading a file as text: which bytes are a story at all, and which encoding they are in.

Archives arrive as UTF-8 (with or without a byte-order mark), Windows-1252 or
Latin-1, and sometimes UTF-16 from Notepad. The rules, in order:

1. Refuse what is not a story before decoding: an empty file, one over `max_bytes`,
   a known binary format (image, PDF, archive) or anything with NUL bytes.
2. A byte-order mark decides (UTF-8, UTF-16). Failing to decode then is refusal.
3. A charset the file declares (`<meta charset>`, an XML declaration) decides, read as
   browsers read it: the label is looked up in the WHATWG Encoding Standard's table
   (`webencodings`), so "iso-8859-1" and "ascii" mean Windows-1252 and "gb2312" means
   GBK, decoded as GB18030 as the standard decodes GBK. Bytes not valid in the declared
   charset but valid UTF-8 are a page re-saved as UTF-8 that kept its old declaration
   (the opposite slip of "utf-8" declared on Windows-1252 bytes) and are read as
   UTF-8. Bytes invalid in both are replaced with U+FFFD, as a browser shows them, and
   `Text.damaged` says how many: the story is imported with that warning, not refused
   (one bad byte must not cost an article).
4. Strict UTF-8.
5. Windows-1252, which is also how Latin-1 text is read: the two agree on every
   printable character, and Latin-1's 0x80-0x9F are control codes no story holds.
   Bytes that hold valid UTF-8 sequences *and* invalid ones are damaged UTF-8, not
   Windows-1252, and are refused rather than turned into mojibake ("Ã©"); in an HTML
   page (someone else's, and one bad byte must not cost its article, as in 3.) the
   invalid bytes are replaced with U+FFFD and `Text.damaged` says how many.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import webencodings

from newsroom.core.errors import NewsroomError

MAX_BYTES = 8 * 1024 * 1024

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an office document)",
    b"\x1f\x8b": "a gzip archive",
    b"SQLite format 3": "a SQLite database",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# The standard's decoders where Python's codec of the same name is narrower: the GBK
# decoder is the GB18030 decoder (WHATWG Encoding Standard, section 11.1.1).
_DECODER = {"gbk": "gb18030"}
# How an HTML page starts (its bytes, before any decoding).
_MARKUP_START = re.compile(rb"^(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html)\b", re.I | re.S)
# A lead byte followed by the right number of continuation bytes: real UTF-8.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class Refused(NewsroomError):
    """A file that is not a story we can read; the message says why, for the report."""


@dataclass(frozen=True)
class Text:
    text: str
    encoding: str  # the codec it was read with: "utf-8", "utf-8-sig", "cp1252", ...
    damaged: str = ""  # bytes not valid in the declared charset, replaced: for a warning


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> Text:
    """The file's text, or `Refused` saying why not (empty, huge, binary, undecodable)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Refused(
                f"the file is {size / 1e6:,.1f} MB; stories are at most {max_bytes / 1e6:,.0f} MB"
            )
        with path.open("rb") as f:  # bounded: the file may grow after the stat
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise Refused(f"cannot read it: {exc.strerror or exc}") from exc
    return decode(data, max_bytes=max_bytes)


def decode(data: bytes, *, max_bytes: int = MAX_BYTES) -> Text:
    """`read_text` for bytes already in memory (see the module notes for the rules)."""
    if len(data) > max_bytes:
        raise Refused(
            f"the file is {len(data) / 1e6:,.1f} MB; stories are at most {max_bytes / 1e6:,.0f} MB"
        )
    if not data.strip():
        raise Refused("the file is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise Refused(f"it is {what}, not a story")
    bom = _bom(data)
    if bom is None and b"\x00" in data[:65536]:
        raise Refused("it is a binary file, not text")
    if bom is not None:
        text = _strict(data, bom, "its byte-order mark says")
    elif (declared := _declared(data)) is not None:
        text = _declared_text(data, declared)
    else:
        text = _guess(data, markup=_MARKUP_START.match(data) is not None)
    if not text.text.strip():
        raise Refused("the file is empty")
    controls = len(_CONTROL.findall(text.text[:65536]))
    if controls > max(8, len(text.text[:65536]) // 100):
        raise Refused("it is a binary file, not text (it is full of control characters)")
    return text


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _declared(data: bytes) -> str | None:
    """The Python codec for the charset the file declares, by the WHATWG label table."""
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    found = webencodings.lookup((match.group(1) or match.group(2)).decode("ascii"))
    if found is None or found.name == "replacement":
        return None  # an unknown (or unsafe) label: guess as if nothing were declared
    name = found.codec_info.name
    if name.startswith("utf-16"):
        return "utf-8"  # a UTF-16 label on 8-bit bytes: HTML's prescan reads it so
    name = _DECODER.get(name, name)
    try:
        codecs.lookup(name)
    except LookupError:  # x-user-defined: webencodings' own codec, no story's charset
        return None
    return name


def _declared_text(data: bytes, encoding: str) -> Text:
    """The bytes in the charset they declare; invalid bytes replaced and counted."""
    try:
        return Text(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        if encoding == "utf-8" and _UTF8_SEQUENCE.search(data) is None:
            return _guess(data)  # "utf-8" declared on Windows-1252 bytes: a common slip
    try:  # a page re-saved as UTF-8 that kept its old declaration: the other slip
        return Text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode(encoding, "replace")
    bad = text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")
    return Text(text, encoding, f"{bad} byte sequence(s) not valid {encoding}, shown as U+FFFD")


def _strict(data: bytes, encoding: str, because: str) -> Text:
    try:
        return Text(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        raise Refused(
            f"it can not be read as {encoding} ({because} so): "
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid"
        ) from exc


def _guess(data: bytes, *, markup: bool = False) -> Text:
    try:
        return Text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_SEQUENCE.search(data) is not None and markup:
        text = data.decode("utf-8", "replace")
        bad = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
        return Text(text, "utf-8", f"{bad} byte sequence(s) not valid utf-8, shown as U+FFFD")
    if _UTF8_SEQUENCE.search(data) is not None:
        raise Refused(
            "it can not be decoded: it holds UTF-8 characters and also bytes that are "
            f"not UTF-8 (0x{data[first_bad]:02x} at offset {first_bad}), so it is damaged "
            "or mixes encodings"
        )
    try:
        return Text(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError as exc:
        raise Refused(
            "it can not be decoded as UTF-8, Windows-1252 or Latin-1 "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
