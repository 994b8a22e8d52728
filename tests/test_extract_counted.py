"""What a figure counts, its measure and currency: one test per rule, on our own sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from mali_facts.extract.figures import extract_figures
from mali_facts.extract.source import Source


def figure(text: str, surface: str) -> dict:
    facts = extract_figures(Source(text, dt.date(2024, 6, 4)))
    return next(f.attrs for f in facts if f.text == surface)


@pytest.mark.parametrize(("text", "surface", "counts", "measure"), [
    ("At least 12 soldiers were killed near Boni.", "12", "soldiers killed near Boni",
     "casualties"),
    ("Gunmen killed 9 herders in Kadji.", "9", "herders killed in Kadji", "casualties"),
    ("Some 4,000 people fled the fighting.", "4,000", "people fled the fighting", "people"),
    ("The number of refugees in the camp rose to 90,000.", "90,000", "refugees in the camp",
     "people"),
    ("The clinic treated 30 patients.", "30", "patients treated", "people"),
    ("Talks lasted 3 days.", "3", "Talks lasted days", "duration"),
    ("The convoy drove 60 kilometres to Gao.", "60", "convoy drove kilometres", "quantity"),
    ("A 12-year-old girl was rescued.", "12-year-old", None, "age"),
])
def test_counts_and_measure(text: str, surface: str, counts: str | None,
                            measure: str) -> None:
    found = figure(text, surface)
    assert (found["counts"], found["measure"]) == (counts, measure) or (
        counts is None and found["measure"] == measure)


@pytest.mark.parametrize(("text", "surface", "currency"), [
    ("The state owes 40 billion CFA francs to suppliers.", "40 billion", "XOF"),
    ("The plan seeks $200 million.", "200 million", "USD"),
    ("Brussels pledged 15 million euros.", "15 million", "EUR"),
])
def test_money_has_an_iso_currency(text: str, surface: str, currency: str) -> None:
    found = figure(text, surface)
    assert (found["measure"], found["currency"]) == ("money", currency)


def test_share_and_not_money() -> None:
    found = figure("Only 27% of the plan is funded.", "27")
    assert (found["measure"], found["currency"]) == ("share", None)


def test_reading_time_is_an_identifier() -> None:
    assert figure("Analysis. 4 mins read. The army advanced.", "4")["measure"] == "identifier"


def test_villages_are_not_an_age() -> None:
    assert figure("Gunmen raided two villages overnight.", "two")["measure"] == "count"


def test_an_apposed_number_is_an_age() -> None:
    found = figure("The driver, Moussa Keita, 43, was freed.", "43")
    assert (found["measure"], found["counts"]) == ("age", "age of Moussa Keita")
    assert figure("He is 58, and still drives.", "58")["measure"] == "age"


def test_a_share_says_what_it_is_a_share_of() -> None:
    found = figure("About 58% of the newly displaced were children.", "58")
    assert (found["measure"], found["counts"]) == ("share", "share of newly displaced")


def test_a_list_carries_its_counted_noun_over() -> None:
    text = "Losses: 9 soldiers killed, 16 wounded and 2 missing."
    assert figure(text, "16")["counts"] == "soldiers wounded"
    assert figure(text, "16")["measure"] == "casualties"


def test_superscript_digits_are_not_an_age() -> None:
    facts = extract_figures(Source("The envoy, Moussa Keita, ¹, left.", dt.date(2024, 6, 4)))
    assert all(f.attrs["measure"] != "age" for f in facts)


def whole(text: str, surface: str) -> dict:
    """The figure after the whole pipeline (comparisons are read across figures)."""
    from mali_facts.extract import extract

    facts = extract(text, dt.date(2024, 6, 4))
    return next(f.attrs for f in facts if f.kind == "figure" and f.text == surface)


@pytest.mark.parametrize(("text", "surface", "counts", "unit"), [
    # a bare number compared with a counted one counts the same thing
    ("The school now has 12 teachers, against 20 last year.", "20", "teachers", "teachers"),
    ("A bag of millet costs 30,000 CFA francs, up from 22,000 in March.", "22,000",
     "CFA francs", "CFA francs"),
    ("The cooperative runs four mills instead of nine.", "nine", None, "mills"),
])
def test_compared_number_counts_what_it_is_compared_with(text, surface, counts, unit) -> None:
    attrs = whole(text, surface)
    assert attrs["unit"] == unit
    if counts:
        assert attrs["counts"] == counts


@pytest.mark.parametrize(("text", "surface", "counts"), [
    # another figure is no subject: the list's noun and the number's own participle
    ("Six herders died and 11 were wounded near Dioura.", "11",
     "herders wounded near Dioura"),
    ("Five gendarmes were killed, 3 wounded and 2 missing.", "2", "gendarmes missing"),
])
def test_a_list_of_casualties_shares_its_noun(text: str, surface: str, counts: str) -> None:
    assert whole(text, surface)["counts"] == counts
    assert whole(text, surface)["measure"] == "casualties"


def test_a_bare_number_after_an_unrelated_figure_is_not_compared() -> None:
    attrs = whole("The army lost 12 vehicles in May; in June 40 were delivered.", "40")
    assert attrs["unit"] == "count"


@pytest.mark.parametrize(("text", "surface", "counts"), [
    # a fact sheet's rows: each label says what its own number counts, not the next row's
    ("People reached by region\nKayes: 41,000\nKoulikoro: 28,500\n", "41,000", "Kayes"),
    ("Cluster funding:\nShelter: 14 per cent\nHealth: 22 per cent\n", "14",
     "share of Shelter"),
    # a percentage is the value of the noun phrase before "of"
    ("The loan carries an annual interest rate of 6.5 per cent.", "6.5",
     "annual interest rate"),
    # a percentage compared with another one measures the same thing
    ("Unemployment fell to 7.2 per cent in May, from 8.4 per cent in January.", "8.4",
     "Unemployment"),
])
def test_rows_labels_and_percentages(text: str, surface: str, counts: str) -> None:
    assert whole(text, surface)["counts"] == counts


@pytest.mark.parametrize(("text", "surface", "counts"), [
    # a share of the subject, with the participle that says of what
    ("Donors said the appeal was 27 per cent funded in May.", "27",
     "share of appeal funded"),
    # "..., down 12 per cent": a change in what the previous clause's subject measures
    ("Cotton output reached 540,000 tonnes, down 12 per cent on last season.", "12",
     "fall in Cotton output"),
    ("The price of millet averaged 310 francs a kilo, up 8 per cent on March.", "8",
     "rise in price of millet"),
    # the verb's object is what changed to a value
    ("The bank raised its main rate to 3.5 per cent from 3.25 per cent.", "3.5",
     "main rate"),
    ("The bank raised its main rate to 3.5 per cent from 3.25 per cent.", "3.25",
     "main rate"),
])
def test_what_a_percentage_measures(text: str, surface: str, counts: str) -> None:
    assert whole(text, surface)["counts"] == counts
