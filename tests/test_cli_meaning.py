"""What a fact means, as the command line shows it: --measure, currency, rank, status."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mali_facts.cli import cli

ARTICLE = (
    "BAMAKO, 3 May 2024 - The state owes 40 billion CFA francs to fuel importers, and "
    "donors pledged 15 million euros. Gunmen killed 12 soldiers near Boni on Monday.\n"
)


def ingested(tmp_path: Path) -> tuple[CliRunner, Path]:
    runner, db = CliRunner(), tmp_path / "facts.json"
    doc = tmp_path / "wire.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["--db", str(db), "ingest", str(doc)])
    assert result.exit_code == 0, result.output
    return runner, db


def test_figures_by_measure_with_currency_column(tmp_path: Path) -> None:
    runner, db = ingested(tmp_path)
    result = runner.invoke(cli, ["--db", str(db), "figures", "--measure", "money",
                                 "--format", "tsv"])
    assert result.exit_code == 0
    header, *rows = result.output.splitlines()
    columns = header.split("\t")
    assert columns[-2:] == ["measure", "currency"]
    got = {(r.split("\t")[columns.index("text")], r.split("\t")[-1]) for r in rows}
    assert got == {("40 billion", "XOF"), ("15 million", "EUR")}


def test_casualties_are_their_own_measure(tmp_path: Path) -> None:
    runner, db = ingested(tmp_path)
    result = runner.invoke(cli, ["--db", str(db), "figures", "--measure", "casualties",
                                 "--no-header", "--format", "tsv"])
    assert [line.split("\t")[1] for line in result.output.splitlines()] == ["12"]


def test_unknown_measure_is_a_usage_error(tmp_path: Path) -> None:
    runner, db = ingested(tmp_path)
    result = runner.invoke(cli, ["--db", str(db), "figures", "--measure", "weight"])
    assert result.exit_code == 2


def test_dateline_is_marked_as_the_publication_date(tmp_path: Path) -> None:
    runner, db = ingested(tmp_path)
    result = runner.invoke(cli, ["--db", str(db), "dates", "--format", "tsv"])
    header, *rows = result.output.splitlines()
    roles = {r.split("\t")[3]: r.split("\t")[-1] for r in rows}
    assert roles == {"3 May 2024": "publication", "Monday": "event"}


def test_officials_table_shows_rank_office_and_status_in_one_cell(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    runner, db = CliRunner(), tmp_path / "facts.json"
    doc = tmp_path / "reshuffle.txt"
    doc.write_text("BAMAKO, 3 May 2024 - The ousted defence minister, Colonel Issa Kanouté, "
                   "left the capital on Monday.\n", encoding="utf-8")
    assert runner.invoke(cli, ["--db", str(db), "ingest", str(doc)]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(db), "officials", "--by-document", "--format",
                                 "table", "--color", "never"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "Issa Kanouté" in line)
    assert "Colonel · defence minister (ousted)" in row


def test_min_sources_counts_documents_naming_the_same_entity(tmp_path: Path) -> None:
    runner, db = CliRunner(), tmp_path / "facts.json"
    texts = {"a.txt": "BAMAKO, 3 May 2024 - Gunmen attacked a convoy near Kidal on Monday.\n",
             "b.txt": "GAO, 5 May 2024 - Traders in Kidal and Ménaka closed their shops.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert runner.invoke(cli, ["--db", str(db), "ingest", str(tmp_path / name)]
                             ).exit_code == 0
    both = runner.invoke(cli, ["--db", str(db), "search", "kidal", "--min-sources",
                               "2", "--format", "tsv"])
    assert both.exit_code == 0, both.output
    header, *rows = both.output.splitlines()
    assert header.split("\t")[-1] == "sources"
    assert {r.split("\t")[2] for r in rows} == {"Kidal"} and len(rows) == 2
    merged = runner.invoke(cli, ["--db", str(db), "places", "--min-sources", "2",
                                 "--fields", "name,sources", "--no-header"])
    assert merged.output.splitlines() == ["Kidal\t2"]
    assert runner.invoke(cli, ["--db", str(db), "places", "--min-sources", "3"]).exit_code == 1
