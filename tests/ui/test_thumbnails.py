"""The editor's thumbnail cache: pictures read off the UI thread, once, and read again
when the library changes them (even while they were being read)."""

from __future__ import annotations

from media_files import picture
from PySide6.QtWidgets import QWidget

from newsroom.core import media
from newsroom.ui.operations import Operations
from newsroom.ui.tasks import Tasks
from newsroom.ui.thumbnails import SIZE, Thumbnails


def test_pictures_arrive_once_and_again_after_the_library_changed_them(qtbot, db):  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    tasks = Tasks(owner)
    thumbnails = Thumbnails(Operations(db, tasks, owner), owner)
    with db.transaction() as session:
        record, _ = media.add_image(session, picture(800, 400, seed=41), alt="Old text")
    arrivals: list[frozenset[int]] = []
    thumbnails.ready.connect(arrivals.append)

    assert thumbnails.get(record.id) is None  # asked for
    assert thumbnails.get(record.id) is None  # not asked twice
    qtbot.waitUntil(lambda: thumbnails.get(record.id) is not None)
    shown = thumbnails.get(record.id)
    assert shown is not None and shown.alt == "Old text"
    assert shown.image is not None and (shown.image.width(), shown.image.height()) == (SIZE, 48)
    assert arrivals == [frozenset({record.id})]

    with db.transaction() as session:
        media.update_text(session, record.id, alt="New text")
    thumbnails.forget([record.id])
    thumbnails.forget([record.id])  # while it is read again: read once more after
    qtbot.waitUntil(lambda: (p := thumbnails.get(record.id)) is not None and p.alt == "New text")

    missing = thumbnails.get(999)
    assert missing is None
    qtbot.waitUntil(lambda: thumbnails.get(999) is not None)
    assert thumbnails.get(999).missing  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert tasks.close()
