"""The derived index of large stores: the same answers as the store, never stale, safe.

MALI_FACTS_INDEX=on gives the small test stores an index (by default only stores over
16 MB get one); =off reads the store as it always was. Every answer is compared between
the two.
"""

from __future__ import annotations

import json
import math
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mali_facts.store as store_module
from mali_facts.cli import cli
from mali_facts.index.identity import cache_dir, index_path
from mali_facts.store import LazyJSONStorage, write_store
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS

QUERIES = [
    ["officials", "goita"], ["officials"], ["officials", "--officials-only"],
    ["officials", "--role", "minister"], ["officials", "--org", "cnsp"],
    ["dates"], ["dates", "--from", "2021-05", "--to", "2021-05"], ["dates", "--from", "2013"],
    ["dates", "--to", "2012-12"], ["dates", "kidal"], ["dates", "--sort", "-date"],
    ["figures", "--min", "1000"], ["figures", "--max", "2800"], ["figures", "--unit", "people"],
    ["figures", "--measure", "people"], ["figures", "--measure", "money"],
    ["figures", "--sort", "-value", "-n", "2"], ["figures", "-n", "0"],
    ["places", "--type", "region"], ["places", "--region", "kidal"],
    ["places", "--country", "mali", "--sort", "lat"], ["places", "segou"], ["orgs"],
    ["search", "kidal"], ["search", "goita", "--kind", "official", "--kind", "date"],
    ["search", "the", "--kind", "date"], ["officials", "goitta"], ["places", "timbuktoo"],
    ["dates", "--doc", "t2"], ["officials", "--fields", "name,role"],
    ["figures", "--format", "json"], ["dates", "--format", "csv", "-n", "2"],
    ["dates", "--no-header"], ["search", "kidal", "--format", "jsonl"],
    ["show", "t1-o00001"], ["show", "t1-nosuch"], ["dates", "--from", "notadate"],
]


def invoke(argv: list[str], index: str, monkeypatch: pytest.MonkeyPatch) -> tuple:
    monkeypatch.setenv("MALI_FACTS_INDEX", index)
    result = CliRunner().invoke(cli, argv)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("argv", QUERIES, ids=" ".join)
def test_index_answers_like_the_store(sample_store, monkeypatch, argv):
    plain = invoke(argv, "off", monkeypatch)
    indexed = invoke(argv, "on", monkeypatch)
    assert indexed == plain
    if argv[0] != "show" and plain[0] != 2:  # listings build it; show only reads one
        assert index_path(sample_store).exists()


def test_an_indexed_listing_does_not_scan_the_store(sample_store, monkeypatch):
    invoke(["dates"], "on", monkeypatch)  # builds the index
    expected = invoke(["figures", "--min", "1000"], "off", monkeypatch)

    def no_scan(*args, **kwargs):
        raise AssertionError("the store was scanned")

    monkeypatch.setattr(LazyJSONStorage, "iter_records", no_scan)
    assert invoke(["figures", "--min", "1000"], "on", monkeypatch) == expected


def test_small_stores_never_load_the_index(sample_store):
    code = ("import sys, atexit\n"
            "atexit.register(lambda: print(sorted(m for m in sys.modules if m in "
            "('sqlite3', 'mali_facts.index')), file=sys.stderr))\n"
            "from mali_facts.launch import main\n"
            "main(['officials', 'goita', '--format', 'tsv'])\n")
    env = {k: v for k, v in os.environ.items() if k != "MALI_FACTS_INDEX"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert not cache_dir().exists() or not list(cache_dir().glob("index-*"))


def test_a_changed_store_is_never_answered_from_the_old_index(sample_store, monkeypatch):
    before = invoke(["officials"], "on", monkeypatch)
    assert "Moctar Ouane" in before[1]
    facts = [f for f in SAMPLE_FACTS if f["id"] != "t1-o00002"]
    write_store(sample_store, SAMPLE_DOCUMENTS, facts)  # as another process would
    after = invoke(["officials"], "on", monkeypatch)
    assert after == invoke(["officials"], "off", monkeypatch)
    assert "Moctar Ouane" not in after[1]


def test_a_rebuild_parses_only_the_changed_records(sample_store, monkeypatch):
    import mali_facts.index.build as build

    invoke(["dates"], "on", monkeypatch)
    derived: list[str] = []
    original = build.derive
    monkeypatch.setattr(build, "derive", lambda key, *rest: derived.append(key) or
                        original(key, *rest))
    facts = [dict(f) for f in SAMPLE_FACTS]
    facts[0]["event"] = "soldiers arrested the president"
    extra = dict(SAMPLE_FACTS[4], id="t2-f00009", doc="t2", value=4100)
    write_store(sample_store, SAMPLE_DOCUMENTS, [*facts, extra])
    answer = invoke(["figures", "--min", "4000"], "on", monkeypatch)
    assert sorted(derived) == ["t1-d00001", "t2-f00009"]
    assert answer == invoke(["figures", "--min", "4000"], "off", monkeypatch)
    assert invoke(["dates", "arrested"], "on", monkeypatch)[0] == 0


def test_an_edit_that_keeps_size_and_time_is_still_seen(sample_store, monkeypatch):
    invoke(["officials"], "on", monkeypatch)
    stat = sample_store.stat()
    raw = sample_store.read_bytes()
    edited = raw.replace(b'"name": "Moctar Ouane"', b'"name": "Moctar Ouana"')
    assert len(edited) == len(raw) and edited != raw
    with sample_store.open("r+b") as handle:  # in place: same inode, same size
        handle.write(edited)
    os.utime(sample_store, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    answer = invoke(["officials", "ouana"], "on", monkeypatch)
    assert answer[0] == 0 and "Moctar Ouana" in answer[1]


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100, "truncate"])
def test_a_damaged_index_is_not_trusted(sample_store, monkeypatch, damage):
    expected = invoke(["figures", "--min", "1000"], "off", monkeypatch)
    invoke(["dates"], "on", monkeypatch)
    target = index_path(sample_store)
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:3000])
    else:
        target.write_bytes(damage)
    assert invoke(["figures", "--min", "1000"], "on", monkeypatch) == expected


def test_a_store_the_index_cannot_represent_is_read_directly(sample_store, monkeypatch):
    facts = [dict(f) for f in SAMPLE_FACTS]
    facts[4]["value"] = math.nan  # select() passes NaN through --min; SQL would not
    write_store(sample_store, SAMPLE_DOCUMENTS, facts)
    for argv in (["figures", "--min", "1000"], ["figures", "--max", "10"]):
        assert invoke(argv, "on", monkeypatch) == invoke(argv, "off", monkeypatch)


def test_a_filter_the_index_does_not_know_is_left_to_the_store(sample_store, monkeypatch):
    import mali_facts.index.indexed as indexed

    expected = invoke(["figures", "--measure", "people"], "off", monkeypatch)
    monkeypatch.setattr(indexed, "ANSWERED", indexed.ANSWERED - {"measure"})
    assert not indexed.answerable(indexed.Filters(measure="people"))
    assert indexed.answerable(indexed.Filters(min_value="3"))

    def no_index(*args, **kwargs):
        raise AssertionError("the index answered a filter it does not translate")

    monkeypatch.setattr(indexed.IndexedStore, "_index", no_index)
    assert invoke(["figures", "--measure", "people"], "on", monkeypatch) == expected


def test_completion_reads_ids_from_the_index(sample_store, monkeypatch):
    from mali_facts.completion import fact_ids
    from mali_facts.launch import open_store

    monkeypatch.setenv("MALI_FACTS_INDEX", "on")
    invoke(["dates"], "on", monkeypatch)
    store = open_store(sample_store)
    assert type(store).__name__ == "IndexedStore"
    monkeypatch.setattr(store_module.LazyJSONStorage, "keys", lambda *a: iter(()))
    assert fact_ids(store, "t1-o") == ["t1-o00001", "t1-o00002"]
    assert fact_ids(store, "zz") == []


# -- random stores ----------------------------------------------------------------------

text = st.text(alphabet=st.sampled_from("aeiouGoïtaÉ -|\\\"\t\n\x1b"), max_size=12)
values = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                   st.floats(allow_nan=False, width=32), text,
                   st.lists(text, max_size=2))
dates = st.one_of(st.none(), st.sampled_from(
    ["2021-05", "2021-05-24", "2021", "2021-W20", "2019/2021", "2021-05-31TNI", "junk",
     "0001-01-01", "9999-12", ""]), text)


@st.composite
def fact_records(draw, index: int = 0):
    kind = draw(st.sampled_from(["date", "figure", "official", "place", "org"]))
    letter = {"date": "d", "figure": "f", "official": "o", "place": "p", "org": "g"}[kind]
    record = {"id": f"{draw(st.sampled_from(['t1', 't2']))}-{letter}{draw(st.integers(0, 99))}",
              "kind": kind, "text": draw(text), "start": draw(st.integers(0, 50)),
              "end": draw(st.integers(0, 60)), "evidence": draw(text)}
    record["doc"] = record["id"].split("-")[0]
    for field in ("name", "role", "org", "country", "region", "type", "unit", "counts",
                  "event", "aliases", "full_name", "is_official", "measure"):
        if draw(st.booleans()):
            record[field] = draw(values)
    record["date"] = draw(dates)
    record["value"] = draw(values)
    return record


RANDOM_QUERIES = [["search", "o"], ["search", "goita", "--format", "json"],
                  ["dates", "--from", "2021-05", "--to", "2021-05"], ["dates"],
                  ["figures", "--min", "0"], ["figures", "--max", "10", "--sort", "value"],
                  ["officials", "--role", "a"], ["officials", "--officials-only"],
                  ["places", "--type", "a"], ["orgs", "-n", "1"], ["search", "ita", "-n", "2"],
                  ["figures", "--measure", "a"], ["officials", "--by-document"],
                  ["officials", "gota"]]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(fact_records(), max_size=25, unique_by=lambda r: r["id"]))
def test_random_stores_answer_alike(isolated_environment, monkeypatch, records):
    write_store(isolated_environment, SAMPLE_DOCUMENTS, records)
    for argv in RANDOM_QUERIES:
        assert invoke(argv, "on", monkeypatch) == invoke(argv, "off", monkeypatch), argv


# -- whole processes: kills and concurrent writers ----------------------------------------

def many_facts(n: int) -> list[dict]:
    facts = []
    for i in range(n):
        fact = dict(SAMPLE_FACTS[i % len(SAMPLE_FACTS)])
        letter = fact["id"].split("-")[1][0]
        fact["id"] = f"t1-{letter}{i:06d}"
        fact["doc"] = "t1"
        fact["start"] = i
        facts.append(fact)
    return facts


def run_cli(*args: str, env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mali_facts", *args], env=env,
                          capture_output=True, timeout=300, **kw)


def test_kill_during_rebuild_leaves_nothing_half_built(tmp_path):
    store = tmp_path / "big.json"
    write_store(store, SAMPLE_DOCUMENTS, many_facts(6000))
    env = dict(os.environ, MALI_FACTS_INDEX="on", MALI_FACTS_DB=str(store))
    expected = run_cli("figures", "--min", "1000", env=dict(env, MALI_FACTS_INDEX="off"))
    rng = random.Random(7)
    target = index_path(store)
    for _ in range(6):
        if target.exists():
            target.unlink()
        process = subprocess.Popen([sys.executable, "-m", "mali_facts", "dates"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert not target.exists() or _valid_sqlite(target)
        answer = run_cli("figures", "--min", "1000", env=env)
        assert (answer.returncode, answer.stdout) == (expected.returncode, expected.stdout)
        assert not list(target.parent.glob(f"{target.name}.*.tmp"))


def _valid_sqlite(path: Path) -> bool:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def test_readers_and_concurrent_writers_agree(tmp_path):
    store = tmp_path / "store.json"
    write_store(store, SAMPLE_DOCUMENTS, many_facts(2000))
    env = dict(os.environ, MALI_FACTS_INDEX="on", MALI_FACTS_DB=str(store))
    texts = []
    for i in range(4):
        path = tmp_path / f"doc{i}.txt"
        path.write_text(f"On {i + 1} March 2022, about {i + 10} people fled Gao.\n")
        texts.append(path)
    writers = [subprocess.Popen([sys.executable, "-m", "mali_facts", "ingest", str(path),
                                 "--published", "2022-04-01"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for path in texts]
    readers = [subprocess.Popen([sys.executable, "-m", "mali_facts", "figures", "--min",
                                 "1"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE) for _ in range(3)]
    for process in writers + readers:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode in (0, 1), stderr
    indexed = run_cli("figures", "--format", "json", env=env)
    plain = run_cli("figures", "--format", "json", env=dict(env, MALI_FACTS_INDEX="off"))
    assert indexed.returncode == 0 and indexed.stdout == plain.stdout
    docs = {f["doc"] for f in json.loads(indexed.stdout)}
    assert {"doc0", "doc1", "doc2", "doc3"} <= docs
