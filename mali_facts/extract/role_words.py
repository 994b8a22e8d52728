"""The words that say what a person is called, per language (``resources/<lang>/people.json``).

A French document is read with the French lists beside the English ones (ranks and many
titles are shared, and names of foreign offices are often quoted in English), except its
articles and the small words inside a role, which are its own: in French "a" is a verb.
"""

from __future__ import annotations

from functools import cache

from mali_facts.extract.resources import load


class RoleWords:
    """Title words, role modifiers and connectors of one language, as sets."""

    def __init__(self, lang: str) -> None:
        own = load(lang, "people")
        english = load("en", "people")
        shared = english if lang != "en" else {}

        def union(key: str) -> frozenset[str]:
            return frozenset(own[key]) | frozenset(shared.get(key, ()))

        self.lang = lang
        self.titles = union("titles")
        self.role_modifiers = union("role_modifiers")
        self.apposition_heads = union("apposition_heads")
        self.courtesy = union("courtesy")
        self.not_official = union("not_official")
        self.title_connectors = frozenset(own["title_connectors"])
        self.role_connectors = frozenset(own["role_connectors"])
        self.articles = tuple(own["articles"])
        self.apposition_openers = tuple(own["apposition_openers"])
        self.rank_parts = frozenset(own.get("rank_parts", ()))


@cache
def role_words(lang: str = "en") -> RoleWords:
    return RoleWords(lang if lang in ("en", "fr") else "en")
