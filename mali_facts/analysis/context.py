"""What surrounds a fact in its document, rebuilt from the facts alone.

The store keeps each fact's sentence but not the document's text. The sentences the
store knows (every fact's evidence, placed by its offsets) and the entities' mention
offsets are enough to recover what a reader uses: the sentence before, the document's
title, and the place a sentence is about when it only says "the city" (taken from the
previous sentence or the title, and marked as inferred).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mali_facts.text import fold_query

Record = dict[str, Any]

#: How far back (characters) a place mentioned before a sentence still sets its scene.
SCENE_REACH = 320


def evidence_span(record: Record) -> tuple[int, int] | None:
    """Where the fact's evidence sentence lies in its document, from the fact's offsets."""
    evidence = str(record.get("evidence") or "")
    text = str(record.get("text") or "")
    start = record.get("start")
    if not evidence or not isinstance(start, int):
        return None
    at = evidence.find(text) if text else -1
    if at < 0:
        return None
    return start - at, start - at + len(evidence)


@dataclass(slots=True)
class Scene:
    """The place(s) a fact's sentence is about, and how that was decided."""

    places: list[str]
    how: str  # "stated", "inferred from the previous sentence", "inferred from the title", ""


@dataclass
class DocContext:
    """The known sentences, place mentions and title of one document."""

    title: str = ""
    published: str | None = None
    sentences: list[tuple[int, int, str]] = field(default_factory=list)
    place_mentions: list[tuple[int, int, str]] = field(default_factory=list)
    entity_mentions: list[tuple[int, int, Record]] = field(default_factory=list)
    title_places: list[str] = field(default_factory=list)

    def previous_sentence(self, record: Record) -> str:
        """The closest known sentence that ends before this fact's sentence starts."""
        span = evidence_span(record)
        if span is None:
            return ""
        before = [s for s in self.sentences if s[1] <= span[0]]
        return before[-1][2] if before else ""

    def scene(self, record: Record) -> Scene:
        span = evidence_span(record)
        if span is None:
            return Scene(list(self.title_places), "inferred from the title"
                         if self.title_places else "")
        inside = _unique(name for a, b, name in self.place_mentions
                         if a >= span[0] and b <= span[1])
        if inside:
            return Scene(inside, "stated")
        before = [(b, name) for a, b, name in self.place_mentions
                  if b <= span[0] and span[0] - b <= SCENE_REACH]
        if before:
            return Scene([max(before)[1]], "inferred from the previous sentence")
        if self.title_places:
            return Scene(list(self.title_places), "inferred from the title")
        return Scene([], "")

    def sentences_mentioning(self, record: Record) -> list[str]:
        """The known sentences in which an entity is mentioned (its head sentence first)."""
        spans = [tuple(m) for m in record.get("mentions") or [] if isinstance(m, list)
                 and len(m) == 2]
        found = [str(record.get("evidence") or "")]
        for a, b, text in self.sentences:
            if text not in found and any(a <= m[0] and m[1] <= b for m in spans):
                found.append(text)
        return [s for s in found if s]

    def entities_in(self, record: Record) -> list[Record]:
        """Entity facts mentioned inside this fact's sentence."""
        span = evidence_span(record)
        if span is None:
            return []
        out: list[Record] = []
        for a, b, entity in self.entity_mentions:
            if a >= span[0] and b <= span[1] and entity not in out:
                out.append(entity)
        return out


def _unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def build_contexts(facts: Iterable[Record], documents: Iterable[Record]) -> dict[str, DocContext]:
    """One :class:`DocContext` per document id."""
    contexts: dict[str, DocContext] = defaultdict(DocContext)
    for document in documents:
        context = contexts[str(document.get("id"))]
        context.title = str(document.get("title") or "")
        context.published = document.get("published")
    seen: dict[str, set[tuple[int, int]]] = defaultdict(set)
    places: dict[str, list[Record]] = defaultdict(list)
    for record in facts:
        doc = str(record.get("doc"))
        context = contexts[doc]
        span = evidence_span(record)
        if span is not None and span not in seen[doc]:
            seen[doc].add(span)
            context.sentences.append((span[0], span[1], str(record.get("evidence"))))
        if record.get("kind") in ("official", "place", "org"):
            for mention in record.get("mentions") or []:
                if isinstance(mention, list) and len(mention) == 2:
                    context.entity_mentions.append((mention[0], mention[1], record))
                    if record.get("kind") == "place":
                        context.place_mentions.append(
                            (mention[0], mention[1], str(record.get("name") or "")))
        if record.get("kind") == "place":
            places[doc].append(record)
    for doc, context in contexts.items():
        context.sentences.sort(key=lambda s: (s[0], s[1]))
        context.place_mentions.sort()
        title = f" {fold_query(context.title)} "
        for place in places.get(doc, []):
            names = [place.get("name"), *(place.get("aliases") or [])]
            if any(isinstance(n, str) and n and f" {fold_query(n)} " in
                   title.replace("?", " ").replace(",", " ").replace(":", " ")
                   for n in names):
                context.title_places.append(str(place.get("name")))
    return dict(contexts)
