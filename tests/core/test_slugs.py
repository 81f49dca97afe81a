"""Story slugs: made from the headline, unique, kept on re-save, hand-editable but checked."""

from __future__ import annotations

import re

import pytest

from newsroom.core.articles import ArticleInput, count_articles, create_article, find_by_slug
from newsroom.core.errors import ValidationError
from newsroom.core.slugs import slug_from, validate_slug

SLUG_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def is_usable(slug: str) -> bool:
    return bool(slug) and slug.isascii() and SLUG_FORM.match(slug) is not None


def test_slug_is_made_from_the_headline(add_story):
    assert add_story("Storm hits the coast!").slug == "storm-hits-the-coast"
    assert add_story("Zürich: the envoy's visit").slug == "zurich-the-envoys-visit"


@pytest.mark.parametrize(
    "headline",
    ["Army's advance", "Army\u2019s advance", "Army\u02bcs advance", "Army\u2018s advance"],
    ids=["straight", "curly", "modifier-letter", "left-curly"],
)
def test_an_apostrophe_vanishes_from_a_new_slug(add_story, headline):
    assert slug_from(headline) == "armys-advance"
    assert add_story(headline).slug == "armys-advance"


def test_new_section_and_entity_slugs_drop_apostrophes_too(db):
    from newsroom.core.entities import create_entity
    from newsroom.core.sections import create_section

    with db.transaction() as session:
        assert create_section(session, "Editor\u2019s picks").slug == "editors-picks"
        assert create_entity(session, "person", "Sinéad O'Connor").slug == "sinead-oconnor"


def test_a_story_keeps_the_slug_it_was_saved_with(add_story, edit_story, reload):
    """Slugs are addresses: one made by the older rule ("army-s") stays as it is."""
    old = add_story("Army's advance", slug="army-s-advance")

    edit_story(old, headline="Army's advance stalls", body="Later.", slug=None)

    assert reload(old.id).slug == "army-s-advance"


def test_colliding_headlines_get_numbered_slugs(add_story):
    slugs = [add_story("Storm hits the coast").slug for _ in range(3)]

    assert slugs == ["storm-hits-the-coast", "storm-hits-the-coast-2", "storm-hits-the-coast-3"]


def test_resaving_keeps_the_slug_even_when_the_headline_changes(add_story, edit_story, reload):
    story = add_story("Storm hits the coast")
    add_story("Storm hits the coast")  # takes the -2 slug

    edit_story(story, body="More detail.")
    renamed = edit_story(reload(story.id), headline="Storm batters the coast", slug=None)

    assert renamed.slug == "storm-hits-the-coast"
    assert reload(story.id).slug == "storm-hits-the-coast"


def test_a_hand_edited_slug_is_accepted(db, add_story, edit_story):
    story = add_story("Storm hits the coast")
    edit_story(story, slug="storm-special-2024")
    typed = add_story("Another story", slug="my-own-slug")

    with db.reading() as session:
        assert find_by_slug(session, "storm-special-2024").id == story.id
        assert find_by_slug(session, "my-own-slug").id == typed.id


def test_a_slug_typed_for_a_new_story_that_is_taken_is_refused(db, add_story):
    add_story("Storm hits the coast")

    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        create_article(session, ArticleInput(headline="Copycat", slug="storm-hits-the-coast"))

    assert caught.value.field == "slug"
    assert "Storm hits the coast" in caught.value.message
    with db.reading() as session:
        assert count_articles(session) == 1


def test_a_slug_typed_on_edit_that_is_taken_is_refused(add_story, edit_story, reload):
    add_story("Storm hits the coast")
    other = add_story("Quiet day")

    with pytest.raises(ValidationError) as caught:
        edit_story(other, slug="storm-hits-the-coast")

    assert caught.value.field == "slug"
    assert "Storm hits the coast" in str(caught.value)
    assert reload(other.id) == other


@pytest.mark.parametrize("bad", ["Bad Slug", "../etc", "a--b", "", "   ", "-lead", "trail-", "Ünï"])
def test_an_invalid_hand_slug_is_refused(db, bad):
    with pytest.raises(ValidationError) as caught:
        validate_slug(bad)
    assert caught.value.field == "slug"

    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        create_article(session, ArticleInput(headline="Fine headline", slug=bad))
    assert caught.value.field == "slug"
    with db.reading() as session:
        assert count_articles(session) == 0


@pytest.mark.parametrize(
    "headline",
    [
        "Путин встретился с Байденом",
        "مرحبا بالعالم",
        "Αθήνα σήμερα",
        "北京欢迎你",
    ],
    ids=["cyrillic", "arabic", "greek", "chinese"],
)
def test_non_latin_headlines_give_an_ascii_slug(add_story, headline):
    assert is_usable(slug_from(headline))
    assert is_usable(add_story(headline).slug)


@pytest.mark.parametrize("headline", ["🎉🎉🎉", "!!! ???", "… — …"])
def test_a_headline_with_nothing_sluggable_still_gets_a_usable_slug(db, add_story, headline):
    first, second = add_story(headline), add_story(headline)

    assert is_usable(first.slug) and is_usable(second.slug)
    assert first.slug != second.slug
    with db.reading() as session:
        assert find_by_slug(session, second.slug).id == second.id
