"""Officials (and other named people with a role): one fact per person.

Full names come from the gazetteer (``officials.json``: canonical spelling, misspellings,
"IBK") or from patterns: a title before capitalised name tokens ("Colonel Assimi Goïta",
"defence minister Souleymane Doucoure"), or a common given name followed by a surname.
The role is read from the title before the name and from an apposition after it
("Malick Diaw, number 2 of the CNSP"). Later surname-only mentions ("Goïta", "Ndaw's",
"Le Drian") are linked to the person named in full in the same document. The word lists
live in ``people_words.py``, the role phrases in ``roles.py`` and the office, rank,
status and time they give in ``offices.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from mali_facts.extract.dates import find_date_candidates
from mali_facts.extract.gazetteer import (
    PhraseMatcher,
    build_matcher,
    demonyms,
    load,
    official_matcher,
    org_matcher,
    tokenize,
)
from mali_facts.extract.offices import Reading, choose, time_of
from mali_facts.extract.orgs import org_spans
from mali_facts.extract.people_words import (
    GIVEN_NAMES,
    NOT_NAME,
    NOT_OFFICIAL_ORG_TYPES,
    PARTICLES,
    _cap,
    _Ctx,
    _name_run,
    _name_token,
    _Person,
    _soft,
)
from mali_facts.extract.places import find_place_mentions
from mali_facts.extract.role_words import role_words
from mali_facts.extract.roles import (
    _CLOSES_APPOSITION,
    _THEN_REPORTING,
    _apposition_after,
    _assign_role,
    _role_before_comma,
    text_until_close,
)
from mali_facts.extract.source import Source
from mali_facts.model import Fact
from mali_facts.text import fold, normalize_space


def _plain_word_run(ctx: _Ctx, first: int, n: int, places: set[int]) -> bool:
    """May tokens first..first+n-1 be an unknown person's name (not a place, org,
    weekday or sentence-opening common word)?"""
    span = range(first, first + n)
    if any(k in ctx.blocked or k in ctx.taken for k in span):
        return False
    if first in places or all(k in places for k in span):
        return False
    words = ctx.toks.words
    return not any(words[k] in GIVEN_NAMES and n == 1 for k in span)


def _apposition_people(ctx: _Ctx, places: set[int], people: dict[str, _Person],
                       add_full: Any) -> None:
    """Unknown people a text introduces with a role in an apposition:

    * "..., said Awa Maïga, OCHA's head of office in Gao." (name, comma, role);
    * "Touré, a spokesman for the governor, said ..." (a bare surname needs the
      apposition to be closed by a reporting verb);
    * "The army's spokesman, Awa Maïga, said ..." (role, comma, name, comma or verb);
    * "Awa Maïga, who heads the regional council, ..." (relative clause).
    """
    words, starts, ends = ctx.toks
    known_surnames = {k for p in people.values() for k in _surname_keys(p.name)}
    i = 0
    while i < len(words):
        if i in ctx.taken or not _name_token(ctx, i) or (
                i > 0 and _soft(ctx, i - 1) and _name_token(ctx, i - 1)):
            i += 1
            continue
        n = _name_run(ctx, i)
        if n == 0 or not _plain_word_run(ctx, i, n, places) \
                or tuple(words[i:i + n]) in known_surnames:
            i += max(n, 1)
            continue
        end = ends[i + n - 1]
        after = _apposition_after(ctx, end, _Person("", ""))
        found = False
        if after is not None:
            if n >= 2:
                found = True
            else:
                close = end + len(text_until_close(ctx.text, end))
                found = bool(_THEN_REPORTING.match(ctx.text, close))
                found = found and not _opens_sentence_word(ctx, i)
        if not found and n >= 2 and _CLOSES_APPOSITION.match(ctx.text, end):
            role = _role_before_comma(ctx, i)
            if role is not None:
                found = True
        if found:
            known_surnames.update(_surname_keys(add_full(i, n, None).name))
        i += n


def _opens_sentence_word(ctx: _Ctx, i: int) -> bool:
    """A lone capitalised word opening a sentence that is a known non-name word."""
    return ctx.toks.words[i] in NOT_NAME or ctx.toks.words[i] in demonyms()


def _place_tokens(source: Source) -> set[int]:
    """Token indices inside place names of the gazetteer."""
    import bisect

    toks = tokenize(source.folded)
    out: set[int] = set()
    for s, e, _ in find_place_mentions(source):
        k = bisect.bisect_left(toks.starts, s)
        while k < len(toks.starts) and toks.starts[k] < e:
            out.add(k)
            k += 1
    return out


@cache
def _surname_index() -> dict[str, list[dict[str, Any]]]:
    """Folded last name -> gazetteer people, for "President Macron" with no full name."""
    index: dict[str, list[dict[str, Any]]] = {}
    for entry in load("officials"):
        tokens = re.findall(r"[^\W_]+", fold(str(entry.get("name", ""))))
        if len(tokens) >= 2:
            index.setdefault(tokens[-1], []).append(entry)
    return index


def _active(role: dict[str, Any], as_of: dt.date | None) -> bool:
    if as_of is None:
        return True
    start, end = str(role.get("from") or ""), str(role.get("to") or "")
    day = as_of.isoformat()
    return (not start or start[:len(day)] <= day) and (not end or day <= end + "~")


def _by_title_and_surname(word: str, title: str, as_of: dt.date | None) -> dict | None:
    candidates = _surname_index().get(word, [])
    if len(candidates) > 1:
        candidates = [c for c in candidates
                      if any(title in fold(str(r.get("role", ""))) and _active(r, as_of)
                             for r in c.get("roles", []))]
    return candidates[0] if len(candidates) == 1 else None


def find_people(source: Source, matcher: PhraseMatcher | None = None) -> list[_Person]:
    """People of a document with their full and surname-only mentions."""
    text, folded = source.text, source.folded
    toks = tokenize(folded)
    words, starts, ends = toks
    matcher = matcher if matcher is not None else official_matcher()
    org_list = org_spans(text)
    blocked: set[int] = set()
    if org_list:
        import bisect
        org_starts = [s for s, _, _ in org_list]
        for i in range(len(words)):
            k = bisect.bisect_right(org_starts, starts[i]) - 1
            if k >= 0 and org_list[k][0] <= starts[i] and ends[i] <= org_list[k][1]:
                blocked.add(i)
    ctx = _Ctx(text, folded, toks, blocked, sentence=source.sentence_span,
               w=role_words(getattr(source, "lang", "en")))
    people: dict[str, _Person] = {}
    taken = ctx.taken

    def add_full(first: int, n: int, entry: dict[str, Any] | None) -> _Person:
        span = (starts[first], ends[first + n - 1])
        if entry is not None:
            key = "gaz:" + str(entry["name"])
            name = str(entry["name"])
        else:
            name = normalize_space(text[span[0]:span[1]])
            key = "name:" + fold(name)
        person = people.setdefault(key, _Person(key, name, entry))
        person.full.append(span)
        person.mentions.add(span)
        taken.update(range(first, first + n))
        return person

    # 1. gazetteer full names and aliases
    for m in matcher.find(text, folded):
        if m.first_token in blocked:
            continue
        add_full(m.first_token, m.n_tokens, m.payload)

    places = _place_tokens(source)

    # 2. title + name, and given name + surname
    pending: list[tuple[int, str]] = []  # title + a lone surname ("President Macron")
    i = 0
    while i < len(words):
        if i in taken:
            i += 1
            continue
        w = words[i]
        if w in ctx.w.titles and i + 1 < len(words) and _soft(ctx, i) and i + 1 not in taken:
            n = _name_run(ctx, i + 1)
            if n >= 2:
                add_full(i + 1, n, None)
                i += n + 1
                continue
            if n == 1 and w not in ctx.w.courtesy:
                pending.append((i + 1, w))  # decided once every full name is known
                i += 2
                continue
        if w in GIVEN_NAMES and _name_token(ctx, i):
            n = _name_run(ctx, i, limit=4)
            if n >= 2 and not any(k in taken for k in range(i, i + n)):
                first = i
                if n < 4 and i > 0 and i - 1 not in taken and i - 1 not in places \
                        and _soft(ctx, i - 1) and _name_token(ctx, i - 1) \
                        and not _opens_sentence(ctx, i - 1) and not (
                            i > 1 and _soft(ctx, i - 2) and (
                                _cap(ctx, i - 2) or words[i - 2] in ctx.w.title_connectors)):
                    first = i - 1  # "Chérif Ousmane Haïdara": a first name not listed
                add_full(first, n + i - first, None)
                i += n
                continue
        i += 1

    # 3. unknown names introduced by an apposition ("X, OCHA's head of office, said")
    _apposition_people(ctx, places, people, add_full)

    # 4. a title and a lone surname: someone named in full here, else the gazetteer
    named_here = {fold(p.name).split()[-1] for p in people.values() if p.name.split()}
    for k, title in pending:
        if k in taken or words[k] in named_here:
            continue  # linked to the person named in full, with the other surnames
        entry = _by_title_and_surname(words[k], title, source.as_of)
        if entry is not None:
            add_full(k, 1, entry)

    _link_surnames(ctx, people, taken)
    for person in people.values():
        _assign_role(ctx, person, people)
    return [p for p in people.values() if p.full]


def _surname_keys(name: str) -> list[tuple[str, ...]]:
    tokens = tuple(re.findall(r"[^\W_]+", fold(name)))
    keys = []
    for k in range(1, len(tokens)):
        key = tokens[k:]
        if all(t in PARTICLES for t in key) or (len(key) == 1 and len(key[0]) < 2):
            continue
        if key[0] in PARTICLES and k > 0 and tokens[k - 1] in PARTICLES:
            continue
        keys.append(key)
    return keys


def _opens_sentence(ctx: _Ctx, i: int) -> bool:
    """Is token *i* the first word of a sentence ("Later Goïta said")?"""
    before = ctx.text[max(0, ctx.toks.starts[i] - 4):ctx.toks.starts[i]].rstrip(" \t\"“'‘(")
    return not before or before[-1] in ".!?\n:;—"


def _nearest_before(owners: list[_Person], offset: int) -> _Person:
    """Of people sharing a surname, the one named in full most recently before *offset*
    (else the first named after it)."""
    def last_before(p: _Person) -> int:
        return max((s for s, _ in p.full if s < offset), default=-1)
    best = max(owners, key=last_before)
    if last_before(best) >= 0:
        return best
    return min(owners, key=lambda p: min(s for s, _ in p.full))


def _link_surnames(ctx: _Ctx, people: dict[str, _Person], taken: set[int]) -> None:
    """Add "Goïta", "Ndaw's", "Le Drian" mentions to the person named in full."""
    words, starts, ends = ctx.toks
    index: dict[tuple[str, ...], list[_Person]] = {}
    for person in people.values():
        forms = {person.name} | {ctx.text[s:e] for s, e in person.full}
        for key in {k for form in forms for k in _surname_keys(form)}:
            index.setdefault(key, []).append(person)
    if not index:
        return
    longest = max(len(k) for k in index)
    i = 0
    while i < len(words):
        if i in taken or i in ctx.blocked or not _cap(ctx, i):
            i += 1
            continue
        matched = 0
        for n in range(min(longest, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            owners = index.get(key)
            if not owners:
                continue
            person = _nearest_before(owners, starts[i])
            if any(not _soft(ctx, j) for j in range(i, i + n - 1)):
                continue
            # a capitalised word just before makes it someone else's full name
            if i > 0 and _soft(ctx, i - 1) and _name_token(ctx, i - 1) and (
                    words[i - 1] in GIVEN_NAMES or not _opens_sentence(ctx, i - 1)):
                continue
            person.mentions.add((starts[i], ends[i + n - 1]))
            matched = n
            break
        i += matched or 1


def _role_from_gazetteer(entry: dict[str, Any], as_of: dt.date | None) -> dict[str, Any] | None:
    roles = [r for r in entry.get("roles", []) if isinstance(r, dict)]
    active = [r for r in roles if _active(r, as_of)]
    return (active or roles or [None])[-1]


def _org_type(name: str) -> str | None:
    """The gazetteer type of an organisation ("ngo", "media"...), if it is listed."""
    entries = org_matcher().lookup(name)
    return str(entries[0].get("type") or "") or None if entries else None


def _office_of(source: Source, person: _Person, reading: Reading,
               gaz_role: dict[str, Any] | None) -> tuple[str | None, str | None, str | None]:
    """(office, status, time) of a person: the text's reading, else the gazetteer's office
    (then with no status or time, which the text does not give)."""
    active = gaz_role is not None and _active(gaz_role, source.as_of)
    if reading.office is None or (reading.superseded and active):
        office = str(gaz_role.get("role") or "") or None if gaz_role else None
        status = None if reading.superseded or reading.status == "former" else reading.status
        if status is None:
            return office, None, None
        time = time_of(_date_values(source), source.sentence_span(reading.at), reading.at,
                       status, None)
        return office, status, time
    status = reading.status or "current"
    return reading.office, status, time_of(
        _date_values(source), source.sentence_span(reading.at), reading.at, status,
        _as_of_text(source))


def _date_values(source: Source) -> list[tuple[int, int, str]]:
    """The document's resolved dates (computed once per document by the date extractor)."""
    cached = source.memo.get("official_dates")
    if cached is None:
        cached = [(c.start, c.end, str(c.attrs.get("date"))) for c in find_date_candidates(source)
                  if c.attrs.get("date")]
        source.memo["official_dates"] = cached
    return cached


def _as_of_text(source: Source) -> str | None:
    if source.as_of is None:
        return None
    return source.as_of.isoformat()[:{"year": 4, "month": 7}.get(source.as_of_precision, 10)]


def extract_officials(source: Source, entries: list[dict[str, Any]] | None = None) -> list[Fact]:
    """Official facts of a document; *entries* replaces the gazetteer (tests)."""
    matcher = build_matcher(entries) if entries is not None else None
    text = source.text
    orgs_by_span = org_spans(text)
    facts: list[Fact] = []
    for person in find_people(source, matcher):
        entry = person.entry or {}
        head = person.head or min(person.full)
        gaz_role = _role_from_gazetteer(entry, source.as_of) if entry else None
        reading = choose(person.readings)
        role, status, time = _office_of(source, person, reading, gaz_role)
        folded_role = fold(f"{person.role or ''} {role or ''}")
        words_of_role = set(re.findall(r"[^\W_]+", folded_role))
        country = None
        for word in words_of_role:
            if word in demonyms():
                country = demonyms()[word] or None
                break
        country = country or entry.get("country") or (gaz_role or {}).get("country")
        org = None
        if role:
            for s, e, name in orgs_by_span:
                pattern = r"(?<![^\W_])" + re.escape(fold(normalize_space(text[s:e]))) \
                    + r"(?![^\W_])"
                if e - s > 1 and re.search(pattern, folded_role):
                    org = name
                    break
        org = org or (gaz_role or {}).get("org") or country
        is_official = entry.get("is_official", True) is not False
        if words_of_role & role_words(source.lang).not_official:
            is_official = False
        elif person.entry is None and org and _org_type(org) in NOT_OFFICIAL_ORG_TYPES:
            is_official = False  # staff of an NGO, a newspaper, a think tank
        aliases = list(dict.fromkeys(
            [a for a in entry.get("aliases", []) if isinstance(a, str)]
            + [normalize_space(text[s:e]) for s, e in person.full
               if normalize_space(text[s:e]) != person.name]))
        facts.append(Fact(
            kind="official", text=text[head[0]:head[1]], start=head[0], end=head[1],
            attrs={
                "name": person.name,
                "aliases": aliases,
                "role": role,
                "org": org,
                "country": country,
                "is_official": is_official,
                "rank": reading.rank,
                "status": status,
                "time": time,
                "mentions": [[s, e] for s, e in sorted(person.mentions)],
            },
        ))
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
