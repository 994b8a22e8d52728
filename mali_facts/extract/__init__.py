"""Turn a document's text into facts: ``extract(text, as_of)``.

Extraction is pure: it knows nothing of the store, Click or Rich, and the same text and
as-of date always give the same facts in the same order.
"""

from __future__ import annotations

import datetime as dt

from mali_facts.extract.counted import carry_compared_counts
from mali_facts.extract.dates import extract_dates
from mali_facts.extract.events import name_pronoun_subjects
from mali_facts.extract.figures import extract_figures
from mali_facts.extract.orgs import extract_orgs
from mali_facts.extract.people import extract_officials
from mali_facts.extract.places import extract_places
from mali_facts.extract.source import Source
from mali_facts.model import Fact

__all__ = ["Source", "extract", "extract_source"]

EXTRACTORS = (extract_dates, extract_figures, extract_orgs, extract_places, extract_officials)


def extract(text: str, as_of: dt.date | None = None, as_of_precision: str = "day",
            lang: str = "en") -> list[Fact]:
    """All facts of *text*, in document order, each with its evidence sentence.

    *lang* ("en" or "fr") is the language of the text; other values read as English.
    """
    return extract_source(Source(text, as_of, as_of_precision, lang))


def extract_source(source: Source) -> list[Fact]:
    facts: list[Fact] = []
    for extractor in EXTRACTORS:
        facts.extend(extractor(source))
    for fact in facts:
        fact.evidence = source.evidence(fact.start, fact.end)
    name_pronoun_subjects(facts)
    carry_compared_counts(source, facts)
    facts.sort(key=lambda f: (f.start, f.end, f.kind))
    return facts
