"""Schema checks for the gazetteers this package ships, and the phrase matcher."""

from __future__ import annotations

import json
import re

import pytest

from mali_facts.extract.gazetteer import (
    GAZETTEER_DIR,
    PhraseMatcher,
    build_matcher,
    case_ok,
)
from mali_facts.text import fold_query

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _entries(name: str) -> list[dict]:
    return json.loads((GAZETTEER_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _spellings(entry: dict, fields: tuple[str, ...]) -> set[str]:
    out = set()
    for f in fields:
        value = entry.get(f)
        values = value if isinstance(value, list) else [value]
        out |= {fold_query(v) for v in values if isinstance(v, str)}
    return out


@pytest.mark.parametrize("name", ["orgs", "officials"])
def test_every_entry_has_a_source_and_a_unique_name(name: str) -> None:
    entries = _entries(name)
    assert entries
    names = [fold_query(e["name"]) for e in entries]
    assert len(names) == len(set(names))
    for e in entries:
        assert isinstance(e.get("source"), str) and e["source"].strip(), e["name"]
        assert isinstance(e.get("aliases"), list), e["name"]


@pytest.mark.parametrize("name", ["orgs", "officials"])
def test_files_are_sorted_and_formatted(name: str) -> None:
    raw = (GAZETTEER_DIR / f"{name}.json").read_text(encoding="utf-8")
    entries = json.loads(raw)
    assert [fold_query(e["name"]) for e in entries] == sorted(
        fold_query(e["name"]) for e in entries)
    assert raw == json.dumps(entries, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("name,fields", [
    ("orgs", ("name", "full_name", "aliases")),
    ("officials", ("name", "aliases")),
])
def test_aliases_do_not_collide_across_entries(name: str, fields: tuple[str, ...]) -> None:
    owner: dict[str, str] = {}
    for e in _entries(name):
        for spelling in _spellings(e, fields):
            assert owner.setdefault(spelling, e["name"]) == e["name"], spelling


def test_org_fields() -> None:
    for e in _entries("orgs"):
        assert e.get("full_name") and e.get("type"), e["name"]
        assert "country" in e


def test_official_fields() -> None:
    for e in _entries("officials"):
        assert isinstance(e.get("is_official"), bool)
        assert "country" in e
        assert len(e["name"].split()) >= 2, "a canonical name is a full name"
        for role in e["roles"]:
            assert role.get("role"), e["name"]
            for key in ("from", "to"):
                assert role.get(key) is None or ISO.match(role[key]), (e["name"], role)
            if role.get("from") and role.get("to"):
                assert role["from"] <= role["to"], e["name"]


def test_matcher_prefers_the_longest_phrase() -> None:
    m = build_matcher([{"name": "Niger"}, {"name": "Niger River"}])
    text = "Boats on the Niger River and in Niger."
    found = [(text[x.start:x.end], x.payload["name"]) for x in m.find(text, text.lower())]
    assert found == [("Niger River", "Niger River"), ("Niger", "Niger")]


def test_matcher_needs_the_capitals_of_the_alias() -> None:
    assert case_ok("US", "US") and not case_ok("us", "US")
    assert case_ok("MALI", "Mali") and not case_ok("mali", "Mali")
    assert case_ok("FAMA", "FAMa") and not case_ok("Fama", "FAMa")


def test_matcher_crosses_line_breaks_but_not_commas() -> None:
    m = PhraseMatcher([("National Assembly", 1), ("Truth, Justice Commission", 2)])
    text = "the National \nAssembly met; Truth Justice Commission; Truth, Justice Commission"
    found = [x.payload for x in m.find(text, text.lower())]
    assert found == [1, 2]


def test_matcher_finds_nothing_in_a_long_run_of_first_words() -> None:
    """A run of the phrase's first word is no match (its speed is timed by benchmarks/run.py)."""
    m = build_matcher([{"name": "A B C D E F"}])
    text = "A " * 200_000
    assert m.find(text, text.lower()) == []
    closed = text + "A B C D E F"
    assert [x.payload["name"] for x in m.find(closed, closed.lower())] == ["A B C D E F"]


def test_regional_leaders_and_bodies_are_listed() -> None:
    from mali_facts.extract.gazetteer import official_matcher, org_matcher

    for name in ("Bola Tinubu", "Macky Sall", "Abdoulaye Diop", "Iyad Ag Ghaly"):
        assert official_matcher().lookup(name), name
    for name in ("AIGE", "ICRC", "MSF", "Africa Corps", "Front de libération de l'Azawad"):
        assert org_matcher().lookup(name), name
