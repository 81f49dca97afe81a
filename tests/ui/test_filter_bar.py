"""The story list's filter bar as an editor uses it (issue 14): publication days that
start empty ("any"), are typed whole or picked from a calendar that opens at today,
go back to "any" with the clear button, refuse what is no day beside the field; and
"Reset filters", which clears every filter in one go."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QToolButton

from newsroom.core.sections import create_section


@pytest.fixture
def stories(add_story):  # type: ignore[no-untyped-def]
    """Three published stories on three days (UTC, the site's default zone) and a draft."""
    for day in (13, 14, 15):
        add_story(
            f"Story of the {day}th",
            "Body.",
            status="published",
            published_at=datetime(2017, 7, day, 10, 0, tzinfo=UTC),
        )
    add_story("A draft", "Body.")


def _headlines(window) -> set[str]:  # type: ignore[no-untyped-def]
    model = window.model
    return {model.index(row, 0).data() for row in range(model.rowCount())}


def _type(qtbot, day, text: str) -> None:  # type: ignore[no-untyped-def]
    day.edit.setFocus()
    qtbot.keyClicks(day.edit, text)


def test_days_start_empty_and_a_typed_day_is_taken_whole(
    qtbot, make_window, stories, list_refreshed
):  # type: ignore[no-untyped-def]
    window = make_window()
    bar = window.filters
    for day in (bar.date_from, bar.date_to):
        assert day.edit.text() == ""
        assert day.edit.placeholderText() == "any"
        assert day.day() is None
    assert len(_headlines(window)) == 4
    with list_refreshed(window):
        _type(qtbot, bar.date_from, "2017-07-14")  # whole: read without waiting for Enter
    assert bar.date_from.edit.text() == "2017-07-14"  # not "any20170714"
    assert _headlines(window) == {"Story of the 14th", "Story of the 15th"}
    with list_refreshed(window):
        _type(qtbot, bar.date_to, "2017-07-14")
    assert _headlines(window) == {"Story of the 14th"}  # the "to" day is included


def test_text_that_is_no_day_is_refused_beside_the_field(
    qtbot, make_window, stories, list_refreshed
):  # type: ignore[no-untyped-def]
    window = make_window()
    bar = window.filters
    with list_refreshed(window):
        _type(qtbot, bar.date_from, "2017-07-14")
    before = window.model.generation
    _type(qtbot, bar.date_to, "July 15")
    qtbot.keyClick(bar.date_to.edit, Qt.Key.Key_Return)
    assert bar.date_error.isVisibleTo(window)
    assert "'July 15' is not a day; use YYYY-MM-DD" in bar.date_error.text()
    assert bar.date_to.edit.text() == "July 15"  # left as typed, to correct
    assert window.model.generation == before  # the list keeps its filter
    bar.date_to.edit.selectAll()
    qtbot.keyClicks(bar.date_to.edit, "2017-02-30")  # refused as soon as it is whole
    assert "February 2017 has 28 days" in bar.date_error.text()
    assert window.model.generation == before
    with list_refreshed(window):
        bar.date_to.edit.selectAll()
        qtbot.keyClicks(bar.date_to.edit, "2017-07-14")
    assert not bar.date_error.isVisibleTo(window)
    assert _headlines(window) == {"Story of the 14th"}


def test_the_clear_button_goes_back_to_any_day(qtbot, make_window, stories, list_refreshed):  # type: ignore[no-untyped-def]
    window = make_window()
    bar = window.filters
    with list_refreshed(window):
        _type(qtbot, bar.date_from, "2017-07-15")
    assert len(_headlines(window)) == 1
    clear = next(
        button
        for button in bar.date_from.edit.findChildren(QToolButton)
        if button.isVisibleTo(bar.date_from.edit)
    )
    with list_refreshed(window):
        qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert bar.date_from.edit.text() == ""
    assert bar.date_from.day() is None
    assert len(_headlines(window)) == 4


def test_the_calendar_opens_at_today_and_a_picked_day_filters(
    qtbot, make_window, stories, list_refreshed
):  # type: ignore[no-untyped-def]
    window = make_window()
    day = window.filters.date_to
    day.edit.setFocus()
    qtbot.keyClick(day.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = day.calendar_popup
    qtbot.waitUntil(popup.menu.isVisible)
    today = datetime.now(UTC).date()  # the site's clocks are UTC here
    assert popup.calendar.selectedDate() == QDate(today.year, today.month, today.day)
    popup.calendar.setSelectedDate(QDate(2017, 7, 13))
    with list_refreshed(window):
        qtbot.keyClick(popup.calendar.focusWidget() or popup.calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.menu.isVisible())
    assert day.edit.text() == "2017-07-13"
    assert _headlines(window) == {"Story of the 13th"}


def test_reset_filters_clears_every_filter_in_one_refresh(
    qtbot, make_window, stories, db, list_refreshed
):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        create_section(session, "World")
    window = make_window()
    bar = window.filters
    assert not bar.reset_button.isEnabled()  # nothing to reset
    with list_refreshed(window):
        bar.status_filter.setCurrentIndex(bar.status_filter.findData("published"))
    with list_refreshed(window):
        bar.section_filter.setCurrentIndex(bar.section_filter.findText("World"))
    with list_refreshed(window):
        _type(qtbot, bar.date_from, "2017-07-14")
    with list_refreshed(window):
        bar.search_box.setFocus()
        qtbot.keyClicks(bar.search_box, "Story")
    assert bar.reset_button.isEnabled()
    bar.entity_filter.setText("Nobody")
    with list_refreshed(window):
        bar.entity_filter.editingFinished.emit()
    assert bar.entity_error.isVisibleTo(window)
    assert window.model.rowCount() == 0
    before = window.model.generation
    with list_refreshed(window):
        qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)
    assert window.model.generation == before + 1  # one new list, not one per filter
    assert bar.search_box.text() == "" and bar.entity_filter.text() == ""
    assert bar.status_filter.currentIndex() == 0 and bar.section_filter.currentIndex() == 0
    assert bar.date_from.day() is None and bar.date_from.edit.text() == ""
    assert not bar.entity_error.isVisibleTo(window)
    assert len(_headlines(window)) == 4
    assert not bar.reset_button.isEnabled()


def test_reset_filters_is_in_the_view_menu(qtbot, make_window, stories, list_refreshed):  # type: ignore[no-untyped-def]
    window = make_window()
    with list_refreshed(window):
        window.filters.status_filter.setCurrentIndex(1)
    with list_refreshed(window):
        window.reset_filters_action.trigger()
    assert window.filters.is_reset()
    assert len(_headlines(window)) == 4
