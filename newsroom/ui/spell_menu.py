"""Spelling in the story form's fields: the headline's underline, the context menu, F7.

- The body and standfirst are underlined by their `SpellingHighlighter`; the headline
  is a `QLineEdit`, which has no document, so `LineSpelling` lays the same wavy red
  underline on it as text formats of an input-method event (how Qt lets anyone style
  part of a line edit's text), again after every change.
- `SpellingMenus` puts what the editor can do with a misspelt word at the top of each
  field's own context menu: the suggestions (close entity names first), "Add to
  newsroom dictionary", "Ignore in this story", and the story's spelling language.
  `menu_for` builds the menu without showing it, for tests and for the keyboard.
- `step_misspelling` (F7) selects the next misspelt word after the cursor, through
  headline, standfirst and body, round to the start again.

Offsets: a `Misspelling` in a text edit is a document position (the body's More-news
lines are one character each in the document, and no word is ever on them); in the
headline, an index into its text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtGui import QActionGroup, QInputMethodEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from newsroom.text.spelling import START
from newsroom.ui.highlighter import underline
from newsroom.ui.spell_check import SpellCheck

Field = QLineEdit | QPlainTextEdit


@dataclass(frozen=True)
class Misspelling:
    field: Field
    start: int
    end: int
    word: str


def misspellings(field: Field, spelling: SpellCheck) -> Iterator[Misspelling]:
    """The misspelt words of a field, in order."""
    if isinstance(field, QLineEdit):
        for w in spelling.misspelt_line(field.text(), START)[0]:
            yield Misspelling(field, w.start, w.end, w.text)
        return
    state = START
    block = field.document().firstBlock()
    while block.isValid():
        found, state = spelling.misspelt_line(block.text(), state)
        for w in found:
            at = block.position()
            yield Misspelling(field, at + w.start, at + w.end, w.text)
        block = block.next()


def misspelling_at(field: Field, spelling: SpellCheck, index: int) -> Misspelling | None:
    """The misspelt word at (or just after) position `index` of a field, if any."""
    return next((m for m in misspellings(field, spelling) if m.start <= index <= m.end), None)


def replace(found: Misspelling, text: str) -> None:
    """Put `text` in place of the misspelt word, as the editor typing it would (one
    undo step; the form counts it as an edit)."""
    field = found.field
    if isinstance(field, QLineEdit):
        field.setSelection(found.start, found.end - found.start)
        field.insert(text)  # emits textEdited, like typing
        return
    cursor = QTextCursor(field.document())
    cursor.setPosition(found.start)
    cursor.setPosition(found.end, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text)
    field.setTextCursor(cursor)


def select(found: Misspelling) -> None:
    field = found.field
    field.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if isinstance(field, QLineEdit):
        field.setSelection(found.start, found.end - found.start)
        return
    cursor = QTextCursor(field.document())
    cursor.setPosition(found.start)
    cursor.setPosition(found.end, QTextCursor.MoveMode.KeepAnchor)
    field.setTextCursor(cursor)
    field.ensureCursorVisible()


def _cursor_end(field: Field) -> int:
    if isinstance(field, QLineEdit):
        return field.selectionEnd() if field.hasSelectedText() else field.cursorPosition()
    return field.textCursor().selectionEnd()


def step_misspelling(
    fields: Sequence[Field], spelling: SpellCheck, focused: QWidget | None
) -> Misspelling | None:
    """Select the next misspelt word after the cursor of the focused field (the first
    field when none has focus), going on through the fields after it and round to the
    start; None (and nothing moves) when there is none."""
    here = next((i for i, f in enumerate(fields) if f is focused), None)
    order = list(range(len(fields)))
    if here is None:
        here, after = 0, -1
    else:
        after = _cursor_end(fields[here])
    order = order[here:] + order[:here]
    for n, i in enumerate(order):
        for found in misspellings(fields[i], spelling):
            if n == 0 and found.start < after:
                continue
            select(found)
            return found
    if after > 0:  # round to the start of the field it began in
        first = next(misspellings(fields[here], spelling), None)
        if first is not None:
            select(first)
            return first
    return None


class LineSpelling(QObject):
    """The misspelling underline on a one-line field (see the module notes)."""

    def __init__(self, line: QLineEdit, spelling: SpellCheck) -> None:
        super().__init__(line)
        self.line = line
        self.spelling = spelling
        self.spans: list[tuple[int, int]] = []  # what is underlined now
        line.textChanged.connect(self.update)
        spelling.changed.connect(self.update)

    def update(self) -> None:
        words = self.spelling.misspelt_line(self.line.text(), START)[0]
        spans = [(w.start, w.end) for w in words]
        if spans == self.spans and not spans:
            return
        self.spans = spans
        cursor = self.line.cursorPosition()  # format starts are relative to the cursor
        kind = QInputMethodEvent.AttributeType.TextFormat
        fmt = underline(QTextCharFormat())
        attributes = [
            QInputMethodEvent.Attribute(kind, start - cursor, end - start, fmt)
            for start, end in spans
        ]
        QCoreApplication.sendEvent(self.line, QInputMethodEvent("", attributes))


def fill_language_menu(menu: QMenu, spelling: SpellCheck) -> None:
    """The story's spelling language: the site's, or any installed dictionary."""
    menu.clear()
    group = QActionGroup(menu)
    site = menu.addAction(f"The site's language ({spelling.site_locale})")
    site.setCheckable(True)
    site.setChecked(spelling.story_language is None)
    site.triggered.connect(lambda: spelling.set_language(None))
    group.addAction(site)
    languages = spelling.languages()
    if spelling.story_language is not None and spelling.story_language not in languages:
        languages = [*languages, spelling.story_language]  # chosen, not installed here
    for language in languages:
        action = menu.addAction(language)
        action.setCheckable(True)
        action.setChecked(language == spelling.story_language)
        action.triggered.connect(lambda _=False, lang=language: spelling.set_language(lang))
        group.addAction(action)
    if not spelling.languages():
        menu.addAction("No dictionaries installed").setEnabled(False)


class SpellingMenus(QObject):
    """Each field's context menu with the spelling entries on top (module notes)."""

    def __init__(self, parent: QObject, fields: Sequence[Field], spelling: SpellCheck) -> None:
        super().__init__(parent)
        self.spelling = spelling
        self.fields = list(fields)
        for field in self.fields:
            field.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            field.customContextMenuRequested.connect(
                lambda pos, f=field: self._show(f, pos)  # pos: the viewport's, for an edit
            )

    def _show(self, field: Field, pos: QPoint) -> None:
        menu = self.menu_for(field, pos)
        widget = field if isinstance(field, QLineEdit) else field.viewport()
        menu.exec(widget.mapToGlobal(pos))
        menu.deleteLater()

    def menu_for(self, field: Field, pos: QPoint) -> QMenu:
        """The context menu for a click at `pos` (viewport coordinates of a text edit)."""
        if isinstance(field, QLineEdit):
            standard = field.createStandardContextMenu()
            index = field.cursorPositionAt(pos)
        else:
            standard = field.createStandardContextMenu(pos)
            index = field.cursorForPosition(pos).position()
        menu = QMenu(field)
        standard.setParent(menu, standard.windowFlags())
        found = misspelling_at(field, self.spelling, index)
        if found is not None and field.isEnabled() and not field.isReadOnly():
            self._word_entries(menu, found)
            menu.addSeparator()
        languages = menu.addMenu("Spelling &language")
        fill_language_menu(languages, self.spelling)
        menu.addSeparator()
        menu.addActions(standard.actions())
        return menu

    def _word_entries(self, menu: QMenu, found: Misspelling) -> None:
        offered = self.spelling.suggest(found.word)
        for text in offered:
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, t=text: replace(found, t))
        if not offered:
            menu.addAction("(no suggestions)").setEnabled(False)
        menu.addSeparator()
        add = menu.addAction(f"Add “{found.word}” to newsroom dictionary")
        add.triggered.connect(lambda: self.spelling.add_to_dictionary(found.word))
        ignore = menu.addAction(f"Ignore “{found.word}” in this story")
        ignore.triggered.connect(lambda: self.spelling.ignore(found.word))
