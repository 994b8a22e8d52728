"""Field names and their order: the vocabulary every layer shares.

Kept free of imports so the query path can use it without loading anything else.
"""

from __future__ import annotations

from typing import Any

KINDS: tuple[str, ...] = ("date", "figure", "official", "place", "org")

#: Fields every fact record has, in display order.
COMMON_FIELDS: tuple[str, ...] = ("id", "kind", "text", "doc", "start", "end", "evidence")

#: The kind's own fields, in display order. A record may carry a few more
#: (e.g. ``qualifier``); these are the ones every record of the kind has.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date", "precision", "event", "mod", "relative", "resolution", "date_role"),
    "figure": ("value", "unit", "counts", "approx", "qualifier", "context", "measure",
               "currency"),
    "official": ("name", "role", "org", "country", "is_official", "aliases", "mentions",
                 "rank", "status", "time"),
    "place": ("name", "type", "region", "country", "lat", "lon", "aliases", "mentions"),
    "org": ("name", "full_name", "country", "type", "aliases", "mentions"),
}

#: The letter after the document id in a fact id (``000-d1a2b3`` is a date).
ID_LETTER: dict[str, str] = {"date": "d", "figure": "f", "official": "o", "place": "p",
                             "org": "g"}

#: Optional fields some records carry, accepted by ``--fields``.
EXTRA_FIELDS: tuple[str, ...] = (
    "summary", "value_text", "related", "ext_start", "ext_end", "acronym",
    "expansion_in_text", "nested_in_org",
)

#: What a date is to its document: something that happened (or is planned), the
#: document's own publication date (a dateline or byline), or part of a name.
DATE_ROLES: tuple[str, ...] = ("event", "publication", "name")

#: What a figure measures, so that ``figures --measure money`` works.
MEASURES: tuple[str, ...] = ("people", "casualties", "money", "duration", "age", "share",
                             "count", "quantity", "identifier")

#: Where an official stands with the office the fact names.
ROLE_STATUSES: tuple[str, ...] = ("current", "former", "appointed", "ousted", "dismissed",
                                  "interim", "resigned", "elected")

#: Document record fields, in display order.
DOCUMENT_FIELDS: tuple[str, ...] = (
    "id", "title", "outlet", "author", "published", "sha256", "words", "chars", "source",
    "path", "format", "lang", "url", "source_sha256", "meta_source",
)
#: Where a document's metadata can come from, as ``meta_source`` records it: given
#: (``option``, ``manifest``, ``sidecar``, ``input`` of ``extract``, ``kept`` by
#: ``--replace``) or found (``html``, ``pdf``, ``front-matter``, ``dateline``,
#: ``published-line``, ``date-line``, ``byline``, ``first-line``, ``detected``).
META_SOURCES: tuple[str, ...] = (
    "option", "manifest", "sidecar", "input", "kept", "html", "pdf", "front-matter",
    "dateline", "published-line", "date-line", "byline", "first-line", "detected",
)


def fact_sort_key(record: dict[str, Any]) -> tuple[str, int, int, str, str]:
    """Document order: the order facts are written to the store and listed by default."""
    return (str(record.get("doc")), int(record.get("start") or 0),
            int(record.get("end") or 0), str(record.get("kind")), str(record.get("id")))
