"""Score the extractor against gold annotations (the format of ``shared/gold/README.md``).

Per kind: precision, recall and F1 of spans (overlap match, each gold fact matched at
most once, optional gold facts neither rewarded nor penalised, ``ignored`` spans
penalised), the value accuracy of the matched required facts, and the accuracy of the
field that says what a fact *means* (a date's ``event``, a figure's ``counts``, an
official's ``role``): see :func:`meaning_is_right`.

Run ``python -m mali_facts.evaluate GOLD_DIR`` or ``mali-facts eval GOLD_DIR``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mali_facts.text import fold_query

GOLD_KIND = {"DATE": "date", "FIGURE": "figure", "OFFICIAL": "official",
             "PLACE": "place", "ORG": "org"}
Span = tuple[int, int]


@dataclass
class KindScore:
    """Counts for one kind; ``value_ok`` counts matched required facts with the right value."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    value_ok: int = 0
    meaning_ok: int = 0
    meaning_total: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_values: list[str] = field(default_factory=list)
    wrong_meanings: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.tp if self.tp else 1.0

    @property
    def meaning_accuracy(self) -> float | None:
        """Share of matched facts whose gold has a meaning field and that got it right."""
        return self.meaning_ok / self.meaning_total if self.meaning_total else None

    def add(self, other: KindScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.value_ok += other.value_ok
        self.meaning_ok += other.meaning_ok
        self.meaning_total += other.meaning_total
        self.misses += other.misses
        self.false_positives += other.false_positives
        self.wrong_values += other.wrong_values
        self.wrong_meanings += other.wrong_meanings


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def gold_spans(fact: dict[str, Any]) -> list[Span]:
    spans = [(fact["start"], fact["end"])]
    if "ext" in fact:
        spans.append((fact["ext"]["start"], fact["ext"]["end"]))
    spans += [(a["start"], a["end"]) for a in fact.get("alt_spans", [])]
    spans += [(m["start"], m["end"]) for m in fact.get("mentions", [])]
    return spans


def predicted_spans(record: dict[str, Any]) -> list[Span]:
    spans = [(record["start"], record["end"])]
    spans += [(int(s), int(e)) for s, e in record.get("mentions") or []]
    return spans


def value_is_right(kind: str, record: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Does the predicted value equal the gold value, by the rules of the gold README?"""
    if kind == "date":
        wanted = {str(gold["value"])} | {str(v) for v in gold.get("accept", [])}
        wanted |= {str(v["value"]) for v in gold.get("values", [])}
        got = str(record.get("date"))
        return got in wanted or month_range(got) in wanted
    if kind == "figure":
        try:
            want = float(gold["value"])
            # fractions are stored rounded (1/3 -> 0.333333)
            return abs(float(record.get("value")) - want) <= 1e-6 * max(1.0, abs(want))
        except (TypeError, ValueError):
            return str(record.get("value")) == str(gold["value"])
    names = {fold_query(str(record.get(k))) for k in ("name", "full_name") if record.get(k)}
    if kind == "org":
        wanted = {gold.get("value"), gold.get("acronym"), gold.get("canonical_acronym"),
                  gold.get("expansion_in_text")}
        # "Malian Armed Forces (Malian army)": either part names the organisation
        match = re.fullmatch(r"(.+?) \((.+)\)", str(gold.get("value")))
        if match:
            wanted |= {match.group(1), match.group(2)}
        return bool(names & {fold_query(str(w)) for w in wanted if w})
    wanted = {gold["value"], *gold.get("aliases", [])}
    return bool(names & {fold_query(str(w)) for w in wanted if w})


#: The gold field that says what a fact means, and the predicted fields read against it.
MEANING_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": ("event", ("event",)),
    "figure": ("counts", ("counts",)),
    "official": ("role", ("rank", "role", "status")),
}

# Words that carry no meaning of their own when two descriptions are compared.
_STOP_WORDS = frozenset([
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
    "but", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "its",
    "it", "this", "that", "these", "those", "their", "his", "her", "they", "he", "she", "we",
    "who", "whom", "which", "than", "into", "over", "under", "about", "after", "before",
    "during", "since", "until", "while", "also", "not", "no", "its", "per", "via", "s", "le",
    "la", "les", "de", "des", "du", "un", "une", "et", "en", "au", "aux", "dans", "pour", "par",
    "sur", "avec", "est", "sont", "a", "ete", "qui", "que"
])
_MAX_MEANING_WORDS = 20
_PUBLICATION_HINT = re.compile(r"date ?line|byline|publi|filed|\bdated?\b", re.I)
_NAME_HINT = re.compile(r"\bname\b", re.I)


def content_words(phrase: str) -> list[str]:
    """The words of *phrase* that carry meaning: folded, stop words and plural *s* dropped."""
    words = re.findall(r"[a-z0-9]+", fold_query(phrase))
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words if w not in _STOP_WORDS]


def phrase_matches(predicted: str, gold: str) -> bool:
    """At least half of the gold phrase's content words are in the prediction (<= 20 words)."""
    if len(predicted.split()) > _MAX_MEANING_WORDS:
        return False
    want = content_words(gold)
    if not want:
        return True
    have = set(content_words(predicted))
    return 2 * sum(1 for w in want if w in have) >= len(want)


def meaning_is_right(kind: str, record: dict[str, Any], gold: dict[str, Any]) -> bool | None:
    """Does the predicted description agree with the gold one? ``None``: nothing to score.

    A figure also agrees when every content word of the gold ``unit`` is in its unit or
    counts; a date marked as the publication date agrees with a gold dateline.
    """
    if kind not in MEANING_FIELDS:
        return None
    gold_field, fields = MEANING_FIELDS[kind]
    want = str(gold.get(gold_field) or "").strip()
    if not want:
        return None
    # an official's status is read beside the role ("defence minister, ousted"); "current"
    # is the default a reader assumes and says nothing
    predicted = " ".join(str(record.get(f) or "") for f in fields
                         if not (f == "status" and record.get(f) == "current")).strip()
    if kind == "date" and record.get("date_role") == "publication":
        return gold.get("date_role") == "publication" or bool(_PUBLICATION_HINT.search(want))
    if kind == "date" and record.get("date_role") == "name" and (
            gold.get("date_role") == "name" or _NAME_HINT.search(want)):
        return True
    if kind == "figure" and not predicted:
        predicted = str(record.get("unit") or "")
    if phrase_matches(predicted, want):
        return True
    if kind == "figure" and gold.get("unit"):
        unit_words = content_words(str(gold["unit"]))
        have = set(content_words(f"{record.get('unit') or ''} {record.get('counts') or ''}"))
        return bool(unit_words) and all(w in have for w in unit_words)
    return False


_PERIOD_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6),
                  "H2": (7, 12), "SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}


def month_range(value: str) -> str | None:
    """A quarter, half or season as the month range gold written without them uses
    ("2022-SP" is "2022-03/2022-05")."""
    match = re.fullmatch(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)", value)
    if not match:
        return None
    year, code = int(match.group(1)), match.group(2)
    if code == "WI":
        return f"{year}-12/{year + 1}-02"
    first, last = _PERIOD_MONTHS[code]
    return f"{year}-{first:02d}/{year}-{last:02d}"


def score_document(gold: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, KindScore]:
    """Match predictions to gold facts of one document and count, per kind."""
    scores = {kind: KindScore() for kind in GOLD_KIND.values()}
    ignored = [(x["start"], x["end"]) for x in gold.get("ignored", [])]
    matched: set[str] = set()
    by_kind: dict[str, list[dict[str, Any]]] = {k: [] for k in scores}
    for g in gold["facts"]:
        by_kind[GOLD_KIND[g["kind"]]].append(g)
    doc = gold["doc"]
    for record in records:
        kind = record["kind"]
        spans = predicted_spans(record)
        label = f"{doc} {record['text']!r}@{record['start']}"
        if kind == "figure" and any(_overlaps(s, x) for s in spans[:1] for x in ignored):
            scores[kind].fp += 1
            scores[kind].false_positives.append(label + " (ignored span)")
            continue
        candidates = [g for g in by_kind[kind] if g["id"] not in matched
                      and any(_overlaps(s, t) for s in spans for t in gold_spans(g))]
        if not candidates:
            scores[kind].fp += 1
            scores[kind].false_positives.append(label)
            continue
        # prefer a required fact whose head span the prediction's head overlaps
        head = spans[0]
        candidates.sort(key=lambda g: (g["optional"],
                                       not _overlaps(head, (g["start"], g["end"]))))
        best = candidates[0]
        matched.add(best["id"])
        if best["optional"]:
            continue
        scores[kind].tp += 1
        if value_is_right(kind, record, best):
            scores[kind].value_ok += 1
        else:
            got = record.get("date") if kind == "date" else (
                record.get("value") if kind == "figure" else record.get("name"))
            scores[kind].wrong_values.append(
                f"{best['id']} {best['surface']!r}: got {got!r}, want {best['value']!r}")
        meaning = meaning_is_right(kind, record, best)
        if meaning is not None:
            scores[kind].meaning_total += 1
            if meaning:
                scores[kind].meaning_ok += 1
            else:
                gold_field, fields = MEANING_FIELDS[kind]
                got = " · ".join(str(record.get(f)) for f in fields if record.get(f))
                scores[kind].wrong_meanings.append(
                    f"{best['id']} {best['surface']!r}: got {got!r}, "
                    f"want {gold_field} {best[gold_field]!r}")
    for kind, facts in by_kind.items():
        for g in facts:
            if not g["optional"] and g["id"] not in matched:
                scores[kind].fn += 1
                scores[kind].misses.append(f"{g['id']} {g['surface']!r}")
    return scores


def evaluate(gold_dir: Path, seeds_dir: Path | None = None) -> dict[str, KindScore]:
    """Extract every gold document's text and score it; totals per kind."""
    from mali_facts.extract import extract

    seeds_dir = seeds_dir or gold_dir.parent / "seeds"
    totals = {kind: KindScore() for kind in GOLD_KIND.values()}
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(gold, dict) or "facts" not in gold or "file" not in gold:
            continue  # not a gold file
        text = (seeds_dir / gold["file"]).read_text(encoding="utf-8")
        as_of_text = str(gold.get("as_of") or "")
        precision = gold.get("as_of_precision") or "day"
        as_of = _parse_as_of(as_of_text)
        records = [f.to_record() for f in extract(text, as_of, precision, gold_language(gold))]
        for kind, score in score_document(gold, records).items():
            totals[kind].add(score)
    return totals


def gold_language(gold: dict[str, Any]) -> str:
    """The language of a gold file's text: its ``lang`` key, English when it has none."""
    lang = gold.get("lang")
    return lang if isinstance(lang, str) and lang.isalpha() else "en"


def _parse_as_of(value: str) -> dt.date | None:
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def format_report(totals: dict[str, KindScore], errors_for: str | None = None) -> str:
    lines = [f"{'kind':<9} {'P':>5} {'R':>5} {'F1':>5} {'value':>6} {'meaning':>8}"
             "  tp  fp  fn"]
    for kind, s in totals.items():
        meaning = s.meaning_accuracy
        shown = f"{meaning:8.2f}" if meaning is not None else f"{'-':>8}"
        lines.append(f"{kind:<9} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} "
                     f"{s.value_accuracy:6.2f} {shown} {s.tp:3d} {s.fp:3d} {s.fn:3d}")
    for kind, s in totals.items():
        if errors_for not in (kind, "all"):
            continue
        for title, items in (("missed", s.misses), ("false positive", s.false_positives),
                             ("wrong value", s.wrong_values),
                             ("wrong meaning", s.wrong_meanings)):
            lines += [f"{kind} {title}: {item}" for item in items]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mali_facts.evaluate",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--seeds", type=Path, default=None)
    parser.add_argument("--kind", default=None, help="show the errors of this kind (or 'all')")
    parser.add_argument("--errors", action="store_true", help="list misses and false positives")
    args = parser.parse_args(argv)
    totals = evaluate(args.gold_dir, args.seeds)
    print(format_report(totals, (args.kind or "all") if args.errors else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
