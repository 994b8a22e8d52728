"""Extraction as a map step: one JSON document in, one JSON line of facts out.

``extract_line`` is a pure function of its input line, with no store and no state, so
any engine that maps a function over lines (Dask, Spark, GNU parallel) can run it on
many workers; ``merge_lines`` then puts the outputs into a store in one write. The
input and output shapes are:

    in:  {"id": "rfi-0001", "text": "...", "published": "2023-11-21", "lang": "fr",
          "metadata": {"title": ..., "outlet": ..., "author": ..., "source": ...,
                       "url": ..., "path": where the text was read from, if a file}}
    out: {"document": {document record}, "facts": [fact records, in document order]}

Text goes through the same checks and normalisation as ``ingest`` reads a file with,
so a document extracted here and the same text ingested as a file give equal records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from mali_facts.errors import DocumentError, UsageError
from mali_facts.fields import KINDS

Record = dict[str, Any]
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
METADATA_FIELDS = ("title", "outlet", "author", "source", "path", "url")


def _text_field(value: Any, what: str, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise DocumentError(f"{where}: {what} must be a string or null")


def extract_document(document: Any, where: str = "document") -> Record:
    """The document record and fact records of one input document (see module doc)."""
    from mali_facts.config import max_document_bytes
    from mali_facts.ingest import prepare
    from mali_facts.inputs import read_bytes

    if not isinstance(document, dict):
        raise DocumentError(f"{where}: not a JSON object")
    doc_id = document.get("id")
    if not isinstance(doc_id, str) or not ID_PATTERN.fullmatch(doc_id):
        raise DocumentError(f"{where}: 'id' must be letters, digits, '.', '_' or '-' "
                            "(at most 80 characters)")
    text = document.get("text")
    if not isinstance(text, str):
        raise DocumentError(f"{where}: 'text' must be a string")
    metadata = document.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise DocumentError(f"{where}: 'metadata' must be an object")
    fields = {name: _text_field(metadata.get(name), f"metadata.{name}", where)
              for name in METADATA_FIELDS}
    published = _text_field(document.get("published"), "'published'", where)
    lang = _text_field(document.get("lang"), "'lang'", where)
    if lang is not None and lang not in ("en", "fr"):
        raise DocumentError(f"{where}: 'lang' must be \"en\" or \"fr\"")
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raise DocumentError(f"{where}: 'text' is not valid Unicode") from None
    read = read_bytes(raw, where, max_document_bytes(), file_name=fields["source"] or "")
    if not read.text.strip():
        raise DocumentError(f"{where}: empty document (no text to extract)")
    given = {"published": published, "lang": lang, "url": fields["url"],
             **{k: fields[k] for k in ("title", "outlet", "author")}}
    try:
        if published:
            from mali_facts.ingest import parse_published

            parse_published(published)
        prepared = prepare(read, source=fields["source"] or doc_id,
                           given={k: v for k, v in given.items() if v}, given_from="input")
    except UsageError as error:  # a bad 'published' value
        raise DocumentError(f"{where}: {str(error).replace('--published', 'published')}"
                            ) from None
    if fields["path"]:
        prepared.path = fields["path"]  # as ingest records a file's resolved path
    record, facts = prepared.records(doc_id)
    return {"document": record, "facts": facts}


def dumps(value: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no spaces, UTF-8."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def extract_line(line: str | bytes, where: str = "line") -> str:
    """One JSONL document line -> one JSONL output line (no newline). Pure."""
    try:
        document = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise DocumentError(f"{where}: not valid JSON ({error})") from None
    return dumps(extract_document(document, where)).decode()


def extract_stream(lines: Iterable[bytes], out: Any, name: str = "<stdin>") -> int:
    """Extract every non-blank line of *lines* to *out* (a binary stream); a count."""
    count = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        out.write(extract_line(line, f"{name} line {number}").encode() + b"\n")
        count += 1
    return count


# -- merging ----------------------------------------------------------------------------

def _check_output(item: Any, where: str) -> tuple[Record, list[Record]]:
    """An ``extract`` output line, checked: it comes from outside like any input."""
    if not isinstance(item, dict) or not isinstance(item.get("document"), dict) \
            or not isinstance(item.get("facts"), list):
        raise DocumentError(f"{where}: not an extract output line "
                            "(expected {\"document\": {...}, \"facts\": [...]})")
    document, facts = item["document"], item["facts"]
    doc_id = document.get("id")
    if not isinstance(doc_id, str) or not ID_PATTERN.fullmatch(doc_id):
        raise DocumentError(f"{where}: document id {doc_id!r} is not a valid id")
    seen: set[str] = set()
    for fact in facts:
        fact_id = fact.get("id") if isinstance(fact, dict) else None
        if not (isinstance(fact_id, str) and fact_id.startswith(f"{doc_id}-")
                and fact.get("doc") == doc_id and fact.get("kind") in KINDS
                and all(isinstance(fact.get(k), int) and not isinstance(fact.get(k), bool)
                        for k in ("start", "end"))):
            raise DocumentError(f"{where}: fact {fact_id!r} does not belong to document "
                                f"{doc_id!r} or lacks its kind and offsets")
        if fact_id in seen:
            raise DocumentError(f"{where}: fact id {fact_id!r} appears twice")
        seen.add(fact_id)
    from mali_facts.store import record_problem

    # every field must have its store type, or the store would be written corrupt
    for table, record in (("documents", document), *(("facts", f) for f in facts)):
        problem = record_problem(table, record["id"], record)
        if problem:
            raise DocumentError(f"{where}: record {record['id']!r}: {problem}")
    return document, facts


def read_outputs(paths: Iterable[str]) -> Iterator[tuple[Record, list[Record]]]:
    """Every output line of the files (``-`` for stdin), checked, in file order."""
    import sys

    for name in paths:
        try:
            handle = sys.stdin.buffer if name == "-" else Path(name).open("rb")  # noqa: SIM115
        except FileNotFoundError:
            raise DocumentError(f"{name}: no such file") from None
        except OSError as error:
            raise DocumentError(f"{name}: cannot read ({error.strerror or error})") from None
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{name} line {number}"
                try:
                    item = orjson.loads(line)
                except orjson.JSONDecodeError as error:
                    raise DocumentError(f"{where}: not valid JSON ({error})") from None
                yield _check_output(item, where)


def merge_outputs(store_path: Path, outputs: Iterable[tuple[Record, list[Record]]], *,
                  replace: bool = False, initial: Path | None = None) -> list[Record]:
    """Put extracted documents into the store in one atomic write; one row per document.

    A document whose text (sha256) is already stored is left alone; an id already taken
    by another text is refused unless *replace*. Nothing is written if any is refused.
    """
    from mali_facts.store import writing

    items = list(outputs)  # read and check everything before the store is locked
    rows: list[Record] = []
    with writing(store_path, initial=initial) as store:
        seen: set[str] = set()
        accepted: list[tuple[Record, list[Record]]] = []
        texts = {d.get("sha256"): d["id"] for d in store.documents()}
        for document, facts in items:
            doc_id = document["id"]
            if doc_id in seen:
                raise UsageError(f"document id {doc_id!r} appears twice in the input")
            seen.add(doc_id)
            existing = store.document(doc_id)
            counts = {kind: sum(1 for f in facts if f["kind"] == kind) for kind in KINDS}
            same_text = texts.get(document.get("sha256"))
            if same_text is not None and not replace:
                rows.append({"id": same_text, "status": "unchanged",
                             "published": document.get("published"),
                             "note": "same text already in the store"})
                continue
            texts[document.get("sha256")] = doc_id
            if existing is not None and not replace:
                raise UsageError(f"document id {doc_id!r} is already in the store with "
                                 "another text (use --replace to overwrite it)")
            accepted.append((document, facts))
            rows.append({"id": doc_id, "status": "replaced" if existing else "added",
                         "published": document.get("published"), **counts})
        store.put_documents(accepted)
    return rows
