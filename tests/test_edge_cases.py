"""Edge cases found in review: each test is one way the tool once went wrong."""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata

import pytest
from click.testing import CliRunner

import mali_facts.store as store_module
from mali_facts.cli import cli
from mali_facts.launch import main
from mali_facts.render import OutputOptions, render
from mali_facts.store import write_store
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_suggestions_cannot_inject_escapes(isolated_environment, monkeypatch):
    monkeypatch.setattr("mali_facts.listing.on_terminal", lambda: True)  # pipes stay silent
    evil = dict(SAMPLE_FACTS[7], id="t1-o99999", name="Moussa \x1b[2J\x1b]0;PWNED\x07Evil\u202e")
    write_store(isolated_environment, SAMPLE_DOCUMENTS, [evil])
    result = invoke("officials", "mousa")
    assert result.exit_code == 1
    assert "Moussa" in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


def test_decomposed_accents_are_the_same_letters(tmp_path):
    store = tmp_path / "s.json"
    article = tmp_path / "nfd.txt"
    text = "Colonel Assimi Goïta visited Ségou and Kidal on 3 March 2024."
    article.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    assert invoke("--db", str(store), "ingest", str(article)).exit_code == 0
    names = invoke("--db", str(store), "officials", "--no-header", "--fields", "name").output
    assert names.strip() == "Assimi Goïta"
    assert invoke("--db", str(store), "places", "segou").exit_code == 0
    nfd_term = unicodedata.normalize("NFD", "Goïta")
    assert invoke("--db", str(store), "officials", nfd_term).exit_code == 0


@pytest.mark.parametrize("argv", [["dates", "-n", "²"], ["dates", "-n=2"], ["dates", "-f=json"]])
def test_fast_path_leaves_odd_forms_to_click(sample_store, argv):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2


def test_fast_path_reports_internal_errors_in_one_line(sample_store, capsys, monkeypatch):
    import mali_facts.listing

    def bug(*args, **kwargs):  # a wrong store is exit 5 now; only a bug is exit 70
        raise ValueError("invalid literal for int() with base 10: 'abc'")

    monkeypatch.setattr(mali_facts.listing, "list_facts", bug)
    with pytest.raises(SystemExit) as exited:
        main(["dates"])
    assert exited.value.code == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err


def test_prefilter_handles_unicode_escapes_in_large_stores(sample_store, monkeypatch):
    data = json.loads(sample_store.read_text())
    sample_store.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")  # \u escapes
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 0)
    out = invoke("officials", "goita", "--no-header", "--fields", "name").output
    assert out.strip() == "Assimi Goïta"


def exported(store) -> list[dict]:
    result = invoke("--db", str(store), "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


ORIGINAL = "On 3 March 2024, 40 people fled Gao."
# Longer before the shared words (every offset moves), two facts gone, three new ones.
EDITED = ("Officials in Bamako said on Tuesday that on 5 April 2024 more than 1,200 "
          "people fled Kidal and Gao.")


def test_replace_reextracts_an_edited_file(tmp_path):
    store = tmp_path / "s.json"
    other = tmp_path / "other.txt"
    other.write_text("In May 2021, 300 families returned to Mopti.")
    article = tmp_path / "art.txt"
    article.write_text(ORIGINAL)
    for name in (other, article):
        assert invoke("--db", str(store), "ingest", str(name), "--published",
                      "2024-04-10").exit_code == 0
    before = exported(store)
    old_texts = {f["text"] for f in before if f["doc"] == "art"}
    assert {"3 March 2024", "40", "Gao"} <= old_texts  # what the edit must remove or move

    article.write_text(EDITED)
    result = invoke("--db", str(store), "ingest", str(article), "--replace",
                    "--published", "2024-04-10", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert (rows[0]["id"], rows[0]["status"]) == ("art", "replaced")

    after = exported(store)
    facts = [f for f in after if f["doc"] == "art"]
    texts = {f["text"] for f in facts}
    assert {"5 April 2024", "1,200", "Kidal", "Gao", "Bamako"} <= texts
    assert not texts & {"3 March 2024", "40"}  # the old extraction is gone
    assert all(EDITED[f["start"]:f["end"]] == f["text"] for f in facts)
    # exactly what ingesting the edited text into an empty store gives, ids included
    fresh = tmp_path / "fresh.json"
    assert invoke("--db", str(fresh), "ingest", str(article), "--published",
                  "2024-04-10").exit_code == 0
    assert facts == exported(fresh)
    # the other document is untouched, and there is still one record per document
    assert [f for f in after if f["doc"] == "other"] == [
        f for f in before if f["doc"] == "other"]
    docs = json.loads(invoke("--db", str(store), "docs", "--format", "json").output)
    assert sorted(d["id"] for d in docs) == ["art", "other"]
    data = json.loads(store.read_text())
    assert data["documents"]["art"]["sha256"] == hashlib.sha256(EDITED.encode()).hexdigest()
    assert data["documents"]["art"]["chars"] == len(EDITED)


def test_replace_with_an_edit_that_removes_every_figure(tmp_path):
    store = tmp_path / "s.json"
    article = tmp_path / "art.txt"
    article.write_text(ORIGINAL)
    assert invoke("--db", str(store), "ingest", str(article)).exit_code == 0
    assert any(f["kind"] == "figure" for f in exported(store))
    article.write_text("People fled Gao.")
    assert invoke("--db", str(store), "ingest", str(article), "--replace").exit_code == 0
    facts = exported(store)
    assert [(f["kind"], f["text"]) for f in facts] == [("place", "Gao")]
    assert facts[0]["start"] == len("People fled ")


def test_sort_by_date_descending_keeps_undated_last(isolated_environment):
    undated = dict(SAMPLE_FACTS[0], id="t1-d77777", date=None, start=999)
    write_store(isolated_environment, SAMPLE_DOCUMENTS, [*SAMPLE_FACTS[:4], undated])
    out = invoke("dates", "--sort", "-date", "--no-header", "--fields", "id").output.split()
    assert out[-1] == "t1-d77777" and out[0] == "t2-d00004"


def test_symlinked_store_is_updated_in_place(tmp_path):
    real = tmp_path / "real" / "store.json"
    real.parent.mkdir()
    write_store(real, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    article = tmp_path / "a.txt"
    article.write_text("On 3 March 2024, 40 people fled Gao.")
    assert invoke("--db", str(link), "ingest", str(article)).exit_code == 0
    assert link.is_symlink()
    assert "a" in json.loads(real.read_text())["documents"]


def test_show_with_an_undecodable_id_on_a_large_store(sample_store, monkeypatch):
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 0)
    assert invoke("show", "\udcff").exit_code == 1


def test_limit_zero_is_not_no_match_with_a_hint(sample_store):
    result = invoke("officials", "goita", "-n", "0")
    assert result.exit_code == 1 and "did you mean" not in result.stderr


def test_nan_is_not_a_bound(sample_store):
    assert invoke("figures", "--min", "nan").exit_code == 2


def test_line_and_paragraph_separators_do_not_split_tsv_lines():
    out = io.StringIO()
    render([{"id": "x", "name": "a\u2028b\u2029c\ufeff"}], "org", out,
           OutputOptions(format="tsv", header=False), fields=["id", "name"])
    assert out.getvalue() == "x\tabc\n"
    assert len(out.getvalue().splitlines()) == 1


def test_csv_formula_after_leading_spaces_is_neutralised():
    out = io.StringIO()
    render([{"id": "x", "name": "  -1+1"}], "org", out,
           OutputOptions(format="csv", header=False), fields=["id", "name"])
    assert out.getvalue() == "x,'  -1+1\n"
