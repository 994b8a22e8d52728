"""Gazetteers and the phrase matcher the entity extractors share.

The JSON files are read lazily (on the first extraction, never at import) and cached,
so the query path never pays for them. Matching runs over word tokens of the folded
text: a dict lookup per token and candidate length, longest first, so it stays linear
whatever the input (no regex backtracking over names).
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from mali_facts.text import fold

GAZETTEER_DIR = Path(__file__).resolve().parent

#: A word token: letters and digits (of any script), never the underscore.
TOKEN = re.compile(r"[^\W_]+")
#: What may separate two tokens of one name: a little whitespace (line breaks from PDFs
#: included), one hyphen/apostrophe/ampersand/slash, or a dot glued between initials.
_SOFT_GAP = re.compile(r"[^\S\r]{1,4}|[^\S\r]{0,3}[-'&/][^\S\r]{0,3}|\.")
#: Longest gap looked at: anything longer separates names for sure.
_MAX_GAP = 8


class Tokens(NamedTuple):
    """Word tokens of a folded text: their strings and offsets (shared with the text)."""

    words: list[str]
    starts: list[int]
    ends: list[int]


@lru_cache(maxsize=8)
def tokenize(folded: str) -> Tokens:
    """Tokens of *folded* text; cached because all three extractors ask for them."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in TOKEN.finditer(folded):
        words.append(m.group())
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(words, starts, ends)


def gap_key(gap: str) -> str:
    """How a gap between two name tokens must look: "" when soft, else its punctuation."""
    if len(gap) > _MAX_GAP:
        return "\x00"  # never equal to a stored gap
    if _SOFT_GAP.fullmatch(gap):
        return ""
    return "".join(gap.split())


def is_acronym_token(token: str) -> bool:
    """"UNTM", "M5", "FAMa": tokens whose capitals carry meaning (not "Mali", "Jnim")."""
    return sum(c.isupper() for c in token) >= 2 or (token.isupper() and len(token) >= 2)


def case_ok(surface: str, alias: str) -> bool:
    """Does the text's capitalisation fit the alias? "US" never matches "us", "Niger"
    never "niger", but "MALI" (a headline) matches "Mali"."""
    s_tokens = TOKEN.findall(surface)
    a_tokens = TOKEN.findall(alias)
    if len(s_tokens) != len(a_tokens):
        return False
    for s, a in zip(s_tokens, a_tokens, strict=True):
        if is_acronym_token(a):
            if not (s.isupper() or [c.isupper() for c in s] == [c.isupper() for c in a]):
                return False
        elif a[:1].isupper() and not s[:1].isupper():
            return False
    return True


class Match(NamedTuple):
    start: int
    end: int
    alias: str
    payload: Any
    first_token: int
    n_tokens: int


class PhraseMatcher:
    """Finds gazetteer phrases in a text, longest first, without overlaps.

    Built from ``(alias, payload)`` pairs; several aliases may share a payload.
    """

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        self._index: dict[tuple[str, ...], list[tuple[tuple[str, ...], str, Any]]] = {}
        lengths: dict[str, set[int]] = {}
        for alias, payload in phrases:
            folded = fold(alias)
            spans = [(m.start(), m.end()) for m in TOKEN.finditer(folded)]
            if not spans:
                continue
            key = tuple(folded[s:e] for s, e in spans)
            gaps = tuple(gap_key(folded[spans[i][1]:spans[i + 1][0]])
                         for i in range(len(spans) - 1))
            self._index.setdefault(key, []).append((gaps, alias, payload))
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, phrase: str) -> list[Any]:
        """Payloads of an exact phrase (case- and accent-insensitive)."""
        key = tuple(TOKEN.findall(fold(phrase)))
        return [payload for _, _, payload in self._index.get(key, [])]

    def keys(self) -> Iterable[tuple[str, ...]]:
        return self._index.keys()

    def find(
        self,
        text: str,
        folded: str,
        accept: Callable[[str, str, Any], bool] | None = None,
    ) -> list[Match]:
        """Non-overlapping matches, left to right, the longest at each position.

        *accept(surface, alias, payload)* may veto a candidate (capitalisation rules);
        by default :func:`case_ok` does.
        """
        toks = tokenize(folded)
        words, starts, ends = toks
        out: list[Match] = []
        i, n_words = 0, len(words)
        while i < n_words:
            found = self.match_at(text, folded, toks, i, accept)
            if found is None:
                i += 1
                continue
            out.append(found)
            i += found.n_tokens
        return out

    def match_at(
        self,
        text: str,
        folded: str,
        toks: Tokens,
        i: int,
        accept: Callable[[str, str, Any], bool] | None = None,
    ) -> Match | None:
        """The longest phrase starting at token *i*, or None."""
        words, starts, ends = toks
        lengths = self._lengths.get(words[i])
        if not lengths:
            return None
        for n in lengths:
            if i + n > len(words):
                continue
            entries = self._index.get(tuple(words[i:i + n]))
            if not entries:
                continue
            gaps = tuple(gap_key(folded[ends[j]:starts[j + 1]]) for j in range(i, i + n - 1))
            start, end = starts[i], ends[i + n - 1]
            surface = text[start:end]
            for want_gaps, alias, payload in entries:
                if want_gaps != gaps:
                    continue
                ok = accept(surface, alias, payload) if accept else case_ok(surface, alias)
                if ok:
                    return Match(start, end, alias, payload, i, n)
        return None


# ---------------------------------------------------------------------------- loading

@cache
def load(name: str) -> tuple[dict[str, Any], ...]:
    """Entries of ``<name>.json``; empty when the file is missing or unreadable (an
    extractor then finds less, it never fails)."""
    path = GAZETTEER_DIR / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ()
    except (OSError, ValueError) as exc:
        warnings.warn(f"gazetteer {path.name} unreadable: {exc}", stacklevel=2)
        return ()
    if not isinstance(data, list):
        return ()
    return tuple(e for e in data if isinstance(e, dict))


def entry_names(entry: dict[str, Any], fields: Sequence[str] = ("name", "aliases")) -> list[str]:
    """Every spelling an entry is known by (its name, full name, aliases)."""
    names: list[str] = []
    for f in fields:
        value = entry.get(f)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names += [v for v in value if isinstance(v, str)]
    return [n for n in dict.fromkeys(names) if n.strip()]


def build_matcher(entries: Iterable[dict[str, Any]],
                  fields: Sequence[str] = ("name", "aliases")) -> PhraseMatcher:
    """A matcher whose payload is the entry itself (tests pass their own entries)."""
    return PhraseMatcher((alias, entry) for entry in entries
                         for alias in entry_names(entry, fields))


@cache
def place_matcher() -> PhraseMatcher:
    return build_matcher(load("places"))


@cache
def org_matcher() -> PhraseMatcher:
    return build_matcher(load("orgs"), ("name", "full_name", "aliases"))


@cache
def official_matcher() -> PhraseMatcher:
    return build_matcher(load("officials"))


@cache
def demonyms() -> dict[str, str]:
    """Folded demonym -> place name ("malian" -> "Mali")."""
    out: dict[str, str] = {}
    for entry in load("demonyms"):
        word = entry.get("demonym") or entry.get("name")
        if isinstance(word, str) and word.strip():
            out[fold(word).strip()] = str(entry.get("place") or "")
    return out


def clear_caches() -> None:
    """Forget loaded files (tests that swap gazetteers)."""
    for fn in (load, place_matcher, org_matcher, official_matcher, demonyms, tokenize):
        fn.cache_clear()
