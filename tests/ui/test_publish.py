"""Publish site (Ctrl+Shift+E): straight into the database's site folder, asked for
once, with progress and a summary; the folder shown and changed in Site settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog

from newsroom.core import settings as site_settings
from newsroom.text.morenews import token
from newsroom.ui import desktop

PUBLISH = (Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def no_dialog(dialog: QFileDialog) -> list[Path]:
    dialog.deleteLater()
    raise AssertionError(f"a file dialog was opened: {dialog.windowTitle()}")


def answering(paths: list[Path], captions: list[str]) -> Callable[[QFileDialog], list[Path]]:
    """A stand-in for the app's file dialog: records its caption, answers `paths`."""

    def run(dialog: QFileDialog) -> list[Path]:
        captions.append(dialog.windowTitle())
        dialog.deleteLater()
        return paths

    return run


def stored_folder(db) -> str:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return site_settings.load(session).site_folder


def set_folder(db, folder: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        site_settings.save_site_folder(session, str(folder))


@pytest.fixture
def two_stories(add_story):  # type: ignore[no-untyped-def]
    def published(headline: str, body: str, day: int):  # type: ignore[no-untyped-def]
        when = datetime(2026, 3, day, 9, 0, tzinfo=UTC)
        return add_story(headline, body, status="published", published_at=when)

    talks = published("Talks resume in Geneva", "The envoy arrived.\n", 10)
    draft = add_story("Ceasefire holds", "Quiet night.\n")
    storm = published(
        "Storm closes the port", f"Ferries wait.\n\n{token(draft.uid, 'Ceasefire holds')}\n", 11
    )
    return talks, storm, draft


def publish(qtbot, window):  # type: ignore[no-untyped-def]
    """Press Ctrl+Shift+E as the editor does (the last summary closed first, as the
    editor would: it has the focus); the summary that comes up at the end."""
    shown = window.site_actions.summary_dialog
    if shown is not None:
        qtbot.keyClick(shown, Qt.Key.Key_Escape)
        assert not shown.isVisible()
        window.activateWindow()  # what the window manager does; offscreen has none
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.site_actions.summary_dialog = None
    qtbot.keyClick(window.list, *PUBLISH)
    qtbot.waitUntil(lambda: window.site_actions.summary_dialog is not None, timeout=60_000)
    return window.site_actions.summary_dialog


def page_of(site: Path, slug: str) -> Path:
    (page,) = site.glob(f"**/{slug}.html")
    return page


def test_ctrl_shift_e_publishes_into_the_site_folder(
    qtbot, make_window, db, tmp_path, asker, two_stories, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    talks, storm, _draft = two_stories
    site = tmp_path / "site"
    set_folder(db, site)
    window = make_window()
    window.site_actions.run_dialog = no_dialog
    assert window.publish_action.shortcut().toString() == "Ctrl+Shift+E"
    progress: list[tuple[int, int]] = []
    export_to = window.site_actions.export_to

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        runner = export_to(*args, **kwargs)
        runner.progressed.connect(lambda done, total, _what: progress.append((done, total)))
        assert not window.publish_action.isEnabled()  # one at a time
        return runner

    window.site_actions.export_to = watched

    summary = publish(qtbot, window)

    assert (site / "index.html").is_file()
    assert page_of(site, talks.slug).is_file() and page_of(site, storm.slug).is_file()
    assert summary.windowTitle() == "Site published"
    assert summary.isVisible()
    result = summary.export_result
    assert result.written == result.pages > 0 and result.unchanged == result.removed == 0
    text = summary.text()
    assert f"{result.written:,} written, 0 unchanged, 0 removed" in text
    # The storm story's More-news line to the draft is left out, and said so by name.
    assert "1 More-news line(s) left out" in text
    assert f"“Ceasefire holds” in {storm.slug}: it is draft" in text
    assert progress and progress[-1][0] == progress[-1][1] == result.pages
    assert window.statusBar().currentMessage().startswith("Published:")
    assert window.publish_action.isEnabled() and window.export_action.isEnabled()
    assert asker.asked == []
    opened: list[QUrl] = []
    monkeypatch.setattr(desktop, "open_url", lambda url: opened.append(url) or True)
    summary.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(site))]


def test_the_first_publish_asks_for_the_folder_once(
    qtbot, make_window, db, tmp_path, two_stories, flows
) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "site"
    site.mkdir()  # made in the dialog ("Create New Folder"), so empty
    window = make_window()
    captions: list[str] = []
    window.site_actions.run_dialog = answering([site], captions)

    first = publish(qtbot, window)
    flows.idle(window)  # the folder is kept once the site is in it

    assert len(captions) == 1 and "Publish the site into which folder" in captions[0]
    assert first.export_result.written > 0 and (site / "index.html").is_file()
    assert stored_folder(db) == str(site)
    assert window.site.site_folder == str(site)

    window.site_actions.run_dialog = no_dialog  # asked once: the second goes straight in
    again = publish(qtbot, window)
    counts = again.export_result
    assert counts.written == 0 and counts.unchanged == counts.pages


def test_publishing_again_after_an_edit_writes_just_what_changed(
    qtbot, make_window, db, tmp_path, two_stories, flows
) -> None:  # type: ignore[no-untyped-def]
    talks, storm, _draft = two_stories
    site = tmp_path / "site"
    set_folder(db, site)
    window = make_window()
    first = publish(qtbot, window).export_result
    talks_page, storm_page = page_of(site, talks.slug), page_of(site, storm.slug)
    storm_before = storm_page.stat()

    assert flows.open(window, talks.id)
    window.editor.body.moveCursor(window.editor.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor.body, " Talks begin on Monday.")
    assert flows.save(window)
    second = publish(qtbot, window).export_result

    assert "Talks begin on Monday." in talks_page.read_text()
    after = storm_page.stat()  # carried over: the very same file, not rewritten
    assert (after.st_ino, after.st_mtime_ns) == (storm_before.st_ino, storm_before.st_mtime_ns)
    assert 1 <= second.written < first.written
    assert second.written + second.unchanged == second.pages == first.pages
    assert second.removed == 0


def test_a_folder_that_is_not_an_export_is_refused(
    qtbot, make_window, db, tmp_path, asker, two_stories, flows
) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "letter.txt").write_text("keep me")
    window = make_window()
    window.site_actions.run_dialog = answering([mine], [])

    qtbot.keyClick(window.list, *PUBLISH)
    qtbot.waitUntil(lambda: bool(asker.asked), timeout=60_000)
    flows.idle(window)

    kind, text = asker.asked[0]
    assert kind == "error"
    assert "not empty and was not written by Newsroom" in text
    assert "Site settings" in text
    assert sorted(p.name for p in mine.iterdir()) == ["letter.txt"]
    assert stored_folder(db) == ""  # not kept: the next publish asks again
    assert window.site_actions.summary_dialog is None
    assert window.publish_action.isEnabled()


def test_site_settings_show_and_change_the_folder(qtbot, make_window, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    old, new, foreign = tmp_path / "old-site", tmp_path / "www", tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    set_folder(db, old)
    window = make_window()
    dialog = window.show_settings()
    assert dialog.site_folder.text() == str(old)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)

    window.site_actions.run_dialog = answering([foreign], [])
    dialog.choose_button.click()
    assert dialog.site_folder.text() == str(foreign)
    save.click()
    qtbot.waitUntil(lambda: dialog.errors["site_folder"].isVisibleTo(dialog))
    assert "not written by Newsroom" in dialog.errors["site_folder"].text()
    assert stored_folder(db) == str(old)

    dialog.site_folder.setText("relative/site")
    save.click()
    qtbot.waitUntil(lambda: "not a full path" in dialog.errors["site_folder"].text())
    assert stored_folder(db) == str(old)

    captions: list[str] = []
    window.site_actions.run_dialog = answering([new], captions)
    dialog.choose_button.click()
    save.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored_folder(db) == str(new) == window.site.site_folder
    assert captions == ["The folder Publish site writes the site into"]


def test_export_to_another_folder_leaves_the_site_folder_alone(
    qtbot, make_window, db, tmp_path, two_stories
) -> None:  # type: ignore[no-untyped-def]
    site, other = tmp_path / "site", tmp_path / "copy"
    set_folder(db, site)
    window = make_window()
    window.site_actions.run_dialog = answering([other], [])
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.site_actions.summary_dialog is not None, timeout=60_000)
    assert window.site_actions.summary_dialog.windowTitle() == "Site exported"
    assert (other / "index.html").is_file() and not site.exists()
    assert stored_folder(db) == str(site)
