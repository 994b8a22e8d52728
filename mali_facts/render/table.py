"""Rich tables for a terminal: the only module that imports Rich.

Every cell is a ``rich.text.Text`` built from plain strings, so text from documents is
never read as markup (``[bold]``), emoji codes (``:warning:``) or escape sequences;
control characters are shown as visible ``\\xNN`` escapes instead of reaching the
terminal. Columns fold long words rather than cutting them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mali_facts.render.columns import cell, format_value
from mali_facts.render.text import INVISIBLE

_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{INVISIBLE}]")
_NUMERIC = {"value", "lat", "lon", "words", "start", "end"}
# Short values kept on one line, so the long ones (text, event, role...) get the room;
# overflow="fold" still folds them rather than cut them if the terminal is too narrow.
_SHORT = _NUMERIC | {"id", "date", "precision", "doc", "approx", "kind", "published",
                     "key", "unit", "type", "status"}


def visible(value: Any) -> str:
    """Plain text with control characters shown as escapes, never executed."""
    text = format_value(value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


def make_console(out: TextIO, color: bool, width: int | None = None) -> Console:
    return Console(file=out, force_terminal=color, no_color=not color, color_system=(
        "auto" if color else None), markup=False, emoji=False, highlight=False,
        width=width, soft_wrap=False)


def write_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO, *,
                title: str | None, header: bool = True, color: bool = True,
                width: int | None = None) -> None:
    console = make_console(out, color, width)
    table = Table(title=Text(title) if title else None, show_header=header,
                  header_style="bold" if color else "", expand=False, show_lines=False)
    cells = [[visible(cell(row, c)) for c in columns] for row in rows]
    # keep short columns on one line only when the long ones still get room to wrap
    natural = {c: max([len(c), *(len(r[i]) for r in cells)]) + 3 for i, c in enumerate(columns)}
    long_columns = [c for c in columns if c not in _SHORT]
    one_line = (sum(natural[c] for c in columns if c in _SHORT) + 16 * len(long_columns)
                <= console.width)
    for column in columns:
        table.add_column(Text(column), overflow="fold", no_wrap=one_line and column in _SHORT,
                         justify="right" if column in _NUMERIC else "left",
                         style="cyan" if column == "id" and color else "")
    for row in cells:
        table.add_row(*(Text(value) for value in row))
    console.print(table)


def write_detail(detail: dict[str, Any], out: TextIO, *, color: bool = True,
                 width: int | None = None) -> None:
    """One fact in full: its fields, its document, the evidence with the fact marked."""
    console = make_console(out, color, width)
    fact = detail["fact"]
    fields = Table(title=Text(visible(f"{fact.get('kind')} {fact.get('id')}")),
                   show_header=False,
                   expand=False)
    fields.add_column("field", style="bold" if color else "", overflow="fold")
    fields.add_column("value", overflow="fold")
    for name, value in detail["fields"]:
        fields.add_row(Text(name), Text(visible(value)))
    console.print(fields)
    document = detail.get("document")
    if document:
        console.print(Text(f"Document {visible(document.get('id'))}: "
                           + visible(" — ".join(str(document[k]) for k in
                                                ("title", "outlet", "published")
                                                if document.get(k)))))
    before, marked, after = detail["evidence_parts"]
    evidence = Text("Evidence: ")
    evidence.append(visible(before))
    evidence.append(visible(marked), style="bold reverse" if color else "")
    evidence.append(visible(after))
    if not color:
        evidence = Text("Evidence: " + visible(before) + "[[" + visible(marked) + "]]"
                        + visible(after))
    console.print(evidence)
    related = detail.get("related") or []
    if related:
        console.print(Text("Other facts from the same sentence:"))
        table = Table(show_header=True, header_style="bold" if color else "")
        for column in ("id", "kind", "summary"):
            table.add_column(Text(column), overflow="fold")
        for record in related:
            table.add_row(*(Text(visible(cell(record, c))) for c in ("id", "kind", "summary")))
        console.print(table)
