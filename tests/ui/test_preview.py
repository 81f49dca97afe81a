"""The live preview: clicking a link never navigates the preview away (issue 14).

A More-news line opens its story in the editor, through the window's usual open
(asking about unsaved changes); a web link goes to the system browser. Both
previews are driven: the text one (QTextBrowser) and QtWebEngine's.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl

from newsroom.text.morenews import token

TARGET = "Gayle, big players return as Windies name squad for India series"
EXTERNAL = "https://example.org/statement"


def _published():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return {"status": "published", "published_at": datetime(2026, 5, 1, tzinfo=UTC)}


@pytest.fixture
def stories(add_story):  # type: ignore[no-untyped-def]
    target = add_story(TARGET, "The West Indies recalled their senior players.", **_published())
    source = add_story(
        "UN envoy opens new round of Syria talks in Geneva",
        "UN envoy Staffan de Mistura opened talks, "
        f"[his office said]({EXTERNAL}).\n\n{token(target.uid, TARGET)}\n\nMore talks.",
        **_published(),
    )
    return source, target


def _opened_links(window):  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    window.preview.open_external = opened.append  # the system browser, in a test
    return opened


# --- the text preview -------------------------------------------------------------------


def _click_text(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click the words `text` in the text preview, as the editor's mouse would."""
    browser = window.preview.browser
    qtbot.waitUntil(lambda: not browser.document().find(text).isNull())
    cursor = browser.document().find(text)
    cursor.setPosition(cursor.selectionStart() + 2)
    point = browser.cursorRect(cursor).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_more_news_line_opens_its_story_asking_about_unsaved_text(
    flows, qtbot, make_window, stories, asker
):  # type: ignore[no-untyped-def]
    source, target = stories
    window = make_window()
    assert window.preview.view is None  # the text preview
    opened = _opened_links(window)
    assert flows.open(window, source.id)
    qtbot.keyClicks(window.editor.body, "Unsaved words. ")
    assert window.dirty

    asker.unsaved_answers = ["cancel"]
    _click_text(qtbot, window, TARGET)
    flows.idle(window)
    assert asker.asked[-1] == ("unsaved", source.headline)
    assert window.current.article_id == source.id and window.dirty  # kept, as asked

    asker.unsaved_answers = ["discard"]
    _click_text(qtbot, window, TARGET)
    flows.idle(window)
    assert window.current.article_id == target.id
    assert window.editor.headline.text() == TARGET
    assert opened == []
    qtbot.waitUntil(lambda: "The West Indies recalled" in window.preview.html)


def test_a_web_link_opens_in_the_browser_and_the_preview_stays(flows, qtbot, make_window, stories):  # type: ignore[no-untyped-def]
    source, _target = stories
    window = make_window()
    opened = _opened_links(window)
    assert flows.open(window, source.id)
    _click_text(qtbot, window, "his office said")
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [QUrl(EXTERNAL)]
    assert window.current.article_id == source.id
    assert "Staffan de Mistura" in window.preview.browser.toPlainText()


# --- QtWebEngine --------------------------------------------------------------------------


def _js(qtbot, page, script: str):  # type: ignore[no-untyped-def]
    result: list[object] = []
    page.runJavaScript(script, 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    return result[0]


@pytest.mark.qt_log_ignore("GPUInfo not initialized")  # headless Chromium, now and then
def test_webengine_preview_follows_no_link_itself(flows, qtbot, make_window, stories, monkeypatch):  # type: ignore[no-untyped-def]
    """Clicking a link used to replace the preview with Chromium's "Your file couldn't
    be accessed" page until the next edit."""
    monkeypatch.delenv("NEWSROOM_PREVIEW")
    source, target = stories
    window = make_window()
    if window.preview.view is None:
        pytest.skip("QtWebEngine can not start here")
    opened = _opened_links(window)
    assert flows.open(window, source.id)
    page = window.preview.view.page()
    # The preview may be rendered more than once as the story settles (a render asked
    # by the preview timer after the opened story's fields report a change): wait until
    # no render is due or on its way (before and after the page has its lines), so no
    # reload can swap the document between the steps below.
    qtbot.waitUntil(
        lambda: not window.preview_timer.isActive() and window.tasks.pending == 0,
        timeout=20_000,
    )
    more_news = "document.querySelector('p.more-news a')"
    qtbot.waitUntil(lambda: _js(qtbot, page, f"{more_news} !== null"), timeout=20_000)
    qtbot.waitUntil(
        lambda: not window.preview_timer.isActive() and window.tasks.pending == 0,
        timeout=20_000,
    )
    shown = page.url()

    _js(qtbot, page, f"document.querySelector('a[href=\"{EXTERNAL}\"]').click(); 1")
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert opened == [QUrl(EXTERNAL)]
    assert window.current.article_id == source.id
    assert page.url() == shown  # the preview went nowhere
    assert _js(qtbot, page, f"{more_news}?.textContent") == TARGET

    _js(qtbot, page, f"{more_news}.click(); 1")
    qtbot.waitUntil(lambda: window.current.article_id == target.id, timeout=10_000)
    flows.idle(window)
    assert window.editor.headline.text() == TARGET
    qtbot.waitUntil(  # the preview shows the story now in the editor, rendered by us
        lambda: _js(qtbot, page, "document.querySelector('h1')?.textContent") == TARGET,
        timeout=20_000,
    )
