"""Story history: one revision per save, newest first, loadable and restorable."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsroom.core.articles import ArticleInput
from newsroom.core.entities import create_entity
from newsroom.core.errors import ConflictError
from newsroom.core.revisions import (
    current_view,
    list_revisions,
    load_revision,
    publishing_differences,
    restore_revision,
    revision_view,
)
from newsroom.core.sections import create_section

PUBLISHED_AT = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
EMBARGO = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


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


@pytest.fixture
def published(db, add_story, edit_story):
    """A draft (version 1), then published under a new slug with a new text (version 2)."""
    with db.transaction() as session:
        un = create_entity(session, "organisation", "United Nations").id
    story = add_story("Draft headline", body="Draft text.", entity_ids=(un,))
    return edit_story(
        story,
        headline="Final headline",
        body="Final text.",
        slug="final-headline",
        status="published",
        published_at=PUBLISHED_AT,
        embargo_until=EMBARGO,
    )


def restore_first(db, story, **options):
    first = revisions(db, story.id)[-1]
    with db.transaction() as session:
        return restore_revision(session, first.id, story.version, author="dee", **options)


def test_restoring_brings_back_the_text_and_keeps_status_dates_slug_and_tags(db, published):
    restored = restore_first(db, published)

    assert (restored.headline, restored.body) == ("Draft headline", "Draft text.\n")
    assert (restored.status, restored.published_at, restored.embargo_until, restored.slug) == (
        "published",
        PUBLISHED_AT,
        EMBARGO,
        "final-headline",
    )
    assert restored.entity_ids == published.entity_ids
    assert revisions(db, published.id)[0].note == "restored text of version 1"


def test_restoring_with_publishing_brings_back_status_dates_and_slug_too(db, published):
    restored = restore_first(db, published, publishing=True)

    assert (restored.headline, restored.body) == ("Draft headline", "Draft text.\n")
    assert (restored.status, restored.published_at, restored.embargo_until, restored.slug) == (
        "draft",
        None,
        None,
        "draft-headline",
    )
    assert restored.entity_ids == published.entity_ids
    assert revisions(db, published.id)[0].note == "restored text and publishing of version 1"


def test_publishing_differences_name_what_a_full_restore_would_change(db, published, reload):
    first, latest = revisions(db, published.id)[-1], revisions(db, published.id)[0]
    with db.reading() as session:
        old = load_revision(session, first.id).content
        same = load_revision(session, latest.id).content

    current = reload(published.id).as_input()
    assert publishing_differences(old, current) == (  # in the form's order
        "slug",
        "status",
        "published_at",
        "embargo_until",
    )
    assert publishing_differences(same, current) == ()


def test_each_revision_records_its_tags_by_name(db, add_story, edit_story):
    """What History compares: the tags as they were at each save (by name, as the
    reader knows them), and the section by name."""
    with db.transaction() as session:
        envoy = create_entity(session, "person", "Amira al-Hassan").id
        geneva = create_entity(session, "place", "Geneva").id
        vienna = create_entity(session, "place", "Vienna").id
        world = create_section(session, "World").id
    story = add_story("Talks open", body="Envoys met.", entity_ids=(envoy, vienna))
    story = edit_story(story, body="Envoys met again.")  # tags untouched: still recorded
    story = edit_story(story, entity_ids=(geneva, envoy), section_id=world)
    listed = revisions(db, story.id)
    with db.reading() as session:
        views = [revision_view(session, r.id) for r in listed]
        now = current_view(session, ArticleInput(headline="Talks", entity_ids=(vienna,)))
        untagged = current_view(session, ArticleInput(headline="Talks"))
    assert [v.tags for v in views] == [
        ("Geneva", "Amira al-Hassan"),
        ("Amira al-Hassan", "Vienna"),
        ("Amira al-Hassan", "Vienna"),
    ]
    assert [v.section for v in views] == ["World", "", ""]
    assert (now.tags, now.section) == (("Vienna",), "")
    assert untagged.tags == ()


def test_the_lead_image_is_saved_with_the_story_and_restored_from_a_revision(db):
    from media_files import picture

    from newsroom.core import media
    from newsroom.core.articles import create_article, load_article, update_article

    with db.transaction() as session:
        first, _ = media.add_image(session, picture(seed=1), alt="Envoys at a table")
        second, _ = media.add_image(session, picture(seed=2))
        story = create_article(session, ArticleInput(headline="Talks", lead_image_id=first.id))
        story = update_article(
            session, story.id, story.version, replace(story.as_input(), lead_image_id=second.id)
        )
    with db.reading() as session:
        assert load_article(session, story.id).lead_image_id == second.id
        assert media.lead_image_of(session, story.id) == second.id
        oldest, newest = sorted(list_revisions(session, story.id), key=lambda r: r.version)
        assert load_revision(session, oldest.id).content.lead_image_id == first.id
        assert load_revision(session, newest.id).content.lead_image_id == second.id
        shown = revision_view(session, oldest.id).lead_image
        assert shown == f"image {first.id}: Envoys at a table"
    with db.transaction() as session:
        restored = restore_revision(session, oldest.id, story.version)
    assert restored.lead_image_id == first.id
    with db.reading() as session:
        assert media.lead_image_of(session, story.id) == first.id
        assert [u.how for u in media.uses(session, second.id)] == []


def test_a_revision_whose_lead_image_left_the_library_restores_without_one(db):
    from media_files import picture

    from newsroom.core import media
    from newsroom.core.articles import create_article, load_article, update_article

    with db.transaction() as session:
        gone, _ = media.add_image(session, picture(seed=3))
        story = create_article(session, ArticleInput(headline="Storm", lead_image_id=gone.id))
        story = update_article(
            session, story.id, story.version, ArticleInput(headline="Storm", body="Wind.")
        )
        media.delete_image(session, gone.id)  # no story uses it now; its revision may
    with db.reading() as session:
        first = min(list_revisions(session, story.id), key=lambda r: r.version)
        assert "no longer in the library" in revision_view(session, first.id).lead_image
    with db.transaction() as session:
        restored = restore_revision(session, first.id, story.version)
    assert restored.lead_image_id is None and restored.body == ""
    with db.reading() as session:
        assert load_article(session, story.id).lead_image_id is None
        note = max(list_revisions(session, story.id), key=lambda r: r.version).note
    assert f"without its lead image {gone.id}" in note
