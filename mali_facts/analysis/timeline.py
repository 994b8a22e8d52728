"""Events in date order across documents; one row for an event several sources report.

Two dated facts are the same event when their dates are compatible (one interval holds
the other: "November 2023" and "14 November 2023") and their events share enough
content words (stemmed), or name the same place or actor. Publication and name dates are
not events and are left out. Imprecise dates sort by their first day and show their
precision.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mali_facts.analysis.words import content_stems
from mali_facts.query import date_interval

Record = dict[str, Any]

#: Timeline rows' columns, in their stable TSV order.
TIMELINE_COLUMNS = ("date", "precision", "event", "sources", "docs", "ids", "text")

#: Share of shared event words (of the smaller event) that makes two reports one event.
SAME_EVENT = 0.5


def _words(record: Record) -> set[str]:
    return set(content_stems(str(record.get("event") or "")))


def _compatible(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def same_event(one: Record, other: Record) -> bool:
    span_one, span_other = date_interval(one.get("date")), date_interval(other.get("date"))
    if span_one is None or span_other is None or not _compatible(span_one, span_other):
        return False
    words_one, words_other = _words(one), _words(other)
    if not words_one or not words_other:
        return False
    shared = len(words_one & words_other)
    return shared / min(len(words_one), len(words_other)) >= SAME_EVENT


def timeline(facts: Iterable[Record]) -> list[Record]:
    """Merged event rows, earliest first; each row counts and lists its sources."""
    dated = [f for f in facts if f.get("kind") == "date" and date_interval(f.get("date"))
             and f.get("date_role") not in ("publication", "name")]
    dated.sort(key=lambda f: (date_interval(f.get("date")), str(f.get("id"))))
    groups: list[list[Record]] = []
    for record in dated:
        home = next((g for g in groups if any(same_event(record, m) for m in g)), None)
        if home is None:
            groups.append([record])
        else:
            home.append(record)
    rows: list[Record] = []
    for group in groups:
        # the most precise report names the event's date; the rest corroborate it
        best = min(group, key=lambda f: _width(f))
        docs = sorted({str(f.get("doc")) for f in group})
        rows.append({"date": best.get("date"), "precision": best.get("precision"),
                     "event": best.get("event") or "", "sources": len(docs),
                     "docs": ",".join(docs), "ids": ",".join(str(f.get("id")) for f in group),
                     "text": best.get("text"), "start": date_interval(best.get("date"))})
    rows.sort(key=lambda r: (r["start"], r["ids"]))
    for row in rows:
        row["start"] = row["start"][0].isoformat()
    return rows


def _width(record: Record) -> int:
    span = date_interval(record.get("date"))
    return (span[1] - span[0]).days if span else 1 << 30
