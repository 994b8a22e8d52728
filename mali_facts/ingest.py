"""From a file to a document record and its fact records, ready for the store.

Reading refuses what is not text before any extraction runs, so a refused document
never touches the store. The extractor is imported only here, never on the query path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mali_facts.errors import DocumentError, UsageError
from mali_facts.model import KINDS, Fact, assign_ids, fact_sort_key


@dataclass
class PreparedDocument:
    """A document read, checked and extracted; ids are given when it is stored."""

    text: str
    source: str
    metadata: dict[str, Any]
    facts: list[Fact]
    resolved: bool
    published_from: str  # "option", "text" or "none"
    sha256: str = ""
    path: str | None = None  # the file's resolved path: its identity for --replace

    def records(self, doc_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The document record and fact records under *doc_id*."""
        assign_ids(doc_id, self.facts)
        facts = sorted((f.to_record() for f in self.facts), key=fact_sort_key)
        document = {"id": doc_id, **self.metadata, "sha256": self.sha256,
                    "words": len(self.text.split()), "chars": len(self.text),
                    "source": self.source}
        if self.path is not None:
            document["path"] = self.path
        return document, facts

    def counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in KINDS}
        for fact in self.facts:
            counts[fact.kind] += 1
        return counts


def decode_document(raw: bytes, name: str, max_bytes: int) -> str:
    """UTF-8 text, or a one-line :class:`DocumentError` saying why not."""
    if len(raw) > max_bytes:
        raise DocumentError(
            f"{name}: {len(raw):,} bytes is over the {max_bytes:,}-byte limit "
            "(set MALI_FACTS_MAX_BYTES to raise it)")
    if b"\x00" in raw[:65536] or b"\x00" in raw:
        raise DocumentError(f"{name}: not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{name}: not UTF-8 text (invalid byte at offset {error.start}); "
            "convert it first, e.g. with iconv") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # one spelling per character: "Goïta" typed with a combining diaeresis (as macOS
    # files often are) must match "Goïta" precomposed; offsets index this NFC text
    text = unicodedata.normalize("NFC", text)
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\n\t\f\v")
    if controls > max(8, len(text[:65536]) // 100):
        raise DocumentError(f"{name}: not a text file (too many control characters)")
    return text


_ISO_LINE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY_LINE = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_MDY_LINE = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")
_LINE_PREFIX = re.compile(r"^(?:[*_#>\s]|published|updated|posted|date|on)*[:\s]*", re.I)


#: Publication years the date arithmetic ("last year", "three days ago") cannot overflow.
PUBLISHED_YEARS = range(1000, 9000)


def parse_day(text: str) -> dt.date | None:
    """A full calendar date written as ISO, "25 May 2021" or "May 25, 2021", else None."""
    text = text.strip()
    for pattern, order in ((_ISO_LINE, "ymd"), (_DMY_LINE, "dmy"), (_MDY_LINE, "mdy")):
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = parts["m"]
        from mali_facts.extract.dates import MONTH_ABBREVIATIONS, MONTHS

        name = month.lower()
        month_number = int(month) if month.isdigit() else (
            MONTHS.get(name) or MONTH_ABBREVIATIONS.get(name))
        if not month_number:
            return None
        try:
            day = dt.date(int(parts["y"]), month_number, int(parts["d"]))
        except ValueError:
            return None
        return day if day.year in PUBLISHED_YEARS else None  # "0001-01-01" is no dateline
    return None


def date_line_at_top(text: str, lines: int = 8) -> dt.date | None:
    """The publication date when one of the first lines is nothing but a date."""
    seen = 0
    for line in text.splitlines():
        stripped = _LINE_PREFIX.sub("", line).strip(" *_#")
        if not stripped:
            continue
        seen += 1
        day = parse_day(stripped)
        if day:
            return day
        if seen >= lines:
            break
    return None


def parse_published(value: str) -> tuple[dt.date, str]:
    """``--published``: ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``) -> (anchor day, precision)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not match or (match.group(3) and not match.group(2)):
        raise UsageError(f"--published: {value!r} is not a date; use YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        anchor = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise UsageError(f"--published: {value!r} is not a valid date") from None
    if anchor.year not in PUBLISHED_YEARS:
        raise UsageError(f"--published: {value!r} is outside the years "
                         f"{PUBLISHED_YEARS.start}-{PUBLISHED_YEARS.stop - 1}")
    precision = "day" if day else "month" if month else "year"
    return anchor, precision


def title_of(text: str) -> str | None:
    """The first non-empty line, without Markdown decoration, as a fallback title."""
    for line in text.splitlines():
        clean = line.strip().strip("#*_ ").strip()
        if clean:
            return clean[:200]
    return None


def prepare(text: str, *, source: str, published: str | None = None,
            title: str | None = None, outlet: str | None = None,
            author: str | None = None) -> PreparedDocument:
    """Extract *text*; relative dates are resolved only against a known publication date."""
    from mali_facts.extract import extract

    published_from = "option" if published else "none"
    as_of: dt.date | None = None
    precision = "day"
    if published:
        as_of, precision = parse_published(published)
    else:
        found = date_line_at_top(text)
        if found:
            as_of, published, published_from = found, found.isoformat(), "text"
    facts = extract(text, as_of, precision)
    metadata = {"title": title or title_of(text), "outlet": outlet, "author": author,
                "published": published}
    return PreparedDocument(text, source, metadata, facts, as_of is not None, published_from,
                            hashlib.sha256(text.encode("utf-8")).hexdigest())


def display_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 become ``\\xNN`` (nothing is lost
    to a crash, and the store can hold it)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _read_bounded(handle: Any, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes, in chunks: never a buffer of the limit's size, and
    a regular file is read no further than its size."""
    try:
        size = os.fstat(handle.fileno()).st_size
        regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        size, regular = 0, False
    wanted = min(size, max_bytes) + 1 if regular else max_bytes + 1
    chunks: list[bytes] = []
    while wanted > 0:
        chunk = handle.read(min(wanted, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def read_document(name: str, max_bytes: int) -> str:
    """The text of a file, or of stdin for ``-``."""
    shown = "<stdin>" if name == "-" else display_name(name)
    try:
        if name == "-":
            raw = _read_bounded(sys.stdin.buffer, max_bytes)
        else:
            path = Path(name)
            if path.is_dir():
                raise DocumentError(f"{shown}: is a directory")
            with path.open("rb") as handle:
                raw = _read_bounded(handle, max_bytes)
    except FileNotFoundError:
        raise DocumentError(f"{shown}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{shown}: permission denied") from None
    except OSError as error:
        raise DocumentError(f"{shown}: cannot read ({error.strerror or error})") from None
    return decode_document(raw, shown, max_bytes)


def check_option_text(option: str, value: str | None) -> None:
    """Metadata typed on the command line must be text the store can hold."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option}: {value!r} is not valid UTF-8 text") from None


def ingest_files(store_path: Path, names: Sequence[str], *, published: str | None = None,
                 title: str | None = None, outlet: str | None = None,
                 author: str | None = None, doc_id: str | None = None, replace: bool = False,
                 initial: Path | None = None, progress: bool = False) -> list[dict[str, Any]]:
    """Read, extract and store documents; the store is written once, atomically.

    Every file is read and checked before the store is touched: one refused file
    refuses the whole command and leaves the store as it was.
    """
    from mali_facts.config import max_document_bytes
    from mali_facts.store import writing

    for option, value in (("--published", published), ("--title", title),
                          ("--outlet", outlet), ("--author", author)):
        check_option_text(option, value)
    if published:
        parse_published(published)  # a bad date is a usage error before any work
    if doc_id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}", doc_id):
        raise UsageError(f"--id: {doc_id!r} is not a valid id "
                         "(letters, digits, '.', '_' and '-', at most 80 characters)")
    limit = max_document_bytes()
    texts = [(name, read_document(name, limit)) for name in names]
    prepared: list[tuple[str, PreparedDocument]] = []
    with _progress(progress, len(texts)) as advance:
        for name, text in texts:
            source = "<stdin>" if name == "-" else display_name(Path(name).name)
            document = prepare(text, source=source, published=published, title=title,
                               outlet=outlet, author=author)
            if name != "-":
                document.path = display_name(os.path.realpath(name))
            prepared.append((name, document))
            advance()
    rows: list[dict[str, Any]] = []
    with writing(store_path, initial=initial) as store:
        taken = {d["id"] for d in store.documents()}
        for name, document in prepared:
            rows.append(_store_one(store, name, document, doc_id, replace, taken))
    return rows


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
            store.remove_document(target["id"])
            taken.discard(target["id"])
            doc_id, status = target["id"], "replaced"
    final_id = doc_id or default_doc_id(name, taken)
    taken.add(final_id)
    record, facts = document.records(final_id)
    store.put_document(record, facts)
    notes = {"option": "", "text": "publication date read from the text",
             "none": "no publication date: relative dates left unresolved"}
    return {"id": final_id, "status": status, "published": record.get("published"),
            **document.counts(), "note": note or notes[document.published_from]}


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
    return next((d for d in store.documents() if d.get("path") == path), None)


def _shown(name: str) -> str:
    return "<stdin>" if name == "-" else display_name(name)


def _from(document: dict[str, Any]) -> str:
    where = document.get("path") or document.get("source")
    return f" (from {where})" if where else ""


@contextlib.contextmanager
def _progress(show: bool, total: int) -> Iterator[Callable[[], None]]:
    """A Rich progress bar on stderr when asked (a terminal, several files)."""
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("extracting", total=total)
        yield lambda: bar.advance(task)


def build_store(seeds_dir: Path, output: Path) -> dict[str, int]:
    """Build a complete store from the seed texts listed in ``SOURCES.md``."""
    from mali_facts.store import write_store

    sources = seeds_dir / "SOURCES.md"
    if not sources.is_file():
        raise UsageError(f"{sources}: not found (the seeds folder needs its SOURCES.md)")
    documents: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    for row in read_sources_table(sources):
        meta = seed_metadata(row)
        path = seeds_dir / str(meta["file"])
        text = read_document(str(path), 10 * 1024 * 1024)
        prepared = prepare(text, source=path.name, published=meta["published"],
                           title=meta["title"], outlet=meta["outlet"], author=meta["author"])
        doc_id = path.name.split("_")[0]
        record, records = prepared.records(doc_id)
        documents.append(record)
        facts.extend(records)
    write_store(output, documents, facts)
    return {"documents": len(documents), "facts": len(facts)}


def default_doc_id(name: str, taken: set[str]) -> str:
    """A short id from the file name (``report-2021.txt`` -> ``report-2021``), made unique."""
    stem = Path(name).stem if name != "-" else "stdin"
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40] or "doc"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def read_sources_table(path: Path) -> list[dict[str, str]]:
    """Rows of the Markdown table in ``SOURCES.md`` (file, outlet, title, author, published)."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.split(" ")[0].lower() for c in cells]
        elif set("".join(cells)) <= set("-: "):
            continue
        else:
            rows.append(dict(zip(header, cells, strict=False)))
    return rows


def seed_metadata(row: dict[str, str]) -> dict[str, str | None]:
    """Document metadata from one SOURCES.md row; "not named" becomes None."""
    def clean(value: str | None) -> str | None:
        if not value or value.lower().startswith(("not named", "(not")):
            return None
        return value

    published = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", row.get("published", ""))
    title = row.get("title") or None
    if title:
        title = re.sub(r"^\(untitled in the text\)\s*", "", title) or None
    return {"file": row["file"], "outlet": clean(row.get("outlet")), "title": title,
            "author": clean(row.get("author")),
            "published": published.group() if published else None}
