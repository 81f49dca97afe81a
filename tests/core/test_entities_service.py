"""The entity manager's service: edit, aliases, merge, delete, search, tags."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newsroom.core.entities import (
    add_alias,
    article_tags,
    create_entity,
    delete_entity,
    load_entity,
    merge_entities,
    remove_alias,
    search_entities,
    tag_article,
    untag_article,
    update_entity,
    usage_count,
)
from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.models import ArticleEntity, TagSource


def create(db, kind: str, name: str, **kwargs):
    with db.transaction() as session:
        return create_entity(session, kind, name, **kwargs)


def tags_of(db, article_id: int) -> list[tuple[str, str]]:
    with db.reading() as session:
        return [(t.name, t.source) for t in article_tags(session, article_id)]


def test_rename_and_change_kind_and_description(db):
    """The slug follows the rename (see tests/core/test_entity_slugs.py for the old one)."""
    un = create(db, "organisation", "United Nation", aliases=["UN"])
    with db.transaction() as session:
        changed = update_entity(
            session,
            un.id,
            name=" United  Nations ",
            description="The world body.",
            kind="organisation",
        )
    assert (changed.name, changed.slug, changed.description) == (
        "United Nations",
        "united-nations",
        "The world body.",
    )
    assert changed.aliases == ("UN",)
    with db.transaction() as session:
        assert update_entity(session, un.id, slug="the-un").slug == "the-un"


def test_a_rename_onto_another_entity_of_the_same_kind_is_refused(db):
    create(db, "person", "Amira al-Hassan")
    other = create(db, "person", "Amira Hassan")
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        update_entity(session, other.id, name="AMIRA AL-HASSAN")
    assert caught.value.field == "name"
    assert "already a person called" in caught.value.message
    with db.transaction() as session:  # a change of case of its own name is fine
        assert update_entity(session, other.id, name="amira hassan").name == "amira hassan"
        assert (
            update_entity(session, other.id, kind="place", name="Amira al-Hassan").kind == "place"
        )


def test_replacing_aliases_checks_every_owner_before_writing(db):
    create(db, "organisation", "United Nations", aliases=["UN"])
    who = create(db, "organisation", "World Health Organization", aliases=["W.H.O."])
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        update_entity(session, who.id, aliases=["WHO", "un"], description="changed")
    assert caught.value.field == "alias"
    assert "'United Nations'" in caught.value.message
    with db.reading() as session:
        unchanged = load_entity(session, who.id)
    assert (unchanged.aliases, unchanged.description) == (("W.H.O.",), "")
    with db.transaction() as session:
        assert update_entity(session, who.id, aliases=["WHO", "who", "OMS"]).aliases == (
            "WHO",
            "OMS",
        )


def test_remove_alias(db):
    un = create(db, "organisation", "United Nations", aliases=["UN", "U.N."])
    with db.transaction() as session:
        remove_alias(session, un.id, "u.n.")
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        remove_alias(session, un.id, "ONU")
    assert "has no alias 'ONU'" in caught.value.message
    with db.reading() as session:
        assert load_entity(session, un.id).aliases == ("UN",)


def test_merge_keeps_every_tag_once_and_every_alias(db, add_story):
    real = create(db, "person", "Amira al-Hassan", aliases=["al-Hassan"])
    dup = create(db, "person", "Amira Hassan", aliases=["A. Hassan", "Amira al-Hassan"])
    both = add_story("Both tagged", entity_ids=(dup.id, real.id))
    dup_only = add_story("Only the duplicate", entity_ids=(dup.id,))
    real_only = add_story("Only the real one", entity_ids=(real.id,))

    with db.transaction() as session:
        merged = merge_entities(session, dup.id, real.id)

    assert merged.id == real.id
    assert set(merged.aliases) == {"al-Hassan", "A. Hassan", "Amira Hassan"}
    for story in (both, dup_only, real_only):
        assert tags_of(db, story.id) == [("Amira al-Hassan", "typed")]
    with db.reading() as session:
        assert usage_count(session, real.id) == 3
        with pytest.raises(ValidationError):
            load_entity(session, dup.id)


def test_merge_leaves_the_name_alone_when_another_entity_owns_it(db):
    keep = create(db, "organisation", "United Nations")
    create(db, "organisation", "Union Nationale", aliases=["UNO"])
    dup = create(db, "place", "UNO")
    with db.transaction() as session:
        assert merge_entities(session, dup.id, keep.id).aliases == ()


def test_merging_into_itself_is_refused(db):
    un = create(db, "organisation", "United Nations")
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        merge_entities(session, un.id, un.id)
    assert caught.value.field == "target"
    assert "into itself" in caught.value.message


def test_delete_reports_how_many_stories_it_touched(db, add_story):
    un = create(db, "organisation", "United Nations", aliases=["UN"])
    add_story("One", entity_ids=(un.id,))
    add_story("Two", entity_ids=(un.id,))
    with db.reading() as session:
        assert usage_count(session, un.id) == 2
    with db.transaction() as session:
        assert delete_entity(session, un.id) == 2
    with db.reading() as session:
        assert session.scalars(select(ArticleEntity)).all() == []
        assert search_entities(session) == []
    with db.transaction() as session:  # the alias went with it
        assert create_entity(session, "organisation", "Unesco", aliases=["UN"]).aliases == ("UN",)


def test_search_finds_names_and_aliases_best_first_with_story_counts(db, add_story):
    un = create(db, "organisation", "United Nations", aliases=["UN"])
    create(db, "organisation", "Union of Utilities")
    create(db, "place", "Tunis")
    create(db, "person", "Émile Zola")
    add_story("A story", entity_ids=(un.id,))
    with db.reading() as session:
        assert [e.name for e in search_entities(session, "un")] == [
            "Union of Utilities",
            "United Nations",
            "Tunis",
        ]
        (hit,) = search_entities(session, "NATIONS")
        assert (hit.story_count, hit.aliases, hit.slug) == (1, ("UN",), "united-nations")
        assert [e.name for e in search_entities(session, "émile")] == ["Émile Zola"]
        assert [e.name for e in search_entities(session, "u", kind="place")] == ["Tunis"]
        assert [e.name for e in search_entities(session, "", limit=2)] == [
            "Tunis",
            "Union of Utilities",
        ]
        assert search_entities(session, "100%_") == []


def test_tags_are_rows_of_their_own_and_do_not_bump_the_story(db, add_story, reload):
    un = create(db, "organisation", "United Nations")
    story = add_story("A story")
    with db.transaction() as session:
        assert tag_article(session, story.id, un.id, source=TagSource.SUGGESTION.value)
        assert not tag_article(session, story.id, un.id)
    assert tags_of(db, story.id) == [("United Nations", "suggestion")]
    assert reload(story.id).version == story.version
    with db.transaction() as session:
        assert untag_article(session, story.id, un.id)
        assert not untag_article(session, story.id, un.id)
        with pytest.raises(NotFoundError):
            tag_article(session, 999, un.id)


def test_adding_an_alias_to_a_missing_entity_is_refused(db):
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        add_alias(session, 42, "Ghost")
    assert caught.value.field == "entity"
