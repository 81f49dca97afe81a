"""The editor's date fields refuse impossible input beside the field and save nothing:
a day the month does not have, a time the clocks skip, an embargo after publication,
"Published" with no date, a year out of range. Nothing is ever silently changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, Qt

from newsroom.core import articles
from newsroom.core import settings as site_settings

PUBLISHED = datetime(2024, 5, 1, 13, 0, tzinfo=UTC)  # 09:00 in New York


@pytest.fixture
def new_york(db):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        current = site_settings.load(session)
        site_settings.save(session, replace(current, time_zone="America/New_York"))


def _stored(db, article_id):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return articles.load_article(session, article_id)


def _type(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select what the date field holds and type over it, as an editor does."""
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)


def _refused(window, field: str, words: str) -> None:  # type: ignore[no-untyped-def]
    label = window.editor.errors[field]
    assert label.isVisibleTo(window)
    assert words in label.text()
    assert "Not saved" in window.statusBar().currentMessage()


@pytest.fixture
def story(new_york, add_story):  # type: ignore[no-untyped-def]
    return add_story("Talks resume", "Body.", status="published", published_at=PUBLISHED)


def test_february_30_is_refused_beside_the_field_not_rolled_over(
    flows, qtbot, make_window, story, db
):  # type: ignore[no-untyped-def]
    window = make_window()
    assert flows.open(window, story.id)
    field = window.editor.published_at
    assert field.edit.text() == "2024-05-01 09:00"
    _type(qtbot, field, "2017-02-30 09:00")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)  # leaving the field says so at once
    assert window.editor.errors["published_at"].isVisibleTo(window)
    assert window.dirty
    assert not flows.save(window)
    _refused(window, "published_at", "'2017-02-30 09:00' is not a date: February 2017 has 28 days")
    assert field.edit.text() == "2017-02-30 09:00"  # what was typed stays, unchanged
    assert _stored(db, story.id) == story


def test_a_time_the_clocks_skip_is_refused_naming_the_gap(flows, qtbot, make_window, story, db):  # type: ignore[no-untyped-def]
    window = make_window()
    assert flows.open(window, story.id)
    _type(qtbot, window.editor.published_at, "2024-03-10 02:30")
    save = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.editor.published_at.edit, Qt.Key.Key_S, save)
    _refused(
        window,
        "published_at",
        "02:30 does not exist on 10 March 2024 in America/New_York: "
        "clocks go forward from 02:00 to 03:00",
    )
    assert window.editor.published_at.edit.text() == "2024-03-10 02:30"
    assert _stored(db, story.id) == story


def test_an_embargo_after_publication_is_refused(flows, qtbot, make_window, story, db):  # type: ignore[no-untyped-def]
    window = make_window()
    assert flows.open(window, story.id)
    embargo = window.editor.embargo_until
    qtbot.mouseClick(embargo.enabled, Qt.MouseButton.LeftButton)
    assert embargo.enabled.isChecked() and embargo.edit.hasFocus()
    _type(qtbot, embargo, "2024-05-01 09:30")
    assert not flows.save(window)
    _refused(window, "embargo_until", "the embargo ends after the publication time")
    qtbot.keyClick(embargo.edit, Qt.Key.Key_Tab)  # the date reads fine: the rule's message
    assert window.editor.errors["embargo_until"].isVisibleTo(window)  # stays till a save
    assert _stored(db, story.id) == story
    _type(qtbot, embargo, "2024-05-01 09:00")  # at publication: fine
    assert flows.save(window)
    assert _stored(db, story.id).embargo_until == PUBLISHED


def test_published_with_no_date_is_refused_not_stamped(
    flows, qtbot, make_window, new_york, add_story, db
):  # type: ignore[no-untyped-def]
    draft = add_story("Draft without a date", "Body.")
    window = make_window()
    assert flows.open(window, draft.id)
    editor = window.editor
    assert not editor.published_at.enabled.isChecked()
    editor.status.setCurrentIndex(editor.status.findData("published"))
    assert not flows.save(window)
    _refused(window, "published_at", "a published story needs a publication date")
    assert editor.published_at.enabled.hasFocus()  # the way to give one
    assert _stored(db, draft.id) == draft


def test_a_year_out_of_range_is_refused(flows, qtbot, make_window, story, db):  # type: ignore[no-untyped-def]
    window = make_window()
    assert flows.open(window, story.id)
    _type(qtbot, window.editor.published_at, "0001-01-01 00:00")
    assert not flows.save(window)
    _refused(window, "published_at", "out of range: dates must fall in the years 1800 to 2200")
    assert _stored(db, story.id) == story


def test_a_time_seen_twice_says_which_and_the_offset_picks_the_other(
    flows, qtbot, make_window, story, db
):  # type: ignore[no-untyped-def]
    window = make_window()
    assert flows.open(window, story.id)
    field = window.editor.published_at
    _type(qtbot, field, "2024-11-03 01:30")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert field.note.isVisibleTo(window)
    assert "01:30 happens twice on 3 November 2024" in field.note.text()
    assert "this is the first, UTC-04:00" in field.note.text()
    assert field.edit.text() == "2024-11-03 01:30 -04:00"
    assert flows.save(window)
    saved = _stored(db, story.id)
    assert saved.published_at == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)
    _type(qtbot, field, "2024-11-03 01:30 -05:00")
    assert flows.save(window)
    assert _stored(db, story.id).published_at == datetime(2024, 11, 3, 6, 30, tzinfo=UTC)
    assert field.edit.text() == "2024-11-03 01:30 -05:00"  # reopened as saved
    assert "this is the second" in field.note.text()
    assert not window.dirty


def test_the_calendar_pops_up_from_the_keyboard_and_keeps_the_time(
    flows, qtbot, make_window, story, db
):  # type: ignore[no-untyped-def]
    window = make_window()
    assert flows.open(window, story.id)
    field = window.editor.published_at
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(field.popup.isVisible)
    assert window.current.article_id == story.id  # not "next story"
    assert field.calendar.selectedDate() == QDate(2024, 5, 1)
    field.calendar.setSelectedDate(QDate(2024, 5, 7))
    qtbot.keyClick(field.calendar.focusWidget() or field.calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not field.popup.isVisible())
    assert field.edit.text() == "2024-05-07 09:00"
    assert flows.save(window)
    assert _stored(db, story.id).published_at == datetime(2024, 5, 7, 13, 0, tzinfo=UTC)


def test_a_typed_iso_date_over_the_selected_field_is_taken_whole(
    flows, qtbot, make_window, story, db
):  # type: ignore[no-untyped-def]
    """Issue 14: typing "2017-07-15 10:00" over the selection gave 2026-07-15 (Qt's
    date editor typed over the section under the cursor only)."""
    window = make_window()
    assert flows.open(window, story.id)
    field = window.editor.published_at
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, "2017-07-15 10:00")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert field.edit.text() == "2017-07-15 10:00"
    assert field.value() == datetime(2017, 7, 15, 14, 0, tzinfo=UTC)  # 10:00 in New York
    assert flows.save(window)
    assert _stored(db, story.id).published_at == datetime(2017, 7, 15, 14, 0, tzinfo=UTC)
