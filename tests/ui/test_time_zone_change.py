"""A time-zone change in Site settings reaches the open window at once (issue 14): the
form's dates show the same moment on the new clocks, the list's date column and its
date filters follow, and nothing counts as edited for it."""

from __future__ import annotations

from datetime import UTC, datetime

from newsroom.core import articles

PUBLISHED = datetime(2017, 7, 15, 22, 30, tzinfo=UTC)  # 16 July 00:30 in Paris


def _change_zone(qtbot, window, zone: str) -> None:  # type: ignore[no-untyped-def]
    """As the editor does: File > Site settings, type the zone, Save."""
    window.show_settings()
    dialog = window.settings_dialog
    dialog.time_zone.setText(zone)
    with qtbot.waitSignal(window.site_actions.settings_saved, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_forms_dates_show_the_same_moment_in_the_new_zone(
    flows, qtbot, make_window, add_story, db, list_refreshed
):  # type: ignore[no-untyped-def]
    story = add_story("Talks resume", "Body.", status="published", published_at=PUBLISHED)
    window = make_window()
    assert flows.open(window, story.id)
    field = window.editor.published_at
    assert field.edit.text() == "2017-07-15 22:30"
    assert window.model.data(window.model.index(0, 4)) == "2017-07-15"
    with list_refreshed(window):
        _change_zone(qtbot, window, "Europe/Paris")
    assert field.edit.text() == "2017-07-16 00:30"  # no restart
    assert field.zone.text() == "Europe/Paris"
    assert "Europe/Paris" in field.edit.toolTip()
    assert window.model.data(window.model.index(0, 4)) == "2017-07-16"
    assert not window.dirty  # the same moment: nothing to save
    assert window.editor.content().published_at == PUBLISHED
    # The next save reads the text on the new clocks: the moment is unchanged.
    window.editor.headline.setText("Talks resume in Geneva")
    window.editor.changed.emit()
    assert flows.save(window)
    with db.reading() as session:
        assert articles.load_article(session, story.id).published_at == PUBLISHED


def test_a_typed_date_not_yet_read_stays_as_typed_and_is_read_on_the_new_clocks(
    flows, qtbot, make_window, add_story
):  # type: ignore[no-untyped-def]
    story = add_story("Talks resume", "Body.", status="published", published_at=PUBLISHED)
    window = make_window()
    assert flows.open(window, story.id)
    field = window.editor.published_at
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "2017-07-20 09:")  # half typed: no date yet
    _change_zone(qtbot, window, "Europe/Paris")
    assert field.edit.text() == "2017-07-20 09:"
    qtbot.keyClicks(field.edit, "00")
    assert field.value() == datetime(2017, 7, 20, 7, 0, tzinfo=UTC)  # 09:00 in Paris


def test_the_date_filter_reads_its_days_on_the_new_clocks(
    flows, qtbot, make_window, add_story, list_refreshed
):  # type: ignore[no-untyped-def]
    add_story("Late in London", status="published", published_at=PUBLISHED)
    window = make_window()
    with list_refreshed(window):
        window.filters.date_from.set_text("2017-07-16")
    assert window.model.rowCount() == 0  # 15 July on UTC clocks
    with list_refreshed(window):
        _change_zone(qtbot, window, "Europe/Paris")
    assert window.model.rowCount() == 1  # 16 July in Paris
    assert window.site.time_zone == "Europe/Paris"
