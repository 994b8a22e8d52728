"""Date forms of general news beyond day, month and year words.

ISO and numeric dates ("2024-03-15", "15/03/2024": day first, as in Francophone
sources, and said so in ``resolution``), quarters and halves ("the third quarter of
2024" -> ``2024-Q3``, precision ``quarter``; "the first half of 2025" -> ``2025-H1``),
seasons in the TIMEX3 style ("last autumn" -> ``2024-FA``: SP, SU, FA, WI, precision
``season``), centuries (``19``, precision ``century``), "tomorrow", "earlier this year"
(the modifier kept in the span), and present or past references ("currently" ->
``PRESENT_REF`` at the as-of date, "recently" -> ``PAST_REF`` with no date).
"""

from __future__ import annotations

import datetime as dt
import re

from mali_facts.extract.date_model import DateCandidate, as_of_known, date_attrs
from mali_facts.extract.source import Source

_SP = r"\s{1,6}"
_YEAR = r"(?:19|20)\d\d"

ISO_DATE_RE = re.compile(
    rf"(?<![\w/.-])(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w/-]|\.\d)")
NUMERIC_DATE_RE = re.compile(
    rf"(?<![\w/.,-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{_YEAR})"
    r"(?![\w/]|[.,]\d)")
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "last": 4, "final": 4}
QUARTER_RE = re.compile(
    rf"\b(?:the{_SP})?(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th){_SP}"
    rf"quarter(?:{_SP}of)?(?:{_SP}(?P<y>{_YEAR})\b|{_SP}(?P<rel>this|last|next|the){_SP}year\b)?"
    rf"|\bq(?P<n>[1-4]){_SP}?(?P<y2>{_YEAR})\b")
HALF_RE = re.compile(
    rf"\b(?:the{_SP})?(?P<ord>first|second|1st|2nd){_SP}half{_SP}of{_SP}"
    rf"(?:(?P<y>{_YEAR})\b|(?P<rel>this|last|next|the){_SP}year\b)")
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
SEASON_RE = re.compile(
    rf"\b(?:(?P<rel>last|this|next|coming|past){_SP}(?P<s1>spring|summer|autumn|fall|winter)\b"
    rf"|(?:the{_SP})?(?P<s2>spring|summer|autumn|fall|winter){_SP}(?:of{_SP})?(?P<y>{_YEAR})\b)")
TOMORROW_RE = re.compile(
    rf"\b(?P<w>the{_SP}day{_SP}after{_SP}tomorrow|tomorrow)"
    rf"(?:{_SP}(?P<pod>morning|afternoon|evening|night))?\b")
REFERENCE_RE = re.compile(
    rf"\b(?P<w>recently|lately|currently|presently|nowadays|at{_SP}present|these{_SP}days)\b")
EARLIER_RE = re.compile(
    rf"\b(?P<adv>earlier|later){_SP}(?:in{_SP})?(?P<rel>this|last|next|the){_SP}"
    rf"(?P<unit>year|month)\b")
_CENTURY_WORDS = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18}
CENTURY_RE = re.compile(
    rf"\b(?:the{_SP})?(?:(?P<n>1[5-9]|2[01])(?:st|nd|rd|th)|(?P<w>{'|'.join(_CENTURY_WORDS)}))"
    rf"{_SP}century\b")
_PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def build_iso(source: Source, m: re.Match[str]) -> DateCandidate | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid(y, mo, d):
        return None
    return DateCandidate(m.start(), m.end(), date_attrs(f"{y:04d}-{mo:02d}-{d:02d}", "day"))


def build_numeric(source: Source, m: re.Match[str]) -> DateCandidate | None:
    """"15/03/2024": day first unless impossible (Mali's press writes day first)."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 or (a <= 12 and b <= 12):
        day, month = a, b
        how = "numeric date read day first (the Francophone order)"
    else:
        day, month = b, a
        how = "numeric date read month first (the day cannot be a month)"
    if not _valid(y, month, day):
        return None
    return DateCandidate(m.start(), m.end(), date_attrs(
        f"{y:04d}-{month:02d}-{day:02d}", "day", resolution=how))


def _year_of(source: Source, rel: str | None, explicit: str | None) -> tuple[int | None, bool]:
    """The year a quarter/half/season phrase names, and whether it was relative."""
    if explicit:
        return int(explicit), False
    if not as_of_known(source, "year") or source.as_of is None:
        return None, True
    shift = {"last": -1, "next": 1}.get(rel or "", 0)
    return source.as_of.year + shift, True


def build_quarter(source: Source, m: re.Match[str]) -> DateCandidate | None:
    n = int(m["n"]) if m["n"] else _ORDINAL[m["ord"]]
    year, relative = _year_of(source, m["rel"], m["y"] or m["y2"])
    value = f"{year}-Q{n}" if year else None
    return DateCandidate(m.start(), m.end(), date_attrs(
        value, "quarter", relative=relative,
        resolution="quarter of the as-of year" if relative and value else None), rank=-1)


def build_half(source: Source, m: re.Match[str]) -> DateCandidate | None:
    n = _ORDINAL[m["ord"]]
    year, relative = _year_of(source, m["rel"], m["y"])
    value = f"{year}-H{n}" if year else None
    return DateCandidate(m.start(), m.end(), date_attrs(
        value, "half", relative=relative,
        resolution="half of the as-of year" if relative and value else None), rank=-1)


def _season_start(code: str, year: int) -> dt.date:
    return dt.date(year, _SEASON_START[code], 1)


def _season_end(code: str, year: int) -> dt.date:
    month = _SEASON_START[code] + 3
    return dt.date(year + (month > 12), (month - 1) % 12 + 1, 1)


def build_season(source: Source, m: re.Match[str]) -> DateCandidate | None:
    word = m["s1"] or m["s2"]
    if word == "fall" and not m["y"] and m["rel"] not in ("last", "this", "next"):
        return None  # "prices fall": a verb
    code = _SEASONS[word]
    if m["y"]:
        return DateCandidate(m.start(), m.end(), date_attrs(f"{m['y']}-{code}", "season"))
    if not as_of_known(source, "month") or source.as_of is None:
        return DateCandidate(m.start(), m.end(), date_attrs(
            None, "season", relative=True, resolution="as-of date unknown"))
    as_of = source.as_of
    years = range(as_of.year - 2, as_of.year + 2)
    rel = m["rel"]
    if rel in ("last", "past"):
        year = max(y for y in years if _season_end(code, y) <= as_of)
        how = "the last such season over before the as-of date"
    elif rel in ("next", "coming"):
        year = min(y for y in years if _season_start(code, y) > as_of)
        how = "the next such season after the as-of date"
    else:
        current = [y for y in years if _season_start(code, y) <= as_of < _season_end(code, y)]
        year = current[0] if current else as_of.year - (code == "WI" and as_of.month < 3)
        how = "the season of the as-of year"
    return DateCandidate(m.start(), m.end(), date_attrs(
        f"{year}-{code}", "season", relative=True, resolution=how))


def build_tomorrow(source: Source, m: re.Match[str]) -> DateCandidate | None:
    if not as_of_known(source, "day") or source.as_of is None:
        return DateCandidate(m.start(), m.end(), date_attrs(
            None, "day", relative=True, resolution="as-of day unknown"))
    ahead = 2 if m["w"].startswith("the") else 1
    day = source.as_of + dt.timedelta(days=ahead)
    if m["pod"]:
        return DateCandidate(m.start(), m.end(), date_attrs(
            f"{day.isoformat()}T{_PART_OF_DAY[m['pod']]}", "part-of-day", relative=True,
            resolution=f"{m['pod']} after the as-of date"))
    return DateCandidate(m.start(), m.end(), date_attrs(
        day.isoformat(), "day", relative=True,
        resolution="day after the as-of date" if ahead == 1 else "two days after the as-of"))


def build_reference(source: Source, m: re.Match[str]) -> DateCandidate | None:
    word = " ".join(m["w"].split())
    if word in ("recently", "lately"):
        return DateCandidate(m.start(), m.end(), date_attrs(
            None, "day", mod="PAST_REF", relative=True,
            resolution="shortly before the as-of date"), rank=2)
    value = source.as_of.isoformat() if as_of_known(source, "day") and source.as_of else None
    return DateCandidate(m.start(), m.end(), date_attrs(
        value, "day", mod="PRESENT_REF", relative=True,
        resolution="as-of date" if value else "as-of day unknown"), rank=2)


def build_earlier(source: Source, m: re.Match[str]) -> DateCandidate | None:
    """"earlier this year": this year, with the modifier kept in the span."""
    unit, rel = m["unit"], m["rel"]
    if rel == "the" or not as_of_known(source, unit) or source.as_of is None:
        return DateCandidate(m.start(), m.end(), date_attrs(
            None, unit, relative=True, resolution="anchored to the narrative"))
    as_of = source.as_of
    shift = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "year":
        value = str(as_of.year + shift)
    else:
        index = as_of.year * 12 + as_of.month - 1 + shift
        value = f"{index // 12:04d}-{index % 12 + 1:02d}"
    return DateCandidate(m.start(), m.end(), date_attrs(
        value, unit, relative=True, resolution=f"{m['adv']} in the {unit} of the as-of date"))


def build_century(source: Source, m: re.Match[str]) -> DateCandidate | None:
    n = int(m["n"]) if m["n"] else _CENTURY_WORDS[m["w"]]
    return DateCandidate(m.start(), m.end(), date_attrs(f"{n - 1:02d}", "century"))


PERIOD_PATTERNS = (
    (ISO_DATE_RE, build_iso),
    (NUMERIC_DATE_RE, build_numeric),
    (QUARTER_RE, build_quarter),
    (HALF_RE, build_half),
    (SEASON_RE, build_season),
    (TOMORROW_RE, build_tomorrow),
    (REFERENCE_RE, build_reference),
    (EARLIER_RE, build_earlier),
    (CENTURY_RE, build_century),
)
