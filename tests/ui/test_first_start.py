"""First start on an empty database: the story area says what to do, with buttons for
a new story, an import and the demo newsroom, until there is a story."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from newsroom.core.articles import count_articles
from newsroom.core.db import open_database


def hint_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.first_start.isVisible())
    assert not window.editor.isVisible()


def button(window, text: str):  # type: ignore[no-untyped-def]
    (found,) = [b for b in window.first_start.buttons if b.text().startswith(text)]
    return found


def test_an_empty_database_shows_the_ways_in(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    hint_shown(qtbot, window)
    labels = [b.text() for b in window.first_start.buttons]
    assert labels == [
        "New story   (Ctrl+N)",
        "Import stories…   (Ctrl+I)",
        "Open the demo newsroom",
    ]


def test_new_story_from_the_hint_and_the_hint_stays_away(
    qtbot, make_window, flows, list_refreshed
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    hint_shown(qtbot, window)
    qtbot.mouseClick(button(window, "New story"), Qt.MouseButton.LeftButton)
    assert window.editor.isVisible() and window.editor.isEnabled()
    assert not window.first_start.isVisible()
    assert window.focusWidget() is window.editor.headline  # ready to type
    qtbot.keyClicks(window.editor.headline, "Talks resume in Geneva")
    with list_refreshed(window):
        assert flows.save(window)
    flows.idle(window)
    assert window.model.rowCount() == 1
    assert not window.first_start.isVisible()


def test_ctrl_n_hides_the_hint_too(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    hint_shown(qtbot, window)
    qtbot.keyClick(window.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.isVisible() and not window.first_start.isVisible()


def test_import_from_the_hint(qtbot, make_window, tmp_path, flows) -> None:  # type: ignore[no-untyped-def]
    story = tmp_path / "talks.md"
    story.write_text("---\ntitle: Talks resume in Geneva\n---\n\nThe envoy arrived.\n")
    window = make_window()
    hint_shown(qtbot, window)
    asked: list[str] = []

    def choose(dialog: QFileDialog) -> list[Path]:
        asked.append(dialog.windowTitle())
        dialog.deleteLater()
        return [story]

    window.site_actions.run_dialog = choose
    qtbot.mouseClick(button(window, "Import stories"), Qt.MouseButton.LeftButton)
    options = window.site_actions.import_options  # how the stories arrive: drafts
    assert options is not None and options.isVisible()
    qtbot.mouseClick(options.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=60_000)
    flows.idle(window)
    assert asked == ["Import stories"]
    assert not window.first_start.isVisible()
    assert window.editor.isVisible()  # greyed until a story is opened, as before


def test_open_the_demo_newsroom_from_the_hint(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    hint_shown(qtbot, window)
    demo = tmp_path / "data" / "demo.db"
    window.site_actions.demo_location = demo
    with qtbot.waitSignal(window.database_requested, timeout=60_000) as asked:
        qtbot.mouseClick(button(window, "Open the demo newsroom"), Qt.MouseButton.LeftButton)
    assert asked.args == [str(demo)]
    opened = open_database(demo)
    try:
        with opened.reading() as session:
            assert count_articles(session) > 5
    finally:
        opened.close()


def test_deleting_the_last_story_brings_the_hint_back(
    qtbot, make_window, add_story, asker, flows
) -> None:  # type: ignore[no-untyped-def]
    story = add_story("The only story")
    window = make_window()
    flows.idle(window)
    assert not window.first_start.isVisible() and window.editor.isVisible()
    assert flows.open(window, story.id)
    asker.confirm_answers.append(True)
    window.delete_story()
    hint_shown(qtbot, window)


def test_filters_that_hide_every_story_are_not_an_empty_database(
    qtbot, make_window, add_story, flows, list_refreshed
) -> None:  # type: ignore[no-untyped-def]
    add_story("Talks resume in Geneva")
    window = make_window()
    with list_refreshed(window):
        qtbot.keyClicks(window.filters.search_box, "zebra")
    flows.idle(window)
    assert window.model.rowCount() == 0
    assert not window.first_start.isVisible()
