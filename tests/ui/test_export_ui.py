"""File > Export from the window: off the UI thread, progress, Cancel."""

from __future__ import annotations

from newsroom.core.generate import generate


def test_export_from_the_window(qtbot, make_window, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    generate(db, articles=120, seed=3)
    window = make_window()
    out = tmp_path / "site"
    progress: list[tuple[int, int]] = []
    with qtbot.waitSignal(window.tasks.idle, timeout=60_000):
        runner = window.export_to(out)
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
    with qtbot.waitSignal(window.tasks.idle, timeout=60_000):
        runner = window.export_to(out)
        runner.cancel()
    assert sorted(p.name for p in out.iterdir()) == ["old.html"]
    assert "cancelled" in window.statusBar().currentMessage()
    assert not list(tmp_path.glob(".site.staging-*"))
