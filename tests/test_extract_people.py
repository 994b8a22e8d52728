"""Official extraction: titles, appositions, gazetteer aliases and surname links."""

from __future__ import annotations

import datetime as dt

from mali_facts.extract.people import extract_officials
from mali_facts.extract.source import Source

ENTRIES = [
    {"name": "Assimi Goïta", "aliases": ["Assimi Goita", "Aisimi Goita"],
     "roles": [{"role": "President of the transition", "org": "Transition", "country": "Mali",
                "from": "2021-06-07", "to": None}],
     "country": "Mali", "is_official": True, "source": "test"},
    {"name": "Ibrahim Boubacar Keïta", "aliases": ["IBK"],
     "roles": [{"role": "President of Mali", "org": "Government of Mali", "country": "Mali",
                "from": "2013-09-04", "to": "2020-08-18"}],
     "country": "Mali", "is_official": True, "source": "test"},
]


def people(text: str, entries: list | None = ENTRIES) -> dict[str, dict]:
    facts = extract_officials(Source(text), entries)
    return {f.attrs["name"]: {**f.attrs, "text": f.text} for f in facts}


def test_title_before_an_unknown_name() -> None:
    found = people("Yesterday General Oumar Kanté inspected the troops.")
    assert found["Oumar Kanté"]["rank"] == "General"
    assert found["Oumar Kanté"]["role"] is None  # a rank is not an office


def test_misspelt_alias_gives_the_canonical_name() -> None:
    found = people("The decree was signed by Vice-President Aisimi Goita on Friday.")
    assert found["Assimi Goïta"]["text"] == "Aisimi Goita"
    assert found["Assimi Goïta"]["role"] == "Vice-President"


def test_surname_mentions_link_to_the_full_name() -> None:
    text = "Colonel Assimi Goïta spoke. Later Goïta's allies met; Goita left."
    found = people(text)
    assert len(found) == 1
    assert len(found["Assimi Goïta"]["mentions"]) == 3


def test_acronym_alias_and_unaccented_surname() -> None:
    found = people("Ibrahim Boubacar Keita (IBK) resigned. IBK left.")
    assert len(found["Ibrahim Boubacar Keïta"]["mentions"]) == 3


def test_coordinated_names_share_a_plural_title() -> None:
    found = people("Generals Amadou Sidibé and Seydou Coulibaly were arrested.")
    assert found["Amadou Sidibé"]["rank"] == "General"
    assert found["Seydou Coulibaly"]["rank"] == "General"


def test_demonym_in_the_title_gives_the_country() -> None:
    found = people("Belgian Foreign Minister Karel Vandamme said so.", entries=[])
    assert found["Karel Vandamme"]["country"] == "Belgium"
    assert found["Karel Vandamme"]["role"] == "Belgian Foreign Minister"


def test_apposition_gives_the_role() -> None:
    found = people("Moussa Diallo, spokesman of the army, denied it.", entries=[])
    assert found["Moussa Diallo"]["role"] == "spokesman of the army"


def test_lists_of_people_are_not_appositions() -> None:
    found = people("President Awa Touré, Prime Minister Issa Cissé and others met.", [])
    assert found["Awa Touré"]["role"] == "President"
    assert found["Issa Cissé"]["role"] == "Prime Minister"


def test_researchers_are_not_officials() -> None:
    found = people("Malian researcher Issa Keita, director of a think tank, agrees.", [])
    assert found["Issa Keita"]["is_official"] is False
    assert found["Issa Keita"]["country"] == "Mali"


def test_a_surname_inside_another_full_name_is_not_linked() -> None:
    found = people("Minister Ousmane Traoré met Moussa Traoré. Traoré smiled.", [])
    assert set(found) == {"Ousmane Traoré", "Moussa Traoré"}
    assert found["Ousmane Traoré"]["mentions"] == [[9, 23]]


def test_title_with_gazetteer_surname_only() -> None:
    found = people("Colonel Goïta refused.")
    assert "Assimi Goïta" in found


def test_no_people_in_plain_text() -> None:
    assert people("The President of the transition and the Prime Minister met.") == {}


def test_never_raises() -> None:
    for text in ["", "President", "President " * 5000, "Moussa " * 5000, "\x00Mr\ufffd X Y"]:
        extract_officials(Source(text))


def test_shared_surname_links_to_the_latest_full_name() -> None:
    text = "Minister Awa Diarra spoke. Colonel Bakary Diarra replied. Diarra then left."
    found = people(text, [])
    assert len(found["Bakary Diarra"]["mentions"]) == 2
    assert len(found["Awa Diarra"]["mentions"]) == 1


# --- unknown people introduced by an apposition -------------------------------------

def test_reporting_verb_name_and_possessive_apposition() -> None:
    text = '"The wells are dry," said Amélie Durand-Ferrier, UNICEF\'s head of office in Mopti.'
    found = people(text, [])
    assert found["Amélie Durand-Ferrier"]["role"] == "UNICEF's head of office in Mopti"


def test_role_first_apposition_with_particle_in_the_name() -> None:
    text = ("The government's Commissioner for Water Resources, Boubacar Ould Hamma, "
            "said on Monday that wells would be dug.")
    found = people(text, [])
    assert found["Boubacar Ould Hamma"]["role"] == \
        "government's Commissioner for Water Resources"


def test_role_before_comma_may_hold_lowercase_nouns_after_a_connector() -> None:
    found = people("Its head of delegation, Pierre Kramer-Lutz, told reporters so.", [])
    assert found["Pierre Kramer-Lutz"]["role"] == "head of delegation"


def test_bare_surname_needs_an_apposition_closed_by_a_reporting_verb() -> None:
    found = people("Kanouté, a spokesman for the regional governor, said the road reopened.", [])
    assert found["Kanouté"]["role"] == "spokesman for the regional governor"
    assert people("Kanouté, a spokesman for the governor, was in town.", []) == {}


def test_according_to_name_and_apposition() -> None:
    found = people("According to Mariko Tessougué, director of the town hospital, ten died.", [])
    assert found["Mariko Tessougué"]["role"] == "director of the town hospital"


def test_possessor_joins_a_title_before_the_name() -> None:
    found = people("The army's spokesman Souleymane Ag Doua said the convoy arrived.", [])
    assert found["Souleymane Ag Doua"]["role"] == "army's spokesman"


def test_relative_clause_gives_the_role() -> None:
    found = people("Bréhima Ben Salah, who heads the regional council, called for calm.", [])
    assert found["Bréhima Ben Salah"]["role"] == "head of the regional council"


def test_apposition_traps_are_not_people() -> None:
    for text in ("Yesterday, a spokesman for the army said nothing.",
                 "In Gao, the governor said calm had returned.",
                 "Last Monday, the minister of defence, said little.",
                 "The minister said the rebels, Koné Traoré and others, fled.",
                 "Human Rights Watch, a rights group, said so."):
        assert all(f["role"] is None for f in people(text, []).values()), text


def test_places_with_an_apposition_are_not_people() -> None:
    assert people("Burkina Faso, a member of the alliance, said no.", []) == {}


def test_later_surname_apposition_links_to_the_full_name() -> None:
    text = "\"It is grave,\" said Oumou Sall Seck, a lawmaker. Sall Seck, the mayor, agreed."
    found = people(text, [])
    assert set(found) == {"Oumou Sall Seck"}
    assert len(found["Oumou Sall Seck"]["mentions"]) == 2


def test_an_unlisted_first_name_before_a_given_name_is_kept() -> None:
    found = people("The head of the Islamic Council, Chérif Ousmane Haïdara, urged calm.", [])
    assert found["Chérif Ousmane Haïdara"]["role"] == "head of the Islamic Council"


def test_ngo_staff_and_researchers_are_not_officials_un_staff_are() -> None:
    found = people("Oumar Diakité, a researcher at the Sahel Institute, said so. "
                   "\"We lack funds,\" said Awa Keïta-Sy, MSF's head of mission in Gao. "
                   "\"We lack staff,\" said Hawa Bocoum, OCHA's head of office in Mopti.", [])
    assert found["Oumar Diakité"]["is_official"] is False
    assert found["Awa Keïta-Sy"]["is_official"] is False
    assert found["Awa Keïta-Sy"]["org"] == "MSF"
    assert found["Hawa Bocoum"]["is_official"] is True
    assert found["Hawa Bocoum"]["org"] == "OCHA"


def test_org_in_role_needs_whole_words() -> None:
    found = people("\"Calm,\" said Issa Sangho, the mayor of Goundam.", [])
    assert found["Issa Sangho"]["org"] is None  # "UN" is not a word of "Goundam"


def test_courtesy_title_and_surname_link_to_the_person_named_here():
    text = ("Mariam Diarra, a teacher in Sévaré, told us about the school. "
            "Ms Diarra said it closed in May.")
    people = extract_officials(Source(text, dt.date(2024, 6, 1)))
    assert [(p.attrs["name"], len(p.attrs["mentions"])) for p in people] == [
        ("Mariam Diarra", 2)]


def test_courtesy_title_is_not_a_role_and_not_part_of_the_name():
    text = "Mme Kadiatou Sidibé, the governor of Ségou, opened the market."
    (person,) = extract_officials(Source(text, dt.date(2024, 6, 1)))
    assert person.attrs["name"] == "Kadiatou Sidibé"
    assert person.attrs["role"] == "governor of Ségou"


def test_courtesy_title_with_a_lone_surname_picks_no_one_from_the_gazetteer():
    text = "Ms Diarra declined to comment on the ruling."
    assert extract_officials(Source(text, dt.date(2024, 6, 1))) == []
