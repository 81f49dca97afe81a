"""File > Export from the window: off the UI thread, progress, Cancel."""

from __future__ import annotations

from newsroom.core.generate import generate


def test_export_from_the_window(qtbot, make_window, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    generate(db, articles=120, seed=3)
    window = make_window()
    out = tmp_path / "site"
    progress: list[tuple[int, int]] = []
    with qtbot.waitSignal(window.tasks.idle, timeout=60_000):
        runner = window.site_actions.export_to(out)
        runner.progressed.connect(lambda done, total, _what: progress.append((done, total)))
        assert not window.export_action.isEnabled()  # one export at a time
    assert (out / "index.html").is_file()
    assert list(out.glob("*/*/*.html"))
    assert progress and progress[-1][0] == progress[-1][1]
    assert window.export_action.isEnabled()
    assert "Exported:" in window.statusBar().currentMessage()


def test_cancelled_export_leaves_the_previous_site(qtbot, make_window, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    generate(db, articles=900, seed=4)
    window = make_window()
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("the previous site")
    (out / ".newsroom-site").write_text("an earlier export")
    with qtbot.waitSignal(window.tasks.idle, timeout=60_000):
        runner = window.site_actions.export_to(out)
        runner.cancel()
    assert sorted(p.name for p in out.iterdir()) == [".newsroom-site", "old.html"]
    assert "cancelled" in window.statusBar().currentMessage()
    assert not list(tmp_path.glob(".site.staging-*"))


def test_import_from_the_window(qtbot, make_window, db, tmp_path, asker, list_refreshed) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "talks.md").write_text(
        "---\ntitle: Talks resume in Geneva\ndate: 2026-03-10 10:15\n---\n\nThe envoy arrived.\n"
    )
    (folder / "broken.md").write_bytes(b"\x00\x01\x02 not text at all \xff\xfe")
    window = make_window()
    with list_refreshed(window, timeout=60_000):
        window.site_actions.import_paths([folder])
    headlines = [window.model.index(r, 0).data() for r in range(window.model.rowCount())]
    assert headlines == ["Talks resume in Geneva"]
    assert "1 imported" in window.statusBar().currentMessage()
    summary = window.site_actions.import_summary
    assert summary.isVisible() and summary.update_button is None
    assert [row[:2] for row in summary.rows()] == [("broken.md", "failed")]
    summary.reject()
