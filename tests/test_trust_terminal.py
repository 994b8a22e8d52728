"""What a person at a terminal sees: empty answers said, typos refused, tables that read.

Tables are rendered at a fixed width with colour off and compared as text; the
"nothing matched" message is checked in a real pseudo-terminal and in a real pipe.
"""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mali_facts.cli import cli
from mali_facts.config import shipped_store_path
from mali_facts.render import OutputOptions, render, render_detail
from mali_facts.render.columns import COLUMNS, TABLE_COLUMNS, table_cell
from mali_facts.render.text import terminal_text
from mali_facts.store import FactStore, write_store
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS


def on_a_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run with stdout on a pseudo-terminal; returns the status and stderr."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.run([sys.executable, "-m", "mali_facts", *args], cwd=cwd,
                                 stdout=follower, stderr=subprocess.PIPE, timeout=60,
                                 env={**os.environ, "COLUMNS": "100"})
    finally:
        os.close(follower)
        os.close(leader)
    return process.returncode, process.stderr.decode()


def test_nothing_matched_is_said_on_a_terminal_with_suggestions(sample_store, tmp_path):
    status, err = on_a_terminal("officials", "goitta", cwd=tmp_path)
    assert status == 1
    assert err == "mali-facts: no officials matched 'goitta'; did you mean: Assimi Goïta?\n"
    status, err = on_a_terminal("dates", "--from", "1900", "--to", "1901", cwd=tmp_path)
    assert (status, err) == (1, "mali-facts: no dates matched\n")


def test_a_pipe_stays_silent_when_nothing_matched(sample_store, tmp_path):
    for args in (["officials", "goitta"], ["dates", "--from", "1900", "--to", "1901"]):
        result = subprocess.run([sys.executable, "-m", "mali_facts", *args], cwd=tmp_path,
                                capture_output=True, timeout=60)
        assert (result.returncode, result.stdout, result.stderr) == (1, b"", b"")


@pytest.mark.parametrize("command", ["dates", "search"])
def test_an_unknown_doc_says_it_does_not_exist(sample_store, command):
    args = [command, "--doc", "nosuch"] + (["kidal"] if command == "search" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == ("mali-facts: --doc: no document 'nosuch' in the store "
                             "(list them with 'mali-facts docs')\n")


@pytest.mark.parametrize(("sort", "shown"), [("nosuch", "nosuch"), ("-valu", "valu"),
                                             ("--value", "-value"), ("-", "")])
def test_sort_is_checked_like_fields(sample_store, sort, shown):
    result = CliRunner().invoke(cli, ["figures", f"--sort={sort}"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"mali-facts: --sort: unknown field {shown!r}")
    fields = CliRunner().invoke(cli, ["figures", "--fields", "valu"])
    assert fields.exit_code == 2 and "did you mean 'value'" in fields.stderr
    assert "did you mean 'value'" in CliRunner().invoke(cli, ["figures", "--sort", "-valu"]
                                                        ).stderr


def test_sort_by_a_known_field_still_works(sample_store):
    result = CliRunner().invoke(cli, ["figures", "--sort", "-value", "--fields", "value",
                                      "--no-header"])
    assert result.output.split() == ["326000", "2800", "5"]


def table(rows, kind, width=70, **kw) -> str:
    out = io.StringIO()
    render(rows, kind, out, OutputOptions(format="table", color=False, width=width), **kw)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["date", "figure", "official", "place", "org"])
def test_tables_of_the_shipped_store_break_lines_only_between_words(kind):
    rows = [r for r in FactStore.open(shipped_store_path()).facts() if r["kind"] == kind]
    output = table(rows, kind)
    assert max(len(line) for line in output.splitlines()) <= 70
    after_hyphen = re.compile(r"(?<=[^\W\d]{2}-)(?=[^\W\d])")  # "eight-|year" may break
    pieces = {piece for token in re.split(r"[\s│┃┆]+", output)
              for piece in after_hyphen.split(token)}
    columns = TABLE_COLUMNS.get(kind, COLUMNS[kind])
    for row in rows:
        for column in columns:
            for word in terminal_text(table_cell(row, column)).split():
                assert all(p in pieces for p in after_hyphen.split(word)), (column, word)


def test_part_of_month_is_never_cut_at_70_columns():
    rows = [r for r in FactStore.open(shipped_store_path()).facts() if r["kind"] == "date"]
    output = table(rows, "date")
    assert "part of" in output and "part-of-m" not in output


def test_numbers_are_grouped_in_tables_only(isolated_environment):
    figure = dict(SAMPLE_FACTS[4], value=125000000000, text="125 billion")
    write_store(isolated_environment, SAMPLE_DOCUMENTS, [figure])
    assert "125,000,000,000" in table([figure], "figure")
    tsv = CliRunner().invoke(cli, ["figures", "--no-header"]).output
    assert tsv.split("\t")[1] == "125000000000"
    docs = table([dict(SAMPLE_DOCUMENTS[0], words=1234567)], "document", width=120)
    assert "1,234,567" in docs


def test_figure_tables_show_the_qualifier_not_approx():
    more = dict(SAMPLE_FACTS[5])  # qualifier more_than, approx true
    least = dict(SAMPLE_FACTS[4], qualifier="at_least")
    output = table([more, least], "figure", width=120)
    header = output.splitlines()[2]
    assert "qualifier" in header and "approx" not in header
    assert "more than" in output and "at least" in output and "true" not in output
    tsv = io.StringIO()
    render([more], "figure", tsv, OutputOptions(format="tsv"))
    assert tsv.getvalue().splitlines()[0].split("\t")[4] == "approx"  # scripts unchanged


@pytest.mark.parametrize(("date", "mod", "precision", "shown"), [
    ("2021-05-24TNI", None, "part-of-day", "2021-05-24 night"),
    ("2021-05-24TMO", None, "part-of-day", "2021-05-24 morning"),
    ("PXM", "FUTURE_REF", "duration", "future some months"),
    ("PXY", None, "duration", "some years"),
    ("P3D", None, "duration", "3 days"),
    ("2020-08/2021-01", None, "month", "2020-08 to 2021-01"),
    ("2021-05", "START", "part-of-month", "early 2021-05"),
    ("2021", "MID+END", "part-of-month", "mid to late 2021"),
    ("2013", "APPROX", "year", "about 2013"),
])
def test_date_codes_are_words_in_tables(date, mod, precision, shown):
    row = dict(SAMPLE_FACTS[1], date=date, mod=mod, precision=precision)
    output = table([row], "date", width=120)
    assert shown in output
    assert precision.replace("-", " ") in output
    assert "TNI" not in output and "PXM" not in output


def test_show_prints_the_evidence_once(sample_store):
    store = FactStore.open(sample_store)
    from mali_facts.query import fact_detail

    record = store.fact("t1-o00001")
    detail = fact_detail(record, store.document("t1"), store.iter_facts())
    out = io.StringIO()
    render_detail(detail, out, OutputOptions(format="table", color=False, width=100))
    text = out.getvalue()
    assert text.count("On Monday soldiers detained") == 1
    assert text.count("Evidence: On Monday soldiers detained the president in Kati.") == 1
    assert not re.search(r"│ evidence +│", text)


def test_unknown_fields_render_in_every_format(isolated_environment):
    fact = dict(SAMPLE_FACTS[0], gauge={"unit": "km", "low": 3}, grade=2, mood="dis\x1bputed",
                hours=["08:00", None])
    write_store(isolated_environment, SAMPLE_DOCUMENTS, [fact])
    for args in (["show", fact["id"]], ["show", fact["id"], "-f", "table"],
                 ["export", "--format", "csv"],
                 ["dates", "--fields", "id,date_role", "-f", "table"],
                 ["show", fact["id"], "-f", "json"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.output
