"""What an empty database shows in place of the story form: the ways to begin.

A new database has no story, and a greyed, empty form says nothing about what to do.
Until there is a story (in the database, or a new one in the form) the story area
shows this hint instead, with a button per way in: the window's own actions (new
story, import, the demo newsroom), so a button does what the menu does and shows the
same shortcut.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from newsroom.core.articles import count_articles
from newsroom.ui.edit_session import EditSession
from newsroom.ui.help import keys_of, plain
from newsroom.ui.operations import Operations
from newsroom.ui.story_model import StoryListModel


def action_label(action: QAction) -> str:
    """An action's text as a button says it: no mnemonic marks, its keys after."""
    keys = keys_of(action)
    return f"{plain(action.text())}   ({keys})" if keys else plain(action.text())


class FirstStart(QWidget):
    def __init__(self, ops: Operations, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.form = form
        self.session: EditSession | None = None
        self.model: StoryListModel | None = None
        self.empty: bool | None = None  # unknown until the first count
        self.buttons: list[QPushButton] = []
        title = QLabel("<h2>This newsroom has no stories yet</h2>")
        text = QLabel(
            "Write the first story, bring stories in (Markdown files, saved news pages, "
            "a Newsroom export), or look around the demo newsroom first: it opens in a "
            "database of its own, and this one stays as it is."
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(12)
        self._ways = QVBoxLayout()
        layout.addLayout(self._ways)
        layout.addStretch(2)
        self.hide()

    def add_ways(self, *actions: QAction) -> None:
        """A button per action, in order."""
        for action in actions:
            button = QPushButton(action_label(action))
            button.setMinimumHeight(32)
            button.clicked.connect(action.trigger)
            self._ways.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.buttons.append(button)

    def follow(self, session: EditSession, model: StoryListModel) -> None:
        """Look again whenever the list is shown afresh (a story saved, imported,
        deleted, the list refreshed) and whenever a story comes into the form."""
        self.session, self.model = session, model
        model.refreshed.connect(self._list_shown)
        session.opened.connect(self._update)
        session.closed.connect(self._update)

    def _list_shown(self, *_: object) -> None:
        assert self.model is not None
        if self.model.rowCount() > 0:
            self._counted(self.model.rowCount())
        else:  # an empty list may be the filters: ask the database
            self.ops.query(count_articles, self._counted, owner=self)

    def _counted(self, stories: int) -> None:
        self.empty = stories == 0
        self._update()

    def _update(self) -> None:
        in_form = self.session is not None and self.session.current is not None
        shown = bool(self.empty) and not in_form
        self.setVisible(shown)
        self.form.setVisible(not shown)
