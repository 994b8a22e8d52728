"""Text helpers shared by extraction and querying: accent folding, sentences, whitespace.

Nothing here imports anything heavier than the standard library: the query path uses
:func:`fold` on every search.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Typographic characters folded to their plain ASCII cousins so that "Workers’" in one
# source matches "Workers'" in a query or a gazetteer.
_PUNCT_FOLD = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


_FOLDED_RUNS: dict[str, str] = {}


def _fold_run(match: re.Match[str]) -> str:
    run = match.group()
    folded = _FOLDED_RUNS.get(run)
    if folded is None:
        folded = "".join([_fold_char(c) for c in run])
        if len(_FOLDED_RUNS) < 65536:  # bounded: arbitrary input cannot grow it forever
            _FOLDED_RUNS[run] = folded
    return folded


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _PUNCT_FOLD:
        return _PUNCT_FOLD[char]
    if char.isascii():
        return char.lower()
    base = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in base if not unicodedata.combining(c)) or char
    lowered = base.lower()
    return lowered[0] if lowered else char


def fold(text: str) -> str:
    """Lower-case and strip accents, one output character per input character.

    Keeping the length lets a match found in the folded text be mapped straight back to
    the original offsets ("Ségou" and "segou" have the same span).
    """
    if text.isascii():
        return text.lower()
    # news text is mostly ASCII: fold the rare non-ASCII runs, then lower-case the rest
    # (ASCII lower-casing keeps the length; _fold_char already returns lower case)
    return _NON_ASCII_RUN.sub(_fold_run, text).lower()


def word_set(words: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of *words* (readable word lists)."""
    return frozenset(words.split())


def fold_query(text: str) -> str:
    """Fold for comparison only (length not kept): NFC first, then collapse whitespace."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(fold(text).split())


_WHITESPACE = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (line breaks from PDFs included) to single spaces."""
    return _WHITESPACE.sub(" ", text).strip()


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets and a glued
# footnote number such as "population.1"), then whitespace, then something that can
# start a sentence. Blank lines end a paragraph unless the next one starts in lower case
# (a page break in the middle of a sentence).
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "maj", "capt", "sgt", "gov", "sen",
    "rep", "prof", "jr", "sr", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.n", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx",
    "est",
))
_END = re.compile(
    r"""(?<=[.!?])["'\u201d\u2019\u00bb)\]]*\d{0,2}(?=\s+["'\u201c\u2018\u00ab(\[]?[A-Z0-9\u00c0-\u00de])"""
    r"""|(?<=[.!?]["'\u201d\u2019\u00bb])(?=\s)"""
    # a list item on its own line ("- 9 March: ...", "• on defence: ...") starts afresh
    r"""|(?=\n[ \t]{0,8}[-\u2022*\u2013\u25aa\u25cf][ \t])"""
)
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences (and headings) of *text*, in order, trimmed of whitespace."""
    spans: list[tuple[int, int]] = []
    para_start = 0
    breaks = [m for m in _PARAGRAPH.finditer(text)]
    for m in breaks + [None]:
        end = m.start() if m else len(text)
        nxt = m.end() if m else len(text)
        if m is not None and nxt < len(text) and text[nxt].islower():
            continue  # page break inside a sentence: keep reading
        _split_paragraph(text, para_start, end, spans)
        para_start = nxt
    return spans


def _split_paragraph(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    cursor = start
    for m in _END.finditer(text, start, end):
        cut = m.end()
        word = re.search(r"(\S+)$", text[cursor:cut])
        if word:
            token = word.group(1).rstrip(".!?\"'\u201d\u2019)]0123456789").lower()
            if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
                continue  # "Dr." or "U.S." or an initial: not the end of a sentence
        _append_trimmed(text, cursor, cut, out)
        cursor = cut
    _append_trimmed(text, cursor, end, out)


def _append_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
