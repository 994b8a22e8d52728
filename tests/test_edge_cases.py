"""Edge cases found in review: each test is one way the tool once went wrong."""

from __future__ import annotations

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


def test_replace_reextracts_an_edited_file(tmp_path):
    store = tmp_path / "s.json"
    article = tmp_path / "art.txt"
    article.write_text("On 3 March 2024, 40 people fled Gao.")
    invoke("--db", str(store), "ingest", str(article))
    article.write_text("On 4 March 2024, 50 people fled Gao.")
    rows = json.loads(invoke("--db", str(store), "ingest", str(article), "--replace",
                             "--format", "json").output)
    assert (rows[0]["id"], rows[0]["status"]) == ("art", "replaced")
    docs = json.loads(invoke("--db", str(store), "docs", "--format", "json").output)
    assert [d["id"] for d in docs] == ["art"]


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
