"""The store keeps each document's text once and facts point into it for their evidence.

What a user relies on: every output shows the same evidence as the extractor gave, a
store written before this format still answers the same, the file grows with the text
and not with facts x sentence length, and removing a document removes its text.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from mali_facts.cli import cli
from mali_facts.errors import StoreCorrupt
from mali_facts.extract import extract
from mali_facts.store import FactStore, dump_json, writing

REPO = Path(__file__).resolve().parent.parent
ARTICLES = sorted((REPO / "tests" / "heldout").glob("*.txt"))[:3]


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), (args, result.output)
    return result.output


def ingest(store: Path, *files: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(store), "ingest", *map(str, files),
                                      "--published", "2024-01-01"])
    assert result.exit_code == 0, result.output


def as_version_1(new: Path, old: Path) -> None:
    """*new*'s documents and facts written as the previous version wrote them: every
    fact with its evidence inline, no texts table, schema version 1."""
    store = FactStore.open(new)
    data = {"meta": {"schema": {"version": 1}},
            "documents": {d["id"]: d for d in store.documents()},
            "facts": {f["id"]: f for f in store.facts()}}
    old.write_bytes(dump_json(data))


def test_facts_point_into_the_text_and_their_evidence_is_what_was_extracted(tmp_path):
    store = tmp_path / "s.json"
    ingest(store, *ARTICLES)
    raw = json.loads(store.read_bytes())
    assert raw["meta"]["schema"]["version"] == 2
    assert not any("evidence" in f for f in raw["facts"].values())  # none repeated
    assert all("evidence_at" in f for f in raw["facts"].values())
    stored = FactStore.open(store).facts()
    for path in ARTICLES:
        doc = path.stem.split("_")[0]
        expected = {(f.start, f.end, f.kind): f.evidence
                    for f in extract(path.read_text(encoding="utf-8"))}
        mine = {(f["start"], f["end"], f["kind"]): f["evidence"] for f in stored
                if f["doc"].startswith(doc)}
        assert mine and all(expected[key] == text for key, text in mine.items())
    assert all("evidence_at" not in f for f in stored)  # the reference stays inside


def test_one_long_sentence_of_facts_does_not_grow_the_file_by_facts_times_sentence(
        tmp_path):
    clause = "about {n} people fled Gao on {d} March 2022 and"
    text = " ".join(clause.format(n=100 + i, d=1 + i % 28) for i in range(400)) + " more.\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    store = tmp_path / "s.json"
    ingest(store, path)
    facts = FactStore.open(store).facts()
    repeated = sum(len(f["evidence"].encode()) for f in facts)
    assert len(facts) > 500 and repeated > 20 * len(text)
    inline = tmp_path / "inline.json"
    as_version_1(store, inline)  # the same facts, each with its evidence written out
    size = store.stat().st_size
    assert size < inline.stat().st_size - 0.8 * repeated
    assert size < len(text) + 700 * len(facts)  # the text once, then a record per fact
    assert any(f["evidence"].startswith("… ") and f["evidence"].endswith(" …") for f in facts)


@pytest.mark.parametrize("command", [
    ["search", "Mopti", "--format", "json"], ["search", "Mopti", "--format", "jsonl"],
    ["search", "Mopti", "--format", "csv"], ["search", "Mopti", "--format", "tsv",
                                             "--fields", "id,evidence"],
    ["dates", "--format", "tsv", "--fields", "id,evidence"], ["figures", "--format", "json"],
    ["officials", "--by-document", "--format", "jsonl"], ["ask", "how many people fled"],
    ["ask", "when was the attack", "--format", "tsv"], ["conflicts", "--format", "tsv"],
    ["export", "--format", "json"], ["export", "--format", "jsonl"],
    ["export", "--format", "csv"], ["timeline", "--format", "json"]])
def test_every_output_shows_the_same_evidence_from_a_new_and_an_old_store(tmp_path,
                                                                           command):
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    ingest(new, *ARTICLES)
    as_version_1(new, old)
    assert '"evidence"' in old.read_text(encoding="utf-8")
    shown_new = run("--db", str(new), *command)
    assert shown_new.strip()
    assert shown_new == run("--db", str(old), *command)


def test_show_and_the_sqlite_export_give_the_same_evidence(tmp_path):
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    ingest(new, *ARTICLES)
    as_version_1(new, old)
    some = FactStore.open(new).facts()[5]
    assert run("--db", str(new), "show", some["id"]) == run("--db", str(old), "show",
                                                           some["id"])
    for store in (new, old):
        target = tmp_path / f"{store.stem}.db"
        run("--db", str(store), "export", "--format", "sqlite", str(target))
        with sqlite3.connect(target) as connection:
            found = connection.execute("SELECT evidence FROM facts WHERE id = ?",
                                       [some["id"]]).fetchone()
        assert found == (some["evidence"],)


def test_an_old_store_is_migrated_on_the_next_write_and_keeps_its_evidence(tmp_path):
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    ingest(new, ARTICLES[0])
    as_version_1(new, old)
    before = FactStore.open(old).facts()
    ingest(old, ARTICLES[1])
    assert (tmp_path / "old.json.v1.bak").exists()
    after = FactStore.open(old)
    assert after.schema_version == 2
    assert [f for f in after.facts() if f["doc"] == before[0]["doc"]] == before


def test_replace_and_removal_take_the_documents_text_with_them(tmp_path):
    store = tmp_path / "s.json"
    first = tmp_path / "a.txt"
    first.write_text("On 3 March 2022, about 40 people fled Gao, officials said.\n")
    ingest(store, first)
    assert "fled Gao" in json.loads(store.read_bytes())["texts"]["a"]
    first.write_text("On 4 March 2022, about 50 people fled Kidal, officials said.\n")
    result = CliRunner().invoke(cli, ["--db", str(store), "ingest", str(first), "--replace"])
    assert result.exit_code == 0, result.output
    texts = json.loads(store.read_bytes())["texts"]
    assert list(texts) == ["a"] and "Gao" not in texts["a"] and "Kidal" in texts["a"]
    assert all("Kidal" in f["evidence"] for f in FactStore.open(store).facts())
    with writing(store) as changing:
        changing.remove_document("a")
    assert json.loads(store.read_bytes())["texts"] == {}


def test_evidence_that_no_longer_matches_its_text_is_a_corrupt_store(tmp_path):
    store = tmp_path / "s.json"
    ingest(store, ARTICLES[0])
    data = json.loads(store.read_bytes())
    doc = next(iter(data["texts"]))
    data["texts"][doc] = data["texts"][doc].replace("a", "o")
    store.write_bytes(dump_json(data))
    with pytest.raises(StoreCorrupt, match="does not match"):
        FactStore.open(store)
    result = CliRunner().invoke(cli, ["--db", str(store), "dates"])
    assert result.exit_code == 5 and "Traceback" not in result.output


def large_store(path: Path, referenced: bool) -> None:
    """A store over the lazy-reading size, each fact's evidence a sentence of its
    document: written with the texts (references) or as before (inline)."""
    from mali_facts.store import write_store

    documents, facts, texts = [], [], {}
    for d in range(40):
        doc, sentences = f"n{d:03d}", []
        documents.append({"id": doc, "title": None, "outlet": None, "author": None,
                          "published": None, "sha256": f"{d:064x}"})
        for i in range(200):
            word = "zanzibarite" if (d, i) == (17, 99) else "report"
            sentence = f"About {i + 10} people fled Gao in {2000 + d}, the {word} said."
            at = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            facts.append({"id": f"{doc}-f{i:05x}", "kind": "figure", "doc": doc,
                          "text": str(i + 10), "start": at + 6, "end": at + 6 + len(
                              str(i + 10)), "evidence": sentence, "value": i + 10,
                          "unit": "people", "counts": "people fled Gao", "approx": True,
                          "qualifier": None, "measure": None,
                          "context": "quokka count" if word != "report" else None,
                          "currency": None})
        texts[doc] = " ".join(sentences)
    write_store(path, documents, facts, texts if referenced else None)


@pytest.mark.parametrize("index", ["off", "on"])
def test_a_large_store_finds_words_that_are_only_in_the_evidence(tmp_path, monkeypatch,
                                                                 index):
    monkeypatch.setenv("MALI_FACTS_INDEX", index)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    large_store(new, True)
    as_version_1(new, old)  # as the previous version wrote it
    assert b'"texts"' not in old.read_bytes()
    assert new.stat().st_size > 2 * 1024 * 1024  # read lazily, record by record
    assert b'"evidence":' not in new.read_bytes() and b'"evidence":' in old.read_bytes()
    for command in (["search", "zanzibarite", "--format", "json"],
                    ["figures", "--min", "205", "--format", "tsv", "--fields",
                     "id,evidence"], ["show", "n017-f00063"]):
        shown = run("--db", str(new), *command)
        assert shown == run("--db", str(old), *command)
        assert "zanzibarite" in shown or command[0] == "figures"


def test_a_search_whose_words_are_split_between_a_field_and_the_evidence(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("MALI_FACTS_INDEX", "off")
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    large_store(new, True)
    large_store(old, False)
    # "quokka" is only in the fact's context, "zanzibarite" only in its evidence
    found = run("--db", str(new), "search", "zanzibarite", "quokka", "--format", "tsv")
    assert "n017-f00063" in found
    assert found == run("--db", str(old), "search", "zanzibarite", "quokka", "--format",
                        "tsv")
