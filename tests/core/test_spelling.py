"""The newsroom dictionary, story choices, the speller and `spelling_problems`, on both
backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsroom.core import dictionary
from newsroom.core.entities import add_alias, create_entity
from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.speller import Speller, available_languages, dictionary_language
from newsroom.core.spelling_checks import spelling_problems

needs_en_gb = pytest.mark.skipif(
    "en_GB" not in available_languages(), reason="hunspell-en-gb is not installed"
)


def test_words_are_added_once_listed_and_removed(db) -> None:
    with db.transaction() as session:
        assert dictionary.add_word(session, "Mistura", added_by="ann") is True
        assert dictionary.add_word(session, "Mistura") is False
        assert dictionary.add_word(session, "jihadi’s-like") is True  # curly made straight
    with db.reading() as session:
        listed = dictionary.entries(session)
        assert [e.word for e in listed] == ["jihadi's-like", "Mistura"]
        assert listed[1].added_by == "ann"
    with db.transaction() as session:
        dictionary.remove_word(session, "Mistura")
        with pytest.raises(NotFoundError):
            dictionary.remove_word(session, "Mistura")
    with db.reading() as session:
        assert dictionary.words(session) == ["jihadi's-like"]


@pytest.mark.parametrize("bad", ["", "  ", "two words", "-dash", "x\x07y", "a" * 201])
def test_what_is_not_one_word_is_refused(db, bad: str) -> None:
    with db.transaction() as session, pytest.raises(ValidationError):
        dictionary.add_word(session, bad)


def test_a_word_another_editor_added_meanwhile_is_no_error(db, second_db) -> None:
    with db.transaction() as one:
        assert dictionary.add_word(one, "Staffan") is True
    with second_db.transaction() as two:
        assert dictionary.add_word(two, "Staffan") is False
        assert dictionary.words(two) == ["Staffan"]


def test_a_story_keeps_its_language_and_ignored_words(db, add_story) -> None:
    story = add_story("Talks")
    with db.reading() as session:
        assert dictionary.story_choices(session, story.id) == dictionary.StoryChoices()
    with db.transaction() as session:
        dictionary.ignore_words(session, story.id, ["Wrng"])
        dictionary.ignore_words(session, story.id, ["Othr", "Wrng"])
        dictionary.set_language(session, story.id, "en_US")
    with db.reading() as session:
        choices = dictionary.story_choices(session, story.id)
        assert choices == dictionary.StoryChoices("en_US", frozenset({"Wrng", "Othr"}))
        assert dictionary.choices_of(session, [story.id, 999]) == {story.id: choices}
    with db.transaction() as session:
        assert dictionary.set_language(session, story.id, None).language is None
        with pytest.raises(ValidationError):
            dictionary.set_language(session, story.id, "en GB; drop")
        with pytest.raises(NotFoundError):
            dictionary.ignore_words(session, 999, ["x"])


@needs_en_gb
def test_names_and_aliases_count_as_correct_and_close_ones_come_first(db) -> None:
    with db.transaction() as session:
        envoy = create_entity(session, "person", "Staffan de Mistura")
        create_entity(session, "organisation", "SANA")
        add_alias(session, envoy.id, "Ja’afari")
        dictionary.add_word(session, "hawala")
    with db.reading() as session:
        speller = Speller("en_GB", dictionary.words(session), dictionary.known_names(session))
    for word in ("Mistura", "SANA", "Ja'afari", "Ja’afari", "de", "Mistura's", "hawala", "Hawala"):
        assert speller.correct(word), word
    assert not speller.correct("mistura")  # a name asks for its capital
    assert not speller.correct("Mistrua")
    assert speller.suggest("Mistrua")[0] == "Mistura"
    assert speller.suggest("mistura")[0] == "Mistura"
    assert speller.suggest("teh")[0] == "the"
    assert speller.correct("colour") and not speller.correct("color")
    assert speller.correct("well-known")
    assert [w.text for w in speller.misspelt("Teh envoy Mistrua met SANA.")] == [
        "Teh",
        "Mistrua",
    ]


def test_without_a_dictionary_it_says_so_and_flags_nothing_but_knows_names() -> None:
    speller = Speller("xx_YY", ["Mistura"], [])
    assert speller.language is None
    assert speller.missing is not None and "xx_YY" in speller.missing
    assert speller.correct("anythng")
    assert speller.suggest("Mistrua") == ["Mistura"]


@needs_en_gb
def test_a_locale_finds_the_dictionary_of_its_language() -> None:
    assert dictionary_language("en_GB") == "en_GB"
    assert dictionary_language("en-gb") == "en_GB"
    assert dictionary_language("en_AU") is not None
    assert dictionary_language("xx") is None


@needs_en_gb
def test_spelling_problems_cover_the_stories_still_to_publish(db, add_story) -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    draft = add_story("Envoy arives", standfirst="A standfrist.", body="Teh talks. Teh end.")
    add_story("Old nwes", status="published", published_at=datetime(2026, 1, 1, tzinfo=UTC))
    add_story("Spiked nwes", status="spiked")
    ignoring = add_story("Clean", body="The Wrng word is ignored here.")
    with db.transaction() as session:
        dictionary.ignore_words(session, ignoring.id, ["Wrng"])
    with db.reading() as session:
        found = spelling_problems(session, now)
    assert [(p.article_id, p.code) for p in found] == [(draft.id, "spelling")]
    words = [(m.word, m.field) for m in found[0].misspellings]
    assert words == [("arives", "headline"), ("standfrist", "standfirst"), ("Teh", "body")]
    assert found[0].misspellings[2].suggestion == "The"
    assert "3 misspelt words" in found[0].message


def test_a_story_in_a_language_without_a_dictionary_is_said_once(db, add_story) -> None:
    for headline in ("One", "Two"):
        story = add_story(headline, body="Wrng wrds")
        with db.transaction() as session:
            dictionary.set_language(session, story.id, "xx_YY")
    said: list[str] = []
    with db.reading() as session:
        assert spelling_problems(session, say=said.append) == []
    assert len(said) == 1 and "xx_YY" in said[0]


def test_the_migration_creates_the_tables_as_the_models_have_them(db) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from newsroom.core.models import metadata

    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    mine = [d for d in diffs if "dictionary_words" in repr(d) or "story_spelling" in repr(d)]
    assert mine == []
