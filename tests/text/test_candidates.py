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


def test_a_sentence_opening_the_is_no_part_of_a_name_unless_a_place_starts_with_it():
    # "The State of Palestine" is a place: its first words alone do not keep "The"
    found = names("The State Department denied it. Later The Hague court met.")
    assert "State Department" in found and "The State Department" not in found
    assert "The Hague" in found


def test_a_sentence_opens_after_an_initialism_s_full_stop():
    found = names("Aid reached the U.N. The U.N. agency said so.")
    assert set(found) == {"U.N."}


def test_a_short_month_before_a_capitalised_word_is_a_name():
    found = names("Jan Kowalczyk flew to Mar del Plata on Jan 5, then home on Mar. 9.")
    assert found == {"Jan Kowalczyk": "person", "Mar del Plata": "place"}


def test_titles_are_cut_off_and_kept_as_a_person_cue():
    found = names(
        "Deputy Foreign Minister Karim Nassar met the new President Lena Novak on a visit."
    )
    assert found == {"Karim Nassar": "person", "Lena Novak": "person"}


def test_a_name_before_and_ends_where_a_titled_person_follows():
    found = names(
        "He said Minister of State Dorota Marwick and Defence Secretary Tomas Brandt met."
    )
    assert found == {"Dorota Marwick": "person", "Tomas Brandt": "person"}
    found = names("The talks were led by Minister of Ports and Fisheries Tobo Kalumbi.")
    assert found == {"Tobo Kalumbi": "person"}


def test_an_undersecretary_is_a_title():
    found = names("Talks were led by U.S. Undersecretary of State Marta Olsen in Geneva.")
    assert found == {"U.S.": "place", "Marta Olsen": "person", "Geneva": "place"}


def test_a_title_s_portfolio_is_cut_off_with_the_title():
    found = names("Deputy Minister of State for Coastal Fisheries Tobo Kalumbi toured the port.")
    assert found == {"Tobo Kalumbi": "person"}
    found = names("He is now Assistant Secretary for Asian and Pacific Affairs. He left.")
    assert found == {}


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


def test_a_wire_dateline_names_its_place_and_the_agency():
    found = names("Talks went on.\n\nWASHINGTON (AP) \u2014 The talks began on Monday.")
    assert found == {"Washington": "place", "AP": "organisation"}
    assert names("LONDON (Reuters) - Prices rose.") == {
        "London": "place",
        "Reuters": "organisation",
    }


def test_a_wire_subject_slug_is_no_place():
    text = "TENNIS - the players arrive in Paris\n\nRESULTS - the semi-final in Madrid"
    assert names(text) == {"Paris": "place", "Madrid": "place"}


def test_a_sentence_full_of_names_on_a_line_of_its_own_is_no_headline():
    text = "Talks went on.\nPresident Joe Biden met Chancellor Olaf Scholz at the White House.\n"
    found = names(text)
    assert {"Joe Biden", "Olaf Scholz", "White House"} <= found.keys()
    assert names("Talks went on.\nBiden Meets Scholz At White House In Berlin\n") == {}
    assert names("Talks went on.\nCan Biden Win in Ohio Again?\n") == {}  # a question


def test_a_note_in_brackets_after_a_dateline_is_no_agency():
    assert "Updated March 3" not in names("LONDON (Updated March 3) - Prices rose.")


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


def test_and_joins_one_name_but_not_two_names():
    found = names(
        "Officials from the United Nations and African Union met in Khartoum. The "
        "Institute for Science and International Security said the European Economic "
        "and Monetary Union would ask Bosnia and Herzegovina for more."
    )
    for name in (
        "United Nations",
        "African Union",
        "Institute for Science and International Security",
        "European Economic and Monetary Union",
        "Bosnia and Herzegovina",
    ):
        assert name in found
    assert "United Nations and African Union" not in found


def test_an_organisation_name_goes_on_across_a_possessive_of_a_group():
    found = names(
        "Rebels of the Lord's Resistance Army attacked a village in the north, and "
        "the Kurdistan Workers' Party denied any part in it. Russia's Federal Security "
        "Service said nothing."
    )
    assert found["Lord's Resistance Army"] == "organisation"
    assert found["Kurdistan Workers' Party"] == "organisation"
    assert found["Russia"] == "place" and "Federal Security Service" in found


def test_a_weekday_or_a_capitalised_preposition_ends_a_name():
    found = names(
        "Zebari told the Associated Press Thursday Syria was to blame. Gulbuddin "
        "Hekmatyar In Afghanistan, the militia of the party fought on."
    )
    assert found["Associated Press"] == "organisation" and found["Syria"] == "place"
    assert "Gulbuddin Hekmatyar" in found and found["Afghanistan"] == "place"


def test_a_nationality_before_a_state_body_is_left_out():
    found = names("The Chinese Foreign Ministry and the Afghan Army said the talks went on.")
    assert found == {"Foreign Ministry": "organisation", "Army": "organisation"}


def test_a_nationality_before_a_court_or_a_ministry_of_something_is_left_out():
    found = names("The Kenyan High Court ruled after the Peruvian Ministry of Mines objected.")
    assert found == {"High Court": "organisation", "Ministry of Mines": "organisation"}
    # but not a court of its own name
    assert "European Court of Auditors" in names("He wrote to the European Court of Auditors.")


def test_a_nationality_made_from_a_country_s_name_is_left_out_before_a_state_body():
    found = names("The Gabonese Health Ministry and the Malawian Army said so.")
    assert found == {"Health Ministry": "organisation", "Army": "organisation"}


def test_acronyms_that_spell_a_particle_or_a_rare_word_are_names():
    found = names(
        "In recent weeks, AU officials said ABAC plays a role. Members of ABAC met "
        "in the capital on Sunday."
    )
    assert found["AU"] == "organisation" and found["ABAC"] == "organisation"


def test_a_name_the_story_writes_with_the_is_no_person():
    found = names(
        "Police arrested members of the Muslim Brotherhood in Cairo. A spokesman for "
        "the Brotherhood said the arrests were unfair, and the official Xinhua news "
        "agency reported it."
    )
    assert found["Muslim Brotherhood"] == "organisation"
    assert found["Xinhua"] == "organisation"


def test_hyphenated_given_names_and_persian_joins_come_whole():
    found = names(
        "Secretary-General Ban Ki-moon met Chen Shui-bian in Taipei, and Hezb-e-Islami "
        "fighters left Mazar-e-Sharif. The Iraq-based group said nothing."
    )
    assert found["Ban Ki-moon"] == "person" and found["Chen Shui-bian"] == "person"
    assert "Hezb-e-Islami" in found and found["Mazar-e-Sharif"] == "place"
    assert "Iraq-based" not in found


def test_capitals_are_places_though_their_names_are_words_and_not_surnames():
    found = names(
        "The meeting in Amman ended. Palestinians want Arab East Jerusalem as their "
        "capital; Jerusalem is divided. Officials in Berlin agreed."
    )
    assert found["Amman"] == "place" and found["Berlin"] == "place"
    assert found["East Jerusalem"] == "place" and found["Jerusalem"] == "place"


def test_hyphens_join_a_place_but_split_two_places():
    found = names(
        "He flew to Rostov-on-Don. The Egypt-Gaza border and Guinea-Bissau were shut, "
        "the U.S. Ambassador said."
    )
    assert found["Rostov-on-Don"] == "place" and found["Guinea-Bissau"] == "place"
    assert found["Egypt"] == "place" and found["Gaza"] == "place"
    assert found["U.S."] == "place" and "U.S. Ambassador" not in found


def test_groups_of_people_and_adverbs_are_not_names():
    found = names(
        "Two Germans and Sunni Arabs were hurt, said the U.S. Unfortunately the "
        "talks failed. Meantime Center for Constitutional Rights lawyers left."
    )
    assert found == {"U.S.": "place", "Center for Constitutional Rights": "organisation"}


def test_whose_title_it_is_is_a_name_of_its_own():
    found = names(
        "Talks with the incoming Hamas Prime Minister Ismail Haniyeh went on for a long "
        "time, and the former U.S. Federal Reserve Chairman Paul Volcker said that the "
        "Information Minister Mike Mulongoti and the U.S. Assistant Secretary of State "
        "Christopher Hill were there."
    )
    assert found["Hamas"] == "organisation" and found["Ismail Haniyeh"] == "person"
    assert found["U.S. Federal Reserve"] == "organisation"
    assert found["Mike Mulongoti"] == "person" and found["Christopher Hill"] == "person"
    assert "Information" not in found and "U.S. Assistant" not in found


def test_a_legislature_may_open_a_sentence_and_is_no_short_form_of_a_committee():
    found = find_candidates(
        "The chairman of the Senate Armed Services Committee spoke. Parliament voted "
        "on the budget, and the Senate will follow."
    )
    by_text = {c.text: c.name for c in found}
    assert by_text["Parliament"] == "Parliament" and by_text["Senate"] == "Senate"


def test_a_surname_alone_with_a_person_cue_is_a_person():
    found = names(
        "Mr. Yushchenko dissolved parliament in March. Critics say Yushchenko has no "
        "plan, and the Bush administration agreed."
    )
    assert found["Yushchenko"] == "person" and found["Bush"] == "person"


def test_regions_seas_and_places_of_x_come_whole():
    found = names(
        "Iran will hold drills in the Persian Gulf and Sea of Oman, and send diplomats "
        "to the Horn of Africa. Drugs came from Latin America and Africa, said Ohio "
        "Representative Bob Ney."
    )
    for place in ("Persian Gulf", "Sea of Oman", "Horn of Africa", "Latin America", "Ohio"):
        assert found[place] == "place"
    assert found["Bob Ney"] == "person"


def test_two_titled_people_joined_by_and_are_two_names():
    found = names(
        "He held talks with the Pakistani President Pervez Musharraf and Prime Minister "
        "Shaukat Aziz in the city, and later with the Minister of Trade and Industry."
    )
    assert found["Pervez Musharraf"] == "person" and found["Shaukat Aziz"] == "person"


def test_modern_compound_words_opening_a_sentence_are_not_names():
    found = names(
        "Firefighters came at dawn. Worldwide, the virus has killed many. Referring to "
        "Russia, it said the trend was bad. The Justice and Development Party won."
    )
    assert found == {"Russia": "place", "Justice and Development Party": "organisation"}


def test_a_legislature_opening_a_sentence_is_a_name_though_written_lowercase_too():
    found = names("The parliament met at noon.\n\nParliament has voted an extension.")
    assert found == {"Parliament": "organisation"}


def test_corps_heads_a_name_and_a_plural_nationality_opens_none():
    found = names(
        "The levees were built by the Army Corps of Engineers, and the sprinter most "
        "feared was Jamaicans Asafa Powell, while others read The New Yorker."
    )
    assert found["Army Corps of Engineers"] == "organisation"
    assert "Asafa Powell" in found and "The New Yorker" in found


def test_a_name_only_written_as_a_hyphenated_modifier_is_no_mention():
    found = names("Palestinians hold little hope that U.S.-mediated talks will succeed.")
    assert "U.S." not in found
    found = names("The U.S.-mediated talks failed, a U.S. envoy said.")
    assert found["U.S."] == "place"


def test_an_acronym_defined_in_brackets_has_its_names_kind():
    found = names(
        "Troops entered the Democratic Republic of Congo (DRC) on Monday, and the state "
        "news agency, the Syrian Arab News Agency (SANA), said the DRC was calm."
    )
    assert found["DRC"] == "place" and found["SANA"] == "organisation"


def test_of_goes_on_after_a_common_noun_capitalised_as_a_name_first_word():
    found = names(
        "He told the Voice of America that troops crossed the Line of Control near "
        "Uri. Later, Bode Miller of the United States won."
    )
    assert "Voice of America" in found and "Line of Control" in found
    assert "Voice" not in found and "Control" not in found
    assert "Bode Miller" in found and found["United States"] == "place"


def test_a_role_or_plural_title_opening_a_sentence_is_cut_off_a_name():
    found = names(
        "The race was held on a cold day. Skier Marco Buechel of Liechtenstein won it. "
        "Presidents Aleksander Kwasniewski and Vladimir Putin met later. Abu Omar "
        "al-Baghdadi said nothing about it."
    )
    assert found["Marco Buechel"] == "person"
    assert found["Aleksander Kwasniewski"] == "person"
    assert "Abu Omar al-Baghdadi" in found


def test_a_name_that_speaks_and_takes_the_is_a_group():
    found = names(
        "Fighting went on near the border with the Jaish. A week later, Jaish said "
        "the talks had failed."
    )
    assert found["Jaish"] == "organisation"


def test_a_name_hyphenated_to_led_or_backed_is_a_group():
    found = names("Voters there backed a Zargoth-led government, as Zargoth won most seats.")
    assert found["Zargoth"] == "organisation"


def test_a_name_ending_in_an_abbreviation_keeps_its_full_stop():
    found = names("Shares of Timex Inc. rose, and William Clay Ford Jr. said so on Monday.")
    assert found["Timex Inc."] == "organisation" and "William Clay Ford Jr." in found


def test_party_members_in_the_plural_are_no_name():
    found = names("The poll says Democrats hold a wide lead over Republicans in the state.")
    assert "Democrats" not in found and "Republicans" not in found


def test_a_place_is_not_short_for_an_organisation_named_after_it():
    text = (
        "The Baluchistan Liberation Army claimed the attack. Officials in Baluchistan "
        "said two people died, and the Castlebridge Athletic coach said Castlebridge won."
    )
    by_text = {c.text: c for c in find_candidates(text)}
    assert by_text["Baluchistan"].name == "Baluchistan"
    assert by_text["Baluchistan"].kind == "place"
    assert by_text["Castlebridge"].name == "Castlebridge Athletic"


def test_a_compass_point_before_an_unknown_name_makes_a_region():
    found = names("Troops said North Waziristan was calm while South Ossetia voted.")
    assert found["North Waziristan"] == "place" and found["South Ossetia"] == "place"


def test_a_storm_is_an_event():
    found = names("Officials said Hurricane Katrina struck, and Tropical Storm Wilma formed.")
    assert found["Hurricane Katrina"] == "event" and found["Tropical Storm Wilma"] == "event"
