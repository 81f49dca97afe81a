"""The live preview: the story as the export will render it.

QtWebEngine renders the export's own HTML and stylesheet faithfully (right-to-left
text included). Where WebEngine can not start (some headless machines) or
NEWSROOM_PREVIEW=text is set, a QTextBrowser shows a simpler rendering instead.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from newsroom.core.articles import ArticleInput
from newsroom.paths import resources_dir
from newsroom.ui.operations import Operations


def _webengine_view() -> QWidget | None:
    if os.environ.get("NEWSROOM_PREVIEW") == "text":
        return None
    try:
        from PySide6.QtWebEngineWidgets import QWebEngineView
    except ImportError:
        return None
    return QWebEngineView()


class PreviewPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.html = ""
        self._generation = 0  # a newer render supersedes older ones
        self.view = _webengine_view()
        self.browser: QTextBrowser | None = None
        if self.view is None:
            self.browser = QTextBrowser()
            self.browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view or self.browser)

    @property
    def uses_webengine(self) -> bool:
        return self.view is not None

    def set_html(self, html: str, base: QUrl) -> None:
        """Show `html`; relative links resolve against `base` (the static folder)."""
        self.html = html
        if self.view is not None:
            self.view.setHtml(html, base)  # type: ignore[attr-defined]
        elif self.browser is not None:
            self.browser.document().setBaseUrl(base)
            self.browser.setHtml(html)

    def render(self, ops: Operations, data: ArticleInput, uid: str | None) -> None:
        """Render a story as the export would, off the UI thread; show the newest."""
        self._generation += 1
        generation = self._generation
        if not data.headline.strip():
            data = ArticleInput(**{**data.__dict__, "headline": "(no headline yet)"})

        def render(session: Session) -> tuple[str, str]:
            from newsroom.publish.preview import preview_html

            return preview_html(session, data, uid=uid)

        def show(page: tuple[str, str]) -> None:
            if generation == self._generation:
                html, path = page
                # As if the page sat at its site path inside resources/: its relative
                # link to static/style.css then reaches the real stylesheet.
                self.set_html(html, QUrl.fromLocalFile(str(resources_dir() / path)))

        ops.query(render, show, on_error=lambda exc: self.set_html(str(exc), QUrl()), owner=self)
