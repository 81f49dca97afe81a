"""Suggestions for a story: known and new, tagged and dismissed ones left out, accept,
and a cached matcher that follows every change to the entity list."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from newsroom.core.entities import (
    article_tags,
    create_entity,
    delete_entity,
    merge_entities,
    update_entity,
)
from newsroom.core.errors import NotFoundError
from newsroom.core.models import Entity
from newsroom.core.suggestions import accept, dismiss, dismissed, restore, suggest

TEXT = (
    "GENEVA \u2014 The UN envoy Amira al-Hassan met Foreign Minister Karim Nassar "
    "in Port Edris. Nassar said the United Nations Security Council would meet."
)


@pytest.fixture
def known(db):
    with db.transaction() as session:
        return {
            "un": create_entity(session, "organisation", "United Nations", aliases=["UN"]).id,
            "unsc": create_entity(session, "organisation", "United Nations Security Council").id,
            "hassan": create_entity(session, "person", "Amira al-Hassan").id,
            "geneva": create_entity(session, "place", "Geneva").id,
        }


def suggested(db, text: str = TEXT, article_id: int | None = None) -> list[tuple]:
    with db.reading() as session:
        found = suggest(session, text, article_id=article_id)
    for s in found:
        assert text[s.start : s.end] == s.text
    return [(s.text, s.kind, s.slug, s.name) for s in found]


def test_known_entities_and_new_candidates_in_text_order(db, known):
    assert suggested(db) == [
        ("GENEVA", "place", "geneva", "Geneva"),
        ("UN", "organisation", "united-nations", "United Nations"),
        ("Amira al-Hassan", "person", "amira-al-hassan", "Amira al-Hassan"),
        ("Karim Nassar", "person", None, "Karim Nassar"),
        ("Port Edris", "place", None, "Port Edris"),
        ("Nassar", "person", None, "Karim Nassar"),
        (
            "United Nations Security Council",
            "organisation",
            "united-nations-security-council",
            "United Nations Security Council",
        ),
    ]


def test_a_surname_after_a_known_full_name_is_that_entity(db, known):
    text = "Amira al-Hassan arrived. Hassan said little. Al-Hassan left. Amira smiled."
    assert [(s[0], s[2]) for s in suggested(db, text)] == [
        ("Amira al-Hassan", "amira-al-hassan"),
        ("Hassan", "amira-al-hassan"),
        ("Al-Hassan", "amira-al-hassan"),
    ]


def test_tagged_entities_and_dismissed_suggestions_are_left_out_for_that_story(
    db, known, add_story
):
    story = add_story("Talks", entity_ids=(known["un"],))
    other = add_story("Other talks")
    with db.transaction() as session:
        assert dismiss(session, story.id, "Nassar") == "nassar"  # one mention's text...
        dismiss(session, story.id, "amira al-hassan")
    names = [s[3] for s in suggested(db, article_id=story.id)]
    assert names == ["Geneva", "Port Edris", "United Nations Security Council"]
    assert len(suggested(db, article_id=other.id)) == len(suggested(db))  # per story
    with db.transaction() as session:
        restore(session, story.id, "Amira al-Hassan")
        assert dismissed(session, story.id) == ["nassar"]
    assert "Amira al-Hassan" in [s[3] for s in suggested(db, article_id=story.id)]


def test_dismissing_a_suggestion_dismisses_every_mention_of_it(db, known, add_story):
    story = add_story("Talks")
    with db.transaction() as session:
        un = next(s for s in suggest(session, "The UN and the United Nations.") if s.slug)
        dismiss(session, story.id, un)
    assert suggested(db, "The UN and the United Nations.", article_id=story.id) == []


def test_accept_creates_a_new_entity_and_tags_without_bumping_the_story(
    db, known, add_story, reload
):
    story = add_story("Talks")
    with db.transaction() as session:
        nassar = next(s for s in suggest(session, TEXT) if s.text == "Nassar")
        entity_id = accept(session, story.id, nassar)
        again = accept(session, story.id, nassar)  # same name: the same entity
        hassan = next(s for s in suggest(session, TEXT) if s.slug == "amira-al-hassan")
        accept(session, story.id, hassan)
    assert again == entity_id
    with db.reading() as session:
        tags = [(t.name, t.kind, t.source) for t in article_tags(session, story.id)]
    assert tags == [
        ("Karim Nassar", "person", "suggestion"),
        ("Amira al-Hassan", "person", "suggestion"),
    ]
    assert reload(story.id).version == story.version
    assert [s[3] for s in suggested(db, article_id=story.id)] == [
        "Geneva",
        "United Nations",
        "Port Edris",
        "United Nations Security Council",
    ]
    with pytest.raises(NotFoundError), db.transaction() as session:
        accept(session, 12345, nassar)


def test_the_cached_matcher_follows_renames_aliases_merges_and_deletes(db, known):
    assert suggested(db, "Port Edris")[0][2] is None
    with db.transaction() as session:
        port = create_entity(session, "place", "Port Edris", aliases=["Edris"]).id
    assert suggested(db, "Port Edris and Edris")[0][2] == "port-edris"
    with db.transaction() as session:
        update_entity(session, port, name="Port Edris City", aliases=["PEC"])
    assert [s[3] for s in suggested(db, "PEC and Port Edris City")] == ["Port Edris City"] * 2
    with db.transaction() as session:
        merge_entities(session, known["unsc"], known["un"])
        delete_entity(session, known["geneva"])
    found = suggested(db, "GENEVA \u2014 The United Nations Security Council met.")
    assert [(s[0], s[2]) for s in found] == [
        ("GENEVA", None),
        ("United Nations Security Council", "united-nations"),
    ]


def test_the_cached_matcher_notices_writes_that_bypass_the_service(db, known):
    assert [s[2] for s in suggested(db, "Valdenport is far.")] == [None]  # new, not known
    with db.transaction() as session:  # like `generate` or another program
        session.execute(
            insert(Entity), [{"kind": "place", "name": "Valdenport", "slug": "valdenport"}]
        )
    assert suggested(db, "Valdenport is far.")[0][2] == "valdenport"


def test_a_rolled_back_change_does_not_linger_in_the_cache(db, known):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), db.transaction() as session:
        update_entity(session, known["geneva"], name="Genf")
        assert suggest(session, "Genf")[0].slug == "genf"  # sees its own write (renamed)
        raise Boom
    found = suggested(db, "The talks were held in Genf and later in Geneva.")
    assert [s[2] for s in found] == [None, "geneva"]


# The real seed story's shape (issue 14): paragraphs about the Syria talks, and More-news
# lines whose hints are other stories' headlines.
SEED_BODY = (
    "GENEVA \u2014 UN envoy Staffan de Mistura opened a new round of talks on Monday.\n\n"
    "[[more-news:7e20e30e-7642-59f8-ad75-3a3f5342087d|Kamal Haasan to launch party]]\n\n"
    "De Mistura said the delegations would meet in Geneva.\n\n"
    "[[more-news:5b0c4b1e-0d3c-4a51-9f1a-2f6f0b7b9a10|Gayle, big players return as "
    "Windies name squad for India series]]\n"
)


def test_more_news_lines_are_not_the_storys_text(db, known):
    """Issue 14: suggestions offered "Kamal Haasan", "Gayle", "Windies" from the linked
    stories' headlines inside More-news lines."""
    found = suggested(db, SEED_BODY)
    names = {name for _text, _kind, _slug, name in found}
    assert "Geneva" in names and "Staffan de Mistura" in names
    assert not names & {"Kamal Haasan", "Gayle", "Windies", "India"}
    assert all(SEED_BODY[s.start : s.end] == s.text for s in _suggest(db, SEED_BODY))


def _suggest(db, text):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return suggest(session, text)


def test_accepting_a_new_candidate_takes_the_kind_the_editor_chose(db, known, add_story):
    story = add_story("Talks")
    with db.transaction() as session:
        port = next(s for s in suggest(session, TEXT) if s.name == "Port Edris")
        assert port.kind == "place"
        entity_id = accept(session, story.id, port, kind="organisation")
    with db.reading() as session:
        assert [(t.entity_id, t.kind) for t in article_tags(session, story.id)] == [
            (entity_id, "organisation")
        ]
