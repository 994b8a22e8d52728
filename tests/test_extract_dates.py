"""DATE extraction: one test per rule and per trap, on short invented sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mali_facts.extract.dates import extract_dates
from mali_facts.extract.source import Source

TUESDAY = dt.date(2022, 3, 15)  # a Tuesday


def dates(text: str, as_of: dt.date | None = TUESDAY, precision: str = "day") -> list[dict]:
    facts = extract_dates(Source(text, as_of, precision))
    return [{"text": f.text, **f.attrs} for f in facts]


def only(text: str, **kwargs) -> dict:
    found = dates(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "value", "precision"),
    [
        ("The junta met in Gao on 3 June 2019 to talk.", "3 June 2019", "2019-06-03", "day"),
        ("Talks opened on July 4, 2018 in Algiers.", "July 4, 2018", "2018-07-04", "day"),
        ("The mission left in October 2022.", "October 2022", "2022-10", "month"),
        ("The mission arrived in 2013.", "2013", "2013", "year"),
        ("Fighting resumed in July \n2012 near Gao.", "July \n2012", "2012-07", "month"),
        ("It began on the 7th of April 2012.", "the 7th of April 2012", "2012-04-07", "day"),
        ("Sanctions held over 2021-2022.", "2021-2022", "2021/2022", "year"),
    ],
)
def test_absolute_dates(text: str, surface: str, value: str, precision: str) -> None:
    fact = only(text)
    assert (fact["text"], fact["date"], fact["precision"]) == (surface, value, precision)
    assert fact["relative"] is False


def test_two_years_are_two_facts() -> None:
    found = dates("Prices rose in 2016 and 2017.")
    assert [(f["text"], f["date"]) for f in found] == [("2016", "2016"), ("2017", "2017")]


def test_year_inside_a_name_is_a_date() -> None:
    fact = only("The March 26, 1991 Movement marched again.")
    assert fact["date"] == "1991-03-26"


def test_day_month_without_year_takes_the_most_recent_year() -> None:
    fact = only("On 20 December, the council voted.")
    assert (fact["text"], fact["date"], fact["relative"]) == ("20 December", "2021-12-20", True)


def test_day_month_without_year_in_the_as_of_year() -> None:
    fact = only("On 2 March, the council voted.")
    assert fact["date"] == "2022-03-02"


def test_month_precision_as_of_keeps_same_month_in_year() -> None:
    fact = only("On 25 January, the council voted.", as_of=dt.date(2021, 1, 1),
                precision="month")
    assert fact["date"] == "2021-01-25"


def test_weekday_and_month_day_checks_weekday() -> None:
    fact = only("Troops entered the town on Friday March 11.")
    assert (fact["text"], fact["date"]) == ("Friday March 11", "2022-03-11")


def test_on_weekday_is_most_recent_before_as_of() -> None:
    fact = only("On Monday, soldiers arrested the minister.")
    assert (fact["text"], fact["date"], fact["relative"]) == ("Monday", "2022-03-14", True)
    assert fact["event"] == "soldiers arrested the minister"


def test_last_weekday() -> None:
    assert only("Last Thursday the mayor resigned.")["date"] == "2022-03-10"


def test_future_weekday_after_starting() -> None:
    assert only("A strike starting on Thursday was announced.")["date"] == "2022-03-17"


def test_future_weekday_with_modal() -> None:
    assert only("The envoy will arrive on Friday.")["date"] == "2022-03-18"


def test_possessive_weekday() -> None:
    fact = only("At Sunday's rally the leader spoke.")
    assert (fact["text"], fact["date"]) == ("Sunday", "2022-03-13")


def test_last_week_is_iso_week() -> None:
    fact = only("Last week the army withdrew.")
    assert (fact["date"], fact["precision"]) == ("2022-W10", "week")


def test_last_night_is_part_of_day() -> None:
    fact = only("Gunmen attacked a post last night.")
    assert (fact["date"], fact["precision"]) == ("2022-03-14TNI", "part-of-day")


def test_the_day_before_and_yesterday() -> None:
    assert only("The minister had resigned the day before.")["date"] == "2022-03-14"
    assert only("The minister resigned yesterday.")["date"] == "2022-03-14"


def test_the_day_before_an_event_is_not_resolved_against_as_of() -> None:
    assert only("They fled the day before the vote.")["date"] is None


def test_last_month_name_and_last_year() -> None:
    assert only("The junta took power last November.")["date"] == "2021-11"
    fact = only("During last year's offensive the town fell.")
    assert (fact["text"], fact["date"], fact["precision"]) == ("last year", "2021", "year")


def test_bare_month_takes_most_recent_or_future_year() -> None:
    assert only("The talks collapsed in November.")["date"] == "2021-11"
    assert only("Elections will be held in November.")["date"] == "2022-11"


def test_part_of_month_mods() -> None:
    assert [(f["date"], f["mod"]) for f in dates(
        "Clashes in mid-January, late February and early March.")] == [
        ("2022-01", "MID"), ("2022-02", "END"), ("2022-03", "START")]
    fact = only("It happened at the beginning of February.")
    assert (fact["text"], fact["precision"]) == ("the beginning of February", "part-of-month")


def test_two_parts_of_one_month() -> None:
    fact = only("Strikes in early and mid January paralysed Bamako.")
    assert (fact["date"], fact["mod"]) == ("2022-01", "START+MID")
    assert [v["mod"] for v in fact["values"]] == ["START", "MID"]


def test_little_over_a_week_ago() -> None:
    fact = only("It has been a little over a week since rebels seized the town.")
    assert (fact["text"], fact["date"], fact["mod"]) == (
        "a little over a week", "2022-03-07", "APPROX")


def test_weeks_ago() -> None:
    assert only("The base was attacked two weeks ago.")["date"] == "2022-03-01"


def test_anchor_dated_in_the_text() -> None:
    text = "The 12 January 2021 coup shocked the region. Six months after the coup, talks began."
    found = dates(text)
    assert found[1]["text"] == "Six months after the coup"
    assert (found[1]["date"], found[1]["precision"]) == ("2021-07", "month")


def test_anchor_present_tense_is_time_of_writing() -> None:
    found = dates("Four months after the coup, reforms have not started. "
                  "The council was formed two months after the coup.",
                  as_of=dt.date(2021, 3, 1), precision="month")
    assert [f["date"] for f in found] == ["2021-03", "2021-01"]


def test_anchor_not_dated_stays_unresolved() -> None:
    assert only("The council was formed three weeks after the election.")["date"] is None


def test_relative_date_without_as_of_is_never_guessed() -> None:
    for text in ("On Monday, troops moved.", "Last week they left.", "In December it rained.",
                 "On 5 May, troops moved."):
        fact = only(text, as_of=None)
        assert fact["date"] is None and fact["relative"] is True


def test_past_months_is_a_duration() -> None:
    fact = only("Over the past three months the army advanced.")
    assert (fact["date"], fact["precision"]) == ("2021-12/2022-03", "duration")


@pytest.mark.parametrize(
    "text",
    [
        "This may result in new clashes.",  # modal "may"
        "Protesters march to the square.",  # verb "march"
        "The team arrived a second time.",  # ordinal
        "It is the first time in years.",
        "Since the conquest of the town, troops patrol daily.",  # tied to an event only
        "UN Security Council Resolution 2100 created the mission.",  # identifier
        "About 2000 soldiers were deployed.",  # a quantity, not a year
        "The 18-month transition ends soon.",  # a duration is a figure
        "more than ten years of war",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []


@pytest.mark.parametrize("text", ["", "\x00\x01\xff" * 50, "1" * 10_000, "May " * 2_000,
                                  "January 1, " * 500, "-" * 10_000])
def test_never_raises(text: str) -> None:
    assert isinstance(extract_dates(Source(text, TUESDAY)), list)


def test_deterministic() -> None:
    text = "On Monday, last week and in 2019, troops moved; on 5 May they left."
    assert dates(text) == dates(text)


SEEDS = Path("/work/shared/seeds")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not available at /work/shared/seeds")
def test_seed_documents_floor() -> None:
    files = sorted(SEEDS.glob("0*.txt"))
    as_of = [(dt.date(2021, 5, 25), "day"), (dt.date(2021, 1, 1), "month"),
             (dt.date(2023, 11, 21), "day")]
    counts = []
    for path, (day, precision) in zip(files, as_of, strict=False):
        facts = extract_dates(Source(path.read_text(encoding="utf-8"), day, precision))
        counts.append(sum(1 for f in facts if f.attrs["date"] is not None))
    assert counts[0] >= 18 and counts[1] >= 15 and counts[2] >= 3
