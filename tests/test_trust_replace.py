"""``--replace`` finds a document by its resolved path or an explicit ``--id``, never by
its base name, and refuses (one line, exit 2) rather than overwrite another document."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mali_facts.cli import cli

JANUARY = "On 3 May 2022 about 100 people gathered in Bamako.\n"
FEBRUARY = "On 4 June 2023 the army entered Kidal with 300 soldiers.\n"


def ingest(store: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--db", str(store), "ingest", *args, "--published",
                                    "2024-01-01", "--format", "json"], input=input)


def documents(store: Path) -> dict[str, dict]:
    return json.loads(store.read_text())["documents"]


def texts_by_document(store: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for fact in json.loads(store.read_text())["facts"].values():
        found.setdefault(fact["doc"], set()).add(fact["text"])
    return found


def two_reports(tmp_path: Path) -> tuple[Path, Path, Path]:
    store = tmp_path / "s.json"
    (tmp_path / "jan").mkdir()
    (tmp_path / "feb").mkdir()
    jan, feb = tmp_path / "jan" / "report.txt", tmp_path / "feb" / "report.txt"
    jan.write_text(JANUARY)
    feb.write_text(FEBRUARY)
    assert ingest(store, str(jan), str(feb)).exit_code == 0
    assert set(documents(store)) == {"report", "report-2"}
    return store, jan, feb


def test_replace_finds_the_document_by_its_path_not_its_base_name(tmp_path):
    store, jan, feb = two_reports(tmp_path)
    january_facts = texts_by_document(store)["report"]
    feb.write_text(FEBRUARY + "On 5 June 2023 the army left Kidal.\n")  # edited
    result = ingest(store, str(feb), "--replace")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)[0]
    assert (row["id"], row["status"]) == ("report-2", "replaced")
    assert texts_by_document(store)["report"] == january_facts  # January is untouched
    assert "5 June 2023" in texts_by_document(store)["report-2"]
    assert documents(store)["report"]["path"] == str(jan.resolve())
    assert documents(store)["report-2"]["path"] == str(feb.resolve())


def test_replace_through_a_relative_path_or_a_symlink_is_the_same_file(tmp_path, monkeypatch):
    store, jan, _ = two_reports(tmp_path)
    link = tmp_path / "latest.txt"
    link.symlink_to(jan)
    jan.write_text(JANUARY + "On 6 May 2022 they met again in Gao.\n")
    monkeypatch.chdir(tmp_path)
    for name in ("jan/report.txt", "latest.txt"):
        result = ingest(store, name, "--replace")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)[0]["id"] == "report"
    assert set(documents(store)) == {"report", "report-2"}


def test_an_unrelated_file_with_the_same_name_is_added_not_overwritten(tmp_path):
    store, _, _ = two_reports(tmp_path)
    (tmp_path / "mar").mkdir()
    other = tmp_path / "mar" / "report.txt"
    other.write_text("On 1 March 2024 the junta met in Kati.\n")
    before = texts_by_document(store)
    result = ingest(store, str(other), "--replace")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)[0]
    assert (row["id"], row["status"]) == ("report-3", "added")
    assert {k: v for k, v in texts_by_document(store).items() if k != "report-3"} == before


def test_replace_refuses_to_touch_another_document_with_the_same_text(tmp_path):
    store, _, _ = two_reports(tmp_path)
    copy = tmp_path / "copy.txt"
    copy.write_text(JANUARY)
    before = store.read_bytes()
    result = ingest(store, str(copy), "--replace")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "'report'" in result.stderr
    assert "--id report" in result.stderr
    assert store.read_bytes() == before


def test_replace_refuses_to_guess_a_document_without_a_recorded_path(tmp_path):
    store, jan, _ = two_reports(tmp_path)
    data = json.loads(store.read_text())
    del data["documents"]["report"]["path"]  # as ingested by an older version
    store.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    before = store.read_bytes()
    jan.write_text(JANUARY + "Edited.\n")
    result = ingest(store, str(jan), "--replace")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "--replace --id report" in result.stderr
    assert store.read_bytes() == before
    named = ingest(store, str(jan), "--replace", "--id", "report")
    assert named.exit_code == 0 and json.loads(named.stdout)[0]["status"] == "replaced"
    assert documents(store)["report"]["path"] == str(jan.resolve())


def test_an_explicit_id_is_the_identity(tmp_path):
    store, _, _ = two_reports(tmp_path)
    january_facts = texts_by_document(store)["report"]
    result = ingest(store, "-", "--replace", "--id", "report-2", input=FEBRUARY + "More.\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["status"] == "replaced"
    assert texts_by_document(store)["report"] == january_facts


def test_stdin_without_an_id_cannot_replace(tmp_path):
    store, _, _ = two_reports(tmp_path)
    before = store.read_bytes()
    result = ingest(store, "-", "--replace", input=JANUARY)
    assert result.exit_code == 2 and "--id" in result.stderr
    assert result.stderr.count("\n") == 1
    assert store.read_bytes() == before


def test_the_same_file_with_the_same_text_is_re_extracted(tmp_path):
    store, jan, _ = two_reports(tmp_path)
    result = ingest(store, str(jan), "--replace")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "report"
    assert json.loads(result.stdout)[0]["status"] == "replaced"


def test_an_edited_file_without_replace_says_where_its_earlier_text_is(tmp_path):
    store, jan, _ = two_reports(tmp_path)
    jan.write_text(JANUARY + "Edited.\n")
    result = ingest(store, str(jan))
    row = json.loads(result.stdout)[0]
    assert row["status"] == "added" and "'report'" in row["note"] and "--replace" in row["note"]
