"""Candidate new entities: proper-noun phrases, their kinds, and what is left out."""

from __future__ import annotations

import pytest

from newsroom.text.candidates import find_candidates


def names(text: str, **kwargs) -> dict[str, str]:
    found = find_candidates(text, **kwargs)
    for c in found:
        assert text[c.start : c.end] == c.text
    return {c.name: c.kind for c in found}


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Talks were led by Foreign Minister Amira al-Hassan on Monday.",
            "Amira al-Hassan",
            "person",
        ),
        ("She met Pieter van der Berg in the city.", "Pieter van der Berg", "person"),
        ("The ship reached Port Edris at dawn.", "Port Edris", "place"),
        ("Crowds filled the Harbour Film Festival this week.", "Harbour Film Festival", "event"),
        (
            "A grant came from the Ministry of Water Resources yesterday.",
            "Ministry of Water Resources",
            "organisation",
        ),
        (
            "The fans of Castlebridge Athletic sang all through the match.",
            "Castlebridge Athletic",
            "organisation",
        ),
        ("Aid arrived in Valdenport by road.", "Valdenport", "place"),
        ("The mobile operator MTN said it agreed.", "MTN", "organisation"),
        (
            "Researchers at the Kyoto Institute for Earth Systems agreed.",
            "Kyoto Institute for Earth Systems",
            "organisation",
        ),
        ("He spoke at the Bay of Kel Summit.", "Bay of Kel Summit", "event"),
        ("The writer Sean O'Connor left early.", "Sean O'Connor", "person"),
        ("It was published by Marlowe & Finch last year.", "Marlowe & Finch", "organisation"),
        ("The riders rode the Tour de l'Avenir in July.", "Tour de l'Avenir", "event"),
    ],
)
def test_a_new_name_and_its_kind(text, name, kind):
    assert names(text).get(name) == kind, names(text)


def test_sentence_opening_common_words_are_not_names():
    found = names("The talks ended. After that, Officials left. However, Karim Nassar stayed.")
    assert found == {"Karim Nassar": "person"}


def test_titles_are_cut_off_and_kept_as_a_person_cue():
    found = names(
        "Deputy Foreign Minister Karim Nassar met the new President Lena Novak on a visit."
    )
    assert found == {"Karim Nassar": "person", "Lena Novak": "person"}


def test_a_lone_word_at_a_sentence_start_needs_other_evidence():
    assert names("Glaciers are melting fast, and glaciers matter.") == {}
    assert names("Rotterdam said no. Ships left Rotterdam.") == {"Rotterdam": "place"}


def test_a_later_surname_gets_the_full_name():
    text = "Omar Haddad arrived. Haddad said the deal was done."
    found = find_candidates(text)
    assert [(c.text, c.name, c.kind) for c in found] == [
        ("Omar Haddad", "Omar Haddad", "person"),
        ("Haddad", "Omar Haddad", "person"),
    ]


def test_a_later_first_word_of_an_organisation_gets_the_full_name():
    text = "Castlebridge Athletic were fined. Castlebridge apologised."
    assert [c.name for c in find_candidates(text)] == ["Castlebridge Athletic"] * 2


def test_dates_nationalities_and_headlines_are_not_names():
    text = (
        "Harbour Talks Resume In Port Edris After Long Pause\n\n"
        "French and Kenyan officials met on Tuesday in May."
    )
    assert names(text) == {}


def test_a_dateline_is_a_place():
    assert names("ADDIS ABABA \u2014 The talks began.") == {"Addis Ababa": "place"}


def test_short_quoted_titles_of_works_are_not_names():
    assert names('She read from "Date Palms in Snow" at the fair.') == {}


def test_known_spans_are_not_candidates_but_may_sit_inside_a_longer_name():
    text = "The UN envoy Amira al-Hassan met the Central Bank of Nigeria."
    un = (text.index("UN"), text.index("UN") + 2)
    nigeria = (text.index("Nigeria"), text.index("Nigeria") + 7)
    found = names(text, known=[un, nigeria])
    assert found == {"Amira al-Hassan": "person", "Central Bank of Nigeria": "organisation"}


def test_cyrillic_names_are_capitalised_arabic_ones_have_no_case_to_go_by():
    assert names("الأمم المتحدة в Москве") == {"Москве": "place"}
