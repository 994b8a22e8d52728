"""A question in, the facts that answer it out, best first.

The question word (or, in a keyword query, a cue word such as "date" or "toll") picks
the kind of fact; the question's content words, stemmed and accent-folded, are then
looked for in each candidate's own fields, its sentence, the entities named in that
sentence (so "CNT" finds "National Transition Council"), the place the sentence is
about, the sentence before it and the document's title, each with a lower weight.
Rare words count more than common ones (inverse document frequency).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mali_facts.analysis.context import DocContext, build_contexts
from mali_facts.analysis.words import STOP_WORDS, content_stems, stem, stem_set, tokens
from mali_facts.text import fold_query, word_set

Record = dict[str, Any]

#: Answer rows' columns, in their stable TSV order.
ASK_COLUMNS = ("rank", "kind", "answer", "about", "evidence", "doc", "id", "score",
               "sources", "scene")

# Where a word is found, and how much that says about the fact.
WEIGHTS = {"own": 1.0, "sentence": 0.8, "named": 0.6, "mentions": 0.6, "scene": 0.6,
           "previous": 0.35, "title": 0.25}

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in word_set(words))



# Nouns that say what kind of thing a "which ..." question or a keyword query wants.
_PERSON = _stems("""person man woman leader president minister general colonel
    officer official chief head commander researcher analyst spokesman spokesperson
    premier governor mayor ambassador envoy king politician soldier captain prime
    secretary director chairman""")
_PLACE = _stems("""place city town village region country area district
    locality capital border province commune circle""")
_ORG = _stems("""organization organisation group junta union federation alliance
    movement party committee council body commission agency army force coalition
    militia mission company network""")
_DATE = _stems("date year day month time")
_FIGURE = _stems("number toll count total votes amount share percentage")


@dataclass(slots=True)
class Intent:
    """What a question asks for: kinds (empty = any), the words to match, the manner."""

    kinds: tuple[str, ...]
    stems: list[str]
    defining: bool = False  # "what is X": the entity named is the answer
    duration: bool = False  # "how long"
    cue_kinds: tuple[str, ...] = ()  # kinds hinted by a keyword, not a question word


def read_question(question: str) -> Intent:
    """The kind a question asks for and its content words."""
    words = tokens(question)
    text = " ".join(words)
    stems = content_stems(question)
    head = words[:4]

    def begins(*phrases: str) -> bool:
        return any(re.match(rf"(?:\w+ )?{p}\b", text) for p in phrases)

    if begins("when", "until when", "since when", "by when", r"(?:by |on |in )?what (?:date|day|"
              r"year|month)", r"(?:by |on |in )?which (?:date|day|year|month)"):
        return Intent(("date",), stems)
    if begins("how many", "how much", "how long", "how far", "how old", "what share",
              "what percentage", "what proportion"):
        return Intent(("figure",), stems, duration="how long" in text)
    if begins("who", "whom", "whose"):
        return Intent(("official",), stems)
    if begins("where"):
        return Intent(("place",), stems)
    if re.match(r"(?:what|who) (?:is|are|was|were|does) ", text) and len(words) <= 6:
        return Intent(("org", "place", "official"), stems, defining=True)
    if head and head[0] in ("which", "what"):
        noun_kinds = _noun_kinds([stem(w) for w in words[1:4]])
        if noun_kinds:
            return Intent(noun_kinds, stems)
    defining = "full name" in text or "stand for" in text or "acronym" in text
    return Intent((), stems, defining=defining,
                  cue_kinds=("org",) if defining else _noun_kinds([stem(w) for w in words]))


def _noun_kinds(stems: Sequence[str]) -> tuple[str, ...]:
    for word in stems:
        for vocabulary, kind in ((_DATE, "date"), (_FIGURE, "figure"), (_PERSON, "official"),
                                 (_PLACE, "place"), (_ORG, "org")):
            if word in vocabulary:
                return (kind,)
    return ()


def own_text(record: Record) -> str:
    """The words a fact states about itself."""
    names = ("text", "event", "counts", "unit", "context", "name", "role", "org",
             "full_name", "type", "acronym", "rank", "status", "measure")
    parts = [str(record[n]) for n in names if record.get(n) is not None]
    parts += [str(a) for a in record.get("aliases") or [] if isinstance(a, str)]
    date = record.get("date")
    if isinstance(date, str) and re.match(r"\d{4}-\d{2}", date):
        parts += [date[:4], _MONTHS[int(date[5:7]) - 1] if 0 < int(date[5:7]) <= 12 else ""]
    elif isinstance(date, str):
        parts.append(date[:4])
    return " ".join(parts)


def names_of(record: Record) -> str:
    return " ".join(str(v) for v in [record.get("name"), record.get("full_name"),
                                     *(record.get("aliases") or [])] if isinstance(v, str))


@dataclass(slots=True)
class Candidate:
    record: Record
    fields: dict[str, frozenset[str]]
    scene: str


def candidates(facts: Sequence[Record], documents: Iterable[Record]) -> list[Candidate]:
    """Every fact with the stems of each of its fields, ready for matching."""
    contexts = build_contexts(facts, documents)
    out: list[Candidate] = []
    for record in facts:
        context = contexts.get(str(record.get("doc"))) or DocContext()
        scene = context.scene(record)
        fields = {
            "own": stem_set(own_text(record)),
            "sentence": stem_set(str(record.get("evidence") or "")),
            "named": stem_set(" ".join(names_of(e) for e in context.entities_in(record))),
            "scene": stem_set(" ".join(scene.places)),
            "previous": stem_set(context.previous_sentence(record)),
            "title": stem_set(context.title),
        }
        if record.get("kind") in ("official", "place", "org"):
            fields["mentions"] = stem_set(" ".join(context.sentences_mentioning(record)))
        note = "" if scene.how in ("stated", "") else f"{', '.join(scene.places)} ({scene.how})"
        out.append(Candidate(record, fields, note))
    return out


def _idf(pool: Sequence[Candidate]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for candidate in pool:
        for word in candidate.fields["own"] | candidate.fields["sentence"]:
            counts[word] = counts.get(word, 0) + 1
    total = max(len(pool), 1)
    return {word: math.log(1 + total / n) for word, n in counts.items()}


def answer_value(record: Record) -> str:
    kind = record.get("kind")
    if kind == "date":
        return str(record.get("date") or f"? ({record.get('text')})")
    if kind == "figure":
        value = record.get("value")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(p for p in ("" if value is None else str(value),
                                    str(record.get("unit") or "")) if p)
    if kind == "org" and record.get("full_name"):
        return f"{record.get('name')} ({record.get('full_name')})"
    return str(record.get("name") or record.get("text") or "")


def about(record: Record) -> str:
    kind = record.get("kind")
    field = {"date": "event", "figure": "counts", "official": "role",
             "place": "type", "org": "type"}.get(str(kind), "text")
    return str(record.get(field) or "")


def marked_evidence(record: Record) -> str:
    """The evidence with the answer's own words between [[ and ]]."""
    evidence = str(record.get("evidence") or "")
    text = str(record.get("text") or "")
    at = evidence.find(text) if text else -1
    if at < 0:
        return evidence
    return f"{evidence[:at]}[[{text}]]{evidence[at + len(text):]}"


def score(candidate: Candidate, intent: Intent, idf: dict[str, float],
          question_words: frozenset[str]) -> float:
    record = candidate.record
    total = 0.0
    for word in intent.stems:
        weight = max((WEIGHTS[name] for name, words in candidate.fields.items()
                      if word in words), default=0.0)
        total += weight * idf.get(word, 0.5)
    if total == 0.0:
        return 0.0
    kind = record.get("kind")
    if kind in ("official", "place", "org"):
        own_names = {stem(t) for t in tokens(str(record.get("name") or "")) if len(t) > 2
                     and t not in STOP_WORDS}
        surname = stem(tokens(str(record.get("name") or "x"))[-1:][0]) if kind == "official" \
            else ""
        named = bool(own_names) and (own_names <= question_words or surname in question_words)
        defining = intent.defining or set(intent.stems) <= own_names  # "where is Ségou?"
        if named and not defining:
            total *= 0.3  # the person or place the question names is not its answer
        elif named and defining:
            total *= 2.0
    if kind == "date":
        if not record.get("date"):
            total *= 0.6
        if record.get("date_role") == "publication":
            total *= 0.5
    if kind == "figure" and intent.duration:
        unit = stem(fold_query(str(record.get("unit") or "")))
        if record.get("measure") == "duration" or unit in {"day", "week", "month", "year",
                                                           "hour", "minut"}:
            total *= 1.3
    if intent.cue_kinds and kind in intent.cue_kinds:
        total *= 1.5
    return total


def ask(question: str, facts: Sequence[Record], documents: Iterable[Record],
        limit: int | None = 5) -> list[Record]:
    """Answer rows for *question*, best first; one row per distinct answer."""
    intent = read_question(question)
    if not intent.stems:
        return []
    pool = candidates(facts, documents)
    idf = _idf(pool)
    chosen = [c for c in pool if not intent.kinds or c.record.get("kind") in intent.kinds]
    question_words = frozenset(stem(t) for t in tokens(question))
    scored = [(score(c, intent, idf, question_words), i, c) for i, c in enumerate(chosen)]
    scored = [s for s in scored if s[0] > 0]
    scored.sort(key=lambda s: (-s[0], s[1]))
    rows: dict[tuple[str, str], Record] = {}
    for value, _, candidate in scored:
        record = candidate.record
        key = (str(record.get("kind")), fold_query(answer_value(record)))
        if key in rows:
            rows[key]["sources"] = len({*rows[key]["_docs"], record.get("doc")})
            rows[key]["_docs"].add(record.get("doc"))
            continue
        rows[key] = {"kind": record.get("kind"), "answer": answer_value(record),
                     "about": about(record), "evidence": marked_evidence(record),
                     "doc": record.get("doc"), "id": record.get("id"),
                     "score": round(value, 2), "sources": 1, "scene": candidate.scene,
                     "_docs": {record.get("doc")}, "fact": record}
    out = list(rows.values())
    for rank, row in enumerate(out, 1):
        row["rank"] = rank
        del row["_docs"]
    return out[:limit] if limit else out
