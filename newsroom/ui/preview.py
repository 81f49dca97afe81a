"""The live preview: the story as the export will render it.

QtWebEngine renders the export's own HTML and stylesheet faithfully (right-to-left
text included). Where WebEngine can not start (some headless machines) or
NEWSROOM_PREVIEW=text is set, a QTextBrowser shows a simpler rendering instead.

The preview never navigates: its links are the export's relative paths, which lead
nowhere on this machine. A clicked More-news line asks the window to open that story
(`open_requested`); a web or mail link goes to the system's browser or mail program
(`open_external`); any other link (a section, an entity page) does nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from newsroom.core.articles import ArticleInput
from newsroom.paths import resources_dir
from newsroom.ui.operations import Operations

if TYPE_CHECKING:
    from newsroom.publish.preview import PreviewPage

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})  # what the body's sanitiser lets by


def _webengine_view(follow: Callable[[QUrl], None]) -> QWidget | None:
    """A QWebEngineView whose clicked links go to `follow` instead of navigating."""
    if os.environ.get("NEWSROOM_PREVIEW") == "text":
        return None
    try:
        from PySide6.QtWebEngineCore import QWebEnginePage
        from PySide6.QtWebEngineWidgets import QWebEngineView
    except ImportError:
        return None

    clicked = (
        QWebEnginePage.NavigationType.NavigationTypeLinkClicked,
        QWebEnginePage.NavigationType.NavigationTypeFormSubmitted,
    )

    class Page(QWebEnginePage):
        def acceptNavigationRequest(
            self, url: QUrl | str, type: QWebEnginePage.NavigationType, isMainFrame: bool
        ) -> bool:
            if type in clicked:
                follow(QUrl(url))
                return False
            return True  # our own setHtml, a reload

    view = QWebEngineView()
    view.setPage(Page(view))
    return view


class PreviewPane(QWidget):
    """`open_requested(article_id)`: a More-news line in the preview was clicked."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.html = ""
        self._base = QUrl()
        self.path = ""  # the shown page's site path
        self.stories: dict[str, int] = {}  # site path of each More-news target -> its id
        self.open_external: Callable[[QUrl], object] = QDesktopServices.openUrl
        self._generation = 0  # a newer render supersedes older ones
        self.view = _webengine_view(self.follow)
        self.browser: QTextBrowser | None = None
        if self.view is None:
            self.browser = QTextBrowser()
            self.browser.setOpenLinks(False)
            self.browser.anchorClicked.connect(
                lambda url: self.follow(self.browser.document().baseUrl().resolved(url))
            )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        shown = self.view if self.view is not None else self.browser
        assert shown is not None  # one of the two is made above
        layout.addWidget(shown)

    def set_html(self, html: str, base: QUrl) -> None:
        """Show `html`; relative links resolve against `base` (the static folder).

        The same page again is not loaded again: a reload would flash the preview, reset
        its scroll and swap the document under anything reading it."""
        if html == self.html and base == self._base:
            return
        self.html, self._base = html, base
        if self.view is not None:
            self.view.setHtml(html, base)  # type: ignore[attr-defined]
        elif self.browser is not None:
            self.browser.document().setBaseUrl(base)
            self.browser.setHtml(html)

    def follow(self, url: QUrl) -> None:
        """A link in the preview was clicked (`url` resolved against the page)."""
        if url.scheme() in EXTERNAL_SCHEMES:
            self.open_external(url)
            return
        if not url.isLocalFile():
            return
        try:
            path = Path(url.toLocalFile()).relative_to(resources_dir()).as_posix()
        except ValueError:
            return
        article_id = self.stories.get(path)
        if article_id is not None:
            self.open_requested.emit(article_id)

    def show_story(self, ops: Operations, data: ArticleInput, uid: str | None) -> None:
        """Render a story as the export would, off the UI thread; show the newest."""
        self._generation += 1
        generation = self._generation
        if not data.headline.strip():
            data = ArticleInput(**{**data.__dict__, "headline": "(no headline yet)"})

        def render(session: Session) -> PreviewPage:
            from newsroom.publish.preview import preview_page

            return preview_page(session, data, uid=uid)

        def show(page: PreviewPage) -> None:
            if generation == self._generation:
                self.path, self.stories = page.path, page.stories
                # As if the page sat at its site path inside resources/: its relative
                # link to static/style.css then reaches the real stylesheet.
                self.set_html(page.html, QUrl.fromLocalFile(str(resources_dir() / page.path)))

        ops.query(render, show, on_error=lambda exc: self.set_html(str(exc), QUrl()), owner=self)
