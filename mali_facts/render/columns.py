"""Which columns each listing shows, in a stable, documented order.

The TSV/CSV column order is part of the tool's interface: scripts cut fields by position.
Add new columns at the end only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("id", "date", "precision", "text", "event", "doc", "date_role"),
    "figure": ("id", "value", "unit", "counts", "approx", "text", "doc", "measure", "currency"),
    "official": ("id", "name", "role", "org", "country", "doc", "rank", "status", "time"),
    "place": ("id", "name", "type", "region", "country", "lat", "lon", "doc"),
    "org": ("id", "name", "full_name", "country", "doc"),
    "mixed": ("id", "kind", "text", "summary", "doc"),
    "document": ("id", "published", "outlet", "title", "author", "words", "format", "lang",
                 "meta_source"),
    "stat": ("key", "value"),
    "ingest": ("id", "status", "published", "date", "figure", "official", "place", "org",
               "note", "file", "format", "lang"),
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
    if isinstance(value, dict):  # where each field came from: "published=dateline ..."
        return " ".join(f"{k}={format_value(v)}" for k, v in sorted(value.items()))
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


# -- what a table shows: the same records, written for a reader rather than a script ---

#: A table shows the store's qualifier (more than, at least) where scripts get ``approx``.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    # on a terminal the columns that fit; the meaning fields are in TSV/CSV/JSON, --fields
    # and show
    "date": ("id", "date", "precision", "text", "event", "doc"),
    "figure": ("id", "value", "unit", "counts", "qualifier", "text", "doc"),
    "official": ("id", "name", "role", "org", "country", "doc"),
}

_PART_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night",
                "DT": "daytime", "MI": "midday"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_UNITS = {"D": "day", "W": "week", "M": "month", "Y": "year", "DE": "decade",
          "CE": "century"}
_MODS = {"APPROX": "about", "START": "early", "MID": "mid", "END": "late", "AFTER": "after",
         "BEFORE": "before", "ON_OR_AFTER": "on or after", "ON_OR_BEFORE": "on or before",
         "FUTURE_REF": "future", "PRESENT_REF": "now", "PAST_REF": "past",
         "LESS_THAN": "less than", "MORE_THAN": "more than", "EQUAL_OR_LESS": "at most",
         "EQUAL_OR_MORE": "at least"}
_DURATION = re.compile(r"P(X|\d{1,4})(DE|CE|[DWMY])")
_NO_GROUPING = frozenset(("lat", "lon", "start", "end", "ext_start", "ext_end", "id"))


def readable_date(value: Any) -> str:
    """A TIMEX-style value in words: ``2021-05-24TNI`` -> ``2021-05-24 night``,
    ``PXM`` -> ``some months``, ``2020-08/2021-01`` -> ``2020-08 to 2021-01``."""
    if not isinstance(value, str):
        return format_value(value)
    if "/" in value:
        return " to ".join(readable_date(part) for part in value.split("/", 1))
    duration = _DURATION.fullmatch(value)
    if duration:
        amount, unit = duration.group(1), _UNITS[duration.group(2)]
        if amount == "X":
            return f"some {unit}s"
        return f"{amount} {unit}" + ("" if amount == "1" else "s")
    day, t, part = value.partition("T")
    if t and part in _PART_OF_DAY:
        return f"{day} {_PART_OF_DAY[part]}"
    year, dash, season = value.rpartition("-")
    if dash and season in _SEASONS:
        return f"{_SEASONS[season]} {year}"
    return value


def readable_code(value: Any) -> str:
    """``part-of-month`` -> ``part of month``, ``more_than`` -> ``more than``, mods in words."""
    if not isinstance(value, str):
        return format_value(value)
    words = [_MODS.get(part.upper(), part.lower()) for part in value.split("+")]
    return " to ".join(words).replace("_", " ").replace("-", " ")


def grouped(value: Any) -> str:
    """A number with thousands separators (``125,000,000,000``), for reading."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return format_value(value)
    if isinstance(value, float) and not (value.is_integer() and abs(value) < 1e15):
        return f"{value:,}" if abs(value) < 1e15 else format_value(value)
    return f"{int(value):,}"


def table_cell(record: dict[str, Any], column: str, shown: Sequence[str] = ()) -> Any:
    """What a table shows in *column*: numbers grouped, codes in words; an official's
    role with its rank and status, unless the table has columns of their own for them."""
    if column == "date" and record.get("kind") in ("date", None):
        date, mod = readable_date(record.get("date")), record.get("mod")
        return " ".join(p for p in (readable_code(mod) if mod else "", date) if p)
    if column in ("precision", "qualifier", "mod"):
        value = record.get(column)
        if column == "qualifier" and value is None and "approx" in record:
            return "about" if record.get("approx") is True else ""
        return readable_code(value)
    if column == "role" and record.get("kind") == "official" and not (
            {"rank", "status"} & set(shown)):
        return official_role(record)
    value = cell(record, column)
    if column not in _NO_GROUPING:
        return grouped(value)
    return value


def official_role(record: dict[str, Any]) -> str:
    """What a reader needs of an office in one cell: "Colonel · defence minister (ousted)"."""
    parts = [str(record[k]) for k in ("rank", "role") if record.get(k)]
    text = " · ".join(parts)
    status = record.get("status")
    if status and status != "current" and isinstance(status, str):
        text = f"{text} ({status})" if text else status
    return text


def table_columns_for(kind: str, fields: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(fields) if fields else TABLE_COLUMNS.get(kind, COLUMNS[kind])
