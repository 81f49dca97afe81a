"""Markdown syntax highlighting for the story body, including the More-news token."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from newsroom.text.morenews import TOKEN_RE


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
