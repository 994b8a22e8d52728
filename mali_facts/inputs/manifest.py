"""Which files to ingest, with their metadata: manifests, folders and sidecar files.

A manifest is CSV (a header row naming the columns) or JSONL (one object per line);
``path`` is required, ``id``, ``published``, ``title``, ``outlet``, ``author``, ``lang``
and ``url`` are optional. A relative path is relative to the manifest's folder. A
folder is walked recursively (hidden files and folders left out, symlinked folders not
followed); a file's metadata may sit beside it in ``NAME.meta.json`` (``report.html`` ->
``report.html.meta.json`` or ``report.meta.json``). Every value is checked here, so a
bad manifest line is a one-line usage error before any document is read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mali_facts.errors import DocumentError, UsageError

MANIFEST_FIELDS = ("path", "id", "published", "title", "outlet", "author", "lang", "url")
SIDECAR_SUFFIX = ".meta.json"
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
LANGS = ("en", "fr")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_SIDECAR_BYTES = 1024 * 1024


@dataclass
class Entry:
    """One document to ingest: its file, the metadata given for it, and where from."""

    name: str
    fields: dict[str, str] = field(default_factory=dict)
    origin: str = "option"  # "manifest" or "sidecar" for the values in ``fields``
    problem: str | None = None  # a sidecar that cannot be used refuses its file only


def check_fields(values: dict[str, Any], where: str) -> dict[str, str]:
    """The known metadata of one manifest line or sidecar, each value checked."""
    from mali_facts.ingest import parse_published

    unknown = sorted(set(values) - set(MANIFEST_FIELDS))
    if unknown:
        raise UsageError(f"{where}: unknown field {unknown[0]!r} (known: "
                         f"{', '.join(MANIFEST_FIELDS)})")
    checked: dict[str, str] = {}
    for key, value in values.items():
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise UsageError(f"{where}: {key!r} must be text")
        if "\x00" in value or len(value) > 4000:
            raise UsageError(f"{where}: {key!r} is not a usable value")
        checked[key] = value.strip()
    if "published" in checked:
        try:
            parse_published(checked["published"])
        except UsageError as error:
            raise UsageError(f"{where}: {str(error).replace('--published', 'published')}"
                             ) from None
    if "id" in checked and not ID_PATTERN.fullmatch(checked["id"]):
        raise UsageError(f"{where}: id {checked['id']!r} is not a valid id (letters, "
                         "digits, '.', '_' and '-', at most 80 characters)")
    if "lang" in checked and checked["lang"] not in LANGS:
        raise UsageError(f"{where}: lang {checked['lang']!r} is not one of "
                         f"{', '.join(LANGS)}")
    return checked


def read_manifest(path: Path) -> list[Entry]:
    """The entries of a CSV or JSONL manifest, in its order."""
    shown = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as error:
        raise UsageError(f"--manifest {shown}: cannot read ({error.strerror or error})"
                         ) from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise UsageError(f"--manifest {shown}: larger than {MAX_MANIFEST_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--manifest {shown}: not UTF-8 text") from None
    base = path.parent
    rows = _jsonl_rows(text, shown) if text.lstrip().startswith("{") else \
        _csv_rows(text, shown)
    entries: list[Entry] = []
    ids: set[str] = set()
    for where, values in rows:
        fields = check_fields(values, where)
        name = fields.pop("path", None)
        if not name:
            raise UsageError(f"{where}: 'path' is missing")
        if fields.get("id") in ids:
            raise UsageError(f"{where}: id {fields['id']!r} appears twice in the manifest")
        ids.add(fields.get("id", ""))
        full = name if os.path.isabs(name) else str(base / name)
        entries.append(Entry(full, fields, "manifest"))
    if not entries:
        raise UsageError(f"--manifest {shown}: names no documents")
    return entries


def _jsonl_rows(text: str, shown: str) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"--manifest {shown} line {number}"
        try:
            value = json.loads(line)
        except ValueError as error:
            raise UsageError(f"{where}: not valid JSON ({error})") from None
        if not isinstance(value, dict):
            raise UsageError(f"{where}: not a JSON object")
        rows.append((where, value))
    return rows


def _csv_rows(text: str, shown: str) -> list[tuple[str, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or "path" not in [h.strip().lower() for h in header]:
            raise UsageError(f"--manifest {shown}: the first line must name the columns, "
                             "one of them 'path' (or give JSONL)")
        names = [h.strip().lower() for h in header]
        rows = []
        for row in reader:
            where = f"--manifest {shown} line {reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                raise UsageError(f"{where}: {len(row)} cells for {len(names)} columns")
            rows.append((where, dict(zip(names, row, strict=False))))
        return rows
    except csv.Error as error:
        raise UsageError(f"--manifest {shown}: not valid CSV ({error})") from None


def sidecar_of(path: Path) -> Path | None:
    """The ``NAME.meta.json`` beside *path*, if there is one."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX),
                      path.with_name(path.stem + SIDECAR_SUFFIX)):
        if candidate != path and candidate.is_file():
            return candidate
    return None


def entry_for(name: str) -> Entry:
    """A file named on the command line or found in a folder, with its sidecar's values."""
    if name == "-":
        return Entry(name)
    sidecar = sidecar_of(Path(name))
    if sidecar is None:
        return Entry(name)
    try:
        with sidecar.open("rb") as handle:
            raw = handle.read(MAX_SIDECAR_BYTES + 1)
        values = json.loads(raw.decode("utf-8"))
        if not isinstance(values, dict):
            raise ValueError("not a JSON object")
        values.pop("path", None)
        return Entry(name, check_fields(values, sidecar.name), "sidecar")
    except (OSError, ValueError, UsageError) as error:
        reason = str(error) if isinstance(error, UsageError) else \
            f"{sidecar.name}: not a usable JSON object ({error})"
        return Entry(name, {}, "sidecar", problem=reason)


def walk(folder: str) -> list[Entry]:
    """Every document under *folder*, sorted, with sidecars read (never ingested)."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=_walk_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if file.startswith(".") or file.endswith(SIDECAR_SUFFIX):
                continue
            found.append(os.path.join(root, file))
    return [entry_for(name) for name in found]


def _walk_error(error: OSError) -> None:
    raise DocumentError(f"{error.filename}: cannot read the folder "
                        f"({error.strerror or error})")
