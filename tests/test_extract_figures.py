"""FIGURE extraction: one test per rule and per trap, on short invented sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mali_facts.extract.figures import extract_figures
from mali_facts.extract.numbers import parse_number_words
from mali_facts.extract.source import Source


def figures(text: str) -> list[dict]:
    facts = extract_figures(Source(text, dt.date(2022, 3, 15)))
    return [{"text": f.text, **f.attrs} for f in facts]


def only(text: str) -> dict:
    found = figures(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("two", 2), ("Twenty-five", 25), ("a dozen", 12), ("two hundred and fifty", 250),
     ("three thousand", 3000), ("Four", 4), ("seventeen", 17), ("tomato", None)],
)
def test_parse_number_words(phrase: str, value: int | None) -> None:
    assert parse_number_words(phrase) == value


def test_digits_with_counted_noun() -> None:
    fact = only("The ministry counted 12,480 refugees in Mopti.")
    assert (fact["text"], fact["value"], fact["counts"], fact["qualifier"]) == (
        "12,480", 12480, "refugees counted in Mopti", "exact")
    assert fact["context"] == "12,480 refugees" and fact["approx"] is False


def test_at_least_with_adjective_noun_phrase() -> None:
    fact = only("Rebels freed at least 40 local hostages on Sunday.")
    assert (fact["value"], fact["qualifier"], fact["counts"]) == (
        40, "at_least", "local hostages freed")
    assert fact["context"] == "at least 40 local hostages"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("more than 300 soldiers", "more_than"), ("over 300 soldiers", "more_than"),
     ("about 300 soldiers", "approx"), ("nearly 300 soldiers", "approx"),
     ("some 300 soldiers", "approx"), ("up to 300 soldiers", "approx")],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    fact = only(f"The army sent {text} north.")
    assert (fact["value"], fact["qualifier"], fact["approx"]) == (300, qualifier, True)


def test_particle_verb_is_not_a_qualifier() -> None:
    fact = only("The plan revolves around seven pillars.")
    assert (fact["value"], fact["qualifier"]) == (7, "exact")


def test_spelled_out_numbers() -> None:
    found = figures("Three senior officers and two judges resigned.")
    assert [(f["text"], f["value"], f["counts"]) for f in found] == [
        ("Three", 3, "senior officers"), ("two", 2, "judges resigned")]


def test_x_of_possessive_noun() -> None:
    fact = only("Five of the mayor's advisers were arrested.")
    assert (fact["value"], fact["counts"]) == (5, "mayor's advisers arrested")


def test_hyphenated_unit_compound() -> None:
    fact = only("They announced a three-day mourning period.")
    assert (fact["text"], fact["value"], fact["unit"]) == ("three-day", 3, "day")
    fact = only("A 24-month transition was agreed.")
    assert (fact["text"], fact["value"], fact["unit"]) == ("24-month", 24, "month")


def test_duration_with_time_unit() -> None:
    fact = only("The town was besieged for more than six years.")
    assert (fact["value"], fact["unit"], fact["qualifier"]) == (6, "year", "more_than")


def test_fraction() -> None:
    fact = only("The army holds 2/3 of the seats.")
    assert (fact["value"], fact["value_text"], fact["counts"]) == (
        0.666667, "2/3", "army holds seats")


def test_percent_and_scale_and_currency() -> None:
    assert only("Turnout reached 34.5% in Kayes.")["unit"] == "percent"
    fact = only("Donors pledged 1.2 billion CFA francs for schools.")
    assert (fact["text"], fact["value"], fact["unit"]) == ("1.2 billion", 1_200_000_000,
                                                          "CFA francs")


def test_times_multiplier() -> None:
    fact = only("Attacks were four times more frequent.")
    assert (fact["value"], fact["unit"]) == (4, "times")


def test_from_to_pair() -> None:
    found = figures("Prices rose from 450 to 600 francs.")
    assert [f["value"] for f in found] == [450, 600]
    assert found[0]["related"] == found[1]["related"] == "from 450 to 600"
    assert found[0]["context"] == found[1]["context"] == "from 450 to 600 francs"


def test_out_of_pair_shares_noun() -> None:
    found = figures("The motion won 98 votes out of 147.")
    assert [(f["value"], f["counts"]) for f in found] == [(98, "votes won"), (147, "votes")]
    found = figures("Now 9 out of 12 districts are calm.")
    assert [(f["value"], f["counts"]) for f in found] == [(9, "districts"), (12, "districts")]


def test_bare_number_inherits_total_noun() -> None:
    found = figures("Of the 20 prefects, 8 are army officers.")
    assert [(f["value"], f["counts"]) for f in found] == [(20, "prefects"), (8, "prefects")]


def test_parenthesised_remainder_inherits_noun() -> None:
    found = figures("The plan covers 900 fighters (412 remaining).")
    assert [(f["value"], f["counts"]) for f in found] == [(900, "fighters"), (412, "fighters")]


def test_vague_hundreds() -> None:
    fact = only("Hundreds of families fled.")
    assert (fact["value"], fact["qualifier"], fact["counts"]) == (None, "vague", "families fled")


def test_article_and_rank_are_identifiers() -> None:
    assert only("Under article 12 of the charter.")["unit"] == "article"
    assert only("He is number 3 of the junta.")["unit"] == "rank"


@pytest.mark.parametrize(
    "text",
    [
        "Violence against the population.1 At the same time",  # footnote markers
        "The reform of the sector.11 It continues.",
        "trust in the forces,12 and",
        "a key question\u201d,3 said the report",
        "issues related to SSR:11\n",
        "The G5 Sahel force met the M5-RFP.",  # digits inside names
        "The COVID-19 pandemic spread.",
        "UN Security Council Resolution 2391 was adopted.",
        "The mission arrived in 2013 and 2014.",  # years are dates
        "On 05 December the council met.",  # day of month is a date part
        "One of the officers left; no one stayed.",  # the pronoun "one"
        "It has been a little over a week since the fall.",  # "a week" is not a figure
        "He came a second time.",  # ordinal
        "The meeting started at 10:30 in Bamako.",  # time of day
    ],
)
def test_not_figures(text: str) -> None:
    assert figures(text) == []


def test_one_with_a_noun_is_a_figure() -> None:
    fact = only("Only one soldier survived.")
    assert (fact["value"], fact["counts"]) == (1, "soldier survived")


def test_months_after_is_a_figure_too() -> None:
    fact = only("Five months after the coup, reforms stalled.")
    assert (fact["text"], fact["value"], fact["unit"]) == ("Five", 5, "month")


@pytest.mark.parametrize("text", ["", "\x00\xff" * 100, "1" * 100_000, "," * 10_000,
                                  "1," * 5_000, "five-" * 2_000, "A." * 5_000])
def test_never_raises(text: str) -> None:
    assert isinstance(extract_figures(Source(text)), list)


def test_seed_documents_floor(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("0*.txt"))
    counts = [len(extract_figures(Source(p.read_text(encoding="utf-8")))) for p in files]
    assert counts[0] >= 9 and counts[1] >= 20 and counts[2] >= 2
    footnoted = files[1].read_text(encoding="utf-8")
    facts = extract_figures(Source(footnoted))
    assert not any(f.text.isdigit() and footnoted[f.start - 1] in ".,:" for f in facts)


# --- spelled-out fractions and ordinals -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "value_text"),
    [
        ("Fuel prices rose by a quarter last month.", "quarter", 0.25, "1/4"),
        ("Two-thirds of the wells have dried up.", "Two-thirds", 0.666667, "2/3"),
        ("Nearly one fifth of pupils left school.", "one fifth", 0.2, "1/5"),
        ("Three quarters of the herd died.", "Three quarters", 0.75, "3/4"),
    ],
)
def test_spelled_out_fractions(text: str, surface: str, value: float, value_text: str) -> None:
    fact = only(text)
    assert (fact["text"], fact["value"], fact["value_text"]) == (surface, value, value_text)
    assert fact["unit"].startswith("fraction")


def test_fraction_context_keeps_the_article_and_counted_noun() -> None:
    fact = only("A third of the budget was spent on the army.")
    assert fact["context"].startswith("A third of") and fact["counts"] == "budget spent on the army"


@pytest.mark.parametrize(
    "text",
    ["The convoy was hit for a third time.", "It was the fifth attack this month.",
     "A second coup followed.", "She won a quarter century ago."],
)
def test_ordinals_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_year_after_until_at_least_is_not_a_figure() -> None:
    assert figures("The junta plans to rule until at least 2029.") == []
    assert figures("The price rose to about 2000 francs.")[0]["value"] == 2000


def test_half_a_scale_word():
    (fig,) = extract_figures(Source("Floods cut off half a million people.",
                                    dt.date(2024, 1, 1)))
    assert (fig.text, fig.attrs["value"]) == ("half a million", 500000)


def test_half_as_a_share_but_not_the_second_half():
    text = "Nearly half of the wells are dry. In the second half of the year, rain returned."
    figures = extract_figures(Source(text, dt.date(2024, 1, 1)))
    assert [(f.text, f.attrs["value"], f.attrs["approx"]) for f in figures] == [
        ("half", 0.5, True)]


def test_days_of_a_range_are_not_figures():
    text = "On the night of 4 to 5 August, 30 people fled."
    assert [f.text for f in extract_figures(Source(text, dt.date(2024, 9, 1)))] == ["30"]


def test_thousands_grouped_with_spaces():
    text = "About 12 000 people and 4\u00a0500 head of cattle crossed; 7\u202f250 returned."
    figures = extract_figures(Source(text, dt.date(2024, 1, 1)))
    assert [(f.text, f.attrs["value"]) for f in figures] == [
        ("12 000", 12000), ("4\u00a0500", 4500), ("7\u202f250", 7250)]


def test_a_year_then_a_count_is_not_one_grouped_number():
    figures = extract_figures(Source("In 2019 300 people died.", dt.date(2024, 1, 1)))
    assert [(f.text, f.attrs["value"]) for f in figures] == [("300", 300)]


def test_one_in_five_is_a_ratio():
    text = "One in four girls and 3 in 10 boys left school."
    figures = extract_figures(Source(text, dt.date(2024, 1, 1)))
    assert [(f.text, f.attrs["value"], f.attrs["value_text"]) for f in figures] == [
        ("One in four", 0.25, "1/4"), ("3 in 10", 0.3, "3/10")]
