"""Entities merged across documents, profiles, and who held an office at a date."""

from __future__ import annotations

import json

from conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS

from mali_facts.analysis.entities import find_entity, holders, profile
from mali_facts.cli import cli
from mali_facts.query import merge_entities
from mali_facts.store import write_store

GOITA_AGAIN = dict(SAMPLE_FACTS[7], id="t2-o00009", doc="t2", role="President of the "
                   "transition", mentions=[[5, 17], [40, 52]], time="2021-06",
                   status="current", evidence="Assimi Goïta was sworn in.")


def test_one_row_per_entity_with_mentions_and_documents_counted():
    rows = merge_entities([SAMPLE_FACTS[7], GOITA_AGAIN, SAMPLE_FACTS[8]])
    assert [r["name"] for r in rows] == ["Assimi Goïta", "Moctar Ouane"]
    goita = rows[0]
    assert goita["doc"] == "t1,t2" and goita["documents"] == 2 and goita["mentions"] == 3
    assert "President of the transition" in goita["role"]


def test_officials_listing_merges_unless_by_document(runner, isolated_environment):
    write_store(isolated_environment, SAMPLE_DOCUMENTS, SAMPLE_FACTS + [GOITA_AGAIN])
    merged = runner.invoke(cli, ["officials", "goita", "--format", "tsv"]).output.splitlines()
    assert merged[0].split("\t") == ["id", "name", "role", "org", "country", "doc",
                                     "rank", "status", "time", "mentions", "documents"]
    assert len(merged) == 2 and merged[1].split("\t")[-1] == "2"
    per_doc = runner.invoke(cli, ["officials", "goita", "--by-document", "--no-header"])
    assert len(per_doc.output.splitlines()) == 2


def test_profile_roles_time_facts_and_documents():
    facts = SAMPLE_FACTS + [GOITA_AGAIN]
    entity = find_entity("goita", facts)
    assert {r["id"] for r in entity} == {"t1-o00001", "t2-o00009"}
    merged, rows = profile(entity, facts, SAMPLE_DOCUMENTS)
    roles = [r for r in rows if r["section"] == "role"]
    assert roles[0]["time"] == "2021-05-25 (inferred from the document date)"
    assert roles[1]["time"] == "2021-06" and roles[1]["status"] == "current"
    same_sentence = {r["id"] for r in rows if r["section"] == "fact"}
    assert "t1-d00001" in same_sentence  # "On Monday soldiers detained ..." names him
    assert [r["doc"] for r in rows if r["section"] == "document"] == ["t1", "t2"]


def test_holders_at_a_date_say_when_inferred():
    rows = holders(SAMPLE_FACTS, SAMPLE_DOCUMENTS, "prime minister", "2021-05")
    assert [(r["name"], r["basis"]) for r in rows] == [
        ("Moctar Ouane", "inferred from the document date")]
    assert holders(SAMPLE_FACTS, SAMPLE_DOCUMENTS, "prime minister", "2019") == []


def test_show_name_document_and_fact(runner, sample_store):
    result = runner.invoke(cli, ["show", "Assimi", "Goita", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["entity"]["name"] == "Assimi Goïta"
    result = runner.invoke(cli, ["show", "t2", "--format", "tsv", "--no-header"])
    assert {line.split("\t")[0] for line in result.output.splitlines()} >= {"t2-d00004"}
    assert runner.invoke(cli, ["show", "t1-d00001"]).exit_code == 0
    missing = runner.invoke(cli, ["show", "nobody"])
    assert missing.exit_code == 1 and "no fact, document or entity" in missing.output
    at = runner.invoke(cli, ["officials", "--role", "prime minister", "--at", "2021-05"])
    assert at.exit_code == 0 and "inferred from the document date" in at.output
    assert runner.invoke(cli, ["officials", "--at", "soon"]).exit_code == 2
