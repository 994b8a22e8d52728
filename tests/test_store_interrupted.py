"""A write interrupted inside the write leaves the store exactly old or exactly new.

The store is replaced by writing a complete temporary file, fsyncing it and renaming it
over the store. These tests break that sequence at each step, in this process, and
look at the store's bytes: a store written in place, or renamed before its data is
on disk, fails them. ``test_processes.py`` does the same with real ``kill -9``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from filelock import FileLock

import mali_facts.store as store_module
from mali_facts.errors import MaliFactsError, StoreLocked
from mali_facts.store import FactStore, read_store_file, write_store, writing
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "s.json"
    write_store(path, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    return path


def remove_t2(path: Path) -> None:
    with writing(path) as opened:
        opened.remove_document("t2")


def expected_after_removing_t2(tmp_path: Path) -> bytes:
    """The bytes a successful ``remove_t2`` writes, built in another directory."""
    reference = tmp_path / "reference" / "s.json"
    reference.parent.mkdir()
    write_store(reference, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    remove_t2(reference)
    return reference.read_bytes()


def is_store(path: str | os.PathLike[str], store: Path) -> bool:
    return os.path.realpath(path) == os.path.realpath(store)


def test_a_failed_rename_leaves_the_old_store_byte_for_byte(store, monkeypatch):
    old = store.read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        if is_store(dst, store):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(MaliFactsError):
        remove_t2(store)
    assert store.read_bytes() == old
    monkeypatch.undo()
    assert FactStore.open(store).document("t2") is not None


def test_a_failed_fsync_leaves_the_old_store_byte_for_byte(store, monkeypatch):
    old = store.read_bytes()

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(MaliFactsError):
        remove_t2(store)
    assert store.read_bytes() == old


def test_the_new_store_is_complete_and_synced_before_the_rename(store, tmp_path, monkeypatch):
    """A reader during the write sees the old store; the rename brings the new one whole."""
    old = store.read_bytes()
    new = expected_after_removing_t2(tmp_path)
    synced: set[tuple[int, int]] = set()
    renames: list[bool] = []
    real_replace, real_fsync = os.replace, os.fsync

    def recording_fsync(fd):
        info = os.fstat(fd)
        synced.add((info.st_dev, info.st_ino))
        return real_fsync(fd)

    def checking_replace(src, dst, *args, **kwargs):
        if is_store(dst, store):
            # a reader at this instant: the old store, whole, and still a valid store
            assert store.read_bytes() == old
            assert FactStore.open(store).document("t2") is not None
            # the file about to become the store already holds every byte, on disk
            assert Path(src).read_bytes() == new
            info = os.stat(src)
            renames.append((info.st_dev, info.st_ino) in synced)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "replace", checking_replace)
    remove_t2(store)
    assert renames == [True], "the store must be renamed into place once, after an fsync"
    assert store.read_bytes() == new
    assert read_store_file(store)["documents"].keys() == {"t1"}


def test_the_store_is_a_new_file_not_the_old_one_rewritten(store):
    """A rename gives the store a new inode; rewriting it in place would keep the old one."""
    before = os.stat(store).st_ino
    with store.open("rb") as reader:  # a reader that opened the old store keeps reading it
        old = reader.read()
        remove_t2(store)
        reader.seek(0)
        assert reader.read() == old
        # while the old file is open its inode cannot be reused, so this is deterministic
        assert os.stat(store).st_ino != before
    assert store.with_name("s.json.bak").read_bytes() == old
    assert FactStore.open(store).document("t2") is None


def test_a_second_writer_waits_for_the_lock_then_gives_up_without_writing(store, monkeypatch):
    """While one writer holds the lock another cannot write; readers are not held up."""
    old = store.read_bytes()
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", 0.2)
    with FileLock(str(store) + ".lock"):
        with pytest.raises(StoreLocked, match="lock"):
            remove_t2(store)
        assert FactStore.open(store).document("t2") is not None
    assert store.read_bytes() == old
    remove_t2(store)  # the lock released, the change goes through
    assert FactStore.open(store).document("t2") is None
