"""Evidence that a new name is an organisation: seats of government, the nouns that
describe a company or a group, and how a story writes a group's name."""

from __future__ import annotations

from newsroom.text.candidates import find_candidates


def kinds(text: str) -> dict[str, str]:
    return {c.name: c.kind for c in find_candidates(text)}


def test_a_seat_of_government_speaks_for_the_government():
    found = kinds("The White House said on Monday that talks would go on. The Kremlin denied it.")
    assert found["White House"] == "organisation"
    assert found["Kremlin"] == "organisation"


def test_a_noun_that_describes_a_company_before_its_name():
    found = kinds(
        "Shares rose after the software giant Zentrix unveiled a phone. U.S. automaker Calder"
        " will cut jobs, and the state-run gas company, Volgaprom, raised its prices."
    )
    assert found["Zentrix"] == "organisation"
    assert found["Calder"] == "organisation"
    assert found["Volgaprom"] == "organisation"


def test_a_person_named_after_a_comma_is_not_the_noun_before_it():
    found = kinds("The head of the ruling party, William Lara, accused the envoy.")
    assert found["William Lara"] == "person"
    found = kinds("The bombmaker Azahari bin Husin died in the raid.")
    assert found["Azahari bin Husin"] == "person"


def test_one_unknown_word_heading_its_phrase_after_the_is_a_group():
    found = kinds("The Valtani later claimed the attack. Forces ousted the Valtani in 2001.")
    assert found["Valtani"] == "organisation"
    # but not a modifier of a noun, or after "in"
    found = kinds("Fighting went on in the Sorbak district and in the Tarbelan all week.")
    assert found["Sorbak"] == "place"
    assert found["Tarbelan"] == "place"
