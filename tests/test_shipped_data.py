"""The shipped data.json is exactly what the pipeline builds from the seeds."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mali_facts.cli import cli
from mali_facts.config import shipped_store_path
from mali_facts.store import read_store_file
from tests.conftest import REPO, checkout_env


def test_rebuilding_gives_the_committed_file(tmp_path, seeds_dir):
    rebuilt = tmp_path / "data.json"
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "-o", str(rebuilt)])
    assert result.exit_code == 0, result.output
    assert rebuilt.read_bytes() == (REPO / "data.json").read_bytes(), (
        "data.json is stale: run `mali-facts build ../shared/seeds -o data.json`")


def test_shipped_store_is_valid_and_has_every_kind():
    data = read_store_file(shipped_store_path())
    kinds = {f["kind"] for f in data["facts"].values()}
    assert kinds == {"date", "figure", "official", "place", "org"}
    assert set(data["documents"]) == {"000", "001", "002"}


def test_every_stored_span_is_the_text_at_its_offsets(seeds_dir):
    data = read_store_file(REPO / "data.json")
    texts = {doc_id: (seeds_dir / doc["source"]).read_text(encoding="utf-8")
             for doc_id, doc in data["documents"].items()}
    for fact in data["facts"].values():
        assert texts[fact["doc"]][fact["start"]:fact["end"]] == fact["text"], fact["id"]
        for start, end in fact.get("mentions") or []:
            assert texts[fact["doc"]][start:end].strip(), fact["id"]


@pytest.mark.parametrize(("command", "term", "name"), [
    ("places", "timbuktu", "Tombouctou"), ("places", "menaka", "Ménaka"),
    ("officials", "aisimi", "Assimi Goïta"), ("officials", "goita", "Assimi Goïta"),
    ("orgs", "comite national", "CNSP")])
def test_shipped_store_answers_variant_spellings(monkeypatch, command, term, name):
    monkeypatch.setenv("MALI_FACTS_DB", str(shipped_store_path()))
    result = CliRunner().invoke(cli, [command, term, "--no-header", "--fields", "name"])
    assert result.exit_code == 0
    assert set(result.output.split("\n")) - {""} == {name}


def test_build_does_not_depend_on_hash_seed(tmp_path, seeds_dir):
    """Set and dict orders must not leak into data.json: build under two hash seeds."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"data-{seed}.json"
        subprocess.run([sys.executable, "-m", "mali_facts", "build", str(seeds_dir), "-o",
                        str(out)], check=True, capture_output=True, cwd=tmp_path,
                       env=checkout_env(dict(os.environ, PYTHONHASHSEED=seed)))
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_readme_examples_name_real_facts(monkeypatch):
    import re

    monkeypatch.setenv("MALI_FACTS_DB", str(shipped_store_path()))
    ids = set(re.findall(r"mali-facts show (\S+)", (REPO / "README.md").read_text()))
    assert ids
    for fact_id in ids:
        assert CliRunner().invoke(cli, ["show", fact_id]).exit_code == 0, fact_id
