"""File > Import a folder from the window, as an editor does it: asked how the stories
arrive, told why each file was skipped, and "Update these N stories"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from sqlalchemy import func, select

from newsroom.core.articles import find_by_slug
from newsroom.core.models import Revision
from newsroom.importing.service import import_paths

TALKS = "title: Talks resume in Geneva\ndate: 2026-03-10 10:15\nstatus: published\n"
BUDGET = "title: Budget passes\ndate: 2026-03-11 09:00\nstatus: published\n"
FERRY = "title: Ferry strike ends\ndate: 2026-03-12 08:00\nstatus: published\n"


def _page(folder: Path, name: str, front: str, body: str) -> None:
    (folder / name).write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def _story(db, slug: str):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        record = find_by_slug(session, slug)
        revisions = session.scalar(
            select(func.count()).select_from(Revision).where(Revision.article_id == record.id)
        )
    return record, revisions


def _menu_action(window, text: str) -> QAction:  # type: ignore[no-untyped-def]
    return next(a for a in window.findChildren(QAction) if a.text() == text)


def test_import_asks_how_stories_arrive_says_why_it_skipped_and_updates(  # type: ignore[no-untyped-def]
    qtbot, make_window, db, tmp_path
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    _page(folder, "talks.md", TALKS, "The envoy arrived.")
    _page(folder, "budget.md", BUDGET, "The council voted.")
    import_paths(db, [folder])  # yesterday's import, published as the files say
    talks, talks_revisions = _story(db, "talks-resume-in-geneva")
    _page(folder, "talks.md", TALKS, "The envoy arrived late.")
    _page(folder, "budget.md", BUDGET, "The council voted 9-4.")
    _page(folder, "ferry.md", FERRY, "The strike is over.")

    window = make_window()
    actions = window.site_actions
    actions.run_dialog = lambda dialog: [folder]  # the folder chosen in the file dialog
    _menu_action(window, "Import a &folder…").trigger()
    options = actions.import_options
    assert options.isVisible()
    assert options.drafts.isChecked() and not options.keep.isChecked()  # drafts by default
    with qtbot.waitSignal(actions.imported, timeout=60_000) as first:
        qtbot.mouseClick(options.import_button, Qt.MouseButton.LeftButton)
    assert (first.args[0].imported, first.args[0].skipped) == (1, 2)
    assert "Imported as drafts: 1 imported" in window.statusBar().currentMessage()
    ferry, _ = _story(db, "ferry-strike-ends")
    assert ferry.status == "draft"  # the file said published

    summary = actions.import_summary
    assert summary.isVisible()
    assert sorted(summary.rows()) == [
        (
            "budget.md",
            "skipped",
            "already in the database: the story 'Budget passes' has the same slug and "
            "publication day",
        ),
        (
            "talks.md",
            "skipped",
            "already in the database: the story 'Talks resume in Geneva' has the same slug "
            "and publication day",
        ),
    ]
    assert summary.update_button.text() == "&Update these 2 stories"
    with qtbot.waitSignal(actions.imported, timeout=60_000) as second:
        qtbot.mouseClick(summary.update_button, Qt.MouseButton.LeftButton)
    assert not summary.isVisible()
    report = second.args[0]
    assert (report.imported, report.updated, report.skipped) == (0, 2, 0)
    assert sorted(Path(f.path).name for f in report.files) == ["budget.md", "talks.md"]
    again, revisions = _story(db, "talks-resume-in-geneva")
    assert (again.id, again.uid) == (talks.id, talks.uid)
    assert again.body == "The envoy arrived late.\n" and revisions == talks_revisions + 1
    assert again.status == "published"  # an update keeps the story's status
    assert actions.import_summary is summary  # nothing skipped this time: no new summary


def test_a_story_open_in_the_window_is_not_updated_under_the_editor(  # type: ignore[no-untyped-def]
    qtbot, make_window, db, tmp_path, flows
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    _page(folder, "talks.md", TALKS, "The envoy arrived.")
    import_paths(db, [folder])
    talks, _ = _story(db, "talks-resume-in-geneva")
    _page(folder, "talks.md", TALKS, "The envoy arrived late.")
    window = make_window()
    assert flows.open(window, talks.id)  # the editor holds the story's lease
    actions = window.site_actions
    with qtbot.waitSignal(actions.imported, timeout=60_000):
        actions.import_paths([folder], on_duplicate="update")
    (row,) = actions.import_summary.rows()
    assert row[:2] == ("talks.md", "skipped")
    assert "is open in an editor" in row[2]
    assert _story(db, "talks-resume-in-geneva")[0].version == talks.version
    actions.import_summary.reject()
