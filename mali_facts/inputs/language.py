"""A document's language, English or French, from its text.

lingua (lingua-language-detector) ships its language models inside the package, so
nothing is downloaded at run time; it is restricted to the languages the extractor has
rules for, which makes it both faster and surer. Measured by
``python scripts/measure_lang.py`` on the test articles. Imported only on ingest.
"""

from __future__ import annotations

from functools import cache
from typing import Any

LANGS = ("en", "fr")
#: Enough of a long document to decide; the rest only costs time.
SAMPLE_CHARS = 2500
MIN_LETTERS = 20


@cache
def _detector() -> tuple[Any, dict[Any, str]]:
    from lingua import Language, LanguageDetectorBuilder

    codes = {Language.ENGLISH: "en", Language.FRENCH: "fr"}
    # trigram models only: loaded in 30 ms instead of 400, and as sure on anything longer
    # than a headline (scripts/measure_lang.py)
    builder = LanguageDetectorBuilder.from_languages(*codes).with_low_accuracy_mode()
    return builder.build(), codes


def detect_language(text: str) -> str | None:
    """``en`` or ``fr``, or None for a text too short (or too odd) to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for c in sample if c.isalpha()) < MIN_LETTERS:
        return None
    detector, codes = _detector()
    return codes.get(detector.detect_language_of(sample))
