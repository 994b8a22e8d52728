"""ingest of real inputs: formats, metadata precedence, manifests, folders, sidecars,
refusals, --replace keeping metadata, and the new document fields through every export."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from mali_facts.cli import cli
from tests.fixtures_inputs import MARKDOWN, PAGE, report_pdf

ARTICLE = ("Army convoy reaches Gao\n\nBAMAKO, 22 November 2024 (Reuters) - On Monday, the "
           "governor of Gao said that more than 300 families had returned.\n")
FRENCH = ("Retour des familles à Gao\n\nLe gouverneur de Gao a déclaré lundi que plus de "
          "300 familles étaient rentrées chez elles après les combats, selon les autorités "
          "locales qui ont également annoncé la réouverture de la route.\n")


def run(runner, store: Path, *args: str, **kwargs):
    return runner.invoke(cli, ["--db", str(store), *args], **kwargs)


def documents(runner, store: Path) -> dict[str, dict]:
    out = run(runner, store, "export", "--documents", "--format", "jsonl").output
    return {d["id"]: d for d in map(json.loads, out.splitlines())}


def facts(runner, store: Path) -> list[dict]:
    return [json.loads(line) for line in
            run(runner, store, "export", "--format", "jsonl").output.splitlines()]


def summary(result) -> list[dict]:
    return json.loads(result.stdout)


# -- formats and what the store keeps ----------------------------------------------------

def test_an_html_file_named_txt_is_read_as_html_and_offsets_index_its_text(runner, tmp_path):
    store = tmp_path / "s.json"
    page = tmp_path / "kidal.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = run(runner, store, "ingest", str(page), "--format", "json")
    assert result.exit_code == 0, result.output
    document = documents(runner, store)["kidal"]
    assert document["format"] == "html" and document["lang"] == "en"
    assert document["source_sha256"] != document["sha256"]
    text = document["text"]
    found = facts(runner, store)
    assert found and all(text[f["start"]:f["end"]] == f["text"] for f in found)
    assert not {f.get("value") for f in found if f["kind"] == "figure"} & {98765, 4321, 7777}
    figure = next(f for f in found if f["kind"] == "figure")
    shown = json.loads(run(runner, store, "show", figure["id"], "--format", "json").output)
    assert shown["document"]["text"] == text and "3,000" in shown["fact"]["evidence"]


def test_a_pdf_without_an_extension_is_read_as_pdf(runner, tmp_path):
    store = tmp_path / "s.json"
    (tmp_path / "report").write_bytes(report_pdf())
    result = run(runner, store, "ingest", str(tmp_path / "report"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert summary(result)[0]["format"] == "pdf"
    document = documents(runner, store)["report"]
    assert document["format"] == "pdf" and "Page 1" not in document["text"]
    for fact in facts(runner, store):
        assert document["text"][fact["start"]:fact["end"]] == fact["text"]


def test_plain_text_keeps_no_copy_of_its_text(runner, tmp_path):
    store = tmp_path / "s.json"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert run(runner, store, "ingest", str(tmp_path / "a.txt")).exit_code == 0
    document = documents(runner, store)["a"]
    assert "text" not in document and document["format"] == "text"
    assert document["source_sha256"] == document["sha256"]


def test_language_is_detected_and_the_option_overrides_it(runner, tmp_path):
    store = tmp_path / "s.json"
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ARTICLE, encoding="utf-8")
    assert run(runner, store, "ingest", str(tmp_path / "fr.txt"),
               str(tmp_path / "en.txt")).exit_code == 0
    docs = documents(runner, store)
    assert docs["fr"]["lang"] == "fr" and docs["en"]["lang"] == "en"
    assert docs["fr"]["meta_source"]["lang"] == "detected"
    other = tmp_path / "t.json"
    assert run(runner, other, "ingest", str(tmp_path / "fr.txt"), "--lang", "en").exit_code == 0
    forced = documents(runner, other)["fr"]
    assert forced["lang"] == "en" and forced["meta_source"]["lang"] == "option"
    assert run(runner, other, "ingest", str(tmp_path / "fr.txt"), "--lang",
               "de").exit_code == 2


# -- metadata: where each value comes from ------------------------------------------------

def test_the_dateline_gives_date_and_outlet_and_options_win(runner, tmp_path):
    store = tmp_path / "s.json"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run(runner, store, "ingest", str(tmp_path / "a.txt"), "--format", "json")
    row = summary(result)[0]
    assert row["published"] == "2024-11-22" and "dateline" in row["note"]
    document = documents(runner, store)["a"]
    assert document["outlet"] == "Reuters"
    assert document["meta_source"] == {"published": "dateline", "outlet": "dateline",
                                       "title": "first-line", "lang": "detected"}
    monday = [f for f in facts(runner, store) if f["text"] == "Monday"]
    assert monday[0]["date"] == "2024-11-18"  # resolved against the dateline's date
    other = tmp_path / "t.json"
    run(runner, other, "ingest", str(tmp_path / "a.txt"), "--outlet", "AFP", "--published",
        "2024-11-23", "--title", "Given")
    given = documents(runner, other)["a"]
    assert (given["outlet"], given["published"], given["title"]) == ("AFP", "2024-11-23",
                                                                     "Given")
    assert {given["meta_source"][k] for k in ("outlet", "published", "title")} == {"option"}


def test_docs_and_show_say_where_each_value_came_from(runner, tmp_path):
    store = tmp_path / "s.json"
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    run(runner, store, "ingest", str(tmp_path / "page.html"), "--outlet", "Desk")
    lines = run(runner, store, "docs", "--format", "tsv").output.splitlines()
    header, row = lines[0].split("\t"), lines[1].split("\t")
    sources = dict(zip(header, row, strict=True))["meta_source"]
    assert "outlet=option" in sources and "published=html" in sources
    table = run(runner, store, "show", "page", "--format", "table").output
    assert "from" in table and "html" in table and "option" in table


def test_html_metadata_beats_the_text_and_the_manifest_beats_both(runner, tmp_path):
    store = tmp_path / "s.json"
    page = PAGE.replace("<article>", "<article><p>Published: 1 January 2020</p>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"path": "p.html", "title": "From the manifest"}) + "\n")
    assert run(runner, store, "ingest", "--manifest", str(manifest)).exit_code == 0
    document = documents(runner, store)["p"]
    assert document["published"] == "2023-11-14" and document["meta_source"]["published"] \
        == "html"
    assert document["title"] == "From the manifest"
    assert document["meta_source"]["title"] == "manifest"


# -- many documents: manifests and folders ----------------------------------------------

def test_a_csv_manifest_gives_ids_and_metadata(runner, tmp_path):
    store = tmp_path / "s.json"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.txt").write_text("On Monday, 40 people fled Gao.\n")
    (tmp_path / "docs" / "two.md").write_text(MARKDOWN, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "id", "published", "outlet", "lang"])
        writer.writerow(["docs/one.txt", "gao-1", "2024-03-12", "Studio Tamani", "en"])
        writer.writerow(["docs/two.md", "", "", "", ""])
    result = run(runner, store, "ingest", "--manifest", str(manifest), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in summary(result)] == ["gao-1", "two"]
    docs = documents(runner, store)
    assert docs["gao-1"]["published"] == "2024-03-12"
    assert docs["gao-1"]["meta_source"]["outlet"] == "manifest"
    assert docs["two"]["published"] == "2024-02-03"  # its own front matter
    assert docs["two"]["meta_source"]["published"] == "front-matter"
    dates = [f for f in facts(runner, store) if f["doc"] == "gao-1" and f["kind"] == "date"]
    assert dates[0]["date"] == "2024-03-11"


@pytest.mark.parametrize(("content", "message"), [
    ("path,published\na.txt,yesterday\n", "line 2: published"),
    ("path,colour\na.txt,red\n", "unknown field 'colour'"),
    ("file,id\na.txt,x\n", "'path'"),
    ('{"path": "a.txt", "id": "bad id"}\n', "not a valid id"),
    ('{"path": "a.txt", "lang": "de"}\n', "lang 'de'"),
    ('{"path": "a.txt"}\n[1]\n', "line 2: not a JSON object"),
    ('{"path": "a.txt", "id": "x"}\n{"path": "a.txt", "id": "x"}\n', "appears twice"),
])
def test_a_bad_manifest_is_a_one_line_usage_error(runner, tmp_path, content, message):
    store = tmp_path / "s.json"
    (tmp_path / "a.txt").write_text(ARTICLE)
    manifest = tmp_path / "m.txt"
    manifest.write_text(content)
    result = run(runner, store, "ingest", "--manifest", str(manifest))
    assert result.exit_code == 2 and message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and not store.exists()


def test_a_folder_is_read_recursively_with_sidecars_and_one_write(runner, tmp_path):
    store = tmp_path / "s.json"
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("On Monday, 40 people fled Gao.\n")
    (folder / "a.txt.meta.json").write_text(json.dumps({"published": "2024-05-06",
                                                        "title": "Side", "id": "side-a"}))
    (folder / "sub" / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "sub" / "report.pdf").write_bytes(report_pdf())
    (folder / ".hidden.txt").write_text("On 3 May 2022 nothing happened.\n")
    result = run(runner, store, "ingest", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = summary(result)
    assert {r["id"] for r in rows} == {"side-a", "page", "report"}
    assert {r["format"] for r in rows} == {"text", "html", "pdf"}
    docs = documents(runner, store)
    assert docs["side-a"]["title"] == "Side"
    assert docs["side-a"]["meta_source"]["published"] == "sidecar"
    assert not store.with_name("s.json.bak").exists()  # a new store, written once
    again = run(runner, store, "ingest", str(folder), "--format", "json")
    assert {r["status"] for r in summary(again)} == {"unchanged"}


def test_refused_files_are_listed_with_reasons_and_the_rest_is_stored(runner, tmp_path):
    store = tmp_path / "s.json"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "empty.txt").write_text("   \n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0JFIF")
    (folder / "latin1.txt").write_bytes(b"caf\xe9 au lait")
    (folder / "bad.txt.meta.json").write_text("{not json")
    (folder / "bad.txt").write_text(ARTICLE.replace("300", "301"))
    result = run(runner, store, "ingest", str(folder), "--format", "json")
    assert result.exit_code == 7
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in summary(result)}
    assert rows["good.txt"]["status"] == "added"
    reasons = {name: rows[name]["note"] for name in rows if rows[name]["status"] == "refused"}
    assert set(reasons) == {"empty.txt", "photo.jpg", "latin1.txt", "bad.txt"}
    assert "empty document" in reasons["empty.txt"]
    assert "JPEG" in reasons["photo.jpg"] and "UTF-8" in reasons["latin1.txt"]
    assert "bad.txt.meta.json" in reasons["bad.txt"]
    assert "4 of 5 files refused" in result.stderr
    assert set(documents(runner, store)) == {"good"}


def test_a_document_without_facts_is_stored_with_a_warning(runner, tmp_path):
    store = tmp_path / "s.json"
    (tmp_path / "quiet.txt").write_text("nothing worth noting here at all\n")
    result = run(runner, store, "ingest", str(tmp_path / "quiet.txt"), "--format", "json")
    assert result.exit_code == 0
    assert "warning" in result.stderr and "no facts" in result.stderr
    assert "no facts found" in summary(result)[0]["note"]


def test_manifest_and_id_together_are_refused(runner, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("path\na.txt\n")
    result = run(runner, tmp_path / "s.json", "ingest", "--manifest", str(manifest),
                 "--id", "x")
    assert result.exit_code == 2
    assert run(runner, tmp_path / "s.json", "ingest").exit_code == 2


# -- --replace keeps what was given ---------------------------------------------------------

def test_replace_keeps_given_metadata_unless_new_values_are_given(runner, tmp_path):
    store = tmp_path / "s.json"
    article = tmp_path / "a.txt"
    article.write_text("Convoy reaches Gao\n\nOn Monday, 300 families returned to Gao.\n")
    run(runner, store, "ingest", str(article), "--title", "Given title", "--outlet", "RFI",
        "--published", "2024-03-12", "--author", "A. Diallo")
    article.write_text("Convoy reaches Gao\n\nOn Monday, 310 families returned to Gao.\n")
    result = run(runner, store, "ingest", str(article), "--replace", "--format", "json")
    assert summary(result)[0]["status"] == "replaced"
    document = documents(runner, store)["a"]
    assert (document["title"], document["outlet"], document["author"],
            document["published"]) == ("Given title", "RFI", "A. Diallo", "2024-03-12")
    monday = [f for f in facts(runner, store) if f["text"] == "Monday"]
    assert monday[0]["date"] == "2024-03-11"  # still resolved against the kept date
    assert {f["value"] for f in facts(runner, store) if f["kind"] == "figure"} == {310}
    run(runner, store, "ingest", str(article), "--replace", "--outlet", "AFP")
    document = documents(runner, store)["a"]
    assert document["outlet"] == "AFP" and document["title"] == "Given title"


def test_replace_follows_an_edited_dateline_it_found_itself(runner, tmp_path):
    store = tmp_path / "s.json"
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    run(runner, store, "ingest", str(article))
    article.write_text(ARTICLE.replace("22 November", "25 November"))
    run(runner, store, "ingest", str(article), "--replace")
    assert documents(runner, store)["a"]["published"] == "2024-11-25"


# -- hostile metadata at the sinks -------------------------------------------------------------

def test_hostile_metadata_is_escaped_at_every_sink(runner, tmp_path):
    store = tmp_path / "s.json"
    evil = PAGE.replace('content="Army retakes Kidal"',
                        'content="Army&#27;]0;PWNED&#7; \x1b[31mred\x1b[0m"')
    (tmp_path / "evil.html").write_text(evil, encoding="utf-8")
    (tmp_path / "title.txt").write_text("\x1b]0;PWNED\x07Headline \u202eevil\n\n"
                                        "On 3 May 2022, 40 people fled Gao.\n")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"path": "title.txt", "outlet": "=HYPERLINK(1)\x1b[2J",
                                    "author": "A\u0007B"}) + "\n"
                        + json.dumps({"path": "evil.html"}) + "\n")
    assert run(runner, store, "ingest", "--manifest", str(manifest)).exit_code == 0
    assert "\x1b" not in documents(runner, store)["evil"]["title"]  # the HTML parser drops it
    for fmt in ("table", "tsv", "csv", "json"):
        for command in (["docs"], ["show", "title"]):
            out = run(runner, store, *command, "--format", fmt).output
            assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, fmt
    table = run(runner, store, "docs", "--format", "table").output
    assert "\\x1b" in table and "\\u202e" in table
    shown = run(runner, store, "show", "title", "--format", "table").output
    assert "\\x1b" in shown
    csv_out = run(runner, store, "docs", "--format", "csv").output
    assert "'=HYPERLINK" in csv_out and ",=HYPERLINK" not in csv_out


# -- the new fields through every export --------------------------------------------------------

def test_exports_carry_the_new_document_fields_with_their_types(runner, tmp_path):
    store = tmp_path / "s.json"
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert run(runner, store, "ingest", str(tmp_path / "page.html"),
               str(tmp_path / "a.txt")).exit_code == 0
    database = tmp_path / "facts.db"
    assert run(runner, store, "export", "--format", "sqlite", str(database)).exit_code == 0
    connection = sqlite3.connect(database)
    types = {row[1]: row[2] for row in connection.execute("PRAGMA table_info(documents)")}
    for name in ("format", "lang", "source_sha256", "meta_source", "text"):
        assert types[name] == "TEXT", name
    row = connection.execute("SELECT format, lang, meta_source FROM documents WHERE id = "
                             "'page'").fetchone()
    assert row[0] == "html" and row[1] == "en" and json.loads(row[2])["published"] == "html"
    lines = run(runner, store, "export", "--documents", "--format", "csv").output.splitlines()
    header = next(csv.reader([lines[0]]))
    assert {"format", "lang", "url", "source_sha256", "meta_source"} <= set(header)
    pyarrow = pytest.importorskip("pyarrow.parquet")
    parquet = tmp_path / "docs.parquet"
    assert run(runner, store, "export", "--format", "parquet", "--documents",
               str(parquet)).exit_code == 0
    table = pyarrow.read_table(parquet)
    assert str(table.schema.field("format").type) == "string"
    assert set(table.column("lang").to_pylist()) == {"en"}


def test_a_stored_meta_source_of_the_wrong_shape_is_a_corrupt_store(runner, tmp_path):
    from mali_facts.store import write_store

    store = tmp_path / "s.json"
    write_store(store, [{"id": "d", "title": "T", "meta_source": {"title": 5}}], [])
    assert run(runner, store, "docs").exit_code == 5
    write_store(store, [{"id": "d", "title": "T", "format": 3}], [])
    assert run(runner, store, "docs").exit_code == 5


@pytest.mark.parametrize("argv", [["docs"], ["show", "000"], ["dates", "kidal"],
                                  ["export", "--format", "jsonl", "--documents"], ["stats"]])
def test_queries_never_load_the_readers(sample_store, argv):
    """trafilatura, pypdf and lingua load on ingest only: a query pays nothing for them."""
    import subprocess
    import sys

    from tests.conftest import checkout_env

    readers = ("trafilatura", "pypdf", "lingua", "lxml", "htmldate", "justext")
    code = ("import sys, atexit\n"
            f"readers = {readers!r}\n"
            "atexit.register(lambda: print(sorted(m for m in sys.modules if m.split('.')[0] "
            "in readers or m.startswith('mali_facts.inputs')), file=sys.stderr))\n"
            "from mali_facts.launch import main\n"
            f"main({argv!r})\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=checkout_env())
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr


def test_a_batch_on_several_workers_stores_exactly_what_one_process_stores(
        runner, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        (folder / f"n{i}.txt").write_text(f"Gao, {1 + i} March 2024\n\nOn Monday, {i + 20} "
                                          "people fled Gao, officials said.\n")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    exports = []
    for workers in ("1", "2"):
        monkeypatch.setenv("MALI_FACTS_WORKERS", workers)
        store = tmp_path / f"s{workers}.json"
        result = run(runner, store, "ingest", str(folder), "--format", "json")
        assert result.exit_code == 7  # the broken PDF, refused either way
        assert [r["status"] for r in summary(result)] == ["added"] * 11 + ["refused"]
        exports.append(run(runner, store, "export", "--format", "json").output)
    assert exports[0] == exports[1]


@pytest.mark.parametrize("document", [
    {"id": "d", "sha256": "x", "meta_source": {"title": 5}},
    {"id": "d", "sha256": "x", "format": ["html"]},
    {"id": "d", "sha256": "x", "lang": 1},
])
def test_merged_documents_with_wrongly_typed_fields_are_refused(runner, tmp_path, document):
    store = tmp_path / "s.json"
    line = tmp_path / "out.jsonl"
    line.write_text(json.dumps({"document": document, "facts": []}) + "\n")
    result = run(runner, store, "ingest", "--facts", str(line))
    assert result.exit_code == 7 and not store.exists(), result.output


def test_a_store_inside_the_folder_is_not_ingested(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    store = folder / "s.json"
    assert run(runner, store, "ingest", str(folder)).exit_code == 0
    (folder / "b.txt").write_text(ARTICLE.replace("300", "400"))
    result = run(runner, store, "ingest", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(r["file"].rsplit("/", 1)[-1] for r in summary(result)) == ["a.txt", "b.txt"]
    assert set(documents(runner, store)) == {"a", "b"}


def test_a_page_piped_on_stdin_is_read_as_html(runner, tmp_path):
    store = tmp_path / "s.json"
    result = run(runner, store, "ingest", "-", "--id", "piped", "--format", "json",
                 input=PAGE.encode())
    assert result.exit_code == 0, result.output
    row = summary(result)[0]
    assert row["format"] == "html" and row["published"] == "2023-11-14"
    assert "path" not in documents(runner, store)["piped"]
