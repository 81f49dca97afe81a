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
