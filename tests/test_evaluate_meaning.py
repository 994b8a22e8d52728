"""The descriptive-field score (event, counts, role) on hand-made gold and predictions."""

from __future__ import annotations

from mali_facts.evaluate import content_words, meaning_is_right, phrase_matches, score_document


def test_content_words_fold_case_accents_stop_words_and_plural_s() -> None:
    assert content_words("The Soldiers killed in Ségou") == ["soldier", "killed", "segou"]


def test_half_of_the_gold_words_is_enough_and_less_is_not() -> None:
    assert phrase_matches("army took control of Kidal", "Malian army took Kidal")
    assert not phrase_matches("arrival of the army", "Malian army took Kidal")


def test_a_prediction_over_twenty_words_never_matches() -> None:
    long = " ".join(["army took Kidal"] + ["word"] * 20)
    assert not phrase_matches(long, "army took Kidal")


def test_figure_matches_by_its_unit_when_counts_differ() -> None:
    record = {"counts": "ballots", "unit": "votes"}
    assert meaning_is_right("figure", record, {"counts": "support in the CNT", "unit": "votes"})
    assert not meaning_is_right("figure", record, {"counts": "support in the CNT",
                                                   "unit": "seats"})


def test_official_reads_rank_and_role_together() -> None:
    record = {"rank": "Colonel", "role": "defence minister"}
    assert meaning_is_right("official", record, {"role": "Colonel; minister of defence"})


def test_publication_dates_match_a_gold_dateline_only() -> None:
    record = {"event": "publication date", "date_role": "publication"}
    assert meaning_is_right("date", record, {"event": "Date line: filed in Gao"})
    assert not meaning_is_right("date", record, {"event": "Army retook Gao"})


def test_nothing_to_score_without_a_gold_description() -> None:
    assert meaning_is_right("date", {"event": "x"}, {"event": ""}) is None
    assert meaning_is_right("place", {"name": "Gao"}, {"value": "Gao"}) is None


def test_score_document_counts_meaning_over_matched_required_facts() -> None:
    gold = {"doc": "t", "ignored": [], "facts": [
        {"id": "t-DAT-01", "kind": "DATE", "surface": "May", "start": 0, "end": 3,
         "value": "2024-05", "event": "army retook Gao", "optional": False},
        {"id": "t-DAT-02", "kind": "DATE", "surface": "June", "start": 10, "end": 14,
         "value": "2024-06", "event": "talks opened in Algiers", "optional": False},
        {"id": "t-DAT-03", "kind": "DATE", "surface": "July", "start": 20, "end": 24,
         "value": "2024-07", "event": "vote held", "optional": True},
    ]}
    records = [
        {"kind": "date", "text": "May", "start": 0, "end": 3, "date": "2024-05",
         "event": "the army retook Gao"},
        {"kind": "date", "text": "June", "start": 10, "end": 14, "date": "2024-06",
         "event": "rain fell"},
        {"kind": "date", "text": "July", "start": 20, "end": 24, "date": "2024-07",
         "event": "nothing alike"},
    ]
    score = score_document(gold, records)["date"]
    assert (score.tp, score.meaning_ok, score.meaning_total) == (2, 1, 2)
    assert score.meaning_accuracy == 0.5
    assert len(score.wrong_meanings) == 1 and "t-DAT-02" in score.wrong_meanings[0]
