"""``mali-facts build``: the shipped store from the seed texts and their ``SOURCES.md``.

The metadata of each seed comes from its row of the table, so the store is the same
whatever the texts say about themselves; every row is recorded as coming from the
manifest.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mali_facts.errors import UsageError


def build_store(seeds_dir: Path, output: Path) -> dict[str, int]:
    """Build a complete store from the seed texts listed in ``SOURCES.md``."""
    from mali_facts.ingest import prepare
    from mali_facts.inputs import read_file
    from mali_facts.store import write_store

    sources = seeds_dir / "SOURCES.md"
    if not sources.is_file():
        raise UsageError(f"{sources}: not found (the seeds folder needs its SOURCES.md)")
    documents: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    for row in read_sources_table(sources):
        meta = seed_metadata(row)
        path = seeds_dir / str(meta["file"])
        read = read_file(str(path), 10 * 1024 * 1024)
        given = {k: meta[k] for k in ("published", "title", "outlet", "author") if meta[k]}
        prepared = prepare(read, source=path.name, given=given, given_from="manifest")
        doc_id = path.name.split("_")[0]
        record, records = prepared.records(doc_id)
        documents.append(record)
        facts.extend(records)
        texts[doc_id] = prepared.text
    write_store(output, documents, facts, texts)
    return {"documents": len(documents), "facts": len(facts)}


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
