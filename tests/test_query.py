"""Query building blocks: date intervals, bounds, sorting, the raw prefilter."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mali_facts.errors import UsageError
from mali_facts.query import (
    Filters,
    date_interval,
    parse_date_bound,
    raw_prefilter,
    select,
    sort_records,
)


@pytest.mark.parametrize(("value", "first", "last"), [
    ("2021", "2021-01-01", "2021-12-31"), ("2020-02", "2020-02-01", "2020-02-29"),
    ("2021-05-24", "2021-05-24", "2021-05-24"), ("2021-W20", "2021-05-17", "2021-05-23"),
    ("2021-05-24TNI", "2021-05-24", "2021-05-24"), ("2019/2020", "2019-01-01", "2020-12-31"),
    ("2020-08/2021-01", "2020-08-01", "2021-01-31")])
def test_date_interval(value, first, last):
    assert date_interval(value) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


@pytest.mark.parametrize("value", [None, "", "PXY", "soon", "2021-99"])
def test_unreadable_dates_have_no_interval(value):
    assert date_interval(value) is None


def test_bad_bounds():
    with pytest.raises(UsageError, match="--to"):
        parse_date_bound("May", "--to")


def test_sort_puts_missing_values_last():
    records = [{"id": "a", "value": 3}, {"id": "b"}, {"id": "c", "value": 1}]
    assert [r["id"] for r in sort_records(records, "value")] == ["c", "a", "b"]
    assert [r["id"] for r in sort_records(records, "-value")] == ["a", "c", "b"]


def test_fields_with_lists_and_newlines_match():
    record = {"kind": "official", "text": "Malick \nDiaw", "name": "Malick Diaw",
              "aliases": ["M. Diaw"], "role": "Prime\nMinister"}
    assert select([record], Filters(terms=["prime minister"]))
    assert select([record], Filters(terms=["m. diaw"]))


words = st.sampled_from(["Goïta", "Ségou", "prime", "Minister", "’s", "\"x\"", "\n", "Kidal",
                         "Ménaka", "l'armée", "Côte", "d’Ivoire", "a", "-", "co-op"])


@given(st.lists(words, min_size=1, max_size=6).map(" ".join),
       st.lists(words, min_size=1, max_size=2))
def test_raw_prefilter_never_rejects_a_match(text, terms):
    record = {"id": "x-o1", "kind": "official", "text": text, "name": text,
              "role": text.upper()}
    check = raw_prefilter(terms)
    if select([record], Filters(terms=terms)) and check is not None:
        block = json.dumps(record, ensure_ascii=False, indent=2).encode()
        assert check(block)


def test_raw_prefilter_rejects_what_cannot_match():
    check = raw_prefilter(["goita"])
    assert check(json.dumps({"name": "Assimi Goïta"}, ensure_ascii=False).encode())
    assert not check(json.dumps({"name": "Moctar Ouane"}).encode())
    assert raw_prefilter(["ségou"]) is not None
    assert raw_prefilter([""]) is None
