"""Exports for SQL tools, read back with real clients and compared with the JSONL export."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mali_facts.cli import cli
from mali_facts.fields import COMMON_FIELDS, DOCUMENT_FIELDS, KIND_FIELDS
from mali_facts.store import write_store
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS


@pytest.fixture
def sample_store(sample_store):
    """The shared sample, with one fractional figure (so ``value`` holds ints and floats)."""
    facts = [dict(f) for f in SAMPLE_FACTS]
    facts[6]["value"] = 2.5
    write_store(sample_store, SAMPLE_DOCUMENTS, facts)
    return sample_store


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def jsonl(*args: str) -> list[dict]:
    result = run("export", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def same_rows(table_rows: list[dict], expected: list[dict], types: dict[str, str]) -> None:
    """Rows of an export equal the JSONL records (an absent field reads as NULL)."""
    def decoded(row: dict) -> dict:
        out = {}
        for key, value in row.items():
            if value is not None and types.get(key) == "json":
                value = json.loads(value)
            elif value is not None and types.get(key) == "boolean":
                value = bool(value)
            if value is not None:
                out[key] = value
        return out

    assert sorted((decoded(r) for r in table_rows), key=lambda r: r["id"]) == sorted(
        ({k: v for k, v in r.items() if v is not None} for r in expected),
        key=lambda r: r["id"])


def sqlite_types(connection: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row[1]: row[2] for row in connection.execute(f"PRAGMA table_info({table})")}


def test_sqlite_export_holds_every_fact_and_document(sample_store, tmp_path):
    from mali_facts.exports import typed_columns

    target = tmp_path / "facts.db"
    result = run("export", "--format", "sqlite", str(target))
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(target)
    connection.row_factory = sqlite3.Row
    facts = [dict(r) for r in connection.execute("SELECT * FROM facts")]
    documents = [dict(r) for r in connection.execute("SELECT * FROM documents")]
    expected = jsonl()
    same_rows(facts, expected, typed_columns(expected, list(facts[0])))
    same_rows(documents, jsonl("--documents"), {})
    types = sqlite_types(connection, "facts")
    assert (types["start"], types["value"], types["text"], types["is_official"],
            types["aliases"]) == ("INTEGER", "REAL", "TEXT", "INTEGER", "TEXT")
    # every field the model names is a column, whether or not a record has it yet
    for kind_fields in KIND_FIELDS.values():
        assert set(kind_fields) <= set(types)
    assert set(COMMON_FIELDS) <= set(types)
    assert set(DOCUMENT_FIELDS) <= set(sqlite_types(connection, "documents"))
    assert connection.execute("SELECT value FROM facts WHERE id = 't1-f00001'").fetchone()[
        0] == 326000


def test_sqlite_export_has_full_text_search_and_typed_filters(sample_store, tmp_path):
    target = tmp_path / "facts.db"
    assert run("export", "--format", "sqlite", str(target)).exit_code == 0
    connection = sqlite3.connect(target)
    found = connection.execute(
        "SELECT facts.id FROM facts JOIN facts_fts ON facts_fts.rowid = facts.rowid "
        "WHERE facts_fts MATCH 'goita' ORDER BY facts.id").fetchall()
    assert found == [("t1-o00001",)]  # accents folded: Goïta
    evidence = connection.execute(
        "SELECT count(*) FROM facts_fts WHERE facts_fts MATCH 'evidence:kati'").fetchone()
    assert evidence == (3,)
    big = connection.execute("SELECT id FROM facts WHERE kind = 'figure' AND value >= 1000 "
                             "ORDER BY value DESC").fetchall()
    assert big == [("t1-f00001",), ("t1-f00002",)]
    titles = connection.execute("SELECT documents.id FROM documents JOIN documents_fts ON "
                                "documents_fts.rowid = documents.rowid WHERE documents_fts "
                                "MATCH 'two'").fetchall()
    assert titles == [("t2",)]


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell installed")
def test_sqlite_export_opens_in_the_sqlite3_shell(sample_store, tmp_path):
    target = tmp_path / "facts.db"
    assert run("export", "--format", "sqlite", str(target)).exit_code == 0
    shell = subprocess.run(["sqlite3", str(target), "SELECT d.title, count(*) FROM facts f "
                            "JOIN documents d ON d.id = f.doc GROUP BY d.id ORDER BY d.id"],
                           capture_output=True, text=True, timeout=60)
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.splitlines() == ["Test article one|12", "Test article two|3"]


def test_parquet_export_reads_in_duckdb_and_pandas(sample_store, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    from mali_facts.exports import typed_columns

    facts_file, docs_file = tmp_path / "facts.parquet", tmp_path / "docs.parquet"
    assert run("export", "--format", "parquet", str(facts_file)).exit_code == 0
    assert run("export", "--format", "parquet", "--documents", str(docs_file)).exit_code == 0
    connection = duckdb.connect()
    cursor = connection.execute(f"SELECT * FROM '{facts_file}'")
    columns = [d[0] for d in cursor.description]
    rows = [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
    expected = jsonl()
    same_rows(rows, expected, typed_columns(expected, columns))
    types = {row[0]: row[1] for row in connection.execute(
        f"DESCRIBE SELECT * FROM '{facts_file}'").fetchall()}
    assert (types["start"], types["value"], types["is_official"], types["text"]) == (
        "BIGINT", "DOUBLE", "BOOLEAN", "VARCHAR")
    assert connection.execute(f"SELECT count(*) FROM '{facts_file}' WHERE kind = 'figure' "
                              "AND value >= 1000").fetchall() == [(2,)]
    documents = connection.execute(f"SELECT id, words FROM '{docs_file}' ORDER BY id"
                                   ).fetchall()
    assert documents == [("t1", 120), ("t2", 80)]
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(facts_file)
    assert len(frame) == len(SAMPLE_FACTS) and set(frame["kind"]) == {
        "date", "figure", "official", "place", "org"}


def test_parquet_without_pyarrow_is_one_line(sample_store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    target = tmp_path / "facts.parquet"
    result = run("export", "--format", "parquet", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip() == ("mali-facts: --format parquet needs pyarrow: "
                                     "pip install 'mali-facts[parquet]'")
    assert not target.exists()


def test_new_fields_become_columns(sample_store, tmp_path):
    facts = [dict(f) for f in SAMPLE_FACTS]
    facts[4].update(measure="people", currency=None, rank=None, new_field=["a", "b"])
    write_store(sample_store, SAMPLE_DOCUMENTS, facts)
    target = tmp_path / "facts.db"
    assert run("export", "--format", "sqlite", str(target)).exit_code == 0
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT measure, new_field FROM facts WHERE id = 't1-f00001'"
                              ).fetchone() == ("people", '["a", "b"]')


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--format", "sqlite"], 2, "--format sqlite writes a file: give its PATH"),
    (["--format", "parquet"], 2, "--format parquet writes a file: give its PATH"),
    (["--format", "sqlite", "--documents", "x.db"], 2, "holds both tables"),
    (["--format", "sqlite", "missing-dir/x.db"], 4, "cannot write"),
])
def test_bad_export_arguments_are_one_line(sample_store, tmp_path, monkeypatch, args, code,
                                           message):
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert result.exit_code == code
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_text_formats_go_to_stdout_only(sample_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", "--format", "csv", "facts.csv")
    assert result.exit_code == 2 and "written to stdout" in result.stderr
    assert not (tmp_path / "facts.csv").exists()


def test_sqlite_export_replaces_an_older_file(sample_store, tmp_path):
    target = tmp_path / "facts.db"
    target.write_bytes(b"old contents")
    assert run("export", "--format", "sqlite", str(target)).exit_code == 0
    count = sqlite3.connect(target).execute("SELECT count(*) FROM facts").fetchone()
    assert count == (len(SAMPLE_FACTS),)
