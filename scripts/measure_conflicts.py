"""Precision and recall of ``conflicts`` (and the timeline merge) on an overlap gold set.

    python scripts/measure_conflicts.py                       # tests/overlap, fresh store
    python scripts/measure_conflicts.py GOLD_DIR [--errors]

The articles of GOLD_DIR are ingested into a temporary store, each with ``--published``
from its gold file's ``as_of``. A predicted conflict is right when a fact of each of its
two sides overlaps (same document, intersecting span) a gold fact of one gold conflict,
the two gold facts having different values. A gold conflict is found when a right
prediction matches it. The timeline is scored by pairs of date facts: predicted in one
row versus gold in one event (publication dates left out).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any

from mali_facts.analysis.conflicts import find_conflicts
from mali_facts.analysis.timeline import timeline
from mali_facts.ingest import ingest_files
from mali_facts.store import FactStore

Gold = dict[tuple[str, str], list[tuple[int, int]]]


def build_store(gold_dir: Path, store: Path) -> None:
    for gold in sorted(gold_dir.glob("ov*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        ingest_files(store, [str(gold_dir / data["file"])], published=data["as_of"],
                     doc_id=data["doc"])


def gold_spans(gold_dir: Path) -> Gold:
    spans: Gold = {}
    for gold in sorted(gold_dir.glob("ov*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        for fact in data["facts"]:
            found = [(fact["start"], fact["end"])]
            found += [(a["start"], a["end"]) for a in fact.get("alt_spans") or []]
            spans[(data["doc"], fact["id"])] = found
    return spans


def overlaps(record: dict[str, Any], doc: str, spans: list[tuple[int, int]]) -> bool:
    if record.get("doc") != doc:
        return False
    start, end = int(record.get("start") or 0), int(record.get("end") or 0)
    return any(start < b and a < end for a, b in spans)


def matches(row: dict[str, Any], by_id: dict[str, dict[str, Any]], relation: dict[str, Any],
            spans: Gold) -> bool:
    """Both sides of *row* hit gold facts of *relation* with different gold values."""
    values = relation.get("values") or [None] * len(relation["facts"])

    def hits(ids: str) -> set[str]:
        found = set()
        for fact_id in ids.split(","):
            record = by_id.get(fact_id, {})
            for (doc, gold_id), value in zip(map(tuple, relation["facts"]), values, strict=False):
                if overlaps(record, doc, spans[(doc, gold_id)]):
                    found.add(json.dumps(value))
        return found

    side_a, side_b = hits(row["ids_a"]), hits(row["ids_b"])
    return any(a != b for a in side_a for b in side_b)


def score_conflicts(rows: list[dict[str, Any]], facts: list[dict[str, Any]],
                    relations: dict[str, Any], spans: Gold, errors: bool) -> dict[str, Any]:
    by_id = {str(f["id"]): f for f in facts}
    found: set[str] = set()
    right = 0
    for row in rows:
        hit = [c["id"] for c in relations["conflicts"] if matches(row, by_id, c, spans)]
        found.update(hit)
        right += bool(hit)
        if errors:
            wrong = [n["id"] for n in relations["not_conflicts"]
                     if matches(row, by_id, n, spans)]
            mark = ",".join(hit) if hit else ("WRONG " + ",".join(wrong) if wrong else "WRONG")
            print(f"  {mark}: {row['type']} {row['value_a']} ({row['docs_a']}) vs "
                  f"{row['value_b']} ({row['docs_b']}) | {row['about'][:60]}", file=sys.stderr)
    total = len(relations["conflicts"])
    if errors:
        missed = [c["id"] for c in relations["conflicts"] if c["id"] not in found]
        print(f"  missed: {', '.join(missed) or 'none'}", file=sys.stderr)
    return {"predicted": len(rows), "right": right, "gold": total, "found": len(found),
            "precision": round(right / len(rows), 3) if rows else 0.0,
            "recall": round(len(found) / total, 3) if total else 0.0}


def score_timeline(facts: list[dict[str, Any]], relations: dict[str, Any],
                   spans: Gold) -> dict[str, Any]:
    event_of: dict[str, str] = {}
    for event in relations["events"]:
        if event.get("date_role") == "publication":
            continue
        for doc, gold_id in event["facts"]:
            for record in facts:
                if record.get("kind") == "date" and overlaps(record, doc, spans[(doc, gold_id)]):
                    event_of[str(record["id"])] = event["id"]
    row_of = {fact_id: n for n, row in enumerate(timeline(facts))
              for fact_id in row["ids"].split(",")}
    placed = sorted(i for i in event_of if i in row_of)
    tp = fp = fn = 0
    for a, b in combinations(placed, 2):
        same_row, same_event = row_of[a] == row_of[b], event_of[a] == event_of[b]
        tp += same_row and same_event
        fp += same_row and not same_event
        fn += same_event and not same_row
    return {"date_facts": len(placed), "pairs_right": tp, "pairs_wrong": fp,
            "pairs_missed": fn,
            "pair_precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "pair_recall": round(tp / (tp + fn), 3) if tp + fn else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir", nargs="?", type=Path, default=Path("tests/overlap"))
    parser.add_argument("--errors", action="store_true", help="list every prediction")
    args = parser.parse_args()
    relations = json.loads((args.gold_dir / "relations.json").read_text(encoding="utf-8"))
    spans = gold_spans(args.gold_dir)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "overlap.json"
        build_store(args.gold_dir, path)
        store = FactStore.open(path)
        facts, documents = store.facts(), store.documents()
    conflicts, agreements = find_conflicts(facts, documents)
    result = {"conflicts": score_conflicts(conflicts, facts, relations, spans, args.errors),
              "agreements_listed": len(agreements),
              "timeline": score_timeline(facts, relations, spans)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
