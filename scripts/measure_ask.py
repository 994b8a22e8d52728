"""Share of questions whose expected answer is the first, or among the first three, of `ask`.

    python scripts/measure_ask.py tests/questions/seeds.json            # the shipped store
    python scripts/measure_ask.py QUESTIONS.json --db STORE.json [--errors]

Each question is a {question, kind, answer, accept, doc, gold_id} object; an answer row
is right when its kind is the expected kind and its value is the answer or an accepted
one (dates and names compared folded, numbers numerically).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mali_facts.analysis.ask import ask
from mali_facts.config import resolve_store
from mali_facts.store import FactStore
from mali_facts.text import fold_query


def values_of(record: dict[str, Any]) -> list[str]:
    kind = record.get("kind")
    if kind == "date":
        return [str(record.get("date"))]
    if kind == "figure":
        return [str(record.get("value"))]
    return [str(v) for v in [record.get("name"), record.get("full_name"),
                             *(record.get("aliases") or [])] if isinstance(v, str)]


def is_right(row: dict[str, Any], item: dict[str, Any]) -> bool:
    fact = row["fact"]
    if fact.get("kind") != item["kind"]:
        return False
    wanted = [item["answer"], *item.get("accept", [])]
    if item["kind"] == "figure":
        try:
            value = float(fact.get("value"))
        except (TypeError, ValueError):
            return False
        return any(_number(w) == value for w in wanted)
    folded = {fold_query(str(w)) for w in wanted}
    return any(fold_query(v) in folded for v in values_of(fact))


def _number(text: Any) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--db", default=None, help="store file [default: as mali-facts]")
    parser.add_argument("--errors", action="store_true", help="list the questions missed")
    args = parser.parse_args()
    items = json.loads(args.questions.read_text(encoding="utf-8"))
    store = FactStore.open(resolve_store(args.db).path)
    facts, documents = store.facts(), store.documents()
    top1 = top3 = 0
    for item in items:
        rows = ask(item["question"], facts, documents, limit=3)
        hits = [is_right(r, item) for r in rows]
        top1 += bool(hits[:1] and hits[0])
        top3 += any(hits)
        if args.errors and not hits[:1] or args.errors and not hits[0]:
            got = "; ".join(f"{r['kind']}:{r['answer']}" for r in rows) or "(nothing)"
            print(f"{'TOP3' if any(hits) else 'MISS'} [{item['kind']}] {item['question']}"
                  f" -> want {item['answer']}; got {got}", file=sys.stderr)
    n = len(items)
    print(json.dumps({"questions": n, "top1": round(top1 / n, 3), "top3": round(top3 / n, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
