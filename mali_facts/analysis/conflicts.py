"""Where documents disagree, and where they agree.

Each date, figure and role becomes a *claim*: what it is about (its counted thing, event
or person), where (the places named in its sentence), when (the dates of its sentence, or
its document's date) and its value. Two claims from different documents about the same
thing at the same time and place conflict when their values are incompatible at the
precision the texts give: "at least 48" is not 31, "2025-W47" holds 17 November, and
"security minister" is part of "minister of security and civil protection". A figure its
sentence marks as an update ("raised the toll to 52") is a later count, not a dispute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from mali_facts.analysis.context import build_contexts
from mali_facts.analysis.words import content_stems
from mali_facts.query import date_interval, entity_key
from mali_facts.text import fold_query

Record = dict[str, Any]
Span = tuple[dt.date, dt.date]

#: Conflict rows' columns, in their stable TSV order.
CONFLICT_COLUMNS = ("rank", "type", "about", "value_a", "docs_a", "evidence_a", "value_b",
                    "docs_b", "evidence_b", "strength", "ids_a", "ids_b")
#: Agreement rows' columns (``conflicts --agreements``).
AGREEMENT_COLUMNS = ("type", "about", "value", "sources", "docs", "evidence", "ids")

#: Days between two documents' dates that still count as one reporting moment.
REPORT_WINDOW = 3
#: Days between documents within which undated roles are taken to hold at the same time.
ROLE_WINDOW = 60
#: Share of shared words (of the smaller side) that makes two events or counts one thing.
SAME_WORDS = 0.5

_UPDATE = re.compile(r"\b(?:rais|revis|updat|up from|rose|risen|climb|new toll|now stands|"
                     r"supersed|increas|lower|brought the toll)", re.I)
# A running total is not a count of one event.
_TOTAL = re.compile(r"\b(?:since|so far|in total|altogether|cumulative|to date)\b", re.I)
_RANKS = {fold_query(r) for r in ("General", "Colonel-Major", "Colonel", "Lieutenant-Colonel",
                                  "Lieutenant", "Captain", "Major", "Commander", "Brigadier",
                                  "Brigadier General", "Major General", "Lieutenant General",
                                  "Army General", "Général", "Commandant", "Capitaine")}
# What a casualty figure counts: the dead are not the wounded.
_HARM = {"dead": {"kill", "dead", "die", "death", "fatal", "toll", "bodi", "massacr", "mort",
                  "tue"},
         "wounded": {"wound", "injur", "hurt", "bless"},
         "taken": {"kidnap", "abduct", "hostag", "seiz"},
         "fled": {"fled", "flee", "displac", "refuge"},
         "held": {"arrest", "detain", "captur"}}
# How fine a place type is: two claims are compared on the finest places each names.
_PLACE_LEVEL = {"village": 0, "town": 0, "city": 0, "locality": 0, "camp": 0, "commune": 1,
                "circle": 2, "area": 2, "district": 2, "region": 3, "country": 4}
_ROLE_STOP = {"of", "the", "for", "and", "de", "du", "des", "la", "le", "new", "former"}
_FOLDED_SPELLINGS = {"defense": "defence", "ministry": "minister"}


@dataclass(slots=True)
class Claim:
    """One fact as something a document asserts about a thing, at a place and time."""

    record: Record
    type: str  # "figure", "date" or "role"
    doc: str
    about: str
    words: frozenset[str]
    harm: str = ""
    places: frozenset[str] = frozenset()
    specific: frozenset[str] = frozenset()
    times: list[Span] = field(default_factory=list)
    stated_time: bool = False
    update: bool = False
    role: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return str(self.record.get("id"))


def _doc_day(document: Record | None) -> list[Span]:
    span = date_interval((document or {}).get("published"))
    return [span] if span else []


def _role_words(role: str, rank: Any) -> frozenset[str]:
    parts = [p.strip() for p in role.replace(",", ";").split(";")]
    ranks = _RANKS | ({fold_query(str(rank))} if rank else set())
    kept = [p for p in parts if p and fold_query(p) not in ranks]
    words = re.findall(r"[a-z]+", fold_query(" ".join(kept)))
    return frozenset(_FOLDED_SPELLINGS.get(w, w) for w in words
                     if w not in _ROLE_STOP and fold_query(w) not in ranks)


def build_claims(facts: Sequence[Record], documents: Iterable[Record]) -> list[Claim]:
    """Every date, figure and role of the store as a comparable claim."""
    docs = {str(d.get("id")): d for d in documents}
    contexts = build_contexts(facts, docs.values())
    place_type = {fold_query(str(f.get("name"))): str(f.get("type") or "")
                  for f in facts if f.get("kind") == "place"}
    sentence_dates: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for record in facts:
        span = date_interval(record.get("date")) if record.get("kind") == "date" else None
        if span and record.get("date_role") not in ("publication", "name"):
            sentence_dates[(str(record.get("doc")), str(record.get("evidence")))].append(span)
    claims: list[Claim] = []
    for record in facts:
        kind, doc = record.get("kind"), str(record.get("doc"))
        evidence = str(record.get("evidence") or "")
        context = contexts.get(doc)
        scene = [fold_query(p) for p in (context.scene(record).places if context else [])]
        places = frozenset(scene)
        finest = min((_PLACE_LEVEL.get(place_type.get(p, ""), 0) for p in scene), default=0)
        specific = frozenset(p for p in scene
                             if _PLACE_LEVEL.get(place_type.get(p, ""), 0) == finest)
        stated = sentence_dates.get((doc, evidence), [])
        if kind == "figure" and isinstance(record.get("value"), (int, float)):
            counts = str(record.get("counts") or "")
            unit = set(content_stems(str(record.get("unit") or "")))
            words = frozenset(w for w in content_stems(counts) if not w.isdigit())
            if not words - unit:
                continue  # "20 kilometres": nothing says what was measured
            harm = next((h for h, stems in _HARM.items() if words & stems), "")
            later = bool(_UPDATE.search(evidence) or _TOTAL.search(evidence))
            claims.append(Claim(record, "figure", doc, counts or str(record.get("unit") or ""),
                                words, harm, places, specific, stated or _doc_day(docs.get(doc)),
                                bool(stated), later))
        elif kind == "date" and date_interval(record.get("date")) and \
                record.get("date_role") not in ("publication", "name"):
            event = str(record.get("event") or "")
            words = frozenset(w for w in content_stems(event) if not w.isdigit())
            claims.append(Claim(record, "date", doc, event, words, "", places, specific,
                                update=bool(_UPDATE.search(event))))
        elif kind == "official" and record.get("role"):
            from mali_facts.analysis.entities import role_time

            if str(record.get("status") or "") in ("former", "ousted", "dismissed", "resigned"):
                continue
            role = _role_words(str(record["role"]), record.get("rank"))
            if not role:
                continue
            when, how = role_time(record, docs)
            span = date_interval(when)
            claims.append(Claim(record, "role", doc, str(record.get("name") or ""),
                                frozenset(), "", places, specific, [span] if span else [],
                                how == "stated", role=role))
    return claims


def _overlap(a: frozenset[str], b: frozenset[str], least: int = 1) -> bool:
    shared = len(a & b)
    return shared >= least and shared / max(min(len(a), len(b)), 1) >= SAME_WORDS


def _meets(a: Span, b: Span, slack: int = 0) -> bool:
    pad = dt.timedelta(days=slack)
    return a[0] - pad <= b[1] and b[0] - pad <= a[1]


def _same_time(one: Claim, other: Claim, window: int) -> bool:
    if not one.times or not other.times:
        return True  # nothing says they differ
    slack = 0 if one.stated_time and other.stated_time else window
    return any(_meets(a, b, slack) for a in one.times for b in other.times)


def _same_place(one: Claim, other: Claim) -> bool:
    if one.specific and other.specific:
        return bool(one.specific & other.specific)
    return True


def _family(measure: Any) -> str:
    return "people" if measure in ("people", "casualties") else str(measure or "")


def same_thing(one: Claim, other: Claim) -> bool:
    """Whether two claims are about the same thing, at the same place and time."""
    if one.type != other.type:
        return False
    if one.type == "role":
        return entity_key(one.record) == entity_key(other.record) and \
            _same_time(one, other, ROLE_WINDOW)
    if one.type == "date":
        return one.update == other.update and _overlap(one.words, other.words, least=2) \
            and _same_place(one, other)
    a, b = one.record, other.record
    if _family(a.get("measure")) != _family(b.get("measure")) or one.update != other.update:
        return False
    if a.get("measure") in ("duration", "quantity", "money", "share") and \
            fold_query(str(a.get("unit") or "")) != fold_query(str(b.get("unit") or "")):
        return False
    if one.harm and other.harm and one.harm != other.harm:
        return False
    if not (one.harm and one.harm == other.harm) and not _overlap(one.words, other.words):
        return False
    return _same_place(one, other) and _same_time(one, other, REPORT_WINDOW)


def _bounds(record: Record) -> tuple[float, float]:
    value = float(record["value"])
    qualifier = str(record.get("qualifier") or "")
    if qualifier in ("at_least", "more_than", "over"):
        return value, float("inf")
    if qualifier in ("at_most", "less_than", "under", "fewer_than"):
        return float("-inf"), value
    if qualifier in ("approx", "about", "nearly", "almost") or record.get("approx"):
        return value * 0.9, value * 1.1
    return value, value


def compatible(one: Claim, other: Claim) -> bool:
    """Whether two values can both be true at the precision the texts give."""
    if one.type == "role":
        return one.role <= other.role or other.role <= one.role
    if one.type == "date":
        a, b = date_interval(one.record.get("date")), date_interval(other.record.get("date"))
        return bool(a and b and _meets(a, b))
    low_a, high_a = _bounds(one.record)
    low_b, high_b = _bounds(other.record)
    return low_a <= high_b and low_b <= high_a


def display_value(claim: Claim) -> str:
    record = claim.record
    if claim.type == "role":
        return str(record.get("role"))
    if claim.type == "date":
        return str(record.get("date"))
    value = record.get("value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    prefix = {"at_least": "at least ", "more_than": "more than ", "approx": "about ",
              "at_most": "at most ", "less_than": "less than "}.get(
        str(record.get("qualifier") or ""), "")
    return f"{prefix}{value} {record.get('unit') or ''}".strip()


def _pairs(claims: Sequence[Claim]) -> Iterable[tuple[int, int]]:
    """Candidate pairs sharing a person, a harm or a word (never all pairs of a big store)."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        keys = {("person", entity_key(claim.record)[1])} if claim.type == "role" else \
            {(claim.type, w) for w in claim.words} | ({(claim.type, "~" + claim.harm)}
                                                      if claim.harm else set())
        for key in keys:
            index[key].append(i)
    seen: set[tuple[int, int]] = set()
    for members in index.values():
        for pair in combinations(members, 2):
            if pair not in seen:
                seen.add(pair)
                yield pair


@dataclass(slots=True)
class Side:
    """The claims of a group that agree on one value."""

    claims: list[Claim]

    @property
    def docs(self) -> list[str]:
        return sorted({c.doc for c in self.claims})


def groups(claims: Sequence[Claim]) -> list[tuple[list[Side], set[tuple[int, int]]]]:
    """Claims about the same thing, split into sides that agree; with the direct links."""
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links: set[tuple[int, int]] = set()
    for i, j in _pairs(claims):
        if same_thing(claims[i], claims[j]):
            links.add((i, j))
            parent[root(i)] = root(j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        members[root(i)].append(i)
    out: list[tuple[list[Side], set[tuple[int, int]]]] = []
    for indexes in members.values():
        if len(indexes) < 2:
            continue
        sides: list[tuple[list[int], Side]] = []
        for i in indexes:
            home = next((s for s in sides if all(compatible(claims[i], claims[k])
                                                 for k in s[0])), None)
            if home is None:
                sides.append(([i], Side([claims[i]])))
            else:
                home[0].append(i)
                home[1].claims.append(claims[i])
        out.append(([s for _, s in sides], {(i, j) for i, j in links if i in indexes}))
    return out


def _gap(one: Claim, other: Claim) -> float:
    if one.type == "figure":
        a, b = abs(float(one.record["value"])), abs(float(other.record["value"]))
        return abs(a - b) / max(a, b, 1.0)
    if one.type == "date":
        a, b = date_interval(one.record.get("date")), date_interval(other.record.get("date"))
        return min(1.0, abs((a[0] - b[0]).days) / 30) if a and b else 0.0
    return 1.0


def _linked(a: Claim, b: Claim, links: set[tuple[int, int]], where: dict[int, int]) -> bool:
    i, j = where[id(a)], where[id(b)]
    return (min(i, j), max(i, j)) in links


def _disputes(a: Claim, b: Claim, sides: Sequence[Side], links: set[tuple[int, int]],
              where: dict[int, int]) -> bool:
    """A direct disagreement: linked, from two documents, neither of which also states the
    other's value for the same thing (a document giving both is reporting, not disputing)."""
    if a.doc == b.doc or not _linked(a, b, links, where):
        return False
    for mine, theirs in ((a, b), (b, a)):
        side = next(s for s in sides if theirs in s.claims)
        if any(c.doc == mine.doc and c is not mine and _linked(c, theirs, links, where)
               for c in side.claims):
            return False
    return True


def _head(side: Side) -> Claim:
    """The side's most telling claim: stated time and a full sentence first."""
    return max(side.claims, key=lambda c: (c.stated_time, len(c.about), -len(c.id)))


def find_conflicts(facts: Sequence[Record], documents: Iterable[Record],
                   kinds: Sequence[str] = ("figure", "date", "role")
                   ) -> tuple[list[Record], list[Record]]:
    """Conflict rows (strongest first) and agreement rows (most sources first)."""
    claims = [c for c in build_claims(facts, documents) if c.type in kinds]
    where = {id(c): i for i, c in enumerate(claims)}
    conflicts: list[Record] = []
    agreements: list[Record] = []
    for sides, links in groups(claims):
        for side in sides:
            if len(side.docs) >= 2:
                head = _head(side)
                agreements.append({"type": head.type, "about": head.about,
                                   "value": display_value(head), "sources": len(side.docs),
                                   "docs": ",".join(side.docs), "evidence": head.record.get(
                                       "evidence") or "", "ids": ",".join(
                                       c.id for c in side.claims)})
        for one, other in combinations(sides, 2):
            direct = any(_disputes(a, b, sides, links, where) for a in one.claims
                         for b in other.claims)
            if not direct:
                continue
            if len(other.docs) > len(one.docs):
                one, other = other, one
            a, b = _head(one), _head(other)
            strength = min(len(one.docs), len(other.docs)) + _gap(a, b)
            conflicts.append({"type": a.type, "about": a.about or b.about,
                              "value_a": display_value(a), "docs_a": ",".join(one.docs),
                              "evidence_a": a.record.get("evidence") or "",
                              "value_b": display_value(b), "docs_b": ",".join(other.docs),
                              "evidence_b": b.record.get("evidence") or "",
                              "strength": round(strength, 2),
                              "ids_a": ",".join(c.id for c in one.claims),
                              "ids_b": ",".join(c.id for c in other.claims)})
    conflicts.sort(key=lambda r: (-r["strength"], r["type"], r["ids_a"]))
    for rank, row in enumerate(conflicts, 1):
        row["rank"] = rank
    agreements.sort(key=lambda r: (-r["sources"], r["type"], r["ids"]))
    return conflicts, agreements


def source_counts(records: Iterable[Record], facts: Sequence[Record],
                  documents: Iterable[Record]) -> dict[str, int]:
    """For each date or figure in *records*: how many documents state the same fact
    (the same value, about the same thing)."""
    claims = build_claims([f for f in facts if f.get("kind") in ("date", "figure", "place")],
                          documents)
    claims = [c for c in claims if c.type in ("date", "figure")]
    counts = {c.id: {c.doc} for c in claims}
    for sides, _ in groups(claims):
        for side in sides:
            for claim in side.claims:
                counts[claim.id] = set(side.docs)
    return {str(r.get("id")): len(counts.get(str(r.get("id")), {r.get("doc")}))
            for r in records}
