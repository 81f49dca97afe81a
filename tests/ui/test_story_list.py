"""The story list model and its filters, on a generated archive."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from newsroom.core.generate import generate
from newsroom.core.models import Article, ArticleEntity, Entity


@pytest.fixture
def archive(db):  # type: ignore[no-untyped-def]
    generate(db, articles=600, seed=7)
    return db


def _count(db, query):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return session.scalar(query)


def test_model_passes_qtmodeltester(qtbot, qtmodeltester, make_window, archive):  # type: ignore[no-untyped-def]
    window = make_window(archive)
    assert window.model.rowCount() == 600
    qtmodeltester.check(window.model, force_py=True)


def test_sorting_by_headline(qtbot, make_window, archive, list_refreshed):  # type: ignore[no-untyped-def]
    window = make_window(archive)
    with list_refreshed(window):
        window.list.sortByColumn(
            0, window.list.horizontalHeader().sortIndicatorOrder().AscendingOrder
        )
    headlines = [window.model.index(r, 0).data() for r in range(50)]
    assert headlines == sorted(headlines)


def test_filter_by_status_section_entity_and_search(qtbot, make_window, archive, list_refreshed):  # type: ignore[no-untyped-def]
    window = make_window(archive)
    with list_refreshed(window):
        window.filters.status_filter.setCurrentIndex(window.filters.status_filter.findData("draft"))
    drafts = _count(
        archive, select(func.count()).select_from(Article).where(Article.status == "draft")
    )
    assert window.model.rowCount() == drafts > 0
    assert {window.model.index(r, 1).data() for r in range(window.model.rowCount())} == {"draft"}

    with list_refreshed(window):
        window.filters.status_filter.setCurrentIndex(0)
    with list_refreshed(window):
        window.filters.section_filter.setCurrentIndex(
            window.filters.section_filter.findText("Science")
        )
    assert {window.model.index(r, 2).data() for r in range(window.model.rowCount())} == {"Science"}

    with list_refreshed(window):
        window.filters.section_filter.setCurrentIndex(0)
    with archive.reading() as session:
        entity_id, name = session.execute(
            select(Entity.id, Entity.name)
            .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
            .group_by(Entity.id)
            .order_by(func.count().desc())
        ).first()
    tagged = _count(archive, select(func.count()).where(ArticleEntity.entity_id == entity_id))
    window.filters.entity_filter.setText(name)
    with list_refreshed(window):
        window.filters.entity_filter.editingFinished.emit()
    assert window.model.rowCount() == tagged

    with list_refreshed(window):
        window.filters.entity_filter.clear()  # an empty entity filter refreshes at once
    with list_refreshed(window):
        qtbot.keyClicks(window.filters.search_box, "minister")  # ... the search when typing stops
    n = window.model.rowCount()
    assert 0 < n < 600
    story_id = window.model.id_at(0)
    with archive.reading() as session:
        text = session.execute(
            select(Article.headline, Article.standfirst, Article.body).where(Article.id == story_id)
        ).one()
    assert "minister" in " ".join(text).lower()


def test_unknown_entity_is_reported_beside_the_filter(qtbot, make_window, archive, list_refreshed):  # type: ignore[no-untyped-def]
    window = make_window(archive)
    window.filters.entity_filter.setText("Nobody At All")
    with list_refreshed(window):
        window.filters.entity_filter.editingFinished.emit()
    assert window.model.rowCount() == 0
    assert "no entity" in window.filters.entity_error.text()


def test_the_headline_column_takes_the_spare_width(qtbot, make_window, archive):  # type: ignore[no-untyped-def]
    """Issue 14: at the default window size the headline was cut to about eight
    characters; now it takes what the other columns (sized to contents) leave."""
    window = make_window(archive)
    qtbot.waitExposed(window)
    view, header = window.list, window.list.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(0) >= 0.4 * view.viewport().width())
    assert window.size().width() == 1500  # the default size: no saved geometry in tests
    assert sum(header.sectionSize(c) for c in range(6)) <= view.viewport().width()
    metrics = view.fontMetrics()
    for column in (1, 4, 5):  # status and dates: never cut
        widest = max(
            metrics.horizontalAdvance(str(window.model.index(r, column).data() or ""))
            for r in range(20)
        )
        assert header.sectionSize(column) > widest
    assert header.sectionSize(3) <= metrics.averageCharWidth() * 18  # a byline: capped

    window.resize(1100, 800)  # narrower: the headline gives, the rest keep their width
    qtbot.waitUntil(lambda: view.viewport().width() < 560)
    assert header.sectionSize(1) > metrics.horizontalAdvance("published")


def test_down_in_the_search_box_goes_to_the_matches_and_enter_opens_one(  # type: ignore[no-untyped-def]
    qtbot, make_window, archive, list_refreshed
):
    """Type, Down, Enter: an editor reaches a match without the mouse."""
    window = make_window(archive)
    window.show()
    qtbot.waitExposed(window)
    window.focus_search()
    with list_refreshed(window):
        qtbot.keyClicks(window.filters.search_box, "minister")
    first = window.model.id_at(0)
    qtbot.keyClick(window.filters.search_box, Qt.Key.Key_Down)
    assert window.list.hasFocus()
    assert window.list.currentIndex().row() == 0
    assert window.current is None  # selected, not opened yet
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current is not None and window.current.article_id == first)


def test_down_before_the_search_has_run_goes_to_its_matches(qtbot, make_window, archive):  # type: ignore[no-untyped-def]
    """Down typed faster than the search waits for: the search runs at once, and the
    list takes the focus when it shows the matches, not the list before them."""
    window = make_window(archive)
    window.show()
    qtbot.waitExposed(window)
    window.focus_search()
    qtbot.keyClicks(window.filters.search_box, "minister")
    assert window.filters.search_timer.isActive()
    qtbot.keyClick(window.filters.search_box, Qt.Key.Key_Down)
    qtbot.waitUntil(window.list.hasFocus)
    assert window.model.shown_generation == window.model.generation
    assert 0 < window.model.rowCount() < 600
    assert window.list.currentIndex().row() == 0
