"""More-news lines in the body editor: each token shown as one object, stored as text.

In the body's `QTextDocument` a More-news line is a single object character (U+FFFC)
whose character format carries the token line exactly as it was written (`TOKEN`).
So the cursor can not stand inside a token, a delete, cut, drag or undo takes it
whole, and the object draws itself as "More news: <the target's current headline>".
`markdown()` turns a document back into the body's Markdown with every token given
back byte for byte; `objectify()` does the reverse for lines that read as tokens
(what `newsroom.text.morenews.TOKEN_RE` says a token is: no grammar of our own here).

A line is always alone on its line: `tidy()` moves any other text an edit put beside
it onto a line of its own (the export only knows a token that is a line by itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPyTextObject,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
)

from newsroom.core.links import LinkedStory
from newsroom.text.morenews import TOKEN_RE

OBJECT = "\ufffc"  # what stands for an object in a QTextDocument's text
LINK_LINE = QTextFormat.ObjectTypes.UserObject + 1  # our object type
TOKEN = QTextFormat.Property.UserProperty + 1  # the token line, as written


@dataclass(frozen=True)
class Line:
    """What a token line names: the target's uid (lower case), or None for a line that
    waits for a story not in the database yet; `hint` is the headline written in it."""

    uid: str | None
    hint: str


def read(line: str) -> Line | None:
    """The More-news line `line` is, or None if it is not exactly a token."""
    match = TOKEN_RE.fullmatch(line)
    if match is None:
        return None
    uid = match.group("uid") or ""
    # A pending line stands a mark (not a uid) where the uid goes: no story to name yet.
    return Line(uid.lower() if len(uid) == 36 else None, (match.group("hint") or "").strip())


def link_format(line: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setObjectType(LINK_LINE)
    fmt.setProperty(TOKEN, line)
    return fmt


def token_of(fmt: QTextFormat) -> str | None:
    """The token line a character format carries, if it is one of our objects."""
    if fmt.objectType() != LINK_LINE:
        return None
    value = fmt.property(TOKEN)
    return value if isinstance(value, str) else None


def link_line(block: QTextBlock) -> str | None:
    """The token of a block that is one More-news line, else None."""
    if not block.isValid() or block.text() != OBJECT:
        return None
    for fragment in fragments(block):
        return token_of(fragment.charFormat())
    return None


def fragments(block: QTextBlock) -> Iterator[QTextFragment]:
    """The block's fragments, in order (PySide iterates a block; its stubs do not say so)."""
    for piece in block:  # type: ignore[attr-defined]
        yield piece.fragment()


def _objects(doc: QTextDocument) -> Iterator[tuple[int, int, str]]:
    """Every object of ours: (index in `doc.toPlainText()`, document position, token).
    Indexes are counted in Python characters, positions in Qt's UTF-16 units."""
    start = 0
    for number, line in enumerate(doc.toRawText().split("\u2029")):
        if OBJECT in line:
            index = start
            for fragment in fragments(doc.findBlockByNumber(number)):
                text = fragment.text()
                line_token = token_of(fragment.charFormat())
                if line_token is not None:
                    for k, char in enumerate(text):
                        if char == OBJECT:
                            yield index + k, fragment.position() + k, line_token
                index += len(text)
        start += len(line) + 1


def markdown(doc: QTextDocument) -> str:
    """The body as Markdown: the document's plain text (as `toPlainText` has always
    given it) with each More-news object given back as its token line."""
    plain = doc.toPlainText()
    if OBJECT not in plain:
        return plain
    out: list[str] = []
    last = 0
    for index, _position, line in _objects(doc):
        out += [plain[last:index], line]
        last = index + 1
    out.append(plain[last:])
    return "".join(out)


def selected_markdown(cursor: QTextCursor) -> str:
    """The Markdown of a cursor's selection, tokens included (for copy and drag)."""
    scratch = QTextDocument()
    QTextCursor(scratch).insertFragment(cursor.selection())
    return markdown(scratch)


def document_position(doc: QTextDocument, index: int) -> int:
    """Where index `index` of `markdown(doc)` falls in the document (an index inside a
    token falls on its object)."""
    shift = 0
    for at, _position, line in _objects(doc):
        start = at + shift
        if index <= start:
            break
        if index < start + len(line):
            return at
        shift += len(line) - 1
    return index - shift


def objectify(doc: QTextDocument, first: QTextBlock, last: QTextBlock) -> list[Line]:
    """Make every line from `first` to `last` that reads as a token one object (inside
    the caller's edit block); the lines made."""
    made: list[Line] = []
    block = first
    stop = last.next()
    while block.isValid() and block != stop:
        text = block.text()
        line = read(text) if OBJECT not in text else None
        if line is not None:
            cursor = QTextCursor(block)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(OBJECT, link_format(text))
            made.append(line)
        block = block.next()
    return made


def insert_markdown(cursor: QTextCursor, text: str) -> list[Line]:
    """Insert Markdown at the cursor (over its selection), token lines as objects, each
    on a line of its own; one undo step. The lines made."""
    cursor.beginEditBlock()
    try:
        cursor.removeSelectedText()
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        if read(lines[0]) is not None and not cursor.atBlockStart():
            text = "\n" + text  # a token pasted into a paragraph: a line of its own
        if read(lines[-1]) is not None and not cursor.atBlockEnd():
            text += "\n"
        doc = cursor.document()
        start = cursor.position()
        cursor.insertText(text, QTextCharFormat())
        made = objectify(doc, doc.findBlock(start), cursor.block())
        tidy(doc)
    finally:
        cursor.endEditBlock()
    return made


def tidy(doc: QTextDocument) -> None:
    """Give every More-news object a line of its own (an edit that joined lines, or a
    paste beside one, put other text there). Call it inside the edit's edit block."""
    plain = doc.toRawText()
    if OBJECT not in plain:
        return
    splits: list[int] = []
    for number, line in enumerate(plain.split("\u2029")):
        if OBJECT not in line or line == OBJECT:
            continue
        block = doc.findBlockByNumber(number)
        end = block.position() + block.length() - 1
        for fragment in fragments(block):
            if token_of(fragment.charFormat()) is None:
                continue
            for k, char in enumerate(fragment.text()):
                if char != OBJECT:
                    continue
                at = fragment.position() + k
                if at > block.position():
                    splits.append(at)
                if at + 1 < end:
                    splits.append(at + 1)
    cursor = QTextCursor(doc)
    for at in sorted(set(splits), reverse=True):
        cursor.setPosition(at)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())


# --- drawing --------------------------------------------------------------------------

_LOOK = {  # kind -> (background, accent, text)
    "link": ("#edf5ee", "#2e7d32", "#1b3d1f"),
    "unpublished": ("#f3f4f6", "#6b7280", "#374151"),
    "missing": ("#fdecea", "#b3261e", "#8c1d18"),
    "pending": ("#fff4e0", "#b26a00", "#6d4100"),
}


@dataclass(frozen=True)
class Shown:
    """What a line shows: "More news: <headline><suffix>", a badge at its right (the
    target's status when the export would leave the line out), and its look."""

    headline: str
    suffix: str = ""
    badge: str = ""
    kind: str = "link"

    @property
    def text(self) -> str:
        return f"More news: {self.headline}{self.suffix}"


def shown(line: Line, target: LinkedStory | None) -> Shown:
    """The target's current headline when it is known, else the hint the line was
    written with (until the look-up answers, or for a story that is gone)."""
    if line.uid is None:
        return Shown(line.hint, " (waiting for that story)", kind="pending")
    if target is None:
        return Shown(line.hint or line.uid)
    if target.id is None:
        return Shown(line.hint or line.uid, " — story not found", kind="missing")
    if target.status != "published":
        return Shown(target.headline, badge=(target.status or "").capitalize(), kind="unpublished")
    return Shown(target.headline)


class LinkLineObject(QPyTextObject):
    """Lays out and draws a More-news object as a line of the editor's full width.

    `targets` says what is known of each uid (looked up off the UI thread by the
    window); `width` is the width a line of the editor has now.
    """

    def __init__(
        self,
        targets: Callable[[str], LinkedStory | None],
        width: Callable[[], float],
        font: Callable[[], QFont],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.targets = targets
        self.width = width
        self.font = font

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:
        """As wide as the editor's line (so it stands alone), a little taller than text."""
        height = round(QFontMetricsF(self.font()).height() * 1.9)
        return QSizeF(max(80.0, self.width()), height)

    def drawObject(
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        doc: QTextDocument,
        pos: int,
        fmt: QTextFormat,
    ) -> None:
        rect = QRectF(rect)
        line = read(token_of(fmt) or "")
        if line is None:
            return
        look = shown(line, self.targets(line.uid) if line.uid else None)
        background, accent, ink = _LOOK[look.kind]
        box = rect.adjusted(0.5, 3.5, -0.5, -3.5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QPainterPath()
        outline.addRoundedRect(box, 4, 4)
        painter.fillPath(outline, QColor(background))
        painter.save()
        painter.setClipPath(outline)
        painter.fillRect(QRectF(box.left(), box.top(), 4, box.height()), QColor(accent))
        painter.restore()
        painter.strokePath(outline, QPen(QColor(accent).lighter(170), 1))

        font = QFont(self.font())
        bold, italic, small = QFont(font), QFont(font), QFont(font)
        bold.setBold(True)
        italic.setItalic(True)
        small.setPointSizeF(font.pointSizeF() * 0.88)
        baseline = box.center().y() + QFontMetricsF(font).ascent() / 2 - 1
        x = box.left() + 14
        right = box.right() - 10
        if look.badge:
            right = self._badge(painter, look.badge, small, accent, right, box.center().y())

        painter.setFont(bold)
        painter.setPen(QColor(accent))
        lead = "More news:"
        painter.drawText(QPointF(x, baseline), lead)
        x += QFontMetricsF(bold).horizontalAdvance(lead + " ")
        suffix_width = QFontMetricsF(italic).horizontalAdvance(look.suffix)
        metrics = QFontMetricsF(font)
        headline = metrics.elidedText(
            look.headline, Qt.TextElideMode.ElideRight, max(0.0, right - x - suffix_width)
        )
        painter.setFont(font)
        painter.setPen(QColor(ink))
        painter.drawText(QPointF(x, baseline), headline)
        if look.suffix:
            painter.setFont(italic)
            painter.setPen(QColor(accent))
            after = QPointF(x + metrics.horizontalAdvance(headline), baseline)
            painter.drawText(after, look.suffix)
        painter.restore()

    @staticmethod
    def _badge(
        painter: QPainter, text: str, font: QFont, color: str, right: float, middle: float
    ) -> float:
        """A pill with `text` ending at `right`; where the text left of it must end."""
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(text) + 14
        pill = QRectF(right - width, middle - metrics.height() / 2 - 2, width, metrics.height() + 4)
        painter.setFont(font)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        return pill.left() - 10


def register(doc: QTextDocument, handler: LinkLineObject) -> None:
    """Let `doc`'s layout draw our objects with `handler`."""
    doc.documentLayout().registerHandler(LINK_LINE, handler)
