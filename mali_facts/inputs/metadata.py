"""What a document says about itself at the top: its date, title, author and outlet.

Only the header of a document is read (its first lines), and only for patterns a
newsroom uses: a wire dateline (``BAMAKO, 22 November 2024 (Reuters) -``), a
``Published:`` line, a line holding nothing but a date, a byline, YAML front matter.
Each value found is returned with the name of the rule that found it, so ``docs`` and
``show`` can say where a value came from. The words (month names, "Published",
"By") are data files per language: ``extract/resources/<lang>/dateline.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

#: Publication years the date arithmetic ("last year", "three days ago") cannot overflow.
PUBLISHED_YEARS = range(1000, 9000)
HEADER_LANGS = ("en", "fr")

_WORD = r"[^\W\d_]{3,10}"
_ISO_LINE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY_LINE = re.compile(rf"(\d{{1,2}})(?:er)?\s+({_WORD})\.?,?\s+(\d{{4}})")
_MDY_LINE = re.compile(rf"({_WORD})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})")
_LINE_PREFIX = re.compile(r"^(?:[*_#>\s]|published|updated|posted|date|on)*[:\s]*", re.I)
#: a date at the start of a line, then an optional time ("10:05 GMT", "à 14h30")
_DATE_START = re.compile(
    rf"(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}(?:er)?\s+{_WORD}\.?,?\s+\d{{4}}"
    rf"|{_WORD}\.?\s+\d{{1,2}},?\s+\d{{4}})(?:[T\s,]+(?:at\s+|à\s+)?\d{{1,2}}[:h.]\d{{2}}"
    r"(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:Z|[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?)?\s*$")


@cache
def _words() -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
    """Month names, publication words and byline words of every header language."""
    from mali_facts.extract.resources import load

    months: dict[str, int] = {}
    published: list[str] = []
    byline: list[str] = []
    for lang in HEADER_LANGS:
        data = load(lang, "dateline")
        months.update(data["months"])
        published += data["published"]
        byline += data["byline"]
    longest_first = sorted(set(published), key=len, reverse=True)
    return months, tuple(longest_first), tuple(sorted(set(byline), key=len, reverse=True))


def parse_day(text: str) -> dt.date | None:
    """A full calendar date written as ISO, "25 May 2021" or "May 25, 2021", else None."""
    text = text.strip()
    months = _words()[0]
    for pattern, order in ((_ISO_LINE, "ymd"), (_DMY_LINE, "dmy"), (_MDY_LINE, "mdy")):
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = parts["m"]
        month_number = int(month) if month.isdigit() else months.get(month.lower())
        if not month_number:
            return None
        try:
            day = dt.date(int(parts["y"]), month_number, int(parts["d"]))
        except ValueError:
            return None
        return day if day.year in PUBLISHED_YEARS else None  # "0001-01-01" is no dateline
    return None


def date_line_at_top(text: str, lines: int = 8) -> dt.date | None:
    """The publication date when one of the first lines is nothing but a date."""
    seen = 0
    for line in text.splitlines():
        stripped = _LINE_PREFIX.sub("", line).strip(" *_#")
        if not stripped:
            continue
        seen += 1
        day = parse_day(stripped)
        if day:
            return day
        if seen >= lines:
            break
    return None


def _header_lines(text: str, count: int = 12) -> list[str]:
    """The first *count* non-blank lines, without Markdown decoration."""
    found: list[str] = []
    for line in text[:4000].splitlines():
        clean = line.strip().strip("*_#> ").strip()
        if clean:
            found.append(clean)
            if len(found) >= count:
                break
    return found


def _day_with_time(text: str) -> dt.date | None:
    match = _DATE_START.match(text.strip())
    return parse_day(match.group(1)) if match else None


@cache
def _published_words() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _words()[1])
    return re.compile(rf"(?:{words})(?![^\W\d_])[\s:–—-]*(?:on\s+)?(.+)", re.I)


def published_line(text: str) -> dt.date | None:
    """``Published: 22 November 2024 10:05 GMT`` (or ``Publié le ...``) near the top."""
    pattern = _published_words()
    for line in _header_lines(text):
        match = pattern.match(line)
        if match:
            day = _day_with_time(match.group(1))
            if day:
                return day
    return None


# "BAMAKO, 22 November 2024 (Reuters) -", "Bamako, Mali, Nov. 22, 2024 (AP) —",
# "BAMAKO, 22 novembre 2024 (AFP) -": a place, an optional country, a date, an optional
# agency in brackets, then a dash
_DATELINE = re.compile(
    r"(?P<place>[A-ZÀ-Ý][\w'’.-]*(?:[ -][A-ZÀ-Ý][\w'’.-]*){0,3}),\s*"
    r"(?:[A-ZÀ-Ý][\w'’.-]*(?: [A-ZÀ-Ý][\w'’.-]*){0,2},\s*)?"
    r"(?P<date>[^()\n]{6,40}?)\s*(?:\((?P<agency>[A-Za-zÀ-ÿ][\w .&'’-]{0,30})\))?\s*[-–—]+\s")


def dateline(text: str) -> tuple[dt.date, str | None] | None:
    """A wire dateline at the start of the first paragraphs: (date, agency or None)."""
    for line in _header_lines(text, 8):
        match = _DATELINE.match(line)
        if match:
            day = parse_day(match.group("date").rstrip(" ,"))
            if day:
                agency = match.group("agency")
                return day, agency.strip() if agency else None
    return None


_NAME = r"[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:de |du |van |al-|el-)?[A-ZÀ-Ý][\w'’.-]*){1,3}"
_BYLINE_REST = re.compile(rf"[:\s]\s*({_NAME}(?:\s*(?:,|and|et|&)\s*{_NAME})?)\s*"
                          r"(?:[,|–—-]\s*[A-ZÀ-Ý][^\n.]{0,40})?")


def byline(text: str) -> str | None:
    """``By Jane Doe`` or ``Par Jean Dupont`` on a short line of its own near the top."""
    words = _words()[2]
    for line in _header_lines(text, 8):
        lowered = line.lower()
        if len(line) > 80:
            continue
        for word in words:
            if lowered.startswith(word) and len(line) > len(word) and \
                    not line[len(word)].isalpha():
                match = _BYLINE_REST.fullmatch(line[len(word):])
                if match:
                    return match.group(1).strip()
    return None


_FRONT_MATTER = re.compile(r"---[ \t]*\n((?:[^\n]*\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\n|$)")
_FRONT_KEYS = {"title": "title", "date": "published", "published": "published",
               "author": "author", "outlet": "outlet", "source": "outlet", "site": "outlet",
               "publisher": "outlet", "lang": "lang", "language": "lang", "url": "url"}


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """YAML-style ``key: value`` front matter at the very top: (fields, its length)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        name = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("'\"").strip()
        if sep and name and value and name not in fields:
            fields[name] = value
    if not fields:
        return {}, 0  # a Markdown horizontal rule, not front matter
    if "published" in fields:
        day = parse_day(fields["published"][:10]) or _day_with_time(fields["published"])
        if day:
            fields["published"] = day.isoformat()
        else:
            del fields["published"]
    return fields, match.end()


def title_of(text: str) -> str | None:
    """The first non-empty line, without Markdown decoration, as a fallback title."""
    for line in text.splitlines():
        clean = line.strip().strip("#*_ ").strip()
        if clean:
            return clean[:200]
    return None


def detect(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """Metadata the text itself states: (fields, the rule that found each).

    The publication date is taken from the first rule that finds one: dateline, then a
    ``Published:`` line, then a line of nothing but a date.
    """
    fields: dict[str, str] = {}
    sources: dict[str, str] = {}
    found = dateline(text)
    if found:
        fields["published"], sources["published"] = found[0].isoformat(), "dateline"
        if found[1]:
            fields["outlet"], sources["outlet"] = found[1], "dateline"
    else:
        day = published_line(text)
        rule = "published-line"
        if day is None:
            day, rule = date_line_at_top(text), "date-line"
        if day is not None:
            fields["published"], sources["published"] = day.isoformat(), rule
    author = byline(text)
    if author:
        fields["author"], sources["author"] = author, "byline"
    title = title_of(text)
    if title:
        fields["title"], sources["title"] = title, "first-line"
    return fields, sources
