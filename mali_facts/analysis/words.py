"""Words for matching: folded, stemmed, stop words dropped.

A question and a fact rarely share exact word forms ("arrested" / "arrest", "Ségou" /
"segou"), so both sides are reduced the same way before they are compared. Stemming is
the Snowball algorithm (English and French), from the maintained ``snowballstemmer``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mali_facts.text import fold_query, word_set

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

#: Function words that say nothing about which fact is meant (English and French).
STOP_WORDS = word_set("""
    a an the of in on at to for from by with about as into over under after before since
    until during between against among than then and or but nor not no so if is are was
    were be been being has have had do does did will would shall should can could may
    might must its it this that these those there their they them he she his her him we
    our you your i me my who whom whose what which when where why how many much long
    far any some all each every also still yet just only very more most less least such
    same other another own up down out off again further once here now being ever
    le la les un une des du de d l et ou en au aux dans par pour sur avec sans sous qui
    que quoi quel quelle quels quelles est sont a ont il elle ils elles ce cette ces se
    sa son ses leur leurs combien quand ou comment
""")

_STEMMERS: dict[str, object] = {}


def _stemmer(language: str) -> object:
    if language not in _STEMMERS:
        import snowballstemmer

        _STEMMERS[language] = snowballstemmer.stemmer(language)
    return _STEMMERS[language]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The English Snowball stem of a folded word; numbers are kept as they are."""
    if word.isdigit() or len(word) < 4:
        return word
    return _stemmer("english").stemWord(word)  # type: ignore[attr-defined]


def tokens(text: str) -> list[str]:
    """Folded word tokens of *text* (accents and case removed, hyphenated words kept)."""
    folded = fold_query(text).replace("\u2019", "'")
    out: list[str] = []
    for token in _TOKEN.findall(folded):
        out.append(token)
        if "-" in token:  # "al-qaeda" also matches "qaeda"; "covid-19" matches "covid"
            out.extend(part for part in token.split("-") if part)
        if "'" in token:  # "mali's" -> "mali"
            out.append(token.split("'")[0])
    return out


def content_stems(text: str) -> list[str]:
    """Stems of the words of *text* that carry meaning, in order, without repeats."""
    seen: list[str] = []
    for token in tokens(text):
        if token in STOP_WORDS or len(token) < 2:
            continue
        stemmed = stem(token)
        if stemmed not in seen:
            seen.append(stemmed)
    return seen


def stem_set(text: str) -> frozenset[str]:
    """Every stem of *text*, stop words included (a fact's side of the comparison)."""
    return frozenset(stem(t) for t in tokens(text))
