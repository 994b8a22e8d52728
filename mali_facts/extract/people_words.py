"""Word lists and token tests shared by the people finder and the role reader.

A person's name and the title before it are told apart by a few closed word lists
(titles, role modifiers, name particles, common given names) and by capitalisation; both
``people.py`` (who is named) and ``roles.py`` (what they are called) read them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from mali_facts.extract.gazetteer import Tokens, demonyms, gap_key
from mali_facts.extract.offices import Reading
from mali_facts.extract.orgs import is_acronym
from mali_facts.extract.role_words import RoleWords, role_words
from mali_facts.text import word_set

#: Words that introduce a person's name (folded; plural forms included): English, as the
#: defaults of code that has no document language; ``role_words(lang)`` has each language's.
TITLES = role_words("en").titles

#: Courtesy titles: they introduce a name but say nothing of a role, and "Ms Diarra"
#: alone is not enough to pick one Diarra from the gazetteer.
COURTESY = role_words("en").courtesy

#: Lower-case words that can sit inside a title ("defence minister", "former president").
ROLE_MODIFIERS = role_words("en").role_modifiers

#: Roles of people who comment rather than govern.
NOT_OFFICIAL = role_words("en").not_official

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
_APPOSITION_HEADS = role_words("en").apposition_heads

#: Small words inside a title ("Secretary for Economic Questions", "Minister of Defence").
TITLE_CONNECTORS = role_words("en").title_connectors

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
    w: RoleWords = field(default_factory=role_words)  # the document language's role words


def _cap(ctx: _Ctx, i: int) -> bool:
    return ctx.text[ctx.toks.starts[i]:ctx.toks.starts[i] + 1].isupper()


def _soft(ctx: _Ctx, i: int) -> bool:
    """Is the gap between token i and i+1 one that may sit inside a name?"""
    t = ctx.toks
    return gap_key(ctx.folded[t.ends[i]:t.starts[i + 1]]) == ""


def _name_token(ctx: _Ctx, i: int) -> bool:
    w = ctx.toks.words[i]
    if i in ctx.blocked or not _cap(ctx, i) or w in NOT_NAME or w in ctx.w.titles:
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


def _tokens_between(ctx: _Ctx, start: int, end: int) -> range:
    return range(bisect.bisect_left(ctx.toks.starts, start),
                 bisect.bisect_left(ctx.toks.starts, end))


def _token_index(ctx: _Ctx, offset: int) -> int | None:
    k = bisect.bisect_left(ctx.toks.starts, offset)
    return k if k < len(ctx.toks.starts) and ctx.toks.starts[k] == offset else None
