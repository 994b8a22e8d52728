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
