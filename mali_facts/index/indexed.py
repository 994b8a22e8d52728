"""A large store answered through its index: same answers, from SQLite instead of a scan.

The JSON store stays the only truth. The index is used only when its recorded identity
matches the very file this process mapped (see ``identity.py``); a stale index is
rebuilt first (the query that finds it pays), under a lock so that two readers do not
both build, and a missing, damaged or declined index -- or any SQLite error -- sends the
query back to the store, which answers as it always did.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from mali_facts.errors import MaliFactsError
from mali_facts.index.identity import index_path, same_file, store_identity, uri_path
from mali_facts.query import Filters, parse_bounds
from mali_facts.store import FactStore, LazyJSONStorage, NotCanonical, parse_fact_block
from mali_facts.text import fold_query

Record = dict[str, Any]
#: How long a reader waits for another process's rebuild before reading the store.
BUILD_WAIT_SECONDS = 600.0
_CONTAINS = (("unit", "unit"), ("role", "role"), ("org", "org"), ("region", "region"),
             ("country", "country"))


class Answer(NamedTuple):
    """A listing from the index: whether anything matched, then TSV or records.

    *chunks* are runs of consecutive default TSV lines, as UTF-8 bytes.
    """

    matched: bool
    chunks: list[bytes] | None = None
    records: list[Record] | None = None

    def write(self, out: Any) -> None:
        """Write the chunks to the text stream *out*, as its own encoding would."""
        buffer = getattr(out, "buffer", None)
        encoding = (getattr(out, "encoding", "") or "").lower().replace("-", "")
        if buffer is not None and encoding == "utf8" and getattr(out, "errors", "") in (
                "strict", "surrogateescape"):
            out.flush()
            for chunk in self.chunks or ():
                buffer.write(chunk)
            return
        for chunk in self.chunks or ():
            out.write(chunk.decode("utf-8"))


def where_clause(filters: Filters, max_days: int) -> tuple[str, list[Any]]:
    """``query.select``'s tests as SQL over the pre-computed columns, one for one.

    *max_days*, the longest date interval in the index, bounds a date range from below
    so SQLite reads only the index entries that can overlap it.
    """
    import datetime as dt

    date_from, date_to, low, high = parse_bounds(filters)
    clauses: list[str] = []
    params: list[Any] = []
    if filters.kinds:
        clauses.append(f"kind IN ({', '.join('?' * len(filters.kinds))})")
        params += list(filters.kinds)
    if filters.doc is not None:
        clauses.append("doc = ?")
        params.append(filters.doc)
    if date_from or date_to:
        clauses.append("d_lo IS NOT NULL")
        if date_from:
            clauses.append("d_hi >= ?")
            params.append(date_from.isoformat())
            if date_from.toordinal() > max_days:
                clauses.append("d_lo >= ?")  # nothing starting earlier reaches date_from
                params.append((date_from - dt.timedelta(days=max_days)).isoformat())
        if date_to:
            clauses.append("d_lo <= ?")
            params.append(date_to.isoformat())
    if low is not None or high is not None:
        clauses.append("value IS NOT NULL")
        if low is not None:
            clauses.append("value >= ?")
            params.append(low)
        if high is not None:
            clauses.append("value <= ?")
            params.append(high)
    for column, option in _CONTAINS:
        wanted = getattr(filters, option)
        if wanted is not None:
            clauses.append(f"instr(f_{column}, ?) > 0")
            params.append(fold_query(wanted))
    if filters.place_type is not None:
        clauses.append("f_type = ?")
        params.append(fold_query(filters.place_type))
    if filters.measure is not None:
        clauses.append("f_measure = ?")
        params.append(fold_query(filters.measure))
    if not filters.include_non_officials:
        clauses.append("nonofficial = 0")
    for term in filters.terms:
        if term.strip():
            # distinct search texts are few for entities: test each once, not per fact
            within = f"kind IN ({', '.join('?' * len(filters.kinds))}) AND " \
                if filters.kinds else ""
            clauses.append(f"tid IN (SELECT tid FROM texts WHERE {within}"
                           "instr(text, ?) > 0)")
            params += [*filters.kinds, fold_query(term)]
    return " AND ".join(clauses) or "1", params


#: The filters :func:`where_clause` translates; a filter added to ``query.Filters``
#: later is answered by the store until it is translated here too.
ANSWERED = frozenset({"kinds", "terms", "doc", "date_from", "date_to", "min_value",
                      "max_value", "unit", "measure", "role", "org", "place_type", "region",
                      "country", "include_non_officials"})


def answerable(filters: Filters) -> bool:
    defaults = Filters._field_defaults
    return all(name in ANSWERED or getattr(filters, name) == defaults.get(name)
               for name in Filters._fields)


class IndexedStore(FactStore):
    """A :class:`FactStore` over a large file, with its derived index.

    When the index is valid the store's own JSON head (documents, schema) is parsed
    only if a command asks for it: a listing needs only the index and the facts' bytes.
    """

    _stat: os.stat_result
    _raw: Any = None
    _lazy: Any = None
    _connection: sqlite3.Connection | None = None
    _state = "stale"
    _max_days = 0
    _text_table: Any = None

    @property  # type: ignore[override]
    def _storage(self) -> Any:
        if self._lazy is None:
            self._lazy = LazyJSONStorage(self.path, self._raw)
        return self._lazy

    @_storage.setter
    def _storage(self, value: Any) -> None:
        self._lazy = value

    @classmethod
    def open_indexed(cls, path: Path) -> FactStore:
        """The store at *path*; an :class:`IndexedStore` if it can have an index."""
        import mmap
        import stat

        try:
            before = os.stat(path)
            if not stat.S_ISREG(before.st_mode) or before.st_size == 0:
                return FactStore.open(path)
            with open(path, "rb") as handle:
                if not same_file(before, os.fstat(handle.fileno())):
                    return FactStore.open(path)
                raw = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return FactStore.open(path)  # which reports the problem
        store = cls(None, path)
        store._raw, store._stat = raw, before
        state, connection = _open_valid(index_path(path), store_identity(before, raw))
        if state == "valid":
            store._use(connection)
            return store
        # no valid index: open the file as every command does (all its checks), then
        # build from the very bytes mapped above
        base = FactStore.open(path)
        try:
            unchanged = same_file(before, os.stat(path))
            storage = LazyJSONStorage(path, raw) if unchanged else None
        except (OSError, NotCanonical):
            storage = None
        if storage is None:
            return base
        store._storage, store._state = storage, state
        return store

    def _use(self, connection: sqlite3.Connection | None) -> None:
        self._connection = connection
        self._state = "valid" if connection is not None else "declined"
        if connection is not None:
            found = connection.execute("SELECT value FROM meta WHERE key = 'max_days'"
                                       ).fetchone()
            self._max_days = int(found[0]) if found else 1 << 30

    def _index(self, rebuild: bool) -> sqlite3.Connection | None:
        """A connection to a valid index of this very file, or None (read the store)."""
        if self._state == "stale" and rebuild:
            identity = store_identity(self._stat, self._raw)
            state, connection = self._rebuild(index_path(self.path), identity)
            if state == "valid":
                self._use(connection)
            elif state == "declined":
                self._use(None)
        return self._connection

    def _rebuild(self, target: Path, identity: dict[str, Any]
                 ) -> tuple[str, sqlite3.Connection | None]:
        from filelock import FileLock, Timeout

        from mali_facts.index.build import (
            Unrepresentable,
            remove_leftovers,
            reusable,
            stage,
            write_index,
        )

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(target) + ".lock")
            lock.acquire(timeout=BUILD_WAIT_SECONDS)
        except (OSError, Timeout):
            return "stale", None
        try:
            state, connection = _open_valid(target, identity)  # built while we waited?
            if state != "stale":
                return state, connection
            remove_leftovers(target)
            storage, raw = self._storage, self._raw
            previous = target if reusable(target, identity["code"]) else None
            try:
                spans = list(storage.fact_spans())
                write_index(target, identity, lambda connection: stage(
                    connection, spans, raw, storage.record_at, previous))
            except (Unrepresentable, MaliFactsError) as reason:
                write_index(target, identity, None, declined=str(reason) or "declined")
            return _open_valid(target, identity)
        except (OSError, sqlite3.Error):
            return "stale", None
        finally:
            lock.release()

    # -- answers --------------------------------------------------------------------

    def indexed_listing(self, filters: Filters, kind: str, limit: int | None,
                        lines: bool) -> Answer | None:
        """Facts matching *filters*: their TSV lines, or their records; None: ask the store.

        Rows come in the listing's order (*kind*'s own when it is one kind) when *limit*
        applies, else in document order, ready for ``query.sort_records``.
        """
        if not answerable(filters):
            return None
        connection = self._index(rebuild=True)
        if connection is None:
            return None
        where, params = where_clause(filters, self._max_days)
        single = kind in ("date", "figure", "official", "place", "org")
        try:
            if lines and single:
                return self._runs(connection, kind, where, params, limit)
            order = "view" if single and limit is not None else "ord"
            sql = f"SELECT id, at, len FROM facts WHERE {where} ORDER BY {order}"
            if limit is not None:
                sql += " LIMIT ?"
                params.append(max(limit, 1))  # one row even for -n 0, to tell "no match"
            rows = connection.execute(sql, params).fetchall()
        except (sqlite3.Error, UnicodeEncodeError):  # odd bytes in a term: the store decides
            return None
        return Answer(bool(rows), records=[self._read(key, at, size) for key, at, size in rows])

    def _runs(self, connection: sqlite3.Connection, kind: str, where: str,
              params: list[Any], limit: int | None) -> Answer:
        """The matching lines as runs of consecutive view ranks, cut from the kind's blob.

        SQLite groups the matches into runs itself, so a listing of 200,000 facts costs
        a few hundred slices, not 200,000 rows through Python.
        """
        runs = connection.execute(
            "SELECT MIN(view), MAX(view) FROM (SELECT view, view - ROW_NUMBER() OVER "
            f"(ORDER BY view) AS run FROM facts WHERE {where}) GROUP BY run ORDER BY 1",
            params).fetchall()
        if not runs:
            return Answer(False, chunks=[])
        found = connection.execute("SELECT rowid, offsets FROM lines WHERE kind = ?",
                                   [kind]).fetchone()
        offsets = memoryview(found[1]).cast("Q")
        chunks: list[bytes] = []
        left = limit if limit is not None else len(offsets)
        with connection.blobopen("lines", "text", found[0], readonly=True) as blob:
            for first, last in runs:
                if left <= 0:
                    break
                last = min(last, first + left - 1)
                left -= last - first + 1
                chunks.append(blob[offsets[first]:offsets[last + 1]])
        return Answer(True, chunks=chunks)

    def name_records(self, kinds: Sequence[str]) -> Iterator[Record]:
        """What suggestions read of each distinct entity, in store order."""
        connection = self._index(rebuild=False)
        if connection is None:
            yield from self.iter_facts(kinds)
            return
        marks = ", ".join("?" * len(kinds))
        try:
            rows = connection.execute(f"SELECT kind, fields FROM names WHERE kind IN "
                                      f"({marks}) ORDER BY rowid", list(kinds)).fetchall()
        except sqlite3.Error:
            yield from self.iter_facts(kinds)
            return
        for kind, fields in rows:
            names = ("name", "text", "full_name", "aliases")  # build.NAME_FIELDS
            yield {"kind": kind, **dict(zip(names, json.loads(fields), strict=True))}

    def fact_ids(self, prefix: str = "") -> Iterator[str]:
        connection = self._index(rebuild=False)
        if connection is None:
            yield from super().fact_ids(prefix)
            return
        try:
            cursor = connection.execute("SELECT id FROM facts WHERE id >= ? ORDER BY id",
                                        [prefix])
            for (fact_id,) in cursor:
                if not fact_id.startswith(prefix):
                    break
                yield fact_id
        except (sqlite3.Error, UnicodeEncodeError):
            return

    def fact(self, fact_id: str) -> Record | None:
        connection = self._index(rebuild=False)
        if connection is None:
            return super().fact(fact_id)
        try:
            row = connection.execute("SELECT at, len FROM facts WHERE id = ?",
                                     [fact_id]).fetchone()
        except (sqlite3.Error, UnicodeEncodeError):
            return super().fact(fact_id)
        if row is None:
            return None
        return dict(self._read(fact_id, row[0], row[1]))

    def _read(self, key: str, at: int, size: int) -> Record:
        """A record at the span the index gives, in the very file it was built from."""
        return parse_fact_block(self.path, key, self._raw[at:at + size], self._texts())

    def _texts(self) -> Any:
        """The store's texts, which evidence references point into, read lazily."""
        if self._text_table is None:
            from mali_facts.evidence import TextTable, document_text

            found = TextTable.after(self.path, self._raw, 0) or TextTable(
                self.path, self._raw, 0, 0)
            # a text kept in its document record: the head is parsed only for it
            found.fallback = lambda doc: document_text(self._storage.record("documents", doc))
            self._text_table = found
        return self._text_table


def _open_valid(target: Path, identity: dict[str, Any]
                ) -> tuple[str, sqlite3.Connection | None]:
    """("valid", connection), ("declined", None) or ("stale", None) for *identity*."""
    if not target.is_file():
        return "stale", None
    try:
        connection = sqlite3.connect(f"file:{uri_path(target)}?mode=ro&immutable=1",
                                     uri=True, check_same_thread=False)
    except sqlite3.Error:
        return "stale", None
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        recorded = json.loads(meta["identity"])
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        connection.close()
        return "stale", None
    if recorded != identity:
        connection.close()
        return "stale", None
    if meta.get("declined"):
        connection.close()
        return "declined", None
    connection.execute("PRAGMA mmap_size = 4294967296")  # read pages in place, no copies
    return "valid", connection
