"""Build a store's index: one SQLite file, written beside nothing, replaced atomically.

Each fact becomes one row holding what the listing filters of ``query.select`` test,
pre-computed with the same functions (folded search text, date interval, number), its
place in the two listing orders, its default TSV line (made by ``render.text``), and the
byte span of its record in the store so the record itself can be read back. Rows are
written in listing order, so a listing reads them front to back.

A store with a record the index cannot represent exactly (a value that is NaN or too
large for SQLite, a kind that disagrees with its id, a sort key that does not compute)
gets an index marked *declined*: queries then read the store as they always did.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from mali_facts.fields import ID_LETTER, KINDS, fact_sort_key
from mali_facts.query import (
    _field_text,
    chronological_key,
    date_interval,
    entity_names,
    search_text,
)
from mali_facts.render.columns import COLUMNS
from mali_facts.render.text import write_tsv
from mali_facts.text import fold_query

#: The folded fields behind ``--unit``, ``--role``, ``--org``, ``--region``,
#: ``--country`` and ``--type``, as ``query.select`` compares them.
FOLDED_FIELDS = ("unit", "role", "org", "region", "country", "type")
ENTITY_KINDS = ("official", "place", "org")
#: What ``query.suggest`` and completion read of an entity, kept as JSON text per name.
NAME_FIELDS = ("name", "text", "full_name", "aliases")
_LETTERS = frozenset(ID_LETTER.values())
_INT64 = 2 ** 63

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE facts (
    id TEXT NOT NULL, kind TEXT NOT NULL, doc TEXT,
    ord INTEGER NOT NULL,   -- rank in document order (fields.fact_sort_key)
    view INTEGER NOT NULL,  -- rank in the kind's own listing order (dates: chronological)
    d_lo TEXT, d_hi TEXT, value,
    {", ".join(f"f_{name} TEXT NOT NULL" for name in FOLDED_FIELDS)},
    nonofficial INTEGER NOT NULL, search TEXT NOT NULL, line TEXT NOT NULL,
    at INTEGER NOT NULL, len INTEGER NOT NULL);
CREATE TABLE names (kind TEXT NOT NULL, fields TEXT NOT NULL);  -- JSON of NAME_FIELDS
"""
INDEXES = """
CREATE INDEX facts_view ON facts (kind, view);
CREATE INDEX facts_ord ON facts (ord);
CREATE UNIQUE INDEX facts_id ON facts (id);
"""


class Unrepresentable(Exception):
    """A record the index cannot answer for exactly as ``query.select`` would."""


def _number(record: dict[str, Any]) -> int | float | None:
    value = record.get("value")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None  # select() skips these under --min/--max, and so does NULL
    if value != value or (isinstance(value, int) and not -_INT64 <= value < _INT64):
        raise Unrepresentable(f"value {value!r}")
    return value


def _check_kind(key: str, record: dict[str, Any]) -> str:
    kind = record.get("kind")
    if kind not in KINDS:
        raise Unrepresentable(f"kind {kind!r}")
    dash = key.rfind("-")
    letter = key[dash + 1:dash + 2] if dash >= 0 else ""
    if letter in _LETTERS and letter != ID_LETTER[kind]:
        raise Unrepresentable("id letter and kind disagree")  # iter_facts skips by letter
    return str(kind)


def derive(key: str, record: dict[str, Any], at: int, end: int) -> list[Any]:
    """The row of one fact, without its ranks and line (filled in by :func:`build_rows`)."""
    kind = _check_kind(key, record)
    doc = record.get("doc")
    if doc is not None and not isinstance(doc, str):
        raise Unrepresentable(f"doc {doc!r}")
    span = date_interval(record.get("date"))
    folded = [fold_query(_field_text(record, name)) if record.get(name) is not None else ""
              for name in FOLDED_FIELDS]
    return [key, kind, doc, 0, 0, span[0].isoformat() if span else None,
            span[1].isoformat() if span else None, _number(record), *folded,
            int(record.get("is_official") is False), search_text(record), "", at, end - at]


def build_rows(spans: Iterator[tuple[str, int, int]], read: Any
               ) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """Rows in listing order and the distinct entity names, from the store's records."""
    rows: list[list[Any]] = []
    order_keys: list[tuple[Any, ...]] = []
    chron_keys: dict[int, tuple[Any, ...]] = {}
    names: dict[tuple[Any, ...], None] = {}
    pending: dict[str, list[tuple[int, dict[str, Any]]]] = {kind: [] for kind in KINDS}

    def flush(kind: str) -> None:
        batch = pending[kind]
        buffer = io.StringIO()
        write_tsv([record for _, record in batch], COLUMNS[kind], buffer, header=False)
        lines = buffer.getvalue().split("\n")  # TSV escapes newlines: one line per row
        for (position, _), line in zip(batch, lines, strict=False):
            rows[position][16] = line
        batch.clear()

    for key, at, end in spans:
        record = read(key, at, end)
        row = derive(key, record, at, end)
        try:
            order_keys.append(fact_sort_key(record))
        except (TypeError, ValueError) as error:
            raise Unrepresentable(f"sort key ({error})") from None
        if row[1] == "date":
            chron_keys[len(rows)] = chronological_key(record)
        if row[1] in ENTITY_KINDS and entity_names([record]):
            try:
                fields = orjson.dumps([record.get(field) for field in NAME_FIELDS])
            except TypeError as error:  # orjson's error for integers beyond 64 bits
                raise Unrepresentable(f"name fields ({error})") from None
            names[(row[1], fields.decode())] = None
        pending[row[1]].append((len(rows), record))
        rows.append(row)
        if len(pending[row[1]]) >= 2000:
            flush(row[1])
    for kind in KINDS:
        flush(kind)
    for rank, position in enumerate(sorted(range(len(rows)), key=order_keys.__getitem__)):
        rows[position][3] = rows[position][4] = rank
    for rank, position in enumerate(sorted(chron_keys, key=chron_keys.__getitem__)):
        rows[position][4] = rank
    rows.sort(key=lambda row: (row[1], row[4]))
    return rows, list(names)


def write_index(target: Path, identity: dict[str, Any], rows: list[list[Any]] | None,
                names: list[tuple[Any, ...]], declined: str = "") -> None:
    """Write the index to a temporary file, fsync it, and rename it over *target*."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        connection = sqlite3.connect(tmp_name)
        try:
            connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                                     + SCHEMA)
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                connection.executemany(f"INSERT INTO facts VALUES ({marks})", rows)
                connection.executemany("INSERT INTO names VALUES (?, ?)", names)
            connection.executescript(INDEXES)
            meta = {"identity": json.dumps(identity, sort_keys=True), "declined": declined}
            connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            connection.commit()
        finally:
            connection.close()
        with open(tmp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def remove_leftovers(target: Path) -> None:
    """Delete temporary files of builds that were killed (call with the build lock held)."""
    for leftover in target.parent.glob(f"{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
