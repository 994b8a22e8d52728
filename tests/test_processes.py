"""Whole processes, as shells and scripts run them: pipes, kills, concurrent writers.

These run ``python -m mali_facts`` from a temporary directory with this checkout on
``PYTHONPATH``, so they exercise the code under test even when an older copy of the
package is installed; ``test_installed_command_ships_its_data`` runs the installed one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mali_facts.store import write_store
from tests.conftest import REPO, SAMPLE_DOCUMENTS, SAMPLE_FACTS, checkout_env


def mali_facts(*args: str, cwd: Path, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mali_facts", *args], cwd=cwd,
                            env=checkout_env(env), **kw)


def run(*args: str, cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mali_facts", *args], cwd=cwd,
                          capture_output=True, input=input, timeout=120, env=checkout_env())


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
        capture_output=True, text=True, cwd=tmp_path, timeout=60, env=checkout_env())
    assert result.stdout.splitlines() == [
        "id\tdate\tprecision\ttext\tevent\tdoc\tdate_role", "status=0"]
    assert result.stderr == ""


def test_processes_run_the_code_of_this_checkout(tmp_path):
    import mali_facts

    assert Path(mali_facts.__file__).resolve() == REPO / "mali_facts" / "__init__.py"
    code = "import mali_facts; print(mali_facts.__file__)"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, env=checkout_env(), timeout=60)
    assert Path(result.stdout.strip()).resolve() == REPO / "mali_facts" / "__init__.py"


def test_checkout_without_installed_data_finds_its_data_json(tmp_path, monkeypatch):
    monkeypatch.delenv("MALI_FACTS_DB")
    result = run("docs", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {d["id"] for d in json.loads(result.stdout)} == {"000", "001", "002"}
    assert run("--version", cwd=tmp_path).stdout.decode().startswith("mali-facts")


def test_installed_command_ships_its_data(tmp_path, monkeypatch):
    """The `mali-facts` script the install put beside this Python (packaging, not code)."""
    monkeypatch.delenv("MALI_FACTS_DB")
    command = Path(sys.executable).with_name("mali-facts")
    assert command.exists(), f"{command}: install the package first (see README)"
    result = subprocess.run([str(command), "docs", "--format", "json"], cwd=tmp_path,
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert {d["id"] for d in json.loads(result.stdout)} == {"000", "001", "002"}


def test_usage_error_in_a_real_process_is_one_line(tmp_path):
    result = run("dates", "--from", "notadate", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"Traceback" not in result.stderr


# Runs the command with a hook that stops it at one point of an ingest and says so on
# stdout ("paused"), so the test can look at the store then and kill -9 it right there:
# inside the extraction, just before the store is renamed into place, or just after.
HOOKED = """
import os, sys
point, store = os.environ["HOOK_POINT"], os.path.realpath(os.environ["HOOK_STORE"])

def pause():
    sys.stdout.write("paused\\n")
    sys.stdout.flush()
    sys.stdin.read()  # until the test kills this process
    os._exit(99)

if point == "extract":
    import mali_facts.extract as extract_module
    extract_module.extract = lambda *args, **kwargs: pause()
else:
    real_replace = os.replace
    def replace(src, dst, *args, **kwargs):
        hit = os.path.realpath(dst) == store
        if hit and point == "before-rename":
            pause()
        real_replace(src, dst, *args, **kwargs)
        if hit and point == "after-rename":
            pause()
    os.replace = replace
limit = int(os.environ.get("HOOK_FILE_LIMIT", "0"))
if limit:  # every file this process writes stops growing at *limit* bytes
    import resource, signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG; "kill" restores
    # the default action, which kills the process in the middle of that write
    if os.environ.get("HOOK_LIMIT_SIGNAL") == "kill":
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
from mali_facts.launch import main
main(sys.argv[1:])
"""

SENTENCE = ("On Monday, the governor of Mopti said 1,200 people had fled Ségou "
            "and Tombouctou since March 2012, according to the UN. ")


def hooked(point: str, store: Path, *args: str, cwd: Path, **env: str) -> subprocess.Popen:
    environment = checkout_env({**os.environ, "HOOK_POINT": point, "HOOK_STORE": str(store),
                                "PYTHONDONTWRITEBYTECODE": "1", **env})
    return subprocess.Popen([sys.executable, "-c", HOOKED, "--db", str(store), *args],
                            cwd=cwd, env=environment, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture
def ingest_case(tmp_path: Path) -> tuple[Path, list[str], bytes, bytes]:
    """A store, the ingest to run on it, its bytes before, and its bytes after the ingest."""
    article = tmp_path / "long.txt"
    article.write_text(SENTENCE * 200, encoding="utf-8")
    args = ["ingest", str(article), "--published", "2024-01-01"]
    reference = tmp_path / "reference.json"
    write_store(reference, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    finished = run("--db", str(reference), *args, cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    store = tmp_path / "s.json"
    write_store(store, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    old, new = store.read_bytes(), reference.read_bytes()
    assert old != new and set(json.loads(new)["documents"]) == {"t1", "t2", "long"}
    return store, args, old, new


def kill_when_paused(process: subprocess.Popen) -> None:
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize(("point", "result"), [
    ("extract", "old"), ("before-rename", "old"), ("after-rename", "new")])
def test_kill_nine_inside_an_ingest_leaves_the_old_or_the_new_store(
        tmp_path, ingest_case, point, result):
    store, args, old, new = ingest_case
    process = hooked(point, store, *args, cwd=tmp_path)
    line = process.stdout.readline()
    if line != b"paused\n":  # it ended without reaching the point: say how
        out, err = process.communicate(timeout=60)
        pytest.fail(f"the ingest never reached {point!r} (status {process.returncode}): "
                    f"{(line + out).decode()} {err.decode()}")
    # a reader while the writer is stopped there, holding the lock
    assert store.read_bytes() == (old if result == "old" else new)
    stats = run("--db", str(store), "stats", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    kill_when_paused(process)
    assert store.read_bytes() == (old if result == "old" else new)
    if result == "old":  # the lock died with the writer: the next ingest goes through
        again = run("--db", str(store), *args, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert store.read_bytes() == new


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
@pytest.mark.parametrize("on_limit", ["killed", "error"])
def test_a_write_cut_off_half_way_leaves_the_old_store(tmp_path, ingest_case, on_limit):
    """The process may write only half of the new store (a full disk, a crash mid-write).

    ``killed``: SIGXFSZ kills it in the middle of writing, like a crash; ``error``: the
    write fails with EFBIG, like a full disk, and the command must say so in one line.
    A store written in place would be left truncated.
    """
    store, args, old, new = ingest_case
    limit = len(old) + (len(new) - len(old)) // 2
    process = hooked("none", store, *args, cwd=tmp_path, HOOK_FILE_LIMIT=str(limit),
                     HOOK_LIMIT_SIGNAL="kill" if on_limit == "killed" else "")
    _, err = process.communicate(timeout=120)
    if on_limit == "killed":
        assert process.returncode == -signal.SIGXFSZ, err.decode()
    else:
        assert process.returncode not in (0, 70), err.decode()
        assert len(err.decode().strip().splitlines()) == 1 and b"Traceback" not in err
    assert store.read_bytes() == old
    assert run("--db", str(store), "stats", cwd=tmp_path).returncode == 0


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
