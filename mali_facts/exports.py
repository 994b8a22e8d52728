"""Exports for SQL tools: a SQLite database (sqlite-utils) and Parquet files (pyarrow).

Columns come from the field lists in ``fields.py`` (every kind's fields, then any
other key some record carries, sorted), so a field added there reaches
every export without touching this module. Each column gets one type from the values it
holds: ``integer``, ``real``, ``boolean``, ``text``, or ``json`` (lists, objects, or a
column whose values mix types, kept as JSON text). An absent field and a null are both
NULL. A file is written beside its target and renamed over it, so an interrupted export
never leaves half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mali_facts.errors import MaliFactsError, UsageError
from mali_facts.fields import COMMON_FIELDS, DOCUMENT_FIELDS, KIND_FIELDS, KINDS

Record = dict[str, Any]
#: Full-text search covers what a person looks for: names and the sentence around them.
FACT_SEARCH_COLUMNS = ("text", "name", "full_name", "aliases", "evidence")
DOCUMENT_SEARCH_COLUMNS = ("title", "outlet", "author")


class MissingLibrary(UsageError):
    """An export format whose optional library is not installed."""


class ExportFailed(MaliFactsError):
    """The export file could not be written (permissions, a directory, a full disk)."""

    exit_code = 4


def fact_columns(rows: Iterable[Record]) -> list[str]:
    """Common fields, each kind's fields, then any others some record has (sorted)."""
    columns = list(COMMON_FIELDS)
    for kind in KINDS:
        columns += [f for f in KIND_FIELDS[kind] if f not in columns]
    return columns + sorted({key for row in rows for key in row} - set(columns))


def document_columns(rows: Iterable[Record]) -> list[str]:
    columns = list(DOCUMENT_FIELDS)
    return columns + sorted({key for row in rows for key in row} - set(columns))


def column_type(values: Iterable[Any]) -> str:
    """One type for a column: the narrowest that holds every non-null value exactly."""
    seen: set[str] = set()
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            seen.add("boolean")
        elif isinstance(value, int):
            seen.add("integer" if -2 ** 63 <= value < 2 ** 63 else "json")
        elif isinstance(value, float):
            seen.add("real" if value == value and abs(value) != float("inf") else "json")
        elif isinstance(value, str):
            seen.add("text")
        else:
            seen.add("json")
        if len(seen) > 1 and seen != {"integer", "real"}:
            return "json"
    if seen == {"integer", "real"}:
        return "real"
    return seen.pop() if seen else "text"


def typed_columns(rows: Sequence[Record], columns: Sequence[str]) -> dict[str, str]:
    return {c: column_type(row.get(c) for row in rows) for c in columns}


def cell_value(value: Any, kind: str) -> Any:
    """A record's value as its column's type stores it."""
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if kind == "real":
        return float(value)
    return value


def _table_rows(rows: Sequence[Record], types: dict[str, str]) -> list[Record]:
    return [{c: cell_value(row.get(c), kind) for c, kind in types.items()} for row in rows]


@contextlib.contextmanager
def replacing(target: Path) -> Any:
    """A temporary path beside *target*, renamed over it when the body succeeds."""
    import tempfile

    if target.is_dir():
        raise ExportFailed(f"{target}: is a directory")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent if str(target.parent) else ".")
        os.close(fd)
    except OSError as error:
        raise ExportFailed(f"{target}: cannot write ({error.strerror or error})") from None
    try:
        yield Path(tmp_name)
        os.replace(tmp_name, target)
    except OSError as error:
        raise ExportFailed(f"{target}: cannot write ({error.strerror or error})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)


_SQL_TYPES = {"integer": int, "real": float, "boolean": int, "text": str, "json": str}


def write_sqlite(target: Path, documents: Sequence[Record], facts: Sequence[Record]) -> None:
    """Tables ``facts`` and ``documents`` with typed columns and FTS5 search."""
    import sqlite_utils

    with replacing(target) as tmp:
        tmp.unlink()  # sqlite-utils creates the database file itself
        db = sqlite_utils.Database(tmp)
        try:
            for name, rows, columns, search in (
                    ("documents", documents, document_columns(documents),
                     DOCUMENT_SEARCH_COLUMNS),
                    ("facts", facts, fact_columns(facts), FACT_SEARCH_COLUMNS)):
                types = typed_columns(rows, columns)
                table = db.table(name)
                table.create({c: _SQL_TYPES[t] for c, t in types.items()}, pk="id")
                table.insert_all(_table_rows(rows, types), batch_size=2000)
                table.enable_fts(list(search), fts_version="FTS5")
            if documents:
                db.table("facts").add_foreign_key("doc", "documents", "id")
            db.table("facts").create_index(["kind"])
            db.table("facts").create_index(["doc"])
        finally:
            db.close()


def require_pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingLibrary("--format parquet needs pyarrow: "
                             "pip install 'mali-facts[parquet]'") from None
    return pyarrow


def write_parquet(target: Path, rows: Sequence[Record], columns: Sequence[str]) -> None:
    """One Parquet file of *rows*, one typed column per field."""
    pa = require_pyarrow()
    arrow_types = {"integer": pa.int64(), "real": pa.float64(), "boolean": pa.bool_(),
                   "text": pa.string(), "json": pa.string()}
    types = typed_columns(rows, columns)
    data = _table_rows(rows, types)
    table = pa.table({c: pa.array([row[c] for row in data], type=arrow_types[t])
                      for c, t in types.items()})
    metadata = {"mali_facts.column_types": json.dumps(types)}
    table = table.replace_schema_metadata(metadata)
    import pyarrow.parquet as pq

    with replacing(target) as tmp:
        pq.write_table(table, tmp)
