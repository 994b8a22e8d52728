"""What an index was built from: the store file's identity and the code that derived it.

An index is trusted only if both still match. The store's identity is what ``stat``
gives (size, mtime in ns, inode, device: every write of the tool replaces the file, so
the inode changes) plus a CRC of the file's first and last 64 KiB, which catches an
edit in place that kept the size and reset the modification time. The code fingerprint
is a CRC of the modules whose rules the index stores pre-computed (folding, search
fields, TSV rendering, record checks), so a changed rule rebuilds the index.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

#: Bump when the index's tables change shape.
INDEX_FORMAT = 1
EDGE_BYTES = 64 * 1024

_PACKAGE = Path(__file__).resolve().parent.parent
_DERIVING_MODULES = ("fields.py", "text.py", "query.py", "store.py", "evidence.py",
                     "render/columns.py", "render/text.py", "index/build.py")


def cache_dir() -> Path:
    """The per-user cache directory (``$XDG_CACHE_HOME/mali-facts``)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base and Path(base).is_absolute()
            else Path.home() / ".cache") / "mali-facts"


def index_path(store_path: Path) -> Path:
    """One index file per store, named by a hash of the store's real path."""
    real = os.path.realpath(store_path).encode("utf-8", "surrogateescape")
    return cache_dir() / f"index-{zlib.crc32(real):08x}{zlib.adler32(real):08x}.sqlite"


def code_fingerprint() -> str:
    parts = [f"format {INDEX_FORMAT}"]
    for name in _DERIVING_MODULES:
        try:
            source = (_PACKAGE / name).read_bytes()
        except OSError:
            source = b"missing"
        parts.append(f"{name}:{len(source)}:{zlib.crc32(source):08x}")
    return " ".join(parts)


def store_identity(stat: os.stat_result, raw: Any) -> dict[str, Any]:
    """The identity of the store whose stat is *stat* and whose bytes are *raw*."""
    edges = zlib.crc32(raw[max(0, len(raw) - EDGE_BYTES):], zlib.crc32(raw[:EDGE_BYTES]))
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "inode": stat.st_ino,
            "device": stat.st_dev, "edges": f"{edges:08x}", "bytes": len(raw),
            "code": code_fingerprint()}


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    """Two stats of one path show the same, unchanged file."""
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns) == (
        b.st_ino, b.st_dev, b.st_size, b.st_mtime_ns)


def uri_path(path: Path) -> str:
    """*path* for a SQLite ``file:`` URI (urllib costs more to import than a query)."""
    return str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
