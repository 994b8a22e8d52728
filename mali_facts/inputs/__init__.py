"""Reading documents: a file (or bytes) in, its text and what it says about itself out.

``read_file(name)`` and ``read_bytes(raw, name)`` decide the format by content
(``detect.py``), take the text out of HTML (``html.py``) and PDF (``pdf.py``), and find
the metadata the document states (``metadata.py``). Readers know nothing of facts or the
store; the libraries they wrap are imported only when a file of their format is read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mali_facts.errors import DocumentError
from mali_facts.inputs.detect import decode_document, normalise, sniff, text_format

__all__ = ["Text", "decode_document", "display_name", "read_bytes", "read_file"]

#: Metadata a document (or its manifest line) may state, beside the text.
META_FIELDS = ("published", "title", "outlet", "author", "lang", "url")
#: A page's title or author tag can hold anything; a record keeps a sensible length.
MAX_META_CHARS = 500


@dataclass
class Text:
    """A document read: the text every fact offset indexes, and where it came from.

    ``exact`` is True when ``text`` is the file's own text (plain text, Markdown without
    front matter or link targets), so the file alone reproduces every offset; otherwise
    the store keeps ``text`` on the document record.
    """

    text: str
    format: str
    source_sha256: str
    metadata: dict[str, str] = field(default_factory=dict)
    meta_source: dict[str, str] = field(default_factory=dict)
    exact: bool = True


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


def read_raw(name: str, max_bytes: int) -> bytes:
    """The bytes of a file, or of stdin for ``-``; at most ``max_bytes + 1`` of them."""
    shown = "<stdin>" if name == "-" else display_name(name)
    try:
        if name == "-":
            return _read_bounded(sys.stdin.buffer, max_bytes)
        path = Path(name)
        if path.is_dir():
            raise DocumentError(f"{shown}: is a directory")
        with path.open("rb") as handle:
            return _read_bounded(handle, max_bytes)
    except FileNotFoundError:
        raise DocumentError(f"{shown}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{shown}: permission denied") from None
    except OSError as error:
        raise DocumentError(f"{shown}: cannot read ({error.strerror or error})") from None


def read_file(name: str, max_bytes: int) -> Text:
    """Read and decode the file *name* (``-`` for stdin), whatever its format."""
    shown = "<stdin>" if name == "-" else display_name(name)
    return read_bytes(read_raw(name, max_bytes), shown, max_bytes)


def read_bytes(raw: bytes, name: str, max_bytes: int, file_name: str = "") -> Text:
    """The text and stated metadata of a document's bytes (*name* is for messages)."""
    from mali_facts.inputs import metadata as meta

    if len(raw) > max_bytes:
        raise DocumentError(
            f"{name}: {len(raw):,} bytes is over the {max_bytes:,}-byte limit "
            "(set MALI_FACTS_MAX_BYTES to raise it)")
    source_sha256 = hashlib.sha256(raw).hexdigest()
    kind = sniff(raw, name)
    found: dict[str, str] = {}
    sources: dict[str, str] = {}
    exact = False
    if kind == "pdf":
        from mali_facts.inputs.pdf import read_pdf

        text, stated = read_pdf(raw, name)
        _take(found, sources, stated, "pdf")
    elif kind == "html":
        from mali_facts.inputs.html import read_html

        text, stated = read_html(raw, name)
        stated = {{"sitename": "outlet", "date": "published"}.get(k, k): v
                  for k, v in stated.items()}
        if "published" in stated:
            day = meta.parse_day(stated["published"][:10])
            if day is None:
                del stated["published"]
            else:
                stated["published"] = day.isoformat()
        _take(found, sources, stated, "html")
    else:
        text = decode_document(raw, name, max_bytes)
        exact = True
        kind = text_format(text, file_name or name)
        if kind == "markdown":
            stated, end = meta.front_matter(text)
            if end:
                text, exact = text[end:], False
            _take(found, sources, stated, "front-matter")
            unlinked = _drop_link_targets(text)
            if unlinked != text:
                text, exact = unlinked, False
    if not exact:
        text = normalise(text, name)
    detected, rules = meta.detect(text)
    for key, value in detected.items():
        if key not in found:
            found[key], sources[key] = value, rules[key]
    return Text(text, kind, source_sha256, found, sources, exact)


def _take(found: dict[str, str], sources: dict[str, str], stated: dict[str, str],
          source: str) -> None:
    for key, value in stated.items():
        if key in META_FIELDS and value and key not in found:
            found[key], sources[key] = value[:MAX_META_CHARS], source


def _drop_link_targets(text: str) -> str:
    """``[text](https://...)`` becomes ``text``, and reference lines ``[1]: URL`` go: a
    URL's digits are no figure or date."""
    import re

    text = re.sub(r"(!?)\[([^\]\n]{0,500})\]\([^)\s]{1,2000}(?:\s+\"[^\"\n]*\")?\)",
                  lambda m: m.group(2), text)
    text = re.sub(r"<(?:https?|ftp|mailto):[^>\s]{1,2000}>", "", text)
    return re.sub(r"(?m)^ {0,3}\[[^\]\n]{1,200}\]:[ \t]+\S+.*$", "", text)
