"""The store refuses what is not a store at once, and survives crashes and full disks.

FIFOs, devices, sockets and symlink loops are refused with exit 4 before anything is
read or a ``.lock`` is made beside them; a store's read is bounded by its real size; a
writer that dies leaves temporary files that the next writer removes under the lock; a
migration that runs out of space leaves no truncated backup.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mali_facts.store import SCHEMA_VERSION, write_store
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS


def run(*args: str, cwd: Path, input: bytes | None = None, timeout: float = 60,
        **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mali_facts", *args], cwd=cwd, input=input,
                          capture_output=True, timeout=timeout, **kw)


def article(tmp_path: Path, name: str = "a.txt", repeat: int = 1) -> Path:
    path = tmp_path / name
    path.write_text("On 3 May 2022 about 100 people gathered in Bamako and Kidal.\n" * repeat)
    return path


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# -- not a regular file ----------------------------------------------------------------

@pytest.fixture(params=["fifo", "device", "socket"])
def special_file(request, tmp_path):
    if request.param == "fifo":
        path = tmp_path / "store.fifo"
        os.mkfifo(path)
        yield path
    elif request.param == "device":
        yield Path("/dev/zero")
    else:
        path = tmp_path / "store.sock"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        yield path
        server.close()


@pytest.mark.parametrize("command", [["dates"], ["stats"], ["export"], ["show", "x"],
                                     ["ingest", "ARTICLE"]])
def test_special_files_are_refused_at_once_with_exit_4(tmp_path, special_file, command):
    args = [str(article(tmp_path)) if a == "ARTICLE" else a for a in command]
    result = run("--db", str(special_file), *args, cwd=tmp_path, timeout=20)
    assert result.returncode == 4, result.stderr
    assert result.stderr.decode().count("\n") == 1 and b"not a store file" in result.stderr
    assert not Path(str(special_file) + ".lock").exists()


def test_a_symlink_loop_is_refused_not_replaced(tmp_path):
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    for args in (["dates"], ["ingest", str(article(tmp_path))]):
        result = run("--db", str(tmp_path / "a.json"), *args, cwd=tmp_path)
        assert result.returncode == 4, result.stderr
        assert b"symbolic link" in result.stderr
    assert (tmp_path / "a.json").is_symlink() and (tmp_path / "b.json").is_symlink()
    assert not list(tmp_path.glob("*.lock"))


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20))


@pytest.mark.parametrize("command", ["dates", "stats", "export"])
def test_a_huge_file_of_nul_bytes_is_refused_without_reading_it(tmp_path, command):
    """3 GB of NUL once took 6.3 GB of memory; under a 600 MB limit it is refused (5)."""
    store = tmp_path / "zeros.json"
    with store.open("wb") as handle:
        handle.truncate(3 * 2**30)  # sparse: costs no disk
    result = run("--db", str(store), command, cwd=tmp_path, preexec_fn=_limit_memory)
    assert result.returncode == 5, result.stderr
    assert b"not valid JSON" in result.stderr


# -- crashes ---------------------------------------------------------------------------

def test_the_next_writer_removes_temp_files_a_dead_writer_left(tmp_path):
    store = tmp_path / "s.json"
    write_store(store, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    stale = [tmp_path / ".s.json.k2j4h5g6.tmp", tmp_path / ".s.json.bak.a_b9c8d7.tmp",
             tmp_path / ".s.json.v0.bak.zz11yy22.tmp"]
    for path in stale:
        path.write_bytes(b'{"half": ')
    unrelated = [tmp_path / ".other.json.k2j4h5g6.tmp", tmp_path / "notes.tmp"]
    for path in unrelated:
        path.write_bytes(b"mine")
    result = run("--db", str(store), "ingest", str(article(tmp_path)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not any(path.exists() for path in stale)
    assert all(path.read_bytes() == b"mine" for path in unrelated)


def test_a_reader_never_deletes_anything(tmp_path):
    store = tmp_path / "s.json"
    write_store(store, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    leftover = tmp_path / ".s.json.k2j4h5g6.tmp"
    leftover.write_bytes(b"{")
    assert run("--db", str(store), "stats", cwd=tmp_path).returncode == 0
    assert leftover.exists()  # readers take no lock, so they may not clean


def test_kills_during_ingest_leave_nothing_after_the_next_command(tmp_path):
    """SIGKILL, SIGTERM and SIGHUP at random moments of an ingest: the store is the old
    or the new one, and after the next writing command no temporary file remains."""
    store = tmp_path / "s.json"
    write_store(store, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    original = store.read_bytes()
    long_article = article(tmp_path, "long.txt", repeat=600)
    started = time.monotonic()
    assert run("--db", str(store), "ingest", str(long_article), cwd=tmp_path).returncode == 0
    window = time.monotonic() - started
    rng = random.Random(11)
    for trial in range(24):
        store.write_bytes(original)
        process = subprocess.Popen([sys.executable, "-m", "mali_facts", "--db", str(store),
                                    "ingest", str(long_article)], cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(window * 0.3, window * 1.05))
        process.send_signal((signal.SIGKILL, signal.SIGTERM, signal.SIGHUP)[trial % 3])
        process.wait()
        assert set(json.loads(store.read_bytes())["documents"]) in (
            {"t1", "t2"}, {"t1", "t2", "long"})
        other = article(tmp_path, f"next{trial}.txt")
        nxt = run("--db", str(store), "ingest", str(other), cwd=tmp_path)
        assert nxt.returncode == 0, nxt.stderr
        assert temp_files(tmp_path) == []


# -- a full disk -----------------------------------------------------------------------

def _small_files_only() -> None:
    """Like a full disk: writing past 64 KB fails (EFBIG instead of ENOSPC)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_migration_on_a_full_disk_leaves_no_truncated_backup(tmp_path):
    store = tmp_path / "old.json"
    facts = [dict(SAMPLE_FACTS[i % len(SAMPLE_FACTS)], id=f"t1-x{i:05d}", doc="t1")
             for i in range(600)]
    write_store(store, SAMPLE_DOCUMENTS, facts)
    data = json.loads(store.read_bytes())
    data["meta"]["schema"]["version"] = SCHEMA_VERSION - 1  # an older store, to migrate
    store.write_text(json.dumps(data, indent=2))
    before = store.read_bytes()
    assert len(before) > 64 * 1024
    result = run("--db", str(store), "ingest", str(article(tmp_path)), cwd=tmp_path,
                 preexec_fn=_small_files_only)
    assert result.returncode == 4, result.stderr
    assert result.stderr.decode().count("\n") == 1 and b"backup" in result.stderr
    assert store.read_bytes() == before
    backup = tmp_path / f"old.json.v{SCHEMA_VERSION - 1}.bak"
    assert not backup.exists() or backup.read_bytes() == before
    assert temp_files(tmp_path) == []
    again = run("--db", str(store), "ingest", str(article(tmp_path)), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert backup.read_bytes() == before


def test_a_full_disk_during_the_write_keeps_the_store(tmp_path):
    store = tmp_path / "s.json"
    facts = [dict(SAMPLE_FACTS[i % len(SAMPLE_FACTS)], id=f"t1-x{i:05d}", doc="t1")
             for i in range(600)]
    write_store(store, SAMPLE_DOCUMENTS, facts)
    before = store.read_bytes()
    result = run("--db", str(store), "ingest", str(article(tmp_path)), cwd=tmp_path,
                 preexec_fn=_small_files_only)
    assert result.returncode == 4, result.stderr
    assert result.stderr.decode().count("\n") == 1
    assert store.read_bytes() == before and temp_files(tmp_path) == []
