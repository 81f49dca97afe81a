"""The known-entity matcher: whole words, case rules, overlaps, offsets into the input."""

from __future__ import annotations

import pytest

from newsroom.text.matcher import EntityMatcher
from newsroom.text.tokens import tokenize

UN, UNSC, GUTERRES, HASSAN, ONEIL, ROCHE, MOSCOW, ARAB_UN, INFLATION, MAY, WHO = range(1, 12)

FORMS = [
    (UN, "United Nations"),
    (UN, "UN"),
    (UN, "U.N."),
    (UNSC, "United Nations Security Council"),
    (UNSC, "Security Council"),
    (GUTERRES, "António Guterres"),
    (GUTERRES, "Guterres"),
    (HASSAN, "Amira al-Hassan"),
    (ONEIL, "Siobhán O'Neil"),
    (ROCHE, "Jean-Luc de la Roche"),
    (MOSCOW, "Moscow"),
    (MOSCOW, "Москва"),
    (ARAB_UN, "الأمم المتحدة"),
    (INFLATION, "inflation"),
    (MAY, "Theresa May"),
    (MAY, "May"),
    (WHO, "WHO"),
]


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    return EntityMatcher(FORMS)


def found(matcher: EntityMatcher, text: str) -> list[tuple[str, int]]:
    matches = matcher.find(text)
    for m in matches:
        assert text[m.start : m.end] == m.text  # offsets into the original string
    return [(m.text, m.entity_id) for m in matches]


def test_the_longest_name_wins_when_names_overlap(matcher):
    text = "The United Nations Security Council met; the United Nations watched."
    assert found(matcher, text) == [
        ("United Nations Security Council", UNSC),
        ("United Nations", UN),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guterres's office said", [("Guterres", GUTERRES)]),
        ("Guterres\u2019s office said", [("Guterres", GUTERRES)]),
        ("the UN's envoy", [("UN", UN)]),
        ("the GUTERRES'S PLAN", [("GUTERRES", GUTERRES)]),
        ("Amira al-Hassan's visit", [("Amira al-Hassan", HASSAN)]),
    ],
)
def test_possessives(matcher, text, expected):
    assert found(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "(UN), [UN] and \u201cUN\u201d; UN! UN? UN: UN.",
        "\u2014UN\u2014 *UN* _UN_",
    ],
)
def test_punctuation_around_a_name_is_not_part_of_it(matcher, text):
    assert {t for t, _ in found(matcher, text)} == {"UN"}
    assert len(found(matcher, text)) == text.count("UN")


def test_punctuation_inside_a_name_breaks_it(matcher):
    assert found(matcher, "the United. Nations") == []
    assert found(matcher, "United, Nations") == []


def test_hyphens_and_spaces_are_alike_inside_a_name(matcher):
    assert found(matcher, "Amira Al-Hassan and Amira al Hassan") == [
        ("Amira Al-Hassan", HASSAN),
        ("Amira al Hassan", HASSAN),
    ]
    assert found(matcher, "a UN-backed plan") == [("UN", UN)]
    assert found(matcher, "Jean-Luc de la Roche spoke") == [("Jean-Luc de la Roche", ROCHE)]


def test_apostrophes_straight_or_curly_and_accents(matcher):
    assert found(matcher, "Siobh\u00e1n O\u2019Neil and Siobhan O'Neil") == [
        ("Siobh\u00e1n O\u2019Neil", ONEIL),
        ("Siobhan O'Neil", ONEIL),
    ]
    assert found(matcher, "Antonio Guterres") == [("Antonio Guterres", GUTERRES)]


def test_whole_words_only(matcher):
    assert found(matcher, "UNESCO, WHOLE, Guterresian, Moscowitz, inflationary") == []


@pytest.mark.parametrize(
    "text",
    [
        "Un homme est venu avec un plan.",
        "Il a un plan pour la paix.",
        "who said that? Who knows.",
    ],
)
def test_an_acronym_matches_only_in_capitals(matcher, text):
    assert found(matcher, text) == []


def test_an_acronym_in_capitals_matches(matcher):
    assert found(matcher, "Le UN et la WHO.") == [("UN", UN), ("WHO", WHO)]


def test_names_at_the_start_of_a_sentence(matcher):
    text = "Inflation rose. Guterres spoke. United Nations staff left. Moscow said no."
    assert [e for _, e in found(matcher, text)] == [INFLATION, GUTERRES, UN, MOSCOW]


def test_a_lowercase_name_matches_in_any_case(matcher):
    assert [t for t, _ in found(matcher, "inflation, Inflation, INFLATION")] == [
        "inflation",
        "Inflation",
        "INFLATION",
    ]


def test_a_capitalised_name_needs_its_capital(matcher):
    assert found(matcher, "moscow and the united nations") == []


def test_a_one_word_name_that_is_a_common_word_is_skipped_at_a_sentence_start(matcher):
    assert found(matcher, "May I ask? It was May who won.") == [("May", MAY)]
    assert found(matcher, "Theresa May spoke.") == [("Theresa May", MAY)]


def test_non_latin_names(matcher):
    text = "В Москва: الأمم المتحدة."
    assert found(matcher, text) == [
        ("\u041c\u043e\u0441\u043a\u0432\u0430", MOSCOW),
        ("\u0627\u0644\u0623\u0645\u0645 \u0627\u0644\u0645\u062a\u062d\u062f\u0629", ARAB_UN),
    ]
    # The same name written without the hamza (a common spelling) still matches.
    assert [
        e
        for _, e in found(
            matcher, "\u0627\u0644\u0627\u0645\u0645 \u0627\u0644\u0645\u062a\u062d\u062f\u0629"
        )
    ] == [ARAB_UN]


def test_dotted_acronyms(matcher):
    assert found(matcher, "The U.N. said") == [("U.N.", UN)]


def test_offsets_are_into_the_original_text_with_decomposed_accents():
    matcher = EntityMatcher([(1, "Zoë Brand")])
    text = "x\r\n\u00a0Zoe\u0308 Brand\u2019s book"  # decomposed ë, CRLF, no-break space
    (m,) = matcher.find(text)
    assert text[m.start : m.end] == "Zoe\u0308 Brand"


def test_a_span_that_names_two_entities_yields_both():
    matcher = EntityMatcher([(1, "Georgia"), (2, "Georgia")])
    assert [m.entity_id for m in matcher.find("in Georgia")] == [1, 2]


def test_incremental_updates_without_a_rebuild():
    matcher = EntityMatcher([(1, "Port Edris"), (2, "Port Edris Harbour Authority")])
    assert [m.entity_id for m in matcher.find("the Port Edris Harbour Authority")] == [2]
    matcher.remove_entity(2)
    assert [m.text for m in matcher.find("the Port Edris Harbour Authority")] == ["Port Edris"]
    matcher.set_entity(1, ["Edris", "Port Edris"])
    assert [m.text for m in matcher.find("Edris and Port Edris")] == ["Edris", "Port Edris"]
    matcher.remove_entity(1)
    assert matcher.find("Edris and Port Edris") == []
    assert len(matcher) == 0
    assert matcher._prefixes == {}  # nothing left behind


def test_tokens_can_be_shared_with_the_caller(matcher):
    text = "UN envoy Amira al-Hassan"
    assert matcher.find(text, tokenize(text)) == matcher.find(text)
