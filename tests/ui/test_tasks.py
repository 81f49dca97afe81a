"""Tasks: work off the UI thread, results back on it, never to an owner that is gone."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget

from newsroom.core.errors import NewsroomError
from newsroom.ui.tasks import Tasks


def _delete(obj: QObject) -> None:
    """Delete a QObject the way Qt does it for a closed window: deleteLater, then the loop."""
    obj.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _blocking_job(started: threading.Event, release: threading.Event, value: object):  # type: ignore[no-untyped-def]
    def work() -> object:
        started.set()
        assert release.wait(10)
        return value

    return work


def test_result_is_delivered_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    tasks = Tasks(owner)
    got: list[tuple[object, bool]] = []
    with qtbot.waitSignal(tasks.idle):
        tasks.run(
            lambda: 42,
            lambda v: got.append((v, threading.current_thread() is threading.main_thread())),
        )
    assert got == [(42, True)]


def test_expected_error_goes_to_on_error(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    tasks = Tasks(owner)
    errors: list[str] = []

    def work() -> None:
        raise NewsroomError("no such story")

    with qtbot.waitSignal(tasks.idle):
        tasks.run(work, lambda _v: None, lambda e: errors.append(str(e)))
    assert errors == ["no such story"]


def test_result_for_a_deleted_owner_is_dropped_while_running(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    tasks = Tasks(owner)
    started, release = threading.Event(), threading.Event()
    got: list[object] = []
    tasks.run(_blocking_job(started, release, "late"), got.append)
    assert started.wait(5)
    _delete(owner)  # the window goes while its query still runs
    release.set()
    assert tasks.wait()  # the result has been posted to the UI thread ...
    QCoreApplication.processEvents()  # ... and is dropped there, without an error
    assert got == []


def test_result_posted_before_the_owner_was_deleted_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    tasks = Tasks(owner)
    got: list[object] = []
    tasks.run(lambda: "late", got.append)
    assert tasks.wait()  # the job ran: its result is queued for the UI thread
    _delete(owner)
    QCoreApplication.processEvents()
    assert got == []


def test_callback_of_a_deleted_widget_is_not_called(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    tasks = Tasks(owner)
    widget = QWidget()
    got: list[object] = []

    class Panel(QWidget):
        def show_result(self, value: object) -> None:
            got.append(value)

    panel = Panel(widget)
    started, release = threading.Event(), threading.Event()
    tasks.run(_blocking_job(started, release, "for the panel"), panel.show_result)
    assert started.wait(5)
    _delete(widget)
    release.set()
    assert tasks.wait()
    QCoreApplication.processEvents()
    assert got == []
    _delete(owner)


def test_closed_tasks_deliver_nothing_and_start_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    tasks = Tasks(owner)
    started, release = threading.Event(), threading.Event()
    got: list[object] = []
    tasks.run(_blocking_job(started, release, "running at close"), got.append)
    assert started.wait(5)
    threading.Timer(0.05, release.set).start()
    assert tasks.close()  # waits for the running work
    ran: list[bool] = []
    tasks.run(lambda: ran.append(True), got.append)
    assert tasks.wait()
    QCoreApplication.processEvents()
    assert got == [] and ran == []
    _delete(owner)


def test_posts_from_a_worker_are_dropped_for_a_deleted_owner(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    tasks = Tasks(owner)
    receiver = QObject()
    got: list[tuple[int, int]] = []

    def work() -> None:
        tasks.post(lambda a, b: got.append((a, b)), 1, 2, owner=receiver)

    with qtbot.waitSignal(tasks.idle):
        tasks.run(work, lambda _v: None)
    assert got == [(1, 2)]

    tasks.run(work, lambda _v: None)
    assert tasks.wait()
    _delete(receiver)
    QCoreApplication.processEvents()
    assert got == [(1, 2)]
    _delete(owner)


def test_idle_waits_for_work_started_by_a_callback(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    tasks = Tasks(owner)
    order: list[str] = []

    def first_done(_v: object) -> None:
        order.append("first")
        tasks.run(lambda: None, lambda _v: order.append("second"))

    with qtbot.waitSignal(tasks.idle):
        tasks.run(lambda: None, first_done)
    assert order == ["first", "second"]
    _delete(owner)
