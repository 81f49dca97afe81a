"""Two windows on one database, revisions and restore, site settings."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

from newsroom.core import articles, leases, revisions
from newsroom.core import settings as site_settings
from newsroom.core.db import open_database


def _stored(db, article_id):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return articles.load_article(session, article_id)


def _two_windows(make_window, db_path, add_story, flows):  # type: ignore[no-untyped-def]
    story = add_story("Shared story", "Original text.")
    first = make_window()
    second_db = open_database(db_path)  # a second connection, as another instance would
    second = make_window(second_db)
    assert flows.open(first, story.id)
    assert flows.open(second, story.id)
    flows.idle(first)  # the leases are taken
    flows.idle(second)
    return story, first, second


def test_conflict_keep_mine(flows, qtbot, make_window, db_path, add_story, asker, db):  # type: ignore[no-untyped-def]
    story, first, second = _two_windows(make_window, db_path, add_story, flows)
    first.editor.body.setPlainText("First writer's text.")
    assert flows.save(first)
    second.editor.body.setPlainText("Second writer's text.")
    asker.conflict_answers = ["mine"]
    assert flows.save(second)
    kind, (mine, theirs) = asker.asked[-1]
    assert kind == "conflict"
    assert mine.body.startswith("Second writer")
    assert theirs.body.startswith("First writer")
    stored = _stored(db, story.id)
    assert stored.body == "Second writer's text.\n"
    assert stored.version == 3
    with db.reading() as session:  # the first writer's save is still in the history
        bodies = [
            revisions.load_revision(session, r.id).content.body
            for r in revisions.list_revisions(session, story.id)
        ]
    assert "First writer's text.\n" in bodies


def test_conflict_take_theirs(flows, qtbot, make_window, db_path, add_story, asker, db):  # type: ignore[no-untyped-def]
    story, first, second = _two_windows(make_window, db_path, add_story, flows)
    first.editor.body.setPlainText("First writer's text.")
    assert flows.save(first)
    second.editor.body.setPlainText("Second writer's text.")
    asker.conflict_answers = ["theirs"]
    assert not flows.save(second)
    assert second.editor.body.toPlainText() == "First writer's text.\n"
    assert not second.dirty
    assert _stored(db, story.id).body == "First writer's text.\n"


def test_conflict_cancel_overwrites_nothing_and_keeps_my_text(
    flows, qtbot, make_window, db_path, add_story, asker, db
):  # type: ignore[no-untyped-def]
    story, first, second = _two_windows(make_window, db_path, add_story, flows)
    first.editor.body.setPlainText("First writer's text.")
    assert flows.save(first)
    second.editor.body.setPlainText("Second writer's text.")
    asker.conflict_answers = ["cancel"]
    assert not flows.save(second)
    assert _stored(db, story.id).body == "First writer's text.\n"
    assert second.editor.body.toPlainText() == "Second writer's text."
    assert [e.content.body for e in second.session.recovery.pending()] == ["Second writer's text."]


def test_conflict_dialog_compare_shows_both_texts(qtbot, add_story, db):  # type: ignore[no-untyped-def]
    from newsroom.ui.dialogs import ConflictDialog

    story = add_story("Shared", "Theirs here.")
    mine = articles.with_changes(story, body="Mine here.")
    dialog = ConflictDialog(mine, story)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.diff.isVisible()
    with qtbot.waitSignal(dialog.diff_shown):  # diffed off the UI thread
        dialog.compare.click()
        assert dialog.diff.isVisible()
    text = dialog.diff.toPlainText()
    assert "Mine" in text and "Theirs" in text and "here." in text
    html = dialog.diff.toHtml()
    assert "line-through" in html  # theirs struck out, mine underlined
    dialog.keep_mine.click()
    assert dialog.choice == "mine"


def test_history_restore(flows, qtbot, make_window, add_story, db, asker):  # type: ignore[no-untyped-def]
    story = add_story("Versioned", "Version one.")
    window = make_window()
    assert flows.open(window, story.id)
    window.editor.body.setPlainText("Version two.")
    assert flows.save(window)
    dialog = flows.history(window)
    assert dialog.list.count() == 2
    dialog.list.setCurrentRow(1)  # the oldest (the dialog may have chosen it already)
    # Loaded and diffed off the UI thread: "one" struck out, "two" new.
    qtbot.waitUntil(lambda: "Version one two." in dialog.diff.toPlainText())
    asker.restore_answers = ["text"]
    with qtbot.waitSignal(window.session.saved):
        dialog.restore.click()
    assert asker.asked[-1] == ("restore", (1, []))  # same publishing: nothing more to ask
    assert not dialog.isVisible()
    stored = _stored(db, story.id)
    assert stored.body == "Version one.\n"
    assert stored.version == 3
    assert window.editor.body.toPlainText() == "Version one.\n"
    with db.reading() as session:
        assert revisions.list_revisions(session, story.id)[0].note == "restored text of version 1"


PUBLISHED_AT = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _published_after_a_draft(add_story, db):  # type: ignore[no-untyped-def]
    """Version 1 a draft; version 2 published with another text and address."""
    draft = add_story("Draft headline", "Draft text.")
    with db.transaction() as session:
        return articles.update_article(
            session,
            draft.id,
            draft.version,
            articles.with_changes(
                draft,
                body="Final text.",
                slug="final-address",
                status="published",
                published_at=PUBLISHED_AT,
            ),
        )


def _restore_first(qtbot, window, story, flows):  # type: ignore[no-untyped-def]
    assert flows.open(window, story.id)
    flows.history(window)
    window.history_dialog.list.setCurrentRow(window.history_dialog.list.count() - 1)
    window.history_dialog.restore.click()
    flows.idle(window)  # asked, and restored (or not) off the UI thread


def test_restoring_asks_and_keeps_status_dates_and_address_by_default(
    flows, qtbot, make_window, add_story, db, asker
):  # type: ignore[no-untyped-def]
    story = _published_after_a_draft(add_story, db)
    window = make_window()
    asker.restore_answers = ["text"]

    _restore_first(qtbot, window, story, flows)

    kind, (version, publishing) = asker.asked[-1]
    assert (kind, version) == ("restore", 1)
    assert publishing == [
        "Slug: draft-headline (now final-address)",
        "Status: draft (now published)",
        "Published: none (now 2026-11-20 08:00)",
    ]
    stored = _stored(db, story.id)
    assert stored.body == "Draft text.\n"
    assert (stored.status, stored.published_at, stored.slug) == (
        "published",
        PUBLISHED_AT,
        "final-address",
    )
    assert window.editor.status.currentData() == "published"
    assert not window.dirty


def test_restoring_the_publishing_too_when_the_editor_says_so(
    flows, qtbot, make_window, add_story, db, asker
):  # type: ignore[no-untyped-def]
    story = _published_after_a_draft(add_story, db)
    window = make_window()
    asker.restore_answers = ["all"]

    _restore_first(qtbot, window, story, flows)

    stored = _stored(db, story.id)
    assert (stored.body, stored.status, stored.published_at, stored.slug) == (
        "Draft text.\n",
        "draft",
        None,
        "draft-headline",
    )
    with db.reading() as session:
        note = revisions.list_revisions(session, story.id)[0].note
    assert note == "restored text and publishing of version 1"


def test_cancelling_a_restore_changes_nothing_and_keeps_the_history_open(
    flows, qtbot, make_window, add_story, db, asker
):  # type: ignore[no-untyped-def]
    story = _published_after_a_draft(add_story, db)
    window = make_window()
    asker.restore_answers = ["cancel"]

    _restore_first(qtbot, window, story, flows)

    assert _stored(db, story.id) == story
    assert window.history_dialog.isVisible()
    assert window.editor.body.toPlainText() == "Final text.\n"
    window.history_dialog.reject()


def test_restore_dialog_offers_the_publishing_only_when_it_differs(qtbot):  # type: ignore[no-untyped-def]
    from newsroom.ui.dialogs import RestoreDialog

    plain = RestoreDialog(4, [])
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.publishing.isVisible()
    plain.restore_button.click()
    assert plain.choice() == "text"

    differs = RestoreDialog(4, ["Status: draft (now published)"])
    qtbot.addWidget(differs)
    differs.show()
    assert differs.publishing.isVisible() and not differs.publishing.isChecked()
    assert "Status: draft (now published)" in differs.publishing_details.text()
    differs.publishing.setChecked(True)
    differs.restore_button.click()
    assert differs.choice() == "all"

    cancelled = RestoreDialog(4, ["Status: draft (now published)"])
    qtbot.addWidget(cancelled)
    cancelled.show()
    cancelled.publishing.setChecked(True)
    cancelled.reject()
    assert cancelled.choice() == "cancel"


def test_settings_dialog_shows_errors_beside_fields(qtbot, make_window, db):  # type: ignore[no-untyped-def]
    window = make_window()
    window.show_settings()
    dialog = window.settings_dialog
    dialog.time_zone.setText("Mars/Olympus")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.errors["time_zone"].isVisibleTo(dialog))
    assert dialog.isVisible()
    assert "unknown time zone" in dialog.errors["time_zone"].text()
    with db.reading() as session:
        assert site_settings.load(session).time_zone == "UTC"
    dialog.time_zone.setText("Europe/Paris")
    dialog.site_name.setText("Le Courrier")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with db.reading() as session:
        assert site_settings.load(session).site_name == "Le Courrier"
    assert "Le Courrier" in window.windowTitle()


def test_being_edited_by_banner(flows, qtbot, make_window, db_path, add_story) -> None:  # type: ignore[no-untyped-def]
    _story, first, second = _two_windows(make_window, db_path, add_story, flows)
    assert not first.lease_banner.isVisibleTo(first)
    assert second.lease_banner.isVisibleTo(second)
    assert "Being edited by" in second.lease_banner.text()
    first.new_story()  # the first window lets go of the story
    flows.idle(first)
    second.renew_lease()
    flows.idle(second)
    assert not second.lease_banner.isVisibleTo(second)


def test_no_banner_about_my_own_crashed_session(flows, qtbot, make_window, add_story, db) -> None:  # type: ignore[no-untyped-def]
    """The window crashed with the story open and is started again at once: its old
    lease (this host, a process that is gone) is taken over, not shown as someone else."""
    story = add_story("Open when it crashed")
    crashed = subprocess.Popen([sys.executable, "-c", "pass"])
    crashed.wait(timeout=60)
    with db.transaction() as session:
        leases.acquire(session, story.id, "me", "crashed-window", pid=crashed.pid)

    window = make_window()
    assert flows.open(window, story.id)
    flows.idle(window)

    assert not window.lease_banner.isVisibleTo(window)
    with db.reading() as session:
        holder = leases.holders(session, [story.id])[story.id]
    assert holder.client_id == window.session.lease.client_id
