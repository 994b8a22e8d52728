#!/usr/bin/env python3
"""Validate the places and demonyms gazetteers (mali_facts/extract/gazetteer/).

Checks: each file parses, is written canonically (sorted keys, 1-space indent,
ensure_ascii=False, trailing newline) and sorted by name; places have every field with the
right type; names and aliases are unique after accent/case folding, across all entries;
countries named by entries exist as country entries; demonyms point at known places and do
not collide with place names.

    python3 scripts/check_places.py        # exit 0 = clean, 1 = problems listed
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mali_facts.text import fold  # noqa: E402

GAZ = ROOT / "mali_facts" / "extract" / "gazetteer"
TYPES = {"country", "region", "cercle", "city", "town", "village", "area", "river"}
PLACE_FIELDS = {
    "name": str, "aliases": list, "type": str, "region": (str, type(None)),
    "country": (str, type(None)), "lat": (int, float), "lon": (int, float),
    "geonameid": (int, type(None)), "ambiguous": bool, "also_region": bool, "source": str,
}
DEMONYM_FIELDS = {"demonym": str, "place": str, "source": str}


def _load(path: Path, problems: list[str]) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    canonical = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if text != canonical:
        problems.append(f"{path.name}: not written canonically "
                        "(json.dumps(ensure_ascii=False, indent=1, sort_keys=True) + newline)")
    if not isinstance(data, list):
        problems.append(f"{path.name}: top level is not a list")
        return []
    return data


def _fields(name: str, entry: dict, spec: dict, problems: list[str]) -> None:
    missing = spec.keys() - entry.keys()
    extra = entry.keys() - spec.keys()
    if missing:
        problems.append(f"{name}: missing fields {sorted(missing)}")
    if extra:
        problems.append(f"{name}: unexpected fields {sorted(extra)}")
    for key, typ in spec.items():
        if key in entry and not isinstance(entry[key], typ):
            problems.append(f"{name}: field {key!r} has type {type(entry[key]).__name__}")


def check_places(places: list[dict], problems: list[str]) -> None:
    names = [p.get("name", "") for p in places]
    if names != sorted(names):
        problems.append("places.json: not sorted by name")
    owner: dict[str, str] = {}
    for p in places:
        name = p.get("name", "?")
        _fields(name, p, PLACE_FIELDS, problems)
        if p.get("type") not in TYPES:
            problems.append(f"{name}: bad type {p.get('type')!r}")
        if not p.get("source"):
            problems.append(f"{name}: empty source")
        lat, lon = p.get("lat"), p.get("lon")
        if not isinstance(lat, (int, float)) or not -90 <= lat <= 90:
            problems.append(f"{name}: bad lat {lat!r}")
        if not isinstance(lon, (int, float)) or not -180 <= lon <= 180:
            problems.append(f"{name}: bad lon {lon!r}")
        if p.get("country") is None and p.get("type") not in ("area", "river"):
            problems.append(f"{name}: country is null but type is {p.get('type')}")
        if p.get("also_region") and p.get("type") not in ("city", "town"):
            problems.append(f"{name}: also_region on a {p.get('type')}")
        seen_here: set[str] = set()
        for form in [name, *p.get("aliases", [])]:
            if not isinstance(form, str) or not form.strip():
                problems.append(f"{name}: empty name/alias")
                continue
            key = fold(form)
            if key in seen_here:
                problems.append(f"{name}: alias {form!r} only repeats another form after folding")
            seen_here.add(key)
            if key in owner and owner[key] != name:
                problems.append(f"collision: {form!r} is both {owner[key]!r} and {name!r}")
            owner[key] = name
    countries = {p["name"] for p in places if p.get("type") == "country"}
    regions = {p["name"] for p in places if p.get("country") == "Mali" and p.get("also_region")}
    for p in places:
        if p.get("country") is not None and p["country"] not in countries:
            problems.append(f"{p['name']}: country {p['country']!r} is not a country entry")
        region = p.get("region")
        if p.get("country") == "Mali" and region is not None and region not in regions:
            problems.append(f"{p['name']}: Mali region {p['region']!r} is not an also_region entry")


def check_demonyms(demonyms: list[dict], places: list[dict], problems: list[str]) -> None:
    keys = [d.get("demonym", "") for d in demonyms]
    if keys != sorted(keys):
        problems.append("demonyms.json: not sorted by demonym")
    place_names = {p["name"] for p in places}
    place_forms = {fold(f) for p in places for f in [p["name"], *p.get("aliases", [])]}
    seen: set[str] = set()
    for d in demonyms:
        word = d.get("demonym", "?")
        _fields(word, d, DEMONYM_FIELDS, problems)
        if d.get("place") not in place_names:
            problems.append(f"demonym {word!r}: place {d.get('place')!r} not in places.json")
        key = fold(word)
        if key in seen:
            problems.append(f"demonym {word!r} listed twice (after folding)")
        seen.add(key)
        if key in place_forms:
            problems.append(f"demonym {word!r} is also a place name/alias")


def main() -> int:
    problems: list[str] = []
    places = _load(GAZ / "places.json", problems)
    demonyms = _load(GAZ / "demonyms.json", problems)
    check_places(places, problems)
    check_demonyms(demonyms, places, problems)
    for line in problems:
        print(line)
    from collections import Counter
    counts = Counter(p.get("type") for p in places)
    print(f"{len(places)} places ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), "
          f"{len(demonyms)} demonyms: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
