"""Machine-readable output with the standard library only: tsv, csv, json, jsonl.

Document text is untrusted. TSV cells lose control characters and escape tabs,
newlines and backslashes, so one fact is always one line; CSV cells that a spreadsheet
would run as a formula are neutralised; JSON escapes everything by construction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TextIO

from mali_facts.render.columns import cell, format_value

# C0 and C1 controls, DEL, and the Unicode bidi overrides/isolates that can reorder a
# terminal line (Trojan Source); tab/newline/CR are escaped rather than dropped.
#: Characters that are invisible or move text around on a terminal: DEL and C1 controls,
#: zero-width and bidi marks, line/paragraph separators, BOM. Every format handles them
#: (with the C0 controls it cannot pass through); one list, so the formats cannot drift.
INVISIBLE = ("\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
             "\ufeff")
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{INVISIBLE}]")
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile(r"[\\\t\n\r]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def strip_control(text: str) -> str:
    """Remove characters that could drive a terminal (escapes, bidi overrides, NUL)."""
    return _UNSAFE.sub("", text)


def tsv_cell(value: Any) -> str:
    text = strip_control(format_value(value))
    return _TSV_SPECIAL.sub(lambda m: _TSV_ESCAPES[m.group()], text)


def csv_cell(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_value(value)
    text = strip_control(format_value(value))
    if text.lstrip(" ").startswith(_FORMULA_START):
        return "'" + text  # a spreadsheet shows it as text instead of running it
    return text


def write_tsv(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO,
              header: bool = True) -> None:
    if header:
        out.write("\t".join(columns) + "\n")
    for row in rows:
        out.write("\t".join(tsv_cell(cell(row, c)) for c in columns) + "\n")


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO,
              header: bool = True) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(cell(row, c)) for c in columns])


_JSON_UNSAFE = re.compile(f"[{INVISIBLE}]")  # json escapes C0 controls itself


def json_text(value: Any, **options: Any) -> str:
    """JSON with accents kept readable but terminal-reordering characters escaped."""
    import json

    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _project(row: dict[str, Any], columns: Sequence[str] | None) -> dict[str, Any]:
    if not columns:
        return row
    return {c: cell(row, c) for c in columns}


def write_json(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None,
               out: TextIO) -> None:
    out.write(json_text([_project(r, columns) for r in rows], indent=2,
                        sort_keys=columns is None) + "\n")


def write_jsonl(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None,
                out: TextIO) -> None:
    for row in rows:
        out.write(json_text(_project(row, columns), sort_keys=columns is None) + "\n")
