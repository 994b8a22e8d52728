"""Extraction as a map step: ``extract`` (pure, no store), ``ingest --facts``, and Dask."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recipes.documents import write_documents

REPO = Path(__file__).resolve().parent.parent


def cli(*args: str, input: bytes | None = None, env: dict | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mali_facts", *args], input=input,
                          capture_output=True, timeout=600, env=env, cwd=cwd)


def export(store: Path) -> dict:
    result = cli("--db", str(store), "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def same_store(extracted: dict, ingested: dict) -> bool:
    """Equal stores, but for where the publication date came from: the extract input
    gave it ("input"), the plain ingest read it from the text's Published: line."""
    for store, rule in ((extracted, "input"), (ingested, "published-line")):
        for document in store["documents"]:
            assert document["meta_source"].pop("published") == rule, document["id"]
    return extracted == ingested


def test_extract_is_pure_and_deterministic(tmp_path, isolated_environment):
    docs = write_documents(tmp_path / "docs.jsonl", 12)
    first = cli("extract", input=docs.read_bytes())
    second = cli("extract", str(docs))
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout and first.stderr == b""
    lines = [json.loads(line) for line in first.stdout.splitlines()]
    assert [line["document"]["id"] for line in lines] == [f"gen-{i:06d}" for i in range(12)]
    assert all(f["doc"] == line["document"]["id"] for line in lines for f in line["facts"])
    assert sum(len(line["facts"]) for line in lines) > 12 * 5
    assert not isolated_environment.exists()  # no store was read or written
    assert not (tmp_path / "home" / ".local").exists()


def test_extract_then_merge_equals_ingesting_the_files(tmp_path):
    docs = write_documents(tmp_path / "docs.jsonl", 15, text_dir=tmp_path / "texts")
    output = tmp_path / "facts.jsonl"
    extracted = cli("extract", str(docs))
    output.write_bytes(extracted.stdout)
    merged, plain = tmp_path / "merged.json", tmp_path / "plain.json"
    result = cli("--db", str(merged), "ingest", "--facts", str(output))
    assert result.returncode == 0, result.stderr
    texts = sorted(str(p) for p in (tmp_path / "texts").glob("*.txt"))
    assert cli("--db", str(plain), "ingest", *texts).returncode == 0
    assert same_store(export(merged), export(plain))
    assert not merged.with_name("merged.json.bak").exists()  # one write
    again = cli("--db", str(merged), "ingest", "--facts", str(output), "--format", "tsv")
    assert again.returncode == 0 and again.stdout.count(b"\tunchanged\t") == 15


@pytest.mark.parametrize(("line", "message"), [
    (b"not json", "not valid JSON"),
    (b'{"id": "a b", "text": "x"}', "'id' must be"),
    (b'{"id": "a", "text": 3}', "'text' must be a string"),
    (b'{"id": "a", "text": "x", "published": "yesterday"}', "is not a date"),
    (b'{"id": "a", "text": "x", "metadata": {"title": 5}}', "metadata.title"),
    (b'{"id": "a", "text": "x\\u0000y"}', "NUL"),
    (b'[1, 2]', "not a JSON object"),
])
def test_bad_extract_input_is_one_line_exit_7(line, message):
    good = b'{"id": "ok", "text": "On 2 May 2021 about 300 people fled Gao."}\n'
    result = cli("extract", input=good + line + b"\n")
    assert result.returncode == 7
    error = result.stderr.decode()
    assert error.startswith("mali-facts: <stdin> line 2: ") and message in error
    assert len(error.splitlines()) == 1 and b"Traceback" not in result.stderr


@pytest.mark.parametrize("damage", ["not json", "no facts", "foreign fact", "twice"])
def test_bad_merge_input_leaves_the_store_as_it_was(tmp_path, damage):
    docs = write_documents(tmp_path / "docs.jsonl", 3)
    lines = cli("extract", str(docs)).stdout.splitlines()
    store = tmp_path / "store.json"
    assert cli("--db", str(store), "ingest", "--facts", "-",
               input=lines[0] + b"\n").returncode == 0
    before = store.read_bytes()
    item = json.loads(lines[1])
    if damage == "not json":
        bad = b"{oops"
    elif damage == "no facts":
        bad = json.dumps({"document": item["document"]}).encode()
    elif damage == "foreign fact":
        item["facts"][0]["doc"] = "gen-000000"
        bad = json.dumps(item).encode()
    else:
        item["facts"].append(item["facts"][0])
        bad = json.dumps(item).encode()
    result = cli("--db", str(store), "ingest", "--facts", "-", input=lines[2] + b"\n" + bad)
    assert result.returncode == 7, result.stderr
    assert len(result.stderr.splitlines()) == 1 and b"line 2" in result.stderr
    assert store.read_bytes() == before


def test_merge_refuses_a_different_text_under_a_taken_id_unless_replace(tmp_path):
    store = tmp_path / "store.json"
    first = b'{"id": "a", "text": "On 2 May 2021 about 300 people fled Gao."}\n'
    second = b'{"id": "a", "text": "On 3 May 2021 about 900 people fled Mopti."}\n'
    for text in (first, second):
        (tmp_path / "facts.jsonl").write_bytes(cli("extract", input=text).stdout)
        result = cli("--db", str(store), "ingest", "--facts", str(tmp_path / "facts.jsonl"))
        if text is first:
            assert result.returncode == 0
    assert result.returncode == 2 and b"--replace" in result.stderr
    assert b"Gao" in store.read_bytes() and b"Mopti" not in store.read_bytes()
    replaced = cli("--db", str(store), "ingest", "--facts", "--replace",
                   str(tmp_path / "facts.jsonl"))
    assert replaced.returncode == 0
    assert b"Mopti" in store.read_bytes() and b"Gao" not in store.read_bytes()


def test_facts_flag_refuses_per_document_options(tmp_path):
    result = cli("--db", str(tmp_path / "s.json"), "ingest", "--facts", "x.jsonl",
                 "--published", "2021-01-01")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1


def test_dask_recipe_with_two_workers_merges_to_the_single_process_store(tmp_path):
    pytest.importorskip("dask.bag")
    docs = write_documents(tmp_path / "docs.jsonl", 40, text_dir=tmp_path / "texts")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    recipe = subprocess.run([sys.executable, str(REPO / "recipes" / "dask_extract.py"),
                             str(docs), str(tmp_path / "out"), "--workers", "2"],
                            capture_output=True, timeout=600, env=env)
    assert recipe.returncode == 0, recipe.stderr
    parts = sorted(str(p) for p in (tmp_path / "out").glob("part-*.jsonl"))
    assert len(parts) >= 2  # the work was split
    merged, single = tmp_path / "dask.json", tmp_path / "single.json"
    assert cli("--db", str(merged), "ingest", "--facts", *parts).returncode == 0
    texts = sorted(str(p) for p in (tmp_path / "texts").glob("*.txt"))
    assert cli("--db", str(single), "ingest", *texts).returncode == 0
    assert same_store(export(merged), export(single))
