"""More-news links in the editor: the picker that inserts them and the links panel.

The picker lists candidate stories (most related first, or search hits for what the
editor types); the panel shows the open story's outgoing links, pending lines among
them as "Waiting for: <headline>", and its backlinks ("Linked from"). Both lists are
small item models holding frozen records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from newsroom.core import links
from newsroom.core.links import LinkCandidate, LinkedStory, WaitingLine
from newsroom.text.morenews import token
from newsroom.ui.morenews_lines import insert_markdown
from newsroom.ui.operations import Operations

_Index = QModelIndex | QPersistentModelIndex


Item = LinkCandidate | LinkedStory | WaitingLine
_LinkLists = tuple[list[LinkedStory | WaitingLine], list[LinkedStory]]  # links to, linked from
WAITING_TIP = "A pending line: it links itself when a story with this headline is saved or imported"


class StoryRefModel(QAbstractListModel):
    """A list of stories (LinkCandidate or LinkedStory records) shown by headline, and
    pending lines (WaitingLine), which open nothing."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Item] = []

    def set_items(self, items: Sequence[Item]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if isinstance(item, WaitingLine):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"Waiting for: {item.wanted}"
            return WAITING_TIP if role == Qt.ItemDataRole.ToolTipRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            date = f"{item.published_at:%Y-%m-%d}" if item.published_at else "no date"
            status = item.status or "missing"
            extra = ""
            if isinstance(item, LinkCandidate) and item.shared_entities:
                extra = (
                    f" · {item.shared_entities} shared tag{'s' if item.shared_entities > 1 else ''}"
                )
            return f"{item.headline}   ({status}, {date}{extra})"
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.uid
        return None


def insert_token_at_paragraph_break(editor: QPlainTextEdit, uid: str, headline: str) -> None:
    """Put a More-news token on its own paragraph after the cursor's paragraph.

    One undo step. An empty line under the cursor is used as is; otherwise the token
    goes after the current paragraph (never splitting it), with blank lines around it.
    In the body editor the line becomes one object (see `morenews_lines`).
    """
    insert_line_at_paragraph_break(editor, token(uid, headline))


def insert_line_at_paragraph_break(editor: QPlainTextEdit, line: str) -> None:
    """Put `line` (a More-news token, an image reference) on its own paragraph after
    the cursor's paragraph, as `insert_token_at_paragraph_break` says."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    try:
        block = cursor.block()
        if not block.text().strip():
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            before = (
                ""
                if not block.previous().isValid() or not block.previous().text().strip()
                else "\n"
            )
            after = "" if not block.next().isValid() or not block.next().text().strip() else "\n"
            insert_markdown(cursor, f"{before}{line}{after}")
        else:
            while block.next().isValid() and block.next().text().strip():
                block = block.next()  # to the end of this paragraph
            cursor.setPosition(block.position() + block.length() - 1)
            following = block.next()
            after = "\n" if following.isValid() and following.text().strip() else ""
            if following.isValid() and not following.text().strip():
                insert_markdown(cursor, f"\n\n{line}")
            else:
                insert_markdown(cursor, f"\n\n{line}\n{after}")
    finally:
        cursor.endEditBlock()
    editor.setTextCursor(cursor)


class MoreNewsPicker(QDialog):
    """Choose the story a More-news line links to. `chosen` carries the LinkCandidate.

    The first row is selected, so typing a headline and pressing Enter links to it;
    an Enter pressed before the answer for the words typed has arrived waits for that
    answer rather than taking the row left over from the words before.
    """

    chosen = Signal(object)
    loaded = Signal()

    EMPTY_HINT = "Most related first (shared tags, words of the headline), then the newest."
    TYPED_HINT = "Headlines that are or start with your words first, then headlines, text, tags."

    def __init__(
        self,
        find: Callable[[str, Callable[[list[LinkCandidate]], None], QObject], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Insert a More-news link")
        self.search = find
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search headlines and text (empty: related and newest)")
        self.query.setClearButtonEnabled(True)
        self.model = StoryRefModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.hint = QLabel(self.EMPTY_HINT)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Insert link")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.view.activated.connect(lambda _: self._accept())
        self.timer = QTimer(self, singleShot=True, interval=200)
        self.timer.timeout.connect(self.refresh)
        self.query.textChanged.connect(self._edited)
        self._generation = 0
        self._shown = 0  # the generation whose answer the list shows
        self._accept_when_shown = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
        self.refresh()

    def _edited(self) -> None:
        self._generation += 1  # an answer still on its way is for older words
        self.timer.start()

    def refresh(self) -> None:
        """Look up the query's stories (`find` runs it off the UI thread); `loaded`
        when they are shown. An answer for an older query is dropped."""
        self.timer.stop()
        self._generation += 1
        generation = self._generation
        self.search(self.query.text(), lambda items: self._show(generation, items), self)

    def _show(self, generation: int, items: list[LinkCandidate]) -> None:
        if generation != self._generation:
            return
        self._shown = generation
        self.hint.setText(self.TYPED_HINT if self.query.text().strip() else self.EMPTY_HINT)
        self.model.set_items(items)
        if items:
            self.view.setCurrentIndex(self.model.index(0))
        self.loaded.emit()
        if self._accept_when_shown:
            self._accept_when_shown = False
            self._accept()

    def _accept(self) -> None:
        if self._shown != self._generation:  # the list is for words no longer typed
            self._accept_when_shown = True
            if self.timer.isActive():
                self.refresh()
            return
        index = self.view.currentIndex()
        if not index.isValid():
            return
        self.chosen.emit(self.model.items[index.row()])
        self.accept()


class LinksPanel(QWidget):
    """The open story's outgoing More-news links and the stories linking to it."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outgoing = StoryRefModel(self)
        self.incoming = StoryRefModel(self)
        self._generation = 0
        self.outgoing_view = QListView()
        self.outgoing_view.setModel(self.outgoing)
        self.incoming_view = QListView()
        self.incoming_view.setModel(self.incoming)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Links to</b>"))
        layout.addWidget(self.outgoing_view)
        layout.addWidget(QLabel("<b>Linked from</b>"))
        layout.addWidget(self.incoming_view)
        for view, model in (
            (self.outgoing_view, self.outgoing),
            (self.incoming_view, self.incoming),
        ):
            view.activated.connect(lambda index, m=model: self._open(m, index))
            view.doubleClicked.connect(lambda index, m=model: self._open(m, index))

    def set_links(
        self, outgoing: Sequence[LinkedStory | WaitingLine], incoming: list[LinkedStory]
    ) -> None:
        self.outgoing.set_items(outgoing)
        self.incoming.set_items(incoming)

    def look_up(self, ops: Operations, body: str, uid: str | None) -> None:
        """The links of `body` as it stands and the stories linking to `uid`, read off
        the UI thread; the newest look wins (typing moves on)."""
        self._generation += 1
        generation = self._generation

        def look(session: Session) -> _LinkLists:
            return links.describe_body(session, body), links.incoming(session, uid) if uid else []

        def show(found: _LinkLists) -> None:
            if generation == self._generation:
                self.set_links(*found)

        ops.query(look, show, owner=self)

    def _open(self, model: StoryRefModel, index: QModelIndex) -> None:
        story_id = model.data(index, Qt.ItemDataRole.UserRole)
        if story_id is not None:
            self.open_requested.emit(story_id)
