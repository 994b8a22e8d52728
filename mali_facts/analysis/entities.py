"""One person, place or organization across documents: who it is, what roles it held
and when, the facts stated alongside it, and the documents that mention it.

Also "who held this office at that date", from dated roles; a role whose fact gives no
time is taken to hold on its document's publication date, and the row says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mali_facts.analysis.context import build_contexts
from mali_facts.query import ENTITY_KINDS, date_interval, entity_key, merge_entities
from mali_facts.text import fold_query

Record = dict[str, Any]

#: Profile rows' columns (``show NAME``), in their stable TSV order.
PROFILE_COLUMNS = ("section", "kind", "what", "time", "status", "doc", "id")
#: ``officials --at`` rows: the merged entity columns, then when and how that was known.
HOLDER_COLUMNS = ("id", "name", "role", "org", "country", "doc", "time", "status", "basis")

_NOT_HOLDING = {"former", "ousted", "dismissed", "resigned"}


def find_entity(query: str, facts: Iterable[Record]) -> list[Record]:
    """The entity facts named *query* (canonical name, alias or one fact's id)."""
    wanted = fold_query(query)
    records = [r for r in facts if r.get("kind") in ENTITY_KINDS]
    by_id = [r for r in records if r.get("id") == query]
    if by_id:
        key = entity_key(by_id[0])
        return [r for r in records if entity_key(r) == key]
    def names(record: Record) -> set[str]:
        return {fold_query(str(n)) for n in [record.get("name"), record.get("full_name"),
                record.get("acronym"), *(record.get("aliases") or [])] if n}

    named = [r for r in records if wanted in names(r)]
    if not named:  # one or more whole words of a name: "goita", "sadio camara"
        named = [r for r in records if any(f" {wanted} " in f" {n} " for n in names(r))]
    if not named:
        return []
    key = entity_key(named[0])  # an ambiguous alias: the first entity it names
    return [r for r in records if entity_key(r) == key]


def role_time(record: Record, documents: dict[str, Record]) -> tuple[str, str]:
    """When the role holds, and how that is known ("stated" or inferred)."""
    if record.get("time"):
        return str(record["time"]), "stated"
    published = (documents.get(str(record.get("doc"))) or {}).get("published")
    if published:
        return str(published), "inferred from the document date"
    return "", "unknown"


def profile(entity: Sequence[Record], facts: Iterable[Record],
            documents: Iterable[Record]) -> tuple[Record, list[Record]]:
    """The merged entity and its rows: roles, facts of the same sentences, documents."""
    docs = {str(d.get("id")): d for d in documents}
    merged = merge_entities(entity)[0]
    rows: list[Record] = []
    for record in entity:
        if record.get("kind") == "official" and record.get("role"):
            when, how = role_time(record, docs)
            rows.append({"section": "role", "kind": "official", "what": record["role"],
                         "time": when if how == "stated" else f"{when} ({how})",
                         "status": record.get("status") or "", "doc": record.get("doc"),
                         "id": record.get("id")})
    facts = list(facts)
    contexts = build_contexts(facts, docs.values())
    sentences = {(r.get("doc"), s) for r in entity
                 for s in contexts[str(r.get("doc"))].sentences_mentioning(r)}
    ids = {r.get("id") for r in entity}
    for record in facts:
        if record.get("id") not in ids and (record.get("doc"), record.get("evidence")) in \
                sentences:
            rows.append({"section": "fact", "kind": record.get("kind"),
                         "what": _summary(record), "time": record.get("date") or "",
                         "status": "", "doc": record.get("doc"), "id": record.get("id")})
    for doc in merged["docs"]:
        document = docs.get(str(doc)) or {}
        rows.append({"section": "document", "kind": "document",
                     "what": document.get("title") or "", "time":
                     document.get("published") or "", "status": document.get("outlet") or "",
                     "doc": doc, "id": doc})
    return merged, rows


def _summary(record: Record) -> str:
    kind = record.get("kind")
    if kind == "date":
        return f"{record.get('date') or '?'} {record.get('event') or ''}".strip()
    if kind == "figure":
        value = record.get("value")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{value} {record.get('counts') or record.get('unit') or ''}".strip()
    return str(record.get("name") or record.get("text") or "")


def holders(facts: Iterable[Record], documents: Iterable[Record], role: str | None,
            at: str) -> list[Record]:
    """Who held an office (role containing *role*) at the date *at* (YYYY[-MM[-DD]])."""
    from mali_facts.query import parse_date_bound

    low, high = parse_date_bound(at, "--at")
    docs = {str(d.get("id")): d for d in documents}
    wanted = fold_query(role) if role else ""
    out: list[Record] = []
    for record in facts:
        if record.get("kind") != "official" or wanted not in fold_query(
                str(record.get("role") or "")):
            continue
        if str(record.get("status") or "") in _NOT_HOLDING and not record.get("time"):
            continue
        when, how = role_time(record, docs)
        span = date_interval(when)
        if span is None or span[1] < low or span[0] > high:
            continue
        row = dict(record, time=when, basis=how, status=record.get("status") or "")
        key = entity_key(record)
        kept = next((r for r in out if entity_key(r) == key), None)
        if kept is None:
            out.append(row)
        elif kept["basis"] != "stated" and how == "stated":
            out[out.index(kept)] = row
    return out
