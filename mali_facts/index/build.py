"""Build a store's index: one SQLite file in the cache directory, replaced atomically.

Each fact becomes one row holding what the listing filters of ``query.select`` test,
computed by the same functions (folded search text, date interval, number), the parts
of its two listing orders, its default TSV line (made by ``render.text``), and the byte
span of its record in the store so the record itself can be read back. Rows are ranked
and written in listing order by SQLite, so a listing reads them front to back.

A rebuild reuses the rows of the previous index (built by the same code) for every
record whose bytes hash the same, so after an ``ingest`` only the new records are
parsed. A store with a record the index cannot represent exactly (a NaN value, an
integer beyond 64 bits, a kind that disagrees with its id) gets an index marked
*declined*: queries then read the store as they always did.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from mali_facts.fields import ID_LETTER, KINDS, fact_sort_key
from mali_facts.index.identity import uri_path
from mali_facts.query import _field_text, date_interval, entity_names, search_text
from mali_facts.render.columns import COLUMNS
from mali_facts.render.text import write_tsv
from mali_facts.text import fold_query

#: The folded fields behind ``--unit``, ``--role``, ``--org``, ``--region``,
#: ``--country``, ``--type`` and ``--measure``, as ``query.select`` compares them.
FOLDED_FIELDS = ("unit", "role", "org", "region", "country", "type", "measure")
ENTITY_KINDS = ("official", "place", "org")
#: What ``query.suggest`` reads of an entity, kept as JSON text per distinct entity.
NAME_FIELDS = ("name", "text", "full_name", "aliases")
_LETTERS = frozenset(ID_LETTER.values())
_INT64 = 2 ** 63

#: Derived columns, in the order :func:`derive` returns them.
DERIVED = ("id", "kind", "doc", "d_lo", "d_hi", "value",
           *(f"f_{name}" for name in FOLDED_FIELDS), "nonofficial", "search", "o_doc",
           "o_start", "o_end", "names", "line", "digest", "at", "len")
_REUSED = [c for c in DERIVED if c not in ("at", "len")]

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TEMP TABLE staging ({", ".join(DERIVED)});
CREATE TABLE texts (tid INTEGER PRIMARY KEY, kind TEXT NOT NULL, text TEXT NOT NULL,
                    UNIQUE (kind, text));
-- what listings filter on, narrow so that a scan reads few pages; rowid = (kind, view)
CREATE TABLE facts (
    id TEXT NOT NULL, kind TEXT NOT NULL, doc TEXT,
    ord INTEGER NOT NULL,   -- rank in document order (fields.fact_sort_key)
    view INTEGER NOT NULL,  -- rank within the kind in its listing order (dates by date)
    d_lo TEXT, d_hi TEXT, value,
    {", ".join(f"f_{name} TEXT NOT NULL" for name in FOLDED_FIELDS)},
    nonofficial INTEGER NOT NULL, tid INTEGER NOT NULL, at INTEGER NOT NULL,
    len INTEGER NOT NULL);
-- what the next rebuild reuses, row for row with facts
CREATE TABLE build_info (o_doc TEXT NOT NULL, o_start INTEGER NOT NULL,
    o_end INTEGER NOT NULL, names TEXT, digest INTEGER NOT NULL, line TEXT NOT NULL);
-- each kind's default TSV lines in view order, and where each line starts
CREATE TABLE lines (kind TEXT PRIMARY KEY, text BLOB NOT NULL, offsets BLOB NOT NULL);
CREATE TABLE names (kind TEXT NOT NULL, fields TEXT NOT NULL);  -- JSON of NAME_FIELDS
"""
_RANK = """
CREATE TEMP TABLE ranked AS SELECT *,
    ROW_NUMBER() OVER (ORDER BY o_doc, o_start, o_end, kind, id) - 1 AS ord,
    CASE WHEN kind = 'date'
         THEN ROW_NUMBER() OVER (PARTITION BY kind ORDER BY d_lo IS NULL, d_lo, d_hi, id)
         ELSE ROW_NUMBER() OVER (PARTITION BY kind ORDER BY o_doc, o_start, o_end, id)
    END - 1 AS view
    FROM staging;
INSERT INTO texts (kind, text) SELECT DISTINCT kind, search FROM ranked;
INSERT INTO facts SELECT r.id, r.kind, r.doc, r.ord, r.view, r.d_lo, r.d_hi, r.value,
    {folded}, r.nonofficial, t.tid, r.at, r.len
    FROM ranked r JOIN texts t ON t.kind = r.kind AND t.text = r.search
    ORDER BY r.kind, r.view;
INSERT INTO build_info SELECT o_doc, o_start, o_end, names, digest, line FROM ranked
    ORDER BY kind, view;
INSERT INTO names SELECT kind, names FROM ranked WHERE names IS NOT NULL
    GROUP BY kind, names ORDER BY MIN(at);
"""
_INDEXES = """
CREATE INDEX facts_view ON facts (kind, view);
CREATE INDEX facts_ord ON facts (ord);
CREATE UNIQUE INDEX facts_id ON facts (id);
CREATE INDEX facts_tid ON facts (kind, tid);
CREATE INDEX facts_dates ON facts (kind, d_lo, d_hi);
CREATE INDEX facts_value ON facts (kind, value);
DROP TABLE ranked;
DROP TABLE staging;
ANALYZE;
"""
_RANK = _RANK.replace("{folded}", ", ".join(f"r.f_{name}" for name in FOLDED_FIELDS))


def write_lines(connection: sqlite3.Connection) -> None:
    """Each kind's TSV lines as one UTF-8 blob, with the byte offset of every line."""
    from array import array

    for kind in KINDS:
        offsets = array("Q", [0])
        parts: list[bytes] = []
        size = 0
        for (line,) in connection.execute("SELECT line FROM ranked WHERE kind = ? "
                                          "ORDER BY view", [kind]):
            try:
                encoded = line.encode("utf-8") + b"\n"
            except UnicodeEncodeError:
                raise Unrepresentable("a line that is not valid Unicode") from None
            parts.append(encoded)
            size += len(encoded)
            offsets.append(size)
        connection.execute("INSERT INTO lines VALUES (?, ?, ?)",
                           [kind, b"".join(parts), offsets.tobytes()])


class Unrepresentable(Exception):
    """A record the index cannot answer for exactly as ``query.select`` would."""


def _number(value: Any) -> int | float | None:
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


def digest_of(block: bytes) -> int:
    """A 64-bit hash of a record's bytes: equal bytes, equal derived row."""
    return int.from_bytes(hashlib.blake2b(block, digest_size=8).digest(), "big",
                          signed=True)


def derive(key: str, record: dict[str, Any], block: bytes, at: int) -> list[Any]:
    """One fact's row in :data:`DERIVED` order, its TSV line left empty."""
    kind = _check_kind(key, record)
    doc = record.get("doc")
    if doc is not None and not isinstance(doc, str):
        raise Unrepresentable(f"doc {doc!r}")
    span = date_interval(record.get("date"))
    folded = [fold_query(_field_text(record, name)) if record.get(name) is not None else ""
              for name in FOLDED_FIELDS]
    try:
        o_doc, o_start, o_end, _, _ = fact_sort_key(record)
    except (TypeError, ValueError) as error:
        raise Unrepresentable(f"sort key ({error})") from None
    if not (-_INT64 <= o_start < _INT64 and -_INT64 <= o_end < _INT64):
        raise Unrepresentable("offsets beyond 64 bits")
    names = None
    if kind in ENTITY_KINDS and entity_names([record]):
        try:
            names = orjson.dumps([record.get(field) for field in NAME_FIELDS]).decode()
        except TypeError as error:  # orjson's error for integers beyond 64 bits
            raise Unrepresentable(f"name fields ({error})") from None
    return [key, kind, doc, span[0].isoformat() if span else None,
            span[1].isoformat() if span else None, _number(record.get("value")), *folded,
            int(record.get("is_official") is False), search_text(record), o_doc, o_start,
            o_end, names, "", digest_of(block), at, len(block)]


def fresh_rows(spans: Iterator[tuple[str, int, int]], raw: Any,
               read: Callable[[str, int, int], dict[str, Any]]) -> Iterator[list[Any]]:
    """Rows for the records at *spans*, their TSV lines made in batches per kind."""
    pending: dict[str, list[tuple[list[Any], dict[str, Any]]]] = {k: [] for k in KINDS}
    line_at = DERIVED.index("line")

    def flush(kind: str) -> Iterator[list[Any]]:
        batch = pending[kind]
        buffer = io.StringIO()
        write_tsv([record for _, record in batch], COLUMNS[kind], buffer, header=False)
        for (row, _), line in zip(batch, buffer.getvalue().split("\n"), strict=False):
            row[line_at] = line  # TSV escapes newlines: one line per record
            yield row
        batch.clear()

    for key, at, end in spans:
        record = read(key, at, end)
        try:
            row = derive(key, record, raw[at:end], at)
        except (TypeError, ValueError, AttributeError, RecursionError) as error:
            # a field of an unexpected type: the store's own path decides what to do
            raise Unrepresentable(f"{key}: {type(error).__name__}") from None
        pending[row[1]].append((row, record))
        if len(pending[row[1]]) >= 2000:
            yield from flush(row[1])
    for kind in KINDS:
        yield from flush(kind)


def reusable(previous: Path, code: str) -> bool:
    """Whether the index file *previous* was built by this code, so its rows can serve."""
    try:
        connection = sqlite3.connect(f"file:{uri_path(previous)}?mode=ro", uri=True)
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        finally:
            connection.close()
        return not meta.get("declined") and json.loads(meta["identity"])["code"] == code
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return False


def stage(connection: sqlite3.Connection, spans: list[tuple[str, int, int]], raw: Any,
          read: Callable[[str, int, int], dict[str, Any]], previous: Path | None) -> int:
    """Fill the staging table; rows of unchanged records come from *previous*.

    Returns how many records were parsed.
    """
    marks = ", ".join("?" * len(DERIVED))
    todo = spans
    if previous is not None:
        connection.execute("ATTACH DATABASE ? AS old", [f"file:{uri_path(previous)}?mode=ro"])
        connection.execute("CREATE TEMP TABLE spans (id TEXT PRIMARY KEY, digest INTEGER, "
                           "at INTEGER, len INTEGER)")
        connection.executemany("INSERT INTO spans VALUES (?, ?, ?, ?)",
                               ((key, digest_of(raw[at:end]), at, end - at)
                                for key, at, end in spans))
        kept = ("o_doc", "o_start", "o_end", "names", "digest", "line")
        reused = ", ".join("t.text AS search" if c == "search" else
                           f"b.{c}" if c in kept else f"f.{c}" for c in _REUSED)
        connection.execute(f"INSERT INTO staging ({', '.join(_REUSED)}, at, len) "
                           f"SELECT {reused}, s.at, s.len FROM spans s "
                           "JOIN old.facts f ON f.id = s.id AND f.len = s.len "
                           "JOIN old.build_info b ON b.rowid = f.rowid "
                           "AND b.digest = s.digest JOIN old.texts t ON t.tid = f.tid")
        todo = [(key, at, at + size) for key, at, size in connection.execute(
            "SELECT s.id, s.at, s.len FROM spans s LEFT JOIN staging g ON g.id = s.id "
            "WHERE g.id IS NULL ORDER BY s.at")]
        connection.execute("DROP TABLE spans")
        connection.commit()
        connection.execute("DETACH DATABASE old")
    try:
        connection.executemany(f"INSERT INTO staging VALUES ({marks})",
                               fresh_rows(iter(todo), raw, read))
    except OverflowError as error:  # an integer SQLite cannot hold
        raise Unrepresentable(str(error)) from None
    return len(todo)


def write_index(target: Path, identity: dict[str, Any],
                fill: Callable[[sqlite3.Connection], int] | None, declined: str = "") -> int:
    """Write the index to a temporary file, fsync it, and rename it over *target*.

    *fill* stages the rows (see :func:`stage`); returns how many records it parsed.
    """
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    parsed = 0
    try:
        connection = sqlite3.connect(f"file:{uri_path(Path(tmp_name))}", uri=True)
        try:
            connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                                     "PRAGMA temp_store=FILE;" + SCHEMA)
            if fill is not None:
                parsed = fill(connection)
            connection.executescript(_RANK)
            write_lines(connection)
            connection.executescript(_INDEXES)
            meta = {"identity": json.dumps(identity, sort_keys=True), "declined": declined,
                    "max_days": _max_days(connection)}
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
    return parsed


def _max_days(connection: sqlite3.Connection) -> str:
    """The longest date interval in days, so a date query can bound its index range."""
    found = connection.execute("SELECT MAX(julianday(d_hi) - julianday(d_lo)) FROM facts "
                               "WHERE d_lo IS NOT NULL").fetchone()[0]
    return str(int(found or 0) + 1)


def remove_leftovers(target: Path) -> None:
    """Delete temporary files of builds that were killed (call with the build lock held)."""
    for leftover in target.parent.glob(f"{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
