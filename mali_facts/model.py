"""Facts and documents: the one shape every layer agrees on.

A fact is stored as a flat JSON object (a *record*): the shared fields below plus the
fields of its kind. Extraction builds :class:`Fact` objects; the store and the renderers
only ever see records (plain dicts), so they need nothing from this module but names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mali_facts.fields import (  # noqa: F401  (re-exported: the model's vocabulary)
    COMMON_FIELDS,
    DOCUMENT_FIELDS,
    ID_LETTER,
    KIND_FIELDS,
    KINDS,
    fact_sort_key,
)


@dataclass(slots=True)
class Fact:
    """One extracted fact before it is stored.

    ``start``/``end`` are Python ``str`` offsets (code points) into the document text.
    Entity kinds (official, place, org) are one fact per entity per document: the head
    span is the mention that states the role or name, and ``attrs["mentions"]`` lists
    every occurrence as ``[start, end]`` pairs.
    """

    kind: str
    text: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    evidence: str = ""
    doc: str = ""
    id: str = ""

    def to_record(self) -> dict[str, Any]:
        """The flat dict the store keeps; every kind field is present (None if unknown)."""
        record: dict[str, Any] = {name: None for name in KIND_FIELDS[self.kind]}
        record.update(self.attrs)
        record.update(
            id=self.id, kind=self.kind, text=self.text, doc=self.doc,
            start=self.start, end=self.end, evidence=self.evidence,
        )
        return record


def fact_identity(fact: Fact) -> str:
    """What makes a fact the same fact across rebuilds of the same document.

    Entities are identified by their canonical name (their head span may move when the
    extractor improves); dates and figures by their span.
    """
    if fact.kind in ("official", "place", "org"):
        name = str(fact.attrs.get("name") or fact.text)
        return f"{fact.kind}|{name}"
    return f"{fact.kind}|{fact.start}|{fact.end}"


def assign_ids(doc_id: str, facts: list[Fact]) -> None:
    """Give each fact a short id, stable across rebuilds: ``<doc>-<letter><hex>``.

    The hex part is a hash of :func:`fact_identity`; it grows by two digits on the
    rare collision inside one document, so ids stay unique.
    """
    import hashlib

    taken: set[str] = set()
    for fact in facts:
        digest = hashlib.sha1(f"{doc_id}|{fact_identity(fact)}".encode()).hexdigest()
        width = 5
        while True:
            candidate = f"{doc_id}-{ID_LETTER[fact.kind]}{digest[:width]}"
            if candidate not in taken:
                break
            width += 2
        taken.add(candidate)
        fact.id = candidate
        fact.doc = doc_id
