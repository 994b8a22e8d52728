"""The document as the extractors see it: its text, folded text, sentences and as-of date."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mali_facts.text import fold, normalize_space, split_sentences

EVIDENCE_WINDOW = 300
#: Languages with their own resources; anything else is read as English.
LANGUAGES: frozenset[str] = frozenset({"en", "fr"})


@dataclass(slots=True)
class Source:
    """One document prepared once for every extractor.

    ``as_of`` is the day relative dates are resolved against (the publication date), or
    None when it is unknown: relative dates are then kept unresolved, never guessed.
    ``as_of_precision`` says how much of ``as_of`` is known ("day", "month" or "year";
    for "month" the day is the 1st). ``lang`` ("en", "fr") picks the word lists and
    patterns under ``resources/<lang>/``; an unknown language falls back to English.
    """

    text: str
    as_of: dt.date | None = None
    as_of_precision: str = "day"
    lang: str = "en"
    folded: str = field(init=False)
    sentences: list[tuple[int, int]] = field(init=False)
    _starts: list[int] = field(init=False, repr=False)
    #: results extractors share within one document (e.g. date spans, which figures skip)
    memo: dict[str, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.lang = self.lang if self.lang in LANGUAGES else "en"
        self.folded = fold(self.text)
        self.sentences = split_sentences(self.text)
        self._starts = [s for s, _ in self.sentences]

    def sentence_span(self, offset: int) -> tuple[int, int]:
        """The span of the sentence holding *offset* (the whole text if none does)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0:
            start, end = self.sentences[i]
            if start <= offset < end:
                return start, end
        return 0, len(self.text)

    def evidence(self, start: int, end: int) -> str:
        """The whitespace-normalised sentence around ``start:end``.

        A "sentence" in text without punctuation can be megabytes long; the evidence is
        then cut to :data:`EVIDENCE_WINDOW` characters each side of the fact, marked
        with an ellipsis, so each fact stays small whatever the input.
        """
        s, e = self.sentence_span(start)
        e = max(e, end)
        prefix = suffix = ""
        if start - s > EVIDENCE_WINDOW:
            s, prefix = start - EVIDENCE_WINDOW, "… "
        if e - end > EVIDENCE_WINDOW:
            e, suffix = end + EVIDENCE_WINDOW, " …"
        return prefix + normalize_space(self.text[s:e]) + suffix
