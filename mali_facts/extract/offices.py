"""An official's office, rank, status and time, read from the words around each mention.

A role phrase in news copy mixes three things: the office ("governor of the Mopti
region"), a military rank ("Colonel") and a status ("former", "interim"). They are
pulled apart here so that ``officials --role "prime minister" --at 2021-05`` can be
answered. Verbs around a name add offices and statuses the title does not give ("X was
appointed prime minister", "the coup that toppled President X", "named X, ..., as prime
minister"). Every cue word lives in ``resources/<lang>/offices.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mali_facts.extract.resources import load
from mali_facts.text import fold, normalize_space

_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
_ONE_TIME = r"\d{4}(?:-[0-9A-Z]{1,2}(?:-\d{2})?)?"
_ISO_TIME = re.compile(_ONE_TIME + r"(?:/" + _ONE_TIME + r")?")


@dataclass(slots=True)
class Reading:
    """What one phrase or verb pattern says about the person's office."""

    office: str | None
    rank: str | None = None
    status: str | None = None
    #: "until then the government spokesman": an office the person has since left
    superseded: bool = False
    #: where the words that gave it sit in the text (to find the sentence's date)
    at: int = 0


class OfficeWords:
    """The cue words of one language, compiled once."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.ranks = sorted((tuple(r.split()) for r in data["ranks"]), key=len, reverse=True)
        self.articles = frozenset(data["rank_articles"])
        self.office_nouns = frozenset(data["office_nouns"]) | frozenset(data["other_role_nouns"])
        self.prefixes = {tuple(k.split()): v for k, v in data["status_prefixes"].items()}
        self.superseded = {tuple(k.split()) for k in data["superseded_prefixes"]}
        self.general_after = frozenset(data["general_after"])
        self.general_before = frozenset(data["general_before"])
        self.stop = frozenset(data["office_stop_words"])
        self.spellings: dict[str, str] = data["spellings"]
        #: French keeps a rank as written ("général d'armée"); English capitalises it
        self.rank_as_written = bool(data.get("rank_as_written"))
        self.elided: tuple[str, ...] = tuple(data.get("elided_articles", ()))
        be = _alternation(data["be_forms"])
        self.before = re.compile(r"(?<![^\W_])(?:" + _alternation(list(data["cues_before_name"]))
                                 + r")\s+(?:the\s+|then\s+)?$")
        self.before_status = {k: v for k, v in data["cues_before_name"].items()}
        self.after_be = re.compile(
            r"(?:,?\s*who\s+)?(?:" + be + r")\s+(?:(?:also|later|then|now)\s+)?("
            + _alternation(list(data["cues_after_be"])) + r")\b(?:\s+(?:as|to\s+be)\b)?")
        self.after_be_status: dict[str, str] = data["cues_after_be"]
        self.after_name = re.compile(
            r"\s*(?:,[^,;.]{1,120},\s*)?(" + _alternation(list(data["cues_after_name"]))
            + r")\b(?:\s+(?:at|as)\b)?")
        self.after_name_status: dict[str, str] = data["cues_after_name"]
        self.office_verbs = frozenset(data["office_verbs_after_name"])
        self.portfolio = re.compile(
            r"(\s+and\s+[^,;.]{3,40}?)?\s*,?\s*who\s+(?:had\s+|has\s+)?(?:held|holds|occupied"
            r"|occupies|kept|keeps|ran|runs)\s+the\s+([a-z]+)(?:\s+and\s+([a-z]+))?\s+"
            r"(?:" + _alternation(data["portfolio_nouns"]) + r")\b")
        self.named_as = re.compile(r"\s*(?:,[^,;.]{1,120},\s*)?\s*as\s+")


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@cache
def office_words(lang: str = "en") -> OfficeWords:
    return OfficeWords(load(lang, "offices"))


def _canonical_rank(words: tuple[str, ...]) -> str:
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words)


def _rank_text(phrase: str, spans: list[tuple[int, int]], first: int, last: int,
               words: tuple[str, ...], w: OfficeWords) -> str:
    if w.rank_as_written:
        return normalize_space(phrase[spans[first][0]:spans[last - 1][1]]).lower().replace(
            "\u2019", "'")
    return _canonical_rank(words)


def _match_at(folded: list[str], i: int, phrases: Any) -> tuple[str, ...] | None:
    for phrase in phrases:
        if tuple(folded[i:i + len(phrase)]) == phrase:
            return phrase
    return None


def read_phrase(phrase: str, at: int = 0, lang: str = "en") -> Reading:
    """"Interim President Colonel" -> office "President", rank "Colonel", status interim."""
    w = office_words(lang)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(phrase)]
    folded = [fold(phrase[s:e]) for s, e in spans]
    keep = [True] * len(spans)
    rank: str | None = None
    status: str | None = None
    superseded = False
    lo, hi = 0, len(spans)
    elision = next((e for e in w.elided if lo < hi and folded[lo].startswith(e)
                    and len(folded[lo]) > len(e)), None)
    if elision:  # "l'ancien Premier ministre": the article is glued to the next word
        spans[lo] = (spans[lo][0] + len(elision), spans[lo][1])
        folded[lo] = folded[lo][len(elision):]
    while lo < hi and folded[lo] in w.articles:
        keep[lo] = False
        lo += 1
    # a rank first ("Colonel", "a general and former spokesman") or last ("President Colonel")
    found = _match_at(folded, lo, w.ranks) if lo < hi else None
    if found and not (found[-1] == "general" and lo + len(found) < hi
                      and folded[lo + len(found)] in w.general_before):
        rank = _rank_text(phrase, spans, lo, lo + len(found), found, w)
        for k in range(lo, lo + len(found)):
            keep[k] = False
        lo += len(found)
        while lo < hi and folded[lo] in w.articles | {"and"}:
            keep[lo] = False
            lo += 1
    for n in (3, 2, 1):
        if rank is None and hi - n > lo:
            tail = tuple(folded[hi - n:hi])
            if tail in w.ranks and not (tail[0] == "general" and folded[hi - n - 1]
                                        in w.general_after):
                rank = _rank_text(phrase, spans, hi - n, hi, tail, w)
                for k in range(hi - n, hi):
                    keep[k] = False
                hi -= n
                while hi > lo and folded[hi - 1] in w.articles:
                    keep[hi - 1] = False
                    hi -= 1
    while lo < hi:
        prefix = _match_at(folded, lo, sorted(w.prefixes, key=len, reverse=True))
        if prefix is None or (prefix == ("new",) and lo + 1 < hi and not _is_office(
                folded[lo + 1:hi], w)):
            break
        status = status or w.prefixes[prefix]
        superseded = superseded or prefix in w.superseded
        for k in range(lo, lo + len(prefix)):
            keep[k] = False
        lo += len(prefix)
        while lo < hi and folded[lo] in w.articles:
            keep[lo] = False
            lo += 1
    office = None
    if lo < hi and _is_office(folded[lo:hi], w):
        office = _respell(phrase[spans[lo][0]:spans[hi - 1][1]], w)
    return Reading(office, rank, status, superseded, at)


def _is_office(words: list[str], w: OfficeWords) -> bool:
    return any(x in w.office_nouns or x.split("-")[0] in w.office_nouns for x in words)


def _respell(office: str, w: OfficeWords) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        new = w.spellings.get(word.lower())
        if new is None:
            return word
        return new.capitalize() if word[:1].isupper() else new
    return normalize_space(_WORD.sub(swap, office))


def office_phrase(text: str, start: int, lang: str = "en") -> str | None:
    """The office named at *start* ("prime minister in 2021" -> "prime minister")."""
    w = office_words(lang)
    out_end = None
    for m in _WORD.finditer(text, start, min(len(text), start + 100)):
        gap = text[out_end if out_end is not None else start:m.start()]
        if out_end is not None and gap.strip():
            break  # punctuation ends the office
        word = fold(m.group(0))
        if word in w.stop and not (word in ("and", "of", "for", "the", "in", "to") and
                                   _continues(text, m.end(), word)):
            break
        out_end = m.end()
        if m.end() - start > 80:
            break
    if out_end is None:
        return None
    phrase = text[start:out_end]
    phrase = re.sub(r"(?:\s+(?:of|for|the|and|to|in))+$", "", phrase, flags=re.IGNORECASE)
    reading = read_phrase(phrase, start, lang)
    return reading.office


def _continues(text: str, end: int, word: str) -> bool:
    """Does the office go on after "and"/"of" ("Minister of Economy and Finance")?"""
    nxt = re.match(r"\s+([^\W_]+)", text[end:end + 40])
    if nxt is None:
        return False
    if word == "and":
        return nxt.group(1)[:1].isupper()
    if word == "in":
        return nxt.group(1)[:1].isupper() and not nxt.group(1)[:1].isdigit() and \
            fold(nxt.group(1)) not in _MONTHS
    return True


_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july",
                     "august", "september", "october", "november", "december"])


def verb_readings(text: str, folded: str, start: int, end: int, title_start: int,
                  sentence: tuple[int, int], after_end: int, lang: str = "en") -> list[Reading]:
    """Offices and statuses given by the verbs around one mention.

    *start*/*end* is the name, *title_start* where its title begins, *after_end* the last
    offset the words after the name may reach (the sentence end, or the next person's
    name), so that "X said Y was dismissed" is not read as X's dismissal.
    """
    w = office_words(lang)
    out: list[Reading] = []
    s_start, s_end = sentence
    window = folded[max(s_start, title_start - 60):title_start]
    cue = w.before.search(window)
    naming = False
    if cue:
        key = normalize_space(cue.group(0)).removesuffix(" the").removesuffix(" then")
        status = w.before_status.get(key.strip())
        naming = status == "appointed"
        out.append(Reading(None, status=status, at=title_start))
    limit = min(after_end, s_end)
    rest = folded[end:limit]
    if naming:
        m = w.named_as.match(rest)
        if m:
            office = office_phrase(text, end + m.end(), lang)
            if office:
                out.append(Reading(office, status="appointed", at=end + m.end()))
    m = w.portfolio.match(folded[end:s_end])  # may run past a coordinated name
    if m:
        first_of_two = m.group(1) is not None
        second = m.group(3)
        before = folded[max(0, title_start - 6):title_start]
        name = second if second and not first_of_two and before.endswith("and ") else m.group(2)
        if second is None or first_of_two or before.endswith("and "):
            office = _respell(f"{name} minister", w)
            out.append(Reading(office, at=end + m.start(2)))
    m = w.after_be.search(rest[:160])
    if m:
        status = w.after_be_status.get(normalize_space(m.group(1)))
        office = office_phrase(text, end + m.end() + _skip_space(rest, m.end()), lang)
        out.append(Reading(office, status=status, at=end + m.start(1)))
    m = w.after_name.match(rest)
    if m:
        verb = normalize_space(m.group(1))
        status = w.after_name_status.get(verb)
        office = None
        if verb in w.office_verbs or verb.split()[0] in w.office_verbs:
            office = office_phrase(text, end + m.end() + _skip_space(rest, m.end()), lang)
        out.append(Reading(office, status=status, at=end + m.start(1)))
    return out


def _skip_space(rest: str, offset: int) -> int:
    return len(rest[offset:]) - len(rest[offset:].lstrip())


def specificity(office: str) -> int:
    """More content words name an office more precisely ("Minister of Economy and Finance"
    over "minister")."""
    return sum(1 for x in _WORD.findall(fold(office)) if x not in ("the", "of", "a", "an",
                                                                   "and", "for"))


def choose(readings: list[Reading]) -> Reading:
    """One office, rank and status for the person, from every reading of the document.

    The office is the most specific one the person holds (an office marked "until then"
    loses to any other); the rank is the first one stated; the status comes from the
    reading of the chosen office, else from a verb reading with no office of its own.
    """
    rank = next((r.rank for r in readings if r.rank), None)
    offices = [r for r in readings if r.office]
    best: Reading | None = None
    if offices:
        best = max(offices, key=lambda r: (not r.superseded, r.status != "former",
                                           r.status in ("appointed", "elected"),
                                           specificity(r.office or ""), -r.at))
        best = _same_office_status(best, offices)
    status = best.status if best else None
    at = best.at if best else (readings[0].at if readings else 0)
    if status is None:
        bare = [r for r in readings if r.office is None and r.status]
        if bare:
            status, at = bare[0].status, bare[0].at
    return Reading(best.office if best else None, rank, status,
                   bool(best and best.superseded), at)


def _same_office_status(best: Reading, offices: list[Reading]) -> Reading:
    """"Governor of the Mopti region" and, elsewhere, "appointed governor in October" are
    one office: the status of one and the fuller wording of the other are kept."""
    head = _head(best.office or "")
    same = [r for r in offices if r is not best and _head(r.office or "") == head
            and r.status != "former"]
    if best.status is None:
        with_status = [r for r in same if r.status]
        if with_status:
            best = Reading(best.office, best.rank, with_status[0].status, best.superseded,
                           with_status[0].at)
    wider = max(same, key=lambda r: specificity(r.office or ""), default=None)
    if wider is not None and specificity(wider.office or "") > specificity(best.office or ""):
        best = Reading(wider.office, best.rank, best.status, best.superseded, best.at)
    return best


def _head(office: str) -> str:
    words = _WORD.findall(fold(office))
    cut = next((i for i, x in enumerate(words) if x in ("of", "for", "in", "to")), len(words))
    return words[cut - 1] if cut else ""


def time_of(dates: list[tuple[int, int, str]], sentence: tuple[int, int], at: int,
            status: str | None, as_of: str | None) -> str | None:
    """When the text says the person held the office: the date of the sentence nearest
    the words that gave it; else the document's date when the office is presented as
    current; else None. *dates* are (start, end, ISO value) in document order."""
    s, e = sentence
    inside = [(abs(start - at), value) for start, _, value in dates
              if s <= start < e and _ISO_TIME.fullmatch(value)]
    if inside:
        return min(inside)[1]
    if status in (None, "current", "interim") and as_of:
        return as_of
    return None
