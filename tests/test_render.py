"""Rendering untrusted text: exact bytes for every hostile case, per format."""

from __future__ import annotations

import io
import json

import pytest

from mali_facts.render import OutputOptions, render

HOSTILE = {
    "ansi": "\x1b[31mred\x1b[0m",
    "osc": "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07",
    "markup": "[bold red]alarm[/red]",
    "link": "[link=http://evil.example]x[/link]",
    "emoji": ":warning: danger",
    "control": "a\x07b\x08c\x00d",
    "bidi": "abc\u202edcba",
    "newline": "line1\nline2\tcol",
}


def fact(text: str) -> dict:
    return {"id": "x-1", "kind": "org", "text": text, "doc": "x", "start": 0, "end": 1,
            "evidence": text, "name": text, "full_name": "=HYPERLINK(\"http://e\")",
            "country": "-2+3", "type": None, "mentions": []}


def rendered(text: str, fmt: str, **kw) -> str:
    out = io.StringIO()
    render([fact(text)], "org", out, OutputOptions(format=fmt, color=False, width=200, **kw))
    return out.getvalue()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_table_shows_text_literally(case):
    output = rendered(HOSTILE[case], "table")
    assert "\x1b" not in output and "\x07" not in output and "\x00" not in output
    assert "\u202e" not in output
    if case in ("markup", "link", "emoji"):
        assert HOSTILE[case] in output  # not interpreted: shown as typed
        assert "⚠" not in output


def test_table_escapes_are_visible():
    output = rendered(HOSTILE["ansi"], "table")
    assert "\\x1b[31mred\\x1b[0m" in output
    assert "abc\\u202edcba" in rendered(HOSTILE["bidi"], "table")


@pytest.mark.parametrize(("case", "expected"), [
    ("ansi", "[31mred[0m"),
    ("control", "abcd"),
    ("bidi", "abcdcba"),
    ("markup", "[bold red]alarm[/red]"),
    ("newline", "line1\\nline2\\tcol"),
])
def test_tsv_strips_controls_and_escapes_separators(case, expected):
    output = rendered(HOSTILE[case], "tsv", header=False)
    assert output == f"x-1\t{expected}\t=HYPERLINK(\"http://e\")\t-2+3\tx\n"


def test_tsv_backslash_is_escaped():
    assert rendered("a\\tb", "tsv", header=False).startswith("x-1\ta\\\\tb\t")


def test_csv_neutralises_formulas():
    output = rendered("@SUM(A1)", "csv", header=False)
    assert output == "x-1,'@SUM(A1),\"'=HYPERLINK(\"\"http://e\"\")\",'-2+3,x\n"


def test_csv_keeps_negative_numbers():
    out = io.StringIO()
    row = {"id": "f", "kind": "figure", "value": -3, "unit": "u", "counts": "c",
           "approx": False, "text": "t", "doc": "d"}
    render([row], "figure", out, OutputOptions(format="csv", header=False))
    assert out.getvalue() == "f,-3,u,c,false,t,d,,\n"  # measure, currency empty


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_escapes_controls_and_round_trips(fmt):
    for text in HOSTILE.values():
        output = rendered(text, fmt)
        assert "\x1b" not in output and "\u202e" not in output and "\x00" not in output
        parsed = json.loads(output) if fmt == "json" else json.loads(output.splitlines()[0])
        row = parsed[0] if fmt == "json" else parsed
        assert row["text"] == text


def test_very_long_line_is_wrapped_not_cut():
    output = rendered("x" * 5000, "table")
    assert output.count("x") >= 5000  # the name column, folded over many lines
    assert max(len(line) for line in output.splitlines()) <= 200


def test_mention_spans_render_as_ranges():
    out = io.StringIO()
    row = {"id": "p", "mentions": [[3, 8], [40, 45]]}
    render([row], "place", out, OutputOptions(format="tsv", header=False),
           fields=["id", "mentions"])
    assert out.getvalue() == "p\t3-8, 40-45\n"


def test_figure_summary_does_not_repeat_the_unit():
    from mali_facts.render.columns import summary

    assert summary({"kind": "figure", "value": 7, "unit": "article", "counts": "article"}) == \
        "7 article"
    assert summary({"kind": "figure", "value": 2.0, "unit": "allies",
                    "counts": "key allies"}) == "2 key allies"
    assert summary({"kind": "figure", "value": 5, "unit": "day", "counts": "strike"}) == \
        "5 day strike"
