"""Place extraction with a small gazetteer of the test's own (the real one may change)."""

from __future__ import annotations

from mali_facts.extract.places import extract_places
from mali_facts.extract.source import Source

ENTRIES = [
    {"name": "Tombouctou", "aliases": ["Timbuktu"], "type": "city", "region": "Tombouctou",
     "country": "Mali", "lat": 16.77, "lon": -3.0, "also_region": True},
    {"name": "Tinzaouatine", "aliases": ["Tinzaouaten"], "type": "village", "region": "Kidal",
     "country": "Mali", "lat": 19.95, "lon": 2.93},
    {"name": "Kidal", "aliases": [], "type": "city", "region": "Kidal", "country": "Mali",
     "lat": 18.44, "lon": 1.41, "also_region": True},
    {"name": "Mali", "aliases": [], "type": "country", "region": None, "country": "Mali",
     "lat": 17.0, "lon": -4.0},
    {"name": "Kati", "aliases": [], "type": "town", "region": "Koulikoro", "country": "Mali",
     "lat": 12.7, "lon": -8.0, "ambiguous": True},
    {"name": "Burkina Faso", "aliases": [], "type": "country", "region": None,
     "country": "Burkina Faso", "lat": 12.3, "lon": -1.7},
]


def places(text: str) -> dict[str, dict]:
    facts = extract_places(Source(text), ENTRIES)
    return {f.attrs["name"]: {**f.attrs, "text": f.text} for f in facts}


def test_variants_resolve_to_one_canonical_entry() -> None:
    found = places("Timbuktu is calm. Tombouctou was quiet; near Tinzaouaten too.")
    assert set(found) == {"Tombouctou", "Tinzaouatine"}
    assert len(found["Tombouctou"]["mentions"]) == 2


def test_demonyms_and_adjectives_are_not_places() -> None:
    assert places("Malian troops and Kidalois families reached the border.") == {}


def test_unnamed_areas_are_not_places() -> None:
    assert places("Fighting spread in the north of the country and the region.") == {}


def test_ambiguous_names_must_be_capitalised_and_not_open_a_sentence() -> None:
    assert places("He went to kati with friends.") == {}
    assert places("Kati residents spoke.") == {}
    assert "Kati" in places("Soldiers in Kati rebelled.")


def test_multiword_names_and_line_breaks() -> None:
    found = places("Refugees from Burkina \nFaso arrived.")
    assert found["Burkina Faso"]["text"] == "Burkina \nFaso"


def test_mention_inside_an_org_name_is_flagged() -> None:
    found = places("The National Workers' Union of Mali (UNTM) struck.")
    assert found["Mali"]["nested_in_org"] is True
    found = places("The National Workers' Union of Mali (UNTM) struck across Mali.")
    assert "nested_in_org" not in found["Mali"]
    assert len(found["Mali"]["mentions"]) == 2


def test_glued_machine_translation_word() -> None:
    found = places("Many stayed in Kidalexplains a resident.")
    assert found["Kidal"]["mentions"] == [[15, 20]]
    assert places("The Kidaloise families left.") == {}


def test_region_context_sets_the_type() -> None:
    assert places("Violence in the Kidal region grew.")["Kidal"]["type"] == "region"
    assert places("The army entered Kidal.")["Kidal"]["type"] == "city"


def test_attributes() -> None:
    kidal = places("Kidal fell.")["Kidal"]
    assert (kidal["country"], kidal["region"], kidal["lat"]) == ("Mali", "Kidal", 18.44)


def test_real_gazetteer_never_raises() -> None:
    for text in ["", "Mali" * 1000, "\x00 Kidal\ufffd", "K" + "a" * 50_000]:
        extract_places(Source(text))


def test_places_only_inside_org_names_are_flagged() -> None:
    facts = extract_places(Source("The Bank of Mali and the G5 Sahel met; Russia built the "
                                  "Africa Corps."))
    found = {f.attrs["name"]: f.attrs for f in facts}
    assert found["Mali"]["nested_in_org"] is True
    assert found["Sahel"]["nested_in_org"] is True
    assert "nested_in_org" not in found["Russia"]


def test_a_continent_only_inside_an_org_name_is_no_place() -> None:
    names = {f.attrs["name"] for f in extract_places(Source("Africa Corps units arrived."))}
    assert "Africa" not in names
    names = {f.attrs["name"] for f in extract_places(
        Source("Africa Corps units arrived in Africa."))}
    assert "Africa" in names
