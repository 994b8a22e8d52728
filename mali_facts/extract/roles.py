"""The role phrases around a person's mentions: a title before the name, an apposition
after it, a role before the comma that opens an apposition, a relative clause ("who heads
the council"). Each phrase becomes an office reading (``offices.py``), so that every
mention of the person in the document contributes.
"""

from __future__ import annotations

import re

from mali_facts.extract.gazetteer import demonyms, gap_key
from mali_facts.extract.offices import read_phrase, verb_readings
from mali_facts.extract.orgs import is_acronym
from mali_facts.extract.people_words import (
    _APPOSITION_STOP,
    _COUNT_WORDS,
    _PLURAL_SINGULAR,
    _WHO_VERBS,
    REPORTING_VERBS,
    _cap,
    _Ctx,
    _Person,
    _soft,
    _token_index,
    _tokens_between,
)
from mali_facts.extract.role_words import RoleWords
from mali_facts.text import fold, normalize_space, word_set


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
        if w in ctx.w.titles:
            title_word = title_word or w
        elif not (w in ctx.w.role_modifiers or w in ctx.w.title_connectors or w in demonyms()
                  or _cap(ctx, k) or is_acronym(surface)):
            break
        begin = k
        k -= 1
        steps += 1
    if begin is None or title_word is None:
        return None
    # drop leading words that cannot open a title ("With", "and", "of the")
    while begin < first and not (
            words[begin] in ctx.w.titles or words[begin] in demonyms()
            or words[begin] in ctx.w.role_modifiers - {"then"}
            or is_acronym(ctx.text[starts[begin]:ends[begin]])):
        begin += 1
    if begin >= first:
        return None
    return starts[begin], ends[first - 1], title_word


def _apposition_after(ctx: _Ctx, end: int, person: _Person) -> str | None:
    """", vice president of the transition and strongman of the CNSP," -> the role."""
    text = ctx.text
    m = _AGE_THEN_COMMA.match(text, end) or re.match(r"[^\S\r]{0,2},\s{1,3}",
                                                      text[end:end + 8])
    if not m:
        return None
    start = m.end() if m.re is _AGE_THEN_COMMA else end + m.end()
    w = ctx.w
    who = _who_clause(text, start, w)
    if who is not None:
        return who
    window = text[start:start + 160]
    stop = _APPOSITION_STOP.search(window)
    raw_end = start + (stop.start() if stop else len(window))
    if any(start <= ctx.toks.starts[k] < raw_end for k in _tokens_between(ctx, start, raw_end)
           if k in ctx.taken):
        return None  # "X, Prime Minister Y and ...": a list of people, not an apposition
    phrase = _TRAILING_TIME.sub("", normalize_space(text[start:raw_end]))
    if not phrase:
        return None
    first_words = [fold(w) for w in re.findall(r"[^\W_-]+(?:-[^\W_]+)*", phrase)[:6]]
    if len(first_words) > 1 and first_words[0] in _NAMING_PARTICIPLES and (
            first_words[1] in w.titles or first_words[1] in w.apposition_heads):
        return phrase  # ", appointed ambassador to Burkina Faso last month,"
    while first_words and first_words[0] in w.apposition_openers:
        first_words.pop(0)
    if len(first_words) > 2 and first_words[1] == "s" and re.match(
            r"[^\W_]+(?:[-.][^\W_]+)*['\u2019]s\b", phrase.split(" ", 2)[-1]
            if phrase.split(" ", 1)[0].lower() in w.apposition_openers
            else phrase):
        first_words = first_words[2:]  # "OCHA's head of office", "the army's spokesman"
    while first_words and first_words[0] in w.role_modifiers - w.titles \
            and len(first_words) > 1 and first_words[1] in w.titles:
        first_words.pop(0)
    if not first_words:
        return None
    head = first_words[0]
    if len(first_words) > 1 and phrase.split(" ", 1)[0].lower() in w.articles \
            and any(x in w.titles and not x.endswith("s") for x in first_words[1:3]) \
            and not any(w in _COUNT_WORDS for w in first_words[:3]) \
            and all(x.isalpha() and x not in REPORTING_VERBS for x in first_words[:2]):
        return phrase  # "the government spokesman", "a political scientist"
    if head in w.titles or head in w.apposition_heads or (
            head in demonyms() and len(first_words) > 1 and first_words[1] in w.titles) or (
            head in w.role_modifiers and len(first_words) > 1 and first_words[1] in w.titles):
        return phrase
    return None


def _who_clause(text: str, start: int, w: RoleWords) -> str | None:
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
        words = [fold(x) for x in re.findall(r"[^\W_]+", obj)[:4]]
        while words and words[0] in w.apposition_openers:
            words.pop(0)
        ok = words and (words[0] in w.titles or words[0] in w.apposition_heads or (
            len(words) > 1 and words[0] in w.role_modifiers and words[1] in w.titles))
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
    if words[last] in ctx.w.role_connectors:
        return None
    lo = last
    while lo > 0 and last - lo < 12 and _soft(ctx, lo - 1) and lo - 1 not in ctx.taken:
        lo -= 1
    for t in range(lo, last + 1):
        if words[t] in ctx.w.titles and _role_tail_ok(ctx, t, last):
            begin = t
            while begin > lo and (words[begin - 1] in ctx.w.role_modifiers - {"then"}
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
        if w in ctx.w.role_connectors:
            connector_seen = True
        elif w in ctx.w.titles or w in ctx.w.role_modifiers or _cap(ctx, k) or w in demonyms():
            continue
        elif connector_seen and w.isalpha() and loose < 5:
            # "director of information and public relations of the armed forces"
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


#: ", 41, secretary general of the union": an age between a name and its apposition.
_AGE_THEN_COMMA = re.compile(r"[^\S\r]{0,2},\s{1,3}\d{1,3},\s{1,3}")
#: "ambassador to Burkina Faso last month": the time is the role's time, not its name.
_TRAILING_TIME = re.compile(
    r"\s+(?:(?:last|this|next|earlier this|later this)\s+(?:week|month|year)|yesterday|today"
    r"|(?:on|in|since)\s+\S+(?:\s+\S+){0,2}\s+\d{4}|(?:on|in|since)\s+\d{4})$", re.I)
#: ", appointed ambassador to ...": a participle that gives an office.
_NAMING_PARTICIPLES = word_set("appointed named elected nominated promoted reappointed")


_CLOSES_APPOSITION = re.compile(
    r"[^\S\r]{0,2}(?:[,.;:)\u2014]|\s(?:" + "|".join(sorted(REPORTING_VERBS)) + r")\b)")


_THEN_REPORTING = re.compile(r",\s{1,3}(?:" + "|".join(sorted(REPORTING_VERBS)) + r")\b")


def text_until_close(text: str, end: int) -> str:
    """From *end* (just after a name) to the comma closing its apposition."""
    m = re.match(r"[^\S\r]{0,2},\s{1,3}", text[end:end + 8])
    if not m:
        return ""
    window = text[end + m.end():end + m.end() + 160]
    stop = _APPOSITION_STOP.search(window)
    return text[end:end + m.end() + (stop.start() if stop else len(window))]


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
            if title is not None and title[2] in ctx.w.courtesy and _token_index(ctx, title[0]) == (
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
            while k is not None and k > 0 and k - 1 not in ctx.taken and (all(
                    part in ctx.w.titles for part in ctx.toks.words[k - 1].split("-"))
                    or ctx.toks.words[k - 1] in ctx.w.rank_parts.union(ctx.w.articles)) \
                    and (ctx.text[ctx.toks.ends[k - 1]:ctx.toks.starts[k]] in (
                        " ", "-", "'", "\u2019") or (ctx.toks.words[k - 1] in ctx.w.courtesy
                                                      and ctx.text[ctx.toks.ends[k - 1]:
                                                                   ctx.toks.starts[k]] == ". ")):
                # "The prefect of Kadiolo, Lieutenant-Colonel Oumar Traoré", "Le Premier
                # ministre, le général Abdoulaye Maïga": a rank and its article
                k -= 1  # "The prefect of Kadiolo, Lieutenant-Colonel Oumar Traoré"
            before = _role_before_comma(ctx, k) if k is not None else None
            if before and _CLOSES_APPOSITION.match(ctx.text, span[1]):
                found.append(before)
        after = _apposition_after(ctx, span[1], person)
        if after:
            found.append(after)
        for phrase in found:
            person.readings.append(read_phrase(_singular_role(phrase), title_start, ctx.w.lang))
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


def _singular_role(role: str) -> str:
    first, _, rest = role.partition(" ")
    single = _PLURAL_SINGULAR.get(fold(first))
    return f"{single} {rest}".strip() if single else role
