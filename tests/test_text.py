"""Accent folding and sentence splitting."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mali_facts.text import fold, fold_query, normalize_space, split_sentences


def test_fold_strips_accents_and_case():
    assert fold("Ségou Ménaka Goïta Tombouctou") == "segou menaka goita tombouctou"
    assert fold("Workers’ “union” – Côte") == "workers' \"union\" - cote"


@given(st.text())
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


def test_fold_query_collapses_space():
    assert fold_query("  Assimi \n Goïta ") == "assimi goita"


def test_sentences_skip_abbreviations_and_footnotes():
    text = ("Gen. Diarra met the U.S. envoy. Trust fell among the population.1 At the same "
            "time, talks stalled.\n\nNew paragraph here")
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["Gen. Diarra met the U.S. envoy.",
                     "Trust fell among the population.1",
                     "At the same time, talks stalled.", "New paragraph here"]


def test_page_break_inside_a_sentence_does_not_split():
    text = "They demanded the release of key\n\ndetainees before talks."
    assert [text[s:e] for s, e in split_sentences(text)] == [text]


@given(st.text())
def test_sentences_are_ordered_spans_inside_the_text(text):
    last = 0
    for start, end in split_sentences(text):
        assert last <= start < end <= len(text)
        last = end


def test_normalize_space():
    assert normalize_space(" a\n b\u00a0 c ") == "a b c"
