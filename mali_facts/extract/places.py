"""Places: gazetteer names found in the folded text, one fact per place.

Variants (Tombouctou/Timbuktu) resolve to the gazetteer's canonical entry. Demonyms
("Malian", "Kidalois") never match because matching is on whole word tokens. A mention
inside an organisation's name ("National Workers' Union of Mali") is kept but flagged
``nested_in_org`` (a place named only inside org names carries the flag on its fact),
except a continent named only inside org names ("Africa Corps"): see :data:`CONTINENTS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mali_facts.extract.gazetteer import (
    PhraseMatcher,
    build_matcher,
    case_ok,
    demonyms,
    place_matcher,
    tokenize,
)
from mali_facts.extract.orgs import org_spans
from mali_facts.extract.source import Source
from mali_facts.model import Fact
from mali_facts.text import fold

#: Words machine translation glues to the name before them ("in Kidalpoints out",
#: "the mountainsexplain"): mostly verbs that introduce or close a quote.
GLUE_WORDS = frozenset(str.split("""
points point explains explain explained says say said adds add added notes note noted
recalls recall recalled insists insist insisted stresses stress stressed underlines
believes believe assures assure confides confide tells tell told warns warn warned
continues continue concludes conclude specifies estimates estimate argues argue observes
indicates indicate reports report asserts affirms regrets deplores analyses analyzes
and the where which who with from for
"""))

#: Continents: inside an organisation's name they label it ("Africa Corps", "Europe 1",
#: "Asia Foundation") rather than place it, so a continent named only there is no place.
#: Countries and regions inside names stay, flagged ``nested_in_org`` ("Bank of Mali",
#: "G5 Sahel"), as the gold annotates them.
CONTINENTS = frozenset(["africa", "asia", "europe", "oceania", "antarctica", "america",
                        "americas", "north america", "south america", "latin america"])

#: Words after (or before "of") a name that say the text means the region.
_REGION_WORDS = frozenset(["region", "regions"])


def _accept(surface: str, alias: str, entry: dict[str, Any], text: str, start: int) -> bool:
    """Capitalisation as in the gazetteer; an ambiguous name ("Male", "Chad") must not
    be the first word of a sentence, where any word is capitalised."""
    if not case_ok(surface, alias):
        return False
    if entry.get("ambiguous"):
        before = text[max(0, start - 3):start].strip()
        if not before or before[-1] in ".!?\"“»:" or text[start - 1:start] == "\n":
            return False
    return True


def find_place_mentions(
    source: Source, matcher: PhraseMatcher | None = None
) -> list[tuple[int, int, dict[str, Any]]]:
    """(start, end, entry) for every place mention, glued ones included."""
    text, folded = source.text, source.folded
    matcher = matcher if matcher is not None else place_matcher()
    toks = tokenize(folded)
    words, starts, ends = toks
    out: list[tuple[int, int, dict[str, Any]]] = []
    i = 0
    while i < len(words):
        m = matcher.match_at(
            text, folded, toks, i,
            lambda s, a, e, i=i: _accept(s, a, e, text, starts[i]))
        if m is not None:
            out.append((m.start, m.end, m.payload))
            i += m.n_tokens
            continue
        glued = _glued_place(matcher, text, words[i], starts[i])
        if glued is not None:
            out.append(glued)
        i += 1
    return out


def _glued_place(matcher: PhraseMatcher, text: str, word: str,
                 start: int) -> tuple[int, int, dict[str, Any]] | None:
    """"Kidalpoints" -> Kidal: a known one-word name glued to a lowercase common word."""
    if not 6 <= len(word) <= 40 or word in demonyms():
        return None
    if not text[start:start + 1].isupper():
        return None
    for k in range(3, len(word) - 2):
        rest = word[k:]
        if rest not in GLUE_WORDS or not text[start + k:start + len(word)].islower():
            continue
        for entry in matcher.lookup(word[:k]):
            if isinstance(entry, dict) and not entry.get("ambiguous"):
                return start, start + k, entry
    return None


def _region_context(folded: str, start: int, end: int) -> bool:
    """"the Mopti region", "the regions of Ségou, Mopti": the text means the region."""
    after = folded[end:end + 8].split()
    if after and after[0].strip(".,;:") in _REGION_WORDS:
        return True
    before = folded[max(0, start - 60):start]
    cut = max(before.rfind("."), before.rfind(";"))
    before = before[cut + 1:]
    return "regions of" in before or before.rstrip().endswith("region of")


def places_from_mentions(
    source: Source, mentions: Iterable[tuple[int, int, dict[str, Any]]]
) -> list[Fact]:
    """Group mentions by canonical name into facts (head = first mention outside an org)."""
    text = source.text
    nested_spans = [(s, e) for s, e, _ in org_spans(text)]
    by_name: dict[str, list[tuple[int, int, dict[str, Any]]]] = {}
    for start, end, entry in mentions:
        by_name.setdefault(str(entry["name"]), []).append((start, end, entry))
    facts: list[Fact] = []
    for name, group in by_name.items():
        group.sort(key=lambda g: g[:2])
        nested = [_inside(s, e, nested_spans) for s, e, _ in group]
        if all(nested) and fold(name) in CONTINENTS:
            continue
        head_i = nested.index(False) if False in nested else 0
        start, end, entry = group[head_i]
        place_type = entry.get("type")
        if (entry.get("also_region") or place_type == "region") and any(
                _region_context(source.folded, s, e) for s, e, _ in group):
            place_type = "region"
        attrs: dict[str, Any] = {
            "name": name,
            "type": place_type,
            "region": entry.get("region"),
            "country": entry.get("country"),
            "lat": entry.get("lat"),
            "lon": entry.get("lon"),
            # the gazetteer's other spellings, so "timbuktu" finds Tombouctou in queries
            "aliases": sorted(set(entry.get("aliases") or [])),
            "mentions": [[s, e] for s, e, _ in group],
        }
        if nested[head_i]:
            attrs["nested_in_org"] = True
        facts.append(Fact(kind="place", text=text[start:end], start=start, end=end,
                          attrs=attrs))
    facts.sort(key=lambda f: (f.start, f.end))
    return facts


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Is start:end inside one of the sorted *spans*? (binary search: linear overall)"""
    import bisect

    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    while i >= 0 and spans[i][1] > start - 200:
        s, e = spans[i]
        if s <= start and end <= e and (s, e) != (start, end):
            return True
        i -= 1
    return False


def extract_places(source: Source, entries: Iterable[dict[str, Any]] | None = None) -> list[Fact]:
    """Place facts of a document; *entries* replaces the gazetteer (tests)."""
    matcher = build_matcher(entries) if entries is not None else None
    return places_from_mentions(source, find_place_mentions(source, matcher))
