"""One document's text to its records: metadata settled, language known, facts extracted.

Values given by the caller (an option, a manifest line, a sidecar, the ``extract``
input) win over the values the document states, and ``meta_source`` records where each
came from. Extraction runs here, so this module is imported only on ingest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from mali_facts.errors import UsageError
from mali_facts.inputs import Text
from mali_facts.inputs.metadata import PUBLISHED_YEARS
from mali_facts.model import KINDS, Fact, assign_ids, fact_sort_key

#: Metadata a caller may give (option, manifest, sidecar, extract input).
GIVEN_FIELDS = ("published", "title", "outlet", "author", "lang", "url")
#: Where a value was given rather than found: ``--replace`` keeps these.
GIVEN_SOURCES = frozenset(("option", "manifest", "sidecar", "input"))


@dataclass
class PreparedDocument:
    """A document read, checked and extracted; ids are given when it is stored."""

    text: str
    source: str
    metadata: dict[str, Any]
    facts: list[Fact]
    resolved: bool
    sha256: str = ""
    path: str | None = None  # the file's resolved path: its identity for --replace
    format: str = "text"
    source_sha256: str = ""
    meta_source: dict[str, str] = field(default_factory=dict)
    exact: bool = True  # the text is the file's own: the record need not hold it

    def records(self, doc_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The document record and fact records under *doc_id*."""
        assign_ids(doc_id, self.facts)
        facts = sorted((f.to_record() for f in self.facts), key=fact_sort_key)
        document = {"id": doc_id, **self.metadata, "sha256": self.sha256,
                    "words": len(self.text.split()), "chars": len(self.text),
                    "source": self.source, "format": self.format,
                    "source_sha256": self.source_sha256,
                    "meta_source": dict(sorted(self.meta_source.items()))}
        if self.path is not None:
            document["path"] = self.path
        if not self.exact:
            document["text"] = self.text  # offsets index this text, not the file's bytes
        return document, facts

    def counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in KINDS}
        for fact in self.facts:
            counts[fact.kind] += 1
        return counts


def parse_published(value: str) -> tuple[dt.date, str]:
    """``--published``: ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``) -> (anchor day, precision)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not match or (match.group(3) and not match.group(2)):
        raise UsageError(f"--published: {value!r} is not a date; use YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        anchor = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise UsageError(f"--published: {value!r} is not a valid date") from None
    if anchor.year not in PUBLISHED_YEARS:
        raise UsageError(f"--published: {value!r} is outside the years "
                         f"{PUBLISHED_YEARS.start}-{PUBLISHED_YEARS.stop - 1}")
    precision = "day" if day else "month" if month else "year"
    return anchor, precision


def _extract(text: str, as_of: dt.date | None, precision: str, lang: str | None) -> list[Fact]:
    """The extractor, told the document's language (English when none is known)."""
    from mali_facts.extract import extract

    return extract(text, as_of, precision, lang=lang or "en")


def prepare(read: Text | str, *, source: str, published: str | None = None,
            title: str | None = None, outlet: str | None = None,
            author: str | None = None, given: dict[str, str] | None = None,
            given_from: str | dict[str, str] = "option") -> PreparedDocument:
    """Extract a document; relative dates are resolved only against a known publication
    date. Values given (arguments, or *given*, from *given_from*: one source for all or
    one per field) win over those the document states; the language is detected unless
    given."""
    from mali_facts.inputs.language import detect_language

    if isinstance(read, str):
        from mali_facts.inputs.metadata import detect

        found, rules = detect(read)
        read = Text(read, "text", hashlib.sha256(read.encode("utf-8")).hexdigest(),
                    found, rules)
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    stated = {"published": published, "title": title, "outlet": outlet, "author": author}
    for key in GIVEN_FIELDS:
        if stated.get(key):
            values[key], sources[key] = str(stated[key]), "option"
        elif given and given.get(key):
            values[key] = given[key]
            sources[key] = given_from if isinstance(given_from, str) else given_from[key]
        elif read.metadata.get(key):
            values[key], sources[key] = read.metadata[key], read.meta_source[key]
    text = read.text
    if "lang" not in values:
        lang = detect_language(text)
        if lang:
            values["lang"], sources["lang"] = lang, "detected"
    as_of: dt.date | None = None
    precision = "day"
    if values.get("published"):
        try:
            as_of, precision = parse_published(values["published"])
        except UsageError:  # a date the document states but no calendar has
            del values["published"], sources["published"]
    facts = _extract(text, as_of, precision, values.get("lang"))
    metadata: dict[str, Any] = {"title": None, "outlet": None, "author": None,
                                "published": None}
    metadata.update(values)
    return PreparedDocument(text, source, metadata, facts, as_of is not None,
                            hashlib.sha256(text.encode("utf-8")).hexdigest(),
                            format=read.format, source_sha256=read.source_sha256,
                            meta_source=sources, exact=read.exact)
