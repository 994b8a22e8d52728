"""Number words and digit strings, shared by the date and figure extractors.

Both extractors must agree on what a number is ("Five months after the coup" is a date
and holds a figure) and on what a year is (a year is a date, never a figure), so the
parsing lives here once.
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
}
#: Words that are a number on their own ("a dozen" is handled by the caller's pattern).
NUMBER_WORDS: dict[str, int] = {**UNITS, **TENS, "dozen": 12}

#: Denominators of spelled-out fractions ("a fifth", "two-thirds"); "half" and "second"
#: are left out on purpose ("the second half", "a second coup").
FRACTION_DENOMINATORS: dict[str, int] = {
    "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}
_DENOMINATOR_ALTERNATION = "|".join(FRACTION_DENOMINATORS)
_NUMERATOR_ALTERNATION = "|".join(w for w in UNITS if 2 <= UNITS[w] <= 9)
#: A spelled-out fraction in folded text. A singular one ("a fifth", "one third") is an
#: ordinal as often as a fraction ("a third attack"): the caller checks the next word.
FRACTION_WORD_PATTERN = (
    rf"(?:(?P<fnum>{_NUMERATOR_ALTERNATION})[ -](?P<fden>(?:{_DENOMINATOR_ALTERNATION})s)"
    rf"|(?P<fone>an?|one)(?P<fsep>[ -])(?P<fden1>{_DENOMINATOR_ALTERNATION}))"
)

#: Vague quantity words: a figure with no exact value.
VAGUE_WORDS: frozenset[str] = frozenset(
    {"dozens", "hundreds", "thousands", "millions", "billions", "tens of thousands"}
)

_WORD_ALTERNATION = "|".join(
    sorted([*UNITS, *TENS, *SCALES, "dozen"], key=len, reverse=True)
)
#: A spelled-out number in folded (lower-case) text: "five", "twenty-five",
#: "two hundred and fifty", "three thousand". Each repetition consumes a whole word,
#: and the repetition is bounded, so matching stays linear even on "five-five-five...".
NUMBER_WORD_PATTERN = (
    rf"(?:{_WORD_ALTERNATION})(?:(?:[ -]|\sand\s)(?:{_WORD_ALTERNATION})){{0,6}}"
)
NUMBER_WORD_RE = re.compile(rf"\b{NUMBER_WORD_PATTERN}\b")

#: Digits as written in news text: "14,252", "3.5", "1/5", "326 000" is *not* joined
#: (too easily confused with two adjacent numbers).
DIGITS_PATTERN = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    # French-style groups: "45 000" (no-break or thin space, or a plain space when every
    # group after the first has exactly three digits)
    r"|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d\u00a0\u202f]|[.,]\d)"
    r"|\d+(?:\.\d+)?"
)

_SPLIT_WORDS = re.compile(r"[\s-]+")


def parse_number_words(phrase: str) -> int | None:
    """The value of a spelled-out number ("twenty-five" -> 25), or None if it is not one.

    Accepts an optional leading "a"/"an" ("a dozen" -> 12, "a hundred" -> 100).
    """
    words = [w for w in _SPLIT_WORDS.split(phrase.lower().strip()) if w and w != "and"]
    if not words:
        return None
    if words[0] in ("a", "an"):
        words = ["one", *words[1:]]
        if len(words) == 1:
            return None
    total = 0
    current = 0
    seen_any = False
    for word in words:
        if word in UNITS or word in TENS:
            current += UNITS.get(word, TENS.get(word, 0))
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
        seen_any = True
    return total + current if seen_any else None


def parse_fraction_words(phrase: str) -> tuple[float, str] | None:
    """"two-thirds" -> (0.666667, "2/3"), "a fifth" -> (0.2, "1/5"); None if not one."""
    words = _SPLIT_WORDS.split(phrase.lower().strip())
    if len(words) != 2:
        return None
    numerator = 1 if words[0] in ("a", "an", "one") else UNITS.get(words[0])
    denominator = FRACTION_DENOMINATORS.get(words[1].removesuffix("s"))
    if not numerator or not denominator or numerator >= denominator:
        return None
    return round(numerator / denominator, 6), f"{numerator}/{denominator}"


def parse_digits(token: str) -> int | float | None:
    """The value of a digit token: "14,252" -> 14252, "3.5" -> 3.5, "1/5" -> 0.2."""
    token = token.strip()
    try:
        if "/" in token:
            num, _, den = token.partition("/")
            denominator = float(den)
            if denominator == 0:
                return None
            return as_number(float(num) / denominator)
        return as_number(float(re.sub(r"[,\s\u00a0\u202f]", "", token)))
    except ValueError:
        return None


def parse_number(token: str) -> int | float | None:
    """Digits or words, whichever *token* is ("Four" -> 4, "1,687" -> 1687)."""
    if any(c.isdigit() for c in token):
        return parse_digits(token)
    return parse_number_words(token)


def as_number(value: float) -> int | float:
    """An int when the value is integral (18.0 -> 18), else the float rounded to 6 places."""
    if value == int(value) and abs(value) < 1e18:
        return int(value)
    return round(value, 6)


# Words right before a 4-digit number that make it an identifier, not a year.
_IDENTIFIER_BEFORE = re.compile(
    r"(?:resolution|resolutions|decree|law|article|articles|chapter|section|no\.?|number|"
    r"nos\.?|page|pages|p\.|flight|route|room|code|ordinance|order|act|item|n°|#)\s*$"
)
# Counted nouns right after a 4-digit number that make it a quantity ("2000 soldiers").
_COUNT_NOUN_AFTER = re.compile(
    r"\s*(?:%|percent\b|per\s+cent\b|people\b|persons\b|civilians\b|soldiers\b|troops\b|"
    r"men\b|women\b|children\b|refugees\b|deaths\b|dead\b|victims\b|fighters\b|members\b|"
    r"km\b|kilomet|miles\b|metres\b|meters\b|tonnes\b|tons\b|dollars\b|euros\b|francs\b|"
    r"cfa\b|fcfa\b|votes\b|cases\b|households\b|families\b|students\b|pupils\b|schools\b|"
    r"villages\b|jihadists\b|militants\b|displaced\b|casualties\b|killed\b|hectares\b|"
    r"heads\b|cattle\b|vehicles\b|weapons\b|workers\b|teachers\b|employees\b|jobs\b|"
    r"inhabitants\b|residents\b|voters\b|candidates\b|seats\b|units\b|us\s+dollars\b|"
    r"million\b|billion\b|thousand\b)"
)
# Quantity qualifiers right before the number ("more than 2000").
_QUALIFIER_BEFORE = re.compile(
    r"(?:more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|over|about|"
    r"around|nearly|almost|some|approximately|roughly|an\s+estimated|estimated|\$|€|£)\s*$"
)

# A time preposition before the qualifier makes the number a year again: "until at least
# 2030", "since around 2015", "after about 2012" (not "by about 2000": "rose by about").
_TEMPORAL_QUALIFIER_BEFORE = re.compile(
    r"\b(?:until|till|through|since|before|after|not\s+before)\s+"
    r"(?:at\s+least|at\s+most|around|about|approximately|roughly|some)\s*$"
)


def is_year_token(folded: str, start: int, end: int) -> bool:
    """Whether the 4-digit token ``folded[start:end]`` is a calendar year.

    1900-2099, not an identifier ("Resolution 2100"), not glued into a bigger token
    ("COVID-2019", "2,019"), and not a quantity ("2000 soldiers", "about 2000").
    """
    token = folded[start:end]
    if len(token) != 4 or not token.isdigit() or not ("1900" <= token <= "2099"):
        return False
    before = folded[max(0, start - 1):start]
    after = folded[end:end + 2]
    if before and (before.isalnum() or before in "-_/.,$€£#"):
        return False
    if after[:1] and (after[:1].isalnum() or after[:1] in "_%"):
        return False
    if len(after) == 2 and after[0] in ".," and after[1].isdigit():
        return False
    left = folded[max(0, start - 24):start]
    if _IDENTIFIER_BEFORE.search(left):
        return False
    if _QUALIFIER_BEFORE.search(left) and not _TEMPORAL_QUALIFIER_BEFORE.search(
            folded, max(0, start - 40), start):
        return False
    return _COUNT_NOUN_AFTER.match(folded, end, min(len(folded), end + 24)) is None
