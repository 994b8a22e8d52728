"""From files to document and fact records, and into the store in one write.

Reading (``inputs/``) refuses what is not a document before any extraction runs, and a
refused file never touches the store: with several files, the others are stored and
the summary gives each refused file its reason. The extractor is imported only here,
never on the query path.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mali_facts.build import build_store, read_sources_table, seed_metadata  # noqa: F401
from mali_facts.errors import DocumentError, UsageError
from mali_facts.inputs import display_name, read_file
from mali_facts.inputs.detect import decode_document  # noqa: F401  (the reader's API)
from mali_facts.inputs.metadata import (  # noqa: F401
    PUBLISHED_YEARS,
    date_line_at_top,
    parse_day,
    title_of,
)
from mali_facts.prepare import (  # noqa: F401  (the names callers import from here)
    GIVEN_FIELDS,
    GIVEN_SOURCES,
    PreparedDocument,
    parse_published,
    prepare,
)


def check_option_text(option: str, value: str | None) -> None:
    """Metadata typed on the command line must be text the store can hold."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option}: {value!r} is not valid UTF-8 text") from None


@dataclass
class Outcome:
    """What ``ingest`` did: one summary row per file, and the warnings to show."""

    rows: list[dict[str, Any]]
    warnings: list[str]
    refused: int


def ingest_files(store_path: Path, names: Sequence[str], *, published: str | None = None,
                 title: str | None = None, outlet: str | None = None,
                 author: str | None = None, lang: str | None = None,
                 doc_id: str | None = None, replace: bool = False,
                 initial: Path | None = None, progress: bool = False,
                 manifest: Path | None = None) -> Outcome:
    """Read, extract and store documents; the store is written once, atomically.

    Every file is read and extracted before the store is locked. A file that is refused
    is reported with its reason and left out; alone, it is a one-line error (exit 7).
    """
    from mali_facts.config import max_document_bytes
    from mali_facts.inputs.manifest import Entry, entry_for, read_manifest, walk

    options = {"published": published, "title": title, "outlet": outlet, "author": author,
               "lang": lang}
    for option, value in options.items():
        check_option_text(f"--{option}", value)
    if published:
        parse_published(published)  # a bad date is a usage error before any work
    if doc_id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}", doc_id):
        raise UsageError(f"--id: {doc_id!r} is not a valid id "
                         "(letters, digits, '.', '_' and '-', at most 80 characters)")
    entries: list[Entry] = read_manifest(manifest) if manifest else []
    for name in names:
        entries.extend(_not_the_store(walk(name), store_path)
                       if name != "-" and os.path.isdir(name) else [entry_for(name)])
    if not entries:
        raise UsageError("no documents to ingest (the folder holds no files)")
    if doc_id and len(entries) > 1:
        raise UsageError("--id names one document; give one file with it")
    limit = max_document_bytes()
    old = _stored_metadata(store_path, entries, doc_id) if replace else {}
    prepared: list[tuple[Entry, PreparedDocument]] = []
    refused: list[tuple[Entry, str]] = []
    if len(entries) == 1:  # alone, a refusal is the command's one-line error
        alone = entries[0]
        with _progress(progress and _large(alone.name), None,
                       f"extracting {_shown(alone.name)}"):
            prepared.append((alone, _prepare_entry(alone, limit, options,
                                                   old.get(alone.name))))
    else:
        jobs = [(entry, limit, options, old.get(entry.name)) for entry in entries]
        with _progress(progress, len(entries)) as advance:
            for entry, outcome in zip(entries, map_documents(jobs), strict=True):
                if isinstance(outcome, PreparedDocument):
                    prepared.append((entry, outcome))
                else:
                    refused.append((entry, outcome))
                advance()
    rows: list[dict[str, Any]] = []
    warnings: list[str] = []
    if prepared:
        with writing_store(store_path, initial) as real_store:
            store = _Batch(real_store)
            taken = {d["id"] for d in store.documents()}
            for entry, document in prepared:
                chosen = entry.fields.get("id") or doc_id
                try:
                    row = _store_one(store, entry.name, document, chosen, replace, taken)
                except UsageError as error:
                    if len(entries) == 1:
                        raise
                    refused.append((entry, str(error)))
                    continue
                row.update(file=_shown(entry.name), format=document.format,
                           lang=document.metadata.get("lang"))
                if row["status"] != "unchanged" and not document.facts:
                    warnings.append(f"{_shown(entry.name)}: no facts found in it")
                    row["note"] = "; ".join(filter(None, [row["note"], "no facts found"]))
                rows.append(row)
            store.flush()
    for entry, reason in refused:
        rows.append({"id": None, "status": "refused", "note": reason,
                     "file": _shown(entry.name)})
    return Outcome(rows, warnings, len(refused))


def _not_the_store(entries: list[Any], store_path: Path) -> list[Any]:
    """A folder's files without the store itself and its backup and lock files, which a
    store kept beside the documents would otherwise have ingested as a document."""
    store = os.path.realpath(store_path)
    return [e for e in entries if os.path.realpath(e.name) != store
            and not os.path.realpath(e.name).startswith(store + ".")]


def _prepare_job(job: tuple[Any, int, dict[str, str | None], dict[str, Any] | None]
                 ) -> PreparedDocument | str:
    """One document of a batch: its records, or the reason it was refused."""
    try:
        return _prepare_entry(*job)
    except DocumentError as error:
        return str(error)


def map_documents(jobs: list[Any]) -> Iterator[PreparedDocument | str]:
    """Each job's outcome, in order. Reading and extraction are pure functions of a file,
    so a batch runs on every core (forked workers, ``MALI_FACTS_WORKERS`` to set how
    many, 1 for none); results come back in input order, so the store is the same."""
    workers = _workers(len(jobs))
    if workers <= 1:
        yield from map(_prepare_job, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_prepare_job, jobs, chunksize=2)


def _workers(jobs: int) -> int:
    import multiprocessing

    wanted = os.environ.get("MALI_FACTS_WORKERS", "")
    if wanted.isdigit() and int(wanted) >= 1:
        count = int(wanted)
    else:
        count = min(os.cpu_count() or 1, 8) if jobs >= 8 else 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # a platform without fork pays start-up per worker: not worth it
    return max(1, min(count, jobs))


class _Batch:
    """The store as ``_store_one`` sees it during one command: documents added so far
    are visible at once, found by id, text or path without a scan, and all of them are
    written in one pass at the end (adding each on its own copies the facts table once
    per document)."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._pending: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        self._texts: dict[str, str] = {}  # the text each pending document's facts index
        self._documents = {d["id"]: d for d in store.documents()}
        self._index()

    def _index(self) -> None:
        self._by_sha: dict[Any, dict[str, Any]] = {}
        self._by_path: dict[Any, dict[str, Any]] = {}
        for document in self._documents.values():
            self._by_sha.setdefault(document.get("sha256"), document)
            self._by_path.setdefault(document.get("path"), document)

    def documents(self) -> list[dict[str, Any]]:
        return list(self._documents.values())

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self._documents.get(doc_id)

    def document_by_sha256(self, sha256: str) -> dict[str, Any] | None:
        return self._by_sha.get(sha256)

    def document_by_path(self, path: str) -> dict[str, Any] | None:
        return self._by_path.get(path)

    def remove_document(self, doc_id: str) -> None:
        self._texts.pop(doc_id, None)
        if self._pending.pop(doc_id, None) is None:
            self._store.remove_document(doc_id)
        self._documents.pop(doc_id, None)
        self._index()

    def put_document(self, document: dict[str, Any], facts: list[dict[str, Any]],
                     text: str | None = None) -> None:
        self._pending[document["id"]] = (document, facts)
        if text is not None:
            self._texts[document["id"]] = text
        self._documents[document["id"]] = document
        self._by_sha.setdefault(document.get("sha256"), document)
        self._by_path.setdefault(document.get("path"), document)

    def flush(self) -> None:
        if self._pending:
            self._store.put_documents(list(self._pending.values()), self._texts)


def writing_store(store_path: Path, initial: Path | None) -> Any:
    from mali_facts.store import writing

    return writing(store_path, initial=initial)


def _prepare_entry(entry: Any, limit: int, options: dict[str, str | None],
                   old: dict[str, Any] | None) -> PreparedDocument:
    """One file read and extracted, with its metadata in order of precedence: command
    line, then manifest or sidecar, then (on ``--replace``) the date and language the
    stored document was given, then what the document itself states."""
    if entry.problem:
        raise DocumentError(entry.problem)
    read = read_file(entry.name, limit)
    if not read.text.strip():
        raise DocumentError(f"{_shown(entry.name)}: empty document (no text to extract)")
    given = {k: v for k, v in entry.fields.items() if k in GIVEN_FIELDS}
    labels = dict.fromkeys(given, entry.origin)
    for key, value in options.items():
        if value:
            given[key], labels[key] = value, "option"
    for key, (value, label) in _kept(old, ("published", "lang")).items():
        if key not in given:
            given[key], labels[key] = value, label
    source = "<stdin>" if entry.name == "-" else display_name(Path(entry.name).name)
    prepared = prepare(read, source=source, given=given, given_from=labels)
    if entry.name != "-":
        prepared.path = display_name(os.path.realpath(entry.name))
    return prepared


def _given(sources: dict[str, str], key: str) -> bool:
    return sources.get(key) in GIVEN_SOURCES


def _kept(old: dict[str, Any] | None, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The values of *old* (a stored document) that were given, not found: ``--replace``
    keeps them. A document stored before sources were recorded keeps all of its own."""
    if not old:
        return {}
    sources = old.get("meta_source")
    kept: dict[str, tuple[str, str]] = {}
    for key in keys:
        value = old.get(key)
        if not isinstance(value, str) or not value:
            continue
        if not isinstance(sources, dict):
            kept[key] = (value, "kept")
        elif sources.get(key) in GIVEN_SOURCES or sources.get(key) == "kept":
            kept[key] = (value, str(sources[key]))
    return kept


def _stored_metadata(store_path: Path, entries: Sequence[Any],
                     doc_id: str | None) -> dict[str, dict[str, Any]]:
    """For ``--replace``: the stored document each file replaces, read before extraction
    (its given date and language decide how the new text is read). Read without the
    lock; what is written is decided again under it."""
    from mali_facts.store import FactStore

    if not store_path.is_file():
        return {}
    try:
        store = FactStore.open(store_path)
        by_id = {d["id"]: d for d in store.documents()}
        by_path = {d.get("path"): d for d in reversed(by_id.values())}
        found: dict[str, dict[str, Any]] = {}
        for entry in entries:
            wanted = entry.fields.get("id") or doc_id
            if wanted:
                target = by_id.get(wanted)
            elif entry.name == "-":
                target = None
            else:
                target = by_path.get(display_name(os.path.realpath(entry.name)))
            if target is not None:
                found[entry.name] = dict(target)
        return found
    except Exception:  # noqa: BLE001 - an unreadable store is reported by the write below
        return {}


def _store_one(store: Any, name: str, document: PreparedDocument, doc_id: str | None,
               replace: bool, taken: set[str]) -> dict[str, Any]:
    existing = store.document_by_sha256(document.sha256)
    status, note = "added", ""
    if not replace:
        if existing:
            return {"id": existing["id"], "status": "unchanged", "published":
                    existing.get("published"),
                    "note": "same text already in the store (use --replace to re-extract)"}
        if doc_id and doc_id in taken:
            raise UsageError(f"document id {doc_id!r} is already in the store "
                             "(use --replace to overwrite it, or another --id)")
        same_file = _document_from(store, document.path)
        if same_file:
            note = (f"an earlier text of this file is document {same_file['id']!r} "
                    "(use --replace to re-extract it instead)")
    else:
        target = replacement_target(store, name, document.path, doc_id)
        if existing and doc_id is None and (target is None or existing["id"] != target["id"]):
            raise UsageError(
                f"--replace: {_shown(name)}: the same text is already document "
                f"{existing['id']!r}{_from(existing)}; to re-extract that one, use "
                f"--replace --id {existing['id']}")
        if target is not None:
            _keep_metadata(document, target)
            store.remove_document(target["id"])
            taken.discard(target["id"])
            doc_id, status = target["id"], "replaced"
    final_id = doc_id or default_doc_id(name, taken)
    taken.add(final_id)
    record, facts = document.records(final_id)
    store.put_document(record, facts, document.text)
    return {"id": final_id, "status": status, "published": record.get("published"),
            **document.counts(), "note": note or published_note(document.meta_source)}


def _keep_metadata(document: PreparedDocument, old: dict[str, Any]) -> None:
    """``--replace`` keeps the title, outlet, author and URL the stored document was
    given unless new ones are given (the date and language, which change extraction,
    were settled before it ran)."""
    old_sources = old.get("meta_source") if isinstance(old.get("meta_source"), dict) else None
    for key in ("title", "outlet", "author", "url"):
        if _given(document.meta_source, key) or not old.get(key):
            continue
        was = old_sources.get(key) if old_sources is not None else "kept"
        if old_sources is None or was in GIVEN_SOURCES:
            document.metadata[key] = old[key]
            document.meta_source[key] = str(was)


def published_note(sources: dict[str, str]) -> str:
    """The summary's word on where the publication date came from."""
    rule = sources.get("published")
    if rule is None:
        return "no publication date: relative dates left unresolved"
    if rule in GIVEN_SOURCES:
        return ""
    where = {"html": "the HTML metadata", "front-matter": "the front matter",
             "pdf": "the PDF's properties"}.get(rule, f"the text ({rule})")
    if rule in ("dateline", "published-line", "date-line"):
        where = f"the text ({rule})"
    return f"publication date read from {where}"


def replacement_target(store: Any, name: str, path: str | None,
                       doc_id: str | None) -> dict[str, Any] | None:
    """The document ``--replace`` overwrites: the one named by ``--id``, else the one
    ingested from the same resolved path, else none (the file is added).

    Never the base name: ``jan/report.txt`` and ``feb/report.txt`` are two documents. A
    document whose path was not recorded (ingested before paths were kept) is never
    guessed at; the user names it with ``--id``.
    """
    if doc_id:
        return store.document(doc_id)
    if path is None:
        raise UsageError("--replace: a document read from stdin has no file to match; "
                         "name the document to replace with --id")
    found = _document_from(store, path)
    if found is not None:
        return found
    guess = store.document(default_doc_id(name, set()))
    if guess is not None and not guess.get("path") and guess.get("source") == Path(
            path).name:
        raise UsageError(f"--replace: {_shown(name)}: document {guess['id']!r} has this file "
                         "name but no recorded path, so it may be another file; to "
                         f"replace it, use --replace --id {guess['id']}")
    return None


def _document_from(store: Any, path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    if hasattr(store, "document_by_path"):
        return store.document_by_path(path)
    return next((d for d in store.documents() if d.get("path") == path), None)


def _shown(name: str) -> str:
    return "<stdin>" if name == "-" else display_name(name)


def _from(document: dict[str, Any]) -> str:
    where = document.get("path") or document.get("source")
    return f" (from {where})" if where else ""


#: A single document at least this large gets a progress bar on a terminal: its
#: extraction takes long enough (about a second per megabyte) to need one.
LARGE_DOCUMENT_BYTES = 1 << 20


def _large(name: str) -> bool:
    try:
        return name != "-" and os.path.getsize(name) >= LARGE_DOCUMENT_BYTES
    except OSError:
        return False  # reading it reports the problem


@contextlib.contextmanager
def _progress(show: bool, total: int | None,
              what: str = "extracting") -> Iterator[Callable[[], None]]:
    """A Rich progress bar on stderr when asked (a terminal: several files, or one large
    file, whose bar pulses, as extraction cannot say how far it is)."""
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    from mali_facts.render.text import message_text

    with Progress(console=Console(stderr=True), transient=True) as bar:
        # a file name is neither markup nor terminal codes
        task = bar.add_task(escape(message_text(what)), total=total)
        yield lambda: bar.advance(task)


def default_doc_id(name: str, taken: set[str]) -> str:
    """A short id from the file name (``report-2021.txt`` -> ``report-2021``), made unique."""
    stem = Path(name).stem if name != "-" else "stdin"
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40] or "doc"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate
