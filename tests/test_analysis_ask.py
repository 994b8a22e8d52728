"""`ask`: the question word picks the kind, content words rank the facts."""

from __future__ import annotations

import json

from conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS

from mali_facts.analysis.ask import ASK_COLUMNS, ask, read_question
from mali_facts.analysis.context import build_contexts
from mali_facts.cli import cli


def test_question_words_pick_the_kind():
    assert read_question("When did the army take Kidal?").kinds == ("date",)
    assert read_question("Who leads the junta?").kinds == ("official",)
    assert read_question("Where is the president held?").kinds == ("place",)
    assert read_question("How many people were displaced?").kinds == ("figure",)
    assert read_question("Which colonel lost the defence portfolio?").kinds == ("official",)
    assert read_question("Which northern city fell?").kinds == ("place",)
    assert read_question("What is the CNSP?").defining
    assert read_question("kidal takeover date").kinds == ()
    assert read_question("kidal takeover date").cue_kinds == ("date",)


def test_best_answer_first_with_its_evidence_marked():
    rows = ask("When did the army take Kidal?", SAMPLE_FACTS, SAMPLE_DOCUMENTS)
    assert rows[0]["id"] == "t2-d00004"
    assert rows[0]["answer"] == "2023-11-14"
    assert "[[Tuesday November 14]]" in rows[0]["evidence"]
    assert all(r["kind"] == "date" for r in rows)


def test_stemming_and_accents_match():
    rows = ask("how many displaced persons?", SAMPLE_FACTS, SAMPLE_DOCUMENTS)
    assert rows[0]["answer"].startswith("326000")
    rows = ask("where is segou", SAMPLE_FACTS, SAMPLE_DOCUMENTS)
    assert rows[0]["answer"] == "Ségou"


def test_the_entity_a_question_names_is_not_its_answer():
    facts = SAMPLE_FACTS + [dict(SAMPLE_FACTS[8], id="t1-o00009", doc="t1",
                                 evidence="Moctar Ouane was detained with Assimi Goïta.")]
    rows = ask("Who was detained with Goita?", facts, SAMPLE_DOCUMENTS)
    assert rows[0]["answer"] == "Moctar Ouane"


def test_nothing_relevant_gives_no_rows():
    assert ask("zebra quantum?", SAMPLE_FACTS, SAMPLE_DOCUMENTS) == []


def test_place_of_a_sentence_is_inferred_from_the_one_before():
    facts = [
        {"id": "k-p1", "kind": "place", "text": "Kidal", "doc": "k", "start": 20, "end": 25,
         "name": "Kidal", "mentions": [[20, 25]], "aliases": [],
         "evidence": "The army moved to Kidal."},
        {"id": "k-d1", "kind": "date", "text": "Tuesday", "doc": "k", "start": 60,
         "end": 67, "date": "2023-11-14", "event": "arrival",
         "evidence": "It reached the city on Tuesday."},
    ]
    scene = build_contexts(facts, [{"id": "k", "title": "News"}])["k"].scene(facts[1])
    assert scene.places == ["Kidal"]
    assert scene.how == "inferred from the previous sentence"


def test_ask_command_tsv_columns_json_and_exit_status(runner, sample_store):
    result = runner.invoke(cli, ["ask", "when", "did", "the", "army", "take", "Kidal?",
                                 "--format", "tsv"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split("\t") == list(ASK_COLUMNS)
    assert lines[1].split("\t")[2] == "2023-11-14"
    result = runner.invoke(cli, ["ask", "who leads the CNSP", "-n", "1", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 1
    result = runner.invoke(cli, ["ask", "zebra quantum"])
    assert result.exit_code == 1
    assert "no relevant fact" in result.output


def test_dates_kidal_finds_the_sentence_that_says_the_city(runner, isolated_environment):
    from mali_facts.store import write_store

    facts = [
        {"id": "k-p00001", "kind": "place", "text": "Kidal", "doc": "k", "start": 18,
         "end": 23, "name": "Kidal", "mentions": [[18, 23]], "aliases": [], "type": "city",
         "evidence": "The army neared Kidal."},
        {"id": "k-d00001", "kind": "date", "text": "Tuesday", "doc": "k", "start": 48,
         "end": 55, "date": "2023-11-14", "precision": "day", "event": "arrival",
         "evidence": "It reached the city on Tuesday."},
        {"id": "k-d00002", "kind": "date", "text": "2012", "doc": "k", "start": 900,
         "end": 904, "date": "2012", "precision": "year", "event": "rebellion",
         "evidence": "A rebellion broke out in 2012."},
    ]
    write_store(isolated_environment, [{"id": "k", "title": "News", "published": "2023-11-21"}],
                facts)
    result = runner.invoke(cli, ["dates", "kidal", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == ["k-d00001"]
    assert rows[0]["scene"] == "Kidal (inferred from the previous sentence)"
