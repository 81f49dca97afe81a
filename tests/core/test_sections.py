"""The section services: create, rename, reorder, delete (with the stories' new home)."""

from __future__ import annotations

import pytest

from newsroom.core.errors import ConflictError, NotFoundError, ValidationError
from newsroom.core.revisions import list_revisions, load_revision
from newsroom.core.sections import (
    arrange_sections,
    create_section,
    delete_section,
    list_sections,
    move_section,
    rename_section,
    section_by_name,
    story_counts,
)


def make(db, *names: str) -> list[int]:
    with db.transaction() as session:
        return [create_section(session, name).id for name in names]


def shown(db) -> list[tuple[str, str, int]]:
    with db.reading() as session:
        return [(s.name, s.slug, s.position) for s in list_sections(session)]


def test_new_sections_go_to_the_end_with_a_slug_from_the_name(db):
    make(db, "World", "Politics", "Arts & Culture")
    assert shown(db) == [
        ("World", "world", 1),
        ("Politics", "politics", 2),
        ("Arts & Culture", "arts-culture", 3),
    ]


@pytest.mark.parametrize(
    ("name", "slug", "field", "says"),
    [
        ("", None, "name", "empty"),
        ("   ", None, "name", "empty"),
        ("x" * 201, None, "name", "longer than 200"),
        ("world", None, "name", "already a section called 'World'"),
        (" WORLD ", None, "name", "already a section"),
        ("Planet", "world", "slug", "already used"),
        ("Planet", "Not A Slug", "slug", "lowercase"),
        ("Tab\tin\x07it", None, "name", "U+0007 (bell)"),
    ],
)
def test_a_bad_or_taken_name_or_slug_is_refused_and_nothing_is_added(db, name, slug, field, says):
    make(db, "World")
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        create_section(session, name, slug)
    assert caught.value.field == field
    assert says in caught.value.message
    assert shown(db) == [("World", "world", 1)]


def test_a_name_is_one_line_and_two_names_with_the_same_slug_get_different_slugs(db):
    make(db, "Sport!")
    with db.transaction() as session:
        record = create_section(session, "  Sport\n ?")
    assert (record.name, record.slug) == ("Sport ?", "sport-2")


def test_rename_keeps_the_address_unless_asked(db):
    (world,) = make(db, "World")
    with db.transaction() as session:
        renamed = rename_section(session, world, "International")
    assert (renamed.name, renamed.slug) == ("International", "world")
    with db.transaction() as session:
        renamed = rename_section(session, world, "Foreign news", new_slug=True)
    assert (renamed.name, renamed.slug, renamed.position) == ("Foreign news", "foreign-news", 1)


def test_rename_to_its_own_name_in_another_case_keeps_its_slug_even_when_asked(db):
    (world,) = make(db, "world news")
    with db.transaction() as session:
        renamed = rename_section(session, world, "World News", new_slug=True)
    assert (renamed.name, renamed.slug) == ("World News", "world-news")


def test_a_new_slug_taken_by_another_section_gets_a_number(db):
    world, _ = make(db, "World", "Politics")
    with db.transaction() as session:
        renamed = rename_section(session, world, "Politics!", new_slug=True)
    assert renamed.slug == "politics-2"


def test_rename_to_a_name_another_section_has_is_refused(db):
    world, _ = make(db, "World", "Politics")
    for bad in ("politics", "", "A\x1bB"):
        with pytest.raises(ValidationError) as caught, db.transaction() as session:
            rename_section(session, world, bad, new_slug=True)
        assert caught.value.field == "name"
    assert shown(db) == [("World", "world", 1), ("Politics", "politics", 2)]


def test_a_section_deleted_meanwhile_is_a_clear_error(db):
    (world,) = make(db, "World")
    with db.transaction() as session:
        delete_section(session, world, move_to=None)
    for call in (
        lambda s: rename_section(s, world, "Other"),
        lambda s: move_section(s, world, 1),
        lambda s: delete_section(s, world, move_to=None),
    ):
        with pytest.raises(NotFoundError, match="no section"), db.transaction() as session:
            call(session)


def test_move_puts_a_section_at_a_position_and_keeps_the_others_in_order(db):
    world, _, _, arts = make(db, "World", "Politics", "Sport", "Arts")
    with db.transaction() as session:
        move_section(session, arts, 1)
    assert [n for n, _, _ in shown(db)] == ["Arts", "World", "Politics", "Sport"]
    with db.transaction() as session:
        order = move_section(session, arts, 4)
    assert [(s.name, s.position) for s in order] == [
        ("World", 1),
        ("Politics", 2),
        ("Sport", 3),
        ("Arts", 4),
    ]
    with db.transaction() as session:
        move_section(session, world, 2)
    assert shown(db) == [
        ("Politics", "politics", 1),
        ("World", "world", 2),
        ("Sport", "sport", 3),
        ("Arts", "arts", 4),
    ]


@pytest.mark.parametrize("position", [0, 3, -1])
def test_a_position_outside_the_list_is_refused(db, position):
    world, _ = make(db, "World", "Politics")
    with (
        pytest.raises(ValidationError, match="between 1 and 2") as caught,
        db.transaction() as session,
    ):
        move_section(session, world, position)
    assert caught.value.field == "position"
    assert [n for n, _, _ in shown(db)] == ["World", "Politics"]


def test_delete_moves_the_stories_to_another_section_as_a_new_version(db, add_story, reload):
    world, politics, _ = make(db, "World", "Politics", "Sport")
    a = add_story("Talks resume", section_id=world)
    b = add_story("Envoy arrives", section_id=world)
    c = add_story("Vote tonight", section_id=politics)
    with db.reading() as session:
        assert story_counts(session) == {world: 2, politics: 1}
    with db.transaction() as session:
        moved = delete_section(session, world, move_to=politics, author="ed")
    assert moved == 2
    assert shown(db) == [("Politics", "politics", 1), ("Sport", "sport", 2)]
    for story in (a, b):
        now = reload(story.id)
        assert (now.section_id, now.version) == (politics, story.version + 1)
        assert now.updated_at > story.updated_at
        with db.reading() as session:
            latest = list_revisions(session, story.id)[0]
            content = load_revision(session, latest.id).content
        assert (latest.version, latest.saved_by) == (now.version, "ed")
        assert latest.saved_at == now.updated_at
        assert latest.note == "section 'World' deleted; moved to 'Politics'"
        assert (content.section_id, content.headline, content.body) == (
            politics,
            now.headline,
            now.body,
        )
    assert reload(c.id).version == c.version  # a story of another section is left alone
    with db.reading() as session:
        assert story_counts(session) == {politics: 3}


def test_delete_can_leave_the_stories_without_a_section(db, add_story, reload):
    (world,) = make(db, "World")
    story = add_story("Talks resume", section_id=world)
    with db.transaction() as session:
        assert delete_section(session, world, move_to=None) == 1
    assert (reload(story.id).section_id, reload(story.id).version) == (None, story.version + 1)
    assert shown(db) == []


def test_the_revision_of_a_move_keeps_the_lead_image(db, add_story):
    from media_files import picture

    from newsroom.core.media import add_image

    (world,) = make(db, "World")
    with db.transaction() as session:
        lead = add_image(session, picture(seed=71))[0].id
    harbour = add_story("Harbour", section_id=world, lead_image_id=lead)
    plain = add_story("Plain", section_id=world)
    with db.transaction() as session:
        assert delete_section(session, world, move_to=None) == 2
    with db.reading() as session:
        for story_id, kept in ((harbour.id, lead), (plain.id, None)):
            newest = list_revisions(session, story_id)[0]
            assert "deleted" in newest.note
            assert load_revision(session, newest.id).content.lead_image_id == kept


def test_an_editor_holding_a_moved_story_gets_a_conflict_not_a_silent_overwrite(
    db, add_story, edit_story
):
    world, politics = make(db, "World", "Politics")
    story = add_story("Talks resume", section_id=world)
    with db.transaction() as session:
        delete_section(session, world, move_to=politics)
    with pytest.raises(ConflictError):
        edit_story(story, body="Late edit.")


def test_delete_refuses_a_missing_or_the_same_target_and_changes_nothing(db, add_story, reload):
    world, politics = make(db, "World", "Politics")
    story = add_story("Talks resume", section_id=world)
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        delete_section(session, world, move_to=world)
    assert caught.value.field == "move_to"
    with pytest.raises(NotFoundError), db.transaction() as session:
        delete_section(session, world, move_to=politics + 100)
    assert [n for n, _, _ in shown(db)] == ["World", "Politics"]
    assert reload(story.id) == story


def test_delete_numbers_the_sections_left_from_one(db):
    _, politics, _ = make(db, "World", "Politics", "Sport")
    with db.transaction() as session:
        delete_section(session, politics, move_to=None)
    assert shown(db) == [("World", "world", 1), ("Sport", "sport", 2)]
    with db.transaction() as session:
        assert create_section(session, "Arts").position == 3


def test_a_section_is_found_by_its_name_in_any_case_or_by_its_slug(db):
    make(db, "Arts & Culture")
    with db.reading() as session:
        for name in ("Arts & Culture", " arts  &  culture ", "arts-culture"):
            found = section_by_name(session, name)
            assert found is not None and found.name == "Arts & Culture"
        assert section_by_name(session, "Arts") is None


def test_arrange_orders_some_sections_among_their_own_places(db):
    _, politics, _, arts = make(db, "World", "Politics", "Sport", "Arts")
    with db.transaction() as session:
        arrange_sections(session, [arts, politics, arts, politics + 100])
    assert [n for n, _, _ in shown(db)] == ["World", "Arts", "Sport", "Politics"]
