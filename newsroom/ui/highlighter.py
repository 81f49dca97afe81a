"""Syntax highlighting for the story form: Markdown in the body (the More-news token
included), and misspelt words underlined wavy red in the body and standfirst
(`SpellingHighlighter`, over the same `QSyntaxHighlighter` pass: a document has one
highlighter, so the underline is laid over the Markdown formats, not beside them)."""

from __future__ import annotations

import re
from typing import Protocol

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from newsroom.text.morenews import TOKEN_RE
from newsroom.text.spelling import Word


def _format(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


_RULES = [
    (re.compile(r"^#{1,6} .*$"), _format("#1f4e79", bold=True)),
    (re.compile(r"^\s*>.*$"), _format("#6b6b6b", italic=True)),
    (re.compile(r"^\s*(?:[-*+]|\d+\.)\s"), _format("#8a4b08", bold=True)),
    (re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"), _format("#000000", bold=True)),
    (
        re.compile(r"(?<![*\w])\*[^*\n]+\*(?!\*)|(?<![_\w])_[^_\n]+_(?!_)"),
        _format("#333", italic=True),
    ),
    (re.compile(r"`[^`\n]+`"), _format("#a31515")),
    (re.compile(r"\[[^\]\n]*\]\([^)\n]*\)"), _format("#0b6bcb")),
]
_TOKEN = _format("#ffffff", bold=True)
_TOKEN.setBackground(QColor("#2e7d32"))


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:
        if TOKEN_RE.fullmatch(text):
            self.setFormat(0, len(text), _TOKEN)
            return
        for pattern, fmt in _RULES:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)


class Checker(Protocol):
    """What the highlighter asks of the spelling checker (`ui.spell_check.SpellCheck`)."""

    def misspelt_line(self, line: str, state: int) -> tuple[list[Word], int]: ...


MISSPELT_COLOR = QColor("#e00000")


def underline(fmt: QTextCharFormat) -> QTextCharFormat:
    """`fmt` with the misspelling underline: wavy and red, whatever the platform's
    spell-check style is."""
    out = QTextCharFormat(fmt)
    out.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    out.setUnderlineColor(MISSPELT_COLOR)
    return out


class SpellingHighlighter(MarkdownHighlighter):
    """Markdown (unless `markdown` is False: the standfirst) and misspelt words.

    Each block's state is the spelling cut's line state (`text.spelling`), so a code
    fence opened in one block is known to the next; changing a fence re-highlights
    the blocks after it, as Qt does when a block's state changes."""

    def __init__(self, document: QTextDocument, checker: Checker, *, markdown: bool = True):
        super().__init__(document)
        self.checker = checker
        self.markdown = markdown
        self._edit: QPlainTextEdit | None = None
        self._held: tuple[int, int, int] | None = None  # block number, start, end

    def follow_cursor(self, edit: QPlainTextEdit) -> None:
        """Leave the word the cursor of `edit` is in alone while it has focus: a word
        being typed is not misspelt yet (and its underline, growing with every key,
        would re-lay the block out at each one). It is underlined once the cursor
        leaves it."""
        self._edit = edit
        edit.cursorPositionChanged.connect(self._cursor_moved)
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._release()
        return False

    def _cursor_at(self) -> int:
        edit = self._edit
        if edit is None or not edit.hasFocus() or edit.textCursor().hasSelection():
            return -1
        return edit.textCursor().position()

    def _cursor_moved(self) -> None:
        if self._held is None:
            return
        _block, start, end = self._held
        if not start <= self._cursor_at() <= end:
            self._release()

    def _release(self) -> None:
        if self._held is not None:
            number = self._held[0]
            self._held = None
            block = self.document().findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def highlightBlock(self, text: str) -> None:
        if self.markdown:
            super().highlightBlock(text)
        found, state = self.checker.misspelt_line(text, self.previousBlockState())
        self.setCurrentBlockState(state)
        block = self.currentBlock()
        here = self._cursor_at() - block.position()
        if self._held is not None and self._held[0] == block.blockNumber():
            self._held = None
        for word in found:
            if word.start <= here <= word.end:
                at = block.position()
                self._held = (block.blockNumber(), at + word.start, at + word.end)
                continue
            for i in range(word.start, word.end):
                self.setFormat(i, 1, underline(self.format(i)))
