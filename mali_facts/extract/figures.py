"""Figures: numbers in the text, what they count, their unit and how exact they are.

A figure's span is the number itself ("14,252", "Four", "five-day"); its context span
adds the qualifier and the counted noun ("at least 20,000 young graduates"). Digits that
are not quantities are left out on purpose: footnote markers glued to words in PDF text
("population.1"), digits inside names ("G5 Sahel", "COVID-19", "Resolution 2100"), and
calendar parts (years and days of month belong to the date extractor).

The language's words (number and scale words, qualifiers, units, digit grouping) come
from a :class:`~mali_facts.extract.figure_lex.FigureLex`: English from the patterns
below, other languages from ``resources/<lang>/figures.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mali_facts.extract.counted import describe_figure
from mali_facts.extract.dates import find_date_candidates
from mali_facts.extract.figure_lex import FigureLex, from_resource
from mali_facts.extract.numbers import (
    DIGITS_PATTERN,
    FRACTION_DENOMINATORS,
    FRACTION_WORD_PATTERN,
    NUMBER_WORD_PATTERN,
    SCALES,
    parse_digits,
    parse_fraction_words,
    parse_number,
    parse_number_words,
)
from mali_facts.extract.source import Source
from mali_facts.model import Fact
from mali_facts.text import normalize_space, word_set

_SP = r"\s{1,6}"

NUMBER_RE = re.compile(
    rf"(?P<fraction>(?<![\w/.,])\d{{1,3}}/\d{{1,3}}(?![\w/]))"
    rf"|(?P<digits>(?<![\d.,])(?:{DIGITS_PATTERN}))"
    rf"|(?P<half>\bhalf{_SP}a{_SP}(?:dozen|hundred|thousand|million|billion)\b)"
    rf"|(?P<article>\ba{_SP}(?:dozen|hundred|thousand|million|billion)\b)"
    rf"|(?P<halfword>\bhalf\b(?!-))"
    rf"|(?P<words>\b{NUMBER_WORD_PATTERN}\b)"
    rf"|(?P<vague>\b(?:dozens|hundreds|thousands|millions|tens{_SP}of{_SP}thousands)\b)"
)
# Spelled-out fractions: found from their rare denominator word, then matched backwards
# over the short numerator, so the common words "a" and "one" cost nothing extra.
_FRACTION_CORE = re.compile(rf"\b(?:{'|'.join(FRACTION_DENOMINATORS)})s?\b(?!-)")
# "one in five children": a ratio, one figure (0.2), not "one" and "five".
_RATIO = re.compile(
    rf"\b(?P<num>one|two|three|four|\d{{1,2}}){_SP}in{_SP}(?:every{_SP})?"
    rf"(?P<den>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|\d{{1,3}})\b(?![,.]\d)"
)
_FRACTION_FULL = re.compile(rf"\b{FRACTION_WORD_PATTERN}\Z")
_SCALE_AFTER = re.compile(rf"{_SP}(?P<scale>million|billion|thousand)\b|(?P<short>bn|m)\b")
_PERCENT_AFTER = re.compile(rf"\s?%|{_SP}(?:percent|per{_SP}cent)\b")
_CURRENCY_AFTER = re.compile(
    rf"{_SP}(?P<cur>cfa{_SP}francs|fcfa|cfa|francs|us{_SP}dollars|dollars|euros|pounds)\b"
)
_CURRENCY_BEFORE = re.compile(r"(?P<cur>us\$|\$|€|£)\s?$")
_TIMES_AFTER = re.compile(rf"{_SP}times\b")
_COMPOUND_AFTER = re.compile(r"-(?P<word>[a-z]+)(?P<old>-old)?\b")
_OF_AFTER = re.compile(rf"{_SP}of(?:{_SP}(?:the|these|those|its|their|his|her))?(?={_SP}\S)")
_OUT_OF_AFTER = re.compile(rf"(?:{_SP}(?P<noun>[a-z][a-z-]*))?{_SP}out{_SP}of(?:{_SP}the)?{_SP}$")
_BARE_NUMBER_VERB = re.compile(r"\s{1,6}(?:are|were|is|was|have|had|of\s+them)\b")
# Verbs whose particle looks like a qualifier: "revolves around six axes" is exact.
_PARTICLE_VERB_BEFORE = re.compile(
    r"\b(?:revolv|cent(?:er|re)|focus|built|based|organi[sz]|circl|talk|think|thought|worr|"
    r"bring|brought|came|come|set|care|ask|hand|took|take|taken|fight|fought|argu|rul|won|win|"
    r"went|go|goes|gone|presid|disput|clash|spread|split|divid|pass|pull|turn|stand|stood)"
    r"[a-z]*\s{1,6}(?:around|about|over|under|some)\s{1,6}$"
)
_WORD = re.compile(r"\s{0,6}(?P<word>[^\W\d_][\w'’-]*)")

QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"(?:a\s+little|just|slightly)\s+(?:over|more\s+than|above)", "more_than"),
    (r"more\s+than|over|above|in\s+excess\s+of|upwards\s+of|exceeding", "more_than"),
    (r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of", "at_least"),
    (r"about|around|nearly|almost|approximately|roughly|some|close\s+to|an\s+estimated|"
     r"estimated|up\s+to|as\s+many\s+as|at\s+most|fewer\s+than|less\s+than|under|"
     r"at\s+most|just\s+under|barely|only\s+about", "approx"),
)
_QUALIFIER_BEFORE = re.compile(
    "(?:" + "|".join(rf"(?P<q{i}>\b(?:{pattern}))" for i, (pattern, _) in enumerate(QUALIFIERS))
    + r")\s{1,6}(?:\$|€|£|us\$)?\s?$"
)
_SKIP_IDENTIFIER_BEFORE = re.compile(
    r"\b(?:resolution|resolutions|decree|law|chapter|section|page|pages|p\.|pp\.|flight|"
    r"route|road|room|code|ordinance|act|item|paragraph|annex|phase)\s{1,3}$"
)
_RANK_BEFORE = re.compile(r"\b(?P<kind>article|articles|number|no\.|n°|#)\s{0,3}$")
_TIME_OF_DAY_AFTER = re.compile(rf"(?::\d\d|{_SP}?(?:a\.m\.|p\.m\.|am|pm|gmt|utc|h\d\d)\b)")
_GLUED_UNIT = re.compile(r"(?:km|kg|bn|m|mn|k|%)\b")

TIME_UNITS: dict[str, str] = {
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
    "months": "month", "year": "year", "years": "year", "decade": "decade",
    "decades": "decade", "hour": "hour", "hours": "hour", "minute": "minute",
    "minutes": "minute", "mins": "minute", "min": "minute", "second": "second",
    "seconds": "second", "night": "night", "nights": "night",
}
# Words that end a counted noun phrase ("17 civilians were executed", "111 votes out").
_NP_STOP = word_set(
    """of in on at by for from to into with without within and or but nor who whom whose
    which that were was are is be been being have has had will would could can may might
    should must shall than since during between against per according said says out off
    up down over under about around across through towards toward as if when where while
    this these those their its his her our your my the a an some any each every all both
    not no also only just even still yet already more most less fewer many much such
    remain remains remained s after before because despite until till including among amid
    via near beyond behind inside outside upon onto like unlike back ago again here there now
    then today yesterday last next ahead away instead respectively need needs face faces live
    lives die dies flee fled risk risks lack lacks"""
)
_PRONOUN_ONE_BEFORE = word_set(
    "the no any every each this that which someone anyone everyone such another"
)
_PRONOUN_ONE_AFTER = word_set(
    """of another who which that is was has had will would could can may might should must
    does did and or but another anyway else such way hand day time side thing"""
)


def _english() -> FigureLex:
    return FigureLex(
        number_re=NUMBER_RE, scales=SCALES, scale_after=_SCALE_AFTER,
        percent_after=_PERCENT_AFTER, currency_after=_CURRENCY_AFTER, times_after=_TIMES_AFTER,
        of_after=_OF_AFTER, np_stop=_NP_STOP, time_units=TIME_UNITS, qualifiers=QUALIFIERS,
        qualifier_before=_QUALIFIER_BEFORE, particle_verb_before=_PARTICLE_VERB_BEFORE,
        skip_identifier_before=_SKIP_IDENTIFIER_BEFORE, rank_before=_RANK_BEFORE,
        time_of_day_after=_TIME_OF_DAY_AFTER, participle_endings=("ed", "ing"),
        decimal_comma=False, parse_words=parse_number_words, approx_words={}, fractions={})


_ENGLISH = _english()


def _lex(lang: str) -> FigureLex:
    """The figure vocabulary of *lang* (English: the patterns above)."""
    return _ENGLISH if lang == "en" else from_resource(lang)


@dataclass(slots=True)
class FigureCandidate:
    """One number with its parsed value before the counted noun is attached."""

    start: int
    end: int  # end of the surface (the number, or "five-day")
    value: int | float | None
    kind: str  # "digits", "fraction", "words", "vague", "article"
    unit: str | None = None
    tail_end: int = 0  # end of number + scale/percent/currency/"times"
    ext_start: int = 0
    ext_end: int = 0
    counts: str | None = None
    qualifier: str = "exact"
    attrs: dict[str, Any] = field(default_factory=dict)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def is_footnote_marker(text: str, start: int, end: int) -> bool:
    """A 1-2 digit reference glued after a word and punctuation ("population.1", "SSR:11").

    PDF text keeps superscript footnote numbers inline; they are not quantities.
    """
    if end - start > 2 or start < 2:
        return False
    before, before2 = text[start - 1], text[start - 2]
    if before not in ".,;:!?)]\u201d\"\u2019'":
        if before.isalpha() and before.islower() and not text[start - 2:start].isupper():
            pass  # "word1": a glued marker without punctuation, checked below
        else:
            return False
    elif not (before2.isalpha() or before2 in ")]\u201d\"\u2019'."):
        return False
    after = text[end:end + 1]
    return after == "" or after.isspace() or after in ".,;:)"


def _is_glued_to_name(text: str, start: int, end: int) -> bool:
    """Digits inside a name or code: "G5", "M5-RFP", "COVID-19", "5G", "17th"."""
    before = text[start - 1:start]
    if before and (before.isalpha() or before == "_"):
        return not is_footnote_marker(text, start, end)
    if before in "-/" and start >= 2 and text[start - 2].isalpha():
        return True
    after = text[end:end + 1]
    if after.isalpha():
        return _GLUED_UNIT.match(text.lower(), end) is None
    return after == "-" and text[end + 1:end + 2].isupper()


def _is_list_marker(text: str, start: int, end: int) -> bool:
    """"1." or "2)" opening a line: an enumeration, not a quantity."""
    line_start = text.rfind("\n", max(0, start - 12), start) + 1
    if line_start == 0 and start > 12:
        return False
    if text[line_start:start].strip(" \t\u2022*-(") != "":
        return False
    return text[end:end + 2] in (". ", ") ", ".\t", ")\t") or text[end:end + 1] == ")"


def _number_candidates(source: Source, date_spans: list[tuple[int, int]]) -> list[FigureCandidate]:
    folded = source.folded
    lex = _lex(source.lang)
    out: list[FigureCandidate] = []
    fraction_spans: list[tuple[int, int]] = [(m.start(), m.end())
                                             for m in lex.idioms.finditer(folded)]
    for core in (_FRACTION_CORE.finditer(folded) if lex is _ENGLISH else ()):
        m = _FRACTION_FULL.search(folded, max(0, core.start() - 8), core.end())
        if m is None:
            continue
        fraction_spans.append((m.start(), m.end()))  # even an ordinal: "a third attack"
        cand = _fraction_candidate(source, m)
        if cand is not None:
            out.append(cand)
    for m in (_RATIO.finditer(folded) if lex is _ENGLISH else ()):
        cand = _ratio_candidate(m)
        if cand is not None:
            fraction_spans.append((m.start(), m.end()))
            out.append(cand)
    fraction_spans.sort()
    span_index = fraction_index = 0
    for m in lex.number_re.finditer(folded):
        start, end = m.start(), m.end()
        while span_index < len(date_spans) and date_spans[span_index][1] <= start:
            span_index += 1
        if span_index < len(date_spans) and date_spans[span_index][0] < end:
            continue  # a year or day of month: the date extractor's
        while fraction_index < len(fraction_spans) and fraction_spans[fraction_index][1] <= start:
            fraction_index += 1
        if fraction_index < len(fraction_spans) and fraction_spans[fraction_index][0] < end:
            continue  # the numerator of "two-thirds"
        kind = m.lastgroup or "digits"
        if kind in ("digits", "fraction"):
            cand = _digit_candidate(source, m, kind)
        elif kind in ("approxword", "fracword"):
            cand = _lexicon_word_candidate(m, kind, lex)
        else:
            cand = _word_candidate(source, m, kind)
        if cand is not None:
            out.append(cand)
    if fraction_spans:
        out.sort(key=lambda c: c.start)
    return out


def _lexicon_word_candidate(m: re.Match[str], kind: str, lex: FigureLex) -> FigureCandidate:
    """"une quinzaine" (about 15) and "un quart" (1/4): values the lexicon lists."""
    phrase = " ".join(m.group(0).split())
    if kind == "approxword":
        return FigureCandidate(m.start(), m.end(), lex.approx_words[phrase], "words",
                               qualifier="approx")
    num, _, den = lex.fractions[phrase].partition("/")
    cand = FigureCandidate(m.start(), m.end(), round(int(num) / int(den), 6), "fraction")
    cand.attrs["value_text"] = lex.fractions[phrase]
    return cand


def _ratio_candidate(m: re.Match[str]) -> FigureCandidate | None:
    num, den = (parse_number(m.group(g)) for g in ("num", "den"))
    if not isinstance(num, int) or not isinstance(den, int) or not 0 < num < den:
        return None
    cand = FigureCandidate(m.start(), m.end(), round(num / den, 6), "fraction")
    cand.attrs["value_text"] = f"{num}/{den}"
    return cand


def _digit_candidate(source: Source, m: re.Match[str], kind: str) -> FigureCandidate | None:
    text, folded = source.text, source.folded
    start, end = m.start(), m.end()
    token = m.group(0)
    if len(token) > 15 or _is_glued_to_name(text, start, end):
        return None
    if is_footnote_marker(text, start, end) or _is_list_marker(text, start, end):
        return None
    lex = _lex(source.lang)
    if lex.time_of_day_after.match(folded, end) or folded[start - 1:start] == ":":
        return None
    before = folded[max(0, start - 30):start]
    if lex.skip_identifier_before.search(before):
        return None
    if lex.decimal_comma:  # "2 557,4": groups of three, a decimal comma
        token = token.replace(",", ".").replace(" ", "").replace("\u00a0", "").replace(
            "\u202f", "")
    value = parse_digits(token)
    if value is None:
        return None
    cand = FigureCandidate(start, end, value, kind)
    rank = lex.rank_before.search(before)
    if rank:
        cand.unit = "article" if rank.group("kind").startswith("article") else "rank"
        cand.counts = cand.unit
        cand.attrs["identifier"] = True
        cand.attrs["rank_start"] = max(0, start - 30) + rank.start()
    if kind == "fraction":
        cand.attrs["value_text"] = token
    return cand


def _word_candidate(source: Source, m: re.Match[str], kind: str) -> FigureCandidate | None:
    folded = source.folded
    start, end = m.start(), m.end()
    phrase = m.group(0)
    if kind == "vague":
        cand = FigureCandidate(start, end, None, "vague", qualifier="vague")
        cand.attrs["value_text"] = normalize_space(source.text[start:end])
        return cand
    if kind == "half":  # "half a million"
        whole = parse_number_words(phrase.split(None, 1)[1])
        if whole is None:
            return None
        half = whole / 2
        return FigureCandidate(start, end, int(half) if half == int(half) else half, kind)
    if kind == "halfword":
        return _half_candidate(source, start, end)
    lex = _lex(source.lang)
    if lex is not _ENGLISH:
        phrase = " ".join(phrase.split())
        value = None if phrase in lex.lone_words else lex.parse_words(phrase)
        return None if value is None else FigureCandidate(start, end, value, kind)
    value = parse_number_words(phrase)
    if value is None:
        return None
    if phrase == "one":
        before_words = folded[max(0, start - 20):start].split()
        after = _WORD.match(folded, end)
        next_word = after.group("word") if after else ""
        if (before_words and before_words[-1] in _PRONOUN_ONE_BEFORE) or (
                not next_word or next_word in _PRONOUN_ONE_AFTER or next_word in _NP_STOP
                or next_word.endswith(("ing", "ed", "ly"))):
            return None
        if folded[end:end + 1] in (",", ".", ";", ":", ")") or source.text[start].isupper() and (
                next_word == "of"):
            return None
    if phrase in ("hundred", "thousand", "million", "billion"):
        return None  # a bare scale word ("hundred" alone) is not a figure here
    return FigureCandidate(start, end, value, kind)


_HALF_QUALIFIER_BEFORE = re.compile(
    r"\b(?:about|nearly|almost|roughly|around|over|under|than|just|some|barely|only|"
    r"approximately)\s{1,6}$")
_HALF_NOT_AFTER = re.compile(r"\b(?:first|second|other|latter|former|the|a|one|and)\s{1,6}$")


def _half_candidate(source: Source, start: int, end: int) -> FigureCandidate | None:
    """"about half of the budget", "half of the displaced": 1/2, unlike "the second half"."""
    folded = source.folded
    before = folded[max(0, start - 20):start]
    if _HALF_NOT_AFTER.search(before):
        return None
    if not (_HALF_QUALIFIER_BEFORE.search(before) or folded.startswith(" of ", end)):
        return None
    cand = FigureCandidate(start, end, 0.5, "fraction")
    cand.attrs["value_text"] = "1/2"
    return cand


def _fraction_candidate(source: Source, m: re.Match[str]) -> FigureCandidate | None:
    """"two-thirds of the seats", "grew by a fifth"; not the ordinal in "a third attack"."""
    parsed = parse_fraction_words(m.group(0))
    if parsed is None:
        return None
    start = m.start()
    if m.group("fden1"):
        after = _WORD.match(source.folded, m.end(), m.end() + 30)
        next_word = after.group("word") if after else ""
        gap = source.folded[m.end():after.start("word")] if after else ""
        if next_word and next_word != "of" and not any(c in gap for c in ",.;:)(") and (
                next_word not in _NP_STOP or next_word in ("time", "times")):
            return None  # "a third attack", "one fifth straight year": an ordinal
        if m.group("fone") in ("a", "an") and m.group("fsep") == " ":
            start = m.start("fden1")  # the number is "fifth"; "a fifth" is its context
    cand = FigureCandidate(start, m.end(), parsed[0], "fraction")
    cand.attrs["value_text"] = parsed[1]
    cand.attrs["lead_start"] = m.start()
    return cand


def _attach_tail(source: Source, cand: FigureCandidate) -> None:
    """Extend over a unit compound, scale word, percent sign, currency or "times"."""
    folded, text = source.folded, source.text
    lex = _lex(source.lang)
    pos = cand.end
    compound = _COMPOUND_AFTER.match(folded, pos)
    if compound and text[pos + 1:pos + 2].islower() and compound.group("word") not in lex.scales:
        word = compound.group("word")
        cand.end = compound.end()
        cand.unit = lex.time_units.get(word, word) if not compound.group("old") else "year (age)"
        cand.tail_end = cand.end
        return
    scale = lex.scale_after.match(folded, pos)
    if scale and cand.value is not None and cand.kind in ("digits", "words"):
        factor = lex.scales.get(scale.group("scale") or "", 0) or (
            1_000_000_000 if scale.group("short") == "bn" else 1_000_000)
        if scale.group("short") is None or cand.kind == "digits":
            value = cand.value * factor
            cand.value = int(value) if value == int(value) else value
            cand.end = pos = scale.end()
    cand.tail_end = pos
    percent = lex.percent_after.match(folded, pos)
    if percent:
        cand.unit = "percent"
        cand.tail_end = percent.end()
        return
    currency = lex.currency_after.match(folded, pos)
    if currency:
        cand.unit = normalize_space(text[currency.start("cur"):currency.end("cur")])
        cand.tail_end = currency.end()
        return
    before_currency = _CURRENCY_BEFORE.search(folded[max(0, cand.start - 4):cand.start])
    if before_currency:
        symbol = before_currency.group("cur")
        cand.unit = {"$": "US dollars", "us$": "US dollars", "€": "euros", "£": "pounds"}[symbol]
        cand.ext_start = cand.start - len(before_currency.group(0))
    times = lex.times_after.match(folded, pos)
    if times:
        cand.unit = "times"
        cand.tail_end = times.end()
        more = re.match(rf"{_SP}(?:more|less|as|higher|lower|larger|greater|fewer)\b",
                        folded[cand.tail_end:cand.tail_end + 20])
        if more:
            cand.tail_end += more.end()


def _attach_noun_phrase(source: Source, cand: FigureCandidate) -> None:
    """The counted noun right after the number: "17 new governors", "1/5 of the seats"."""
    folded, text = source.folded, source.text
    lex = _lex(source.lang)
    stop, units, endings = lex.np_stop, lex.time_units, lex.participle_endings
    pos = cand.tail_end
    _, sentence_end = source.sentence_span(cand.start)
    limit = min(sentence_end, pos + 120)
    of = lex.of_after.match(folded, pos, limit)
    if of and cand.unit is None:
        pos = of.end()
    words: list[str] = []
    end = cand.tail_end
    while len(words) < 4:
        m = _WORD.match(text, pos, limit)
        if not m:
            break
        raw = m.group("word")
        word = raw.lower().replace("’", "'")
        if word in stop:
            break
        if word.endswith(endings) and word not in units and (
                words or not lex.participle_noun and _looks_like_np_end(text, m.end(), lex)):
            break  # "17 civilians were executed", "1,687 remaining"; not "displaced people"
        if "\n\n" in text[pos:m.start("word")].replace(" ", "") and raw[0].isupper():
            break  # a paragraph break ends the phrase (unless it is a PDF page break)
        if "\n" in text[pos:m.start("word")] and raw[0].isupper() and ":" in text[
                text.rfind("\n", 0, pos) + 1:pos]:
            break  # "Kayes: 41,000" then "Koulikoro: ...": a row of a list ends at its line
        if word.endswith("'s") and words:
            break
        words.append(raw)
        pos = end = m.end()
        if word in units or (word.endswith("s") and not word.endswith(("'s", "ss"))
                             and len(words) >= 1 and _looks_like_np_end(text, pos, lex)):
            break
    if words and words[-1].lower().endswith(("'s", "’s")):
        words.pop()
        end = cand.tail_end if not words else end
    if words:
        cand.counts = normalize_space(" ".join(words))
        cand.ext_end = max(cand.ext_end, end)
        head = words[-1].lower()
        if cand.unit is None:
            cand.unit = units.get(head, head)


def _looks_like_np_end(text: str, pos: int, lex: FigureLex = _ENGLISH) -> bool:
    """After a plural noun, the phrase usually ends unless another noun follows."""
    m = _WORD.match(text, pos, pos + 30)
    if not m:
        return True
    word = m.group("word").lower()
    return word in lex.np_stop or word.endswith(lex.participle_endings)


def _attach_qualifier(source: Source, cand: FigureCandidate) -> None:
    folded = source.folded
    s, _ = source.sentence_span(cand.start)
    window_start = max(s, cand.start - 40)
    lex = _lex(source.lang)
    m = lex.qualifier_before.search(folded, window_start, cand.start)
    if not m:
        return
    if lex.particle_verb_before.search(folded, max(0, m.start() - 30), cand.start):
        return
    for i, (_, name) in enumerate(lex.qualifiers):
        if m.group(f"q{i}"):
            cand.qualifier = name
            cand.ext_start = min(cand.ext_start, m.start(f"q{i}"))
            return


def _link_pairs(source: Source, figures: list[FigureCandidate]) -> None:
    """Paired numbers: "from 208,000 to 326,000", "111 votes out of 121", "13 of 20"."""
    folded = source.folded
    for first, second in zip(figures, figures[1:], strict=False):
        between = folded[first.tail_end:second.start]
        if len(between) > 40:
            continue
        if re.fullmatch(rf"\s{{0,6}}to{_SP}", between) and re.search(
                rf"\bfrom{_SP}$", folded[max(0, first.start - 12):first.start]):
            relation = "from {a} to {b}"
            first.ext_start = min(first.ext_start, folded.rfind("from", 0, first.start))
        elif _OUT_OF_AFTER.fullmatch(between) or re.fullmatch(
                rf"{_SP}(?:of|out{_SP}of)(?:{_SP}the)?{_SP}", between):
            relation = "{a} out of {b}"
        elif re.fullmatch(r"\s{0,3}\(", folded[first.ext_end:second.start]):
            relation = "{b} of {a}"
        else:
            continue
        if first.value is None or second.value is None:
            continue
        a = normalize_space(source.text[first.start:first.end])
        b = normalize_space(source.text[second.start:second.end])
        related = relation.format(a=a, b=b)
        first.attrs["related"] = second.attrs["related"] = related
        noun = first.counts or second.counts
        for fig in (first, second):
            if fig.counts is None and noun:
                fig.counts = noun
                if fig.unit is None:
                    fig.unit = first.unit or second.unit
        if relation != "{b} of {a}":
            ext = (min(first.ext_start, second.ext_start), max(first.ext_end, second.ext_end))
            first.ext_start, first.ext_end = ext
            second.ext_start, second.ext_end = ext


def _inherit_total(source: Source, figures: list[FigureCandidate]) -> None:
    """A bare number after "out of the 17 governors" in its sentence counts governors too."""
    folded = source.folded
    for i, fig in enumerate(figures):
        if fig.counts is not None or fig.unit is not None or fig.value is None or (
                "related" in fig.attrs):
            continue
        if not _BARE_NUMBER_VERB.match(folded, fig.tail_end, fig.tail_end + 20):
            continue  # only "11 are from ...": a bare number standing for the counted noun
        sentence = source.sentence_span(fig.start)
        for earlier in reversed(figures[max(0, i - 8):i]):
            if source.sentence_span(earlier.start) != sentence or earlier.counts is None:
                continue
            lead = folded[max(sentence[0], earlier.start - 16):earlier.start]
            if re.search(rf"\b(?:out{_SP}of|of)(?:{_SP}the)?{_SP}$", lead):
                fig.counts, fig.unit = earlier.counts, earlier.unit
                a = normalize_space(source.text[fig.start:fig.end])
                b = normalize_space(source.text[earlier.start:earlier.end])
                fig.attrs["related"] = f"{a} of {b}"
                earlier.attrs.setdefault("related", f"{a} of {b}")
            break


def extract_figures(source: Source) -> list[Fact]:
    """FIGURE facts: every quantity with its counted noun, unit and qualifier."""
    date_spans = sorted(
        (c.start, c.end) for c in find_date_candidates(source) if not c.holds_figure
    )
    figures = _number_candidates(source, date_spans)
    for cand in figures:
        cand.ext_start = cand.attrs.get("rank_start", cand.attrs.get("lead_start", cand.start))
        cand.ext_end = cand.end
        _attach_tail(source, cand)
        cand.ext_end = max(cand.ext_end, cand.tail_end)
        if cand.unit != "percent" and not cand.attrs.get("identifier"):
            _attach_noun_phrase(source, cand)
        _attach_qualifier(source, cand)
        if "lead_start" in cand.attrs:  # a spelled-out fraction: the share of what it counts
            cand.unit = f"fraction of {cand.counts}" if cand.counts else "fraction"
    _link_pairs(source, figures)
    _inherit_total(source, figures)
    facts: list[Fact] = []
    listed: tuple[tuple[int, int], str] | None = None  # the last counted noun of a sentence
    for cand in figures:
        meaning = describe_figure(
            source, cand.start, cand.end, max(cand.ext_end, cand.tail_end), cand.unit,
            cand.counts, identifier=bool(cand.attrs.get("identifier")), lang=source.lang)
        sentence = source.sentence_span(cand.start)
        if cand.counts and cand.value is not None:
            listed = (sentence, cand.counts.split()[-1])
        elif listed and listed[0] == sentence and meaning["counts"] and cand.unit is None \
                and meaning["counts"].split()[0].lower().endswith("ed"):
            # "9 soldiers killed, 16 wounded and 2 missing": the list's noun carries over
            meaning["counts"] = f"{listed[1]} {meaning['counts']}"
        approx = cand.qualifier != "exact"
        attrs: dict[str, Any] = {
            "value": cand.value,
            "unit": cand.unit or "count",
            "counts": meaning["counts"],
            "measure": meaning["measure"],
            "currency": meaning["currency"],
            "approx": approx,
            "qualifier": cand.qualifier,
            "context": normalize_space(source.text[cand.ext_start:cand.ext_end]),
            "ext_start": cand.ext_start,
            "ext_end": cand.ext_end,
        }
        attrs.update(cand.attrs)
        attrs.pop("identifier", None)
        attrs.pop("rank_start", None)
        attrs.pop("lead_start", None)
        facts.append(Fact("figure", source.text[cand.start:cand.end], cand.start, cand.end,
                          attrs))
    return facts
