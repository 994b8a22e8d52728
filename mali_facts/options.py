"""The options of the listing commands, as data.

One description serves two parsers: ``cli.py`` turns each spec into a Click option, and
``launch.py`` reads plain listing queries with it without importing Click at all (shell
aliases pay Python's start-up on every call). Keeping the specs here means the two
cannot drift apart.
"""

from __future__ import annotations

from typing import NamedTuple

from mali_facts.fields import KINDS, MEASURES

FORMATS: tuple[str, ...] = ("table", "tsv", "csv", "json", "jsonl")
COLORS: tuple[str, ...] = ("auto", "always", "never")


class OptionSpec(NamedTuple):
    """One option: its flags, where its value goes, and how the value is checked."""

    flags: tuple[str, ...]
    dest: str
    help: str
    takes_value: bool = True
    default: object = None
    choices: tuple[str, ...] | None = None
    count: bool = False  # a non-negative integer
    multiple: bool = False
    metavar: str | None = None
    complete: str | None = None  # what shell completion offers ("docs")


OUTPUT_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(("--format", "-f"), "fmt", "Output format [default: table on a terminal, "
               "tsv in a pipe].", choices=FORMATS),
    OptionSpec(("--no-header",), "no_header", "Leave out the header row.", takes_value=False,
               default=False),
    OptionSpec(("--color",), "color", "Colour in tables (NO_COLOR is honoured) "
               "[default: auto].", default="auto", choices=COLORS),
)

LISTING_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(("--doc",), "doc", "Only facts from this document id.", complete="docs"),
    OptionSpec(("--limit", "-n"), "limit", "Show at most N facts.", count=True, metavar="N"),
    OptionSpec(("--sort",), "sort", "Sort by FIELD (prefix - for descending), e.g. "
               "--sort -value.", metavar="FIELD"),
    OptionSpec(("--fields",), "fields", "Comma-separated fields to show, in order.",
               metavar="A,B,..."),
    *OUTPUT_OPTIONS,
)

#: Each listing command: the fact kinds it lists and its own options.
COMMAND_OPTIONS: dict[str, tuple[OptionSpec, ...]] = {
    "dates": (
        OptionSpec(("--from",), "date_from", "On or after YYYY[-MM[-DD]].", metavar="DATE"),
        OptionSpec(("--to",), "date_to", "On or before YYYY[-MM[-DD]].", metavar="DATE"),
        OptionSpec(("--min-sources",), "min_sources", "Only facts that at least N documents "
                   "state (same value, same event); adds the sources column.", count=True,
                   metavar="N"),
    ),
    "figures": (
        OptionSpec(("--min",), "min_value", "Value at least N.", metavar="N"),
        OptionSpec(("--max",), "max_value", "Value at most N.", metavar="N"),
        OptionSpec(("--unit",), "unit", "Only this unit (e.g. people, votes)."),
        OptionSpec(("--measure",), "measure", "Only what measures this (money, casualties, "
                   "people...).", choices=MEASURES),
        OptionSpec(("--min-sources",), "min_sources", "Only facts that at least N documents "
                   "state (same value, same counted thing); adds the sources column.",
                   count=True, metavar="N"),
    ),
    "officials": (
        OptionSpec(("--role",), "role", "Role contains this text (e.g. minister)."),
        OptionSpec(("--org",), "org", "Organization or country contains this text."),
        OptionSpec(("--at",), "at", "Who held the role at YYYY[-MM[-DD]] (with --role); a "
                   "role with no stated time counts from its document's date.",
                   metavar="DATE"),
        OptionSpec(("--officials-only",), "officials_only", "Leave out people who hold no "
                   "office (authors, researchers).", takes_value=False, default=False),
        OptionSpec(("--by-document",), "by_document", "One row per document instead of one "
                   "per entity.", takes_value=False, default=False),
        OptionSpec(("--min-sources",), "min_sources", "Only entities that at least N "
                   "documents name; adds the sources column.", count=True, metavar="N"),
    ),
    "places": (
        OptionSpec(("--type",), "place_type", "city, town, village, region, area or "
                   "country."),
        OptionSpec(("--region",), "region", "In this region (e.g. Kidal)."),
        OptionSpec(("--country",), "country", "In this country."),
        OptionSpec(("--by-document",), "by_document", "One row per document instead of one "
                   "per entity.", takes_value=False, default=False),
        OptionSpec(("--min-sources",), "min_sources", "Only entities that at least N "
                   "documents name; adds the sources column.", count=True, metavar="N"),
    ),
    "orgs": (
        OptionSpec(("--by-document",), "by_document", "One row per document instead of one "
                   "per entity.", takes_value=False, default=False),
        OptionSpec(("--min-sources",), "min_sources", "Only entities that at least N "
                   "documents name; adds the sources column.", count=True, metavar="N"),
    ),
    "search": (
        OptionSpec(("--kind",), "kinds", "Only this kind (repeatable).", choices=KINDS,
                   multiple=True, default=()),
        OptionSpec(("--min-sources",), "min_sources", "Only facts that at least N documents "
                   "state (a date or figure: the same fact; a person, place or org: the same "
                   "entity); adds the sources column.", count=True, metavar="N"),
    ),
}

COMMAND_KINDS: dict[str, tuple[str, ...]] = {
    "dates": ("date",), "figures": ("figure",), "officials": ("official",),
    "places": ("place",), "orgs": ("org",), "search": (),
}

ALIASES: dict[str, str] = {"when": "dates", "who": "officials", "where": "places",
                           "how-many": "figures"}


#: A --limit beyond this is no limit at all (and is never turned into a huge int).
MAX_COUNT = 10 ** 18


def parse_count(text: str) -> int | None:
    """``--limit``'s value: a whole number of 0 or more (capped), else None."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) <= 18 else MAX_COUNT


def defaults(command: str) -> dict[str, object]:
    """Every option of *command* at its default value."""
    return {spec.dest: spec.default for spec in (*COMMAND_OPTIONS[command], *LISTING_OPTIONS)}
