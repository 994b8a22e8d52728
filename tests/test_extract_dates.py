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


def test_seed_documents_floor(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("0*.txt"))
    as_of = [(dt.date(2021, 5, 25), "day"), (dt.date(2021, 1, 1), "month"),
             (dt.date(2023, 11, 21), "day")]
    counts = []
    for path, (day, precision) in zip(files, as_of, strict=False):
        facts = extract_dates(Source(path.read_text(encoding="utf-8"), day, precision))
        counts.append(sum(1 for f in facts if f.attrs["date"] is not None))
    assert counts[0] >= 18 and counts[1] >= 15 and counts[2] >= 3


# --- years after a time word and a qualifier -----------------------------------------


@pytest.mark.parametrize(
    ("text", "mod"),
    [
        ("The council may sit until at least 2031, a decree says.", "AFTER"),
        ("Herders have used the wells since around 2008.", "APPROX"),
        ("The vote must take place no later than 2027.", "BEFORE"),
        ("The dam should be built by 2029.", None),
        ("Smuggling was reported as early as 2016.", None),
    ],
)
def test_year_after_time_word_and_qualifier_is_a_date(text: str, mod: str | None) -> None:
    fact = only(text)
    assert fact["precision"] == "year" and fact["date"] == fact["text"] and fact["mod"] == mod


def test_qualified_quantity_is_still_not_a_year() -> None:
    assert dates("Imports grew by about 2000 tonnes.") == []


# --- the weekend (TUESDAY = 2022-03-15) ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Two markets burned over the weekend.", "the weekend", "2022-03-12/2022-03-13"),
        ("The ferry sank last weekend.", "last weekend", "2022-03-12/2022-03-13"),
        ("Envoys will meet this weekend.", "this weekend", "2022-03-19/2022-03-20"),
        ("The rally will be held at the weekend.", "the weekend", "2022-03-19/2022-03-20"),
    ],
)
def test_weekend(text: str, surface: str, value: str) -> None:
    fact = only(text)
    assert (fact["text"], fact["date"], fact["relative"]) == (surface, value, True)


def test_next_weekend_on_a_weekday_is_ambiguous() -> None:
    assert only("Voting resumes next weekend.")["date"] is None


# --- the previous / following year ----------------------------------------------------


def test_following_and_previous_year_lean_on_the_year_just_given() -> None:
    found = dates("Locusts struck in 2019. The following year, yields fell. "
                  "Yields had been high the previous year.")
    assert [(f["text"], f["date"]) for f in found] == [
        ("2019", "2019"), ("The following year", "2020"), ("the previous year", "2019")]


def test_previous_year_without_a_year_nearby_stays_unresolved() -> None:
    fact = only("Cotton output fell from the previous year.")
    assert fact["date"] is None


def test_previous_year_after_a_year_range_stays_unresolved() -> None:
    found = dates("The plan covered 2018-2020. The following year, donors left.")
    assert found[1]["text"] == "The following year" and found[1]["date"] is None


def test_year_before_an_event_is_not_resolved() -> None:
    assert only("Rains failed the year before the vote.")["date"] is None


# --- the start / end of the year ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "mod"),
    [
        ("Since the beginning of the year, 40 clinics have closed.", "the beginning of the year",
         "START"),
        ("The fund will be empty by the end of the year.", "the end of the year", "END"),
        ("Salaries will rise at the end of this year.", "the end of this year", "END"),
    ],
)
def test_part_of_the_as_of_year(text: str, surface: str, mod: str) -> None:
    fact = next(f for f in dates(text) if f["text"] == surface)
    assert (fact["date"], fact["precision"], fact["mod"]) == ("2022", "year", mod)


def test_end_of_the_year_in_a_past_story_of_another_year_stays_unresolved() -> None:
    found = dates("In 2014 the rebels held the north. By the end of the year, they had left.")
    assert found[1]["text"] == "the end of the year" and found[1]["date"] is None


def test_end_of_a_named_month() -> None:
    fact = only("Flooding peaked at the end of September 2020.")
    assert (fact["date"], fact["mod"]) == ("2020-09", "END")


# --- "that year" ----------------------------------------------------------------------


def test_that_year_takes_the_last_year_mentioned() -> None:
    found = dates("The airport reopened in 2017. Traffic rose. In April that year, it "
                  "flooded; by late June of that year, it was shut. Later that year it "
                  "reopened, and on 9 October that year it closed.")
    assert [(f["text"], f["date"], f["precision"], f["mod"]) for f in found] == [
        ("2017", "2017", "year", None),
        ("April that year", "2017-04", "month", None),
        ("late June of that year", "2017-06", "part-of-month", "END"),
        ("Later that year", "2017", "year", None),
        ("9 October that year", "2017-10-09", "day", None),
    ]


def test_that_year_without_any_year_before_stays_unresolved() -> None:
    assert only("In May that year, the bridge fell.")["date"] is None


def test_that_is_not_a_determiner_before_year_on_year() -> None:
    assert dates("He said that year-on-year growth slowed.") == []


# --- offsets from a date just given ---------------------------------------------------


def test_offsets_from_an_absolute_date() -> None:
    found = dates("The pipeline opened on 2 February 2016. Three weeks later, it leaked. "
                  "The depot was built in June 2011. Eight months later, it burned. "
                  "Roads were paved in 2009; a year later they cracked.")
    got = {f["text"]: (f["date"], f["precision"]) for f in found}
    assert got["Three weeks later"] == ("2016-02-23", "day")
    assert got["Eight months later"] == ("2012-02", "month")
    assert got["a year later"] == ("2010", "year")


def test_offset_needs_enough_precision_and_an_absolute_anchor() -> None:
    found = dates("Work started in 2015. Two weeks later, it stopped.")
    assert found[1]["text"] == "Two weeks later" and found[1]["date"] is None
    found = dates("On Friday the bridge closed. Two days later, it reopened.")
    assert found[1]["text"] == "Two days later" and found[1]["date"] is None


def test_offset_from_a_date_two_sentences_away_stays_unresolved() -> None:
    found = dates("The school opened in March 2010. Pupils came. Teachers left. "
                  "Four months later, it shut.")
    assert found[-1]["text"] == "Four months later" and found[-1]["date"] is None


# --- month ranges ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("The rains fell from July to September 2021.", "July to September 2021",
         "2021-07/2021-09"),
        ("Herds moved between October and December.", "October and December",
         "2021-10/2021-12"),
        ("The January-to-March harvest was poor.", "January-to-March", "2022-01/2022-03"),
        ("The November\u2013February cold season ended.", "November\u2013February",
         "2021-11/2022-02"),
    ],
)
def test_month_ranges(text: str, surface: str, value: str) -> None:
    fact = only(text)
    assert (fact["text"], fact["date"]) == (surface, value)


def test_two_months_joined_by_and_are_two_dates() -> None:
    assert [f["date"] for f in dates("Floods hit in July and September.")] == [
        "2021-07", "2021-09"]


def test_range_whose_first_month_has_its_own_year_is_two_dates() -> None:
    found = dates("Prices doubled between November 2020 and February.")
    assert [f["text"] for f in found] == ["November 2020", "February"]


@pytest.mark.parametrize("text", ["that year " * 3000, "the previous year " * 3000,
                                  "the weekend " * 3000, "June to July " * 3000])
def test_context_phrases_never_raise(text: str) -> None:
    assert isinstance(extract_dates(Source(text, TUESDAY)), list)


def test_day_ranges_are_one_date():
    text = "On the night of 4 to 5 August, drones struck. Talks ran between 9 and 11 March 2022."
    dates = {f.text: f.attrs["date"] for f in extract_dates(Source(text, dt.date(2024, 9, 1)))}
    assert dates == {"4 to 5 August": "2024-08-04/2024-08-05",
                     "between 9 and 11 March 2022": "2022-03-09/2022-03-11"}


def test_future_tense_of_another_clause_does_not_move_a_past_weekday():
    text = ("Cotton will earn more this year, according to estimates released on Monday by "
            "the ministry, as farmers plant.")
    (monday,) = [f for f in extract_dates(Source(text, dt.date(2024, 10, 16)))
                 if f.text == "Monday"]
    assert monday.attrs["date"] == "2024-10-14"


def test_expects_to_marks_a_future_deadline():
    text = "The governor expects the road to reopen by 15 January."
    (day,) = extract_dates(Source(text, dt.date(2024, 11, 2)))
    assert day.attrs["date"] == "2025-01-15"


def test_a_deadline_that_passed_is_in_the_past():
    text = "The deadline of 12 February passed without a deal."
    (day,) = extract_dates(Source(text, dt.date(2024, 4, 2)))
    assert day.attrs["date"] == "2024-02-12"
