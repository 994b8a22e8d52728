"""Large stores are read one record at a time; answers must not change."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import mali_facts.store as store_module
from mali_facts.cli import cli
from mali_facts.store import FactStore, LazyJSONStorage

QUERIES = [["dates"], ["officials", "goita"], ["places", "--type", "region"],
           ["search", "kidal"], ["figures", "--min", "1000"], ["orgs"], ["stats"], ["docs"],
           ["show", "t1-o00001"], ["officials", "goitta"], ["export", "--format", "jsonl"]]


@pytest.mark.parametrize("argv", QUERIES, ids=" ".join)
def test_lazy_and_full_reads_answer_alike(sample_store, monkeypatch, argv):
    full = CliRunner().invoke(cli, argv)
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 0)
    assert isinstance(FactStore.open(sample_store)._storage, LazyJSONStorage)
    lazy = CliRunner().invoke(cli, argv)
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (full.exit_code, full.stdout,
                                                         full.stderr)


def test_kind_filter_skips_other_records_unparsed(sample_store, monkeypatch):
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 0)
    parsed = []
    original = LazyJSONStorage._parse_record
    monkeypatch.setattr(LazyJSONStorage, "_parse_record", lambda self, key, block:
                        parsed.append(key) or original(self, key, block))
    store = FactStore.open(sample_store)
    parsed.clear()
    officials = list(store.iter_facts(["official"]))
    assert {f["kind"] for f in officials} == {"official"} and len(officials) == 3
    assert len(parsed) == 3
    parsed.clear()
    from mali_facts.query import raw_prefilter

    assert [f["name"] for f in store.iter_facts(["official"], raw_prefilter(["goita"]))] == [
        "Assimi Goïta"]
    assert parsed == ["t1-o00001"]


@pytest.mark.parametrize(("damage", "code"), [
    (lambda raw: raw.replace(b'"name": "Kati"', b'"name": Kati"'), 5),
    (lambda raw: raw.replace(b'"id": "t1-p00003"', b'"id": "zz"'), 5),
    (lambda raw: raw[: len(raw) // 2], 5),
])
def test_damaged_large_store_is_reported(sample_store, monkeypatch, damage, code):
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 0)
    sample_store.write_bytes(damage(sample_store.read_bytes()))
    result = CliRunner().invoke(cli, ["places"])
    assert result.exit_code == code
    assert str(sample_store) in result.output and len(result.output.splitlines()) == 1


def test_other_layouts_fall_back_to_a_full_parse(sample_store, monkeypatch):
    data = json.loads(sample_store.read_text())
    sample_store.write_text(json.dumps(data))  # valid, but one line
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 0)
    assert not isinstance(FactStore.open(sample_store)._storage, LazyJSONStorage)
    result = CliRunner().invoke(cli, ["officials", "goita", "--no-header", "--fields", "name"])
    assert result.output.strip() == "Assimi Goïta"


def test_invalid_document_id_is_refused(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Bamako, 2021.")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.json"), "ingest", str(article),
                                      "--id", 'bad"id'])
    assert result.exit_code == 2 and "--id" in result.output


def test_completion_on_a_lazy_store_and_its_name_cache(sample_store, monkeypatch, tmp_path):
    from click.shell_completion import ShellComplete

    from mali_facts.completion import cache_dir

    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    complete = ShellComplete(cli, {}, "mali-facts", "_MALI_FACTS_COMPLETE")
    ids = [c.value for c in complete.get_completions(["show"], "t1-p")]
    assert ids == ["t1-p00001", "t1-p00002", "t1-p00003"]
    assert [c.value for c in complete.get_completions(["places"], "seg")] == ["Segu", "Ségou"]
    assert len(list(cache_dir().glob("names-*.json"))) == 1
    # the store changes: the cache is rebuilt, not trusted
    data = json.loads(sample_store.read_text())
    data["facts"]["t1-p00001"]["name"] = "Segoutown"
    from mali_facts.store import dump_json

    sample_store.write_bytes(dump_json(data))
    assert [c.value for c in complete.get_completions(["places"], "seg")] == ["Segoutown", "Segu"]
