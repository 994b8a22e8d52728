"""Clauses of a sentence and their verbs, found by rules over a word list, not a parser.

A date's event and a figure's counted thing both live in "the clause around it". News
English marks clause edges with punctuation and a small closed set of words (relative
pronouns, subordinators, "and" before a verb), and finite verbs are recognisable from
auxiliaries, irregular forms, the ``-ed`` ending and a list of common news verbs. That is
enough to cut a readable "actor, action, object" phrase, at tens of thousands of words a
second, with every cue word in ``resources/<lang>/clauses.json``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mali_facts.extract.resources import load

#: A word (with inner apostrophes, hyphens, dots), a number with separators, or one
#: punctuation character.
_TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?%?"
                    r"|[^\W_]+(?:['\u2019\-][^\W_]+|\.(?=[^\W\d_])[^\W_]+)*|[^\w\s]")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&-]{1,11}")
_OPEN, _CLOSE = "([", ")]"
_FOOTNOTE_AFTER = frozenset(".,;:\u201d\u2019\"')")
_DASHES = frozenset("\u2014\u2013-")
_HARD = frozenset(";:\u2014\u2013•|")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb*"


@dataclass(slots=True)
class Token:
    """One token of a sentence with its offsets in the document."""

    text: str
    start: int
    end: int
    lower: str
    #: set by the caller: "target" for the fact's own span, "date" for other dates
    mark: str = ""
    #: the token opens a new line after a short one ("Mopti: 1,320,000" / "Ségou: ..."):
    #: a list or table row, not a hard-wrapped sentence
    row: bool = False


class Words:
    """The cue-word lists of one language, as sets."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.aux = frozenset(data["auxiliaries"])
        self.irregular = frozenset(data["irregular_forms"])
        self.verbs = frozenset(data["news_verbs"])
        self.not_ed = frozenset(data["not_verbs_ed"])
        self.determiners = frozenset(data["determiners"])
        self.relatives = frozenset(data["relatives"])
        self.subordinators = frozenset(data["subordinators"])
        self.coordinators = frozenset(data["coordinators"])
        self.leading_drop = frozenset(data["leading_drop"])
        self.dangling = frozenset(data["dangling"])
        self.date_prepositions = frozenset(data["date_prepositions"])
        self.it_has_been = tuple(data["it_has_been"])
        self.publication_cues = tuple(data["publication_cues"])
        self.name_heads = frozenset(data["name_heads"])
        self.number_words = frozenset(data["number_words"])
        self.event_nouns = frozenset(data["event_nouns"])
        self.change_verbs = frozenset(data.get("change_verbs", ()))
        #: nouns that look like a prefix and an irregular verb ("output" = out + put)
        self.not_prefixed = frozenset(data.get("not_prefixed_verbs", ()))
        self.report_nouns = frozenset(data.get("report_nouns", ()))
        #: pronouns an event may start with that stand for the previous sentence's subject
        self.thing_pronouns = frozenset(data.get("thing_pronouns", ()))
        self.range_links = frozenset(data.get("range_links", ()))
        self.range_openers = frozenset(data.get("range_openers", ()))
        self.kept_leading_pairs: dict[str, list[str]] = data.get("kept_leading_pairs", {})
        #: words that, first in a clause, say what kind of clause it is
        self.openers = (self.relatives | self.subordinators | self.coordinators
                        | {"that", "including"})


def sentence_tokens(source: Any, start: int, end: int) -> list[Token]:
    """Fresh tokens of ``source.text[start:end]``, from one tokenisation per sentence.

    Each fact marks its own tokens, so every call gets new Token objects; the regular
    expression runs once per sentence, however many facts the sentence holds, and the
    window is found by bisection (a megabyte "sentence" holds thousands of facts).
    """
    cache: dict[tuple[int, int], tuple[list[int], list[tuple[str, int, int, str]]]] = \
        source.memo.setdefault("sentence_tokens", {})
    s, e = source.sentence_span(start)
    s, e = min(s, start), max(e, end)
    found = cache.get((s, e))
    if found is None:
        rows = [(t.text, t.start, t.end, t.lower, t.row)
                for t in tokenize(source.text[s:e], s)]
        found = ([row[1] for row in rows], rows)
        cache[(s, e)] = found
    starts, rows = found
    first = bisect.bisect_left(starts, start)
    out = []
    for i in range(first, len(rows)):  # no slice: a copy of the rest would be quadratic
        text, a, b, lower, row = rows[i]
        if a >= end:
            break
        if b <= end:
            out.append(Token(text, a, b, lower, row=row))
    return out


@cache
def words_for(lang: str = "en") -> Words:
    return Words(load(lang, "clauses"))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of *text*; offsets are shifted by *offset* (the text's place in the document).

    Footnote markers glued after punctuation ("Ouane.13", "forces,12") are left out.
    """
    tokens = []
    previous_end = 0
    for m in _TOKEN.finditer(text):
        start = m.start()
        if start and text[start - 1] in _FOOTNOTE_AFTER and m.group().isdigit() \
                and len(m.group()) <= 2 and start >= 2 and text[start - 2].isalpha():
            continue
        row = False
        if tokens and "\n" in text[previous_end:start] and not text[start].islower():
            line_start = text.rfind("\n", 0, previous_end) + 1
            line = text[line_start:previous_end]
            row = len(line) < _ROW_CHARS and (":" in line or line[-1:].isdigit()
                                              or line[-1:] in "%)")
        tokens.append(Token(m.group(), start + offset, m.end() + offset, m.group().lower(),
                            row=row))
        previous_end = m.end()
    return tokens


#: A short "label: value" line or one ending in a number, then a line break and a capital,
#: is a row of its own (hard-wrapped prose runs to 60-80 characters and its lines end in
#: words).
_ROW_CHARS = 50


def _base_forms(word: str) -> list[str]:
    """Candidate base forms of an inflected English verb ("planned" -> "plan")."""
    forms = []
    for suffix in ("ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[:-len(suffix)]
            forms.append(stem)
            if suffix == "ed" and len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # planned -> plan
            if suffix in ("ed", "es") and stem.endswith("i"):
                forms.append(stem[:-1] + "y")  # denied -> deny
    return forms


def is_finite_verb(tokens: list[Token], i: int, words: Words) -> bool:
    """Is ``tokens[i]`` a verb that can head a clause (not a noun or an adjective)?"""
    token = tokens[i]
    word = token.lower
    if not word[:1].isalpha() or token.mark in ("date", "target"):
        return False  # "in May 2021": a month name is never the auxiliary "may"
    if "-" in word and not word.startswith(_VERB_PREFIXES):
        return False  # "three-wheeled", "Russian-backed": compound adjectives
    if token.text[:1].isupper() and i > 0 and word not in words.aux:
        return False  # a capitalised word inside a sentence is a name
    before = tokens[i - 1].lower if i > 0 else ""
    if word in words.aux or word in words.irregular or (word not in words.not_prefixed and any(
            word.startswith(p) and word[len(p):].lstrip("-") in words.irregular
            for p in _VERB_PREFIXES)):
        return before not in ("the", "a", "an")
    if before in words.determiners and before not in ("that", "who", "which", "and", "or"):
        return False  # "the armed groups", "an estimated 1.4 million"
    if word.endswith("ed") and len(word) > 4 and word not in words.not_ed:
        return True
    if word.endswith("s") and not word.endswith("ss"):
        if before[:1].isdigit() or before in words.number_words:
            return False  # "111 votes", "two attacks": a counted noun
        if before in words.relatives or before == "that":
            return True  # "which covers", "who heads": a relative pronoun, then its verb
        return any(base in words.verbs for base in _base_forms(word))
    return word in words.verbs and before in words.aux | {"to", "not", "who", "they", "we"}


@dataclass(slots=True)
class Clause:
    """A run of tokens between clause edges; ``opener`` is the word that began it."""

    tokens: list[Token]
    opener: str = ""
    edge: str = ""  # the punctuation before it ("," ";" ...), "" at the sentence start

    def has_verb(self, words: Words) -> bool:
        return any(is_finite_verb(self.tokens, i, words) for i in range(len(self.tokens)))

    def first_verb(self, words: Words) -> int | None:
        return next((i for i in range(len(self.tokens))
                     if is_finite_verb(self.tokens, i, words)), None)


def drop_asides(tokens: list[Token]) -> list[Token]:
    """Remove parentheses and paired dashes; "Long Name (ACRONYM)" becomes "ACRONYM".

    Asides hold explanations and acronyms, rarely the action: dropping them keeps a
    short phrase for what the clause says.
    """
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text in _OPEN:
            close = next((j for j in range(i + 1, min(len(tokens), i + 60))
                          if tokens[j].text in _CLOSE), None)
            if close is None:
                i += 1
                continue
            inner = tokens[i + 1:close]
            if any(t.mark == "target" for t in inner):
                i += 1  # "Resolution 2797 (2025)", "[note: introduced in 2011]": the date's own
                continue
            if len(inner) == 1 and _ACRONYM.fullmatch(inner[0].text) and sum(
                    c.isupper() for c in inner[0].text) >= 2:
                _replace_expansion(out, inner[0])
            i = close + 1
            continue
        if _is_dash(tokens, i):
            close = next((j for j in range(i + 1, min(len(tokens), i + 30))
                          if _is_dash(tokens, j)), None)
            if close is not None and not any(t.mark == "target" for t in tokens[i:close]):
                out.append(Token("", tok.start, tok.start, "", "aside"))
                i = close + 1
                continue
        out.append(tok)
        i += 1
    return out


def _is_dash(tokens: list[Token], i: int) -> bool:
    """An em or en dash, or a hyphen standing alone between spaces."""
    tok = tokens[i]
    if tok.text == "\u2014":
        return True
    if tok.text == "\u2013":  # an en dash glued on both sides joins a range
        return not (0 < i < len(tokens) - 1 and tokens[i - 1].end == tok.start
                    and tokens[i + 1].start == tok.end)
    return tok.text == "-" and 0 < i < len(tokens) - 1 and tokens[i - 1].end < tok.start \
        and tok.end < tokens[i + 1].start


_NAME_LINKS = frozenset({"of", "for", "the", "and", "de", "du", "des", "la", "le", "pour",
                         "in", "on", "&", "to"})
_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "it"})
#: "retook", "overran", "withdrew": an irregular verb behind a prefix.
_VERB_PREFIXES = ("re", "over", "out", "under", "mis", "fore", "up")


def _replace_expansion(out: list[Token], acronym: Token) -> None:
    """Swap the capitalised words before an acronym for the acronym itself."""
    j = len(out)
    capitals = 0
    while j > 0 and (out[j - 1].text[:1].isupper() or out[j - 1].lower in _NAME_LINKS or (
            out[j - 1].text == "," and j > 1 and out[j - 2].text[:1].isupper())):
        j -= 1
        capitals += out[j].text[:1].isupper()
    while j < len(out) and out[j].lower in _NAME_LINKS:
        j += 1
    if capitals >= 2 and j < len(out):
        del out[j:]
    out.append(Token(acronym.text, acronym.start, acronym.end, acronym.lower))


def split_clauses(tokens: list[Token], words: Words) -> list[Clause]:
    """Cut a sentence at punctuation edges and at words that open a new clause."""
    clauses: list[Clause] = [Clause([])]
    for i, tok in enumerate(tokens):
        current = clauses[-1]
        if tok.row and current.tokens:
            clauses.append(Clause([], edge="\n"))  # a list row ends where its line ends
            current = clauses[-1]
        if tok.mark == "date":  # a comma inside "August 18, 2020" is no clause edge
            current.tokens.append(tok)
            continue
        if tok.mark == "aside":
            # where an aside was cut out, a second finite verb starts a new clause
            if current.tokens and current.has_verb(words) and i + 1 < len(tokens) \
                    and is_finite_verb(tokens, i + 1, words):
                clauses.append(Clause([], edge=","))
            continue
        if tok.text == "\u2013" and 0 < i < len(tokens) - 1 and \
                tokens[i - 1].end == tok.start and tokens[i + 1].start == tok.end:
            current.tokens.append(tok)  # "Bamako–Mopti", "2019–2020": a range, no edge
            continue
        if tok.text in _HARD or tok.text == ",":
            if current.tokens:
                clauses.append(Clause([], edge=tok.text))
            else:
                current.edge = current.edge or tok.text
            continue
        if tok.mark == "" and current.tokens and _opens_clause(tokens, i, words):
            clauses.append(Clause([], opener=tok.lower))
        current = clauses[-1]
        if not current.tokens and not current.opener and tok.lower in words.openers:
            current.opener = tok.lower
        current.tokens.append(tok)
    return [c for c in clauses if c.tokens]



def _opens_clause(tokens: list[Token], i: int, words: Words) -> bool:
    word = tokens[i].lower
    nxt = i + 1 < len(tokens) and tokens[i + 1]
    if word in words.relatives:
        return True
    if word in ("that", "as", "so", "if"):
        # "that" opens a clause before a verb or a subject ("that the convoy was attacked");
        # "so"/"as" only before a verb
        if not nxt:
            return False
        if is_finite_verb(tokens, i + 1, words):
            return True
        return word == "that" and _subject_then_verb(tokens, i + 1, words)
    if word in words.subordinators:
        return word != "according" or (bool(nxt) and nxt.lower == "to")
    if word in words.coordinators and nxt:
        if nxt.lower in _PRONOUNS and is_finite_verb(tokens, i + 2, words) if i + 2 < len(
                tokens) else False:
            return True  # "we picked in December and we are paid in May"
        j = i + 1
        while j < len(tokens) and tokens[j].lower in ("also", "then", "later", "quickly",
                                                      "eventually", "finally", "soon"):
            j += 1
        return j < len(tokens) and is_finite_verb(tokens, j, words)
    return False


def _subject_then_verb(tokens: list[Token], i: int, words: Words) -> bool:
    """A short noun phrase (at most four words, no punctuation) and then a finite verb."""
    for j in range(i + 1, min(len(tokens), i + 5)):
        if not tokens[j].text[:1].isalnum():
            return False
        if is_finite_verb(tokens, j, words):
            return True
    return False


def phrase(tokens: list[Token], words: Words, limit: int = 15) -> str | None:
    """Readable words of *tokens*: no leading connective, no dangling word, at most *limit*.

    A phrase cut short ends with "…" after a whole word.
    """
    texts = [t.text.strip(_QUOTES) for t in tokens]
    pairs = [(t, tok) for t, tok in zip(texts, tokens, strict=True)
             if t and (t[0].isalnum() or t in ("%", "$", "€", "£", ":"))]
    # a colon only between words ("his office said: X will visit"), never twice in a row
    pairs = [p for i, p in enumerate(pairs) if p[0] != ":" or (
        0 < i < len(pairs) - 1 and pairs[i - 1][0] != ":")]
    while pairs and (pairs[0][1].lower in words.leading_drop or pairs[0][1].mark == "date"
                     or pairs[0][0] == ":") and not (
            len(pairs) > 1 and pairs[1][1].lower in words.kept_leading_pairs.get(
                pairs[0][1].lower, ())):  # "at least seven", "au moins vingt"
        pairs.pop(0)  # connectives, and another date the clause opens with
    cut = sum(1 for t, _ in pairs if t != ":") > limit
    kept, count = [], 0
    for pair in pairs:
        count += pair[0] != ":"
        if count > limit:
            break
        kept.append(pair)
    pairs = kept
    while pairs and (pairs[-1][1].lower in words.dangling or pairs[-1][0] == ":"):
        pairs.pop()
    if not pairs:
        return None
    text = re.sub(r"([$€£]) (?=\d)", r"\1", " ".join(t for t, _ in pairs).replace(" %", "%"))
    text = re.sub(r"(\d) : (?=\d)", r"\1:", text).replace(" :", ":")  # "21:47", "said: X"
    return text + "…" if cut else text
