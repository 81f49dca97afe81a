"""Story history: one revision per save, newest first, loadable and restorable."""

from __future__ import annotations

import pytest

from newsroom.core.errors import ConflictError
from newsroom.core.revisions import list_revisions, load_revision, restore_revision


@pytest.fixture
def history(add_story, edit_story):
    """A story saved three times by different people; returns the latest record."""
    story = add_story("First headline", body="First draft.", author="ana")
    story = edit_story(story, body="Second draft.", author="ben", note="tightened")
    return edit_story(story, headline="Final headline", body="Final text.", author="cy")


def revisions(db, article_id):
    with db.reading() as session:
        return list_revisions(session, article_id)


def test_each_save_writes_a_revision_listed_newest_first(db, history):
    listed = revisions(db, history.id)

    assert [(r.version, r.saved_by) for r in listed] == [(3, "cy"), (2, "ben"), (1, "ana")]
    assert [r.headline for r in listed] == ["Final headline", "First headline", "First headline"]
    assert listed[1].note == "tightened"
    assert listed[-1].note == "created"


def test_an_old_revision_holds_the_old_content(db, history):
    oldest = revisions(db, history.id)[-1]

    with db.reading() as session:
        old = load_revision(session, oldest.id)

    assert old.info.version == 1
    assert (old.content.headline, old.content.body) == ("First headline", "First draft.\n")
    assert old.content.slug == history.slug


def test_restoring_saves_the_old_text_as_a_new_version(db, history, reload):
    oldest = revisions(db, history.id)[-1]

    with db.transaction() as session:
        restored = restore_revision(session, oldest.id, expected_version=3, author="dee")

    assert restored.version == 4
    now = reload(history.id)
    assert (now.headline, now.body) == ("First headline", "First draft.\n")
    listed = revisions(db, history.id)
    assert [r.version for r in listed] == [4, 3, 2, 1]
    assert listed[0].saved_by == "dee"
    assert "restored" in listed[0].note and "1" in listed[0].note


def test_restoring_over_a_newer_save_is_a_conflict(db, history, reload):
    oldest = revisions(db, history.id)[-1]

    with pytest.raises(ConflictError) as caught, db.transaction() as session:
        restore_revision(session, oldest.id, expected_version=2)

    assert caught.value.theirs_version == 3
    assert reload(history.id) == history
    assert len(revisions(db, history.id)) == 3
