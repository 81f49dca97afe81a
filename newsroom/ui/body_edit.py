"""The story body: a Markdown editor in which each More-news line is one object.

`toPlainText()` and `setPlainText()` speak the body's Markdown, tokens and all, so the
save, the dirty check, the word count and every other reader see byte for byte the
text they always saw; inside the document each token line is a single object
(`morenews_lines`) drawn as "More news: <headline>". What a caller must know:

- The cursor stands before or after a line, never inside it. Backspace or Delete
  beside it removes the whole line (and the blank line that set it apart), one undo
  step; typing beside it starts a line of its own; no edit leaves text on its line.
- Copy, cut and drag carry the token text; paste and drop make token lines objects.
- A click on a line selects it (to drag, cut or delete it); a double-click emits
  `link_activated` with the token line.
- What a line shows comes from `set_targets`: `targets_wanted` names the uids whose
  current headline is not known yet (when a story is loaded, a link inserted or
  pasted), and the window looks them up off the UI thread. Until then, and for a
  story that is gone, the line shows the hint it was written with.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QEvent, QIODevice, QMimeData, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QDropEvent,
    QFont,
    QGuiApplication,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from newsroom.core import links
from newsroom.core.links import LinkedStory
from newsroom.ui.morenews_lines import (
    LINK_LINE,
    Line,
    LinkLineObject,
    document_position,
    insert_markdown,
    link_line,
    markdown,
    objectify,
    read,
    register,
    selected_markdown,
    shown,
    tidy,
)
from newsroom.ui.operations import Operations

_JOINING = (  # keys that may join a line to its neighbour
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.DeleteStartOfWord,
    QKeySequence.StandardKey.DeleteEndOfWord,
    QKeySequence.StandardKey.DeleteEndOfLine,
    QKeySequence.StandardKey.DeleteCompleteLine,
)
_Move = QTextCursor.MoveOperation
_Keep = QTextCursor.MoveMode.KeepAnchor


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def _offered_images(source: QMimeData) -> list[Path] | bytes | None:
    """Image files among dropped/pasted URLs, or a clipboard image as PNG bytes."""
    if source.hasUrls():
        files = [Path(u.toLocalFile()) for u in source.urls() if u.isLocalFile()]
        images = [f for f in files if f.suffix.lower() in IMAGE_SUFFIXES]
        if images:
            return images
    if source.hasImage() and not source.hasText():
        image = source.imageData()
        if isinstance(image, QImage) and not image.isNull():
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, b"PNG")
            return bytes(buffer.data().data())
    return None


class BodyEdit(QPlainTextEdit):
    link_activated = Signal(str)  # the token line of a More-news line double-clicked
    targets_wanted = Signal(list)  # uids whose current headline the lines should show
    # Image files dropped or pasted (a list of Path), or an image pasted from the
    # clipboard (PNG bytes): the window adds them to the media library and inserts them.
    images_offered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._targets: dict[str, LinkedStory] = {}
        self._asked: set[str] = set()
        self._pressed: int | None = None  # the line a click selected
        self._lines = LinkLineObject(self.target, self._line_width, self._line_font, self)
        register(self.document(), self._lines)
        self.document().contentsChange.connect(self._contents_changed)
        self.cursorPositionChanged.connect(self._plain_typing)

    # --- the body as Markdown -----------------------------------------------------------

    def setPlainText(self, text: str) -> None:
        """Show `text` (undo history cleared); its token lines become objects and the
        headlines they show are asked for again (`targets_wanted`)."""
        self._targets.clear()
        self._asked.clear()
        super().setPlainText(text)
        doc = self.document()
        doc.setUndoRedoEnabled(False)  # loading is not an edit to undo
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        objectify(doc, doc.firstBlock(), doc.lastBlock())
        cursor.endEditBlock()
        doc.setUndoRedoEnabled(True)
        doc.setModified(False)

    def toPlainText(self) -> str:
        """The body's Markdown, each More-news line given back as its token."""
        return markdown(self.document())

    def document_position(self, index: int) -> int:
        """Where index `index` of `toPlainText()` is in the document (for highlights
        found in the Markdown)."""
        return document_position(self.document(), index)

    # --- what the lines show ------------------------------------------------------------

    def target(self, uid: str) -> LinkedStory | None:
        return self._targets.get(uid)

    def set_targets(self, found: list[LinkedStory]) -> None:
        """The current headline (or absence) of linked stories, looked up by the window."""
        for story in found:
            self._targets[story.uid.lower()] = story
        self.viewport().update()

    def _contents_changed(self, position: int, _removed: int, added: int) -> None:
        if not added:
            return
        doc = self.document()
        block = doc.findBlock(position)
        last = doc.findBlock(position + added)
        wanted: list[str] = []
        while block.isValid():
            line = read(link_line(block) or "")
            uid = line.uid if line is not None else None
            if uid is not None and uid not in self._targets and uid not in self._asked:
                self._asked.add(uid)
                wanted.append(uid)
            if block == last:
                break
            block = block.next()
        if wanted:
            self.targets_wanted.emit(wanted)

    def _line_width(self) -> float:
        margin = 2 * self.document().documentMargin() + self.cursorWidth() + 4
        return self.viewport().width() - margin

    def _line_font(self) -> QFont:
        """The lines read as the page will: the interface's font, not the monospace."""
        font = QFont(QGuiApplication.font())
        font.setPointSizeF(self.font().pointSizeF())
        return font

    # --- keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.isReadOnly():
            super().keyPressEvent(event)
            return
        cursor = self.textCursor()
        if self._beside_line(event, cursor) or self._on_selected_line(event, cursor):
            event.accept()
            return
        undoing = event.matches(QKeySequence.StandardKey.Undo) or event.matches(
            QKeySequence.StandardKey.Redo
        )
        editing = cursor.hasSelection() or self._joins(event) or self._on_line(cursor)
        if undoing or not editing or not self._near_line(cursor):
            super().keyPressEvent(event)
            return
        cursor.beginEditBlock()  # the edit and the tidying after it: one undo step
        try:
            super().keyPressEvent(event)
            tidy(self.document())
        finally:
            cursor.endEditBlock()

    @staticmethod
    def _joins(event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            return True
        return any(event.matches(key) for key in _JOINING)

    @staticmethod
    def _on_line(cursor: QTextCursor) -> bool:
        return link_line(cursor.block()) is not None

    def _near_line(self, cursor: QTextCursor) -> bool:
        """The selection (or the cursor's line) is a More-news line or next to one."""
        doc = self.document()
        block = doc.findBlock(cursor.selectionStart())
        block = block.previous() if block.previous().isValid() else block
        last = doc.findBlock(cursor.selectionEnd()).next()
        while block.isValid():
            if link_line(block) is not None:
                return True
            if block == last:
                break
            block = block.next()
        return False

    def _on_selected_line(self, event: QKeyEvent, cursor: QTextCursor) -> bool:
        """Cut, Backspace or Delete of a selected line takes its line with it (as
        `remove_line`); True when handled."""
        block = cursor.document().findBlock(cursor.selectionStart())
        selected = (cursor.selectionStart(), cursor.selectionEnd())
        if link_line(block) is None or selected != (block.position(), block.position() + 1):
            return False
        if event.matches(QKeySequence.StandardKey.Cut):
            self.copy()
        elif event.key() not in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            return False
        self.remove_line(block)
        return True

    def _beside_line(self, event: QKeyEvent, cursor: QTextCursor) -> bool:
        """Backspace, Delete or typing beside a More-news line; True when handled."""
        if cursor.hasSelection():
            return False
        key = event.key()
        plain = not (
            event.modifiers()
            & (
                Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.AltModifier
                | Qt.KeyboardModifier.MetaModifier
            )
        )
        block = cursor.block()
        here = link_line(block) is not None
        start, end = cursor.atBlockStart(), cursor.atBlockEnd()
        if key == Qt.Key.Key_Backspace and plain:
            if here and end:
                self.remove_line(block)
            elif here and start and block.previous().isValid() and block.previous().text():
                self._move_to(block.previous(), end=True)  # the line break can not go
            elif start and block.text() and link_line(block.previous()) is not None:
                self.remove_line(block.previous())
            else:
                return False
            return True
        if key == Qt.Key.Key_Delete and plain:
            if here and start:
                self.remove_line(block)
            elif here and end and block.next().isValid() and block.next().text():
                self._move_to(block.next(), end=False)
            elif end and block.text() and link_line(block.next()) is not None:
                self.remove_line(block.next())
            else:
                return False
            return True
        text = event.text()
        if here and plain and text and all(c == "\t" or c.isprintable() for c in text):
            self._type_beside(cursor, text)
            return True
        return False

    def remove_line(self, block: QTextBlock) -> None:
        """Remove a More-news line whole, with the blank line that set it apart when
        blank lines (or the ends of the body) stand on both sides; one undo step."""
        before, after = block.previous(), block.next()
        first = last = block
        open_before = not before.isValid() or not before.text()
        open_after = not after.isValid() or not after.text()
        if open_before and open_after:
            if after.isValid():
                last = after
            elif before.isValid():
                first = before
        if last.next().isValid():
            start, end = first.position(), last.next().position()
        else:
            start = max(0, first.position() - 1)
            end = last.position() + last.length() - 1
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, _Keep)
        cursor.removeSelectedText()
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _move_to(self, block: QTextBlock, *, end: bool) -> None:
        cursor = QTextCursor(block)
        if end:
            cursor.movePosition(_Move.EndOfBlock)
        self.setTextCursor(cursor)

    def _type_beside(self, cursor: QTextCursor, text: str) -> None:
        """Typing before a line starts a new line above it; after, one below it."""
        cursor.beginEditBlock()
        if cursor.atBlockStart():
            cursor.insertText(text, QTextCharFormat())
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            cursor.movePosition(_Move.PreviousBlock)
            cursor.movePosition(_Move.EndOfBlock)
        else:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            cursor.insertText(text, QTextCharFormat())
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _plain_typing(self) -> None:
        """Text typed after a line is text, not a piece of the line's format."""
        if not self.textCursor().hasSelection() and (
            self.currentCharFormat().objectType() == LINK_LINE
        ):
            self.setCurrentCharFormat(QTextCharFormat())

    # --- copy, paste, drag --------------------------------------------------------------

    def createMimeDataFromSelection(self) -> QMimeData:
        """The selection's Markdown, tokens as text (plain text and HTML for other
        programs too). Made by Qt's own plain editor: a QMimeData made in Python and
        still on the clipboard at exit crashes PySide as the application goes."""
        scratch = QPlainTextEdit()
        scratch.setPlainText(selected_markdown(self.textCursor()))
        scratch.selectAll()
        return QPlainTextEdit.createMimeDataFromSelection(scratch)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(_offered_images(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        offered = _offered_images(source)
        if offered:
            self.images_offered.emit(offered)
            return
        if not source.hasText():
            super().insertFromMimeData(source)
            return
        cursor = self.textCursor()
        insert_markdown(cursor, source.text())
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def dropEvent(self, event: QDropEvent) -> None:
        """A drag moved out of the middle of some text may leave a line beside other
        text: tidied in the same undo step as the drop."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        try:
            super().dropEvent(event)
            tidy(self.document())
        finally:
            cursor.endEditBlock()

    # --- the mouse ----------------------------------------------------------------------

    def line_at(self, point: QPoint) -> QTextBlock | None:
        """The More-news line drawn at `point` of the viewport, if any."""
        block = self.cursorForPosition(point).block()
        if link_line(block) is None:
            return None
        rect = self.blockBoundingGeometry(block).translated(self.contentOffset())
        return block if rect.contains(QPointF(point)) else None

    def _select(self, block: QTextBlock) -> None:
        cursor = QTextCursor(block)
        cursor.movePosition(_Move.EndOfBlock, _Keep)
        self.setTextCursor(cursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        block = None
        if event.button() == Qt.MouseButton.LeftButton and not event.modifiers():
            block = self.line_at(event.position().toPoint())
        self._pressed = block.position() if block is not None else None
        if block is not None:
            self._select(block)  # a press on a selection may start a drag
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._pressed is not None:
            block = self.document().findBlock(self._pressed)
            if link_line(block) is not None and not self.textCursor().hasSelection():
                self._select(block)  # a click (not a drag) leaves the line selected
            self._pressed = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = None
        if event.button() == Qt.MouseButton.LeftButton:
            block = self.line_at(event.position().toPoint())
        line = link_line(block) if block is not None else None
        if line is None:
            super().mouseDoubleClickEvent(event)
            return
        event.accept()
        self.link_activated.emit(line)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.line_at(event.pos())
            line = read(link_line(block) or "") if block is not None else None
            if line is not None:
                QToolTip.showText(event.globalPos(), self._tip(line), self.viewport())
                return True
        return super().viewportEvent(event)

    def _tip(self, line: Line) -> str:
        look = shown(line, self.target(line.uid) if line.uid else None)
        if look.kind == "pending":
            return f"{look.text}\nIt becomes a link when a story with this headline arrives."
        if look.kind == "missing":
            return f"{look.text}\nThe story it links to is not in the database."
        if look.kind == "unpublished":
            return (
                f"{look.text}\nLeft out of the export until that story is published.\n"
                "Double-click to open it."
            )
        return f"{look.text}\nDouble-click to open it."


def connect_lines(
    body: BodyEdit,
    ops: Operations,
    open_story: Callable[[int], None],
    say: Callable[[str, int], None],
) -> None:
    """Wire a body to the database through `ops` (off the UI thread): its lines show the
    linked stories' current headlines, and a double-click opens the story through
    `open_story` (which asks about unsaved changes first); `say` is the status bar."""

    def look_up(uids: list[str]) -> None:
        ops.query(lambda session: links.describe(session, uids), body.set_targets, owner=body)

    def open_line(token_line: str) -> None:
        line = read(token_line)
        if line is None:
            return
        if line.uid is None:
            say(f"No story headlined “{line.hint}” yet: the line waits for it", 6000)
            return
        uid = line.uid

        def found(stories: list[LinkedStory]) -> None:
            body.set_targets(stories)
            if stories[0].id is None:
                say("The story this line links to is not in the database", 6000)
            else:
                open_story(stories[0].id)

        ops.query(lambda session: links.describe(session, [uid]), found, owner=body)

    body.targets_wanted.connect(look_up)
    body.link_activated.connect(open_line)
