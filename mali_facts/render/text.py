"""Machine-readable output with the standard library only, and every sink's escaping.

Everything from outside (document text, metadata, file names, store contents) reaches a
sink only through that sink's one function here: :func:`terminal_text` (tables),
:func:`message_text` (stderr), :func:`tsv_cell`, :func:`csv_cell` and :func:`json_text`.
Which characters are dangerous is decided by Unicode category, not by a list that a new
invisible character slips past: controls (Cc), format characters (Cf: bidi overrides,
zero-width marks, soft hyphen, word joiner, interlinear annotation, tags), private use
(Co), lone surrogates (Cs, from file names that are not UTF-8) and the line and
paragraph separators (Zl, Zp), plus the whole tag block U+E0000-U+E007F.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from mali_facts.render.columns import cell, format_value

_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Co", "Cs", "Zl", "Zp"))


def is_hidden(char: str) -> bool:
    """True for a character that is invisible, moves text, or drives a terminal."""
    return (unicodedata.category(char) in _HIDDEN_CATEGORIES
            or 0xE0000 <= ord(char) <= 0xE007F)


def escape_code(char: str) -> str:
    """A visible Python-style escape for *char*: ``\\x1b``, ``\\u202e``, ``\\U000e0041``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _rewrite(text: str, keep: str, how: Callable[[str], str]) -> str:
    """*text* with each hidden character not in *keep* replaced by ``how(char)``."""
    if text.isprintable():  # C fast path: no Cc, Cf, Co, Cs, Zl, Zp (nor Cn, Zs) inside
        return text
    return "".join(how(c) if c not in keep and not c.isprintable() and is_hidden(c) else c
                   for c in text)


def terminal_text(value: Any) -> str:
    """A table cell: hidden characters shown as visible escapes, never executed.

    Newlines and tabs stay: the table lays them out inside the cell.
    """
    return _rewrite(format_value(value), "\n\t", escape_code)


def message_text(text: str) -> str:
    """One line for stderr: every hidden character, newlines included, as an escape."""
    return _rewrite(text, "", escape_code)


def _drop(char: str) -> str:
    return ""


def strip_control(text: str) -> str:
    """*text* without hidden characters (tab, newline and CR excepted, for the caller)."""
    return _rewrite(text, "\t\n\r", _drop)


_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile(r"[\\\t\n\r]")


def tsv_cell(value: Any) -> str:
    """One field of a TSV line: hidden characters dropped, separators escaped."""
    text = strip_control(format_value(value))
    return _TSV_SPECIAL.sub(lambda m: _TSV_ESCAPES[m.group()], text)


# A spreadsheet runs a cell (or, in importers that split lines, a line of a cell) that
# starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_AFTER_BREAK = re.compile(r"(?<=[\r\n])(?= *[=+\-@\t\r])")
_CSV_QUOTE = re.compile(r'[",\r\n]')


def csv_cell(value: Any) -> str:
    """One CSV field, quoted when needed; formulas at the start of any line are guarded."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_value(value)
    text = strip_control(format_value(value))
    if text.lstrip(" ").startswith(_FORMULA_START):
        text = "'" + text  # a spreadsheet shows it as text instead of running it
    text = _FORMULA_AFTER_BREAK.sub("'", text)
    if _CSV_QUOTE.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_tsv(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO,
              header: bool = True) -> None:
    if header:
        out.write("\t".join(tsv_cell(c) for c in columns) + "\n")
    for row in rows:
        out.write("\t".join(tsv_cell(cell(row, c)) for c in columns) + "\n")


def _csv_line(cells: list[str]) -> str:
    if cells == [""]:
        return '""\n'  # a lone empty field, not a blank line
    return ",".join(cells) + "\n"


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO,
              header: bool = True) -> None:
    """RFC 4180 quoting (CR and LF inside a field are quoted), ``\\n`` line ends."""
    if header:
        out.write(_csv_line([csv_cell(c) for c in columns]))
    for row in rows:
        out.write(_csv_line([csv_cell(cell(row, c)) for c in columns]))


def _json_escape(char: str) -> str:
    encoded = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(encoded[i:i + 2], 'big'):04x}"
                   for i in range(0, len(encoded), 2))


def json_text(value: Any, **options: Any) -> str:
    """JSON with accents kept readable but hidden characters escaped as ``\\uXXXX``.

    ``json`` escapes C0 controls inside strings itself, so a raw newline in its output
    is only indentation and is kept.
    """
    import json

    text = json.dumps(value, ensure_ascii=False, allow_nan=False, **options)
    return _rewrite(text, "\n", _json_escape)


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
