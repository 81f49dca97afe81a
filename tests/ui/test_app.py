"""The application object: opening a database, switching to another."""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from newsroom.ui.app import App
from newsroom.ui.state import AppState


def test_switching_databases_drops_the_old_windows_late_results(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = App(QApplication.instance(), AppState())  # type: ignore[arg-type]
    assert app.open(str(tmp_path / "first.db"))
    assert app.window is not None
    model = app.window.model
    qtbot.waitUntil(lambda: model.shown_generation == model.generation > 0)
    shown: list[int] = []
    model.refreshed.connect(shown.append)
    model.refresh()  # an answer on its way when the switch comes

    assert app.open(str(tmp_path / "second.db"))  # the first window closes and goes
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(model)
    QCoreApplication.processEvents()  # the late answer arrives: dropped, no error
    assert shown == []

    second = app.window
    assert second is not None and second.db is app.db
    qtbot.waitUntil(lambda: second.model.shown_generation == second.model.generation > 0)
    assert second.close()
    assert app.db is not None
    app.db.close()
