"""What happened at a date: the clause's actor, action and object, as a short phrase.

Also says what a date *is* to its document (``date_role``): an event (what happened or
is planned then), the document's own publication date (a dateline, a byline, a
"Published:" line), or part of a name ("the June 5 Movement"), whose event is the name.

The phrase is cut from the text, never invented: the clause holding the date, with the
date, its preposition and the asides (parentheses, paired dashes) removed; a fronted
time adverbial ("On Monday, ...") gives its main clause; a relative clause gets its
antecedent ("coup that toppled ..."); a verb phrase coordinated with "and" gets the
sentence's subject; a reporting verb keeps what was reported.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from mali_facts.extract import subjects as sub
from mali_facts.extract.clauses import (
    Clause,
    Token,
    Words,
    drop_asides,
    is_finite_verb,
    phrase,
    sentence_tokens,
    split_clauses,
    tokenize,
    words_for,
)
from mali_facts.extract.source import Source

EVENT_WORDS = 15
#: How far back (characters) a "he"/"she" may look for the person it stands for.
_PRONOUN_REACH = 600
_WINDOW = 300
#: How far into a document a dateline or byline may sit.
_HEADER_CHARS = 600
_HEADER_LINES = 6
_DATELINE_BEFORE = re.compile(
    r"^[\W_]*[A-Z][A-Za-z\u00c0-\u024f'. -]{1,40}(?:,|\s[-\u2013\u2014])\s*$")
_REPORTING = frozenset(
    [
        "said", "told", "announced", "warned", "stated", "declared", "confirmed", "added",
        "reported", "explained", "noted", "insisted", "claimed", "revealed", "indicated", "argued",
        "promised", "vowed", "pledged", "predicted", "estimated", "say", "says", "tells",
        "announces", "warns", "states", "declares", "confirms", "adds", "reports", "explains",
        "notes", "insists", "claims", "reveals", "indicates", "argues", "promises", "vows",
        "pledges", "recalled", "recalls", "agreed", "agrees", "decided", "decides", "ruled",
        "rules", "feared", "fears", "hoped", "hopes", "believed", "believes", "learned",
        "acknowledged", "acknowledges", "admitted", "admits", "alleged", "alleges", "denied",
        "denies", "stressed", "stresses", "wrote", "writes"
    ])
#: Subordinators that also take a noun phrase ("since the establishment of ...").
_NOMINAL_LINKS = frozenset({"since", "after", "before", "until", "till"})
_OFFSET_WORDS = (" after ", " before ", " since ", " later", " earlier", " ago")

PUBLICATION_EVENT = "publication date"


def describe_date(source: Source, start: int, end: int,
                  other_dates: Sequence[tuple[int, int]] = (),
                  lang: str = "en") -> tuple[str | None, str]:
    """``(event, date_role)`` of the date at ``start:end``."""
    words = words_for(lang)
    if is_publication_date(source, start, end, words, other_dates):
        return PUBLICATION_EVENT, "publication"
    s, e = source.sentence_span(start)
    s, e = max(s, start - _WINDOW), min(max(e, end), end + _WINDOW)
    if start < _HEADER_CHARS:  # header lines have no full stops: keep to the date's line
        s = max(s, source.text.rfind("\n", 0, start) + 1)
    tokens = sentence_tokens(source, s, e)
    for tok in tokens:
        if tok.start < end and start < tok.end:
            tok.mark = "target"
        elif any(a < tok.end and tok.start < b for a, b in other_dates):
            tok.mark = "date"
    name = _name_with_date(tokens, words)
    if name:
        return name, "name"
    event = _event(tokens, source.text[start:end], words)
    sentence_start = source.sentence_span(start)[0]
    opening = source.text[sentence_start:sentence_start + 12].split(" ", 1)[0].lower()
    if opening not in words.thing_pronouns:
        return event, "event"  # "The talks resumed ... after they stopped": "they" is here
    return _named_pronoun(source, sentence_start, event, words), "event"


def _named_pronoun(source: Source, sentence_start: int, event: str | None,
                   words: Words) -> str | None:
    """"It finally took place on 18 June" after "The referendum was postponed twice": a
    leading "it" or "they" is the previous sentence's subject, when that is a noun phrase."""
    if not event or event.split(" ", 1)[0].lower() not in words.thing_pronouns:
        return event
    previous = source.sentence_span(max(0, sentence_start - 2))
    if previous[0] >= sentence_start or sentence_start - previous[0] > _PRONOUN_REACH:
        return event
    clauses = split_clauses(drop_asides(sentence_tokens(source, previous[0], previous[1])), words)
    subject = [t for t in clauses[0].tokens if t.text[:1].isalnum()] if clauses else []
    verb = next((i for i in range(len(subject)) if is_finite_verb(subject, i, words)), None)
    subject = subject[:verb] if verb else []
    while subject and subject[0].lower in words.determiners | words.leading_drop:
        subject.pop(0)
    if not 0 < len(subject) <= 4 or any(t.lower in words.thing_pronouns | _PERSONAL_PRONOUNS
                                        or t.text[:1].isdigit() for t in subject) \
            or not any(t.text[:1].islower() for t in subject):
        return event  # a person's name is "he" or "she", never "it"
    rest = event.split(" ", 1)[1] if " " in event else ""
    return phrase(subject + tokenize(rest), words, EVENT_WORDS)


def is_publication_date(source: Source, start: int, end: int, words: Words,
                        other_dates: Sequence[tuple[int, int]] = ()) -> bool:
    """A date on a header line (dateline, byline, "Published:") of the document.

    A header line with two dates ("Reporting period: 01/01/2025 - 15/03/2025") or a
    label that is not a publication cue names a period, not the publication date.
    """
    if start > _HEADER_CHARS:
        return False
    line_start = source.text.rfind("\n", 0, start) + 1
    if source.text[:line_start].count("\n") > _HEADER_LINES * 2 or (
            len([x for x in source.text[:line_start].split("\n") if x.strip()]) > _HEADER_LINES):
        return False
    line_end = source.text.find("\n", end)
    line_end = len(source.text) if line_end < 0 else line_end
    before = source.text[line_start:start]
    if any(line_start <= a < line_end and (abs(a - end) < 40 or abs(b - start) < 40)
           for a, b in other_dates):
        return False  # "01/01/2025 - 15/03/2025": a period
    label = before.rsplit(":", 1)[0].strip().lower().lstrip("*_#>- ") if ":" in before else ""
    if label and not label.startswith(words.publication_cues):
        return False
    if _DATELINE_BEFORE.match(before) and not before.strip().lower().startswith(
            ("on ", "in ", "by ")):
        return True
    lowered = before.strip().lower().lstrip("*_#>- ")
    if lowered.startswith(words.publication_cues):
        return True
    line_tokens = tokenize(source.text[line_start:line_end])
    outside = [t for t in line_tokens if t.end + line_start <= start or t.start + line_start >= end]
    if len(line_tokens) > 14:
        return False
    return not any(is_finite_verb(outside, i, words) for i in range(len(outside)))


def _name_with_date(tokens: list[Token], words: Words) -> str | None:
    """"the June 5, 2020 Movement-Rally ...": a date followed by a capitalised name."""
    first = next((i for i, t in enumerate(tokens) if t.mark == "target"), None)
    if first is None:
        return None
    last = max(i for i, t in enumerate(tokens) if t.mark == "target")
    if last + 1 >= len(tokens):
        return None
    nxt = tokens[last + 1]
    if not nxt.text[:1].isupper() or nxt.mark or nxt.start - tokens[last].end > 1:
        return None
    head = re.split(r"[-\u2013]", nxt.lower)[0]
    if head not in words.name_heads:
        return None
    if first > 0 and tokens[first - 1].lower in words.date_prepositions:
        return None
    name = [t for t in tokens[first:last + 2]]
    j = last + 2
    while j < len(tokens) and len(name) < 12 and (
            tokens[j].text[:1].isupper() or tokens[j].lower in ("of", "for", "and", "the")):
        name.append(tokens[j])
        j += 1
    while name and name[-1].lower in ("of", "for", "and", "the"):
        name.pop()
    return " ".join(t.text for t in name).replace(" ,", ",")


def _event(tokens: list[Token], target_text: str, words: Words) -> str | None:
    tokens = _without_target(tokens, words)
    clauses = split_clauses(tokens, words)
    index = next((i for i, c in enumerate(clauses)
                  if any(t.mark == "target" for t in c.tokens)), None)
    if index is None:
        return None
    clause = clauses[index]
    at = next(i for i, t in enumerate(clause.tokens) if t.mark == "target")
    # "It has been a little over a week since the army took Kidal": the since-clause
    lead = " ".join(t.lower for t in clause.tokens[:at]).replace("\u2019", "'")
    if lead in words.it_has_been and index + 1 < len(clauses) \
            and clauses[index + 1].opener == "since":
        return phrase(sub.clause_body(clauses[index + 1]), words, EVENT_WORDS)
    own = sub.clause_body(clause)
    if at == len(clause.tokens) - 1 and index + 1 < len(clauses) \
            and clauses[index + 1].opener in ("when", "where"):
        # "since 2015, when jihadist fighters spread south": the when-clause says it
        # ("in October, where 17 civilians were executed": so does a where-clause)
        if clauses[index + 1].has_verb(words):
            return phrase(sub.clause_body(clauses[index + 1]), words, EVENT_WORDS)
        completed = sub.np_then_verb(clauses, index + 1, words)
        if completed:
            return phrase(completed, words, EVENT_WORDS)
    if at == len(clause.tokens) - 1 and index + 1 < len(clauses) \
            and clauses[index + 1].opener in ("which", "who") and clauses[index + 1].edge == ",":
        relative = sub.clause_body(clauses[index + 1])
        antecedent = sub.antecedent(Clause(clause.tokens[:at]), words)
        if len(relative) > 1 and is_finite_verb(relative, 1, words) and antecedent:
            # "after the Council of Ministers of 5 March, which adopted a decree"
            return phrase(antecedent + relative[1:], words, EVENT_WORDS)
    if not clause.has_verb(words) and index > 0 and not sub.content(own, words):
        completed = sub.np_then_verb(clauses, index - 1, words)
        if completed:  # "The attack, in October 2021, killed seven soldiers"
            return phrase(completed, words, EVENT_WORDS)
    if clause.opener == "when" and index > 0 and clause.has_verb(words):
        # "14 died when gunmen opened fire on 1 June": the outcome and its cause, if short
        first = index - 1  # "14 died and 31 were wounded when ...": the whole outcome
        while first > 0 and clauses[first].opener in words.coordinators \
                and clauses[first - 1].has_verb(words):
            first -= 1
        host = clauses[first]
        chain = [t for c in clauses[first:index] for t in sub.clause_body(c)]
        if host.has_verb(words) and not any(t.mark for t in chain) \
                and not host.opener and not sub.participial(host, words):
            outcome = _with_context(clauses, first, chain, words)
            for tail in (own, own[:at]):  # whole, else up to the date ("when a shaft collapsed")
                joined = outcome + tail
                if sum(1 for t in joined if t.text[:1].isalnum()) <= EVENT_WORDS:
                    return phrase(joined, words, EVENT_WORDS)
    premodified = _premodified(clauses, index, at, words)
    if premodified:
        return phrase(premodified, words, EVENT_WORDS)
    content = sub.content(own, words)
    lowered = f" {target_text.lower()} "
    offset = any(w in lowered or lowered.rstrip().endswith(w.strip()) for w in _OFFSET_WORDS)
    # a time phrase opening the sentence, or the part after a semicolon or colon
    hard = max((j for j in range(index + 1) if clauses[j].edge in (";", ":")), default=0)
    fronted = index == hard or all(not c.has_verb(words) and not c.opener
                                   for c in clauses[hard:index])
    chosen: list[Token] | None = None
    label = clauses[index - 1] if index else None
    if not content and label is not None and clause.edge == ":" and \
            not label.has_verb(words) and len(label.tokens) <= 5:
        return phrase(sub.clause_body(label), words, EVENT_WORDS)  # "Reporting period: 01/01/2025"
    if not clause.has_verb(words):
        subordinate = clause.opener in words.subordinators
        if not content or (fronted and not subordinate and index + 1 < len(clauses)):
            chosen = _main_clause(clauses, index, words, skip_relative=offset,
                                  forward=fronted)
        elif clause.opener in _NOMINAL_LINKS and not fronted and index > 0 \
                and clauses[index - 1].has_verb(words):
            # "the CSA met for the first time since the establishment of the Transition"
            host = _with_context(clauses, index - 1, sub.clause_body(clauses[index - 1]), words)
            seen = {t.start for t in host if t.text}
            chosen = host + [t for t in own if t.start not in seen or not t.text]
        if chosen is None and content:
            chosen = own + _continuation(clauses, index, words)
        if chosen is None and index + 1 < len(clauses):
            chosen = sub.clause_body(clauses[index + 1])
    verb = clause.first_verb(words)
    if chosen is None and index == 0 and verb is not None and len(clauses) > 1 \
            and clause.tokens[verb].lower not in words.aux \
            and sub.is_participle(clause.tokens[verb].lower, words) and (
                verb == 0 or (clause.tokens[0].lower in words.date_prepositions
                              and clause.tokens[verb - 1].lower in words.report_nouns)):
        # "Asked by the NGO on 2 October, the army spokesman said ...", "In a statement
        # released on Sunday, the army said ...": a fronted adverbial, the main clause
        chosen = _main_clause(clauses, index, words, skip_relative=False, forward=True)
    if chosen is None:
        chosen = _with_context(clauses, index, own, words)
    return phrase(chosen, words, EVENT_WORDS) if chosen else None


def _premodified(clauses: list[Clause], index: int, at: int, words: Words) -> list[Token]:
    """"the August 18, 2020 coup that toppled X": the noun the date modifies, and what
    its relative clause says it did."""
    clause = clauses[index]
    head: list[Token] = []
    for tok in clause.tokens[at + 1:]:
        if tok.lower in words.dangling or not tok.text[:1].isalpha() or len(head) >= 3:
            break
        head.append(tok)
    if not head:
        return []
    if head[-1].lower in words.event_nouns and head == clause.tokens[at + 1:at + 1 + len(head)]:
        # "the September 17 attack on the fuel convoy": the event is the noun phrase
        tail = clause.tokens[at + 1 + len(head):at + 8 + len(head)]
        verb = next((i for i in range(len(tail)) if is_finite_verb(tail, i, words)), len(tail))
        rest = [t for t in tail[:verb] if t.mark != "target"]
        if rest and rest[0].lower in ("on", "in", "at", "against", "near", "of", "by"):
            return head + rest
    if head != clause.tokens[at + 1:] or index + 1 >= len(clauses):
        return []
    relative = clauses[index + 1]
    body = sub.clause_body(relative)
    if relative.opener not in words.relatives | {"that"} or len(body) < 2 \
            or not is_finite_verb(body, 1, words):
        return []
    return head + body


def _without_target(tokens: list[Token], words: Words) -> list[Token]:
    """Asides dropped; the date (and its preposition) replaced by one placeholder."""
    tokens = _without_range_partner(drop_asides(tokens), words)
    out: list[Token] = []
    placed = False
    for tok in tokens:
        if tok.mark == "target":
            if not placed:
                while out and out[-1].lower in words.date_prepositions and not out[-1].mark:
                    out.pop()
                out.append(Token("", tok.start, tok.start, "", "target"))
                placed = True
            continue
        if placed and out and out[-1].mark == "target" and tok.lower in ("'s", "\u2019s", "s"):
            continue
        out.append(tok)
    return out


def _without_range_partner(tokens: list[Token], words: Words) -> list[Token]:
    """"covers 1 April to 30 September 2025": the other end of the date's own range is
    part of the date, not of what happened."""
    marks = [t.mark for t in tokens]
    drop: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.lower in words.coordinators:  # "between 4 August and 19 September", "entre
            k = i - 1                          # le 1er et le 9"; not "in 2014 and 2019"
            while k > 0 and tokens[k].lower not in words.range_openers and (
                    marks[k] or tokens[k].lower in words.date_prepositions):
                k -= 1
            if tokens[k].lower not in words.range_openers:
                continue
        if tok.lower not in words.range_links or not 0 < i < len(tokens) - 1:
            continue
        after = i + 1  # "et le 9 mars": the article before the other end
        while after < len(tokens) - 1 and not marks[after] \
                and tokens[after].lower in words.date_prepositions:
            after += 1
        if {marks[i - 1], marks[after]} != {"target", "date"}:
            continue
        drop.add(i)
        if marks[after] == "date":
            drop.update(range(i + 1, after))
            j = after
            step = 1
        else:
            j = i - 1
            step = -1
        while 0 <= j < len(tokens) and marks[j] == "date":
            drop.add(j)
            j += step
    return [t for i, t in enumerate(tokens) if i not in drop] if drop else tokens


def _main_clause(clauses: list[Clause], index: int, words: Words,
                 skip_relative: bool, forward: bool) -> list[Token] | None:
    """The clause a time phrase belongs to: after a fronted one ("On Monday, ..."), the
    next clause with a verb; after a trailing one, the previous clause with a verb that
    is not a participle hanging on a noun (", dubbed Africa Corps,")."""
    after = [j for j in range(index + 1, len(clauses))
             if not (skip_relative and j == index + 1
                     and clauses[j].opener in words.relatives | {"that"})]
    if forward:
        # "Between 22 and 24 July, Malian soldiers, at times accompanied by ..., carried
        # out": the subject, its asides, and the verb phrase
        first = next((j for j in range(index + 1, len(clauses)) if not clauses[j].has_verb(words)
                      and sub.content(sub.clause_body(clauses[j]), words)), None)
        completed = sub.np_then_verb(clauses, first, words) if first is not None else None
        if completed and not any(not c.has_verb(words) or c.opener in words.relatives
                                 for c in clauses[index + 1:first]):
            return completed
    before = list(range(index - 1, -1, -1))
    hosts = [j for j in (after + before if forward else before + after)
             if clauses[j].has_verb(words)]
    # stable sort, order kept: participles, then (for a fronted phrase) relative clauses last
    hosts.sort(key=lambda j: (sub.participial(clauses[j], words),
                              forward and clauses[j].opener in words.relatives,
                              forward and clauses[j].opener in words.subordinators))
    for j in hosts:
        return _with_context(clauses, j, sub.clause_body(clauses[j]), words)
    return None


def _with_context(clauses: list[Clause], index: int, own: list[Token],
                  words: Words) -> list[Token]:
    """Give a clause its missing subject or antecedent, and a report its content."""
    clause = clauses[index]
    body = own
    verb = next((i for i in range(len(body)) if is_finite_verb(body, i, words)), None)
    complement = clause.opener == "that" and index > 0 and any(
        t.lower in _REPORTING for t in clauses[index - 1].tokens)
    if complement:  # "said in a statement that the convoy was attacked": what was said
        body = body[1:] if body and body[0].lower == "that" else body
    elif clause.opener in words.relatives | {"that"} and index > 0:
        antecedent = sub.antecedent(clauses[index - 1], words)
        rest = body[1:] if body and body[0].lower == clause.opener else body
        # "that toppled X": the antecedent is the subject; "which the UN left": the object
        subject_relative = verb is not None and verb <= 1
        body = antecedent + rest if subject_relative else rest + antecedent
    elif verb == 0 and index > 0 and sub.participial(clause, words) \
            and (clauses[index - 1].has_verb(words) or clauses[index - 1].tokens[-1].text[:1]
                 .isupper()) and not sub.participial(clauses[index - 1], words) \
            and index + 1 < len(clauses) and clauses[index + 1].edge == ",":
        # "recalled that the Council, installed on 5 December 2020, ...": the noun it hangs on
        body = sub.antecedent(clauses[index - 1], words) + body
    elif verb == 0 and clause.edge == "," and sub.first_subject(clauses, index, words):
        body = sub.first_subject(clauses, index, words) + body  # "Bah N'Daw, the ..., was held"
    elif verb is not None and (verb == 0 or (verb == 1 and (
            body[0].lower in sub._ADVERBS or body[0].lower in words.coordinators))) and (
            clause.opener in words.coordinators or clause.edge in (",", "")):
        subject = sub.subject(clauses, index, words)
        rest = body[1:] if body and body[0].lower in words.coordinators else body
        body = subject + rest
    said = [t for t in body if t.text[:1].isalnum()]
    reports = any(t.lower in _REPORTING for t in said[-2:]) or (
        len(said) <= 5 and any(t.lower in _REPORTING for t in said))
    if index + 1 < len(clauses) and (
            (reports and clauses[index + 1].opener in ("that", ""))
            or (clauses[index + 1].opener == "that"
                and any(t.lower in _REPORTING for t in said[-5:]))):
        # "The army said in a statement on Thursday that ...": what was said
        return body + sub.clause_body(clauses[index + 1])
    if reports and said and said[-1].lower in _REPORTING and index > 0:
        # '"We moved faster than expected," the spokesman said', 'X will visit Ségou next
        # week, his office said': what was said, the sentence's first full clause
        reported = next((j for j in range(index) if clauses[j].has_verb(words)
                         and not clauses[j].opener and not sub.participial(clauses[j], words)),
                        None)
        if reported is not None:
            content = _with_context(clauses, reported, sub.clause_body(clauses[reported]), words)
            return said + [Token(":", 0, 0, ":")] + content
    if index + 1 < len(clauses) and clauses[index + 1].edge == ":" \
            and len(sub.content(body, words)) <= 3:
        # "The reply came on Wednesday: a decree suspended ...": what the colon announces
        return body + [Token(":", 0, 0, ":")] + sub.clause_body(clauses[index + 1])
    return body + _continuation(clauses, index, words)


def _continuation(clauses: list[Clause], index: int, words: Words) -> list[Token]:
    """What completes a clause cut by commas: an "including ..." list, or the phrase
    after an apposition ("appointed Malick Diaw, number 2 of the CNSP, as president")."""
    j = index + 1
    if j >= len(clauses):
        return []
    if clauses[j].opener == "including":
        return sub.clause_body(clauses[j])
    short = sum(1 for t in clauses[index].tokens if t.text[:1].isalnum() and not t.mark
                and t.lower not in words.dangling) < 3
    if short and not clauses[j].has_verb(words) and \
            clauses[j].tokens[0].lower in words.date_prepositions | {"as", "to", "with"}:
        return sub.clause_body(clauses[j])  # "He started, as an apprentice on the Gao line"
    last = clauses[index].tokens[-1]
    if not last.text[:1].isupper():
        return []
    # skip an apposition (a verbless noun phrase) and a relative clause hanging on it
    if clauses[j].edge == "," and not clauses[j].opener and not clauses[j].has_verb(words):
        j += 1
        if j < len(clauses) and clauses[j].opener in words.relatives | {"that"}:
            j += 1
        if j < len(clauses) and not clauses[j].has_verb(words) and \
                clauses[j].tokens[0].lower in words.date_prepositions | {"as", "to", "with"}:
            return sub.clause_body(clauses[j])
    return []


_PERSONAL_PRONOUNS = frozenset({"he", "she"})


def name_pronoun_subjects(facts: Sequence[Any]) -> None:
    """"He bought his first coach": an event whose subject is "he" or "she" names the
    person mentioned last before it (within a few sentences), by surname."""
    people = sorted(
        (int(end), str(f.attrs.get("name") or f.text))
        for f in facts if f.kind == "official"
        for start, end in (f.attrs.get("mentions") or [(f.start, f.end)]))
    if not people:
        return
    ends = [end for end, _ in people]
    for fact in facts:
        event = fact.attrs.get("event") if fact.kind == "date" else None
        if not event or event.split(" ", 1)[0].lower() not in _PERSONAL_PRONOUNS:
            continue
        i = bisect.bisect_right(ends, fact.start) - 1
        if i < 0 or fact.start - ends[i] > _PRONOUN_REACH:
            continue
        surname = people[i][1].split()[-1]
        fact.attrs["event"] = surname + event[event.index(" "):] if " " in event else surname
