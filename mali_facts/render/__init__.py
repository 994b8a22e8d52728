"""Rendering: the one entry point from records to bytes on a stream.

Rich is imported only for the ``table`` format, so piped output starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, TextIO

from mali_facts.options import FORMATS
from mali_facts.render import text as text_formats
from mali_facts.render.columns import COLUMNS, TITLES, columns_for, table_columns_for

__all__ = ["FORMATS", "OutputOptions", "render", "render_detail"]



class OutputOptions(NamedTuple):
    """How to write: format, header, colour and width; shared by every command."""

    format: str = "tsv"
    header: bool = True
    color: bool = False
    width: int | None = None


def render(rows: Sequence[dict[str, Any]], kind: str, out: TextIO, options: OutputOptions,
           fields: Sequence[str] | None = None, title: str | None = None) -> None:
    """Write *rows* of one *kind* (a fact kind, ``mixed``, ``document`` or ``stat``)."""
    fmt = options.format
    if fmt in ("json", "jsonl"):
        # JSON keeps every stored field unless --fields narrows it
        writer = text_formats.write_json if fmt == "json" else text_formats.write_jsonl
        writer(rows, list(fields) if fields else None, out)
        return
    if fmt == "table":
        from mali_facts.render.table import write_table

        write_table(rows, table_columns_for(kind, fields), out, title=title or TITLES.get(kind),
                    header=options.header, color=options.color, width=options.width)
        return
    columns = columns_for(kind, fields)
    if fmt == "tsv":
        text_formats.write_tsv(rows, columns, out, options.header)
    else:
        text_formats.write_csv(rows, columns, out, options.header)


def render_detail(detail: dict[str, Any], out: TextIO, options: OutputOptions) -> None:
    """One fact in full (``show``): fields, document, evidence, facts of the same sentence."""
    if options.format == "table":
        from mali_facts.render.table import write_detail

        write_detail(detail, out, color=options.color, width=options.width)
    elif options.format in ("json", "jsonl"):
        payload = {"fact": detail["fact"], "document": detail.get("document"),
                   "related": [r["id"] for r in detail.get("related") or []]}
        indent = 2 if options.format == "json" else None
        out.write(text_formats.json_text(payload, indent=indent, sort_keys=True) + "\n")
    else:
        rows = [{"key": k, "value": v} for k, v in detail["fields"]]
        writer = text_formats.write_csv if options.format == "csv" else text_formats.write_tsv
        writer(rows, COLUMNS["stat"], out, options.header)
