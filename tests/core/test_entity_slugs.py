"""An entity's page address follows its name, and the addresses it leaves are kept for
redirects: rename, slugs set by hand, take-over by another entity, merge, delete."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newsroom.core.entities import (
    create_entity,
    delete_entity,
    load_entity,
    merge_entities,
    update_entity,
)
from newsroom.core.entity_slugs import follows_name, old_slugs
from newsroom.core.errors import ValidationError
from newsroom.core.models import EntityOldSlug


def _create(db, kind: str, name: str):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return create_entity(session, kind, name)


def _update(db, entity_id: int, **changes):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return update_entity(session, entity_id, **changes)


def _old(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return old_slugs(session)


def test_a_rename_moves_the_page_and_keeps_the_old_address(db):
    assad = _create(db, "person", "Assad")

    renamed = _update(db, assad.id, name="Bashar al-Assad")

    assert renamed.slug == "bashar-al-assad"
    assert _old(db) == {"assad": assad.id}


def test_renames_keep_every_old_address_and_a_rename_back_takes_one_over(db):
    assad = _create(db, "person", "Assad")
    _update(db, assad.id, name="Bashar Assad")
    _update(db, assad.id, name="Bashar al-Assad")
    assert _old(db) == {"assad": assad.id, "bashar-assad": assad.id}

    back = _update(db, assad.id, name="Bashar Assad")

    assert back.slug == "bashar-assad"
    assert _old(db) == {"assad": assad.id, "bashar-al-assad": assad.id}


def test_a_numbered_slug_follows_the_name_too(db):
    _create(db, "person", "Georgia")
    place = _create(db, "place", "Georgia")
    assert place.slug == "georgia-2"

    assert _update(db, place.id, name="Georgia (country)").slug == "georgia-country"
    assert _old(db) == {"georgia-2": place.id}


def test_a_slug_set_by_hand_stays_through_a_rename(db):
    board = _create(db, "organisation", "Kessel Water Board")
    _update(db, board.id, slug="water-board")
    assert _old(db) == {"kessel-water-board": board.id}

    renamed = _update(db, board.id, name="Kessel Water Authority")

    assert renamed.slug == "water-board"
    assert _old(db) == {"kessel-water-board": board.id}


def test_changes_that_keep_the_name_keep_the_slug(db):
    un = _create(db, "organisation", "United Nations")

    same = _update(db, un.id, name="united nations", description="The world body.")

    assert same.slug == "united-nations"
    assert _old(db) == {}


def test_another_entity_given_an_old_slug_takes_it_over(db):
    assad = _create(db, "person", "Assad")
    _update(db, assad.id, name="Bashar al-Assad")

    newcomer = _create(db, "topic", "Assad")  # a new entity with that name
    assert newcomer.slug == "assad"
    assert _old(db) == {}

    hafez = _create(db, "person", "Hafez al-Assad")
    _update(db, newcomer.id, name="Assad family")  # "assad" is an old address again
    assert _old(db) == {"assad": newcomer.id}
    _update(db, hafez.id, slug="assad")  # ... until it is typed as a slug
    assert _old(db) == {"hafez-al-assad": hafez.id}
    with db.reading() as session:
        assert load_entity(session, hafez.id).slug == "assad"


def test_a_rename_onto_an_old_address_takes_it_over(db):
    un = _create(db, "organisation", "UN")
    _update(db, un.id, name="United Nations")
    other = _create(db, "organisation", "Union Nationale")

    assert _update(db, other.id, name="UN").slug == "un"
    assert _old(db) == {"union-nationale": other.id}


def test_a_merge_leads_the_source_addresses_to_the_target(db):
    real = _create(db, "person", "Bashar al-Assad")
    dup = _create(db, "person", "Assad")
    _update(db, dup.id, name="B. Assad")

    with db.transaction() as session:
        merge_entities(session, dup.id, real.id)

    assert _old(db) == {"assad": real.id, "b-assad": real.id}


def test_deleting_an_entity_drops_its_old_addresses(db):
    assad = _create(db, "person", "Assad")
    _update(db, assad.id, name="Bashar al-Assad")

    with db.transaction() as session:
        delete_entity(session, assad.id)

    with db.reading() as session:
        assert session.scalars(select(EntityOldSlug)).all() == []


def test_a_refused_update_keeps_every_address(db):
    _create(db, "person", "Bashar al-Assad")
    assad = _create(db, "person", "Assad")

    with pytest.raises(ValidationError):
        _update(db, assad.id, name="Bashar al-Assad")

    assert _old(db) == {}
    with db.reading() as session:
        assert load_entity(session, assad.id).slug == "assad"


@pytest.mark.parametrize(
    ("slug", "name", "follows"),
    [
        ("assad", "Assad", True),
        ("assad-3", "Assad", True),
        ("assad-family", "Assad", False),
        ("water-board", "Kessel Water Board", False),
        ("person", "🙂", True),  # nothing sluggable: the kind stands in
    ],
)
def test_follows_name(slug: str, name: str, follows: bool) -> None:
    assert follows_name(slug, name, "person") is follows


def test_an_entity_created_with_a_slug_of_its_own_leaves_no_old_address(db):
    """An import gives the slug its files name: the entity never had another page."""
    with db.transaction() as session:
        board = create_entity(session, "organisation", "Kessel Water Board", slug="water-board")

    assert board.slug == "water-board"
    assert _old(db) == {}


def test_creating_with_another_entitys_slug_is_refused(db):
    _create(db, "person", "Assad")

    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        create_entity(session, "topic", "Assad family", slug="assad")

    assert caught.value.field == "slug"


def test_keep_old_records_an_imported_redirect_only_where_it_is_free(db):
    from newsroom.core.entity_slugs import keep_old

    board = _create(db, "organisation", "Water Board")
    other = _create(db, "organisation", "Harbour Board")
    with db.transaction() as session:
        assert keep_old(session, "kessel-water-board", "water-board")
        assert not keep_old(session, "kessel-water-board", "water-board")  # already kept
        assert not keep_old(session, "harbour-board", "water-board")  # a current slug
        assert not keep_old(session, "old-name", "no-such-entity")

    assert _old(db) == {"kessel-water-board": board.id}
    assert other.slug == "harbour-board"
