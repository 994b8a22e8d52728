"""One language's figure vocabulary, as compiled patterns the figure engine reads.

English is built in :mod:`figures` from its long-standing patterns; every other
language comes from ``resources/<lang>/figures.json`` (number and scale words,
qualifiers, units, the words that end a counted noun phrase). Spelled-out numbers of
such a language are read by ``text2num`` (a maintained multi-language parser), so no
number grammar is written here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from mali_facts.extract.resources import load

NEVER = re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class FigureLex:
    """What the figure engine needs to know about one language."""

    number_re: re.Pattern[str]
    scales: dict[str, int]
    scale_after: re.Pattern[str]
    percent_after: re.Pattern[str]
    currency_after: re.Pattern[str]
    times_after: re.Pattern[str]
    of_after: re.Pattern[str]
    np_stop: frozenset[str]
    time_units: dict[str, str]
    qualifiers: tuple[tuple[str, str], ...]
    qualifier_before: re.Pattern[str]
    particle_verb_before: re.Pattern[str]
    skip_identifier_before: re.Pattern[str]
    rank_before: re.Pattern[str]
    time_of_day_after: re.Pattern[str]
    participle_endings: tuple[str, ...]
    decimal_comma: bool
    parse_words: Callable[[str], int | None]
    approx_words: dict[str, int]
    fractions: dict[str, float]
    idioms: re.Pattern[str] = NEVER
    #: number words that are no figure on their own ("un", a bare "millions")
    lone_words: frozenset[str] = frozenset()
    #: a participle right after the number is the counted noun ("3 000 déplacés")
    participle_noun: bool = False


def qualifier_pattern(qualifiers: tuple[tuple[str, str], ...], gap: str) -> re.Pattern[str]:
    """One pattern whose group ``q<i>`` says which qualifier ends right before a number."""
    alternatives = "|".join(rf"(?P<q{i}>\b(?:{p}))" for i, (p, _) in enumerate(qualifiers))
    return re.compile(f"(?:{alternatives}){gap}$")


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _text2num_parser(lang: str) -> Callable[[str], int | None]:
    def parse(phrase: str) -> int | None:
        from text_to_num import text2num  # the one spelled-number grammar we rely on

        try:
            value = text2num(re.sub(r"\s+", " ", phrase.lower().strip()), lang)
        except (ValueError, TypeError):
            return None
        return int(value) if isinstance(value, int | float) else None
    return parse


@cache
def from_resource(lang: str) -> FigureLex:
    """The figure lexicon of *lang* from its ``figures.json``."""
    data = load(lang, "figures")
    p = data["patterns"]
    words = _alternation(data["number_words"])
    approx = _alternation(data["approx_words"])
    fractions = _alternation(data["fractions"])
    vague = _alternation(data["vague_words"])
    number_re = re.compile(
        rf"(?P<fraction>(?<![\w/.,])\d{{1,3}}/\d{{1,3}}(?![\w/]))"
        rf"|(?P<digits>(?<![\d.,])(?:{p['digits']}))"
        rf"|(?P<fracword>\b(?:{fractions})\b)"
        rf"|(?P<approxword>\b(?:{approx})\b)"
        rf"|(?P<vague>{p['vague_before']}\b(?:{vague})\b)"
        rf"|(?P<words>\b(?:{words})(?:(?:{p['number_joiner']})(?:{words})){{0,6}}\b)"
    )
    qualifiers = tuple((q["pattern"], q["name"]) for q in data["qualifiers"])
    scales = data["scales"]
    return FigureLex(
        number_re=number_re, scales=scales,
        scale_after=re.compile(rf"\s{{1,6}}(?P<scale>{_alternation(scales)})\b(?P<short>(?!))?"),
        percent_after=re.compile(p["percent_after"]),
        currency_after=re.compile(p["currency_after"]),
        times_after=re.compile(p["times_after"]),
        of_after=re.compile(p["of_after"]),
        np_stop=frozenset(data["np_stop"]),
        time_units=data["time_units"],
        qualifiers=qualifiers,
        qualifier_before=qualifier_pattern(qualifiers, p["qualifier_gap"]),
        particle_verb_before=NEVER,
        skip_identifier_before=re.compile(p["skip_identifier_before"]),
        rank_before=re.compile(p["rank_before"]),
        time_of_day_after=re.compile(p["time_of_day_after"]),
        participle_endings=tuple(data["participle_endings"]),
        decimal_comma=bool(data.get("decimal_comma")),
        parse_words=_text2num_parser(lang),
        approx_words=data["approx_words"],
        fractions=data["fractions"],
        idioms=re.compile(p["idioms"]) if p.get("idioms") else NEVER,
        lone_words=frozenset(data.get("lone_words_not_figures", [])),
        participle_noun=bool(data.get("participle_after_number_is_noun")),
    )
