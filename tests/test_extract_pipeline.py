"""The whole extractor: any text extracts without an exception, deterministically,
and on the gold-annotated seeds it stays above measured floors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mali_facts.evaluate import evaluate
from mali_facts.extract import extract

# Floors measured with `mali-facts eval ../shared/gold`; raise them as the extractor improves.
# The seeds are the development set (scores 1.00 there); the floors leave a little room.
F1_FLOOR = {"date": 0.97, "figure": 0.97, "official": 0.97, "place": 0.97, "org": 0.97}
VALUE_FLOOR = {"date": 0.97, "figure": 0.97, "official": 0.97, "place": 0.97, "org": 0.97}

HELDOUT = Path(__file__).resolve().parent / "heldout"
# Floors on articles written for the project and annotated by the gold rules (tests/heldout).
HELDOUT_F1_FLOOR = {"date": 0.95, "figure": 0.95, "official": 0.95, "place": 0.95, "org": 0.95}
HELDOUT_VALUE_FLOOR = {"date": 0.95, "figure": 0.95, "official": 0.95, "place": 0.95,
                       "org": 0.95}

def test_seed_accuracy_floors(gold_dir, seeds_dir):
    totals = evaluate(gold_dir, seeds_dir)
    for kind, score in totals.items():
        assert score.f1 >= F1_FLOOR[kind], (kind, score.f1, score.misses,
                                            score.false_positives)
        assert score.value_accuracy >= VALUE_FLOOR[kind], (kind, score.wrong_values)
    for kind, floor in SEED_MEANING_FLOOR.items():
        assert totals[kind].meaning_accuracy >= floor, (kind, totals[kind].wrong_meanings)


# What facts mean on the seeds (event / counts / role), measured 0.75 / 0.87 / 0.88.
SEED_MEANING_FLOOR = {"date": 0.72, "figure": 0.84, "official": 0.85}

FRESH = Path(__file__).resolve().parent / "fresh"
# A second set, written after the extractor's last tuning round (tests/fresh/README.md).
FRESH_F1_FLOOR = {"date": 0.93, "figure": 0.95, "official": 0.95, "place": 0.95, "org": 0.90}
FRESH_VALUE_FLOOR = {"date": 0.90, "figure": 0.95, "official": 0.95, "place": 0.95,
                     "org": 0.95}


UNSEEN = Path(__file__).resolve().parent / "unseen"
# A third set (tests/unseen/README.md): courts, timelines, health, a French wire, a reshuffle.
UNSEEN_F1_FLOOR = {"date": 0.93, "figure": 0.93, "official": 0.90, "place": 0.90, "org": 0.80}
UNSEEN_VALUE_FLOOR = {"date": 0.85, "figure": 0.90, "official": 0.90, "place": 0.90,
                      "org": 0.90}


@pytest.mark.parametrize(("folder", "f1_floor", "value_floor"), [
    (HELDOUT, HELDOUT_F1_FLOOR, HELDOUT_VALUE_FLOOR), (FRESH, FRESH_F1_FLOOR, FRESH_VALUE_FLOOR),
    (UNSEEN, UNSEEN_F1_FLOOR, UNSEEN_VALUE_FLOOR)],
    ids=["heldout", "fresh", "unseen"])
def test_project_article_accuracy_floors(folder, f1_floor, value_floor):
    totals = evaluate(folder, folder)
    assert sum(s.tp + s.fn for s in totals.values()) > 150  # the set was read
    for kind, score in totals.items():
        assert score.f1 >= f1_floor[kind], (kind, score.f1, score.misses,
                                            score.false_positives)
        assert score.value_accuracy >= value_floor[kind], (kind, score.wrong_values)


def check_facts(text: str) -> None:
    facts = extract(text, dt.date(2024, 1, 15))
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start:fact.end] == fact.text
        assert fact.kind in ("date", "figure", "official", "place", "org")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_extracts_without_error(text):
    check_facts(text)


NEWSY = st.lists(st.sampled_from([
    "On Monday", "Colonel", "Assimi Goïta", "Bamako", "1,200", "more than", "people",
    "last Friday", "(CNSP)", "Mali", "Malian", "5", ".", ",", "2021", "May", "mid-", "of",
    "the", "\n", "\n\n", "’", "“", "–", "Ségou", "population.1", "M5-RFP", "five-day", "1/5",
    "Prime Minister", "said", "out of", "from", "to", "Kidal", "Le Drian", "UN", "0",
]), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(NEWSY)
def test_news_like_noise_extracts_without_error(text):
    check_facts(text)


@pytest.mark.parametrize("text", [
    "", " ", "\x00\x01\x02", "\ufffd" * 100, "\ud800 lone surrogate", "é" * 1000,
    "1" * 100_000, "," * 100_000, "A" * 100_000, "." * 100_000, "Mali " * 20_000,
])
def test_edge_texts(text):
    check_facts(text)


def test_five_megabyte_line():
    text = ("On Monday 300 people fled Gao, the governor said; " * 110_000)[:5_000_000]
    assert "\n" not in text
    facts = extract(text, dt.date(2024, 1, 15))
    assert facts


def test_extraction_is_deterministic():
    text = ("Last Friday, Prime Minister Moctar Ouane met 40 governors in Bamako. "
            "On 3 March 2022 the CNSP said more than 1,000 people had fled Ségou.")
    first = [f.to_record() for f in extract(text, dt.date(2022, 3, 10))]
    second = [f.to_record() for f in extract(text, dt.date(2022, 3, 10))]
    assert first == second and first


# Meaning floors (event / counts / role agreement), measured with `mali-facts eval`; a
# little under today's scores so a regression in what facts say fails here.
MEANING_FLOOR = {
    "heldout": {"date": 0.84, "figure": 0.75, "official": 0.60},
    "fresh": {"date": 0.78, "figure": 0.86, "official": 0.62},
    "unseen": {"date": 0.74, "figure": 0.81, "official": 0.65},
    "meaning": {"date": 0.78, "figure": 0.80, "official": 0.70},
    "meaning2": {"date": 0.74, "figure": 0.76, "official": 0.80},
    "meaning3": {"date": 0.66, "figure": 0.65, "official": 0.88},
    "french": {"date": 0.50, "figure": 0.75, "official": 0.72},
    "french2": {"date": 0.58, "figure": 0.64, "official": 0.45},
}


@pytest.mark.parametrize("name", sorted(MEANING_FLOOR))
def test_meaning_floors(name):
    folder = Path(__file__).resolve().parent / name
    totals = evaluate(folder, folder)
    for kind, floor in MEANING_FLOOR[name].items():
        score = totals[kind]
        assert score.meaning_total > 10, (kind, "the gold describes too few facts")
        assert score.meaning_accuracy >= floor, (kind, score.meaning_accuracy,
                                                 score.wrong_meanings[:10])
