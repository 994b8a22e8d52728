"""ingest: reading, refusing, de-duplicating and storing documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mali_facts.cli import cli
from mali_facts.ingest import date_line_at_top, decode_document, parse_day, read_sources_table

ARTICLE = """Army convoy reaches Gao

12 March 2024

On Monday, the governor of Gao said that more than 300 families had returned.
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def export(runner, store: Path) -> list[dict]:
    result = runner.invoke(cli, ["--db", str(store), "export", "--format", "jsonl"])
    return [json.loads(line) for line in result.output.splitlines()]


def test_ingest_stores_document_and_facts(runner, tmp_path):
    store = tmp_path / "s.json"
    article = write(tmp_path, "gao-report.txt", ARTICLE)
    result = runner.invoke(cli, ["--db", str(store), "ingest", str(article),
                                 "--published", "2024-03-12", "--outlet", "Wire",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)[0]
    assert summary["id"] == "gao-report" and summary["status"] == "added"
    docs = json.loads(runner.invoke(cli, ["--db", str(store), "docs", "--format",
                                          "json"]).output)
    assert docs[0]["outlet"] == "Wire" and docs[0]["title"] == "Army convoy reaches Gao"
    assert docs[0]["published"] == "2024-03-12" and len(docs[0]["sha256"]) == 64
    facts = export(runner, store)
    assert facts and all(f["doc"] == "gao-report" for f in facts)
    text = article.read_text()
    assert all(text[f["start"]:f["end"]] == f["text"] for f in facts)


def test_same_text_twice_adds_nothing_unless_replace(runner, tmp_path):
    store = tmp_path / "s.json"
    article = write(tmp_path, "a.txt", ARTICLE)
    args = ["--db", str(store), "ingest", str(article), "--published", "2024-03-12",
            "--format", "json"]
    runner.invoke(cli, args)
    first = store.read_bytes()
    again = json.loads(runner.invoke(cli, args).output)[0]
    assert again["status"] == "unchanged"
    assert store.read_bytes() == first
    replaced = json.loads(runner.invoke(cli, [*args, "--replace"]).output)[0]
    assert replaced["status"] == "replaced" and replaced["id"] == "a"
    assert len(json.loads(runner.invoke(cli, ["--db", str(store), "docs", "--format",
                                              "json"]).output)) == 1


def test_stdin_and_explicit_id(runner, tmp_path):
    store = tmp_path / "s.json"
    result = runner.invoke(cli, ["--db", str(store), "ingest", "-", "--id", "piped",
                                 "--published", "2024-03-12"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert {f["doc"] for f in export(runner, store)} == {"piped"}


def test_date_line_at_top_is_used_when_no_published(runner, tmp_path):
    store = tmp_path / "s.json"
    article = write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(cli, ["--db", str(store), "ingest", str(article), "--format",
                                 "json"])
    summary = json.loads(result.output)[0]
    assert summary["published"] == "2024-03-12"
    assert "read from the text" in summary["note"]


def test_without_any_date_relative_dates_stay_unresolved(runner, tmp_path):
    store = tmp_path / "s.json"
    article = write(tmp_path, "a.txt", "On Monday, soldiers entered Kidal.\n")
    summary = json.loads(runner.invoke(cli, ["--db", str(store), "ingest", str(article),
                                             "--format", "json"]).output)[0]
    assert "unresolved" in summary["note"]
    dates = [f for f in export(runner, store) if f["kind"] == "date"]
    assert dates and all(d["date"] is None for d in dates)


def test_several_files_one_write(runner, tmp_path):
    store = tmp_path / "s.json"
    files = [str(write(tmp_path, f"n{i}.txt", ARTICLE + f"\nNote {i}.\n")) for i in range(5)]
    result = runner.invoke(cli, ["--db", str(store), "ingest", *files, "--published",
                                 "2024-03-12"])
    assert result.exit_code == 0, result.output
    assert not store.with_name("s.json.bak").exists()  # a new store: written exactly once
    assert {f["doc"] for f in export(runner, store)} == {f"n{i}" for i in range(5)}


@pytest.mark.parametrize(("content", "words"), [
    (b"\x00\x01\x02binary\x00", "not a text file"),
    (b"caf\xe9 au lait", "not UTF-8"),
    (bytes(range(1, 32)) * 50, "not a text file"),
])
def test_refused_documents_leave_the_store_untouched(runner, tmp_path, content, words):
    store = tmp_path / "s.json"
    good = write(tmp_path, "good.txt", ARTICLE)
    runner.invoke(cli, ["--db", str(store), "ingest", str(good), "--published", "2024-03-12"])
    before = store.read_bytes()
    bad = write(tmp_path, "bad.bin", content)
    result = runner.invoke(cli, ["--db", str(store), "ingest", str(bad), "--published",
                                 "2024-03-12"])
    assert result.exit_code == 7
    assert words in result.output and len(result.output.strip().splitlines()) == 1
    assert store.read_bytes() == before


def test_size_limit(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("MALI_FACTS_MAX_BYTES", "100")
    article = write(tmp_path, "big.txt", "word " * 100)
    result = runner.invoke(cli, ["--db", str(tmp_path / "s.json"), "ingest", str(article)])
    assert result.exit_code == 7 and "limit" in result.output
    assert not (tmp_path / "s.json").exists()


def test_missing_file_and_bad_published(runner, tmp_path):
    store = tmp_path / "s.json"
    result = runner.invoke(cli, ["--db", str(store), "ingest", str(tmp_path / "nope.txt")])
    assert result.exit_code == 7 and "no such file" in result.output
    article = write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(cli, ["--db", str(store), "ingest", str(article), "--published",
                                 "yesterday"])
    assert result.exit_code == 2 and "--published" in result.output
    assert not store.exists()


def test_an_empty_file_is_refused_not_added(runner, tmp_path):
    store = tmp_path / "s.json"
    for content in ("", " \n\t\n"):
        empty = write(tmp_path, "empty.txt", content)
        result = runner.invoke(cli, ["--db", str(store), "ingest", str(empty)])
        assert result.exit_code == 7
        assert "empty document" in result.output and len(result.output.splitlines()) == 1
        assert not store.exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("25 May 2021", "2021-05-25"), ("May 25, 2021", "2021-05-25"),
    ("2021-05-25", "2021-05-25"), ("Sept 3, 2020", "2020-09-03"), ("31 February 2021", None),
    ("the 25th", None)])
def test_parse_day(text, expected):
    day = parse_day(text)
    assert (day.isoformat() if day else None) == expected


def test_date_line_must_be_near_the_top():
    assert date_line_at_top("Title\n\n**Someone**\n25 May 2021\n\nBody").isoformat() == \
        "2021-05-25"
    assert date_line_at_top("\n".join(["line"] * 20 + ["25 May 2021"])) is None


def test_decode_strips_bom_and_crlf():
    assert decode_document("\ufeffa\r\nb".encode(), "x", 100) == "a\nb"


def test_sources_table(tmp_path):
    path = write(tmp_path, "SOURCES.md", "# S\n\n| file | outlet | title | author | published "
                 "(as-of) |\n|---|---|---|---|---|\n| a.txt | Wire | T | not named | "
                 "2021-01 (note) |\n")
    assert read_sources_table(path) == [{"file": "a.txt", "outlet": "Wire", "title": "T",
                                         "author": "not named",
                                         "published": "2021-01 (note)"}]


def test_two_files_with_the_same_name_are_two_documents(runner, tmp_path):
    """A second report.txt from another folder must not overwrite the first."""
    store = tmp_path / "s.json"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    first = write(tmp_path / "a", "report.txt", ARTICLE)
    second = write(tmp_path / "b", "report.txt", "On 5 April 2024, 70 people fled Kidal.\n")
    for path in (first, second):
        result = runner.invoke(cli, ["--db", str(store), "ingest", str(path),
                                     "--published", "2024-04-10", "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)[0]["status"] == "added"
    facts = export(runner, store)
    ids = {f["doc"] for f in facts}
    assert len(ids) == 2 and all(i.startswith("report") for i in ids)
    texts = {f["text"] for f in facts}
    assert {"300", "70", "Gao", "Kidal"} <= texts
