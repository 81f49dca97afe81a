"""My byline (issue 14): new stories used to get the login name ("root") as byline.
The first save asks for the editor's own byline, prefilled with the full name the
system knows; new stories get it; File > My byline… changes it; it belongs to the user
of the computer (the window's settings), not to the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from newsroom.core import articles
from newsroom.ui import edit_session
from newsroom.ui.byline import BylineDialog
from newsroom.ui.state import AppState


@pytest.fixture(autouse=True)
def _full_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's full name for the user (GECOS), as on a machine with one set."""
    monkeypatch.setattr(edit_session, "full_name", lambda: "Ana Lima")


def _byline_questions(asker):  # type: ignore[no-untyped-def]
    return [what for kind, what in asker.asked if kind == "byline"]


def _draft(qtbot, window, headline: str) -> None:  # type: ignore[no-untyped-def]
    window.new_action.trigger()
    qtbot.keyClicks(window.editor.headline, headline)


def _stored(db, article_id: int):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return articles.load_article(session, article_id)


def _saved_id(window) -> int:  # type: ignore[no-untyped-def]
    assert window.current is not None and window.current.article_id is not None
    return window.current.article_id


def test_the_first_save_asks_once_and_new_stories_get_the_byline(
    flows, qtbot, make_window, asker, db
):  # type: ignore[no-untyped-def]
    window = make_window()
    _draft(qtbot, window, "Envoy opens talks")
    assert window.editor.byline.text() == ""  # not the login name any more
    asker.byline_answers.append("Ana Lima, Geneva correspondent")

    assert flows.save(window)

    assert _byline_questions(asker) == [("Ana Lima", True)]  # prefilled from the system
    assert _stored(db, _saved_id(window)).byline == "Ana Lima, Geneva correspondent"
    assert window.state.my_byline() == "Ana Lima, Geneva correspondent"
    _draft(qtbot, window, "Talks resume")
    assert window.editor.byline.text() == "Ana Lima, Geneva correspondent"
    assert flows.save(window)
    assert len(_byline_questions(asker)) == 1  # asked once
    assert _stored(db, _saved_id(window)).byline == "Ana Lima, Geneva correspondent"


def test_the_byline_is_the_users_not_the_databases(flows, qtbot, make_window, asker, db, tmp_path):  # type: ignore[no-untyped-def]
    first = make_window()
    _draft(qtbot, first, "Envoy opens talks")
    asker.byline_answers.append("Ana Lima")
    assert flows.save(first)
    first.close()

    again = make_window(state=AppState())  # the next run, same user of the computer
    _draft(qtbot, again, "Talks resume")
    assert again.editor.byline.text() == "Ana Lima"
    assert flows.save(again)
    assert len(_byline_questions(asker)) == 1

    someone_else = make_window(state=AppState(tmp_path / "another-user"))
    _draft(qtbot, someone_else, "Talks stall")
    assert someone_else.editor.byline.text() == ""
    assert flows.save(someone_else)
    assert len(_byline_questions(asker)) == 2  # asked of them, on their first save


def test_a_byline_typed_in_the_story_is_kept(flows, qtbot, make_window, asker, db):  # type: ignore[no-untyped-def]
    window = make_window()
    _draft(qtbot, window, "Guest column")
    qtbot.keyClicks(window.editor.byline, "A Guest Writer")
    asker.byline_answers.append("Ana Lima")

    assert flows.save(window)

    assert _stored(db, _saved_id(window)).byline == "A Guest Writer"
    assert window.state.my_byline() == "Ana Lima"


def test_not_now_saves_as_is_and_asks_again_next_run(flows, qtbot, make_window, asker, db):  # type: ignore[no-untyped-def]
    window = make_window()
    _draft(qtbot, window, "Envoy opens talks")
    asker.byline_answers.append(None)  # "Not now"

    assert flows.save(window)
    _draft(qtbot, window, "Talks resume")
    assert flows.save(window)

    assert _stored(db, _saved_id(window)).byline == ""
    assert window.state.my_byline() is None
    assert len(_byline_questions(asker)) == 1  # not again this run
    window.close()
    again = make_window(state=AppState())
    _draft(qtbot, again, "Talks stall")
    assert flows.save(again)
    assert len(_byline_questions(asker)) == 2


def test_my_byline_menu_changes_it_for_new_stories(flows, qtbot, make_window, asker, add_story, db):  # type: ignore[no-untyped-def]
    story = add_story("Old story", byline="Hannah Okoye")
    window = make_window()
    window.state.set_my_byline("Ana Lima")
    assert flows.open(window, story.id)
    (action,) = [
        a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "My &byline…"
    ]
    asker.byline_answers.append("Ana Lima-Okafor")

    action.trigger()

    assert _byline_questions(asker) == [("Ana Lima", False)]  # the current one, to edit
    assert window.state.my_byline() == "Ana Lima-Okafor"
    assert window.editor.byline.text() == "Hannah Okoye"  # the open story keeps its own
    _draft(qtbot, window, "Talks resume")
    assert window.editor.byline.text() == "Ana Lima-Okafor"


def test_the_dialog_refuses_what_no_byline_may_hold(qtbot):  # type: ignore[no-untyped-def]
    dialog = BylineDialog("Ana Lima", first=True)
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Not now"
    dialog.byline.setText("Ana\x1b[2J Lima")

    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    assert dialog.answer is None
    assert dialog.result() != BylineDialog.DialogCode.Accepted
    assert "U+001B" in dialog.error.text()
    dialog.byline.setText("  Ana   Lima ")
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.answer == "Ana Lima"
    assert dialog.result() == BylineDialog.DialogCode.Accepted
