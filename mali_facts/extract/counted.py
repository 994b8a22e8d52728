"""What a figure counts, in words a reader understands without the source.

The counted noun alone ("people", "civilians") is rarely enough: the sentence says what
happened to them ("people internally displaced in Mali", "civilians killed in two
villages"). This module reads the figure's clause: the verb or participle after the
noun phrase ("were killed", "fled the Bankass area"), else the verb before the number
("armed men killed at least 37 civilians"), and when the number stands alone, the
clause's subject ("the number of people forced from their homes ... rose to 420,000").
It also classifies the figure (``measure``) and gives money its ISO currency code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from mali_facts.extract.clauses import (
    Token,
    Words,
    is_finite_verb,
    sentence_tokens,
    split_clauses,
    words_for,
)
from mali_facts.extract.resources import load
from mali_facts.extract.source import Source

COUNTS_WORDS = 12
_AFTER_VERB_WORDS = 6
_QUALIFIER_WORDS = frozenset([
    "at", "least", "most", "more", "than", "less", "fewer", "about", "around", "some",
    "nearly", "almost", "over", "up", "to", "only", "roughly", "approximately", "an",
    "estimated", "a", "the", "another", "just", "under"])


class MeasureWords:
    """The measure vocabulary of one language, as sets."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.currencies: dict[str, str] = data["currencies"]
        self.casualty = frozenset(data["casualty_words"])
        self.people = frozenset(data["person_nouns"]) - frozenset(data["not_people"])
        self.quantity = frozenset(data["quantity_units"])
        self.time = frozenset(data["time_units"])
        self.identifier = frozenset(data["identifier_units"])
        self.reading = tuple(data["reading_time_cues"])
        self.share = frozenset(data["share_units"])
        self.money = frozenset(data["money_words"])
        self.count_of = frozenset(data["count_of"])
        self.passive_aux = frozenset(data["passive_aux"])
        self.reporting = frozenset(data["reporting_verbs"])
        self.place_nouns = frozenset(data["place_nouns"])
        #: what a bare number can be after a list of casualties ("and 2 missing")
        self.states = frozenset(data.get("casualty_states", ()))
        #: "up 41 per cent" -> a "rise": the word before a change and what it names
        self.change_words: dict[str, str] = data.get("change_words", {})
        self.comparison = re.compile(data["comparison_cue"]) if data.get(
            "comparison_cue") else None


@cache
def measure_words(lang: str = "en") -> MeasureWords:
    return MeasureWords(load(lang, "measures"))


def describe_figure(source: Source, start: int, end: int, np_end: int, unit: str | None,
                    noun: str | None, identifier: bool = False,
                    lang: str = "en") -> dict[str, Any]:
    """``counts``, ``measure`` and ``currency`` of the figure at ``start:end``.

    *np_end* is where its counted noun phrase ends (``end`` if it has none); *noun* is
    that phrase and *unit* the unit already found ("percent", "CFA francs", "day").
    """
    words, vocab = words_for(lang), measure_words(lang)
    s, e = source.sentence_span(start)
    s, e = max(s, start - 300), min(max(e, np_end), np_end + 300)
    tokens = sentence_tokens(source, s, e)
    for tok in tokens:
        if tok.start < end and start < tok.end:
            tok.mark = "target"
    clauses = split_clauses(tokens, words)
    index = next((i for i, c in enumerate(clauses)
                  if any(t.mark == "target" for t in c.tokens)), None)
    clause = clauses[index].tokens if index is not None else []
    holder = age_holder(source, start, end) if noun is None and unit is None else None
    if holder is not None:
        return {"counts": f"age of {holder}" if holder else "age", "measure": "age",
                "currency": None}
    counts = _counts(clause, np_end, noun, unit, words, vocab) if clause else noun
    if not counts and index:
        counts = _label(source, clauses, index, unit, words, vocab) or _change_of(
            clauses, index, unit, words, vocab)
    measure = classify(source, start, end, unit, counts, identifier, vocab)
    currency = vocab.currencies.get((unit or "").lower()) if measure == "money" else None
    return {"counts": counts, "measure": measure, "currency": currency}


_APPOSED_AGE_BEFORE = re.compile(
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s[A-Z][\w'\u2019-]+){0,3}),\s$")
_COPULA_AGE_BEFORE = re.compile(r"\b(?:he|she|who)\s(?:is|was)\s(?:now\s)?$", re.I)
_AGE_AFTER = re.compile(r"\s?(?:[,;)]|\.(?!\d)|$)")


def age_holder(source: Source, start: int, end: int) -> str | None:
    """"Hamadoun Maïga, 58," or "He is 58,": a bare number that is someone's age.

    Returns the person's name, "" when only a pronoun says who, None for no age.
    """
    digits = source.text[start:end]
    if not (digits.isascii() and digits.isdigit()) or not 14 <= int(digits) <= 105:
        return None
    if not _AGE_AFTER.match(source.text, end, end + 2):
        return None
    before = source.text[max(0, start - 60):start]
    apposed = _APPOSED_AGE_BEFORE.search(before)
    if apposed and not apposed.group("name").split()[-1].isupper():
        return apposed.group("name")
    return "" if _COPULA_AGE_BEFORE.search(before) else None


def _counts(clause: list[Token], np_end: int, noun: str | None, unit: str | None,
            words: Words, vocab: MeasureWords) -> str | None:
    first = next(i for i, t in enumerate(clause) if t.mark == "target")
    after = next((i for i, t in enumerate(clause) if t.start >= np_end and not t.mark),
                 len(clause))
    head = noun or (unit if unit and unit.lower() in vocab.currencies else None)
    if head is None and (unit or "").lower() in vocab.share:
        share_of = _share_of(clause, after, words)
        if share_of:  # "58% of the newly displaced were women"
            return _join(["share of", *share_of])
        named = _noun_of(clause, first, words)
        if named:  # "a deficit of 3.4 per cent", "an average yield of 8.2 per cent"
            return _join(named)
    tail = _verb_after(clause, after, words, vocab)
    share = head is None and (unit or "").lower() in vocab.share
    if share and tail and tail[0].lower.endswith("ed"):
        # "the response plan was 19 per cent funded": the share of the subject, and how
        owner = _subject_before(clause, first, words)
        if owner:
            return _join(["share of", *owner, *(t.text for t in tail)])
    if share and first and clause[first - 1].lower in ("up", "down") and not any(
            is_finite_verb(clause, i, words) for i in range(first)):
        return None  # "..., down 36 per cent": what fell is the previous clause's (below)
    if head is None:
        subject = _counted_subject(clause, first, words, vocab)
        if subject:
            return _join(subject)
        if tail and (tail[0].lower.endswith("ed") or tail[0].lower in vocab.states):
            return _join([t.text for t in tail])  # "16 wounded", "2 missing"
        before = _verb_before(clause, first, words)
        if before is not None:  # "Gunmen kill at least 37 in central Mali"
            place = _place_after(clause, after, words, vocab)
            return _join([clause[before].text, *(t.text for t in place)])
        return None
    if tail:
        return _join([head, *(t.text for t in tail)])
    before = _verb_before(clause, first, words)
    place = _place_after(clause, after, words, vocab)
    if before is not None:
        verb = clause[before]
        if verb.lower.endswith("ing"):  # "killing more than 70 people"
            return _join([verb.text, head, *(t.text for t in place)])
        unit_like = head.lower() in vocab.time or head.lower() in vocab.quantity
        participle = verb.lower.endswith("ed") or (
            verb.lower in words.irregular and not verb.lower.endswith("s"))
        if participle and not unit_like:
            return _join([head, verb.text, *(t.text for t in place)])
        subject = [t for t in clause[:before] if t.text[:1].isalnum()][-4:]
        while subject and subject[0].lower in ("the", "a", "an", "its", "their"):
            subject.pop(0)
        subject = [t.text for t in subject]
        return _join([*subject, verb.text, head, *(t.text for t in place)])
    if place:
        return _join([head, *(t.text for t in place)])
    return head


def _change_of(clauses: list[Any], index: int, unit: str | None, words: Words,
               vocab: MeasureWords) -> str | None:
    """"Gold output reached 10.8 tonnes in Q2, down 36 per cent": a change in what the
    previous clause's subject measures."""
    tokens = [t for t in clauses[index].tokens if t.text[:1].isalnum()]
    at = next((i for i, t in enumerate(tokens) if t.mark == "target"), None)
    if at is None or not at or tokens[at - 1].lower not in vocab.change_words \
            or (unit or "").lower() not in vocab.share:
        return None
    for j in range(index - 1, -1, -1):
        body = [t for t in clauses[j].tokens if not t.mark]
        owner = _subject_before(body, len(body), words)
        if owner:
            return _join([vocab.change_words[tokens[at - 1].lower], "in", *owner])
        if clauses[j].edge not in (",", ""):
            break
    return None


def _label(source: Source, clauses: list[Any], index: int, unit: str | None, words: Words,
           vocab: MeasureWords) -> str | None:
    """"Mopti: 1,320,000", "Food security: 38 per cent": a row's label says what its
    number counts (the words on the number's own line)."""
    clause = clauses[index]
    own = [t for t in clause.tokens if t.text[:1].isalnum() and not t.mark]
    if clause.edge != ":" or len(own) > 3 or not clause.tokens:
        return None
    at = clause.tokens[0].start
    label = [t for t in clauses[index - 1].tokens if "\n" not in source.text[t.end:at]]
    if not label or any(is_finite_verb(label, i, words) for i in range(len(label))):
        return None
    text = [t.text for t in label if t.text[:1].isalnum() or t.text in "&'’"]
    if not 0 < len(text) <= 6:
        return None
    share = (unit or "").lower() in vocab.share
    return _join(["share of", *text] if share else text)


def _subject_before(clause: list[Token], first: int, words: Words) -> list[str]:
    """The noun phrase before the verb nearest the number ("Donors said the humanitarian
    response plan was ..."): from the previous verb (or "that") to that verb."""
    verbs = [i for i in range(first) if is_finite_verb(clause, i, words)]
    if not verbs:
        return []
    verb = verbs[-1]
    while len(verbs) > 1 and verbs[-2] == verb - 1:  # "has been", "was being"
        verbs.pop()
        verb = verbs[-1]
    start = verbs[-2] + 1 if len(verbs) > 1 else 0
    out = [t for t in clause[start:verb] if t.text[:1].isalnum() and not t.mark]
    while out and out[0].lower == "that":
        out.pop(0)
    while out and (out[0].lower in words.determiners or out[0].lower in words.leading_drop
                   or out[0].lower in words.coordinators):
        out.pop(0)
    return [t.text for t in out] if 0 < len(out) <= 6 else []


def _noun_of(clause: list[Token], first: int, words: Words) -> list[str]:
    """"an average yield of 8.2 per cent": the noun phrase a percentage is the value of."""
    j = first - 1
    while j >= 0 and clause[j].lower in _QUALIFIER_WORDS:
        j -= 1
    if j < 1 or clause[j].lower != "of":
        return []
    out: list[str] = []
    k = j - 1
    while k >= 0 and len(out) < 3 and clause[k].text[:1].isalnum() and not clause[k].mark \
            and clause[k].lower not in words.dangling and not is_finite_verb(clause, k, words):
        out.insert(0, clause[k].text)
        k -= 1
    return out if out and out[-1].lower() not in ("share", "rate", "total") or len(out) > 1 \
        else []


def _share_of(clause: list[Token], i: int, words: Words) -> list[str]:
    """"27% of the plan": what a share is a share of (up to the verb)."""
    if i >= len(clause) or clause[i].lower != "of":
        return []
    out: list[str] = []
    for j in range(i + 1, min(len(clause), i + 8)):
        tok = clause[j]
        if tok.mark or not tok.text[:1].isalnum() or is_finite_verb(clause, j, words):
            break
        out.append(tok.text)
    while out and out[-1].lower() in words.dangling:
        out.pop()
    while out and out[0].lower() in ("the", "a", "an"):
        out.pop(0)
    return out


def _verb_after(clause: list[Token], i: int, words: Words,
                vocab: MeasureWords) -> list[Token]:
    """"were executed and beheaded", "fled the Bankass area", "displaced by fighting"."""
    j = i
    while j < len(clause) and (clause[j].lower in vocab.passive_aux
                               or clause[j].lower.endswith("ly")):
        j += 1
    if j >= len(clause):
        return []
    tok = clause[j]
    participle = (tok.lower.endswith("ed") and tok.lower not in words.not_ed) \
        or tok.lower in vocab.states
    if not (participle or is_finite_verb(clause, j, words)) or tok.text[:1].isupper() \
            or tok.lower in vocab.reporting:
        return []
    out = [tok]
    for t in clause[j + 1:j + 1 + _AFTER_VERB_WORDS]:
        if t.mark or not (t.text[:1].isalnum() or t.text in "'\u2019") or (
                t.lower in words.coordinators or t.lower in words.openers):
            break
        out.append(t)
    while len(out) > 1 and out[-1].lower in words.dangling:
        out.pop()
    return out


def _verb_before(clause: list[Token], first: int, words: Words) -> int | None:
    """"killed at least 37 civilians": the verb governing the number, if any."""
    j = first - 1
    while j >= 0 and clause[j].lower in _QUALIFIER_WORDS:
        j -= 1
    if j < 0 or clause[j].lower in words.aux:
        return None
    if is_finite_verb(clause, j, words) or clause[j].lower in words.verbs or (
            clause[j].lower.endswith("ing") and clause[j].lower[:-3] in words.verbs):
        return j
    return None


def _place_after(clause: list[Token], i: int, words: Words,
                 vocab: MeasureWords) -> list[Token]:
    """"in two villages in Mali's central Mopti region": where the counted thing is."""
    if i >= len(clause) or clause[i].lower not in ("in", "at", "near", "from", "across"):
        return []
    out = [clause[i]]
    for t in clause[i + 1:i + 6]:
        if t.mark or not t.text[:1].isalnum() or is_finite_verb(clause, clause.index(t), words):
            break
        out.append(t)
    while out and out[-1].lower in words.dangling:
        out.pop()
    # a place: a name ("in Mopti") or a word for a place ("in two villages")
    named = any(t.text[:1].isupper() or t.lower.rstrip("s") in vocab.place_nouns
                for t in out[1:])
    return out if len(out) > 1 and named else []


def _counted_subject(clause: list[Token], first: int, words: Words,
                     vocab: MeasureWords) -> list[str]:
    """"The number of people forced from their homes ... rose from 375,000": the subject
    of a clause whose number stands alone, after "number of" when it says so."""
    verbs = [i for i in range(first) if is_finite_verb(clause, i, words)]
    if not verbs:
        return []
    # "the number of people forced from their homes ... rose": the tensed verb, not the
    # participle inside the subject
    tensed = [i for i in verbs if clause[i].lower in words.aux or clause[i].lower in
              words.irregular]
    verb = tensed[0] if tensed else verbs[0]
    subject = [t for t in clause[:verb] if t.text[:1].isalnum()]
    if any(t.text[:1].isdigit() or t.lower in words.number_words for t in subject):
        return []  # "14 passengers died and 31 were wounded": another figure, not a subject
    for k, tok in enumerate(subject[:-1]):
        if tok.lower in vocab.count_of and subject[k + 1].lower == "of":
            return [t.text for t in subject[k + 2:]]
    # "the price of a sack of rice rose from 17,500": a subject whose verb leads to it
    j = first - 1
    while j > 0 and clause[j].lower in _QUALIFIER_WORDS - {"to", "up", "at"}:
        j -= 1  # "fell by only 9 per cent"
    lead = clause[j].lower if first else ""
    while subject and (subject[0].lower in words.coordinators or subject[0].lower == "so"):
        subject = subject[1:]  # "so export receipts fell by 9 per cent"
    if lead in ("from", "to", "at", "by") and j > verb + 1:
        # "We cut our 2025 growth forecast to 3.1 per cent": the verb's object changed
        thing = []
        for t in clause[verb + 1:j]:
            if t.lower in ("to", "from", "at", "by") or t.mark:
                break  # "... forecast to 3.1 per cent from 4.2": the object ends at "to"
            if t.text[:1].isalnum():
                thing.append(t)
        while thing and thing[0].lower in _POSSESSIVES | words.determiners:
            thing.pop(0)
        if thing and len(thing) <= 6 and not any(t.lower in words.aux for t in thing):
            return [t.text for t in thing]
    if subject and len(subject) <= 7 and (lead in ("from", "to", "at", "by", "of") or any(
            t.lower in vocab.people for t in subject)):
        return [t.text for t in subject]
    return []


_POSSESSIVES = frozenset({"our", "its", "their", "his", "her", "my", "your"})


def _join(parts: list[str]) -> str | None:
    words = [w for w in parts if w][:COUNTS_WORDS]
    return " ".join(words) if words else None


def classify(source: Source, start: int, end: int, unit: str | None, counts: str | None,
             identifier: bool, vocab: MeasureWords) -> str:
    """One of ``fields.MEASURES``, from the unit first, then what is counted."""
    unit_l = (unit or "").lower()
    described = f"{unit_l} {counts or ''}".lower().replace("\u2019", "'")
    described_words = set(described.replace("-", " ").split())
    if identifier or unit_l in vocab.identifier:
        return "identifier"
    if unit_l in vocab.time and source.folded[end:end + 12].lstrip().startswith(vocab.reading):
        return "identifier"  # "3 mins read": page furniture, not a duration
    if unit_l in vocab.currencies:
        return "money"
    if unit_l in vocab.share or unit_l.startswith("fraction"):
        return "share"
    if unit_l.endswith("(age)") or "year-old" in source.folded[end:end + 12] or \
            source.folded[max(0, start - 6):start].rstrip().endswith("aged"):
        return "age"
    if described_words & vocab.casualty:
        return "casualties"
    if unit_l in vocab.time:
        return "duration"
    if unit_l in vocab.quantity:
        return "quantity"
    if described_words & vocab.people:
        return "people"
    return "count"


_COMPARED_GAP = 80


def carry_compared_counts(source: Source, facts: list[Any], lang: str = "en") -> None:
    """"about 400 soldiers ..., against roughly 250 before", "28 ministers, against 26",
    "three buses instead of eight": a bare number compared with a counted one counts
    the same thing, in the same unit."""
    vocab = measure_words(lang)
    if vocab.comparison is None:
        return
    figures = sorted((f for f in facts if f.kind == "figure"), key=lambda f: f.start)
    for k, fact in enumerate(figures):
        attrs = fact.attrs
        unit = attrs.get("unit")
        if not k or (unit not in (None, "count") and (
                attrs.get("counts") or unit != figures[k - 1].attrs.get("unit"))):
            continue  # a number with a counted noun of its own says what it counts
        previous = figures[k - 1]
        gap = source.text[previous.end:fact.start]
        if not previous.attrs.get("counts") or len(gap) > _COMPARED_GAP \
                or source.sentence_span(previous.start) != source.sentence_span(fact.start):
            continue
        counts = str(attrs.get("counts") or "")
        if counts in vocab.states:  # "9 soldiers killed, 16 wounded ... and 2 missing"
            sentence = source.sentence_span(fact.start)
            listed = next((f for f in reversed(figures[:k])
                           if source.sentence_span(f.start) == sentence
                           and f.attrs.get("measure") in ("casualties", "people")
                           and f.attrs.get("unit") not in (None, "count")), None)
            if listed is not None:
                attrs["counts"] = f"{listed.attrs['unit']} {counts}"
                attrs["measure"] = "casualties"
            continue
        if not vocab.comparison.search(source.folded[previous.end:fact.start]):
            continue
        for key in ("counts", "unit", "measure", "currency"):
            attrs[key] = previous.attrs.get(key)
