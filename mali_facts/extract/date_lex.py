"""Date patterns written as data: templates in ``resources/<lang>/dates.json``.

A language other than English gives its date expressions as regular-expression
templates (HeidelTime style) with placeholders (``%MONTH%``, ``%WEEKDAY%``, ``%YEAR%``,
``%SP%``...) filled from its own word tables, and a ``canon`` table that maps each
matched word to the token the shared builders of :mod:`dates` understand ("dernier" ->
"last", "juillet" -> "july"). So one engine reads every language; no rule is copied.
"""

from __future__ import annotations

import re
from typing import Any

from mali_facts.text import normalize_space

SP = r"\s{1,6}"
YEAR = r"(?:19|20)\d\d"


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def placeholders(data: dict[str, Any]) -> dict[str, str]:
    """The placeholder values of one language's date resource."""
    values = {"SP": SP, "SP0": r"\s{0,6}", "YEAR": YEAR, "MONTH": _alternation(data["months"]),
              "WEEKDAY": _alternation(data["weekdays"]), "APOS": "['\u2019]"}
    for name, words in data.get("word_classes", {}).items():
        values[name.upper()] = _alternation(words)
    return values


def compile_template(template: str, values: dict[str, str]) -> re.Pattern[str]:
    """*template* with every ``%NAME%`` replaced, compiled (an unknown name is an error)."""
    def fill(m: re.Match[str]) -> str:
        return values[m.group(1)]
    return re.compile(re.sub(r"%([A-Z0-9_]+)%", fill, template))


class CanonMatch:
    """A match whose groups read as canonical tokens, offsets unchanged.

    A template may repeat a group under ``name_2`` (French puts "dernier" after the
    weekday, or "ce" before it); ``group("rel")`` returns whichever took part.
    """

    __slots__ = ("m", "canon", "re")

    def __init__(self, m: re.Match[str], canon: dict[str, str]) -> None:
        self.m, self.canon, self.re = m, canon, m.re

    def _name(self, name: int | str) -> int | str:
        if isinstance(name, int) or self.m.re.groupindex.get(name) is None:
            return name
        alt = f"{name}_2"
        if self.m.group(name) is None and alt in self.m.re.groupindex:
            return alt
        return name

    def group(self, name: int | str = 0) -> str | None:
        if isinstance(name, str) and name not in self.m.re.groupindex:
            return None
        raw = self.m.group(self._name(name))
        if raw is None:
            return None
        key = normalize_space(raw.replace("\u2019", "'"))
        return self.canon.get(key, key)

    def __getitem__(self, name: int | str) -> str | None:
        return self.group(name)

    def start(self, name: int | str = 0) -> int:
        if isinstance(name, str) and name not in self.m.re.groupindex:
            return -1
        return self.m.start(self._name(name))

    def end(self, name: int | str = 0) -> int:
        if isinstance(name, str) and name not in self.m.re.groupindex:
            return -1
        return self.m.end(self._name(name))
