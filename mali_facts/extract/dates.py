"""Date and time expressions, resolved against the document's as-of date.

Rule-based on purpose: news dates follow a small set of English patterns ("25 May 2021",
"On Monday", "last September", "mid-October", "Five months after the coup"), and every
resolution must be explainable. A relative date is resolved only when the as-of date is
known at the precision it needs; otherwise its ``date`` stays None (never guessed).

One engine for every language: the builders below read named groups ("day", "mon",
"rel"...). English patterns are built here from ``resources/en/dates.json``'s words;
another language gives its patterns as templates in ``resources/<lang>/dates.json``
(see :mod:`date_lex`), whose words are mapped to the tokens the builders know.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from mali_facts.extract.date_lex import CanonMatch, compile_template, placeholders
from mali_facts.extract.date_model import DateCandidate
from mali_facts.extract.date_model import as_of_known as _as_of_known
from mali_facts.extract.date_model import date_attrs as _attrs
from mali_facts.extract.events import describe_date
from mali_facts.extract.numbers import (
    NUMBER_WORD_PATTERN,
    is_year_token,
    parse_number,
)
from mali_facts.extract.periods import PERIOD_PATTERNS
from mali_facts.extract.resources import load
from mali_facts.extract.source import Source
from mali_facts.model import Fact
from mali_facts.text import normalize_space

_EN = load("en", "dates")
MONTHS: dict[str, int] = _EN["months"]
MONTH_ABBREVIATIONS: dict[str, int] = _EN["month_abbreviations"]
WEEKDAYS: dict[str, int] = _EN["weekdays"]
PART_OF_DAY: dict[str, str] = _EN["part_of_day"]
PART_OF_PERIOD_MOD: dict[str, str] = _EN["part_of_period_mod"]

# Bounded whitespace (line breaks from PDFs included): keeps every pattern linear.
_SP = r"\s{1,6}"
_MONTH_FULL = "|".join(MONTHS)
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{'|'.join(MONTH_ABBREVIATIONS)})\b\.?)"
_WEEKDAY = "|".join(WEEKDAYS)
_YEAR = r"(?:19|20)\d\d"
_COUNT = rf"(?:an?|{NUMBER_WORD_PATTERN}|\d{{1,3}}|a{_SP}few|several|a{_SP}couple{_SP}of)"

DAY_MONTH_YEAR_RE = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?{_SP})?(?:the{_SP})?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_SP}"
    rf"(?:of{_SP})?(?P<mon>{_MONTH_ANY})(?![a-z])(?:,?{_SP}(?P<year>{_YEAR})\b)?"
)
MONTH_DAY_YEAR_RE = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?{_SP})?(?P<mon>{_MONTH_ANY})(?![a-z]){_SP}(?P<day>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?\b(?![,.]\d)(?:,?{_SP}(?P<year>{_YEAR})\b)?"
)
DAY_RANGE_RE = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?{_SP})?(?:between{_SP})?(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s?(?:-|\u2013|to|and)\s?"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_SP}(?:of{_SP})?(?P<mon>{_MONTH_ANY})(?![a-z])"
    rf"(?:,?{_SP}(?P<year>{_YEAR})\b)?"
)
TWO_PARTS_OF_MONTH_RE = re.compile(
    rf"\b(?P<p1>early|mid|late)-?{_SP}(?:and|or|to){_SP}(?P<p2>early|mid|late)(?:-|{_SP})"
    rf"(?P<mon>{_MONTH_FULL})\b(?:,?{_SP}(?P<year>{_YEAR})\b)?"
)
PART_OF_PERIOD_RE = re.compile(
    rf"\b(?P<part>early|mid|late|end(?=-)|start(?=-)|(?:the{_SP})?(?:beginning|start|end|middle)"
    rf"{_SP}of)(?:{_SP}|-)(?:(?P<mon>{_MONTH_FULL})\b(?:,?{_SP}(?P<year>{_YEAR})\b)?"
    rf"|(?P<yonly>{_YEAR})\b(?!\d)|(?P<relword>this|last|next|the){_SP}(?P<relunit>year|month)\b)"
)
MONTH_RE = re.compile(
    rf"\b(?:(?P<rel>last|next|this|coming){_SP})?(?P<mon>{_MONTH_FULL})\b"
    rf"(?:,?{_SP}(?P<year>{_YEAR})\b)?"
)
WEEKDAY_RE = re.compile(
    rf"\b(?:(?P<rel>last|next|this|coming){_SP})?(?P<wd>{_WEEKDAY})\b(?P<poss>'s)?"
    rf"(?:{_SP}(?P<pod>morning|afternoon|evening|night)\b)?"
)
RELATIVE_UNIT_RE = re.compile(rf"\b(?P<rel>last|next|this){_SP}(?P<unit>week|month|year)\b")
PERIOD_RE = re.compile(
    rf"\b(?:the{_SP})?(?P<rel>past|last|coming|next|recent){_SP}"
    rf"(?:(?P<n>{_COUNT}){_SP})?(?P<unit>days|weeks|months|years|decades)\b"
)
DEICTIC_RE = re.compile(
    rf"\b(?P<w>yesterday(?:{_SP}(?:morning|afternoon|evening))?|today|tonight|last{_SP}night"
    rf"|the{_SP}day{_SP}before{_SP}yesterday|the{_SP}day{_SP}before|the{_SP}previous{_SP}day"
    rf"|this{_SP}(?:morning|afternoon|evening))\b"
)
OFFSET_RE = re.compile(
    rf"\b(?:(?P<q>(?:a{_SP}little|just|slightly){_SP}(?:over|more{_SP}than|under|less{_SP}than)"
    rf"|more{_SP}than|over|about|around|nearly|almost|some|less{_SP}than|barely|only|just)"
    rf"{_SP})?(?P<n>{_COUNT}){_SP}(?P<unit>day|week|month|year|decade)s?{_SP}"
    rf"(?P<tail>ago|since|after|before|later|earlier)\b"
    rf"(?:{_SP}(?P<anchor>(?:the|its|his|her|their|this|that){_SP}[a-z'-]+"
    rf"(?:{_SP}d'etat)?))?"
)
YEAR_RANGE_RE = re.compile(
    rf"(?<![\w.,/$-])(?P<y1>{_YEAR})\s?[-/]\s?(?P<y2>(?:19|20)?\d\d)(?![\w%]|[.,]\d)"
)
DECADE_RE = re.compile(r"(?<![\w.,/-])(?P<decade>(?:19|20)\d0)'?s\b")
YEAR_RE = re.compile(rf"(?<![\w.,/$-]){_YEAR}(?![\w%])")
WEEKEND_RE = re.compile(
    rf"\b(?P<rel>(?:the{_SP})?(?:last|past|next|coming|this)|the){_SP}weekend\b"
    rf"(?![-\w]|{_SP}of\b)"
)
MONTH_RANGE_RE = re.compile(
    rf"\b(?:(?P<pre>from|between){_SP})?(?P<m1>{_MONTH_FULL})(?:,?{_SP}(?P<y1>{_YEAR}))?"
    rf"(?P<sep>-to-|{_SP}(?:to|until|till|through|and){_SP}|[-\u2013])"
    rf"(?P<m2>{_MONTH_FULL})\b(?:,?{_SP}(?P<y2>{_YEAR})\b)?"
)
# "early July of that year", "in March that year", "later that year", "the end of that year"
THAT_YEAR_RE = re.compile(
    rf"\b(?:(?P<part>early|mid|late|(?:the{_SP})?(?:beginning|start|end|middle){_SP}of)"
    rf"(?:{_SP}|-))?(?:(?:(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?{_SP}(?:of{_SP})?)?"
    rf"(?P<mon>{_MONTH_FULL})(?:{_SP}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?)?,?{_SP}(?:of{_SP})?"
    rf"|(?P<adv>later|earlier){_SP}(?:in{_SP})?)?"
    rf"(?:that|the{_SP}same|that{_SP}same){_SP}year\b(?![-\w])\Z"
)
_THAT_YEAR_CORE_RE = re.compile(
    rf"\b(?:that|the{_SP}same|that{_SP}same){_SP}year\b(?![-\w])")


class _EndAnchored:
    """Find a cheap literal core first, then the full pattern ending at it.

    Scanning "that year" and matching its optional prefix ("early July of") in a short
    window before it costs far less than trying every prefix at every word of the text.
    """

    def __init__(self, core: re.Pattern[str], full: re.Pattern[str], window: int) -> None:
        self.core, self.full, self.window = core, full, window

    def finditer(self, text: str) -> list[re.Match[str]]:
        found: list[re.Match[str]] = []
        floor = 0  # no overlap with the previous match
        for core in self.core.finditer(text):
            start = max(floor, core.start() - self.window)
            m = self.full.search(text, start, core.end())
            if m is not None:
                found.append(m)
                floor = m.end()
        return found

# "the previous year", "the following year", "the year before"
NEIGHBOUR_YEAR_RE = re.compile(
    rf"\bthe{_SP}(?:(?P<w1>previous|preceding|prior|following|subsequent){_SP}year"
    rf"|year{_SP}(?P<w2>before|after|earlier|later))\b(?![-\w])"
)

# Words that, right before a bare month name, show it is a month (not "May" the verb).
_MONTH_TRIGGER_BEFORE = re.compile(
    r"\b(?:in|on|by|since|until|till|from|to|through|throughout|during|of|before|after|"
    r"early|mid|late|between|and|or|since|last|next|this|for|around|about)\W{0,3}$"
)
_FUTURE_CUE_BEFORE = re.compile(_EN["cues"]["future_cue_before"])
# Where one clause of a long news sentence ends and another, with its own tense, begins:
# "Gold will provide a third of revenue, according to figures presented on Monday".
_CLAUSE_BREAK = re.compile(_EN["cues"]["clause_break"])
_FUTURE_MODAL = re.compile(_EN["cues"]["future_modal"])
_PRESENT_TENSE = re.compile(_EN["cues"]["present_tense"])
_PAST_TENSE = re.compile(_EN["cues"]["past_tense"])
_ANCHOR_STOP = frozenset({"the", "its", "his", "her", "their", "this", "that", "d'etat"})


# --- calendar arithmetic -------------------------------------------------------------


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) shifted by *months* (negative goes back)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shift_date(day: dt.date, unit: str, amount: int) -> dt.date:
    """*day* shifted by *amount* days/weeks/months/years (month ends clamp)."""
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 120 if unit == "decade" else 1)
    year, month = add_months(day.year, day.month, months)
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


# --- context cues --------------------------------------------------------------------


def _clause_before(source: Source, start: int) -> str:
    s, _ = source.sentence_span(start)
    return source.folded[max(s, start - 300):start]


def is_future_reference(source: Source, start: int, end: int) -> bool:
    """Whether the sentence places the date after the as-of date.

    An explicit cue right before the date ("starting on Friday", "slated for February")
    or a future modal in the sentence ("elections will be held in February").
    """
    lex = _lex(source.lang)
    before = _clause_before(source, start)
    if lex.future_cue_before.search(before[-40:]):
        return True
    s, e = source.sentence_span(start)
    before = source.folded[max(s, start - 300):start]
    after = source.folded[end:min(e, end + 200)]
    breaks_before = list(lex.clause_break.finditer(before))
    if breaks_before:
        before = before[breaks_before[-1].start():]
    break_after = lex.clause_break.search(after)
    if break_after:
        after = after[:break_after.start()]
    return lex.future_modal.search(before + source.folded[start:end] + after) is not None


def _month_capitalised(source: Source, start: int) -> bool:
    """A month or weekday name in a language that capitalises them must be ("May" the month)."""
    return not _lex(source.lang).names_capitalised or source.text[start:start + 1].isupper()


# --- resolution of partial dates ----------------------------------------------------


def resolve_month_year(
    source: Source, month: int, start: int, end: int, rel: str | None
) -> tuple[int | None, str]:
    """The year of a month named without one ("last September", "in December")."""
    if not _as_of_known(source, "month"):
        return None, "as-of date unknown"
    assert source.as_of is not None
    here = (source.as_of.year, source.as_of.month)
    if rel == "last":
        year = here[0] if month < here[1] else here[0] - 1
        return year, f"most recent {calendar.month_name[month]} before the as-of date"
    if rel in ("next", "coming"):
        year = here[0] if month > here[1] else here[0] + 1
        return year, f"next {calendar.month_name[month]} after the as-of date"
    if rel == "this":
        return here[0], "month of the as-of year"
    if is_future_reference(source, start, end):
        year = here[0] if month >= here[1] else here[0] + 1
        return year, "future reference: next such month from the as-of date"
    year = here[0] if month <= here[1] else here[0] - 1
    return year, "year from the as-of date (most recent such month)"


def resolve_day_month(
    source: Source, month: int, day: int, weekday: int | None, start: int, end: int
) -> tuple[int | None, str]:
    """The year of a day given without one ("05 December", "Tuesday November 14")."""
    if not _as_of_known(source, "month"):
        return None, "as-of date unknown"
    assert source.as_of is not None
    as_of = source.as_of
    if source.as_of_precision == "day":
        not_after = (month, day) <= (as_of.month, as_of.day)
    else:
        not_after = month <= as_of.month
    future = is_future_reference(source, start, end)
    if future:
        year = as_of.year if not not_after or (month, day) == (as_of.month, as_of.day) else (
            as_of.year + 1)
        how = "future reference: next such day from the as-of date"
    else:
        year = as_of.year if not_after else as_of.year - 1
        how = "year from the as-of date (most recent such day)"
    if weekday is not None:
        for candidate in (year, year - 1, year + 1):
            if _valid_day(candidate, month, day) and dt.date(
                    candidate, month, day).weekday() == weekday:
                if candidate != year:
                    how = "year chosen so that the weekday matches"
                return candidate, how
    return year, how


def resolve_weekday(
    source: Source, weekday: int, rel: str | None, start: int, end: int
) -> tuple[dt.date | None, str]:
    """The day a weekday name refers to ("On Monday", "last Friday", "starting Friday")."""
    if not _as_of_known(source, "day"):
        return None, "as-of day unknown"
    assert source.as_of is not None
    as_of = source.as_of
    name = calendar.day_name[weekday]
    back = (as_of.weekday() - weekday) % 7
    ahead = (weekday - as_of.weekday()) % 7
    if rel == "last":
        return as_of - dt.timedelta(days=back or 7), f"{name} before the as-of date"
    lex = _lex(source.lang)
    if rel is None and lex.past_verb_before.search(source.folded, max(0, start - 30), start) \
            and not lex.future_cue_before.search(source.folded[max(0, start - 40):start]):
        # "officials said Monday they will...": the day belongs to the past verb before it
        return as_of - dt.timedelta(days=back), f"most recent {name}, the day of a past verb"
    if rel in ("next", "coming") or is_future_reference(source, start, end):
        return as_of + dt.timedelta(days=ahead or 7), f"next {name} after the as-of date"
    return as_of - dt.timedelta(days=back), f"most recent {name} up to the as-of date"


_PAST_VERB_BEFORE = re.compile(_EN["cues"]["past_verb_before"])


# --- candidate builders --------------------------------------------------------------


def _month_number(word: str) -> int:
    word = word.rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def _build_day_month(source: Source, m: re.Match[str]) -> DateCandidate | None:
    if not _month_capitalised(source, m.start("mon")):
        return None
    month = _month_number(m.group("mon"))
    day = int(m.group("day"))
    weekday = WEEKDAYS[m.group("wd")] if m.group("wd") else None
    if weekday is not None and not _month_capitalised(source, m.start("wd")):
        return None
    start = m.start("wd") if weekday is not None else m.start()
    if m.group("year"):
        year = int(m.group("year"))
        if not _valid_day(year, month, day):
            return None
        return DateCandidate(start, m.end(), _attrs(f"{year}-{month:02d}-{day:02d}", "day"))
    if not 1 <= day <= 31:
        return None
    year_found, how = resolve_day_month(source, month, day, weekday, start, m.end())
    end = m.end("day") if m.re is MONTH_DAY_YEAR_RE else m.end("mon")
    if "rel" in m.re.groupindex and m.group("rel"):  # "le 17 septembre dernier"
        end = m.end("rel")
    if year_found is None or not _valid_day(year_found, month, day):
        return DateCandidate(start, end, _attrs(None, "day", relative=True, resolution=how))
    value = f"{year_found}-{month:02d}-{day:02d}"
    return DateCandidate(start, end, _attrs(value, "day", relative=True, resolution=how))


def _build_day_range(source: Source, m: re.Match[str]) -> DateCandidate | None:
    """"12 to 13 May", "between 3 and 5 March 2024": a range of days in one month."""
    last = _build_day_month(source, m)
    first_day, last_day = int(m.group("day1")), int(m.group("day"))
    if last is None or not first_day < last_day:
        return None
    value = last.attrs.get("date")
    if value:
        value = f"{value[:8]}{first_day:02d}/{value}"
    attrs = dict(last.attrs, date=value, precision="duration")
    return DateCandidate(last.start, m.end(), attrs)


def _build_two_parts(source: Source, m: re.Match[str]) -> DateCandidate | None:
    if not _month_capitalised(source, m.start("mon")):
        return None
    month = MONTHS[m.group("mon")]
    mods = [PART_OF_PERIOD_MOD[m.group("p1")], PART_OF_PERIOD_MOD[m.group("p2")]]
    if m.group("year"):
        year: int | None = int(m.group("year"))
        relative, how = False, None
    else:
        year, how = resolve_month_year(source, month, m.start(), m.end(), None)
        relative = True
    value = f"{year}-{month:02d}" if year else None
    attrs = _attrs(value, "part-of-month", mod="+".join(mods), relative=relative,
                   resolution=how)
    attrs["values"] = [{"value": value, "mod": mod} for mod in mods]
    return DateCandidate(m.start(), m.end(), attrs)


def _build_part_of_period(source: Source, m: re.Match[str]) -> DateCandidate | None:
    part_words = m.group("part").split()
    mod = PART_OF_PERIOD_MOD[part_words[-2] if len(part_words) > 1 else part_words[0]]
    if m.group("mon"):
        if not _month_capitalised(source, m.start("mon")):
            return None
        month = MONTHS[m.group("mon")]
        if m.group("year"):
            value = f"{m.group('year')}-{month:02d}"
            return DateCandidate(m.start(), m.end(), _attrs(value, "part-of-month", mod=mod))
        year, how = resolve_month_year(source, month, m.start(), m.end(), None)
        value_or_none = f"{year}-{month:02d}" if year else None
        return DateCandidate(m.start(), m.end(), _attrs(
            value_or_none, "part-of-month", mod=mod, relative=True, resolution=how))
    if m.group("yonly"):
        return DateCandidate(m.start(), m.end(), _attrs(m.group("yonly"), "year", mod=mod))
    relword, unit = m.group("relword") or "the", m.group("relunit")
    if relword == "the":  # "the end of the year": the as-of year unless the text says otherwise
        cand = DateCandidate(m.start(), m.end(), _attrs(
            None, "year" if unit == "year" else "part-of-month", mod=mod, relative=True,
            resolution="reference period unknown"))
        cand.context = f"the-{unit}"
        return cand
    if not _as_of_known(source, unit):
        return DateCandidate(m.start(), m.end(), _attrs(
            None, unit, mod=mod, relative=True, resolution="reference period unknown"))
    assert source.as_of is not None
    shift = {"this": 0, "last": -1, "next": 1}[relword]
    if unit == "year":
        value = str(source.as_of.year + shift)
    else:
        y, mo = add_months(source.as_of.year, source.as_of.month, shift)
        value = f"{y}-{mo:02d}"
    precision = "year" if unit == "year" else "part-of-month"
    how = f"{relword} {unit} from the as-of date"
    return DateCandidate(m.start(), m.end(), _attrs(
        value, precision, mod=mod, relative=True, resolution=how))


def _build_month(source: Source, m: re.Match[str]) -> DateCandidate | None:
    if not _month_capitalised(source, m.start("mon")):
        return None
    month = MONTHS[m.group("mon")]
    rel = m.group("rel")
    if m.group("year"):
        value = f"{m.group('year')}-{month:02d}"
        return DateCandidate(m.start("mon"), m.end(), _attrs(value, "month"))
    if rel is None and month in _lex(source.lang).ambiguous_months:  # "May": also a verb
        before = source.folded[max(0, m.start() - 20):m.start()]
        if not _MONTH_TRIGGER_BEFORE.search(before):
            return None
    if rel is None:
        after = source.folded[m.end():m.end() + 3]
        if after[:1] == "-" or after[:2] == "'s" and month in (3, 5):
            return None  # part of a name ("March-April" is caught elsewhere)
    year, how = resolve_month_year(source, month, m.start(), m.end(), rel)
    value = f"{year}-{month:02d}" if year else None
    return DateCandidate(m.start(), m.end(), _attrs(value, "month", relative=True,
                                                    resolution=how), rank=1)


def _build_weekday(source: Source, m: re.Match[str]) -> DateCandidate | None:
    if not _month_capitalised(source, m.start("wd")):
        return None
    weekday = WEEKDAYS[m.group("wd")]
    rel = m.group("rel")
    day, how = resolve_weekday(source, weekday, rel, m.start(), m.end())
    end = m.end("pod") if m.group("pod") else m.end("wd")
    if day is None:
        value = None
    elif m.group("pod"):
        value = f"{day.isoformat()}T{PART_OF_DAY[m.group('pod')]}"
    else:
        value = day.isoformat()
    precision = "part-of-day" if m.group("pod") else "day"
    return DateCandidate(m.start(), end, _attrs(value, precision, relative=True,
                                                resolution=how), rank=1)


def _build_relative_unit(source: Source, m: re.Match[str]) -> DateCandidate | None:
    rel, unit = m.group("rel"), m.group("unit")
    shift = {"this": 0, "last": -1, "next": 1}[rel]
    needs = {"week": "day", "month": "month", "year": "year"}[unit]
    if not _as_of_known(source, needs):
        return DateCandidate(m.start(), m.end(), _attrs(
            None, unit, relative=True, resolution="as-of date unknown"))
    assert source.as_of is not None
    if unit == "week":
        value = iso_week(source.as_of + dt.timedelta(weeks=shift))
    elif unit == "month":
        y, mo = add_months(source.as_of.year, source.as_of.month, shift)
        value = f"{y}-{mo:02d}"
    else:
        value = str(source.as_of.year + shift)
    how = f"{rel} {unit} relative to the as-of date"
    return DateCandidate(m.start(), m.end(), _attrs(value, unit, relative=True, resolution=how))


def _count_value(text: str) -> int | None:
    words = text.split()
    if words and words[0] in ("a", "an") and len(words) == 1:
        return 1
    if "few" in words or "several" in words or "couple" in words:
        return None
    value = parse_number(text)
    return int(value) if isinstance(value, int | float) and value == int(value) else None


def _build_period(source: Source, m: re.Match[str]) -> DateCandidate | None:
    rel, unit = m.group("rel"), m.group("unit")[:-1]
    amount = _count_value(m.group("n")) if m.group("n") else None
    if rel == "last" and not m.group("n"):
        return None  # "last years" is not English; "the last days of" is no period
    future = rel in ("coming", "next")
    attrs = _attrs(None, "duration", relative=True,
                   mod="FUTURE_REF" if future else None)
    if amount is None:
        code = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE"}[unit]
        attrs["date"] = f"PX{code}"
        attrs["resolution"] = "period of unstated length"
        return DateCandidate(m.start(), m.end(), attrs, rank=2,
                             holds_figure=m.group("n") is not None)
    if not _as_of_known(source, "day" if unit in ("day", "week") else "month"):
        attrs["resolution"] = "as-of date unknown"
        return DateCandidate(m.start(), m.end(), attrs, rank=2, holds_figure=True)
    assert source.as_of is not None
    other = shift_date(source.as_of, unit, amount if future else -amount)
    first, last = sorted((other, source.as_of))
    if unit in ("day", "week"):
        attrs["date"] = f"{first.isoformat()}/{last.isoformat()}"
    elif unit == "month":
        attrs["date"] = f"{first:%Y-%m}/{last:%Y-%m}"
    else:
        attrs["date"] = f"{first.year}/{last.year}"
    attrs["resolution"] = f"{amount} {unit}(s) {'after' if future else 'up to'} the as-of date"
    return DateCandidate(m.start(), m.end(), attrs, rank=2, holds_figure=True)


def _build_deictic(source: Source, m: re.Match[str]) -> DateCandidate | None:
    words = m.group("w").split()
    if words[:3] == ["the", "day", "before"] or words[:3] == ["the", "previous", "day"]:
        following = source.folded[m.end():m.end() + 12].lstrip()
        if re.match(r"(?:the|a|an|his|her|its|their|this|that)\b", following) and not (
                following.startswith("yesterday")):
            return DateCandidate(m.start(), m.end(), _attrs(
                None, "day", relative=True, resolution="anchored to an event"))
    if not _as_of_known(source, "day"):
        precision = "month" if words[0] == "today" and _as_of_known(source, "month") else None
        if precision and source.as_of is not None:
            return DateCandidate(m.start(), m.end(), _attrs(
                f"{source.as_of:%Y-%m}", "month", mod="PRESENT_REF", relative=True,
                resolution="as-of month"))
        return DateCandidate(m.start(), m.end(), _attrs(
            None, "day", relative=True, resolution="as-of day unknown"))
    assert source.as_of is not None
    as_of = source.as_of
    if words[0] == "today":
        return DateCandidate(m.start(), m.end(), _attrs(
            as_of.isoformat(), "day", mod="PRESENT_REF", relative=True, resolution="as-of date"))
    if words[0] == "tonight":
        return DateCandidate(m.start(), m.end(), _attrs(
            f"{as_of.isoformat()}TNI", "part-of-day", relative=True,
            resolution="night of the as-of date"))
    if words[0] == "this":
        return DateCandidate(m.start(), m.end(), _attrs(
            f"{as_of.isoformat()}T{PART_OF_DAY[words[-1]]}", "part-of-day", relative=True,
            resolution=f"{words[-1]} of the as-of date"))
    if words[:2] == ["last", "night"]:
        day = as_of - dt.timedelta(days=1)
        return DateCandidate(m.start(), m.end(), _attrs(
            f"{day.isoformat()}TNI", "part-of-day", relative=True,
            resolution="night before the as-of date"))
    back = 2 if words[-1] == "yesterday" and len(words) > 1 else 1
    day = as_of - dt.timedelta(days=back)
    if words[0] == "yesterday" and len(words) > 1:
        return DateCandidate(m.start(), m.end(), _attrs(
            f"{day.isoformat()}T{PART_OF_DAY[words[-1]]}", "part-of-day", relative=True,
            resolution=f"{words[-1]} before the as-of date"))
    how = "day before the as-of date" if back == 1 else "two days before the as-of date"
    return DateCandidate(m.start(), m.end(), _attrs(day.isoformat(), "day", relative=True,
                                                    resolution=how))


def _build_offset(source: Source, m: re.Match[str]) -> DateCandidate | None:
    """"two weeks ago", "a little over a week (since)", "Five months after the coup"."""
    tail = m.group("tail")
    amount = _count_value(m.group("n"))
    unit = m.group("unit")
    qualifier = normalize_space(m.group("q") or "")
    if tail == "since":
        before = source.folded[max(0, m.start() - 20):m.start()]
        if not re.search(r"(?:been|it is|it's|it was)\s*$", before):
            return None
        end = m.end("unit") + (1 if source.folded[m.end("unit"):m.end("unit") + 1] == "s" else 0)
    else:
        end = m.end()  # the tail ("ago") or its anchor; in French the tail comes first
    mod = "APPROX"
    if qualifier.endswith(("over", "more than")):
        mod = "AFTER" if tail in ("after", "later") else "BEFORE"
    elif qualifier.endswith(("under", "less than", "barely")):
        mod = "BEFORE" if tail in ("after", "later") else "AFTER"
    if qualifier.startswith(("a little", "just", "slightly", "about", "around", "nearly",
                             "almost", "some")):
        mod = "APPROX"
    candidate = DateCandidate(m.start(), end, _attrs(None, _offset_precision(unit), mod=mod,
                                                    relative=True))
    candidate.extra = {"amount": amount, "unit": unit, "tail": tail, "qualifier": qualifier}
    candidate.holds_figure = True
    if tail in ("ago", "since"):
        if amount is None or not _as_of_known(source, _needed_precision(unit)):
            candidate.attrs["resolution"] = "as-of date unknown or vague amount"
            return candidate
        assert source.as_of is not None
        extra_days = 1 if qualifier.endswith(("over", "more than")) and unit in (
            "day", "week") else 0
        day = shift_date(source.as_of, unit, -amount) - dt.timedelta(days=extra_days)
        candidate.attrs["date"] = _format_at(day, candidate.attrs["precision"])
        span_text = normalize_space(source.text[m.start():end])
        candidate.attrs["resolution"] = f"{span_text} before the as-of date"
        return candidate
    if tail in ("later", "earlier"):
        candidate.attrs["resolution"] = "anchored to an earlier event in the narrative"
        if amount is not None:
            candidate.context = "offset"
        return candidate
    anchor = m.group("anchor")
    if anchor:
        words = [w for w in anchor.split() if w not in _ANCHOR_STOP]
        candidate.anchor = words[-1].strip("'-") if words else None
    candidate.attrs["resolution"] = "anchor event not dated in the text"
    return candidate


def _offset_precision(unit: str) -> str:
    return {"day": "day", "week": "day", "month": "month", "year": "year",
            "decade": "year"}[unit]


def _needed_precision(unit: str) -> str:
    return {"day": "day", "week": "day", "month": "month", "year": "year",
            "decade": "year"}[unit]


def _format_at(day: dt.date, precision: str) -> str:
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{day:%Y-%m}"
    return day.isoformat()


def _build_year_range(source: Source, m: re.Match[str]) -> DateCandidate | None:
    y1 = int(m.group("y1"))
    y2_text = m.group("y2")
    y2 = int(y2_text) if len(y2_text) == 4 else (y1 // 100) * 100 + int(y2_text)
    if not y1 < y2 <= y1 + 30:
        return None
    if not is_year_token(source.folded, m.start("y1"), m.end("y1")) and source.folded[
            m.end("y1"):m.end("y1") + 1] not in "-/ ":
        return None
    left = source.folded[max(0, m.start() - 24):m.start()]
    if re.search(r"(?:resolution|decree|law|no\.?|number|article|page|pages)\s*$", left):
        return None
    return DateCandidate(m.start(), m.end(), _attrs(f"{y1}/{y2}", "year"))


def _build_decade(source: Source, m: re.Match[str]) -> DateCandidate | None:
    decade = int(m.group("decade"))
    return DateCandidate(m.start(), m.end(), _attrs(f"{decade}/{decade + 9}", "year"))


_YEAR_MOD_BEFORE = re.compile(
    r"(?:(?P<after>\bat\s+least|\bno\s+earlier\s+than|\bnot\s+before)"
    r"|(?P<before>\bno\s+later\s+than|\bnot\s+later\s+than|\bat\s+the\s+latest\s+in)"
    r"|(?P<approx>\b(?:around|about|circa|approximately|roughly)))\s{1,6}$"
)


def _build_year(source: Source, m: re.Match[str]) -> DateCandidate | None:
    if not is_year_token(source.folded, m.start(), m.end()):
        return None
    mod = None
    qualifier = _YEAR_MOD_BEFORE.search(source.folded, max(0, m.start() - 30), m.start())
    if qualifier:
        mod = "AFTER" if qualifier.group("after") else (
            "BEFORE" if qualifier.group("before") else "APPROX")
    return DateCandidate(m.start(), m.end(), _attrs(m.group(0), "year", mod=mod), rank=3)


def _build_weekend(source: Source, m: re.Match[str]) -> DateCandidate | None:
    """"over the weekend", "last weekend", "this weekend": Saturday to Sunday."""
    rel = m.group("rel").split()[-1]
    if not _as_of_known(source, "day"):
        return DateCandidate(m.start(), m.end(), _attrs(
            None, "duration", relative=True, resolution="as-of day unknown"))
    assert source.as_of is not None
    as_of = source.as_of
    in_weekend = as_of.weekday() >= 5
    saturday = as_of - dt.timedelta(days=(as_of.weekday() - 5) % 7)  # most recent, <= as-of
    upcoming = saturday if in_weekend else saturday + dt.timedelta(days=7)
    chosen: dt.date | None
    if rel in ("last", "past"):
        chosen, how = (None, "ambiguous on a weekend") if in_weekend else (
            saturday, "weekend before the as-of date")
    elif rel == "next":
        chosen, how = (saturday + dt.timedelta(days=7), "weekend after the as-of weekend") if (
            in_weekend) else (None, "'next weekend' is ambiguous on a weekday")
    elif rel in ("coming", "this"):
        chosen, how = upcoming, "weekend of the as-of week"
    elif is_future_reference(source, m.start(), m.end()):
        chosen, how = upcoming, "future reference: the coming weekend"
    else:
        chosen, how = saturday, "most recent weekend up to the as-of date"
    value = None if chosen is None else (
        f"{chosen.isoformat()}/{(chosen + dt.timedelta(days=1)).isoformat()}")
    return DateCandidate(m.start(), m.end(), _attrs(value, "duration", relative=True,
                                                    resolution=how))


def _build_month_range(source: Source, m: re.Match[str]) -> DateCandidate | None:
    """"June-to-August", "from June to August 2024", "between March and May"."""
    sep = normalize_space(m.group("sep")).strip("-")
    if sep == "and" and m.group("pre") != "between":
        return None  # "in June and August": two months, not a range
    if sep in ("to", "until", "till", "through", "") and m.group("pre") == "between":
        return None
    if not (_month_capitalised(source, m.start("m1"))
            and _month_capitalised(source, m.start("m2"))):
        return None
    m1, m2 = MONTHS[m.group("m1")], MONTHS[m.group("m2")]
    if m1 == m2:
        return None
    if m.group("y1"):
        return None  # "between December 2023 and August": two dates, each its own
    y1: int | None = None
    y2 = int(m.group("y2")) if m.group("y2") else None
    start = m.start("m1")
    relative, how = False, None
    if y2 is not None:
        y1 = y2 if m1 < m2 else y2 - 1
    else:
        relative = True
        y1, how = resolve_month_year(source, m1, m.start(), m.end(), None)
        y2 = None if y1 is None else y1 + (1 if m2 < m1 else 0)
    if y1 is not None and y2 is not None and not 0 <= (y2 * 12 + m2) - (y1 * 12 + m1) <= 24:
        return None
    value = None if y1 is None or y2 is None else f"{y1}-{m1:02d}/{y2}-{m2:02d}"
    return DateCandidate(start, m.end(), _attrs(value, "duration", relative=relative,
                                                resolution=how))


def _build_that_year(source: Source, m: re.Match[str]) -> DateCandidate | None:
    """A date in "that year": resolved later from the year the text last mentioned."""
    if m.group("mon") and not _month_capitalised(source, m.start("mon")):
        return None
    day_text = m.group("dday") or m.group("day")
    if m.group("mon") and day_text and m.group("part"):
        return None
    if day_text:
        precision = "day"
    elif m.group("mon"):
        precision = "part-of-month" if m.group("part") else "month"
    else:
        precision = "year"
    mod = None
    if m.group("part"):
        words = m.group("part").split()
        mod = PART_OF_PERIOD_MOD[words[-2] if len(words) > 1 else words[0]]
    cand = DateCandidate(m.start(), m.end(), _attrs(
        None, precision, mod=mod, relative=True, resolution="no year mentioned before"))
    cand.context = "that-year"
    cand.extra = {"month": MONTHS[m.group("mon")] if m.group("mon") else None,
                  "day": int(day_text) if day_text else None}
    return cand


def _build_neighbour_year(source: Source, m: re.Match[str]) -> DateCandidate | None:
    word = m.group("w1") or m.group("w2")
    following = source.folded[m.end():m.end() + 12].lstrip()
    cand = DateCandidate(m.start(), m.end(), _attrs(
        None, "year", relative=True, resolution="no year mentioned just before"))
    if m.group("w2") and re.match(r"(?:the|a|an|his|her|its|their|this|that)\b", following):
        cand.attrs["resolution"] = "anchored to an event"
        return cand
    cand.context = "previous-year" if word in (
        "previous", "preceding", "prior", "before", "earlier") else "following-year"
    return cand


def _build_neighbour_day(source: Source, m: re.Match[str]) -> DateCandidate | None:
    """"the next day" / "the day before" told from the date just given, not the as-of date.

    Group ``w`` reads "next-day" or "previous-day"; with an ``of`` group ("au lendemain
    du limogeage") the phrase dates its own clause, so it takes the date of that clause.
    """
    word = m.group("w")
    cand = DateCandidate(m.start(), m.end("w"), _attrs(
        None, "day", relative=True, resolution="no day mentioned just before"))
    cand.context = "same-day" if m.group("of") else word
    return cand


_Builder = Callable[[Source, re.Match[str]], DateCandidate | None]
PATTERNS: tuple[tuple[re.Pattern[str] | _EndAnchored, _Builder], ...] = (
    (DAY_RANGE_RE, _build_day_range),
    (DAY_MONTH_YEAR_RE, _build_day_month),
    (MONTH_DAY_YEAR_RE, _build_day_month),
    (TWO_PARTS_OF_MONTH_RE, _build_two_parts),
    (PART_OF_PERIOD_RE, _build_part_of_period),
    (MONTH_RE, _build_month),
    (WEEKDAY_RE, _build_weekday),
    (RELATIVE_UNIT_RE, _build_relative_unit),
    (PERIOD_RE, _build_period),
    (DEICTIC_RE, _build_deictic),
    (OFFSET_RE, _build_offset),
    (YEAR_RANGE_RE, _build_year_range),
    (DECADE_RE, _build_decade),
    (YEAR_RE, _build_year),
    (WEEKEND_RE, _build_weekend),
    (MONTH_RANGE_RE, _build_month_range),
    (_EndAnchored(_THAT_YEAR_CORE_RE, THAT_YEAR_RE, 60), _build_that_year),
    (NEIGHBOUR_YEAR_RE, _build_neighbour_year),
    *PERIOD_PATTERNS,
)

#: The builders a language's date templates may name (``resources/<lang>/dates.json``).
BUILDERS: dict[str, _Builder] = {
    "day_range": _build_day_range, "day_month": _build_day_month,
    "part_of_period": _build_part_of_period, "month": _build_month,
    "weekday": _build_weekday, "relative_unit": _build_relative_unit,
    "period": _build_period, "deictic": _build_deictic, "offset": _build_offset,
    "month_range": _build_month_range, "that_year": _build_that_year,
    "neighbour_year": _build_neighbour_year, "neighbour_day": _build_neighbour_day,
}
#: Patterns that read digits only, the same in every language.
SHARED_PATTERNS: dict[str, tuple[tuple[re.Pattern[str] | _EndAnchored, _Builder], ...]] = {
    "year_range": ((YEAR_RANGE_RE, _build_year_range),),
    "year": ((YEAR_RE, _build_year),),
    "numeric": PERIOD_PATTERNS,
}
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class DateLex:
    """One language's date patterns and the cue patterns the resolution reads."""

    patterns: tuple[tuple[Any, _Builder], ...]
    names_capitalised: bool
    ambiguous_months: frozenset[int]
    future_cue_before: re.Pattern[str]
    clause_break: re.Pattern[str]
    future_modal: re.Pattern[str]
    present_tense: re.Pattern[str]
    past_tense: re.Pattern[str]
    past_verb_before: re.Pattern[str]
    #: right before "the end of the year": the phrase reaches the time of writing ("depuis")
    as_of_cue_before: re.Pattern[str] = _NEVER


def _canon_builder(build: _Builder, canon: dict[str, str]) -> _Builder:
    def canon_build(source: Source, m: re.Match[str]) -> DateCandidate | None:
        return build(source, CanonMatch(m, canon))  # type: ignore[arg-type]
    return canon_build


@cache
def _lex(lang: str) -> DateLex:
    """The date lexicon of *lang*, compiled once (English: the patterns above)."""
    data = load(lang, "dates")
    if lang == "en" or "patterns" not in data:
        return DateLex(PATTERNS, True, frozenset(data["ambiguous_months"]), _FUTURE_CUE_BEFORE,
                       _CLAUSE_BREAK, _FUTURE_MODAL, _PRESENT_TENSE, _PAST_TENSE,
                       _PAST_VERB_BEFORE)
    values = placeholders(data)
    canon = {**{w: name for w, n in data["months"].items()
                for name, v in MONTHS.items() if v == n},
             **{w: name for w, n in data["weekdays"].items()
                for name, v in WEEKDAYS.items() if v == n},
             **data.get("canon", {})}
    patterns: list[tuple[Any, _Builder]] = []
    for rule in data["patterns"]:
        if "shared" in rule:
            patterns.extend(SHARED_PATTERNS[rule["shared"]])
            continue
        regex = compile_template(rule["regex"], values)
        rule_canon = {**canon, **rule["canon"]} if "canon" in rule else canon
        patterns.append((regex, _canon_builder(BUILDERS[rule["builder"]], rule_canon)))
    cues = {k: re.compile(v) if v else _NEVER for k, v in data.get("cues", {}).items()}
    return DateLex(tuple(patterns), bool(data.get("names_capitalised")),
                   frozenset(data.get("ambiguous_months", [])),
                   cues.get("future_cue_before", _NEVER), cues.get("clause_break", _NEVER),
                   cues.get("future_modal", _NEVER), cues.get("present_tense", _NEVER),
                   cues.get("past_tense", _NEVER), cues.get("past_verb_before", _NEVER),
                   cues.get("as_of_cue_before", _NEVER))


# --- anchors ("N months after the coup") --------------------------------------------

_ANCHOR_AFTER_DATE = re.compile(r"[\s,'s]{0,4}(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z-]+)")
_ANCHOR_BEFORE_DATE = re.compile(r"(?P<noun>[a-z-]+)(?:\s+d'etat)?\s+(?:of|on|in)\s+$")


def _dated_anchors(source: Source, candidates: list[DateCandidate]) -> dict[str, set[str]]:
    """Head nouns of events dated in the text: "the August 18, 2020 coup" -> coup."""
    dated: dict[str, set[str]] = {}
    for cand in candidates:
        if cand.attrs["relative"] or cand.attrs["date"] is None:
            continue
        if cand.attrs["precision"] not in ("day", "month"):
            continue
        value = cand.attrs["date"]
        after = _ANCHOR_AFTER_DATE.match(source.folded, cand.end, cand.end + 40)
        if after:
            dated.setdefault(after.group("noun"), set()).add(value)
        before = _ANCHOR_BEFORE_DATE.search(source.folded[max(0, cand.start - 30):cand.start])
        if before:
            dated.setdefault(before.group("noun"), set()).add(value)
    return dated


def _shift_value(value: str, unit: str, amount: int) -> tuple[str, str]:
    """An ISO day or month *value* shifted by *amount* units, and the precision kept."""
    parts = [int(p) for p in value.split("-")]
    precision = _offset_precision(unit)
    if len(parts) == 2:
        parts.append(1)
        if precision == "day":
            precision = "month"
    day = shift_date(dt.date(*parts), unit, amount)
    return _format_at(day, precision), precision


def resolve_anchored_offsets(source: Source, candidates: list[DateCandidate]) -> None:
    """Resolve "N units after/before the <event>" against a date the text gives the event.

    When the text never dates the event but says "Five months after the coup, X has
    not yet started" (present tense), the phrase is the time of writing: it resolves to
    the as-of date, and dates the event for the other phrases anchored on it.
    """
    anchored = [c for c in candidates if c.anchor and c.extra.get("amount") is not None]
    if not anchored:
        return
    dated = _dated_anchors(source, candidates)
    inferred: dict[str, str] = {}
    for cand in anchored:
        if cand.anchor in dated or cand.extra["tail"] != "after":
            continue
        if not _as_of_known(source, "month"):
            continue
        s, e = source.sentence_span(cand.start)
        rest = source.folded[cand.end:e]
        lex = _lex(source.lang)
        if not (lex.present_tense.search(rest) and not lex.past_tense.search(rest)):
            continue
        assert source.as_of is not None
        precision = "month" if source.as_of_precision != "year" else "year"
        if cand.extra["unit"] in ("year", "decade"):
            precision = "year"
        value = _format_at(source.as_of, precision)
        cand.attrs.update(date=value, precision=precision,
                          resolution="present tense: the time of writing (as-of date)")
        if precision == "month" and cand.extra["unit"] == "month":
            anchor_value, _ = _shift_value(value, "month", -cand.extra["amount"])
            inferred.setdefault(cand.anchor, anchor_value)
    for cand in anchored:
        if cand.attrs["date"] is not None:
            continue
        values = dated.get(cand.anchor or "")
        source_note = "dated in the text"
        if not values and cand.anchor in inferred:
            values = {inferred[cand.anchor]}
            source_note = "dated from another phrase anchored on it"
        if not values or len({v[:7] for v in values}) != 1:
            continue
        anchor_value = sorted(values)[-1]
        sign = 1 if cand.extra["tail"] == "after" else -1
        value, precision = _shift_value(anchor_value, cand.extra["unit"],
                                        sign * cand.extra["amount"])
        cand.attrs.update(
            date=value, precision=precision,
            resolution=f"{cand.extra['amount']} {cand.extra['unit']}(s) "
                       f"{cand.extra['tail']} the {cand.anchor} ({anchor_value}, {source_note})")


# --- dates resolved from the dates around them ---------------------------------------

_AMBIGUOUS = "ambiguous"


@dataclass(slots=True)
class _Anchor:
    """A date the text has just given, as later phrases may lean on it."""

    sentence: int
    year: int | None  # None: a range or a span of years, no single year to lean on
    month: int | None
    day: int | None
    absolute: bool


def _anchor_of(cand: DateCandidate, sentence: int) -> _Anchor | None:
    """What *cand* offers later phrases, or None when it is no calendar date at all."""
    value = cand.attrs["date"]
    if value is None or cand.attrs["mod"] in ("PRESENT_REF", "FUTURE_REF"):
        return None
    if cand.attrs["precision"] == "duration" and not value[:1].isdigit():
        return None  # "the coming months" (PXM)
    absolute = not cand.attrs["relative"]
    if "/" in value:  # a range: one year to lean on only if both ends share it
        first, _, second = value.partition("/")
        year = int(first[:4]) if first[:4] == second[:4] and first[:4].isdigit() else None
        return _Anchor(sentence, year, None, None, absolute)
    match = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if match is None:
        return _Anchor(sentence, None, None, None, absolute)
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if cand.attrs["precision"] == "part-of-month":
        day = None
    return _Anchor(sentence, int(match.group(1)), month, day, absolute)


def resolve_in_context(source: Source, candidates: list[DateCandidate]) -> None:
    """Resolve phrases that lean on the dates before them, in one pass over the text.

    - "that year", "in March that year", "later that year": the year last mentioned
      (an absolute year anywhere before, or any date in the same or previous sentence);
    - "the previous year", "the following year": the year of the date just before, in
      the same or previous sentence;
    - "a year later", "nine months later": shifted from an absolute date in the same or
      previous sentence, given at least at the precision the unit needs;
    - "the end of the year": the as-of year, unless a date just before names another
      year (then it stays unresolved, unless the sentence points to the future).
    Anything ambiguous (a year range, no date near enough) stays unresolved.
    """
    starts = [s for s, _ in source.sentences]
    last: _Anchor | None = None  # the date mentioned last
    last_absolute_year: int | None = None
    for cand in candidates:  # in text order
        sentence = bisect.bisect_right(starts, cand.start) - 1
        near = last if last is not None and last.sentence >= sentence - 1 else None
        if cand.context is not None and cand.attrs["date"] is None:
            if cand.context.endswith("-day"):
                _resolve_day(cand, near, sentence)
            else:
                _resolve_one(source, cand, near, last, last_absolute_year)
        anchor = _anchor_of(cand, sentence)
        if anchor is not None:
            last = anchor
            if anchor.absolute:
                last_absolute_year = anchor.year


def _resolve_one(source: Source, cand: DateCandidate, near: _Anchor | None,
                 last: _Anchor | None, last_absolute_year: int | None) -> None:
    context = cand.context
    if context == "that-year":
        year = None
        if last is not None and (last.absolute or near is last or (
                last.year is not None and last.year == last_absolute_year)):
            year = last.year
        if year is None:
            return
        month, day = cand.extra.get("month"), cand.extra.get("day")
        if month and day:
            if not _valid_day(year, month, day):
                return
            value = f"{year}-{month:02d}-{day:02d}"
        else:
            value = f"{year}-{month:02d}" if month else str(year)
        cand.attrs.update(date=value, resolution=f"'that year' = {year}, the year last mentioned")
        return
    if context in ("previous-year", "following-year"):
        if near is None or near.year is None:
            return
        year = near.year + (-1 if context == "previous-year" else 1)
        cand.attrs.update(date=str(year), resolution=f"year {context.split('-')[0]} "
                                                     f"{near.year}, mentioned just before")
        return
    if context == "offset":
        _resolve_offset(cand, near)
        return
    if context in ("the-year", "the-month"):
        unit = context[4:]
        if not _as_of_known(source, unit):
            return
        assert source.as_of is not None
        as_of = source.as_of
        if near is not None and not _points_to_as_of(source, cand) and (
                near.year != as_of.year or unit == "month" and near.month != as_of.month):
            cand.attrs["resolution"] = f"the {unit} of the date just before, or the as-of {unit}"
            return
        value = str(as_of.year) if unit == "year" else f"{as_of:%Y-%m}"
        cand.attrs.update(date=value, resolution=f"the as-of {unit}")


def _resolve_day(cand: DateCandidate, near: _Anchor | None, sentence: int) -> None:
    """"the next day", "the day before": one day from the day just given; a phrase
    dating its own clause ("au lendemain du limogeage") takes that clause's day."""
    if near is None or near.year is None or near.month is None or near.day is None:
        return
    if cand.context == "same-day" and near.sentence != sentence:
        return
    shift = {"next-day": 1, "previous-day": -1}.get(cand.context or "", 0)
    day = dt.date(near.year, near.month, near.day) + dt.timedelta(days=shift)
    how = {1: "day after", -1: "day before", 0: "day of the clause dated"}[shift]
    cand.attrs.update(date=day.isoformat(), resolution=f"{how} {near.year}-{near.month:02d}-"
                                                      f"{near.day:02d}, mentioned just before")


def _points_to_as_of(source: Source, cand: DateCandidate) -> bool:
    """Whether the sentence speaks of the time of writing: future, or present (perfect)."""
    if is_future_reference(source, cand.start, cand.end):
        return True
    lex = _lex(source.lang)
    if lex.as_of_cue_before.search(source.folded, max(0, cand.start - 20), cand.start):
        return True
    s, e = source.sentence_span(cand.start)
    sentence = source.folded[max(s, cand.start - 200):min(e, cand.end + 200)]
    return bool(lex.present_tense.search(sentence)) and not lex.past_tense.search(sentence)


def _resolve_offset(cand: DateCandidate, near: _Anchor | None) -> None:
    """"a year later", "nine months later", "two weeks earlier": from an absolute date."""
    if near is None or not near.absolute or near.year is None:
        return
    unit, amount = cand.extra["unit"], cand.extra["amount"]
    needs_month = unit in ("month", "week", "day")
    needs_day = unit in ("week", "day")
    if needs_month and near.month is None or needs_day and near.day is None:
        return
    sign = 1 if cand.extra["tail"] == "later" else -1
    anchor_day = dt.date(near.year, near.month or 1, near.day or 1)
    try:
        shifted = shift_date(anchor_day, unit, sign * amount)
    except (ValueError, OverflowError):
        return
    precision = _offset_precision(unit)
    if precision == "day" and near.day is None:
        precision = "month"
    anchor_text = _format_at(anchor_day, "day" if near.day else "month" if near.month else "year")
    cand.attrs.update(date=_format_at(shifted, precision), precision=precision,
                      resolution=f"{amount} {unit}(s) {cand.extra['tail']} than {anchor_text}")


# --- entry point ---------------------------------------------------------------------


def find_date_candidates(source: Source) -> list[DateCandidate]:
    """Every date expression of the text, overlaps resolved (longest first), in order.

    Computed once per document: the figure extractor asks too, to leave dates alone.
    """
    cached = source.memo.get("date_candidates")
    if cached is not None:
        return list(cached)
    found: list[DateCandidate] = []
    for pattern, build in _lex(source.lang).patterns:
        for m in pattern.finditer(source.folded):
            cand = build(source, m)
            if cand is not None and cand.end > cand.start:
                found.append(cand)
    found.sort(key=lambda c: (-(c.end - c.start), c.rank, c.start))
    occupied = bytearray(len(source.text) + 1)  # linear overlap test, whatever the count
    kept: list[DateCandidate] = []
    for cand in found:
        if any(occupied[cand.start:cand.end]):
            continue
        occupied[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
        kept.append(cand)
    kept.sort(key=lambda c: (c.start, c.end))
    source.memo["date_candidates"] = kept
    return list(kept)


def extract_dates(source: Source) -> list[Fact]:
    """DATE facts: every date or time expression, resolved against ``source.as_of``."""
    try:
        candidates = find_date_candidates(source)
        resolve_anchored_offsets(source, candidates)
        resolve_in_context(source, candidates)
    except (ValueError, OverflowError, KeyError, IndexError):  # pragma: no cover - defensive
        return []
    facts: list[Fact] = []
    spans = [(c.start, c.end) for c in candidates]  # in order: the window is bisected
    starts = [a for a, _ in spans]
    for cand in candidates:
        attrs = dict(cand.attrs)
        lo = bisect.bisect_left(starts, cand.start - 399)
        hi = bisect.bisect_right(starts, cand.start + 399)
        others = [span for span in spans[lo:hi] if span != (cand.start, cand.end)]
        attrs["event"], attrs["date_role"] = describe_date(source, cand.start, cand.end,
                                                           others, lang=source.lang)
        facts.append(Fact("date", source.text[cand.start:cand.end], cand.start, cand.end, attrs))
    return facts
