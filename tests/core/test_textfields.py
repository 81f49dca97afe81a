"""Control characters: refused by every service that stores text, naming the field;
tabs and line ends kept where a field has several lines, folded where it has one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom.core import sections
from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput, clean_input, count_articles, create_article
from newsroom.core.entities import add_alias, create_entity, search_entities, update_entity
from newsroom.core.errors import ValidationError
from newsroom.core.textfields import one_line
from newsroom.text.controls import find_control, for_terminal

HOSTILE = ["\x01", "\x1b[2J", "\x00", "\x7f", "\x9b31m", "\x0c", "\udcff"]


@pytest.mark.parametrize("bad", HOSTILE, ids=repr)
@pytest.mark.parametrize("field", ["headline", "standfirst", "body", "byline", "dateline"], ids=str)
def test_a_story_field_with_a_control_character_is_refused_unstored(db, field, bad):
    fields = {"headline": "Talks resume", field: f"Talks{bad} resume"}
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        create_article(session, ArticleInput(**fields))
    assert caught.value.field == field
    assert f"the {field} holds " in caught.value.message
    assert "at character 6" in caught.value.message
    with db.reading() as session:
        assert count_articles(session) == 0


def test_tabs_and_line_ends_stay_in_fields_of_several_lines_and_fold_in_one_line():
    clean = clean_input(
        ArticleInput(
            headline="Talks\tresume\r\nin Geneva",
            byline="Amira\nal-Hassan",
            dateline="GENEVA\t",
            standfirst="First line\r\nsecond\tline",
            body="Para one.\r\n\r\n\tIndented.\n",
        )
    )
    assert clean.headline == "Talks resume in Geneva"
    assert (clean.byline, clean.dateline) == ("Amira al-Hassan", "GENEVA")
    assert clean.standfirst == "First line\r\nsecond\tline"
    assert clean.body == "Para one.\r\n\r\n\tIndented.\n"


@pytest.mark.parametrize("bad", HOSTILE, ids=repr)
def test_entity_names_aliases_and_descriptions_refuse_control_characters(db, bad):
    with db.transaction() as session:
        keep = create_entity(session, "place", "Geneva")
    for call, field in [
        (lambda s: create_entity(s, "person", f"Amira{bad}"), "name"),
        (lambda s: create_entity(s, "person", "Amira", aliases=[f"A{bad}"]), "alias"),
        (lambda s: create_entity(s, "person", "Amira", description=f"x{bad}"), "description"),
        (lambda s: add_alias(s, keep.id, f"Genf{bad}"), "alias"),
        (lambda s: update_entity(s, keep.id, name=f"Gen{bad}eva"), "name"),
        (lambda s: update_entity(s, keep.id, description=f"{bad}"), "description"),
    ]:
        with pytest.raises(ValidationError) as caught, db.transaction() as session:
            call(session)
        assert caught.value.field == field
    with db.reading() as session:
        assert [(e.name, e.aliases) for e in search_entities(session)] == [("Geneva", ())]


def test_a_section_name_or_a_setting_with_a_control_character_is_refused(db):
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        sections.create_section(session, "World\x1b]0;owned\x07")
    assert caught.value.field == "name"
    for changes, field in [
        ({"site_name": "Daily\x01Planet"}, "site_name"),
        ({"locale": "en\x00_GB"}, "locale"),
        ({"time_zone": "Europe/Paris\x00"}, "time_zone"),
    ]:
        with pytest.raises(ValidationError) as caught, db.transaction() as session:
            site_settings.save(session, site_settings.SiteSettings(**changes))
        assert caught.value.field == field
    with db.reading() as session:
        assert sections.list_sections(session) == []
        assert site_settings.load(session) == site_settings.SiteSettings()


@given(st.text())
def test_what_one_line_accepts_holds_no_control_and_prints_unchanged(text):
    try:
        value = one_line(text, "headline", "headline")
    except ValidationError:
        assert find_control(text) is not None
        return
    assert find_control(value) is None
    assert "\n" not in value and "\t" not in value and "\r" not in value
    assert for_terminal(value) == value


@given(st.text())
def test_for_terminal_leaves_nothing_a_terminal_acts_on_but_line_feed_and_tab(text):
    shown = for_terminal(text)
    assert not any(
        (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) < 0xE000
        for c in shown
    )
    shown.encode("utf-8")  # printable on a UTF-8 terminal whatever the input
