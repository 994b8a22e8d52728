"""Every byte from outside reaches a sink through that sink's one escaping function.

The sinks are the terminal (tables), stderr (messages), TSV, CSV and JSON. Hidden
characters are decided by Unicode category (Cc, Cf, Co, Cs, Zl, Zp, and the tag block),
so each test below feeds one character of each kind and checks the exact output.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from mali_facts.cli import cli
from mali_facts.render import OutputOptions, render
from mali_facts.render.text import csv_cell, json_text, message_text, terminal_text, tsv_cell
from mali_facts.store import write_store
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS

# one character of every hidden kind, with the escape a terminal or stderr shows for it
HIDDEN = [
    ("\x1b", "\\x1b"),          # Cc: escape
    ("\x07", "\\x07"),          # Cc: bell
    ("\x85", "\\x85"),          # Cc: C1 next line
    ("\u00ad", "\\xad"),        # Cf: soft hyphen
    ("\u200b", "\\u200b"),      # Cf: zero-width space
    ("\u202e", "\\u202e"),      # Cf: right-to-left override
    ("\u2060", "\\u2060"),      # Cf: word joiner
    ("\u2066", "\\u2066"),      # Cf: left-to-right isolate
    ("\ufeff", "\\ufeff"),      # Cf: byte order mark
    ("\ufff9", "\\ufff9"),      # Cf: interlinear annotation anchor
    ("\U000e0041", "\\U000e0041"),  # Cf: tag latin capital A
    ("\U000e007f", "\\U000e007f"),  # Cf: cancel tag
    ("\U000e0000", "\\U000e0000"),  # tag block, unassigned
    ("\ue000", "\\ue000"),      # Co: private use
    ("\udcff", "\\udcff"),      # Cs: lone surrogate (a file name that is not UTF-8)
    ("\u2028", "\\u2028"),      # Zl: line separator
    ("\u2029", "\\u2029"),      # Zp: paragraph separator
]
IDS = [f"U+{ord(c):04X}" for c, _ in HIDDEN]


@pytest.mark.parametrize(("char", "escape"), HIDDEN, ids=IDS)
def test_terminal_shows_every_hidden_character_as_an_escape(char, escape):
    assert terminal_text(f"a{char}b") == f"a{escape}b"


@pytest.mark.parametrize(("char", "escape"), HIDDEN, ids=IDS)
def test_stderr_shows_every_hidden_character_as_an_escape(char, escape):
    assert message_text(f"a{char}b") == f"a{escape}b"


@pytest.mark.parametrize(("char", "escape"), HIDDEN, ids=IDS)
def test_tsv_and_csv_drop_every_hidden_character(char, escape):
    assert tsv_cell(f"a{char}b") == "ab"
    assert csv_cell(f"a{char}b") == "ab"


@pytest.mark.parametrize(("char", "escape"), HIDDEN, ids=IDS)
def test_json_escapes_every_hidden_character(char, escape):
    text = json_text({"t": f"a{char}b"})
    assert text.isascii() and text.isprintable()
    assert json.loads(text)["t"] == f"a{char}b"  # escaped, not lost


def test_visible_text_is_untouched_everywhere():
    text = "Goïta — Ségou 北京 😀 a\u00a0b"  # accents, CJK, emoji, no-break space
    assert terminal_text(text) == message_text(text) == tsv_cell(text) == text
    assert csv_cell(text) == text
    assert json.loads(json_text(text)) == text and "\\u" not in json_text(text)


def test_stderr_keeps_a_message_on_one_line():
    assert message_text("a\nb\rc\td") == "a\\x0ab\\x0dc\\x09d"


def test_terminal_keeps_newlines_and_tabs_for_the_table_layout():
    assert terminal_text("a\nb\tc\rd") == "a\nb\tc\\x0dd"


# -- CSV ------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("a\rb", '"a\rb"'),                    # a lone CR is quoted like LF
    ("a\r\nb", '"a\r\nb"'),
    ("x\r=1+2", '"x\r\'=1+2"'),              # a formula after CR is guarded
    ("x\n@SUM(A1)", '"x\n\'@SUM(A1)"'),      # ... and after LF
    ("x\n  -2+3", '"x\n\'  -2+3"'),          # ... after leading spaces too
    ("=1+2", "'=1+2"),
    ('say "hi", then', '"say ""hi"", then"'),
    ("plain", "plain"),
    (-3, "-3"),                              # numbers are not formulas
])
def test_csv_cell_bytes(value, expected):
    assert csv_cell(value) == expected


def test_csv_with_carriage_returns_reads_back_as_one_row_per_record():
    rows = [{"id": "d1", "title": "line\r=1+2", "outlet": "a\r\n+b", "author": "c\rd",
             "published": None, "words": 3}]
    out = io.StringIO()
    render(rows, "document", out, OutputOptions(format="csv"))
    parsed = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert len(parsed) == 2
    record = dict(zip(parsed[0], parsed[1], strict=True))
    assert (record["title"], record["outlet"], record["author"]) == (
        "line\r'=1+2", "a\r\n'+b", "c\rd")


def test_export_documents_as_csv_survives_a_carriage_return(runner, isolated_environment):
    documents = [dict(SAMPLE_DOCUMENTS[0], title="Title\r=1+2", outlet="Wire\rX",
                      author="A\r\nB")]
    write_store(isolated_environment, documents, [SAMPLE_FACTS[0]])
    result = runner.invoke(cli, ["export", "--format", "csv", "--documents"])
    assert result.exit_code == 0
    parsed = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert len(parsed) == 2
    record = dict(zip(parsed[0], parsed[1], strict=True))
    assert record["title"] == "Title\r'=1+2" and record["outlet"] == "Wire\rX"


def test_export_facts_as_csv_reads_back(runner, isolated_environment):
    facts = [dict(SAMPLE_FACTS[0], event="took\rKidal\n=cmd|' /C calc'!A0")]
    write_store(isolated_environment, SAMPLE_DOCUMENTS, facts)
    result = runner.invoke(cli, ["export", "--format", "csv"])
    parsed = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert len(parsed) == 2
    assert not any(line.startswith(("=", "+", "-", "@"))
                   for cell in parsed[1] for line in cell.replace("\r", "\n").split("\n"))


# -- stderr: file names, store paths, suggestions ---------------------------------------

def test_a_refused_file_name_cannot_drive_the_terminal(runner, tmp_path):
    evil = tmp_path / "evil\x1b]0;PWNED\x07.txt"
    evil.write_bytes(b"\x00\x01binary")
    result = runner.invoke(cli, ["--db", str(tmp_path / "s.json"), "ingest", str(evil)])
    assert result.exit_code == 7
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "evil\\x1b]0;PWNED\\x07.txt" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_store_path_cannot_write_the_clipboard(runner, tmp_path):
    path = str(tmp_path / "x\x1b]52;c;aGVsbG8=\x07.json")
    for command in ("dates", "stats", "docs"):
        result = runner.invoke(cli, ["--db", path, command])
        assert result.exit_code == 3
        assert result.stderr.endswith("x\\x1b]52;c;aGVsbG8=\\x07.json: store not found\n")


def test_a_store_path_on_the_fast_path_is_escaped(capsys, tmp_path):
    from mali_facts.launch import main

    with pytest.raises(SystemExit) as exited:
        main(["--db", str(tmp_path / "x\x1b]52;c;aGVsbG8=\x07.json"), "dates"])
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b]52;c;aGVsbG8=\\x07.json: store not found" in err


def test_suggestions_cannot_break_the_line(isolated_environment, monkeypatch):
    monkeypatch.setattr("mali_facts.listing.on_terminal", lambda: True)
    evil = dict(SAMPLE_FACTS[7], id="t1-o99999", name="Moussa\rEvil\nName\tX\u2060")
    write_store(isolated_environment, SAMPLE_DOCUMENTS, [evil])
    result = CliRunner().invoke(cli, ["officials", "mousa"])
    assert result.exit_code == 1
    assert result.stderr == ("mali-facts: no officials matched 'mousa'; did you mean: "
                             "Moussa\\x0dEvil\\x0aName\\x09X\\u2060?\n")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
