"""Which columns each listing shows, in a stable, documented order.

The TSV/CSV column order is part of the tool's interface: scripts cut fields by position.
Add new columns at the end only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("id", "date", "precision", "text", "event", "doc"),
    "figure": ("id", "value", "unit", "counts", "approx", "text", "doc"),
    "official": ("id", "name", "role", "org", "country", "doc"),
    "place": ("id", "name", "type", "region", "country", "lat", "lon", "doc"),
    "org": ("id", "name", "full_name", "country", "doc"),
    "mixed": ("id", "kind", "text", "summary", "doc"),
    "document": ("id", "published", "outlet", "title", "author", "words"),
    "stat": ("key", "value"),
    "ingest": ("id", "status", "published", "date", "figure", "official", "place", "org",
               "note"),
}

TITLES: dict[str, str] = {
    "date": "Dates", "figure": "Figures", "official": "Officials", "place": "Places",
    "org": "Organizations", "mixed": "Facts", "document": "Documents", "stat": "Store",
    "ingest": "Ingested",
}


def summary(record: dict[str, Any]) -> str:
    """A one-cell description of any fact, for listings that mix kinds."""
    kind = record.get("kind")
    if kind == "date":
        return f"{record.get('date') or '?'} {record.get('event') or ''}".strip()
    if kind == "figure":
        unit, counts = record.get("unit") or "", record.get("counts") or ""
        if counts == unit or counts.endswith(" " + unit):
            unit = ""  # "7 article", "14252 cases": not "7 article article"
        parts = [str(format_value(record.get("value"))), unit, counts]
        return " ".join(p for p in parts if p)
    if kind == "official":
        return ", ".join(p for p in (record.get("name"), record.get("role")) if p)
    return str(record.get("name") or record.get("text") or "")


def format_value(value: Any) -> str:
    """Numbers without a spurious ``.0``; everything else as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if value is None:
        return ""
    if isinstance(value, list):
        if value and all(isinstance(v, list) and len(v) == 2 for v in value):
            return ", ".join(f"{a}-{b}" for a, b in value)  # mention spans
        return "; ".join(format_value(v) for v in value)
    return str(value)


def columns_for(kind: str, fields: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(fields) if fields else COLUMNS[kind]


def cell(record: dict[str, Any], column: str) -> Any:
    if column == "summary":
        return summary(record)
    return record.get(column)
