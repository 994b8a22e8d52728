"""The command line as its users see it: commands, formats, exit codes, errors."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from mali_facts.cli import cli
from tests.conftest import SAMPLE_FACTS

LISTINGS = ["dates", "figures", "officials", "places", "orgs"]
KIND_OF = {"dates": "date", "figures": "figure", "officials": "official", "places": "place",
           "orgs": "org"}
SAMPLE_COUNT = Counter(f["kind"] for f in SAMPLE_FACTS)


def run(runner: CliRunner, *args: str, input: str | None = None):
    return runner.invoke(cli, list(args), input=input)


@pytest.mark.parametrize("command", LISTINGS)
@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "json", "jsonl"])
def test_every_listing_renders_every_format(runner, sample_store, command, fmt):
    result = run(runner, command, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    if fmt == "json":
        rows = json.loads(result.output)
        assert rows and all("id" in r and "kind" in r for r in rows)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in result.output.splitlines()]
        assert {r["kind"] for r in rows} == {KIND_OF[command]}
        assert len(rows) == SAMPLE_COUNT[KIND_OF[command]]


def test_pipe_output_is_tab_separated_with_documented_columns(runner, sample_store):
    result = run(runner, "dates")
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["id", "date", "precision", "text", "event", "doc",
                                     "date_role"]
    assert "\x1b" not in result.output and "│" not in result.output
    assert all(len(line.split("\t")) == 7 for line in lines)


def test_dates_are_chronological(runner, sample_store):
    result = run(runner, "dates", "--no-header", "--fields", "date")
    assert result.output.split() == ["2012-03", "2013", "2021-05-24", "2023-11-14"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--from", "2021"], ["2021-05-24", "2023-11-14"]),
    (["--to", "2013"], ["2012-03", "2013"]),
    (["--from", "2012-03-15", "--to", "2021-05"], ["2012-03", "2013", "2021-05-24"]),
    (["--from", "2023-11-14", "--to", "2023-11-14"], ["2023-11-14"]),
])
def test_date_range_filters(runner, sample_store, args, expected):
    result = run(runner, "dates", *args, "--no-header", "--fields", "date")
    assert result.output.split() == expected


@pytest.mark.parametrize("bad", ["notadate", "2021-13", "2021-02-30", "21-05"])
def test_bad_date_is_a_one_line_usage_error(runner, sample_store, bad):
    result = run(runner, "dates", "--from", bad)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "--from" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("term", "name"), [
    ("goita", "Assimi Goïta"), ("GOÏTA", "Assimi Goïta"), ("aisimi", "Assimi Goïta"),
    ("ouane", "Moctar Ouane")])
def test_official_search_ignores_case_and_accents(runner, sample_store, term, name):
    result = run(runner, "officials", term, "--no-header", "--fields", "name")
    assert result.exit_code == 0
    assert result.output.strip() == name


@pytest.mark.parametrize(("term", "name"), [("segou", "Ségou"), ("timbuktu", "Tombouctou"),
                                            ("tombouctou", "Tombouctou")])
def test_places_match_accents_and_variant_spellings(runner, sample_store, term, name):
    result = run(runner, "places", term, "--no-header", "--fields", "name")
    assert result.output.strip() == name


def test_every_term_must_match(runner, sample_store):
    assert run(runner, "officials", "goita", "cnsp").exit_code == 0
    assert run(runner, "officials", "goita", "ouane").exit_code == 1


def test_no_match_exits_1_and_suggests_close_names(runner, sample_store, monkeypatch):
    monkeypatch.setattr("mali_facts.listing.on_terminal", lambda: True)  # pipes stay silent
    result = runner.invoke(cli, ["officials", "goitta"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Assimi Goïta" in result.stderr


def test_figure_filters(runner, sample_store):
    result = run(runner, "figures", "--min", "1000", "--no-header", "--fields", "value")
    assert result.output.split() == ["326000", "2800"]
    result = run(runner, "figures", "--max", "10", "--unit", "day", "--no-header",
                 "--fields", "text")
    assert result.output.split() == ["five-day"]
    assert run(runner, "figures", "--min", "lots").exit_code == 2


def test_sort_and_limit(runner, sample_store):
    result = run(runner, "figures", "--sort", "value", "--no-header", "--fields", "value")
    assert result.output.split() == ["5", "2800", "326000"]
    result = run(runner, "figures", "--sort", "-value", "--limit", "1", "--no-header",
                 "--fields", "value")
    assert result.output.split() == ["326000"]


def test_official_filters(runner, sample_store):
    result = run(runner, "officials", "--role", "prime", "--no-header", "--fields", "name")
    assert result.output.strip() == "Moctar Ouane"
    result = run(runner, "officials", "--officials-only", "--no-header", "--fields", "name")
    assert "Boubacar Ba" not in result.output and "Moctar Ouane" in result.output
    result = run(runner, "officials", "--no-header", "--fields", "name")
    assert "Boubacar Ba" in result.output


def test_place_filters(runner, sample_store):
    out = run(runner, "places", "--type", "region", "--no-header", "--fields", "name").output
    assert out.split() == ["Ségou", "Tombouctou"]
    out = run(runner, "places", "--region", "koulikoro", "--no-header", "--fields",
              "name").output
    assert out.split() == ["Kati"]
    assert run(runner, "places", "--country", "niger").exit_code == 1


def test_doc_filter(runner, sample_store):
    out = run(runner, "search", "kidal", "--doc", "t2", "--no-header", "--fields", "id").output
    assert out.split() == ["t2-d00004", "t2-p00004"]
    assert run(runner, "search", "kidal", "--doc", "t1").exit_code == 1


def test_unknown_field_is_a_usage_error(runner, sample_store):
    result = run(runner, "dates", "--fields", "date,nonsense")
    assert result.exit_code == 2 and "nonsense" in result.output


def test_question_word_aliases(runner, sample_store):
    for alias, command in [("when", "dates"), ("who", "officials"), ("where", "places"),
                           ("how-many", "figures")]:
        assert run(runner, alias).output == run(runner, command).output


def test_search_spans_kinds(runner, sample_store):
    result = run(runner, "search", "kidal", "--format", "json")
    kinds = sorted(r["kind"] for r in json.loads(result.output))
    assert kinds == ["date", "place"]
    result = run(runner, "search", "kidal", "--kind", "place", "--format", "json")
    assert [r["kind"] for r in json.loads(result.output)] == ["place"]


def test_show_prints_fact_document_evidence_and_neighbours(runner, sample_store):
    result = run(runner, "show", "t1-d00001", "--format", "table", "--color", "never")
    assert result.exit_code == 0
    assert "2021-05-24" in result.output and "Test article one" in result.output
    assert "[[On Monday]]" in result.output
    assert "t1-o00001" in result.output and "t1-p00003" in result.output  # same sentence
    detail = json.loads(run(runner, "show", "t1-d00001", "--format", "json").output)
    assert detail["fact"]["id"] == "t1-d00001"
    assert detail["document"]["id"] == "t1"
    assert sorted(detail["related"]) == ["t1-o00001", "t1-p00003"]


def test_show_unknown_id(runner, sample_store):
    result = run(runner, "show", "nope")
    assert result.exit_code == 1 and "nope" in result.output


def test_docs_and_stats(runner, sample_store):
    docs = json.loads(run(runner, "docs", "--format", "json").output)
    assert [d["id"] for d in docs] == ["t1", "t2"]
    stats = dict(line.split("\t") for line in run(runner, "stats", "--no-header")
                 .output.splitlines())
    assert stats["documents"] == "2" and stats["facts"] == str(15)
    assert stats["facts.place"] == "4" and stats["dates.earliest"] == "2012-03-01"


def test_export_formats(runner, sample_store):
    data = json.loads(run(runner, "export").output)
    assert len(data["facts"]) == 15 and len(data["documents"]) == 2
    lines = run(runner, "export", "--format", "jsonl").output.splitlines()
    assert len(lines) == 15 and json.loads(lines[0])["id"]
    rows = list(csv.DictReader(io.StringIO(run(runner, "export", "--format", "csv").output)))
    assert len(rows) == 15 and {"id", "kind", "date", "value", "name"} <= set(rows[0])
    docs = run(runner, "export", "--format", "jsonl", "--documents").output.splitlines()
    assert [json.loads(d)["id"] for d in docs] == ["t1", "t2"]


def test_table_has_title_and_does_not_cut_long_text(runner, sample_store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "24")
    result = run(runner, "officials", "--format", "table", "--color", "never",
                 "--fields", "role")
    assert "Officials" in result.output
    flat = "".join(result.output.replace("│", "").split())
    assert "vicepresidentofthetransition" in flat
    assert "…" not in result.output
    assert "\x1b" not in result.output


def test_color_always_and_no_color(runner, sample_store, monkeypatch):
    colored = run(runner, "places", "--format", "table", "--color", "always").output
    assert "\x1b[" in colored
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(runner, "places", "--format", "table").output


def test_no_header(runner, sample_store):
    with_header = run(runner, "orgs").output.splitlines()
    without = run(runner, "orgs", "--no-header").output.splitlines()
    assert with_header[1:] == without


def test_missing_store_is_a_one_line_error(runner, tmp_path):
    missing = tmp_path / "nope.json"
    result = run(runner, "--db", str(missing), "dates")
    assert result.exit_code == 3
    assert str(missing) in result.output and len(result.output.splitlines()) == 1
    assert not missing.exists()


@pytest.mark.parametrize(("content", "code"), [
    (b'{"facts": {', 5), (b"[1, 2, 3]", 5), (b'{"facts": {}, "meta": {}}', 5),
    (b'{"facts": {}, "documents": {}, "meta": {"schema": {"version": 99}}}', 5)])
def test_corrupt_store_is_reported_and_untouched(runner, tmp_path, content, code):
    store = tmp_path / "bad.json"
    store.write_bytes(content)
    for args in (["dates"], ["stats"], ["ingest", "-", "--published", "2021-01-01"]):
        result = runner.invoke(cli, ["--db", str(store), *args], input="Bamako, 2021.")
        assert result.exit_code == code, result.output
        assert str(store) in result.output and len(result.output.strip().splitlines()) == 1
    assert store.read_bytes() == content


def test_directory_as_store(runner, tmp_path):
    result = run(runner, "--db", str(tmp_path), "dates")
    assert result.exit_code == 4 and "directory" in result.output


def test_every_command_has_help_with_an_example(runner):
    for name, command in cli.commands.items():
        result = run(runner, name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, name
        assert command.get_short_help_str(), name
    top = run(runner, "--help").output
    for name in cli.commands:
        assert name in top


def test_version(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0 and "mali-facts" in result.output


def test_unknown_command_and_option_are_usage_errors(runner, sample_store):
    assert run(runner, "nonsense").exit_code == 2
    result = run(runner, "dates", "--frm", "2020")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


def test_completion_scripts(runner):
    for shell in ("bash", "zsh", "fish"):
        result = run(runner, "completion", shell)
        assert result.exit_code == 0 and "_MALI_FACTS_COMPLETE" in result.output


def test_completion_offers_ids_and_names(sample_store):
    from click.shell_completion import ShellComplete

    complete = ShellComplete(cli, {}, "mali-facts", "_MALI_FACTS_COMPLETE")
    ids = [c.value for c in complete.get_completions(["show"], "t2-")]
    assert sorted(ids) == ["t2-d00004", "t2-o00003", "t2-p00004"]
    names = [c.value for c in complete.get_completions(["officials"], "goi")]
    assert "Goïta" in names
    commands = [c.value for c in complete.get_completions([], "of")]
    assert commands == ["officials"]


def test_shipped_store_is_used_when_nothing_else_is_configured(runner, monkeypatch):
    monkeypatch.delenv("MALI_FACTS_DB")
    result = run(runner, "docs", "--format", "json")
    assert result.exit_code == 0
    assert {d["id"] for d in json.loads(result.output)} == {"000", "001", "002"}


def test_ingest_without_db_writes_the_user_store_not_the_shipped_one(runner, monkeypatch,
                                                                     tmp_path):
    from mali_facts.config import shipped_store_path, user_store_path

    monkeypatch.delenv("MALI_FACTS_DB")
    shipped = shipped_store_path().read_bytes()
    article = tmp_path / "note.txt"
    article.write_text("On Monday the governor of Mopti met officials in Sévaré.\n")
    result = run(runner, "ingest", str(article), "--published", "2024-03-06")
    assert result.exit_code == 0, result.output
    assert shipped_store_path().read_bytes() == shipped
    assert user_store_path().exists()
    docs = json.loads(run(runner, "docs", "--format", "json").output)
    assert {"000", "001", "002", "note"} <= {d["id"] for d in docs}


def test_user_store_path_is_isolated(tmp_path):
    from mali_facts.config import user_store_path

    assert str(user_store_path()).startswith(str(tmp_path))


def test_path_output_for_store(runner, sample_store: Path):
    out = run(runner, "stats", "--no-header").output
    assert str(sample_store) in out


def test_user_store_on_linux_is_where_platformdirs_puts_it():
    import sys

    from platformdirs import user_data_path

    from mali_facts.config import user_store_path

    if sys.platform.startswith("linux"):
        assert user_store_path() == user_data_path("mali-facts", appauthor=False) / "facts.json"


def test_query_path_imports_only_what_it_needs(sample_store):
    """A piped query loads neither Click, Rich, TinyDB nor the extractor."""
    import subprocess
    import sys

    code = ("import sys, atexit\n"
            "heavy = ('click', 'rich', 'tinydb', 'platformdirs', 'filelock', 'dataclasses')\n"
            "atexit.register(lambda: print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "heavy or m.startswith('mali_facts.extract')), file=sys.stderr))\n"
            "from mali_facts.launch import main\n"
            "main(['officials', 'goita', '--format', 'tsv'])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_bare_command_prints_help(runner):
    result = run(runner)
    assert result.exit_code == 0 and "Commands:" in result.stdout


def test_short_help_lines_are_not_cut(runner):
    top = run(runner, "--help").output
    assert "..." not in top.split("Commands:")[1]


@pytest.mark.parametrize("width", ["40", "80", "200"])
def test_tables_never_truncate_with_an_ellipsis(runner, sample_store, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", width)
    for command in ("dates", "officials", "places", "figures"):
        result = run(runner, command, "--format", "table", "--color", "never")
        assert "…" not in result.output
        assert max(len(line) for line in result.output.splitlines()) <= int(width)
    wide = run(runner, "dates", "--format", "table", "--color", "never").output
    if width == "200":
        assert "t1-d00001" in wide and "2021-05-24" in wide  # short columns on one line
