"""Evidence kept once per document: a stored fact points into its document's text.

Every fact shows the sentence it was read from. Repeating that sentence in each fact
made a store grow with facts x sentence length (a 16 MB text made a 674 MB store), so
from schema version 2 the store keeps each document's text once, in the ``texts``
table, and a fact's ``evidence`` is written as ``evidence_at``,
``"start:end:flags:crc"``: the span of the text it was cut from, whether it was
shortened at either end (an ellipsis), and a CRC-32 of the evidence itself. Reading
rebuilds the very same string and checks it against the CRC, so a store edited by
hand cannot show evidence that differs from what was extracted, and the index, which
reuses rows by the bytes of a record, sees a new record whenever the evidence changes.

A reference is written only when rebuilding it gives back the exact evidence; any
other fact (an older store, an extractor that words evidence differently, a merged
``extract`` output without its text) keeps its evidence inline, as before.

Records above the store never see ``evidence_at``: they always carry ``evidence``.
"""

from __future__ import annotations

import bisect
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mali_facts.errors import StoreCorrupt
from mali_facts.text import normalize_space

TABLE = "texts"
FIELD = "evidence_at"
#: What the extractor keeps of a long sentence each side of the fact; a reference
#: is checked by rebuilding it, so a different window only means inline evidence.
WINDOW = 300
PREFIX, SUFFIX = "… ", " …"
_CUT_START, _CUT_END = 1, 2

Record = dict[str, Any]
#: A fact id's reference and the evidence it gives, as read or computed.
Refs = dict[str, tuple[str, str]]


def crc(evidence: str) -> int:
    return zlib.crc32(evidence.encode("utf-8", "surrogatepass"))


def rebuild(text: str, ref: str) -> str | None:
    """The evidence *ref* points to in *text*, or None if it does not fit or check."""
    try:  # the CRC below refuses whatever a lax int() lets through
        first, last, cut, checked = ref.split(":")
        start, end, flags, check = int(first), int(last), int(cut), int(checked, 16)
    except ValueError:
        return None
    if not 0 <= start <= end <= len(text):
        return None
    evidence = text[start:end]
    if not (evidence.isprintable() and "  " not in evidence and evidence[:1] != " "
            and evidence[-1:] != " "):
        # only then can normalising change it: every space but " " is not printable
        evidence = normalize_space(evidence)
    if flags & _CUT_START:
        evidence = PREFIX + evidence
    if flags & _CUT_END:
        evidence += SUFFIX
    return evidence if crc(evidence) == check else None


def locate(text: str, facts: Iterable[Record]) -> dict[str, str]:
    """References for the facts whose evidence is a sentence (or a cut of one) of
    *text*, as the extractor takes it; facts it cannot point to are left out."""
    from mali_facts.text import split_sentences

    sentences = split_sentences(text)
    starts = [s for s, _ in sentences]
    found: dict[str, str] = {}
    for fact in facts:
        evidence, start, end = fact.get("evidence"), fact.get("start"), fact.get("end")
        if type(evidence) is not str or type(start) is not int or type(end) is not int \
                or not evidence:
            continue
        i = bisect.bisect_right(starts, start) - 1
        s, e = sentences[i] if i >= 0 and sentences[i][0] <= start < sentences[i][1] \
            else (0, len(text))
        e, flags = max(e, end), 0
        if start - s > WINDOW:
            s, flags = start - WINDOW, flags | _CUT_START
        if e - end > WINDOW:
            e, flags = end + WINDOW, flags | _CUT_END
        ref = f"{s}:{e}:{flags}:{crc(evidence):08x}"
        if 0 <= s <= e and rebuild(text, ref) == evidence:
            found[str(fact["id"])] = ref
    return found


def resolve(path: Path | None, key: str, record: Record, text: Any) -> Record:
    """*record* with its ``evidence_at`` turned back into ``evidence`` (in place)."""
    ref = record.pop(FIELD)
    evidence = rebuild(text, ref) if type(text) is str and type(ref) is str else None
    if evidence is None:
        why = "its document's text is missing" if type(text) is not str else \
            "its evidence does not match its document's text"
        raise StoreCorrupt(f"{path or 'store'}: malformed record {key!r} in table "
                           f"'facts' ({why})")
    record["evidence"] = evidence
    return record


def unpack(path: Path | None, data: dict[str, Any]) -> Refs:
    """Rebuild every referenced fact's evidence in *data*; the references read."""
    texts = data.get(TABLE) or {}
    documents = data.get("documents") or {}
    refs: Refs = {}
    if not isinstance(texts, dict):
        return refs
    for key, record in data.get("facts", {}).items():
        if FIELD in record:
            ref = record[FIELD]
            doc = record.get("doc")
            text = texts.get(doc) if type(doc) is str else None
            if text is None and type(doc) is str:
                text = document_text(documents.get(doc))
                if text is not None:  # kept there; known here for the next write
                    data.setdefault(TABLE, {})[doc] = text
            resolve(path, key, record, text)
            refs[key] = (ref, record["evidence"])
    return refs


def packed(data: dict[str, Any], refs: Refs) -> dict[str, Any]:
    """*data* as written: facts with a reference that still gives their evidence lose
    the inline copy. *data* itself is left as it is (it stays the readable form)."""
    texts = data.get(TABLE) or {}
    if not texts:
        return data
    facts: dict[str, Any] = {}
    for key, record in data.get("facts", {}).items():
        known = refs.get(key)
        if known is not None and known[1] == record.get("evidence") \
                and record.get("doc") in texts:
            record = {k: v for k, v in record.items() if k != "evidence"}
            record[FIELD] = known[0]
        facts[key] = record
    used = {record.get("doc") for record in facts.values() if FIELD in record}
    documents = data.get("documents") or {}
    # a text no fact points to is not kept, nor one its document record already holds
    # (a converted HTML or PDF text): the store stays the size of what it shows
    return {**data, "facts": facts, TABLE: {
        k: v for k, v in texts.items()
        if k in used and document_text(documents.get(k)) != v}}


def document_text(document: Any) -> str | None:
    """The text a document record holds itself (a text converted from HTML or PDF)."""
    text = document.get("text") if isinstance(document, dict) else None
    return text if type(text) is str else None


class TextTable:
    """The ``texts`` table of a store file read lazily: one text parsed when needed.

    Each entry is one line (``\\n    "<id>": "<text>"``, JSON strings hold no raw
    newline); the first lookup walks the lines once to learn where each starts.
    """

    def __init__(self, path: Path | None, raw: Any, start: int, stop: int) -> None:
        self.path, self._raw, self._span = path, raw, (start, stop)
        #: where a text not in the table is found: the document record itself
        self.fallback: Any = None
        self._lines: dict[str, tuple[int, int]] | None = None
        self._cache: dict[str, str] = {}
        self.marker_at = start

    @classmethod
    def after(cls, path: Path | None, raw: Any, position: int) -> TextTable | None:
        """The table if the file's last table, at or after *position*, is ``texts``."""
        marker = b'\n  "' + TABLE.encode() + b'": {'
        at = raw.rfind(marker, position)
        if at < 0:
            return None
        table = cls(path, raw, at + len(marker), len(raw))
        table.marker_at = at
        return table

    def get(self, doc: Any) -> str | None:
        if type(doc) is not str:
            return None
        found = self._cache.get(doc)
        if found is not None:
            return found
        if self._lines is None:
            self._lines = self._walk()
        span = self._lines.get(doc)
        if span is None:
            return self.fallback(doc) if self.fallback is not None else None
        import orjson

        try:
            value = orjson.loads(self._raw[span[0]:span[1]])
        except ValueError:
            raise StoreCorrupt(f"{self.path}: the text of document {doc!r} is not "
                               "valid JSON") from None
        if type(value) is not str:
            raise StoreCorrupt(f"{self.path}: the text of document {doc!r} is not text")
        if len(self._cache) >= 256:  # facts come grouped by document: keep the recent
            self._cache.clear()
        self._cache[doc] = value
        return value

    def _walk(self) -> dict[str, tuple[int, int]]:
        import orjson

        raw, (position, stop) = self._raw, self._span
        lines: dict[str, tuple[int, int]] = {}
        while True:
            position = raw.find(b'\n    "', position, stop)
            if position < 0:
                return lines
            end = raw.find(b"\n", position + 1, stop)
            end = stop if end < 0 else end
            line = raw[position + 5:end].rstrip(b",")
            colon = line.find(b'": "')
            if colon > 0:
                try:
                    key = orjson.loads(line[:colon + 1])
                except ValueError:
                    key = None
                if type(key) is str:
                    value_at = position + 5 + colon + 3
                    lines[key] = (value_at, position + 5 + len(line))
            position = end
