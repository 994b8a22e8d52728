"""Rich tables for a terminal: the only module that imports Rich.

Every cell is a ``rich.text.Text`` built from plain strings, so text from documents is
never read as markup (``[bold]``), emoji codes (``:warning:``) or escape sequences;
control characters are shown as visible ``\\xNN`` escapes instead of reaching the
terminal. Lines break between words; a word is folded only if it is wider than the
terminal allows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TextIO

from rich.box import HEAVY_HEAD, SIMPLE_HEAD
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mali_facts.render.columns import cell, readable_date, table_cell
from mali_facts.render.text import terminal_text

_NUMERIC = {"value", "lat", "lon", "words", "start", "end"}


visible = terminal_text  # the terminal's one escaping function (render/text.py)


def make_console(out: TextIO, color: bool, width: int | None = None) -> Console:
    return Console(file=out, force_terminal=color, no_color=not color, color_system=(
        "auto" if color else None), markup=False, emoji=False, highlight=False,
        width=width, soft_wrap=False)


_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d]{2}-)(?=[^\W\d])")  # "eight-|year", not "2020-08"


def _longest_piece(text: str) -> int:
    """The widest piece a line may not be broken inside: a word, or a part of a
    hyphenated word (lines may break after ``eight-`` in ``eight-year``)."""
    return max((cell_len(piece) for word in text.split()
                for piece in _HYPHEN_BREAK.split(word)), default=0)


def _plan_widths(cells: list[list[str]], headers: Sequence[str], room: int) -> list[int] | None:
    """Column widths that break lines only between words, or None if that cannot fit.

    Left to itself, Rich squeezes a column below its longest word when the table is too
    wide, cutting ``part-of-m|onth``. Here every column gets at least its longest word
    (its whole content if it has no spaces, like an id) and the room left goes to the
    columns with the most text to wrap.
    """
    natural = [max(cell_len(h), *(max(cell_len(line) for line in row[i].split("\n"))
                                  for row in cells)) for i, h in enumerate(headers)]
    if sum(natural) <= room:
        return natural
    least = [max(cell_len(h), *(_longest_piece(row[i]) for row in cells))
             for i, h in enumerate(headers)]
    if sum(least) > room:
        return None
    widths = list(least)
    spare = room - sum(widths)
    wanting = [n - w for n, w in zip(natural, widths, strict=True)]
    total = sum(wanting)
    for i, want in enumerate(wanting):
        widths[i] += spare * want // total if total else 0
    return widths


def _wrap(text: str, width: int) -> str:
    """*text* broken into lines of at most *width* columns, between words."""
    import textwrap

    if cell_len(text) <= width and "\n" not in text:
        return text
    return "\n".join(line for paragraph in text.split("\n") for line in (
        textwrap.wrap(paragraph, width, break_on_hyphens=True, replace_whitespace=False,
                      drop_whitespace=True) or [""]))


#: Table layouts from roomiest to tightest: (box, edges, padding, columns a column costs).
_LAYOUTS = ((HEAVY_HEAD, True, (0, 1), 3), (SIMPLE_HEAD, False, (0, 1, 0, 0), 2),
            (SIMPLE_HEAD, False, (0, 0), 1))


def write_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO, *,
                title: str | None, header: bool = True, color: bool = True,
                width: int | None = None) -> None:
    console = make_console(out, color, width)
    cells = [[visible(table_cell(row, c, columns)) for c in columns] for row in rows]
    headers = [visible(c) for c in columns]
    layout, plan = _LAYOUTS[0], None
    for layout in _LAYOUTS:  # a narrower frame before a broken word
        border = 1 if layout[1] else -1
        plan = _plan_widths(cells, headers if header else [""] * len(columns),
                            console.width - layout[3] * len(columns) - border)
        if plan is not None:
            break
    box, edge, padding, _ = layout if plan is not None else _LAYOUTS[0]
    table = Table(title=Text(visible(title)) if title else None, show_header=header,
                  header_style="bold" if color else "", expand=False, show_lines=False,
                  box=box, show_edge=edge, pad_edge=edge, padding=padding)
    for i, column in enumerate(columns):
        table.add_column(Text(headers[i]), overflow="fold", width=plan[i] if plan else None,
                         justify="right" if column in _NUMERIC else "left",
                         style="cyan" if column == "id" and color else "")
    for row in cells:
        table.add_row(*(Text(_wrap(value, plan[i]) if plan else value)
                        for i, value in enumerate(row)))
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
        if name == "evidence":
            continue  # printed below, with the fact marked in it
        shown = table_cell({name: value}, name) if name != "date" else readable_date(value)
        fields.add_row(Text(visible(name)), Text(visible(shown)))
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
