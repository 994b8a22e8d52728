"""The scorer on small hand-made gold and predictions whose scores are known by hand.

Every accuracy floor in ``test_extract_pipeline.py`` rests on ``mali_facts.evaluate``:
a scorer that matched too much, or counted every value as right, would let any
extractor pass. These tests fix span matching (precision, recall, F1) and value
accuracy; the descriptive fields (event, counts, role) are tested with their scoring.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import mali_facts.extract as extract_module
from mali_facts.evaluate import evaluate, score_document


def gold_fact(gid: str, kind: str, surface: str, start: int, value: Any,
              optional: bool = False, **extra: Any) -> dict[str, Any]:
    return {"id": gid, "kind": kind, "surface": surface, "start": start,
            "end": start + len(surface), "value": value, "optional": optional, **extra}


def predicted(kind: str, text: str, start: int, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "text": text, "start": start, "end": start + len(text), **fields}


def gold_document(facts: list[dict[str, Any]], ignored: list[dict[str, Any]] | None = None,
                  doc: str = "t") -> dict[str, Any]:
    return {"doc": doc, "file": f"{doc}.txt", "facts": facts, "ignored": ignored or []}


# Four gold dates: two found (one with the right value, one wrong), one optional found
# (neither rewarded nor penalised), one missed; plus a prediction that matches nothing.
DATE_GOLD = gold_document([
    gold_fact("t-DAT-01", "DATE", "3 March 2024", 10, "2024-03-03"),
    gold_fact("t-DAT-02", "DATE", "Monday", 40, "2024-03-04",
              alt_spans=[{"surface": "On Monday", "start": 37, "end": 46}]),
    gold_fact("t-DAT-03", "DATE", "now", 60, "2024-03-05", optional=True),
    gold_fact("t-DAT-04", "DATE", "last week", 80, "2024-W09"),
])
DATE_PREDICTIONS = [
    predicted("date", "3 March 2024", 10, date="2024-03-03"),
    predicted("date", "On", 37, date="2024-03-11"),  # only the alternative span: a match
    predicted("date", "now", 60, date="2024-03-05"),
    predicted("date", "1999", 100, date="1999"),
]


def test_precision_recall_f1_and_value_accuracy_of_dates():
    score = score_document(DATE_GOLD, DATE_PREDICTIONS)["date"]
    assert (score.tp, score.fp, score.fn) == (2, 1, 1)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)
    assert score.value_ok == 1
    assert score.value_accuracy == pytest.approx(1 / 2)
    assert score.misses == ["t-DAT-04 'last week'"]
    assert len(score.false_positives) == 1 and "'1999'" in score.false_positives[0]
    assert len(score.wrong_values) == 1 and "t-DAT-02" in score.wrong_values[0]


def test_unequal_precision_and_recall_give_their_harmonic_mean():
    gold = gold_document([gold_fact(f"t-DAT-{i}", "DATE", "2020", 10 * i, "2020")
                          for i in range(1, 5)])
    found = [predicted("date", "2020", 10, date="2020"),
             predicted("date", "2021", 200, date="2021"),
             predicted("date", "2022", 300, date="2022")]
    score = score_document(gold, found)["date"]
    assert (score.tp, score.fp, score.fn) == (1, 2, 3)
    assert score.precision == pytest.approx(1 / 3)
    assert score.recall == pytest.approx(1 / 4)
    assert score.f1 == pytest.approx(2 / 7)  # 2PR / (P + R) with P = 1/3, R = 1/4


def test_a_wrong_value_is_a_match_but_not_a_right_value():
    gold = gold_document([gold_fact("t-DAT-01", "DATE", "3 March 2024", 0, "2024-03-03")])
    score = score_document(gold, [predicted("date", "3 March 2024", 0, date="2024-03-04")])
    assert (score["date"].tp, score["date"].value_ok) == (1, 0)
    assert score["date"].value_accuracy == 0.0
    assert score["date"].precision == 1.0 and score["date"].recall == 1.0


@pytest.mark.parametrize(("date", "right"), [
    ("2021-05-21", True), ("2021-05-14", True), ("2021-05", False), (None, False)])
def test_date_value_may_be_any_accepted_reading_but_not_a_coarser_one(date, right):
    gold = gold_document([gold_fact("t-DAT-01", "DATE", "Last Friday", 0, "2021-05-21",
                                    accept=["2021-05-14"])])
    score = score_document(gold, [predicted("date", "Last Friday", 0, date=date)])["date"]
    assert score.tp == 1 and score.value_ok == int(right)


def test_each_gold_fact_is_matched_at_most_once():
    gold = gold_document([gold_fact("t-DAT-01", "DATE", "3 March 2024", 0, "2024-03-03")])
    twice = [predicted("date", "3 March", 0, date="2024-03-03"),
             predicted("date", "2024", 8, date="2024-03-03")]
    score = score_document(gold, twice)["date"]
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert score.precision == 0.5 and score.recall == 1.0


def test_spans_that_only_touch_do_not_match():
    gold = gold_document([gold_fact("t-DAT-01", "DATE", "2024", 10, "2024")])
    beside = [predicted("date", "March ", 4, date="2024"),  # ends where the gold starts
              predicted("date", " 5", 14, date="2024")]  # starts where the gold ends
    score = score_document(gold, beside)["date"]
    assert (score.tp, score.fp, score.fn) == (0, 2, 1)
    assert score.precision == 0.0 and score.recall == 0.0 and score.f1 == 0.0


def test_a_prediction_of_another_kind_does_not_match():
    gold = gold_document([gold_fact("t-FIG-01", "FIGURE", "40", 0, 40)])
    score = score_document(gold, [predicted("date", "40", 0, date="2040")])
    assert (score["date"].fp, score["figure"].fn, score["figure"].tp) == (1, 1, 0)


def test_optional_gold_is_neither_rewarded_nor_penalised():
    gold = gold_document([gold_fact("t-DAT-01", "DATE", "now", 0, "2024-03-05", optional=True)])
    with_it = score_document(gold, [predicted("date", "now", 0, date="1900")])["date"]
    without = score_document(gold, [])["date"]
    for score in (with_it, without):
        assert (score.tp, score.fp, score.fn) == (0, 0, 0)
        assert score.wrong_values == []


def test_a_prediction_prefers_the_required_fact_it_overlaps_by_its_head():
    """An optional fact spanning the same words does not steal the match."""
    gold = gold_document([
        gold_fact("t-DAT-01", "DATE", "the past five months", 0, "P5M", optional=True),
        gold_fact("t-DAT-02", "DATE", "five months", 9, "P5M")])
    score = score_document(gold, [predicted("date", "five months", 9, date="P5M")])["date"]
    assert (score.tp, score.fn, score.value_ok) == (1, 0, 1)


def test_figures_match_on_the_extended_span_and_compare_numbers():
    gold = gold_document([
        gold_fact("t-FIG-01", "FIGURE", "40", 109, 40,
                  ext={"surface": "at least 40 people", "start": 100, "end": 118}),
        gold_fact("t-FIG-02", "FIGURE", "Two-thirds", 200, 0.6666666666, value_text="2/3"),
        gold_fact("t-FIG-03", "FIGURE", "1,200", 300, 1200),
    ])
    found = [predicted("figure", "at least", 100, value=40),  # inside ext, not the number
             predicted("figure", "Two-thirds", 200, value=0.666667),  # stored rounded
             predicted("figure", "1,200", 300, value=1201)]
    score = score_document(gold, found)["figure"]
    assert (score.tp, score.fp, score.fn) == (3, 0, 0)
    assert score.value_ok == 2
    assert score.value_accuracy == pytest.approx(2 / 3)
    assert len(score.wrong_values) == 1 and "t-FIG-03" in score.wrong_values[0]


def test_a_figure_on_an_ignored_span_is_a_false_positive():
    ignored = [{"surface": "19", "start": 6, "end": 8, "reason": "COVID-19"}]
    gold = gold_document([gold_fact("t-FIG-01", "FIGURE", "300", 20, 300)], ignored)
    found = [predicted("figure", "19", 6, value=19), predicted("figure", "300", 20, value=300)]
    score = score_document(gold, found)["figure"]
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert score.precision == 0.5 and score.value_accuracy == 1.0
    assert "ignored" in score.false_positives[0]


def test_entities_match_at_any_mention_and_compare_names_without_accents_or_case():
    gold = gold_document([
        gold_fact("t-OFF-01", "OFFICIAL", "Colonel Assimi Goïta", 0, "Assimi Goïta",
                  aliases=["Aisimi Goita"], mentions=[{"start": 300, "end": 305}]),
        gold_fact("t-OFF-02", "OFFICIAL", "Moctar Ouane", 100, "Moctar Ouane"),
    ])
    found = [predicted("official", "Goïta", 300, name="ASSIMI GOITA"),  # a later mention
             predicted("official", "Moctar Ouane", 100, name="Bah Ndaw")]
    score = score_document(gold, found)["official"]
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)
    assert score.value_ok == 1 and "t-OFF-02" in score.wrong_values[0]


def test_predicted_mentions_can_make_the_match():
    gold = gold_document([gold_fact("t-PLA-01", "PLACE", "Ségou", 500, "Ségou")])
    found = [predicted("place", "Segu", 10, name="Ségou", mentions=[[10, 14], [500, 505]])]
    score = score_document(gold, found)["place"]
    assert (score.tp, score.fp, score.fn, score.value_ok) == (1, 0, 0, 1)


@pytest.mark.parametrize(("name", "full_name", "right"), [
    ("FAMa", None, True), ("Malian army", None, True), ("x", "Malian Armed Forces", True),
    ("MINUSMA", "UN mission", False)])
def test_an_organisation_is_named_by_its_acronym_or_either_part_of_its_value(
        name, full_name, right):
    gold = gold_document([gold_fact("t-ORG-01", "ORG", "FAMa", 0,
                                    "Malian Armed Forces (Malian army)", acronym="FAMa")])
    found = [predicted("org", "FAMa", 0, name=name, full_name=full_name)]
    score = score_document(gold, found)["org"]
    assert score.tp == 1 and score.value_ok == int(right)


def test_nothing_to_find_and_nothing_found_is_a_perfect_score_and_noise_is_not():
    empty = score_document(gold_document([]), [])
    assert all((s.precision, s.recall, s.f1, s.value_accuracy) == (1.0, 1.0, 1.0, 1.0)
               for s in empty.values())
    noise = score_document(gold_document([]), [predicted("org", "X", 0, name="X")])["org"]
    assert (noise.precision, noise.f1) == (0.0, 0.0)


class FakeFact:
    """What ``evaluate`` needs of an extracted fact: its record."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record

    def to_record(self) -> dict[str, Any]:
        return dict(self.record)


def test_evaluate_reads_each_gold_file_with_its_text_and_sums_the_documents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    gold_dir, seeds_dir = tmp_path / "gold", tmp_path / "texts"
    gold_dir.mkdir()
    seeds_dir.mkdir()
    for doc, text in (("a", "On 3 March 2024 we met."), ("b", "In 2020 and 2021.")):
        (seeds_dir / f"{doc}.txt").write_text(text, encoding="utf-8")
    first = gold_document([gold_fact("a-DAT-01", "DATE", "3 March 2024", 3, "2024-03-03")],
                          doc="a")
    second = gold_document([gold_fact("b-DAT-01", "DATE", "2020", 3, "2020"),
                            gold_fact("b-DAT-02", "DATE", "2021", 12, "2021")], doc="b")
    (gold_dir / "a.json").write_text(json.dumps({**first, "as_of": "2024-03-10"}))
    (gold_dir / "b.json").write_text(json.dumps(second))
    (gold_dir / "notes.json").write_text(json.dumps({"not": "a gold file"}))
    calls = []

    def fake_extract(text: str, as_of: Any, *rest: Any) -> list[FakeFact]:
        calls.append((text, as_of))
        found = (predicted("date", "2020", 3, date="2019") if text.startswith("In")
                 else predicted("date", "3 March 2024", 3, date="2024-03-03"))
        return [FakeFact(found)]

    monkeypatch.setattr(extract_module, "extract", fake_extract)
    totals = evaluate(gold_dir, seeds_dir)
    assert sorted(text for text, _ in calls) == ["In 2020 and 2021.", "On 3 March 2024 we met."]
    assert dict(calls)["On 3 March 2024 we met."].isoformat() == "2024-03-10"
    date = totals["date"]
    assert (date.tp, date.fp, date.fn, date.value_ok) == (2, 0, 1, 1)
    assert date.recall == pytest.approx(2 / 3) and date.value_accuracy == 0.5
    assert all((s.tp, s.fp, s.fn) == (0, 0, 0) for k, s in totals.items() if k != "date")
