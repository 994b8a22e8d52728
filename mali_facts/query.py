"""Filters: from search terms and options to the matching fact records.

Works on plain dicts (records) so it needs neither TinyDB nor Rich, and stays cheap to
import on the query path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from mali_facts.errors import UsageError
from mali_facts.text import fold, fold_query

Record = dict[str, Any]

# The fields a search term is looked for in. Entities match on what names them (not
# their evidence sentence, which names other people too); dates and figures also match
# on the sentence they came from ("dates kidal" finds when the army took Kidal).
ENTITY_SEARCH_FIELDS = ("text", "name", "aliases", "full_name", "role", "org", "country",
                        "region", "type", "acronym")
EVENT_SEARCH_FIELDS = ("text", "event", "counts", "unit", "context", "evidence", "date")
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "date": EVENT_SEARCH_FIELDS,
    "figure": EVENT_SEARCH_FIELDS,
    "official": ENTITY_SEARCH_FIELDS,
    "place": ENTITY_SEARCH_FIELDS,
    "org": ENTITY_SEARCH_FIELDS,
}

_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date_bound(text: str, option: str = "--from") -> tuple[dt.date, dt.date]:
    """``2021`` / ``2021-05`` / ``2021-05-24`` -> the first and last day it covers."""
    match = _DATE_BOUND.fullmatch(text.strip())
    if not match:
        raise UsageError(
            f"{option}: {text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            import calendar

            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        one_day = dt.date(year, month, day)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a valid date") from None
    return one_day, one_day


def date_interval(value: Any) -> tuple[dt.date, dt.date] | None:
    """The days an ISO-like fact date covers: ``2021``, ``2021-05``, ``2021-W20``,
    ``2021-05-24TNI``, ranges ``2019/2020``; None when unresolved or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = date_interval(first), date_interval(last)
        return (a[0], b[1]) if a and b else None
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    try:
        if week:
            monday = dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            return monday, monday + dt.timedelta(days=6)
        return parse_date_bound(value.split("T")[0])
    except (UsageError, ValueError):
        return None


def parse_number(text: str, option: str) -> float:
    try:
        value = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        value = float("nan")
    if value != value:  # NaN, from the text or from a failed parse
        raise UsageError(f"{option}: {text!r} is not a number")
    return value


class Filters(NamedTuple):
    """Everything a listing command can ask for; empty means "no constraint"."""

    kinds: Sequence[str] = ()
    terms: Sequence[str] = ()
    doc: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    min_value: str | None = None
    max_value: str | None = None
    unit: str | None = None
    measure: str | None = None
    role: str | None = None
    org: str | None = None
    place_type: str | None = None
    region: str | None = None
    country: str | None = None
    include_non_officials: bool = True


def _field_text(record: Record, name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value if not isinstance(v, list))
    return str(value)


def search_text(record: Record) -> str:
    """The folded text a search term must be found in."""
    fields = SEARCH_FIELDS.get(str(record.get("kind")), ENTITY_SEARCH_FIELDS)
    return fold_query(" | ".join(_field_text(record, name) for name in fields))


def _contains(record: Record, name: str, wanted: str | None) -> bool:
    return wanted is None or fold_query(wanted) in fold_query(_field_text(record, name))


def parse_bounds(filters: Filters) -> tuple[dt.date | None, dt.date | None,
                                             float | None, float | None]:
    """Check and parse the range options; a bad value is a :class:`UsageError`."""
    date_from = parse_date_bound(filters.date_from, "--from")[0] if filters.date_from else None
    date_to = parse_date_bound(filters.date_to, "--to")[1] if filters.date_to else None
    low = parse_number(filters.min_value, "--min") if filters.min_value is not None else None
    high = parse_number(filters.max_value, "--max") if filters.max_value is not None else None
    return date_from, date_to, low, high


def select(records: Iterable[Record], filters: Filters) -> list[Record]:
    """The records that satisfy every filter, in the order given."""
    terms = [fold_query(t) for t in filters.terms if t.strip()]
    date_from, date_to, low, high = parse_bounds(filters)
    kinds = set(filters.kinds)
    out: list[Record] = []
    for record in records:
        if kinds and record.get("kind") not in kinds:
            continue
        if filters.doc is not None and record.get("doc") != filters.doc:
            continue
        if date_from or date_to:
            span = date_interval(record.get("date"))
            if span is None or (date_from and span[1] < date_from) or (
                    date_to and span[0] > date_to):
                continue
        if low is not None or high is not None:
            value = record.get("value")
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            if (low is not None and value < low) or (high is not None and value > high):
                continue
        if not (_contains(record, "unit", filters.unit) and _contains(record, "role", filters.role)
                and _contains(record, "org", filters.org)
                and _contains(record, "region", filters.region)
                and _contains(record, "country", filters.country)):
            continue
        if filters.place_type is not None and fold_query(filters.place_type) != fold_query(
                _field_text(record, "type")):
            continue
        if filters.measure is not None and fold_query(filters.measure) != fold_query(
                _field_text(record, "measure")):
            continue
        if not filters.include_non_officials and record.get("is_official") is False:
            continue
        if terms:
            haystack = search_text(record)
            if not all(term in haystack for term in terms):
                continue
        out.append(record)
    return out


def raw_prefilter(terms: Sequence[str]) -> Callable[[bytes], bool] | None:
    """A cheap test on a record's raw JSON bytes that every search term could match.

    Each word of each term must occur in the folded JSON text: a record whose search
    fields contain the term contains its words, so the test can pass records the real
    match refuses but never refuses one it would pass. It spares parsing most records of
    a large store.
    """
    words = sorted({word for term in terms for word in fold_query(term).split()
                    if any(c.isalnum() for c in word)})
    if not words or not all(word.isprintable() for word in words):
        return None  # control characters are escaped in the file: no cheap test

    def could_match(block: bytes) -> bool:
        text = fold(block.decode("utf-8", "replace"))
        if "\\" in text:  # JSON escapes
            if "\\u" in text:
                return True  # \uXXXX escapes: too rare to decode here, let the parser decide
            text = text.replace('\\"', '"').replace("\\\\", "\\")
        return all(word in text for word in words)

    return could_match


def sort_records(records: list[Record], sort: str | None, kind: str | None = None) -> list[Record]:
    """Sort by a field (``-field`` for descending); dates default to chronological order."""
    if not sort:
        if kind == "date":
            return sorted(records, key=chronological_key)
        return records
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name == "date":
        dated = [r for r in records if date_interval(r.get("date")) is not None]
        undated = [r for r in records if date_interval(r.get("date")) is None]
        return sorted(dated, key=chronological_key, reverse=descending) + undated

    def key(record: Record) -> tuple[int, Any]:
        value = record.get(name)
        if value is None:
            return (1, "")  # missing values last
        if isinstance(value, bool):
            return (0, int(value))
        if isinstance(value, int | float):
            return (0, value)
        return (0, fold_query(str(value)))

    present = [r for r in records if r.get(name) is not None]
    missing = [r for r in records if r.get(name) is None]
    try:
        present.sort(key=key, reverse=descending)
    except TypeError:  # numbers and text mixed in one field: compare as text
        present.sort(key=lambda r: fold_query(str(r.get(name))), reverse=descending)
    return present + missing


def chronological_key(record: Record) -> tuple[int, dt.date, dt.date, str]:
    span = date_interval(record.get("date"))
    if span is None:
        return (1, dt.date.max, dt.date.max, str(record.get("id")))
    return (0, span[0], span[1], str(record.get("id")))


def entity_names(records: Iterable[Record]) -> list[str]:
    """Every canonical name and alias in the store (for suggestions and completion)."""
    names: set[str] = set()
    for record in records:
        if record.get("kind") in ("official", "place", "org"):
            aliases = record.get("aliases") or []
            for value in [record.get("name"), record.get("full_name"), *aliases]:
                if isinstance(value, str) and value:
                    names.add(value)
    return sorted(names)


def suggest(terms: Sequence[str], records: Iterable[Record], limit: int = 3) -> list[str]:
    """Canonical names close to the search terms, for "did you mean" when nothing matched."""
    import difflib

    canonical_of: dict[str, str] = {}
    for record in records:
        if record.get("kind") not in ("official", "place", "org"):
            continue
        canonical = str(record.get("name") or record.get("text"))
        for variant in entity_names([record]):
            key = fold_query(variant)
            canonical_of.setdefault(key, canonical)
            for word in key.split():
                if len(word) > 2:
                    canonical_of.setdefault(word, canonical)
    wanted: list[str] = []
    for term in terms:
        for match in difflib.get_close_matches(fold_query(term), list(canonical_of), n=limit,
                                               cutoff=0.7):
            if canonical_of[match] not in wanted:
                wanted.append(canonical_of[match])
    return wanted[:limit]


def fact_detail(record: Record, document: Record | None, same_doc: Iterable[Record]) -> Record:
    """What ``show`` prints: every field in order, the evidence split around the fact,
    and the other facts from the same sentence."""
    from mali_facts.fields import COMMON_FIELDS, KIND_FIELDS

    order = list(COMMON_FIELDS) + list(KIND_FIELDS.get(str(record.get("kind")), ()))
    order += sorted(k for k in record if k not in order)
    fields = [(name, record.get(name)) for name in order if name in record]
    evidence = str(record.get("evidence") or "")
    surface = " ".join(str(record.get("text") or "").split())
    at = evidence.find(surface) if surface else -1
    if at < 0:
        parts = (evidence, "", "")
    else:
        parts = (evidence[:at], evidence[at:at + len(surface)], evidence[at + len(surface):])
    related = [r for r in same_doc if r.get("id") != record.get("id")
               and r.get("doc") == record.get("doc") and evidence
               and r.get("evidence") == evidence]
    return {"fact": record, "fields": fields, "document": document,
            "evidence_parts": parts, "related": related}


def document_fields(document: Record) -> list[Record]:
    """A document's metadata for ``show DOC``: each field, its value and where the value
    came from (``meta_source``: an option, the manifest, the HTML, a dateline...)."""
    from mali_facts.fields import DOCUMENT_FIELDS

    sources = document.get("meta_source")
    sources = sources if isinstance(sources, dict) else {}
    rows: list[Record] = []
    for name in DOCUMENT_FIELDS:
        if name in ("id", "meta_source") or document.get(name) is None:
            continue
        rows.append({"field": name, "value": document[name], "from": sources.get(name)})
    return rows


def store_stats(facts: Sequence[Record], documents: Sequence[Record]) -> list[Record]:
    """Counts for ``stats``: documents, facts, and facts per kind."""
    from mali_facts.fields import KINDS

    rows: list[Record] = [{"key": "documents", "value": len(documents)},
                          {"key": "facts", "value": len(facts)}]
    for kind in KINDS:
        rows.append({"key": f"facts.{kind}",
                     "value": sum(1 for f in facts if f.get("kind") == kind)})
    dates = sorted(d for f in facts if (d := date_interval(f.get("date"))))
    if dates:
        rows.append({"key": "dates.earliest", "value": dates[0][0].isoformat()})
        rows.append({"key": "dates.latest", "value": max(d[1] for d in dates).isoformat()})
    return rows


ENTITY_KINDS = ("official", "place", "org")


def entity_key(record: Record) -> tuple[str, str]:
    """What makes two entity facts the same entity: kind and folded canonical name."""
    return str(record.get("kind")), fold_query(str(record.get("name") or record.get("text")))


def merge_entities(records: Iterable[Record]) -> list[Record]:
    """One row per canonical entity across documents, in order of first appearance.

    The row keeps the first fact's fields (and id), joins the distinct roles, and counts
    ``mentions`` (every occurrence in every document) and ``documents`` (how many state it;
    ``sources`` is the same count, the corroboration column every listing can show).
    Linear in the records: a person named in 40,000 documents is one pass, not 40,000
    scans of the documents seen so far.
    """
    merged: dict[tuple[str, str], Record] = {}
    seen_docs: dict[tuple[str, str], set[Any]] = {}
    seen_roles: dict[tuple[str, str], set[str]] = {}
    folded: dict[str, str] = {}

    def fold_once(text: str) -> str:
        value = folded.get(text)
        if value is None:
            value = folded[text] = fold_query(text)
        return value

    for record in records:
        key = (str(record.get("kind")), fold_once(str(record.get("name") or record.get("text"))))
        spans = record.get("mentions")
        count = len(spans) if isinstance(spans, list) and spans else 1
        row = merged.get(key)
        doc = record.get("doc")
        if row is None:
            row = dict(record, ids=[record.get("id")], docs=[doc], mentions=count)
            merged[key] = row
            seen_docs[key] = {doc}
            role = record.get("role")
            seen_roles[key] = {fold_once(part) for part in str(role).split("; ")} if role \
                else set()
            continue
        row["ids"].append(record.get("id"))
        row["mentions"] += count
        if doc not in seen_docs[key]:
            seen_docs[key].add(doc)
            row["docs"].append(doc)
        for name in ("role", "org", "type", "full_name", "region", "country"):
            value = record.get(name)
            if name == "role" and value and row.get(name):
                role = fold_once(str(value))
                if role not in seen_roles[key]:
                    seen_roles[key].update(fold_once(p) for p in str(value).split("; "))
                    seen_roles[key].add(role)
                    row[name] = f"{row[name]}; {value}"
            elif value and not row.get(name):
                row[name] = value
                if name == "role":
                    seen_roles[key].update(fold_once(part) for part in str(value).split("; "))
    for row in merged.values():
        row["documents"] = row["sources"] = len(row["docs"])
        row["doc"] = ",".join(str(d) for d in row["docs"])
    return list(merged.values())


def scene_matches(store: Any, filters: Filters, found: Sequence[Record]) -> list[Record]:
    """Dates and figures whose sentence says "the city" where the place is named just
    before it or in the title: matched on that place, and marked ``scene`` (inferred)."""
    terms = [fold_query(t) for t in filters.terms if t.strip()]
    places = [p for p in store.iter_facts(("place",), raw_prefilter(filters.terms))
              if any(t in search_text(p) for t in terms)]
    if not places:
        return []
    from mali_facts.analysis.context import build_contexts

    docs = {str(p.get("doc")) for p in places}
    seen = {r.get("id") for r in found}
    local = [r for r in store.iter_facts(tuple(filters.kinds) + ("place",),
                                         lambda block: any(f'"{d}-'.encode() in block
                                                           for d in docs))
             if str(r.get("doc")) in docs]
    contexts = build_contexts(local, [store.document(d) or {"id": d} for d in docs])
    unfiltered = select([r for r in local if r.get("kind") != "place"
                         and r.get("id") not in seen], filters._replace(terms=()))
    out: list[Record] = []
    for record in unfiltered:
        scene = contexts[str(record.get("doc"))].scene(record)
        if not scene.how.startswith("inferred"):
            continue
        place_text = " ".join(search_text(p) for p in places if p.get("doc") == record.get(
            "doc") and p.get("name") in scene.places)
        haystack = search_text(record) + " | " + place_text
        if place_text and all(t in haystack for t in terms):
            out.append(dict(record, scene=f"{', '.join(scene.places)} ({scene.how})"))
    return out
