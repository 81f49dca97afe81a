"""Entity tagging in the GUI: tag chips, completion, the suggestions panel, the manager."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from newsroom.core import entities, entity_slugs
from newsroom.core.db import Database, open_database
from newsroom.text.morenews import token
from newsroom.ui.suggestion_rows import ACCEPT, DISMISS

BODY = (
    "The United Nations envoy met Mirela Vostrikova, the harbour master, in Geneva on "
    "Monday. Vostrikova said the talks would resume."
)


@pytest.fixture
def known(db: Database) -> dict[str, int]:
    """A few entities: a person known by a surname, an organisation by an acronym."""
    with db.transaction() as session:
        people = [
            entities.create_entity(session, "person", "António Guterres", aliases=["Guterres"]),
            entities.create_entity(session, "organisation", "United Nations", aliases=["UN"]),
            entities.create_entity(session, "place", "Geneva", aliases=["Genève"]),
        ]
    return {e.name: e.id for e in people}


def _tags(db: Database, article_id: int) -> list[tuple[str, str]]:
    with db.reading() as session:
        return [(t.name, t.source) for t in entities.article_tags(session, article_id)]


@pytest.fixture
def make_window(make_window, qtbot):  # type: ignore[no-untyped-def]
    """Windows with the Suggestions tab in front (it only works while it is shown)."""

    def make(*args, **kwargs):  # type: ignore[no-untyped-def]
        window = make_window(*args, **kwargs)
        window.suggestions_dock.raise_()
        qtbot.waitUntil(lambda: window.suggestions.shown)
        return window

    return make


def _names(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [tag.name for tag in window.editor.tags.tags()]


def _focus(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Every database answer asked for so far has arrived (they come from workers)."""
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)


def _open(qtbot, window, article_id: int) -> None:  # type: ignore[no-untyped-def]
    opened: list[bool] = []
    with qtbot.waitSignal(window.suggestions.refreshed, timeout=10_000):
        window.session.open(article_id, opened.append)
        qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert opened == [True]
    _settle(qtbot, window)  # the chips' names, the lease


def _rows(window) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {r.name: r.kind + (" new" if r.is_new else "") for r in window.suggestions.model.rows}


def _click(qtbot, window, name: str, column: int) -> None:  # type: ignore[no-untyped-def]
    panel = window.suggestions
    row = next(n for n, r in enumerate(panel.model.rows) if r.name == name)
    rect = panel.view.visualRect(panel.model.index(row, column))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    _settle(qtbot, window)


# --- the tag field ---------------------------------------------------------------------


def test_chips_are_added_removed_and_saved_with_the_story(
    flows, qtbot, make_window, add_story, db, known
):  # type: ignore[no-untyped-def]
    story = add_story("Talks in Geneva", "Text.")
    window = make_window()
    _open(qtbot, window, story.id)
    field = window.editor.tags
    entry = field.entry
    qtbot.keyClicks(entry, "Geneva")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    _settle(qtbot, window)
    qtbot.keyClicks(entry, "un")  # an alias, any case: Enter finds its entity
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    _settle(qtbot, window)
    qtbot.keyClicks(entry, "Guterres")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert _names(window) == ["Geneva", "United Nations", "António Guterres"]
    assert entry.text() == ""
    assert window.dirty

    qtbot.keyClick(entry, Qt.Key.Key_Backspace)  # empty entry: the last chip goes
    assert _names(window) == ["Geneva", "United Nations"]
    chip = field.chips[0]
    qtbot.mouseClick(chip.close_button, Qt.MouseButton.LeftButton)
    assert _names(window) == ["United Nations"]
    qtbot.keyClicks(entry, "Geneva")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    _settle(qtbot, window)
    qtbot.keyClicks(entry, "geneva")  # already a tag: not added twice
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert window.editor.content().entity_ids == (known["United Nations"], known["Geneva"])

    assert flows.save(window)
    assert _tags(db, story.id) == [("United Nations", "typed"), ("Geneva", "typed")]
    assert not window.dirty
    other = add_story("Another")
    assert flows.open(window, other.id)
    assert _names(window) == []
    assert flows.open(window, story.id)
    assert _names(window) == ["United Nations", "Geneva"]


def test_completion_offers_an_alias_match(qtbot, qtmodeltester, make_window, add_story, known):  # type: ignore[no-untyped-def]
    story = add_story("Envoy speaks", "Text.")
    window = make_window()
    _open(qtbot, window, story.id)
    entry = window.editor.tags.entry
    _focus(qtbot, entry)
    with qtbot.waitSignal(entry.results_shown, timeout=5000):
        qtbot.keyClicks(entry, "guter")
    assert [r.name for r in entry.model.rows] == ["António Guterres"]
    assert "Guterres" in entry.model.index(0).data()  # the alias that matched
    qtmodeltester.check(entry.model, force_py=True)
    popup = entry.name_completer.popup()
    assert popup.isVisible()
    assert popup.currentIndex().row() == 0
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # the best match is current: Enter takes it
    assert _names(window) == ["António Guterres"]
    assert entry.text() == ""
    assert not popup.isVisible()


def test_a_new_name_offers_to_create_the_entity(
    flows, qtbot, make_window, add_story, asker, db, known
):  # type: ignore[no-untyped-def]
    story = add_story("Port news", "Text.")
    window = make_window()
    _open(qtbot, window, story.id)
    entry = window.editor.tags.entry
    asker.kind_answers = [None]  # cancelled: nothing is created
    qtbot.keyClicks(entry, "Harbour Trust")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert _names(window) == []
    assert entry.text() == "Harbour Trust"
    asker.kind_answers = ["organisation"]
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert asker.asked[-1] == ("entity_kind", ("Harbour Trust", "organisation"))
    assert _names(window) == ["Harbour Trust"]
    with db.reading() as session:
        created = entities.load_entity(session, entities.find_entity_id(session, "Harbour Trust"))
    assert created.kind == "organisation"
    assert flows.save(window)
    assert _tags(db, story.id) == [("Harbour Trust", "typed")]
    # The story list's entity filter knows the new name.
    completer = window.filters.entity_filter.completer()
    qtbot.waitUntil(lambda: "Harbour Trust" in completer.model().stringList())


# --- the suggestions panel --------------------------------------------------------------


def test_panel_suggests_known_and_new_entities_and_accept_tags(
    flows, qtbot, qtmodeltester, make_window, add_story, db, known, asker
):  # type: ignore[no-untyped-def]
    story = add_story("Envoy in Geneva", BODY)
    window = make_window()
    _open(qtbot, window, story.id)
    panel = window.suggestions
    assert _rows(window) == {
        "United Nations": "organisation",
        "Geneva": "place",
        "Mirela Vostrikova": "person new",
    }
    qtmodeltester.check(panel.model, force_py=True)
    vostrikova = next(r for r in panel.model.rows if r.is_new)
    assert vostrikova.mentions == 2  # the full name and the surname later

    _click(qtbot, window, "United Nations", ACCEPT)
    assert _names(window) == ["United Nations"]
    assert "United Nations" not in _rows(window)
    assert _tags(db, story.id) == [("United Nations", "suggestion")]
    assert not window.dirty  # the database has the tag already

    asker.kind_answers = ["person"]  # a new entity: its kind is asked, the guess offered
    _click(qtbot, window, "Mirela Vostrikova", ACCEPT)
    assert asker.asked[-1] == ("entity_kind", ("Mirela Vostrikova", "person"))
    assert _names(window) == ["United Nations", "Mirela Vostrikova"]
    with db.reading() as session:
        new_id = entities.find_entity_id(session, "Mirela Vostrikova")
        assert entities.load_entity(session, new_id).kind == "person"
    assert _tags(db, story.id)[-1] == ("Mirela Vostrikova", "suggestion")
    with qtbot.waitSignal(panel.refreshed, timeout=5000):
        pass  # the pass after accepting: the new entity is known and tagged now
    assert _rows(window) == {"Geneva": "place"}
    assert panel.highlighted() == ["United Nations", "Mirela Vostrikova"]

    # An unsaved edit is kept through a save with the accepted tags.
    qtbot.keyClicks(window.editor.headline, " today")
    assert flows.save(window)
    assert [n for n, _s in _tags(db, story.id)] == ["United Nations", "Mirela Vostrikova"]


def test_a_tag_accepted_in_another_window_survives_this_windows_save(
    flows, qtbot, make_window, add_story, db, db_path, known
):  # type: ignore[no-untyped-def]
    """A loads {UN, Guterres}; B accepts the Geneva suggestion (no version bump); A
    removes UN and saves: Guterres and Geneva, nothing silently lost."""
    story = add_story(
        "Envoy in Geneva", BODY, entity_ids=(known["United Nations"], known["António Guterres"])
    )
    first = make_window()
    second = make_window(open_database(db_path))
    _open(qtbot, first, story.id)
    _open(qtbot, second, story.id)

    _click(qtbot, second, "Geneva", ACCEPT)
    assert [n for n, _s in _tags(db, story.id)][-1] == "Geneva"
    first.editor.tags.remove(known["United Nations"])
    assert flows.save(first)

    assert _tags(db, story.id) == [("António Guterres", "typed"), ("Geneva", "suggestion")]


def test_a_chip_typed_in_the_form_is_no_longer_suggested(qtbot, make_window, add_story, known):  # type: ignore[no-untyped-def]
    story = add_story("Envoy in Geneva", BODY)
    window = make_window()
    _open(qtbot, window, story.id)
    assert "Geneva" in _rows(window)
    qtbot.keyClicks(window.editor.tags.entry, "Geneva")
    qtbot.keyClick(window.editor.tags.entry, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert "Geneva" not in _rows(window)  # at once, without a new pass
    assert window.suggestions.highlighted() == ["Geneva"]


def test_suggestions_follow_typing_and_drop_answers_for_older_text(
    qtbot, make_window, add_story, known
):  # type: ignore[no-untyped-def]
    story = add_story("Talks", "Nothing here.")
    window = make_window()
    _open(qtbot, window, story.id)
    panel = window.suggestions
    assert _rows(window) == {}
    shown: list[dict[str, str]] = []
    panel.refreshed.connect(lambda: shown.append(_rows(window)))
    panel.refresh()  # a pass for the text as it is now ...
    body = window.editor.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, " The envoy flew to Geneva.")  # ... which typing makes old
    assert panel.timer.isActive()  # the next pass waits for typing to stop
    # Until nothing is left that could show a pass: no pass waiting for typing to stop,
    # no answer on its way. The answer for the text before typing was never shown.
    qtbot.waitUntil(
        lambda: bool(shown) and not panel.timer.isActive() and window.tasks.pending == 0,
        timeout=5000,
    )
    assert shown == [{"Geneva": "place"}]


def test_dismissed_suggestions_stay_dismissed_for_the_story(qtbot, make_window, add_story, known):  # type: ignore[no-untyped-def]
    story = add_story("Envoy in Geneva", BODY)
    other = add_story("Other story", "Geneva again.")
    window = make_window()
    _open(qtbot, window, story.id)
    _click(qtbot, window, "Geneva", DISMISS)
    panel = window.suggestions
    panel.view.setCurrentIndex(panel.model.index(0, 0))  # Mirela Vostrikova, by key
    assert panel.model.rows[1].name == "Mirela Vostrikova"
    panel.view.setCurrentIndex(panel.model.index(1, 0))
    _focus(qtbot, panel.view)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    _settle(qtbot, window)
    assert _rows(window) == {"United Nations": "organisation"}
    assert not window.dirty

    _open(qtbot, window, other.id)
    assert "Geneva" in _rows(window)  # dismissed for that story only
    _open(qtbot, window, story.id)
    assert _rows(window) == {"United Nations": "organisation"}
    with qtbot.waitSignal(panel.refreshed, timeout=5000):
        qtbot.keyClicks(window.editor.body, "Geneva ")  # typing: a new pass, same answer
    assert _rows(window) == {"United Nations": "organisation"}


def test_dismissals_on_a_new_story_are_kept_when_it_is_saved(flows, qtbot, make_window, known):  # type: ignore[no-untyped-def]
    window = make_window()
    window.new_action.trigger()
    qtbot.keyClicks(window.editor.headline, "Envoy in Geneva")
    qtbot.keyClicks(window.editor.body, BODY)
    qtbot.waitUntil(lambda: "Geneva" in _rows(window), timeout=5000)
    _click(qtbot, window, "Geneva", DISMISS)
    _click(qtbot, window, "United Nations", ACCEPT)
    assert _names(window) == ["United Nations"]
    assert flows.save(window)
    article_id = window.current.article_id
    assert _tags(window.db, article_id) == [("United Nations", "typed")]
    window.new_action.trigger()
    _open(qtbot, window, article_id)
    assert _rows(window) == {"Mirela Vostrikova": "person new"}


def test_more_news_lines_are_not_suggested_and_a_new_kind_can_be_corrected(
    qtbot, make_window, add_story, db, known, asker
):  # type: ignore[no-untyped-def]
    """Issue 14: the linked stories' headlines inside More-news lines were offered as
    entities; accepting a new one took the guessed kind with no way to correct it."""
    cricket = add_story("Gayle, big players return as Windies name squad for India series")
    actor = add_story("Kamal Haasan to launch party")
    story = add_story(
        "Envoy opens talks",
        "UN envoy Staffan de Mistura opened talks in Geneva with Harbour Ostrava.\n\n"
        f"{token(actor.uid, actor.headline)}\n\n"
        "The delegations would meet again on Friday.\n\n"
        f"{token(cricket.uid, cricket.headline)}\n",
    )
    window = make_window()
    _open(qtbot, window, story.id)
    rows = _rows(window)
    assert "Geneva" in rows and "Staffan de Mistura" in rows
    assert not set(rows) & {"Kamal Haasan", "Gayle", "Windies", "India"}

    panel = window.suggestions
    row = next(n for n, r in enumerate(panel.model.rows) if r.name == "Harbour Ostrava")
    guess = panel.model.rows[row].kind
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    _focus(qtbot, panel.view)
    asker.kind_answers = [None]  # Enter, then Cancel in the kind question: nothing made
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert asker.asked[-1] == ("entity_kind", ("Harbour Ostrava", guess))
    with db.reading() as session:
        assert entities.find_entity_id(session, "Harbour Ostrava") is None
    assert "Harbour Ostrava" in _rows(window)

    asker.kind_answers = ["organisation"]  # Enter again, the kind corrected
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    _settle(qtbot, window)
    with db.reading() as session:
        made = entities.load_entity(session, entities.find_entity_id(session, "Harbour Ostrava"))
    assert made.kind == "organisation"
    assert _tags(db, story.id) == [("Harbour Ostrava", "suggestion")]
    assert [(t.name, t.kind) for t in window.editor.tags.tags()] == [
        ("Harbour Ostrava", "organisation")
    ]


def test_the_kind_question_is_answered_from_the_keyboard(qtbot):  # type: ignore[no-untyped-def]
    from newsroom.ui.dialogs import NewEntityDialog

    dialog = NewEntityDialog("Harbour Ostrava", "place")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert dialog.kind() == "place"  # the guess comes preselected, with the focus
    qtbot.waitUntil(dialog.kinds.hasFocus)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.kinds, Qt.Key.Key_Up)  # the kind above "place"
        qtbot.keyClick(dialog.kinds, Qt.Key.Key_Return)
    assert dialog.kind() == "organisation"


# --- the entity manager ------------------------------------------------------------------


def _manager(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.tasks.idle, timeout=5000):
        window.entities_action.trigger()
    manager = window.entity_manager
    assert manager.isVisible() and not manager.isModal()
    return manager


def _pick(qtbot, manager, entity_id: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(manager.refreshed, timeout=5000):
        manager.search.clear()
        manager.refresh()
    assert manager.select(entity_id)
    qtbot.waitUntil(lambda: manager.ops.tasks.pending == 0, timeout=10_000)  # read off-thread


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_manager_creates_and_refuses_bad_input_beside_the_field(
    flows, qtbot, qtmodeltester, make_window, asker, db, known
):  # type: ignore[no-untyped-def]
    window = make_window()
    manager = _manager(qtbot, window)
    assert manager.model.rowCount() == 3
    qtmodeltester.check(manager.model, force_py=True)

    qtbot.mouseClick(manager.form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(manager.form.name, "Kofi Annan")
    qtbot.keyClicks(manager.form.aliases, "Annan")
    with qtbot.waitSignal(manager.refreshed, timeout=5000):
        qtbot.mouseClick(manager.form.save_button, Qt.MouseButton.LeftButton)
    assert manager.loaded is not None and manager.loaded.name == "Kofi Annan"
    assert manager.model.rows[manager.table.currentIndex().row()].name == "Kofi Annan"

    qtbot.mouseClick(manager.form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(manager.form.name, "geneva")
    manager.form.kind.setCurrentIndex(manager.form.kind.findData("place"))
    assert not flows.entity(manager, "save")
    assert manager.form.errors["name"].isVisibleTo(manager)
    assert "already a place called" in manager.form.errors["name"].text()

    asker.confirm_answers = [True]  # leave the refused new entity
    _pick(qtbot, manager, known["António Guterres"])
    assert asker.asked[-1] == ("confirm", "Discard your changes to “geneva”?")
    manager.form.aliases.appendPlainText("UN")
    assert not flows.entity(manager, "save")
    assert "belongs to 'United Nations'" in manager.form.errors["alias"].text()
    with db.reading() as session:  # nothing half-saved
        assert entities.load_entity(session, known["António Guterres"]).aliases == ("Guterres",)
    with qtbot.waitSignal(manager.refreshed, timeout=5000):
        qtbot.keyClicks(manager.search, "annan")
    assert [r.name for r in manager.model.rows] == ["Kofi Annan"]
    asker.confirm_answers = [True]  # the refused alias is still in the form
    manager.close()


def test_manager_rename_shows_in_the_open_storys_chips(
    flows, qtbot, make_window, add_story, db, known
):  # type: ignore[no-untyped-def]
    story = add_story("Talks", "Text.", entity_ids=(known["United Nations"],))
    window = make_window()
    _open(qtbot, window, story.id)
    manager = _manager(qtbot, window)
    _pick(qtbot, manager, known["United Nations"])
    _type(qtbot, manager.form.name, "United Nations Organization")
    assert manager.dirty
    with qtbot.waitSignal(manager.refreshed, timeout=5000):
        assert flows.entity(manager, "save")
    _settle(qtbot, window)  # the chips' new names
    assert _names(window) == ["United Nations Organization"]
    assert not window.dirty
    with db.reading() as session:
        record = entities.load_entity(session, known["United Nations"])
    # The page moves with the name; the old address is kept for a redirect.
    assert (record.name, record.slug) == (
        "United Nations Organization",
        "united-nations-organization",
    )
    with db.reading() as session:
        assert entity_slugs.old_slugs(session) == {"united-nations": record.id}
    manager.close()


def test_manager_merge_keeps_the_tags(
    flows, qtbot, make_window, add_story, asker, db, known, list_refreshed
):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        twin = entities.create_entity(session, "person", "A. Guterres").id
    tagged = add_story("Envoy report", "Text.", entity_ids=(twin, known["Geneva"]))
    both = add_story("Both tagged", "Text.", entity_ids=(known["António Guterres"], twin))
    add_story("Untagged", "Text.")
    window = make_window()
    _open(qtbot, window, tagged.id)
    manager = _manager(qtbot, window)
    _pick(qtbot, manager, twin)
    _focus(qtbot, manager.form.merge_entry)
    with qtbot.waitSignal(manager.form.merge_entry.results_shown, timeout=5000):
        qtbot.keyClicks(manager.form.merge_entry, "guterres")
    names = [r.name for r in manager.form.merge_entry.model.rows]
    assert names == ["A. Guterres", "António Guterres"]
    popup = manager.form.merge_entry.name_completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    _settle(qtbot, window)
    assert manager.merge_target.entity_id == known["António Guterres"]
    assert manager.form.merge_button.isEnabled()
    asker.confirm_answers = [True]
    with qtbot.waitSignal(manager.refreshed, timeout=5000):
        qtbot.mouseClick(manager.form.merge_button, Qt.MouseButton.LeftButton)
    kind, question = asker.asked[-1]
    assert kind == "confirm" and "2 stories" in question
    assert _tags(db, tagged.id) == [("António Guterres", "typed"), ("Geneva", "typed")]
    assert [n for n, _s in _tags(db, both.id)] == ["António Guterres"]
    _settle(qtbot, window)  # the chips' new names
    assert _names(window) == ["António Guterres", "Geneva"]
    assert not window.dirty
    assert flows.save(window)  # the form holds no id that is gone
    with db.reading() as session:
        assert "A. Guterres" in entities.load_entity(session, known["António Guterres"]).aliases

    # Filtering the story list by the merged name (now an alias) still finds the stories.
    window.filters.entity_filter.setText("A. Guterres")
    with list_refreshed(window):
        window.filters.entity_filter.editingFinished.emit()
    shown = {window.model.id_at(r) for r in range(window.model.rowCount())}
    assert shown == {tagged.id, both.id}
    manager.close()


def test_manager_delete_warns_with_the_count(
    flows, qtbot, make_window, add_story, asker, db, known
):  # type: ignore[no-untyped-def]
    first = add_story("One", "Text.", entity_ids=(known["Geneva"], known["United Nations"]))
    add_story("Two", "Text.", entity_ids=(known["Geneva"],))
    window = make_window()
    _open(qtbot, window, first.id)
    manager = _manager(qtbot, window)
    _pick(qtbot, manager, known["Geneva"])
    asker.confirm_answers = [False]
    assert not flows.entity(manager, "delete")
    assert asker.asked[-1] == (
        "confirm",
        "Delete “Geneva”? It is a tag on 2 stories; those tags will be removed.",
    )
    with db.reading() as session:
        assert entities.find_entity_id(session, "Geneva") == known["Geneva"]
    asker.confirm_answers = [True]
    with qtbot.waitSignal(manager.refreshed, timeout=5000):
        qtbot.mouseClick(manager.form.delete_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in manager.model.rows] == ["António Guterres", "United Nations"]
    assert manager.loaded is None
    _settle(qtbot, window)  # the chips' new names
    assert _names(window) == ["United Nations"]
    assert not window.dirty
    qtbot.keyClicks(window.editor.headline, "!")
    assert flows.save(window)
    assert _tags(db, first.id) == [("United Nations", "typed")]
    manager.close()


def test_manager_asks_before_dropping_unsaved_edits(qtbot, make_window, asker, known):  # type: ignore[no-untyped-def]
    window = make_window()
    manager = _manager(qtbot, window)
    _pick(qtbot, manager, known["Geneva"])
    qtbot.keyClicks(manager.form.description, "City on the lake.")
    asker.confirm_answers = [False]
    other = manager.model.row_of(known["United Nations"])
    manager.table.setCurrentIndex(manager.model.index(other, 0))
    assert manager.loaded.name == "Geneva"
    assert manager.form.description.toPlainText() == "City on the lake."
    assert asker.asked[-1][0] == "confirm"
    asker.confirm_answers = [False]
    qtbot.keyClick(manager, Qt.Key.Key_Escape)  # closing asks too
    assert manager.isVisible()
    asker.confirm_answers = [True]
    manager.close()
    assert not manager.isVisible()
    assert asker.asked[-1] == ("confirm", "Discard your changes to “Geneva”?")


def test_no_popup_is_left_open(qtbot, make_window, add_story, known):  # type: ignore[no-untyped-def]
    story = add_story("Envoy", "Text.")
    window = make_window()
    _open(qtbot, window, story.id)
    entry = window.editor.tags.entry
    _focus(qtbot, entry)
    with qtbot.waitSignal(entry.results_shown, timeout=5000):
        qtbot.keyClicks(entry, "gen")
    qtbot.keyClick(entry.name_completer.popup(), Qt.Key.Key_Escape)
    assert not entry.name_completer.popup().isVisible()
    assert entry.text() == "gen"
    assert QApplication.activePopupWidget() is None
    assert entry.model.index(0).data(Qt.ItemDataRole.UserRole).name == "Geneva"
    assert entry.model.data(QModelIndex()) is None


def test_suggestions_wait_while_their_tab_is_hidden(flows, qtbot, make_window, add_story, known):  # type: ignore[no-untyped-def]
    story = add_story("Talks in Geneva", "The envoy met officials in Geneva.")
    window = make_window()
    window.links_dock.raise_()
    qtbot.waitUntil(lambda: not window.suggestions.shown)
    assert flows.open(window, story.id)
    window.suggestions.refresh()
    assert window.suggestions.model.rows == []
    with qtbot.waitSignal(window.suggestions.refreshed, timeout=10_000):
        window.suggestions_dock.raise_()
    assert "Geneva" in _rows(window)
