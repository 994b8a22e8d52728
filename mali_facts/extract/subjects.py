"""Who did it: a clause's subject, antecedent and asides, for the event of a date.

News English puts a great deal between a subject and its verb ("The attack, in October
2021, killed…", "Bah N'Daw, the retired officer installed as president in 2020, was
detained…"): appositions, passive participles with their agent, relative clauses. These
rules find the noun phrase a verb-first clause belongs to; ``events.py`` builds the phrase.
"""

from __future__ import annotations

from mali_facts.extract.clauses import Clause, Token, Words, is_finite_verb

_SUBJECT_WORDS = 6


#: Words that only say which part of a date ("on the night of 12 May"): no event.
_TIME_NOUNS = frozenset({"night", "nights", "morning", "afternoon", "evening", "dawn", "dusk",
                         "day", "days", "week", "weekend", "eve", "hours", "midday",
                         "midnight", "noon", "course", "end", "start", "beginning", "middle"})


def content(tokens: list[Token], words: Words) -> list[Token]:
    """The words of a clause that could say what happened (no connective, no date)."""
    return [t for t in tokens if t.lower not in words.leading_drop and t.text[:1].isalnum()
            and t.lower not in _TIME_NOUNS and t.mark != "date"]


def clause_body(clause: Clause) -> list[Token]:
    return [t for t in clause.tokens if t.mark != "target"]


def participial(clause: Clause, words: Words) -> bool:
    """", dubbed Africa Corps," or ", riding motorbikes,": no subject, no tense; also a
    noun phrase carrying a passive participle (", a force backed by France,", ", at times
    accompanied by foreign men,")."""
    if clause.edge != "," or clause.opener:
        return False
    tokens = clause.tokens
    if is_participle(tokens[0].lower, words) and tokens[0].lower not in words.aux:
        return True
    verb = clause.first_verb(words)
    return verb is not None and passive_aside(clause, verb) \
        and is_participle(tokens[verb].lower, words) \
        and tokens[verb].lower not in words.change_verbs \
        and not any(t.lower in words.aux for t in tokens[:verb])


def passive_aside(clause: Clause, verb: int) -> bool:
    """"backed by France", "led by the preacher": a participle and its agent."""
    tokens = clause.tokens
    return verb + 1 < len(tokens) and tokens[verb + 1].lower == "by" and not any(
        t.lower in ("is", "are", "was", "were", "been", "be", "being") for t in tokens[:verb])


def first_subject(clauses: list[Clause], index: int, words: Words) -> list[Token]:
    """The noun phrase opening the sentence, when only asides stand between it and the
    verb-first clause at *index* (appositions, participles, relative clauses, dates)."""
    for j in range(index):
        if clauses[j].opener or clauses[j].has_verb(words):
            return []
        if content(clause_body(clauses[j]), words):
            break
    else:
        return []
    np = [t for t in clause_body(clauses[j]) if t.lower != clauses[j].opener]
    completed = np_then_verb(clauses, j, words)
    if completed is None or completed[len(np):] != clause_body(clauses[index]):
        return []
    return np


def is_participle(word: str, words: Words) -> bool:
    return word.endswith(("ed", "ing")) or word in words.irregular or any(
        word.startswith(p) and word[len(p):] in words.irregular and word.endswith(("en", "wn"))
        for p in ("re", "over", "out"))  # "retaken", "overthrown"; not "retook"


def np_then_verb(clauses: list[Clause], j: int, words: Words) -> list[Token] | None:
    """"The attack, in October 2021, killed seven soldiers", "when the Katiba Macina, a
    JNIM affiliate led by Koufa, began attacking": a verbless noun phrase, the asides
    after it (a date, an apposition, a participle, a relative clause), then the verb
    phrase it is the subject of."""
    np = [t for t in clause_body(clauses[j]) if t.lower != clauses[j].opener]
    if not np or len(np) > _SUBJECT_WORDS or clauses[j].has_verb(words):
        return None
    for k in range(j + 1, min(len(clauses), j + 5)):
        c = clauses[k]
        if c.edge != "," and c.opener not in words.relatives:
            return None
        verb = c.first_verb(words)
        if c.opener in words.relatives or verb is None or passive_aside(c, verb) \
                or c.tokens[0].lower.endswith("ing") or (
                    verb > 1 and c.tokens[0].lower in _APPOSITION_OPENERS):
            continue  # after a subject, a past form with an object is the verb: "killed"
        if verb == 0 or (verb == 1 and c.tokens[0].lower in _ADVERBS):
            return np + clause_body(c)
        return None
    return None


#: ", the retired officer installed as president in 2020,": an apposition, not a predicate
_APPOSITION_OPENERS = frozenset({"the", "a", "an", "its", "his", "her", "their"})


_ADVERBS = frozenset({"also", "then", "later", "finally", "quickly", "soon", "again",
                      "already", "eventually", "immediately", "reportedly", "allegedly"})


def antecedent(clause: Clause, words: Words) -> list[Token]:
    """The noun phrase a relative pronoun points back to ("two days of national
    consultation", "the finalisation of the accelerated DDR")."""
    body = [t for t in clause_body(clause) if t.text[:1].isalnum()]
    out: list[Token] = []
    i = len(body) - 1
    while i >= 0 and len(out) < 6:
        tok = body[i]
        if is_finite_verb(body, i, words):
            break
        if tok.lower in words.dangling:
            # "of" joins two nouns ("days of consultation"); anything else ends the phrase
            if tok.lower == "of" and out and i > 0 and body[i - 1].lower not in words.dangling:
                out.insert(0, tok)
                i -= 1
                continue
            if tok.lower in ("the", "a", "an") and i > 0 and body[i - 1].lower == "of":
                out.insert(0, tok)
                i -= 1
                continue
            break
        out.insert(0, tok)
        i -= 1
    while out and out[0].lower in words.dangling:
        out.pop(0)
    return out


def subject(clauses: list[Clause], index: int, words: Words) -> list[Token]:
    """The nearest subject before a verb phrase that has none of its own.

    "Kidal, the rebels' stronghold, fell": a noun phrase followed by its apposition;
    "Goïta first took power ... and pushed aside": the words before the previous verb.
    """
    found: list[Token] = []
    for j in range(index - 1, -1, -1):
        c = clauses[j]
        body = [t for t in clause_body(c) if t.text[:1].isalnum()]
        if body and body[0].lower in words.coordinators:
            body = body[1:]
        verb = c.first_verb(words)
        if participial(c, words) or (c.opener in words.relatives and c.edge == ","):
            continue  # "The rebels, backed by militias, seized ...", "The ban, which ..., was"
        if verb is not None:
            if found:
                return found
            start = 1 if c.tokens[0].lower in words.coordinators else 0
            return [t for t in c.tokens[start:verb] if t.mark != "target"] \
                if 0 < verb - start <= _SUBJECT_WORDS else []
        if not body or len(body) > _SUBJECT_WORDS or body[0].lower in words.date_prepositions \
                or c.opener in words.subordinators or c.opener in words.relatives:
            if found:
                return found
            continue
        found = body
        if c.edge != ",":
            return found
    return found
