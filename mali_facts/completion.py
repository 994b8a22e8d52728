"""What shell completion offers: fact ids, document ids and entity names.

Completion runs on every Tab press, so it must answer in well under 100 ms even on a
store of 100,000 facts. Fact ids come straight from the store's keys. Entity names need
the entity records, so they are cached per store file (keyed by its path, size and
modification time) in the user's cache directory; a changed store rebuilds the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from mali_facts.query import entity_names as names_of
from mali_facts.text import fold_query

MAX_CHOICES = 200
ENTITY_KINDS = ("official", "place", "org")


def fact_ids(store: Any, prefix: str) -> list[str]:
    ids: list[str] = []
    for fact_id in store.fact_ids(prefix):
        ids.append(fact_id)
        if len(ids) >= MAX_CHOICES:
            break
    return sorted(ids)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base and Path(base).is_absolute()
            else Path.home() / ".cache") / "mali-facts"


def entity_words(store: Any) -> dict[str, list[str]]:
    """Every word of every entity name and alias, per kind (cached per store file)."""
    path = Path(store.path).resolve() if store.path else None
    cache = None
    if path is not None:
        stat = path.stat()
        stamp = {"source": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        digest = hashlib.sha1(str(path).encode()).hexdigest()[:16]
        cache = cache_dir() / f"names-{digest}.json"
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if cached.get("stamp") == stamp:
                return cached["words"]
        except (OSError, ValueError, AttributeError, KeyError):
            pass
    words: dict[str, set[str]] = {kind: set() for kind in ENTITY_KINDS}
    for record in store.iter_facts(ENTITY_KINDS):
        for name in names_of([record]):
            words[record["kind"]].update(name.split())
    result = {kind: sorted(found) for kind, found in words.items()}
    if cache is not None:
        _save(cache, {"stamp": stamp, "words": result})
    return result


def _save(cache: Path, payload: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only makes the next Tab slower."""
    from mali_facts.store import write_atomically

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cache, json.dumps(payload, ensure_ascii=False).encode(), backup=False)
    except OSError:
        pass


def entity_names(store: Any, prefix: str, kinds: tuple[str, ...]) -> list[str]:
    """Words of entity names of *kinds* that start with *prefix* (accents ignored)."""
    wanted = fold_query(prefix)
    by_kind = entity_words(store)
    found = sorted({word for kind in kinds if kind in by_kind for word in by_kind[kind]
                    if fold_query(word).startswith(wanted)})
    return found[:MAX_CHOICES]


def ids_and_names(store: Any, prefix: str) -> list[str]:
    """What ``show`` takes: fact and document ids, then words of entity names."""
    ids = fact_ids(store, prefix)
    docs = sorted(str(d.get("id")) for d in store.documents()
                  if str(d.get("id")).startswith(prefix))
    names = entity_names(store, prefix, ENTITY_KINDS)
    return [*docs, *ids, *names][:MAX_CHOICES]
