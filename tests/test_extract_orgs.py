"""Organisation extraction: gazetteer names, text-defined acronyms, and the traps."""

from __future__ import annotations

from mali_facts.extract.orgs import extract_orgs
from mali_facts.extract.source import Source


def orgs(text: str) -> dict[str, dict]:
    return {f.attrs["name"]: {**f.attrs, "text": f.text} for f in extract_orgs(Source(text))}


def test_gazetteer_org_and_its_acronym_are_one_fact() -> None:
    found = orgs("The African Union (AU) met in Addis. Later the AU said no.")
    assert set(found) == {"AU"}
    assert found["AU"]["expansion_in_text"] is True
    assert len(found["AU"]["mentions"]) == 3


def test_unknown_org_defined_by_its_acronym_is_found_with_later_uses() -> None:
    text = "The Sahel Farmers Cooperative Union (SFCU) protested. SFCU leaders then left."
    found = orgs(text)
    assert found["SFCU"]["full_name"] == "Sahel Farmers Cooperative Union"
    assert found["SFCU"]["acronym"] == "SFCU"
    assert len(found["SFCU"]["mentions"]) == 3


def test_acronym_first_then_its_expansion() -> None:
    found = orgs("Fighters of Jnim (Group for the Support of Islam and Muslims) attacked.")
    assert found["JNIM"]["acronym"] == "Jnim"
    assert found["JNIM"]["expansion_in_text"] is True


def test_spelling_variants_resolve_to_the_canonical_acronym() -> None:
    assert "M5-RFP" in orgs("Leaders of the M5-RPF marched.")
    assert "FAMa" in orgs("The Fama advanced north; the Malian army held the town.")


def test_full_name_only_orgs() -> None:
    found = orgs("The European Union and France cut aid, said the United Nations.")
    assert {"EU", "UN"} <= set(found)
    assert all("France" not in f["text"] for f in found.values())


def test_generic_phrases_processes_and_ethnic_groups_are_not_orgs() -> None:
    text = ("The defence and security forces and jihadist groups clashed. Dogon and Fulani "
            "herders fled. The Disarmament, Demobilisation and Reintegration (DDR) process "
            "and security sector reform (SSR) stalled under the transition charter.")
    assert orgs(text) == {}


def test_capitalised_name_with_a_head_word_is_an_org() -> None:
    found = orgs("A report by the Regional Observatory for Pastoral Mobility was published.")
    assert "Regional Observatory for Pastoral Mobility" in found


def test_person_titles_are_not_orgs() -> None:
    assert orgs("Army Chief of Staff Oumar Sanogo spoke.") == {}


def test_quoted_movement_name() -> None:
    found = orgs("Then the “Sahel Debout” movement called for calm.")
    assert "Sahel Debout" in found


def test_two_orgs_joined_by_and_the_stay_apart() -> None:
    found = orgs("Support came from the Peasant Union and the Teachers Federation.")
    assert {"Peasant Union", "Teachers Federation"} <= set(found)


def test_never_raises() -> None:
    for text in ["", "(", "(ABC)", "X (", "A" * 10_000, "\x00\ufffd (Z-)", "“ movement"]:
        extract_orgs(Source(text))


# --- names stop before time and place phrases --------------------------------------

def test_org_name_stops_before_a_weekday_month_or_year() -> None:
    assert "Supreme Court" in orgs("The Supreme Court on Thursday rejected the appeal.")
    assert "Electoral Commission" in orgs("The Electoral Commission in April set a date.")
    assert "Election Board" in orgs("The Election Board in 2024 said it was ready.")


def test_org_name_stops_before_in_a_town_but_keeps_in_a_country() -> None:
    assert "Appeals Court" in orgs("The Appeals Court in Mopti freed them.")
    found = orgs("The European Union Training Mission in Mali left.")
    assert any(f["full_name"].endswith("in Mali") for f in found.values())


def test_connector_followed_by_a_name_stays_inside() -> None:
    assert "Commission on Land Rights" in orgs("The Commission on Land Rights met.")


def test_date_inside_a_name_still_joins_it() -> None:
    assert "June 5, 2020 Movement" in orgs("The June 5, 2020 Movement protested.")


def test_comma_separates_an_org_from_a_following_name() -> None:
    found = orgs("The head of the Farmers Council, Moussa Traoré, spoke.")
    assert "Farmers Council" in found


# --- acronyms after a lowercase descriptor -----------------------------------------

def test_unknown_acronym_after_a_descriptor() -> None:
    found = orgs("Turnout was low, the national vote commission (NVCX) said. NVCX later "
                 "corrected it.")
    assert found["NVCX"]["full_name"] == "national vote commission"
    assert found["NVCX"]["expansion_in_text"] is False
    assert len(found["NVCX"]["mentions"]) == 2


def test_known_acronym_after_a_descriptor_uses_the_gazetteer() -> None:
    found = orgs("Results came from the electoral authority (AIGE) late on Sunday.")
    assert found["AIGE"]["full_name"] == "Autorité indépendante de gestion des élections"


def test_capitalised_descriptor_is_a_name_in_the_text() -> None:
    found = orgs("Mali's new Anti-Graft office (QZAC) opened.")
    assert found["QZAC"]["expansion_in_text"] is True


def test_one_word_descriptor_is_no_full_name() -> None:
    assert orgs("The agency (QZAC) asked for money.")["QZAC"]["full_name"] == "QZAC"


def test_currencies_units_and_initials_in_brackets_are_not_orgs() -> None:
    assert orgs("It cost 500 francs (CFA), or 0.8 dollars (USD).") == {}
    assert orgs("The former president (IBK) kept quiet.") == {}


def test_a_lower_case_ministry_before_a_capitalised_name_is_an_organisation() -> None:
    import datetime as dt

    from mali_facts.extract import extract

    text = "Le ministère des Mines a signé la convention avec la société minière."
    orgs = [f.text for f in extract(text, dt.date(2025, 3, 3), lang="fr") if f.kind == "org"]
    assert "ministère des Mines" in orgs
    # a ministry with no name after it is no organisation
    plain = "The ministry said it would reply."
    assert not [f for f in extract(plain, dt.date(2025, 3, 3)) if f.kind == "org"]


def test_french_press_spellings_of_known_organisations() -> None:
    import datetime as dt

    from mali_facts.extract import extract

    text = "La BCEAO et l'Unicef ont publié un rapport, selon l'AMAP."
    names = {f.attrs.get("name") for f in extract(text, dt.date(2025, 3, 3), lang="fr")
             if f.kind == "org"}
    assert {"BCEAO", "UNICEF", "AMAP"} <= names
