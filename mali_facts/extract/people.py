"""Officials (and other named people with a role): one fact per person.

Full names come from the gazetteer (``officials.json``: canonical spelling, misspellings,
"IBK") or from patterns: a title before capitalised name tokens ("Colonel Assimi Goïta",
"defence minister Souleymane Doucoure"), or a common given name followed by a surname.
The role is read from the title before the name and from an apposition after it
("Malick Diaw, number 2 of the CNSP"). Later surname-only mentions ("Goïta", "Ndaw's",
"Le Drian") are linked to the person named in full in the same document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from mali_facts.extract.gazetteer import (
    PhraseMatcher,
    Tokens,
    build_matcher,
    demonyms,
    gap_key,
    load,
    official_matcher,
    tokenize,
)
from mali_facts.extract.orgs import is_acronym, org_spans
from mali_facts.extract.source import Source
from mali_facts.model import Fact
from mali_facts.text import fold, normalize_space


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that introduce a person's name (folded; plural forms included).
TITLES = _words("""
president presidents vice vp minister ministers prime premier pm colonel colonels col
general generals gen lieutenant lt captain capt major commander sergeant chief secretary
director spokesman spokeswoman spokesperson ambassador envoy representative leader
leaders head chairman chairwoman chair governor mayor deputy senator mp admiral marshal
emir imam sheikh king queen prince researcher researchers journalist journalists analyst
analysts expert experts professor prof dr doctor mr mrs ms author correspondent reporter
founder coordinator commissioner judge prosecutor officer adviser advisor counsellor
inspector rapporteur mediator negotiator strongman economist sociologist historian
anthropologist scholar academic lawyer activist warlord commandant president-elect
""")

#: Lower-case words that can sit inside a title ("defence minister", "former president").
ROLE_MODIFIERS = _words("""
defence defense foreign interior finance justice security economy economic health
education communication territorial administration reconciliation former interim
transitional acting junta rebel jihadist army military opposition union then
late deputy general national state armed forces affairs minister-delegate self-proclaimed
""")

#: Roles of people who comment rather than govern.
NOT_OFFICIAL = _words("""
researcher researchers journalist journalists analyst analysts expert experts professor
author correspondent reporter economist sociologist historian anthropologist scholar
academic writer
""")

#: Small words inside a title ("Secretary for Economic Questions", "Minister of Defence").
TITLE_CONNECTORS = _words("for of the")

#: Name particles ("Le Drian", "Ag Ghaly", "Ould ...").
PARTICLES = _words("le la de du da dos ag ould ben bin ibn al el abu abou dit van von")

#: Capitalised words that are never part of a person's name.
NOT_NAME = _words("""
the a an in on at by for from with under since after before during as of to and but or
this that these those his her its their our we they he she it i
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december
republic state government army transition council committee assembly parliament
""")

#: Common given names in Mali and the Sahel (and a few in French/UN coverage): a capitalised
#: one of these followed by a capitalised word is taken as a person's full name.
GIVEN_NAMES = _words("""
abdoulaye abdou abdoul abdel abdelkader abdelmalek abdallah abdourahamane aboubacar
adama ahmed ahmadou alassane alhassane alhousseini ali aliou alpha amadou amadoune
aminata assimi awa bah bakary bamba baba bacary bassirou bilal boubacar boubou
boubèye bourama brahim cheick cheikh cheickna choguel daouda dioncounda diarra djibril
drissa fatoumata fily habib hamadoun hamidou hamed hawa housseini ibrahim ibrahima
idrissa ismael ismaël issa issiaka iyad kadiatou karim kassim kalifa lamine lassana
lassine mahamadou mahamane mahamat mahmoud malick mamadou mamadi mariam mariame
modibo moctar mohamed mohammed moussa mountaga moussa nouhoum oumar ousmane ousseini
salif sadio sidi sidiki seydou sékou sekou siaka souleymane soumaïla soumeylou
soumana tiébilé tiéman yacouba yaya youssouf zeini zoumana abdelmadjid adnan alghabass
amadou-toumani boubacar-sidiki emmanuel jean jean-yves florence antonio françois
goodluck nana vladimir sergei sergey yevgeny paul-henri roch mohamed-bazoum
""")

_APPOSITION_STOP = re.compile(r"[,.;:()\[\]!?\u2014\"\u201c\u201d]|\n\s*\n| who | that | which ")
_PLURAL_SINGULAR = {"colonels": "Colonel", "generals": "General", "ministers": "Minister",
                    "presidents": "President", "leaders": "leader"}


@dataclass
class _Person:
    key: str
    name: str
    entry: dict[str, Any] | None = None
    full: list[tuple[int, int]] = field(default_factory=list)
    mentions: set[tuple[int, int]] = field(default_factory=set)
    role: str | None = None
    head: tuple[int, int] | None = None
    title_word: str | None = None


@dataclass
class _Ctx:
    text: str
    folded: str
    toks: Tokens
    blocked: set[int]  # tokens inside organisation names
    taken: set[int] = field(default_factory=set)  # tokens inside people's full names


def _cap(ctx: _Ctx, i: int) -> bool:
    return ctx.text[ctx.toks.starts[i]:ctx.toks.starts[i] + 1].isupper()


def _soft(ctx: _Ctx, i: int) -> bool:
    """Is the gap between token i and i+1 one that may sit inside a name?"""
    t = ctx.toks
    return gap_key(ctx.folded[t.ends[i]:t.starts[i + 1]]) == ""


def _name_token(ctx: _Ctx, i: int) -> bool:
    w = ctx.toks.words[i]
    if i in ctx.blocked or not _cap(ctx, i) or w in NOT_NAME or w in TITLES:
        return False
    if w in demonyms() or w.isdigit():
        return False
    surface = ctx.text[ctx.toks.starts[i]:ctx.toks.ends[i]]
    return not (is_acronym(surface) and len(surface) > 1)


def _name_run(ctx: _Ctx, i: int, limit: int = 4) -> int:
    """How many tokens from *i* form a name ("Jean-Yves Le Drian" -> 4); 0 if none."""
    words = ctx.toks.words
    n = 0
    j = i
    while j < len(words) and n < limit + 2:
        if _name_token(ctx, j):
            n = j - i + 1
        elif words[j] in PARTICLES and j + 1 < len(words) and _soft(ctx, j) \
                and _name_token(ctx, j + 1) and j > i:
            pass
        else:
            break
        if j + 1 >= len(words) or not _soft(ctx, j):
            break
        if ctx.folded[ctx.toks.ends[j]:ctx.toks.starts[j + 1]].strip() == "'" and \
                words[j + 1] == "s":
            break  # "Ndaw's"
        j += 1
    return n if n <= limit else 0


def _title_before(ctx: _Ctx, first: int) -> tuple[int, int, str | None] | None:
    """The title phrase ending right before token *first*: (start, end, title word)."""
    words, starts, ends = ctx.toks
    k = first - 1
    begin = None
    title_word = None
    steps = 0
    while k >= 0 and steps < 9 and _soft(ctx, k) and k not in ctx.taken:
        w = words[k]
        surface = ctx.text[starts[k]:ends[k]]
        if w in TITLES:
            title_word = title_word or w
        elif not (w in ROLE_MODIFIERS or w in TITLE_CONNECTORS or w in demonyms()
                  or _cap(ctx, k) or is_acronym(surface)):
            break
        begin = k
        k -= 1
        steps += 1
    if begin is None or title_word is None:
        return None
    # drop leading words that cannot open a title ("With", "and", "of the")
    while begin < first and not (
            words[begin] in TITLES or words[begin] in demonyms()
            or words[begin] in ROLE_MODIFIERS - {"then"}
            or is_acronym(ctx.text[starts[begin]:ends[begin]])):
        begin += 1
    if begin >= first:
        return None
    return starts[begin], ends[first - 1], title_word


def _apposition_after(ctx: _Ctx, end: int, person: _Person) -> str | None:
    """", vice president of the transition and strongman of the CNSP," -> the role."""
    text = ctx.text
    m = re.match(r"[^\S\r]{0,2},\s{1,3}", text[end:end + 8])
    if not m:
        return None
    start = end + m.end()
    window = text[start:start + 160]
    stop = _APPOSITION_STOP.search(window)
    raw_end = start + (stop.start() if stop else len(window))
    if any(start <= ctx.toks.starts[k] < raw_end for k in _tokens_between(ctx, start, raw_end)
           if k in ctx.taken):
        return None  # "X, Prime Minister Y and ...": a list of people, not an apposition
    phrase = normalize_space(text[start:raw_end])
    if not phrase:
        return None
    first_words = [fold(w) for w in re.findall(r"[^\W_]+", phrase)[:4]]
    while first_words and first_words[0] in ("a", "an", "the", "former", "then", "now", "its"):
        first_words.pop(0)
    if not first_words:
        return None
    head = first_words[0]
    if head in TITLES or head in ("number", "member", "head", "founder") or (
            head in demonyms() and len(first_words) > 1 and first_words[1] in TITLES) or (
            head in ROLE_MODIFIERS and len(first_words) > 1 and first_words[1] in TITLES):
        return phrase
    return None


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
    ctx = _Ctx(text, folded, toks, blocked)
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

    # 2. title + name, and given name + surname
    i = 0
    while i < len(words):
        if i in taken:
            i += 1
            continue
        w = words[i]
        if w in TITLES and i + 1 < len(words) and _soft(ctx, i) and i + 1 not in taken:
            n = _name_run(ctx, i + 1)
            if n >= 2:
                add_full(i + 1, n, None)
                i += n + 1
                continue
            if n == 1:
                entry = _by_title_and_surname(words[i + 1], w, source.as_of)
                if entry is not None:
                    add_full(i + 1, 1, entry)
                    i += 2
                    continue
        if w in GIVEN_NAMES and _name_token(ctx, i):
            n = _name_run(ctx, i, limit=4)
            if n >= 2 and not any(k in taken for k in range(i, i + n)):
                add_full(i, n, None)
                i += n
                continue
        i += 1

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


def _assign_role(ctx: _Ctx, person: _Person, people: dict[str, _Person]) -> None:
    """Role from the first full mention that states one (title before, apposition after)."""
    words, starts, ends = ctx.toks
    for span in sorted(person.full):
        first = _token_index(ctx, span[0])
        parts: list[str] = []
        title = _title_before(ctx, first) if first is not None else None
        if title is not None:
            parts.append(normalize_space(ctx.text[title[0]:title[1]]))
            person.title_word = title[2]
        else:
            inherited = _coordinated_title(ctx, first, people)
            if inherited:
                parts.append(inherited)
        after = _apposition_after(ctx, span[1], person)
        if after:
            parts.append(after)
        if parts:
            person.role = "; ".join(parts)
            person.head = span
            return
    person.head = min(person.full)


def _tokens_between(ctx: _Ctx, start: int, end: int) -> range:
    import bisect

    return range(bisect.bisect_left(ctx.toks.starts, start),
                 bisect.bisect_left(ctx.toks.starts, end))


def _token_index(ctx: _Ctx, offset: int) -> int | None:
    import bisect

    k = bisect.bisect_left(ctx.toks.starts, offset)
    return k if k < len(ctx.toks.starts) and ctx.toks.starts[k] == offset else None


def _coordinated_title(ctx: _Ctx, first: int | None, people: dict[str, _Person]) -> str | None:
    """"Colonels Sadio Camara and Modibo Koné": the second name shares the plural title."""
    if first is None or first < 2 or ctx.toks.words[first - 1] != "and":
        return None
    prev_end = ctx.toks.ends[first - 2]
    for other in people.values():
        for s, e in other.full:
            if e == prev_end:
                k = _token_index(ctx, s)
                title = _title_before(ctx, k) if k is not None else None
                if title and title[2] in _PLURAL_SINGULAR:
                    return _PLURAL_SINGULAR[title[2]]
    return None


def _role_from_gazetteer(entry: dict[str, Any], as_of: dt.date | None) -> dict[str, Any] | None:
    roles = [r for r in entry.get("roles", []) if isinstance(r, dict)]
    active = [r for r in roles if _active(r, as_of)]
    return (active or roles or [None])[-1]


def _singular_role(role: str) -> str:
    first, _, rest = role.partition(" ")
    single = _PLURAL_SINGULAR.get(fold(first))
    return f"{single} {rest}".strip() if single else role


def extract_officials(source: Source, entries: list[dict[str, Any]] | None = None) -> list[Fact]:
    """Official facts of a document; *entries* replaces the gazetteer (tests)."""
    matcher = build_matcher(entries) if entries is not None else None
    text = source.text
    orgs_by_span = org_spans(text)
    facts: list[Fact] = []
    for person in find_people(source, matcher):
        entry = person.entry or {}
        head = person.head or min(person.full)
        role = _singular_role(person.role) if person.role else None
        gaz_role = _role_from_gazetteer(entry, source.as_of) if entry else None
        if role is None and gaz_role:
            role = gaz_role.get("role")
        folded_role = fold(role or "")
        role_words = set(re.findall(r"[^\W_]+", folded_role))
        country = None
        for word in role_words:
            if word in demonyms():
                country = demonyms()[word] or None
                break
        country = country or entry.get("country") or (gaz_role or {}).get("country")
        org = None
        if role:
            for s, e, name in orgs_by_span:
                if fold(normalize_space(text[s:e])) in folded_role and e - s > 1:
                    org = name
                    break
        org = org or (gaz_role or {}).get("org") or country
        is_official = entry.get("is_official", True) is not False
        if role_words & NOT_OFFICIAL:
            is_official = False
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
                "time": None,
                "mentions": [[s, e] for s, e in sorted(person.mentions)],
            },
        ))
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
