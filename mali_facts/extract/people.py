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

from mali_facts.extract.dates import find_date_candidates
from mali_facts.extract.gazetteer import (
    PhraseMatcher,
    Tokens,
    build_matcher,
    demonyms,
    gap_key,
    load,
    official_matcher,
    org_matcher,
    tokenize,
)
from mali_facts.extract.offices import Reading, choose, read_phrase, time_of, verb_readings
from mali_facts.extract.orgs import is_acronym, org_spans
from mali_facts.extract.places import find_place_mentions
from mali_facts.extract.source import Source
from mali_facts.model import Fact
from mali_facts.text import fold, normalize_space, word_set

#: Words that introduce a person's name (folded; plural forms included).
TITLES = word_set("""
president presidents vice vp minister ministers prime premier pm colonel colonels col
general generals gen lieutenant lt captain capt major commander sergeant chief secretary
director spokesman spokeswoman spokesperson ambassador envoy representative leader
leaders head chairman chairwoman chair governor mayor deputy senator mp admiral marshal
emir imam sheikh king queen prince researcher researchers journalist journalists analyst
analysts expert experts professor prof dr doctor mr mrs ms mme mlle author correspondent
reporter
founder coordinator commissioner judge prosecutor officer adviser advisor counsellor
inspector rapporteur mediator negotiator strongman economist sociologist historian
lawmaker legislator
anthropologist scholar academic lawyer activist warlord commandant president-elect
scientist
""")

#: Courtesy titles: they introduce a name but say nothing of a role, and "Ms Diarra"
#: alone is not enough to pick one Diarra from the gazetteer.
COURTESY = word_set("mr mrs ms mme mlle dr")

#: Lower-case words that can sit inside a title ("defence minister", "former president").
ROLE_MODIFIERS = word_set("""
defence defense foreign interior finance justice security economy economic health
education communication territorial administration reconciliation former interim
transitional acting junta rebel jihadist army military opposition union then
late deputy general national state armed forces affairs minister-delegate self-proclaimed
""")

#: Roles of people who comment rather than govern.
NOT_OFFICIAL = word_set("""
researcher researchers journalist journalists analyst analysts expert experts professor
author correspondent reporter economist sociologist historian anthropologist scholar
academic writer activist lecturer fellow editor witness resident trader farmer student
scientist
""")

#: Organisation types whose staff are not officials. Policy: staff of a state or an
#: intergovernmental body (ministries, armies, the UN and its agencies such as OCHA or
#: UNHCR, the AU, ECOWAS) hold public office and are officials, a UN head of office
#: included; staff of non-state bodies (NGOs, the ICRC, media, think tanks) are not.
NOT_OFFICIAL_ORG_TYPES = frozenset(["ngo", "humanitarian organization", "media",
                                    "research institute"])

#: Verbs that close an apposition around a bare surname ("Diallo, a spokesman, said").
REPORTING_VERBS = word_set("""
said says told added explained warned noted insisted stressed argued confirmed denied
claimed stated declared acknowledged admitted recalled
""")

#: "X, who heads the council": the verb of a relative clause -> the role noun it implies.
_WHO_VERBS = {
    "heads": "head", "headed": "head", "leads": "leader", "led": "leader",
    "runs": "head", "ran": "head", "directs": "director", "directed": "director",
    "chairs": "chair", "chaired": "chair", "commands": "commander",
    "commanded": "commander", "coordinates": "coordinator", "represents": "representative",
}

#: Counting words: "the two outgoing ministers" is a list of people, not one's role.
_COUNT_WORDS = word_set("two three four five six seven eight nine ten several many both all")

#: Words an apposition may open with that name a role without being a title word.
_APPOSITION_HEADS = word_set("number member head founder co-founder official officer")

#: Small words inside a title ("Secretary for Economic Questions", "Minister of Defence").
TITLE_CONNECTORS = word_set("for of the")

#: Name particles ("Le Drian", "Ag Ghaly", "Ould ...").
PARTICLES = word_set("le la de du da dos ag ould ben bin ibn al el abu abou dit van von")

#: Capitalised words that are never part of a person's name.
NOT_NAME = word_set("""
the a an in on at by for from with under since after before during as of to and but or
meanwhile however separately earlier later yesterday today tonight also then now still
instead elsewhere speaking asked last next when while if although though here there
this that these those his her its their our we they he she it i
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december
republic state government army transition council committee assembly parliament
""")

#: Common given names in Mali and the Sahel (and a few in French/UN coverage): a capitalised
#: one of these followed by a capitalised word is taken as a person's full name.
GIVEN_NAMES = word_set("""
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
    readings: list[Reading] = field(default_factory=list)


@dataclass
class _Ctx:
    text: str
    folded: str
    toks: Tokens
    blocked: set[int]  # tokens inside organisation names
    taken: set[int] = field(default_factory=set)  # tokens inside people's full names
    sentence: Any = None  # offset -> the span of its sentence


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
    who = _who_clause(text, start)
    if who is not None:
        return who
    window = text[start:start + 160]
    stop = _APPOSITION_STOP.search(window)
    raw_end = start + (stop.start() if stop else len(window))
    if any(start <= ctx.toks.starts[k] < raw_end for k in _tokens_between(ctx, start, raw_end)
           if k in ctx.taken):
        return None  # "X, Prime Minister Y and ...": a list of people, not an apposition
    phrase = normalize_space(text[start:raw_end])
    if not phrase:
        return None
    first_words = [fold(w) for w in re.findall(r"[^\W_-]+(?:-[^\W_]+)*", phrase)[:6]]
    while first_words and first_words[0] in ("a", "an", "the", "former", "then", "now", "its"):
        first_words.pop(0)
    if len(first_words) > 2 and first_words[1] == "s" and re.match(
            r"[^\W_]+(?:[-.][^\W_]+)*['\u2019]s\b", phrase.split(" ", 2)[-1]
            if phrase.split(" ", 1)[0].lower() in ("a", "an", "the", "former", "its")
            else phrase):
        first_words = first_words[2:]  # "OCHA's head of office", "the army's spokesman"
    while first_words and first_words[0] in ROLE_MODIFIERS - TITLES and len(first_words) > 1 \
            and first_words[1] in TITLES:
        first_words.pop(0)
    if not first_words:
        return None
    head = first_words[0]
    if len(first_words) > 1 and phrase.split(" ", 1)[0].lower() in ("a", "an", "the") \
            and any(w in TITLES and not w.endswith("s") for w in first_words[1:3]) \
            and not any(w in _COUNT_WORDS for w in first_words[:3]) \
            and all(w.isalpha() and w not in REPORTING_VERBS for w in first_words[:2]):
        return phrase  # "the government spokesman", "a political scientist"
    if head in TITLES or head in _APPOSITION_HEADS or (
            head in demonyms() and len(first_words) > 1 and first_words[1] in TITLES) or (
            head in ROLE_MODIFIERS and len(first_words) > 1 and first_words[1] in TITLES):
        return phrase
    return None


def _who_clause(text: str, start: int) -> str | None:
    """", who heads the regional council," -> "head of the regional council"."""
    m = re.match(r"who\s{1,3}(?:(?:is|was)\s{1,3}(?:also\s{1,3})?|([a-z]+)\s{1,3})",
                 text[start:start + 40])
    if not m:
        return None
    rest_start = start + m.end()
    window = text[rest_start:rest_start + 120]
    stop = _APPOSITION_STOP.search(window)
    obj = normalize_space(window[:stop.start() if stop else len(window)])
    if not obj:
        return None
    verb = m.group(1)
    if verb is None:  # "who is the head of ..."
        words = [fold(w) for w in re.findall(r"[^\W_]+", obj)[:4]]
        while words and words[0] in ("a", "an", "the", "former", "now"):
            words.pop(0)
        ok = words and (words[0] in TITLES or words[0] in _APPOSITION_HEADS or (
            len(words) > 1 and words[0] in ROLE_MODIFIERS and words[1] in TITLES))
        return obj if ok else None
    noun = _WHO_VERBS.get(verb)
    if noun is None or len(obj.split()) > 10:
        return None
    return f"{noun} of {obj}"


def _role_before_comma(ctx: _Ctx, first: int) -> str | None:
    """"The government's Commissioner for Food Security, <name>": the role before the
    comma that opens an apposition holding the name.

    The role is a title word, the modifiers before it and a tail of capitalised words,
    modifiers and connectors; after a connector a few lowercase nouns may follow ("head of
    delegation"), never before one ("the minister said the rebels, X" is no role).
    """
    words, starts, ends = ctx.toks
    last = first - 1
    if last < 0 or last in ctx.taken or gap_key(ctx.folded[ends[last]:starts[first]]) != ",":
        return None
    if words[last] in _ROLE_CONNECTORS:
        return None
    lo = last
    while lo > 0 and last - lo < 9 and _soft(ctx, lo - 1) and lo - 1 not in ctx.taken:
        lo -= 1
    for t in range(lo, last + 1):
        if words[t] in TITLES and _role_tail_ok(ctx, t, last):
            begin = t
            while begin > lo and (words[begin - 1] in ROLE_MODIFIERS - {"then"}
                                  or words[begin - 1] in demonyms()
                                  or is_acronym(ctx.text[starts[begin - 1]:ends[begin - 1]])):
                begin -= 1
            begin = _with_possessor(ctx, begin)
            return normalize_space(ctx.text[starts[begin]:ends[last]])
    return None


def _role_tail_ok(ctx: _Ctx, t: int, last: int) -> bool:
    words = ctx.toks.words
    connector_seen = False
    loose = 0
    for k in range(t + 1, last + 1):
        w = words[k]
        if w in _ROLE_CONNECTORS:
            connector_seen = True
        elif w in TITLES or w in ROLE_MODIFIERS or _cap(ctx, k) or w in demonyms():
            continue
        elif connector_seen and w.isalpha() and loose < 3:
            loose += 1
        else:
            return False
    return True


#: Words whose "'s" is "is"/"us", not a possessive ("it's", "let's").
_CONTRACTED = word_set("it that there here what who he she let where how")


def _with_possessor(ctx: _Ctx, begin: int) -> int:
    """"the army's spokesman": move a role's start back over a possessor ("army's")."""
    words, starts, ends = ctx.toks
    if begin >= 2 and words[begin - 1] == "s" and _soft(ctx, begin - 1) \
            and ctx.folded[ends[begin - 2]:starts[begin - 1]] in ("'", "\u2019") \
            and begin - 2 not in ctx.taken and words[begin - 2] not in _CONTRACTED:
        return begin - 2
    return begin


#: Small words inside a role stated before a comma ("representative in Nouakchott").
_ROLE_CONNECTORS = word_set("for of the in at to")

_CLOSES_APPOSITION = re.compile(
    r"[^\S\r]{0,2}(?:[,.;:)\u2014]|\s(?:" + "|".join(sorted(REPORTING_VERBS)) + r")\b)")


_THEN_REPORTING = re.compile(r",\s{1,3}(?:" + "|".join(sorted(REPORTING_VERBS)) + r")\b")


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


def text_until_close(text: str, end: int) -> str:
    """From *end* (just after a name) to the comma closing its apposition."""
    m = re.match(r"[^\S\r]{0,2},\s{1,3}", text[end:end + 8])
    if not m:
        return ""
    window = text[end + m.end():end + m.end() + 160]
    stop = _APPOSITION_STOP.search(window)
    return text[end:end + m.end() + (stop.start() if stop else len(window))]


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
    ctx = _Ctx(text, folded, toks, blocked, sentence=source.sentence_span)
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
        if w in TITLES and i + 1 < len(words) and _soft(ctx, i) and i + 1 not in taken:
            n = _name_run(ctx, i + 1)
            if n >= 2:
                add_full(i + 1, n, None)
                i += n + 1
                continue
            if n == 1 and w not in COURTESY:
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
                                _cap(ctx, i - 2) or words[i - 2] in TITLE_CONNECTORS)):
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


def _assign_role(ctx: _Ctx, person: _Person, people: dict[str, _Person]) -> None:
    """Every role phrase around every mention of the person, as office readings."""
    starts = ctx.toks.starts
    person.head = min(person.full)
    full = set(person.full)
    for span in sorted(person.mentions):
        first = _token_index(ctx, span[0])
        title_start = span[0]
        found: list[str] = []
        if span in full and first is not None:
            title = _title_before(ctx, first)
            if title is not None and title[2] in COURTESY and _token_index(ctx, title[0]) == (
                    first - 1):
                title_start = title[0]  # "Mme Bintou Camara": a courtesy, not a role
                title = None
            if title is not None:
                k = _token_index(ctx, title[0])
                begin = starts[_with_possessor(ctx, k)] if k is not None else title[0]
                title_start = begin
                found.append(normalize_space(ctx.text[begin:title[1]]))
                person.title_word = person.title_word or title[2]
            else:
                inherited = _coordinated_title(ctx, first, people)
                if inherited:
                    found.append(inherited)
            k = _token_index(ctx, title_start)
            before = _role_before_comma(ctx, k) if k is not None else None
            if before and _CLOSES_APPOSITION.match(ctx.text, span[1]):
                found.append(before)
        after = _apposition_after(ctx, span[1], person)
        if after:
            found.append(after)
        for phrase in found:
            person.readings.append(read_phrase(_singular_role(phrase), title_start))
        sentence = ctx.sentence(span[0])
        person.readings.extend(verb_readings(
            ctx.text, ctx.folded, span[0], span[1], title_start, sentence,
            _after_end(ctx, person, span, people)))
        if found and person.role is None and span in full:
            person.role = "; ".join(found)
            person.head = span


def _after_end(ctx: _Ctx, person: _Person, span: tuple[int, int],
               people: dict[str, _Person]) -> int:
    """Where the words after a mention stop being about this person: the next mention of
    someone else, unless it is coordinated with this one ("Camara and Koné, who ...")."""
    others = sorted(s for p in people.values() if p is not person for s in p.mentions
                    if s[0] >= span[1])
    for k, (s, _e) in enumerate(others):
        if ctx.text[span[1]:s].strip() == "and":
            return others[k + 1][0] if k + 1 < len(others) else len(ctx.text)
        return s
    return len(ctx.text)


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


def _org_type(name: str) -> str | None:
    """The gazetteer type of an organisation ("ngo", "media"...), if it is listed."""
    entries = org_matcher().lookup(name)
    return str(entries[0].get("type") or "") or None if entries else None


def _singular_role(role: str) -> str:
    first, _, rest = role.partition(" ")
    single = _PLURAL_SINGULAR.get(fold(first))
    return f"{single} {rest}".strip() if single else role


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
                pattern = r"(?<![^\W_])" + re.escape(fold(normalize_space(text[s:e]))) \
                    + r"(?![^\W_])"
                if e - s > 1 and re.search(pattern, folded_role):
                    org = name
                    break
        org = org or (gaz_role or {}).get("org") or country
        is_official = entry.get("is_official", True) is not False
        if role_words & NOT_OFFICIAL:
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
