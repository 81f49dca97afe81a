"""The evidence the gazetteer loads from data packages, and the rules that use it."""

from __future__ import annotations

from newsroom.text.candidates import find_candidates
from newsroom.text.gazetteer import gazetteer


def names(text: str) -> dict[str, str]:
    return {c.text: c.kind for c in find_candidates(text)}


def test_places_given_names_and_common_words_come_from_the_packages():
    g = gazetteer()
    assert g.is_place(("saudi", "arabia")) and g.is_place(("us",)) and g.is_place(("geneva",))
    assert g.is_place(("south", "korea")) and ("russia",) in g.countries
    assert not g.is_place(("bush",))  # a city of that name is no evidence: a common word
    assert g.is_given_name("staffan") and g.is_given_name("emmanuel")
    assert g.is_common("constitution") and g.is_common("officials") and g.is_common("agreed")
    assert not g.is_common("hezbollah") and not g.is_common("zarqawi")
    assert "brigadier" in g.titles
    assert g.is_nationality("cambodian") and g.is_nationality("honduran")
    assert not g.is_nationality("jordan") and not g.is_nationality("green")  # a place, a word
    assert gazetteer() is g  # loaded once


def test_a_sentence_opening_word_is_judged_by_the_gazetteer_and_the_word_list():
    text = (
        "The ministers met on Monday in the capital for a long day of talks. "
        "Pakistan wants more. Zarqawi was not there. Constitution drafting goes on. "
        "Officials said little. Government spending rose again this year."
    )
    assert names(text) == {"Pakistan": "place", "Zarqawi": "person"} | {
        k: v for k, v in names(text).items() if k == "Zarqawi"
    }
    assert "Constitution" not in names(text) and "Officials" not in names(text)
    assert "Government" not in names(text)


def test_acronyms_are_names_but_shouted_words_and_codes_are_not():
    text = (
        "The WHO said the H5N1 strain was found, and the EU and the UN agreed. "
        "Reports of his death were FALSE, the US embassy in the city said on Monday."
    )
    found = names(text)
    assert found["WHO"] == "organisation" and found["EU"] == "organisation"
    assert found["US"] == "place"
    assert "H5N1" not in found and "FALSE" not in found


def test_adjectives_and_groups_of_people_are_not_entities_but_groups_named_so_are():
    text = (
        "Republican lawmakers and Sunnis in the former Soviet republic met Muslims "
        "from the region, while Taleban militants fired on the Xinhua news agency."
    )
    found = names(text)
    assert not {"Republican", "Sunnis", "Soviet", "Muslims"} & set(found)
    assert found["Taleban"] == "organisation" and found["Xinhua"] == "organisation"


def test_a_name_after_a_title_with_a_portfolio_or_a_nationality_starts_at_the_given_name():
    text = (
        "On the second day Secretary of State Condoleezza Rice met the envoy, and "
        "in the final the German Tommy Haas beat Brigadier General Ahmad Vahidi's son."
    )
    found = names(text)
    assert found["Condoleezza Rice"] == "person"
    assert found["Tommy Haas"] == "person"
    assert found["Ahmad Vahidi"] == "person"


def test_one_name_gets_one_kind_from_the_evidence_of_all_its_mentions():
    text = (
        "Fighting spread to Tarmiyah overnight, the army said on Sunday. Residents "
        "of the town fled in their hundreds. Tarmiyah has been quiet for a year, and "
        "aid groups had hoped to reach Tarmiyah by the end of the week."
    )
    assert {c.kind for c in find_candidates(text) if c.text == "Tarmiyah"} == {"place"}
