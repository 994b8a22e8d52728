"""The store: round trips, deterministic files, atomic writes, locking, bad files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mali_facts.errors import StoreCorrupt, StoreNotFound, StoreUnreadable
from mali_facts.store import (
    SCHEMA_VERSION,
    FactStore,
    dump_json,
    read_store_file,
    write_store,
    writing,
)
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path: Path) -> FactStore:
    """The same tests against an in-memory storage and a real file."""
    if request.param == "memory":
        data = json.loads(dump_json({"meta": {"schema": {"version": SCHEMA_VERSION}},
                                     "documents": {d["id"]: d for d in SAMPLE_DOCUMENTS},
                                     "facts": {f["id"]: f for f in SAMPLE_FACTS}}))
        return FactStore.in_memory(data)
    path = tmp_path / "s.json"
    write_store(path, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    return FactStore.open(path)


def test_reads_back_every_fact_in_document_order(store):
    facts = store.facts()
    assert len(facts) == len(SAMPLE_FACTS)
    keys = [(f["doc"], f["start"]) for f in facts]
    assert keys == sorted(keys)
    assert store.fact("t1-p00001")["name"] == "Ségou"
    assert store.fact("missing") is None
    assert store.document("t2")["outlet"] == "Other Wire"


def test_put_and_remove_document(store):
    doc = dict(SAMPLE_DOCUMENTS[1], id="t3", sha256="3" * 64)
    fact = dict(SAMPLE_FACTS[0], id="t3-d1", doc="t3")
    store.put_document(doc, [fact])
    assert store.document_by_sha256("3" * 64)["id"] == "t3"
    assert store.fact("t3-d1")["doc"] == "t3"
    assert store.remove_document("t3") == 1
    assert store.document("t3") is None and store.fact("t3-d1") is None


def test_file_is_deterministic_and_keyed_by_id(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_store(a, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    write_store(b, list(reversed(SAMPLE_DOCUMENTS)), list(reversed(SAMPLE_FACTS)))
    assert a.read_bytes() == b.read_bytes()
    data = json.loads(a.read_text())
    assert data["meta"]["schema"]["version"] == SCHEMA_VERSION
    assert all(key == record["id"] for key, record in data["facts"].items())
    assert a.read_text().startswith('{\n  "documents"')


def test_writing_is_atomic_and_keeps_a_backup(tmp_path):
    path = tmp_path / "s.json"
    write_store(path, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    before = path.read_bytes()
    with writing(path) as store:
        store.remove_document("t2")
    assert path.with_name("s.json.bak").read_bytes() == before
    assert FactStore.open(path).document("t2") is None
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_nothing_is_written_when_the_change_fails(tmp_path):
    path = tmp_path / "s.json"
    write_store(path, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    before = path.read_bytes()
    with pytest.raises(RuntimeError), writing(path) as store:
        store.remove_document("t1")
        raise RuntimeError("boom")
    assert path.read_bytes() == before


def test_new_store_starts_from_initial_copy(tmp_path):
    initial = tmp_path / "shipped.json"
    write_store(initial, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    shipped = initial.read_bytes()
    target = tmp_path / "user" / "facts.json"
    with writing(target, initial=initial) as store:
        store.remove_document("t2")
    assert len(FactStore.open(target).facts()) == sum(f["doc"] == "t1" for f in SAMPLE_FACTS)
    assert initial.read_bytes() == shipped  # the shipped file is never written
    assert not initial.with_name("shipped.json.bak").exists()


@pytest.mark.parametrize(("content", "error", "words"), [
    (b"", StoreCorrupt, "not valid JSON"),
    (b'{"facts": {"a": ', StoreCorrupt, "not valid JSON"),
    (b'"just a string"', StoreCorrupt, "not a mali-facts store"),
    (b'{"facts": []}', StoreCorrupt, "not a mali-facts store"),
    (b'{"facts": {}, "meta": {"schema": {"version": 999}}}', StoreCorrupt, "newer"),
    (b'{"facts": {"x": {"id": "y"}}, "meta": {"schema": {"version": 1}}}', StoreCorrupt,
     "malformed"),
])
def test_bad_files_are_refused_with_the_file_named(tmp_path, content, error, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(error, match=words) as caught:
        read_store_file(path)
    assert str(path) in str(caught.value)
    with pytest.raises(error), writing(path):
        pass
    assert path.read_bytes() == content


def test_missing_and_directory(tmp_path):
    with pytest.raises(StoreNotFound):
        read_store_file(tmp_path / "none.json")
    with pytest.raises(StoreUnreadable, match="directory"):
        read_store_file(tmp_path)
    with pytest.raises(StoreUnreadable, match="directory"), writing(tmp_path):
        pass


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_unreadable_file(tmp_path):
    path = tmp_path / "s.json"
    write_store(path, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    path.chmod(0)
    with pytest.raises(StoreUnreadable, match="permission"):
        read_store_file(path)


def test_read_only_file_is_not_rewritten(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    write_store(path, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    before = path.read_bytes()
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(StoreUnreadable, match="read-only"), writing(path) as store:
        store.remove_document("t1")
    assert path.read_bytes() == before


def test_older_schema_is_migrated_with_a_backup(tmp_path):
    path = tmp_path / "old.json"
    old = {"meta": {"schema": {"version": 0}}, "facts": {}}
    path.write_bytes(dump_json(old))
    with writing(path):
        pass
    assert json.loads(path.read_text())["meta"]["schema"]["version"] == SCHEMA_VERSION
    assert json.loads((tmp_path / "old.json.v0.bak").read_text()) == old


@pytest.mark.parametrize("size", ["small", "large"])
def test_both_parsers_read_the_same_store(tmp_path, monkeypatch, size):
    import mali_facts.store as store_module

    path = tmp_path / "s.json"
    write_store(path, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 10**9 if size == "small" else 0)
    assert read_store_file(path) == json.loads(path.read_text())
    path.write_bytes(b'{"facts": ')
    with pytest.raises(StoreCorrupt, match="not valid JSON"):
        read_store_file(path)
    path.write_bytes(b"\xff\xfe{")
    with pytest.raises(StoreCorrupt, match="not valid JSON"):
        read_store_file(path)


def test_unreadable_file_even_as_root(tmp_path, monkeypatch):
    """Root ignores permission bits, so the refusal is simulated at the read call."""
    path = tmp_path / "s.json"
    write_store(path, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    before = path.read_bytes()

    real_open = os.open

    def refuse(name, flags, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StoreUnreadable, match="permission denied") as caught:
        read_store_file(path)
    assert str(path) in str(caught.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
