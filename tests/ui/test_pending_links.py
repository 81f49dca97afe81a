"""Pending More-news lines in the window (issue 14): the Links panel shows what a line
waits for, and saving the story it wants links it."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from newsroom.core import articles
from newsroom.text.morenews import pending_token, target_uids, token

SEED = Path(__file__).parents[1] / "importing" / "fixtures" / "seed" / "un-envoy-de-mistura.html"


def _rows(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(i).data() for i in range(model.rowCount())]


def test_the_links_panel_shows_what_a_pending_line_waits_for(flows, qtbot, make_window, add_story):  # type: ignore[no-untyped-def]
    target = add_story("Budget passes", "b")
    body = f"a\n\n{pending_token('Ceasefire holds…')}\n\n{token(target.uid)}\n"
    source = add_story("Talks", body)
    window = make_window()
    assert flows.open(window, source.id)
    panel = window.links_panel
    assert _rows(panel.outgoing)[0] == "Waiting for: Ceasefire holds…"
    assert _rows(panel.outgoing)[1].startswith("Budget passes")
    assert panel.outgoing.index(0).data(Qt.ItemDataRole.UserRole) is None  # opens nothing
    assert "saved or imported" in panel.outgoing.index(0).data(Qt.ItemDataRole.ToolTipRole)


def test_saving_the_story_a_line_waits_for_links_it(flows, qtbot, make_window, add_story, db):  # type: ignore[no-untyped-def]
    source = add_story("Talks", f"a\n\n{pending_token('Ceasefire holds…')}\n\nb")
    window = make_window()
    window.new_action.trigger()
    qtbot.keyClicks(window.editor.headline, "Ceasefire holds in the south")
    qtbot.keyClicks(window.editor.body, "Quiet night.")
    assert flows.save(window)
    with db.reading() as session:
        new_id = window.current.article_id
        target = articles.load_article(session, new_id)
        linked = articles.load_article(session, source.id)
    assert target_uids(linked.body) == [target.uid]
    assert linked.version == 2
    panel = window.links_panel
    qtbot.waitUntil(lambda: _rows(panel.incoming) != [])
    assert _rows(panel.incoming)[0].startswith("Talks")  # linked from, at once
    assert flows.open(window, source.id)
    assert _rows(panel.outgoing)[0].startswith("Ceasefire holds in the south")


def test_the_seed_page_imported_from_the_window_keeps_its_lines_pending(
    flows, qtbot, make_window, tmp_path, list_refreshed
):  # type: ignore[no-untyped-def]
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(SEED, folder)
    window = make_window()
    with list_refreshed(window, timeout=60_000):
        window.site_actions.import_paths([folder])
    message = window.statusBar().currentMessage()
    assert "3 More-news lines pending (waiting for: Kamal Haasan hints at entry" in message
    assert flows.open(window, window.model.id_at(0))
    assert _rows(window.links_panel.outgoing) == [
        "Waiting for: Kamal Haasan hints at entry into politics",
        "Waiting for: Gayle, big players return as Windies name squad",
        "Waiting for: Ceasefire in southern Syria holds…",
    ]
