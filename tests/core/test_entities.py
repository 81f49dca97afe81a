"""Entities and aliases: unique names per kind, aliases owned by one entity only."""

from __future__ import annotations

import pytest

from newsroom.core.entities import add_alias, create_entity, list_entities, load_entity, normalise
from newsroom.core.errors import ValidationError


def create(db, kind: str, name: str, **kwargs):
    with db.transaction() as session:
        return create_entity(session, kind, name, **kwargs)


def names(db) -> list[tuple[str, str]]:
    with db.reading() as session:
        return [(kind, name) for _, kind, name, _ in list_entities(session)]


def test_an_entity_is_created_with_its_aliases(db):
    un = create(
        db, "organisation", "  United   Nations ", aliases=["UN", "U.N."], description=" Body. "
    )

    assert (un.kind, un.name, un.slug, un.description) == (
        "organisation",
        "United Nations",
        "united-nations",
        "Body.",
    )
    assert un.aliases == ("UN", "U.N.")
    with db.reading() as session:
        assert load_entity(session, un.id) == un


@pytest.mark.parametrize("again", ["United Nations", "united nations", "UNITED  NATIONS"])
def test_a_duplicate_name_of_the_same_kind_is_refused(db, again):
    create(db, "organisation", "United Nations")

    with pytest.raises(ValidationError) as caught:
        create(db, "organisation", again)

    assert caught.value.field == "name"
    assert names(db) == [("organisation", "United Nations")]


def test_a_duplicate_non_ascii_name_differing_only_in_case_is_refused(db):
    create(db, "person", "Émile Zola")

    with pytest.raises(ValidationError):
        create(db, "person", "émile zola")


def test_the_same_name_of_a_different_kind_is_allowed(db):
    person = create(db, "person", "Georgia")
    place = create(db, "place", "Georgia")

    assert person.id != place.id
    assert person.slug != place.slug
    assert sorted(names(db)) == [("person", "Georgia"), ("place", "Georgia")]


@pytest.mark.parametrize("alias", ["UN", "un", " Un "])
def test_an_alias_owned_by_another_entity_is_refused_naming_the_owner(db, alias):
    create(db, "organisation", "United Nations", aliases=["UN"])

    with pytest.raises(ValidationError) as caught:
        create(db, "organisation", "Union Nationale", aliases=[alias])

    assert caught.value.field == "alias"
    assert "United Nations" in caught.value.message
    assert names(db) == [("organisation", "United Nations")]


def test_adding_an_alias_to_an_existing_entity_checks_ownership(db):
    un = create(db, "organisation", "United Nations", aliases=["UN"])
    who = create(db, "organisation", "World Health Organization")

    with db.transaction() as session:
        add_alias(session, who.id, "WHO")
        add_alias(session, un.id, "un")  # its own alias again: nothing to do
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        add_alias(session, who.id, "Un")

    assert "United Nations" in str(caught.value)
    with db.reading() as session:
        assert load_entity(session, who.id).aliases == ("WHO",)
        assert load_entity(session, un.id).aliases == ("UN",)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Women\u2019s Rights", "women's rights"),
        ("\u2018Ndrangheta", "'ndrangheta"),
        ("  The   BBC ", "the bbc"),
        ("STRASSE", "straße"),
    ],
)
def test_normalise_folds_case_apostrophes_and_spaces(a, b):
    assert normalise(a) == normalise(b)


def test_normalise_keeps_different_names_apart():
    assert normalise("UN") != normalise("UNO")
    assert normalise("O'Neil") != normalise("ONeil")
