"""Whole processes, as shells and scripts run them: pipes, kills, concurrent writers.

These run ``python -m mali_facts`` from a temporary directory, so they exercise the
installed package (and its shipped ``data.json``), not the source tree.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mali_facts.store import write_store
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS


def mali_facts(*args: str, cwd: Path, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mali_facts", *args], cwd=cwd,
                            env=env or os.environ.copy(), **kw)


def run(*args: str, cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mali_facts", *args], cwd=cwd,
                          capture_output=True, input=input, timeout=120)


def big_store(path: Path, n: int = 20000) -> None:
    facts = []
    for i in range(n):
        fact = dict(SAMPLE_FACTS[i % len(SAMPLE_FACTS)])
        fact["id"] = f"t1-x{i:06d}"
        fact["doc"] = "t1"
        fact["start"] = i
        facts.append(fact)
    write_store(path, SAMPLE_DOCUMENTS, facts)


def test_closed_pipe_ends_quietly_with_status_0(tmp_path):
    store = tmp_path / "big.json"
    big_store(store)
    process = mali_facts("--db", str(store), "search", "e", "--format", "tsv", cwd=tmp_path,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert stderr == b""


def test_shell_pipe_into_head(tmp_path):
    store = tmp_path / "big.json"
    big_store(store)
    result = subprocess.run(
        f"{sys.executable} -m mali_facts --db {store} dates | head -1; "
        "echo \"status=${PIPESTATUS[0]}\"", shell=True, executable="/bin/bash",
        capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.stdout.splitlines() == ["id\tdate\tprecision\ttext\tevent\tdoc", "status=0"]
    assert result.stderr == ""


def test_installed_package_ships_its_data(tmp_path, monkeypatch):
    monkeypatch.delenv("MALI_FACTS_DB")
    result = run("docs", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {d["id"] for d in json.loads(result.stdout)} == {"000", "001", "002"}
    assert run("--version", cwd=tmp_path).stdout.decode().startswith("mali-facts")


def test_usage_error_in_a_real_process_is_one_line(tmp_path):
    result = run("dates", "--from", "notadate", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"Traceback" not in result.stderr


def _doc_ids(store: Path) -> set[str]:
    return set(json.loads(store.read_bytes())["documents"])


def test_kill_nine_during_ingest_never_corrupts_the_store(tmp_path):
    """kill -9 an ingest at random moments: the store is always the old or the new one."""
    store = tmp_path / "s.json"
    write_store(store, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    original = store.read_bytes()
    article = tmp_path / "long.txt"
    sentence = ("On Monday, the governor of Mopti said 1,200 people had fled Ségou "
                "and Tombouctou since March 2012, according to the UN. ")
    article.write_text(sentence * 400)
    started = time.monotonic()
    finished = run("--db", str(store), "ingest", str(article), "--published", "2024-01-01",
                   cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    window = time.monotonic() - started  # kills land before, during and after the write
    store.write_bytes(original)
    rng = random.Random(20261124)
    outcomes = {"old": 0, "new": 0}
    for _ in range(50):
        process = mali_facts("--db", str(store), "ingest", str(article), "--published",
                             "2024-01-01", cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, window * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        ids = _doc_ids(store)  # parses, or the test fails here
        if ids == {"t1", "t2"}:
            outcomes["old"] += 1
            assert store.read_bytes() == original
        else:
            assert ids == {"t1", "t2", "long"}
            outcomes["new"] += 1
        stats = run("--db", str(store), "stats", cwd=tmp_path)
        assert stats.returncode == 0, stats.stderr
        store.write_bytes(original)
        for leftover in tmp_path.glob(".s.json.*.tmp"):
            leftover.unlink()  # a killed writer may leave its temp file; never the store
    assert sum(outcomes.values()) == 50
    assert outcomes["old"] > 0  # some kills did interrupt the ingest


@pytest.mark.parametrize("rounds", [3])
def test_concurrent_writers_lose_nothing(tmp_path, rounds):
    store = tmp_path / "shared.json"
    write_store(store, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    expected = {"t1", "t2"}
    for r in range(rounds):
        processes = []
        for w in range(4):
            article = tmp_path / f"r{r}w{w}.txt"
            article.write_text(f"Round {r} writer {w}: on 3 May 2022 about {100 + w} people "
                               f"gathered in Bamako and Kidal.\n" * 50)
            expected.add(f"r{r}w{w}")
            processes.append(mali_facts("--db", str(store), "ingest", str(article),
                                        "--published", "2022-05-04", cwd=tmp_path,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        for process in processes:
            assert process.wait(timeout=120) == 0, process.stderr.read()
    data = json.loads(store.read_bytes())
    assert set(data["documents"]) == expected
    docs_with_facts = {f["doc"] for f in data["facts"].values()}
    assert expected - {"t2"} <= docs_with_facts
