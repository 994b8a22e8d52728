"""General news date forms: ISO and numeric dates, quarters, halves, seasons, centuries,
"tomorrow", present and past references, and the tense of a weekday."""

from __future__ import annotations

import datetime as dt

import pytest

from mali_facts.evaluate import month_range
from mali_facts.extract.dates import extract_dates
from mali_facts.extract.figures import extract_figures
from mali_facts.extract.source import Source

AS_OF = dt.date(2025, 11, 14)  # a Friday, in autumn


def dated(text: str) -> list[tuple[str, str | None, str]]:
    return [(f.text, f.attrs["date"], f.attrs["precision"])
            for f in extract_dates(Source(text, AS_OF))]


@pytest.mark.parametrize(("text", "expected"), [
    ("The note dated 2024-03-15 was leaked.", ("2024-03-15", "2024-03-15", "day")),
    ("As of 15/03/2024, schools were shut.", ("15/03/2024", "2024-03-15", "day")),
    ("Figures of 03.04.2024 were revised.", ("03.04.2024", "2024-04-03", "day")),
    ("Exports fell in the third quarter of 2024.",
     ("the third quarter of 2024", "2024-Q3", "quarter")),
    ("Output rose in Q4 2023.", ("Q4 2023", "2023-Q4", "quarter")),
    ("Prices doubled in the first half of 2025.",
     ("the first half of 2025", "2025-H1", "half")),
    ("The offensive began last autumn.", ("last autumn", "2024-FA", "season")),
    ("Rains came in the summer of 2022.", ("the summer of 2022", "2022-SU", "season")),
    ("The envoy arrives tomorrow.", ("tomorrow", "2025-11-15", "day")),
    ("Earlier this year, the junta met.", ("Earlier this year", "2025", "year")),
    ("The town grew in the 19th century.", ("the 19th century", "18", "century")),
])
def test_general_date_forms(text: str, expected: tuple[str, str, str]) -> None:
    assert dated(text) == [expected]


def test_numeric_date_says_how_it_was_read() -> None:
    fact = extract_dates(Source("On 04/05/2024 the vote took place.", AS_OF))[0]
    assert fact.attrs["date"] == "2024-05-04" and "day first" in fact.attrs["resolution"]
    fact = extract_dates(Source("On 12/25/2024 the vote took place.", AS_OF))[0]
    assert fact.attrs["date"] == "2024-12-25" and "month first" in fact.attrs["resolution"]


def test_iso_date_is_not_split_into_a_year_and_figures() -> None:
    text = "The decree of 2024-03-15 named 12 governors."
    assert [f.text for f in extract_figures(Source(text, AS_OF))] == ["12"]


def test_present_and_past_references() -> None:
    facts = extract_dates(Source("He recently resigned and is currently in Dakar.", AS_OF))
    assert [(f.text, f.attrs["mod"], f.attrs["date"]) for f in facts] == [
        ("recently", "PAST_REF", None), ("currently", "PRESENT_REF", "2025-11-14")]


def test_verb_fall_is_not_a_season() -> None:
    assert dated("Prices fall when the rains come.") == []


@pytest.mark.parametrize(("text", "value"), [
    ("Officials said Monday they will reopen the road.", "2025-11-10"),
    ("The talks will resume on Monday.", "2025-11-17"),
    ("A strike is planned for Monday.", "2025-11-17"),
])
def test_weekday_direction_follows_the_verb_it_belongs_to(text: str, value: str) -> None:
    assert dated(text)[0][1] == value


def test_scorer_reads_periods_as_month_ranges() -> None:
    assert month_range("2022-SP") == "2022-03/2022-05"
    assert month_range("2024-Q3") == "2024-07/2024-09"
    assert month_range("2024-WI") == "2024-12/2025-02"
    assert month_range("2024-05") is None
