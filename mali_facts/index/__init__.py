"""A derived index for large stores: SQLite in the user cache, never the truth.

``open_indexed(path)`` opens a store as ``FactStore.open`` does; for a large store in
the canonical layout the result also answers listings, fact ids and fact lookups from
an index rebuilt whenever the store file changes. Small stores never come here
(``launch.open_store`` decides by size without importing this package).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_indexed(path: Path) -> Any:
    from mali_facts.index.indexed import IndexedStore

    return IndexedStore.open_indexed(path)
