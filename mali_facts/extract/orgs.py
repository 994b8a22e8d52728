"""Organisations: gazetteer matches plus the names a text defines itself.

Three signals, all linear in the text:

* gazetteer names, full names and aliases (``gazetteer/orgs.json``);
* a capitalised name phrase holding an organisation head word ("... Committee",
  "... Forces", "Conseil ...") — with an acronym in brackets after it, or alone;
* an acronym followed by its expansion in brackets ("Jnim (Support Group for ...)").

Mentions of one organisation (full name, acronym, variants) become one fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mali_facts.extract.gazetteer import (
    Match,
    PhraseMatcher,
    Tokens,
    gap_key,
    official_matcher,
    org_matcher,
    place_matcher,
    tokenize,
)
from mali_facts.extract.source import Source
from mali_facts.model import Fact
from mali_facts.text import fold, normalize_space, word_set

#: Head words that make a capitalised phrase an organisation (folded).
HEAD_WORDS = word_set("""
committee council union movement movements front party group organisation organization
agency centre center division department ministry commission mission assembly framework
coordination alliance coalition platform army office programme program fund bank court
institute network association federation confederation project directorate authority
corps forces force guard police gendarmerie commissariat secretariat parliament senate
foundation society observatory board bureau academy university league watch brigade
battalion regiment militia conseil comite mouvement rassemblement parti groupe agence
direction ministere assemblee cour tribunal institut observatoire armee garde cadre
plateforme syndicat federation confederation cellule autorite haut
""")

#: Small words allowed inside a name ("Union of Mali", "Conseil National de Transition").
CONNECTORS = word_set("""
of for the and on in at de du des la le l d pour a au aux et en sur
""")

#: Capitalised words that start a sentence or a phrase but never start a name.
LEADING_NOISE = word_set("""
the a an in on at by for from with under since after before during as of to and but or
both also not only when while if this that these those its their his her our last next
every each some many most all according although though however meanwhile
""")

#: A phrase holding one of these names a person's title, not an organisation.
TITLE_WORDS = word_set("""
president minister prime chief secretary colonel director commander spokesman
spokesperson spokeswoman ambassador envoy lieutenant captain sergeant mr mrs ms dr
vice deputy governor mayor chairman chairwoman head leader
""")

#: Words after a quoted name that say it is an organisation ("the “X” movement").
QUOTED_HEADS = word_set("movement coalition party platform group association collective "
                      "alliance front union")

MONTHS = word_set("january february march april may june july august september october "
                "november december")

#: Capitalised words that say *when*, never part of a name ("the Court on Friday ruled").
WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")

#: Connectors that, before a town's name, start an adverbial phrase, not a name part
#: ("the Court in Bamako ruled"; but "Mission in Mali", "State in the Greater Sahara").
_LOCATIVE = word_set("in at on a au en")

#: Place types a name rarely ends with after "in"/"at" (countries and regions it may).
_SETTLEMENT_TYPES = frozenset(["city", "town", "village"])

_ACRONYM_AFTER = re.compile(r"[^\S\r]{0,3}\([^\S\r]{0,3}"
                            r"([A-Z][A-Za-z0-9]{0,9}(?:[-/][A-Za-z0-9]{1,8})?)[^\S\r]{0,3}\)")
_OPEN_BRACKET = re.compile(r"[^\S\r]{0,3}\([^\S\r]{0,3}")
_QUOTE_OPEN = frozenset("\"“«'‘")
_QUOTE_CLOSE = frozenset("\"”»'’")


@dataclass
class _Org:
    """One organisation being assembled from its mentions."""

    key: str
    entry: dict[str, Any] | None = None
    acronym: str | None = None
    full_name: str | None = None
    expansion_span: tuple[int, int] | None = None
    mentions: set[tuple[int, int]] = field(default_factory=set)


def is_acronym(word: str) -> bool:
    """"UNTM", "M5-RPF", "FAMa", "CSP-DPA": at least two capitals, no lower-case run > 1."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 or sum(c.isupper() for c in letters) < 2:
        return False
    return not re.search(r"[a-z]{2}", word)


def _is_cap(text: str, toks: Tokens, i: int) -> bool:
    return text[toks.starts[i]:toks.starts[i] + 1].isupper()


def _name_runs(text: str, folded: str, toks: Tokens) -> list[tuple[int, int]]:
    """Maximal runs of name tokens, as (first, last) token indices.

    A run is capitalised words joined by connectors, soft gaps (space, hyphen,
    apostrophe) or a comma between two capitalised words or two numbers ("June 5, 2020").
    It ends at a lowercase word, other punctuation, or a hyphenated lowercase part
    ("French-backed").
    """
    words, starts, ends = toks
    runs: list[tuple[int, int]] = []
    i, n = 0, len(words)
    while i < n:
        if not _is_cap(text, toks, i) and not _lowercase_head(text, toks, i):
            i += 1
            continue
        first = last = i
        j = i + 1
        while j < n:
            gap = folded[ends[j - 1]:starts[j]]
            key = gap_key(gap)
            cap = _is_cap(text, toks, j)
            digit = words[j].isdigit()
            if key == "," and ((cap and _is_cap(text, toks, j - 1))
                               or (digit and words[j - 1].isdigit())):
                pass
            elif key != "":
                break
            after_connector = words[j - 1] in CONNECTORS and not _is_cap(text, toks, j - 1)
            if cap and _is_time_word(words, j):
                break  # "the Constitutional Court on Friday", "the Council in March"
            if digit and after_connector:
                break  # "the Court in 2023": a year, not a name part
            if cap and after_connector and words[j - 1] in _LOCATIVE and _settlement_at(
                    text, folded, toks, j):
                break  # "the Court in Bamako ruled"
            if cap or (digit and len(words[j]) <= 4):
                last = j
            elif words[j] in CONNECTORS and "-" not in gap and not (
                    words[j - 1] in ("and", "et") and not _is_cap(text, toks, j - 1)):
                pass
            else:
                break
            j += 1
        runs += _split_at_commas(text, folded, toks, first, last)
        i = max(j, last + 1)
    return runs


def _split_at_commas(text: str, folded: str, toks: Tokens, first: int,
                     last: int) -> list[tuple[int, int]]:
    """A comma between capitalised words stays inside a name only in a list closed by
    "and" ("Truth, Justice and Reconciliation Commission"); otherwise it separates two
    names ("the Islamic Council, Chérif Haïdara, said")."""
    words, starts, ends = toks
    cuts = [k for k in range(first + 1, last + 1)
            if gap_key(folded[ends[k - 1]:starts[k]]) == "," and not words[k].isdigit()]
    if not cuts:
        return [(first, last)]
    if any(words[k] in ("and", "et") and not _is_cap(text, toks, k)
           for k in range(cuts[-1], last + 1)):
        return [(first, last)]
    bounds = [first, *cuts, last + 1]
    return [(bounds[n], bounds[n + 1] - 1) for n in range(len(bounds) - 1)]


def _is_time_word(words: list[str], j: int) -> bool:
    """A weekday, or a month not followed by a day number ("June 5, 2020 Movement" stays)."""
    w = words[j]
    if w in WEEKDAYS:
        return True
    return w in MONTHS and not (j + 1 < len(words) and words[j + 1].isdigit())


def _settlement_at(text: str, folded: str, toks: Tokens, j: int) -> bool:
    """Does a city, town or village of the place gazetteer start at token *j*?"""
    m = place_matcher().match_at(text, folded, toks, j)
    return m is not None and m.payload.get("type") in _SETTLEMENT_TYPES


def _trim_run(text: str, toks: Tokens, first: int, last: int) -> tuple[int, int] | None:
    """Drop sentence-start words and loose numbers from the front of a run."""
    words = toks.words
    while first <= last:
        w = words[first]
        if w in LEADING_NOISE or w in CONNECTORS or w.isdigit():
            first += 1
        elif w in MONTHS and first < last and words[first + 1].isdigit():
            break  # a date opening a name: "June 5, 2020 Movement"
        else:
            break
    while last >= first and (words[last] in CONNECTORS or not _is_cap(text, toks, last)):
        last -= 1
    return (first, last) if first <= last else None


def _has_head(toks: Tokens, first: int, last: int, skip: set[int]) -> bool:
    return any(toks.words[k] in HEAD_WORDS for k in range(first, last + 1) if k not in skip)


def _caps_count(text: str, toks: Tokens, first: int, last: int) -> int:
    return sum(1 for k in range(first, last + 1)
               if _is_cap(text, toks, k) or (k == first and _lowercase_head(text, toks, k)))


#: Heads that French (and some English) copy writes in lower case before a capitalised
#: name: "le ministère des Mines", "the ministry of Finance".
LOWERCASE_HEADS = word_set("ministere ministry")


def _lowercase_head(text: str, toks: Tokens, i: int) -> bool:
    """"ministère des Mines": a lower-case head, connectors, then a capitalised word."""
    words = toks.words
    if words[i] not in LOWERCASE_HEADS:
        return False
    j = i + 1
    while j < len(words) and j <= i + 3 and words[j] in CONNECTORS:
        j += 1
    return j > i + 1 and j < len(words) and _is_cap(text, toks, j)


def find_orgs(source: Source, matcher: PhraseMatcher | None = None) -> list[_Org]:
    """The organisations of a document, with every mention (see module doc)."""
    if matcher is None:
        return list(_default_orgs(source.text, source.folded))
    return _find_orgs(source.text, source.folded, matcher)


@lru_cache(maxsize=4)
def _default_orgs(text: str, folded: str) -> tuple[_Org, ...]:
    """Cached: the place and people extractors ask for the same document's orgs."""
    return tuple(_find_orgs(text, folded, org_matcher()))


def _headline_word(text: str, m: Match) -> bool:
    """"WHO" in the all-caps heading "WHO STAYS": an acronym that is also a word (the
    entry's ``also_word``) is not the organisation on a line written all in capitals."""
    words = m.payload.get("also_word") if isinstance(m.payload, dict) else None
    if not words or m.alias not in words:
        return False
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > len(m.alias) and all(c.isupper() for c in letters)


def _find_orgs(text: str, folded: str, matcher: PhraseMatcher) -> list[_Org]:
    toks = tokenize(folded)
    words, starts, ends = toks

    gaz: list[Match] = [m for m in matcher.find(text, folded) if not _headline_word(text, m)]
    gaz_tokens: dict[int, Match] = {}
    gaz_by_start = {m.start: m for m in gaz}
    for m in gaz:
        for k in range(m.first_token, m.first_token + m.n_tokens):
            gaz_tokens[k] = m

    orgs: dict[str, _Org] = {}
    dropped: set[int] = set()  # gazetteer matches swallowed by a longer local name

    def org_for_entry(entry: dict[str, Any]) -> _Org:
        key = "gaz:" + str(entry["name"])
        if key not in orgs:
            orgs[key] = _Org(key, entry=entry)
        return orgs[key]

    # 1. capitalised name phrases with a head word (optionally "(ACRONYM)" after)
    defined_acronyms: dict[str, _Org] = {}
    for first, last in _name_runs(text, folded, toks):
        trimmed = _trim_run(text, toks, first, last)
        if trimmed is None:
            continue
        first, last = trimmed
        inside = {k for k in range(first, last + 1) if k in gaz_tokens}
        span = (starts[first], ends[last])
        acr_match = _ACRONYM_AFTER.match(text, ends[last])
        acronym = acr_match.group(1) if acr_match and is_acronym(acr_match.group(1)) else None
        whole_gaz = (len(inside) == last - first + 1 and gaz_tokens[first].start == span[0]
                     and gaz_tokens[last].end == span[1]
                     and gaz_tokens[first] is gaz_tokens[last])
        if whole_gaz:
            if acronym is None or is_acronym(text[span[0]:span[1]]):
                continue  # a plain gazetteer mention: step 2 takes it
            org = org_for_entry(gaz_tokens[first].payload)
        else:
            if not _has_head(toks, first, last, inside):
                continue
            if any(words[k] in TITLE_WORDS for k in range(first, last + 1)):
                continue
            if _caps_count(text, toks, first, last) < 2:
                continue
            known = _known_entry(matcher, acronym) if acronym else None
            if known is not None:
                org = org_for_entry(known)
            else:
                key = "acr:" + acronym if acronym else "name:" + fold(normalize_space(
                    text[span[0]:span[1]]))
                org = orgs.setdefault(key, _Org(key))
            for k in inside:
                dropped.add(id(gaz_tokens[k]))
        org.full_name = normalize_space(text[span[0]:span[1]])
        org.expansion_span = org.expansion_span or span
        org.mentions.add(span)
        if acronym and acr_match is not None:
            org.acronym = org.acronym or acronym
            org.mentions.add(acr_match.span(1))
            defined_acronyms.setdefault(acronym, org)
            inner = gaz_by_start.get(acr_match.start(1))
            if inner is not None:  # the acronym is a gazetteer alias too: same org
                dropped.add(id(inner))

    # 2. gazetteer matches not swallowed by a local name
    for m in gaz:
        if id(m) in dropped:
            continue
        org = org_for_entry(m.payload)
        span = (m.start, m.end)
        org.mentions.add(span)
        if org.expansion_span is None and _is_long_name(m):
            org.full_name = normalize_space(text[m.start:m.end])
            org.expansion_span = span
        expansion = _bracketed_expansion(text, folded, toks, m)
        if expansion is not None:
            org.full_name = normalize_space(text[expansion[0]:expansion[1]])
            org.expansion_span = expansion
            org.mentions.add(expansion)

    # 3. "(ACRONYM)" after a descriptive noun phrase: "the electoral authority (AIGE)"
    _descriptor_acronyms(text, folded, toks, matcher, orgs, defined_acronyms, org_for_entry)

    # 4. text-defined acronyms used again later ("M5-RPF" is two tokens)
    if defined_acronyms:
        i = 0
        while i < len(words):
            width = 1
            if i + 1 < len(words) and folded[ends[i]:starts[i + 1]] in ("-", "/"):
                width = 2 if text[starts[i]:ends[i + 1]] in defined_acronyms else 1
            span = (starts[i], ends[i + width - 1])
            org = defined_acronyms.get(text[span[0]:span[1]])
            if org is not None:
                org.mentions.add(span)
            i += width

    # 5. quoted names followed by "movement", "coalition"...
    for org in _quoted_orgs(text, folded, toks):
        orgs.setdefault(org.key, org)

    return [o for o in orgs.values() if o.mentions]


#: Bracketed capitals that are units, currencies, times or abbreviations, never orgs.
NOT_ORG_ACRONYMS = word_set("""
cfa fcfa xof usd eur gbp gmt utc gdp hq am pm id tv nb ps ok km kg mw dr mr
""")

#: Words a descriptor never runs back over: determiners, possessives, prepositions.
_DESCRIPTOR_STOP = word_set("""
the a an its their his her our this that these those by from to with in at as under
against between into through after before during since said says told
""")

#: Connectors allowed inside a lowercase descriptor ("commission for elections").
_DESCRIPTOR_CONNECTORS = word_set("of for and on")

_BRACKETED = re.compile(r"\([^\S\r]{0,3}([A-Z][A-Za-z0-9]{0,9}(?:[-/][A-Za-z0-9]{1,8})?)"
                        r"[^\S\r]{0,3}\)")


def _descriptor_before(text: str, folded: str, toks: Tokens,
                       bracket: int) -> tuple[int, int, bool] | None:
    """"the UN refugee agency (" -> the tokens of "UN refugee agency" and whether the
    descriptor holds a capitalised word (then it is a name the text gives the org).

    The descriptor is at most six words ending in an organisation head word, begun after
    a determiner, possessive or preposition: "the electoral authority", "Mali's
    independent election authority".
    """
    import bisect

    words, starts, ends = toks
    last = bisect.bisect_right(ends, bracket) - 1
    if last < 0 or text[ends[last]:bracket].strip() or bracket - ends[last] > 3:
        return None
    if words[last] not in HEAD_WORDS:
        return None
    first = last
    while first > 0 and last - first < 5:
        k = first - 1
        if gap_key(folded[ends[k]:starts[first]]) != "" or words[k] in _DESCRIPTOR_STOP:
            break
        if words[k] == "s" and k > 0 and folded[ends[k - 1]:starts[k]] in ("'", "\u2019"):
            break  # "Mali's election authority": stop at the possessive
        if not (_is_cap(text, toks, k) or words[k].isalpha()):
            break
        first = k
    while first < last and words[first] in _DESCRIPTOR_CONNECTORS:
        first += 1
    caps = [k for k in range(first, last + 1) if _is_cap(text, toks, k)]
    before = text[max(0, starts[first] - 3):starts[first]].strip()
    if caps == [first] and (not before or before[-1] in ".!?\"“:"):
        caps = []  # only the sentence's first word is capitalised
    return first, last, bool(caps)


def _descriptor_acronyms(text: str, folded: str, toks: Tokens, matcher: PhraseMatcher,
                         orgs: dict[str, _Org], defined: dict[str, _Org],
                         org_for_entry: Any) -> None:
    """Step 3 of :func:`_find_orgs`: an acronym in brackets after a lowercase noun phrase.

    Unknown all-caps tokens are taken as organisations when the phrase before ends in a
    head word ("authority", "agency", "commission"), unless they are places, people's
    initials, currencies or units. A descriptor holding a capitalised word ("UN refugee
    agency") is the name the text gives the org: a mention and its expansion; an all-
    lowercase one ("the electoral authority") only fills ``full_name`` for an unknown org.
    """
    if "(" not in text:
        return
    import bisect

    covered = sorted({span for org in orgs.values() for span in org.mentions})
    cover_starts = [s for s, _ in covered]

    def overlaps(start: int, end: int) -> bool:
        k = bisect.bisect_left(cover_starts, end) - 1
        # spans are short names: look back a bounded number of them
        return any(s < end and start < e for s, e in covered[max(0, k - 8):k + 1])

    for m in _BRACKETED.finditer(text):
        acronym = m.group(1)
        span = m.span(1)
        if not is_acronym(acronym) or fold(acronym) in NOT_ORG_ACRONYMS \
                or overlaps(*span):
            continue
        if place_matcher().lookup(acronym) or official_matcher().lookup(acronym):
            continue
        desc = _descriptor_before(text, folded, toks, m.start())
        if desc is None:
            continue
        first, last, named = desc
        d_span = (toks.starts[first], toks.ends[last])
        if overlaps(*d_span):
            continue  # step 1 or 2 already named what stands before the bracket
        known = _known_entry(matcher, acronym)
        org = org_for_entry(known) if known is not None else orgs.setdefault(
            "acr:" + acronym, _Org("acr:" + acronym))
        org.acronym = org.acronym or acronym
        org.mentions.add(span)
        description = normalize_space(text[d_span[0]:d_span[1]])
        if named:
            org.mentions.add(d_span)
            org.expansion_span = org.expansion_span or d_span
        if known is None and org.full_name is None and last > first:
            org.full_name = description  # one word ("the agency") is no name
        defined.setdefault(acronym, org)


def _is_long_name(m: Match) -> bool:
    """Is the matched alias the organisation's name spelt out ("European Union"), rather
    than an acronym or a descriptive alias ("Malian army")?"""
    full = fold(str(m.payload.get("full_name") or ""))
    if full == fold(str(m.payload.get("name"))):
        return False  # no short form to expand ("al-Qaeda", "Wagner")
    if fold(m.alias) == full:
        return True
    return not is_acronym(m.alias) and m.n_tokens >= 3


def _known_entry(matcher: PhraseMatcher, acronym: str) -> dict[str, Any] | None:
    found = matcher.lookup(acronym)
    return found[0] if found else None


def _bracketed_expansion(text: str, folded: str, toks: Tokens, m: Match) -> tuple[int, int] | None:
    """"Jnim (Support Group for Islam and Muslims)": the span of the bracketed name."""
    if not is_acronym(text[m.start:m.end]) and not text[m.start:m.end][:1].isupper():
        return None
    bracket = _OPEN_BRACKET.match(text, m.end)
    if not bracket or "(" not in bracket.group():
        return None
    words, starts, ends = toks
    i = m.first_token + m.n_tokens
    if i >= len(words) or starts[i] != bracket.end() or not _is_cap(text, toks, i):
        return None
    j = i
    while j + 1 < len(words) and j - i < 15:
        gap = folded[ends[j]:starts[j + 1]]
        if gap_key(gap) != "" and gap_key(gap) != ",":
            break
        j += 1
    # the bracket must close right after the last name token
    close = re.match(r"[^\S\r]{0,3}\)", text[ends[j]:ends[j] + 5]) if j >= i else None
    if close is None:
        # the run may stop before the final token: look for the closing bracket
        return None
    first, last = i, j
    if not _has_head(toks, first, last, set()) and _caps_count(text, toks, first, last) < 2:
        return None
    return starts[first], ends[last]


def _quoted_orgs(text: str, folded: str, toks: Tokens) -> list[_Org]:
    """'the “Maliens tout court” movement': a quoted capitalised name then a head word."""
    out: list[_Org] = []
    words, starts, ends = toks
    for i in range(len(words) - 1):
        if words[i] not in QUOTED_HEADS:
            continue
        before = text[max(0, starts[i] - 3):starts[i]].rstrip()
        if not before or before[-1] not in _QUOTE_CLOSE:
            continue
        close = starts[i] - (len(text[:starts[i]]) - len(text[:starts[i]].rstrip())) - 1
        open_at = -1
        for k in range(close - 1, max(-1, close - 60), -1):
            if text[k] in _QUOTE_OPEN:
                open_at = k
                break
            if text[k] in "\n.;:!?":
                break
        if open_at < 0:
            continue
        name = text[open_at + 1:close].strip()
        if not name or not name[0].isupper() or len(name.split()) > 6:
            continue
        s = open_at + 1 + (len(text[open_at + 1:close]) - len(text[open_at + 1:close].lstrip()))
        span = (s, s + len(name))
        key = "name:" + fold(name)
        out.append(_Org(key, full_name=name, mentions=[span]))
    return out


@lru_cache(maxsize=8)
def org_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every organisation mention of *text* as (start, end, name): the place and people
    extractors skip or flag what lies inside them."""
    out: list[tuple[int, int, str]] = []
    for org in _default_orgs(text, fold(text)):
        name = _canonical(org)
        out += [(s, e, name) for s, e in org.mentions]
    return tuple(sorted(out))


def _canonical(org: _Org) -> str:
    if org.entry is not None:
        return str(org.entry["name"])
    if org.acronym:
        return org.acronym
    return org.full_name or ""


_TYPE_BY_HEAD = {
    "union": "union", "syndicat": "union", "party": "party", "parti": "party",
    "movement": "movement", "mouvement": "movement", "forces": "army", "army": "army",
    "armee": "army", "commission": "government body", "council": "government body",
    "conseil": "government body", "ministry": "government body",
    "commissariat": "government body", "assembly": "government body",
    "centre": "research institute", "center": "research institute",
    "institute": "research institute", "project": "research institute",
}


def _guess_type(name: str) -> str | None:
    for word in fold(name).split():
        if word in _TYPE_BY_HEAD:
            return _TYPE_BY_HEAD[word]
    return None


def extract_orgs(source: Source) -> list[Fact]:
    """One fact per organisation: head span = where the text names it in full (else the
    first mention)."""
    try:
        orgs = find_orgs(source)
    except RecursionError:  # pragma: no cover - defensive, the code is iterative
        return []
    facts: list[Fact] = []
    text = source.text
    for org in orgs:
        mentions = sorted(org.mentions)
        head = org.expansion_span or mentions[0]
        entry = org.entry or {}
        name = _canonical(org)
        full_name = org.full_name or entry.get("full_name") or name
        acronym_written = org.acronym
        if acronym_written is None:
            short = fold(name)
            for s, e in mentions:
                if is_acronym(text[s:e]) or (fold(text[s:e]) == short and is_acronym(name)):
                    acronym_written = text[s:e]
                    break
        facts.append(Fact(
            kind="org", text=text[head[0]:head[1]], start=head[0], end=head[1],
            attrs={
                "name": name,
                "full_name": full_name,
                "country": entry.get("country"),
                "type": entry.get("type") or _guess_type(full_name),
                "acronym": acronym_written,
                "expansion_in_text": org.expansion_span is not None,
                # other acronyms, spellings and languages, so any of them finds the org
                "aliases": sorted(set(entry.get("aliases") or [])),
                "mentions": [[s, e] for s, e in mentions],
            },
        ))
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
