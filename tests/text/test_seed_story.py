"""The issue's seed story, as a new user would try it: nothing known to the database.

Every one of its fourteen names must be offered with the right kind, and the
sentence-opening "Constitution" must not be offered at all.
"""

from __future__ import annotations

from newsroom.text.candidates import find_candidates

SEED = """\
UN envoy presses Syria's rivals to agree on a new charter

GENEVA — The UN envoy for Syria, Staffan de Mistura, said on Tuesday that talks in \
Geneva between the government and the opposition would resume next week, after the \
Security Council urged both sides to return to the table.

De Mistura told reporters that the delegation led by Bashar Ja'afari had asked for \
more time. Ja'afari said the government of President Bashar al-Assad would not accept \
conditions set from abroad.

The state news agency, the Syrian Arab News Agency (SANA), quoted Assad as saying \
that Damascus was ready to talk. French President Emmanuel Macron called on Russia to \
press its ally, and Macron's office said he had spoken to the leaders of Turkey and \
Saudi Arabia.

Constitution drafting will be the first item on the agenda, diplomats said. Delegations \
from Jordan and the US are expected to attend as observers.

The UN Security Council is due to discuss the talks on Friday, and SANA said the \
government delegation would travel to Geneva on Sunday.
"""

EXPECTED = {
    "De Mistura": "person",
    "Assad": "person",
    "Macron": "person",
    "Ja'afari": "person",
    "UN": "organisation",
    "SANA": "organisation",
    "Security Council": "organisation",
    "Syria": "place",
    "Geneva": "place",
    "Jordan": "place",
    "Russia": "place",
    "US": "place",
    "Saudi Arabia": "place",
    "Turkey": "place",
}


def _offered() -> dict[str, set[str]]:
    """Every name offered (the mention as written, and the full name it stands for),
    with the kinds it was offered as."""
    offered: dict[str, set[str]] = {}
    for c in find_candidates(SEED):
        for form in {c.text, c.name}:
            offered.setdefault(form.casefold(), set()).add(c.kind)
    return offered


def test_all_fourteen_seed_entities_are_offered_with_the_right_kind():
    offered = _offered()
    wrong = {}
    for name, kind in EXPECTED.items():
        kinds = offered.get(name.casefold(), set())
        # a longer form that holds the name counts ("Staffan de Mistura", "Bashar al-Assad",
        # "UN Security Council"), as the editor accepts that one entity
        kinds |= {
            k
            for form, ks in offered.items()
            if f" {name.casefold()} " in f" {form} " and len(form) > len(name)
            for k in ks
        }
        if kinds != {kind}:
            wrong[name] = sorted(kinds)
    assert wrong == {}


def test_the_full_names_come_whole():
    names = {c.name for c in find_candidates(SEED)}
    assert {"Staffan de Mistura", "Bashar al-Assad", "Bashar Ja'afari", "Emmanuel Macron"} <= names
    assert {"Syrian Arab News Agency", "Saudi Arabia"} <= names


def test_later_short_mentions_name_the_full_entity():
    by_text = {c.text: c.name for c in find_candidates(SEED)}
    assert by_text["De Mistura"] == "Staffan de Mistura"
    assert by_text["Assad"] == "Bashar al-Assad"
    assert by_text["Macron"] == "Emmanuel Macron"


def test_constitution_at_a_sentence_start_is_not_offered():
    assert "constitution" not in _offered()


def test_un_security_council_is_not_offered_beside_security_council():
    """Once the story names the "UN Security Council", a bare "Security Council" is
    that same council: it is offered under the full name, not as a second entity."""
    security = [c for c in find_candidates(SEED) if c.text.endswith("Security Council")]
    assert {c.name for c in security} == {"UN Security Council"}
