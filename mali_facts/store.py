"""The fact store: the only module that imports TinyDB.

A store is one JSON file with three TinyDB tables: ``meta`` (the schema version),
``documents`` and ``facts``. Records are keyed by their own ids, so the file written
with sorted keys and indentation diffs cleanly: a changed fact is a changed block.

TinyDB's own ``JSONStorage`` rewrites the file in place without a lock, so a crash
mid-write corrupts it and two writers lose data. :class:`AtomicJSONStorage` instead
writes a temporary file in the same directory, fsyncs it, keeps the previous version as
``<name>.bak`` and renames the new file over the old one; writers hold an exclusive lock
(``<name>.lock``, via filelock) for the whole read-modify-write. Readers take no lock:
``os.replace`` guarantees they see the old file or the new one, never a mixture.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from mali_facts import evidence
from mali_facts.errors import StoreCorrupt, StoreLocked, StoreNotFound, StoreUnreadable
from mali_facts.fields import ID_LETTER, fact_sort_key
from mali_facts.storefile import (  # noqa: F401  (re-exported: callers import them here)
    _check_start,
    _open_regular,
    _raise_os_error,
    _signals_as_exceptions,
    check_regular,
    read_store_bytes,
    remove_stale_temp_files,
    write_atomically,
)

#: 2: each document's text is kept once (``texts``) and facts point into it
#: (``evidence_at``, see ``evidence.py``); a version 1 store is read as it is.
SCHEMA_VERSION = 2
TABLES = ("meta", "documents", "facts", "texts")
LOCK_TIMEOUT_SECONDS = 60.0

Record = dict[str, Any]
LETTERS = frozenset(ID_LETTER.values())


class Storage(Protocol):
    """What TinyDB asks of a storage: the whole data, read and written at once.

    TinyDB takes any object with these methods; not subclassing its ``Storage`` keeps
    TinyDB out of the query path, where the data is read straight from the storage.
    """

    def read(self) -> dict[str, Any] | None: ...

    def write(self, data: dict[str, Any]) -> None: ...

    def close(self) -> None: ...

    def iter_records(self, table: str, keep_key: Any = None,
                     keep_block: Any = None) -> Iterator[dict[str, Any]]: ...

    def record(self, table: str, key: str) -> dict[str, Any] | None: ...

    def keys(self, table: str, prefix: str = "") -> Iterator[str]: ...


#: Below this size the standard library's json parses a store faster than orjson can be
#: imported; above it orjson's speed pays for its import (measured in benchmarks/run.py).
ORJSON_MIN_BYTES = 2 * 1024 * 1024


def dump_json(data: Any) -> bytes:
    """Deterministic bytes for a store: sorted keys, two-space indent, final newline."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def parse_json(raw: bytes) -> Any:
    """Parse a store file's bytes with whichever parser is faster at this size."""
    if len(raw) < ORJSON_MIN_BYTES:
        import json

        return json.loads(raw, parse_constant=_refuse_constant)
    import orjson

    return orjson.loads(raw)  # refuses NaN and Infinity itself


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _map_large_file(path: Path) -> Any:
    """A read-only memory map of a store too large to parse whole, else None.

    Mapping copies nothing: a query touches only the pages it reads. A writer replacing
    the file meanwhile does not disturb it (the map keeps the old file's contents).
    """
    import mmap

    with _open_regular(path) as (fd, size):
        if size < ORJSON_MIN_BYTES:
            return None
        try:
            mapped = mmap.mmap(fd, size, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None
    _check_start(path, mapped[:4096])
    return mapped


def read_store_file(path: Path, raw: Any = None) -> dict[str, Any]:
    """Parse and check a store file; every problem is a one-line :class:`MaliFactsError`."""
    if raw is None:
        raw = read_store_bytes(path)
    try:
        data = parse_json(raw if isinstance(raw, bytes) else memoryview(raw))
    except (ValueError, RecursionError) as error:  # JSONDecodeError, bad UTF-8, deep nesting
        raise StoreCorrupt(f"{path}: not valid JSON ({error})") from None
    check_schema(path, data, parsed_by_orjson=len(raw) >= ORJSON_MIN_BYTES)
    return data


def check_schema(path: Path, data: Any, parsed_by_orjson: bool = False) -> None:
    """Refuse anything that is not a store of ours, or from a newer version of the tool."""
    if not isinstance(data, dict) or not all(isinstance(data.get(t, {}), dict) for t in TABLES):
        raise StoreCorrupt(f"{path}: not a mali-facts store (unexpected JSON layout)")
    if "facts" not in data or "meta" not in data:
        raise StoreCorrupt(f"{path}: not a mali-facts store (no 'facts' or 'meta' table)")
    if not all(isinstance(v, dict) for v in data["meta"].values()):
        raise StoreCorrupt(f"{path}: malformed record in table 'meta'")
    version = schema_version(data)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise StoreCorrupt(f"{path}: not a mali-facts store (no schema version)")
    if version > SCHEMA_VERSION:
        raise StoreCorrupt(
            f"{path}: schema version {version} is newer than this tool's "
            f"({SCHEMA_VERSION}); upgrade mali-facts")
    if not all(type(text) is str for text in data.get("texts", {}).values()):
        raise StoreCorrupt(f"{path}: malformed record in table 'texts' (not a text)")
    for table in ("facts", "documents"):
        for key, record in data.get(table, {}).items():
            problem = record_problem(table, key, record, parsed_by_orjson)
            if problem:
                raise StoreCorrupt(f"{path}: malformed record {key!r} in table {table!r} "
                                   f"({problem})")


# -- what a record may hold ------------------------------------------------------------
# Every layer above trusts a record's types (offsets are ints, names are strings), so a
# record is checked as it is read and a wrong type is a corrupt store (exit 5), never a
# crash further up. Fields not listed here (new ones: ``measure``, ``rank``...) may hold
# any JSON the store can write back: finite numbers, 64-bit integers, text without lone
# surrogates, nesting at most MAX_DEPTH deep.

_NONE = type(None)
_TEXT = frozenset((str, _NONE))
_INT = frozenset((int, _NONE))
_NUMBER = frozenset((int, float, _NONE))
_FLAG = frozenset((bool, _NONE))
_LIST = frozenset((list, _NONE))
_ONLY_TEXT = frozenset((str,))
_OBJECT = frozenset((dict, _NONE))
#: Exact types (``type(v) in allowed``: a bool is not an int here, as JSON means it).
FIELD_TYPES: dict[str, dict[str, frozenset[type]]] = {
    "facts": {
        "id": _ONLY_TEXT, "kind": _ONLY_TEXT, "doc": _ONLY_TEXT, "text": _TEXT,
        "evidence": _TEXT, "start": _INT, "end": _INT, "date": _TEXT, "precision": _TEXT,
        "event": _TEXT, "mod": _TEXT, "relative": _FLAG, "resolution": _TEXT,
        "value": _NUMBER, "unit": _TEXT, "counts": _TEXT, "approx": _FLAG,
        "qualifier": _TEXT, "context": _TEXT, "name": _TEXT, "role": _TEXT, "org": _TEXT,
        "country": _TEXT, "is_official": _FLAG, "aliases": _LIST, "mentions": _LIST,
        "type": _TEXT, "region": _TEXT, "lat": _NUMBER, "lon": _NUMBER,
        "full_name": _TEXT, "acronym": _TEXT, "value_text": _TEXT, "ext_start": _INT,
        "ext_end": _INT, "date_role": _TEXT, "measure": _TEXT, "currency": _TEXT,
        "rank": _TEXT, "status": _TEXT, "time": _TEXT, "evidence_at": _ONLY_TEXT,
    },
    "documents": {
        "id": _ONLY_TEXT, "title": _TEXT, "outlet": _TEXT, "author": _TEXT,
        "published": _TEXT, "sha256": _TEXT, "words": _INT, "chars": _INT, "source": _TEXT,
        "path": _TEXT, "format": _TEXT, "lang": _TEXT, "url": _TEXT, "source_sha256": _TEXT,
        "meta_source": _OBJECT, "text": _TEXT,
    },
}
MAX_DEPTH = 16
_INT_RANGE = range(-(2 ** 63), 2 ** 63)


def record_problem(table: str, key: str, record: Any, parsed_by_orjson: bool = False
                   ) -> str | None:
    """What is wrong with a stored record, or None if every layer can use it.

    This runs on every record read, so the field types are checked once per shape of
    record (its field names and value types), not once per record. orjson has already
    refused NaN, infinities and lone surrogates, so only records parsed by ``json`` are
    checked for those.
    """
    if type(record) is not dict:
        return "not an object"
    if record.get("id") != key:
        return "its id is not its key"
    shape = (table, *record, *map(type, record.values()))
    known = _SHAPES.get(shape)
    if known is None:
        known = _shape_problem(table, record)
        if len(_SHAPES) < 4096:  # bounded: a hostile store cannot grow it forever
            _SHAPES[shape] = known
    problem, containers = known
    if problem:
        return problem
    for name in containers:
        problem = _container_problem(name, record[name], not parsed_by_orjson)
        if problem:
            return problem
    if not parsed_by_orjson:
        for name, value in record.items():
            if not _writable(value, 0) and type(value) not in (list, dict):
                return f"{name!r} holds a value the store cannot keep"
    date = record.get("date")
    if type(date) is str and (len(date) > 100 or date.count("/") > 1):
        return "'date' is not a date or a range of two"
    return None


_SHAPES: dict[tuple[Any, ...], tuple[str | None, tuple[str, ...]]] = {}


def _shape_problem(table: str, record: dict[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    """A wrong field type, and the fields holding lists or objects (checked each time)."""
    types = FIELD_TYPES.get(table, {})
    containers: list[str] = []
    for name, value in record.items():
        kind = type(value)
        allowed = types.get(name)
        if allowed is not None and kind not in allowed:
            return f"{name!r} is {kind.__name__}", ()
        if kind is list or kind is dict:
            containers.append(name)
    return None, tuple(containers)


def _container_problem(name: str, value: Any, strict: bool) -> str | None:
    if name == "aliases":
        if not all(type(a) is str and (not strict or _writable(a, 0)) for a in value):
            return "'aliases' is not a list of names"
    elif name == "mentions":
        if not all(type(m) is list and len(m) == 2 and type(m[0]) is int
                   and type(m[1]) is int and m[0] in _INT_RANGE and m[1] in _INT_RANGE
                   for m in value):
            return "'mentions' is not a list of [start, end] pairs"
    elif name == "meta_source":
        if not all(type(k) is str and type(v) is str and (not strict or (
                _encodable(k) and _encodable(v))) for k, v in value.items()):
            return "'meta_source' is not a map of field names to sources"
    elif not _writable(value, MAX_DEPTH):
        return f"{name!r} holds a value the store cannot keep"
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: JSON allows it, UTF-8 cannot hold it
        return False
    return True


def _writable(value: Any, depth: int) -> bool:
    """True if *value* survives being written back: finite, 64-bit, shallow enough."""
    kind = type(value)
    if kind is str:
        return value.isascii() or _encodable(value)
    if kind is bool or kind is _NONE:
        return True
    if kind is int:
        return value in _INT_RANGE
    if kind is float:
        return value - value == 0.0  # false for inf and nan
    if depth <= 0:
        return False
    if kind is list:
        return all(_writable(v, depth - 1) for v in value)
    if kind is dict:
        return all(_encodable(k) and _writable(v, depth - 1) for k, v in value.items())
    return False


def schema_version(data: dict[str, Any]) -> Any:
    meta = data.get("meta", {})
    return meta.get("schema", {}).get("version") if isinstance(meta.get("schema"), dict) else None


def empty_store() -> dict[str, Any]:
    return {"meta": {"schema": {"version": SCHEMA_VERSION}}, "documents": {}, "facts": {},
            "texts": {}}


class _DictRecords:
    """Record access for storages that hold the whole data as one dict.

    The dict is the readable form (every fact with its ``evidence``); *refs* are the
    evidence references read or computed, used again when the data is written.
    """

    refs: evidence.Refs

    def read(self) -> dict[str, Any] | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def iter_records(self, table: str, keep_key: Any = None,
                     keep_block: Any = None) -> Iterator[Record]:
        # keep_block is a hint for storages that hold raw bytes; dicts are checked later
        for key, record in (self.read() or {}).get(table, {}).items():
            if keep_key is None or keep_key(key):
                yield record

    def record(self, table: str, key: str) -> Record | None:
        found = (self.read() or {}).get(table, {}).get(key)
        return found if isinstance(found, dict) else None

    def keys(self, table: str, prefix: str = "") -> Iterator[str]:
        return (k for k in (self.read() or {}).get(table, {}) if k.startswith(prefix))


class AtomicJSONStorage(_DictRecords):
    """TinyDB storage over one JSON file, read once and written atomically.

    TinyDB asks its storage for the whole data on every operation; reading the file once
    and answering from memory keeps queries fast. Writes are kept in memory too and reach
    the disk in :meth:`flush`, so a batch of changes costs one atomic write.
    """

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self._data = data
        self.refs = evidence.unpack(path, data)
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self.dirty = True

    def flush(self) -> None:
        if self.dirty:
            write_atomically(self.path, dump_json(evidence.packed(self._data, self.refs)))
            self.dirty = False

    def close(self) -> None:
        pass


class MemoryStorage(_DictRecords):
    """In-memory storage with the same interface, for tests and scratch stores."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self._data = data if data is not None else empty_store()
        self.refs = evidence.unpack(None, self._data)

    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data

    def close(self) -> None:
        pass


class NotCanonical(Exception):
    """The file is valid JSON perhaps, but not laid out as :func:`dump_json` writes it."""


_FACTS_MARKER = b'\n  "facts": {\n'
_META_MARKER = b'\n  "meta": '
_RECORD_END = b"\n    }"
#: A fact's evidence reference and document, read from its bytes by the prefilter.
_REF = re.compile(rb'\n      "evidence_at": "(\d{1,19}):(\d{1,19}):')
_DOC = re.compile(rb'\n      "doc": ("(?:[^"\\\n]|\\.)*")')


class LazyJSONStorage(_DictRecords):
    """A large store read one record at a time, straight from the file's bytes.

    Parsing 100,000 facts into dicts costs several times the file's size in memory and
    most of a query's time, while a query keeps a handful. The file is written by
    :func:`dump_json` (sorted keys, two-space indent), so each fact is a block between
    ``\n    "<id>": {`` and ``\n    }``: JSON strings cannot hold a raw newline, so these
    markers never occur inside a value. Each block is parsed only if the caller wants its
    key, and checked as it is parsed. Any other layout falls back to a full parse.
    """

    def __init__(self, path: Path, raw: Any) -> None:
        """*raw* is the file's bytes, or a read-only memory map of them (no copy)."""
        self.path = path
        self._raw = raw
        self._full: dict[str, Any] | None = None
        head_marker = b'{\n  "documents": '
        if raw[:len(head_marker)] != head_marker or raw[-3:] != b"\n}\n":
            raise NotCanonical
        facts_at = raw.find(_FACTS_MARKER)
        meta_at = raw.rfind(_META_MARKER)
        if facts_at < 0 or meta_at < facts_at or raw[facts_at - 1:facts_at] != b",":
            raise NotCanonical
        texts = evidence.TextTable.after(path, raw, meta_at)
        meta_end = len(raw) if texts is None else texts.marker_at
        if texts is not None and raw[meta_end - 1:meta_end] != b",":
            raise NotCanonical
        try:
            head = parse_json(raw[:facts_at - 1] + b"\n}")
            meta = parse_json(b"{" + raw[meta_at + 1:] if texts is None
                              else b"{" + raw[meta_at + 1:meta_end - 1] + b"\n}")
        except (ValueError, RecursionError):
            raise NotCanonical from None
        self._head = {"documents": head.get("documents"), "meta": meta.get("meta")}
        self.texts = texts or evidence.TextTable(path, raw, 0, 0)
        self.texts.fallback = self._document_text
        self._facts_span = (facts_at + len(_FACTS_MARKER) - 1, meta_at)
        if raw[meta_at - 5:meta_at] != b"\n  },":
            raise NotCanonical
        check_schema(path, {**self._head, "facts": {}})

    def _document_text(self, doc: str) -> str | None:
        return evidence.document_text((self._head.get("documents") or {}).get(doc))

    def read(self) -> dict[str, Any] | None:
        if self._full is None:
            full = read_store_file(self.path, self._raw)
            self.refs = evidence.unpack(self.path, full)
            self._full = full
        return self._full

    def write(self, data: dict[str, Any]) -> None:  # pragma: no cover - never written
        raise TypeError("a lazily read store is read-only")

    def close(self) -> None:
        pass

    def iter_records(self, table: str, keep_key: Any = None,
                     keep_block: Any = None) -> Iterator[Record]:
        if table != "facts":
            for key, record in (self._head.get(table) or {}).items():
                if keep_key is None or keep_key(key):
                    yield record
            return
        for key, start, end in self.fact_spans():
            if keep_key is None or keep_key(key):
                block = self._raw[start:end]
                if keep_block is None or keep_block(block) or (
                        b'"evidence_at": "' in block
                        and self._evidence_could_match(block, keep_block)):
                    yield self._parse_record(key, block)

    def _evidence_could_match(self, block: bytes, keep_block: Any) -> bool:
        """The raw test again, on the record's bytes and its evidence together (a term's
        words may be split between the two), without parsing the record: the evidence's
        span of its document's text holds the same words (only spaces differ)."""
        import orjson

        ref, doc = _REF.search(block), _DOC.search(block)
        try:
            text = self.texts.get(orjson.loads(doc.group(1))) if ref and doc else None
        except ValueError:
            text = None
        if text is None:
            return True  # let the parser decide (and report)
        piece = text[int(ref.group(1)):int(ref.group(2))]
        return bool(keep_block(bytes(block) + b" " + orjson.dumps(piece)))

    def fact_spans(self) -> Iterator[tuple[str, int, int]]:
        """Each fact's key and the byte span of its JSON object, in file order, unparsed.

        The derived index (``mali_facts/index/``) keeps these spans to read a record
        back without scanning the file.
        """
        raw, (position, stop) = self._raw, self._facts_span
        stop -= len(b"\n  },")
        while position < stop:
            if raw[position:position + 6] != b'\n    "':
                self._corrupt("unexpected layout in the facts table")
            key_end = raw.find(b'": {\n', position)
            block_end = raw.find(_RECORD_END, key_end)
            if key_end < 0 or block_end < 0 or block_end > stop:
                self._corrupt("unterminated fact record")
            yield (raw[position + 6:key_end].decode("utf-8", "replace"), key_end + 3,
                   block_end + 6)
            position = block_end + 6
            if raw[position:position + 1] == b",":
                position += 1

    def record_at(self, key: str, start: int, end: int) -> Record:
        """The fact whose JSON object spans ``[start, end)``, checked as it is parsed."""
        return self._parse_record(key, self._raw[start:end])

    def record(self, table: str, key: str) -> Record | None:
        if table != "facts":
            found = (self._head.get(table) or {}).get(key)
            return found if isinstance(found, dict) else None
        try:
            encoded = key.encode()
        except UnicodeEncodeError:  # an id typed with bytes that are not UTF-8
            return None
        start = self._raw.find(b'\n    "' + encoded + b'": {\n', *self._facts_span)
        if start < 0:
            return None
        key_end = start + 6 + len(encoded)
        block_end = self._raw.find(_RECORD_END, key_end)
        return self._parse_record(key, self._raw[key_end + 3:block_end + 6])

    def keys(self, table: str, prefix: str = "") -> Iterator[str]:
        if table != "facts":
            yield from super().keys(table, prefix)
            return

        # one scan in C for the keys starting with the prefix, no record parsed
        pattern = re.compile(b'\n    "(' + re.escape(prefix.encode()) + b'[^"\n]*)": \\{\n')
        for match in pattern.finditer(self._raw, *self._facts_span):
            yield match.group(1).decode("utf-8", "replace")

    def _parse_record(self, key: str, block: bytes) -> Record:
        return parse_fact_block(self.path, key, block, self.texts)

    def _corrupt(self, problem: str) -> None:
        raise StoreCorrupt(f"{self.path}: {problem}")


def parse_fact_block(path: Path, key: str, block: bytes,
                     texts: evidence.TextTable | None = None) -> Record:
    """One fact record from its JSON bytes in the store at *path*, checked, with its
    evidence rebuilt from its document's text in *texts*."""
    import orjson  # many small parses: the faster parser pays for its import here

    try:
        record = orjson.loads(block)
    except (ValueError, RecursionError):
        raise StoreCorrupt(f"{path}: fact {key!r} is not valid JSON") from None
    problem = record_problem("facts", key, record, parsed_by_orjson=True)
    if problem:
        raise StoreCorrupt(f"{path}: malformed record {key!r} in table 'facts' ({problem})")
    if "evidence_at" in record:
        evidence.resolve(path, key, record,
                         texts.get(record.get("doc")) if texts is not None else None)
    return record


class FactStore:
    """A store's documents and facts as plain dicts, never TinyDB objects.

    Reads go straight to the storage's data; TinyDB is loaded only to make changes.
    """

    def __init__(self, storage: Storage, path: Path | None = None) -> None:
        self.path = path
        self._storage = storage
        self._db: Any = None

    @classmethod
    def open(cls, path: Path) -> FactStore:
        """Open a store file for reading; a problem with the file raises before any query.

        Large files in the canonical layout are read lazily, one record at a time.
        """
        mapped = _map_large_file(path)
        if mapped is not None:
            try:
                return cls(LazyJSONStorage(path, mapped), path)
            except NotCanonical:
                return cls(AtomicJSONStorage(path, read_store_file(path, mapped)), path)
        return cls(AtomicJSONStorage(path, read_store_file(path)), path)

    @classmethod
    def in_memory(cls, data: dict[str, Any] | None = None) -> FactStore:
        return cls(MemoryStorage(data))

    def facts(self) -> list[Record]:
        """Every fact, in document order."""
        return sorted(self.iter_facts(), key=fact_sort_key)

    def iter_facts(self, kinds: Iterable[str] = (),
                   maybe: Any = None) -> Iterator[Record]:
        """Facts in storage order, only of *kinds* if given (cheap: decided from the id).

        *maybe*, a test on a record's raw JSON bytes, lets a lazily read store skip
        records without parsing them; it may keep too many, never too few.
        """
        kinds = tuple(kinds)
        wanted = {ID_LETTER[k] for k in kinds if k in ID_LETTER}
        if not wanted or len(wanted) == len(ID_LETTER):
            yield from self._storage.iter_records("facts", None, maybe)
            return

        def keep(key: str) -> bool:
            # ids are "<doc>-<letter><hex>"; an id of another shape is parsed and checked
            dash = key.rfind("-")
            letter = key[dash + 1:dash + 2] if dash >= 0 else ""
            return letter not in LETTERS or letter in wanted

        for record in self._storage.iter_records("facts", keep, maybe):
            if record.get("kind") in kinds:
                yield record

    def fact_ids(self, prefix: str = "") -> Iterator[str]:
        """Ids of the facts that start with *prefix*, without reading the facts."""
        return self._storage.keys("facts", prefix)

    def documents(self) -> list[Record]:
        return sorted(self._raw_table("documents"), key=lambda d: str(d.get("id")))

    def fact(self, fact_id: str) -> Record | None:
        found = self._storage.record("facts", fact_id)
        return dict(found) if found is not None else None

    def document(self, doc_id: str) -> Record | None:
        found = self._storage.record("documents", doc_id)
        return dict(found) if found is not None else None

    def document_by_sha256(self, sha256: str) -> Record | None:
        return next((d for d in self._raw_table("documents") if d.get("sha256") == sha256), None)

    @property
    def schema_version(self) -> int:
        schema = self._storage.record("meta", "schema") or {}
        version = schema.get("version")
        return version if isinstance(version, int) else 0

    def _raw_table(self, name: str) -> Iterable[Record]:
        return self._storage.iter_records(name)

    # -- changes (inside :func:`writing`, or on an in-memory store) ----------------------

    def _tables(self) -> Any:
        if self._db is None:
            from tinydb import TinyDB
            from tinydb.table import Table

            class KeyedTable(Table):
                """Document ids are the records' own string ids (``000-d1a2b3``)."""

                document_id_class = str  # type: ignore[assignment]

            self._db = TinyDB(storage=_StorageHandle, handle=self._storage)
            self._db.table_class = KeyedTable
        return self._db

    def put_document(self, document: Record, facts: list[Record],
                     text: str | None = None) -> None:
        """Add a document and its facts, replacing any earlier version of that document.

        With *text*, the text the facts' offsets index, the store keeps it once and the
        facts point into it instead of repeating their evidence sentence.
        """
        from tinydb.table import Document

        self.remove_document(document["id"])
        db = self._tables()
        db.table("documents").insert(Document(document, doc_id=document["id"]))
        db.table("facts").insert_multiple(Document(f, doc_id=f["id"]) for f in facts)
        if text is not None:
            data = self._storage.read()
            self._keep_text(data, document["id"], facts, text)
            self._storage.write(data)

    def _keep_text(self, data: Any, doc_id: str, facts: list[Record], text: str) -> None:
        refs = evidence.locate(text, facts)
        if refs:
            data.setdefault("texts", {})[doc_id] = text
            by_id = {f["id"]: f for f in facts}
            self._storage.refs.update((key, (ref, by_id[key]["evidence"]))
                                      for key, ref in refs.items())

    def put_documents(self, items: list[tuple[Record, list[Record]]],
                      texts: dict[str, str] | None = None) -> None:
        """Add many documents and their facts in one pass over the data.

        The same result as :meth:`put_document` for each (*texts*: each document's
        text, by id, where known), without TinyDB copying the whole table once per
        document (a merge of 10,000 documents stays linear).
        """
        data = self._storage.read()
        if data is None:
            raise TypeError("this store cannot be changed")
        replaced = {document["id"] for document, _ in items}
        data["facts"] = {key: fact for key, fact in data["facts"].items()
                         if fact.get("doc") not in replaced}
        stored = data.setdefault("texts", {})
        for doc_id in replaced:
            stored.pop(doc_id, None)
        for document, facts in items:
            data["documents"][document["id"]] = document
            data["facts"].update((fact["id"], fact) for fact in facts)
            text = (texts or {}).get(document["id"])
            if text is not None:
                self._keep_text(data, document["id"], facts, text)
        self._storage.write(data)

    def remove_document(self, doc_id: str) -> int:
        """Remove a document and its facts; returns how many facts went."""
        db = self._tables()
        stale = [f["id"] for f in self._raw_table("facts") if f.get("doc") == doc_id]
        if stale:
            db.table("facts").remove(doc_ids=stale)
        if db.table("documents").contains(doc_id=doc_id):
            db.table("documents").remove(doc_ids=[doc_id])
        data = self._storage.read()
        if data is not None and doc_id in data.get("texts", {}):
            del data["texts"][doc_id]  # its sentences go with it
            self._storage.write(data)
        return len(stale)


class _StorageHandle:
    """Adapter so TinyDB can be given an already-built storage object."""

    def __init__(self, handle: Storage) -> None:
        self.handle = handle

    def read(self) -> dict[str, Any] | None:
        return self.handle.read()

    def write(self, data: dict[str, Any]) -> None:
        self.handle.write(data)

    def close(self) -> None:
        pass


@contextlib.contextmanager
def writing(path: Path, create: bool = True,
            initial: Path | None = None) -> Iterator[FactStore]:
    """Open *path* for changes: lock, read fresh, yield, then write once atomically.

    If the file does not exist and *create* is set, the store starts as a copy of
    *initial* (the shipped data) or empty. Nothing is written if the body raises.
    """
    from filelock import FileLock, Timeout  # only writers pay for it

    given = path
    path = Path(os.path.realpath(path))  # a symlinked store is updated, not replaced
    try:
        check_regular(given, os.stat(path).st_mode)  # before a .lock is made beside it
    except FileNotFoundError:
        if os.path.islink(given) or os.path.islink(path):  # a loop, or a dangling link
            raise StoreUnreadable(f"{given}: a symbolic link that leads nowhere "
                                  "(a loop?), not a store file") from None
    except OSError as error:
        _raise_os_error(given, error)
    if not path.parent.is_dir():
        if not create:
            raise StoreNotFound(f"{path}: store not found")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            _raise_os_error(path.parent, error)
    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)
    except Timeout:
        raise StoreLocked(f"{path}: another process holds the write lock") from None
    except OSError as error:
        _raise_os_error(path, error)
    migrated = False
    try:
        remove_stale_temp_files(path, time.time())
        if path.exists():
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                raise StoreUnreadable(f"{path}: permission denied (store is read-only)")
            data = read_store_file(path)
            migrated = schema_version(data) != SCHEMA_VERSION
            data = migrate(path, data)
        elif not create:
            raise StoreNotFound(f"{path}: store not found")
        elif initial is not None and initial.exists():
            data = read_store_file(initial)
        else:
            data = empty_store()
        if not path.exists():
            migrated = True  # a new store is written even if nothing is added
        storage = AtomicJSONStorage(path, data)
        storage.dirty = migrated
        store = FactStore(storage, path)
        yield store
        try:
            with _signals_as_exceptions():
                storage.flush()
        except OSError as error:
            _raise_os_error(path, error)
    finally:
        lock.release()


def migrate(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older store up to :data:`SCHEMA_VERSION`, keeping a backup first.

    Version 1 is the first schema; a store without ``documents`` gains the table.
    """
    version = schema_version(data)
    if version == SCHEMA_VERSION:
        return data
    backup = path.with_name(f"{path.name}.v{version}.bak")
    try:  # a full disk leaves no truncated backup: it is written like the store itself
        write_atomically(backup, read_store_bytes(path), backup=False)
    except OSError as error:
        raise StoreUnreadable(f"{backup}: cannot write the backup before migrating "
                              f"({error.strerror or error}); the store is unchanged") from None
    data.setdefault("documents", {})
    data.setdefault("texts", {})
    data["meta"] = {"schema": {"version": SCHEMA_VERSION}}
    return data


def write_store(path: Path, documents: list[Record], facts: list[Record],
                texts: dict[str, str] | None = None) -> None:
    """Write a complete store in one go (the shipped ``data.json`` build); with
    *texts* (each document's text by id) facts point into them for their evidence."""
    store = FactStore.in_memory()
    data = store._storage.read() or {}
    data["documents"] = {d["id"]: d for d in documents}
    data["facts"] = {f["id"]: f for f in facts}
    by_doc: dict[Any, list[Record]] = {}
    for fact in facts:
        by_doc.setdefault(fact.get("doc"), []).append(fact)
    for doc_id, text in (texts or {}).items():
        store._keep_text(data, doc_id, by_doc.get(doc_id, []), text)
    write_atomically(path, dump_json(evidence.packed(data, store._storage.refs)),
                     backup=False)
