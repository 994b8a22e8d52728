"""The body of every listing command: options -> store -> query -> render.

Free of Click, so the same code answers a query whether Click parsed the arguments
(``cli.py``) or the launcher's fast path did (``launch.py``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from mali_facts.errors import EXIT_NO_MATCH, EXIT_OK, NotFound, UsageError
from mali_facts.fields import COMMON_FIELDS, EXTRA_FIELDS, KIND_FIELDS, KINDS, fact_sort_key
from mali_facts.options import COMMAND_KINDS
from mali_facts.render import OutputOptions


def make_output(fmt: str | None, no_header: bool, color: str) -> OutputOptions:
    """Table and colour on a terminal, TSV without colour in a pipe, unless told otherwise."""
    tty = sys.stdout.isatty()
    chosen = fmt or ("table" if tty else "tsv")
    if color == "always":
        use_color = True
    elif color == "never" or os.environ.get("NO_COLOR"):  # no-color.org: set and not empty
        use_color = False
    else:
        use_color = tty and os.environ.get("TERM") != "dumb"
    return OutputOptions(format=chosen, header=not no_header, color=use_color)


#: Columns computed by a listing rather than stored: where they exist.
COMPUTED_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("sources",), "figure": ("sources",),
    "official": ("mentions", "documents", "sources"),
    "place": ("mentions", "documents", "sources"),
    "org": ("mentions", "documents", "sources"),
}


def parse_fields(fields: str | None, kinds: Sequence[str]) -> list[str] | None:
    """``--fields a,b``: the named fields, or a usage error naming the unknown one."""
    if not fields:
        return None
    wanted = [f.strip() for f in fields.split(",") if f.strip()]
    known = _known_fields(kinds)
    unknown = [f for f in wanted if f not in known]
    if unknown:
        raise UsageError(f"--fields: unknown field {unknown[0]!r}{_close(unknown[0], known)}; "
                         "known: " + ", ".join(sorted(known)))
    return wanted


def parse_sort(sort: str | None, kinds: Sequence[str]) -> str | None:
    """``--sort FIELD`` or ``--sort -FIELD``: checked like ``--fields``, so a typo is an
    error rather than a silently unsorted listing."""
    if not sort:
        return None
    name = sort[1:] if sort.startswith("-") else sort
    known = _known_fields(kinds)
    if name not in known:
        raise UsageError(f"--sort: unknown field {name!r}{_close(name, known)}; known: "
                         + ", ".join(sorted(known)))
    return sort


def _known_fields(kinds: Sequence[str]) -> set[str]:
    known = set(COMMON_FIELDS) | set(EXTRA_FIELDS)
    if len(kinds) == 1:  # a one-kind listing also has its computed columns
        known |= set(COMPUTED_FIELDS.get(kinds[0], ()))
    else:
        known.add("sources")  # search --min-sources
    for kind in kinds:
        known |= set(KIND_FIELDS[kind])
    return known


def _close(name: str, known: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {match[0]!r}?)" if match else ""


def on_terminal() -> bool:
    """Whether a person is reading: then an empty answer is said out loud (on stderr);
    a pipe stays silent, like grep."""
    return sys.stdout.isatty()


_NOUNS = {"dates": "dates", "figures": "figures", "officials": "officials",
          "places": "places", "orgs": "organizations", "search": "facts"}


def say_no_match(command: str, terms: Sequence[str], hints: Sequence[str]) -> None:
    from mali_facts.render.text import message_text

    what = f" {', '.join(repr(t) for t in terms)}" if terms else ""
    line = f"mali-facts: no {_NOUNS.get(command, 'facts')} matched{what}"
    if hints:
        line += f"; did you mean: {', '.join(hints)}?"
    print(message_text(line), file=sys.stderr)  # names come from documents: escaped


def list_facts(load_store: Callable[[], Any], command: str, terms: Sequence[str],
               options: dict[str, Any]) -> int:
    """Select, sort, limit and render facts; the exit status (0 matched, 1 none)."""
    from mali_facts.query import (
        Filters,
        parse_bounds,
        raw_prefilter,
        select,
        sort_records,
        suggest,
    )
    from mali_facts.render import render

    options = dict(options)
    kinds = tuple(options.pop("kinds", ()) or COMMAND_KINDS[command])
    output = make_output(options.pop("fmt"), options.pop("no_header"), options.pop("color"))
    columns = parse_fields(options.pop("fields"), kinds or KINDS)
    explicit = columns is not None
    limit, sort = options.pop("limit"), parse_sort(options.pop("sort"), kinds or KINDS)
    include_non_officials = not options.pop("officials_only", False)
    by_document = options.pop("by_document", True)
    if by_document and columns and "documents" in columns:
        raise UsageError("--fields: 'documents' is a column of the merged listing of "
                         "officials, places and orgs (leave out --by-document)")
    at = options.pop("at", None)
    min_sources = options.pop("min_sources", None)
    wanted = Filters(kinds=kinds, terms=tuple(terms), include_non_officials=include_non_officials,
                     **options)
    parse_bounds(wanted)  # usage errors before the store is opened
    store = load_store()
    if wanted.doc is not None and store.document(wanted.doc) is None:
        raise NotFound(f"--doc: no document {wanted.doc!r} in the store "
                       "(list them with 'mali-facts docs')")
    kind = kinds[0] if len(kinds) == 1 else "mixed"
    scenes = bool(terms and kinds and set(kinds) <= {"date", "figure"})
    sourced = min_sources is not None or bool(columns and "sources" in columns)
    regrouped = scenes or at is not None or not by_document or sourced
    # a large store answers the selection from its derived index (mali_facts/index/),
    # and a plain listing even its TSV lines
    indexed = getattr(store, "indexed_listing", None)
    plain = output.format == "tsv" and columns is None and kind != "mixed" and not sort \
        and not regrouped
    answer = indexed(wanted, kind, None if sort or regrouped else limit, plain) \
        if indexed else None
    if answer is not None and answer.chunks is not None:
        if answer.chunks:
            render([], kind, sys.stdout, output)  # the header, if wanted
            answer.write(sys.stdout)  # the lines, as render() would write them
            return EXIT_OK
        chosen, matched = [], answer.matched
    else:
        if answer is not None:
            chosen = answer.records or []  # select()'s answer, in document order
        else:  # stream the store through the filters: only matches are kept
            candidates = store.iter_facts(kinds, raw_prefilter(terms))
            chosen = sorted(select(candidates, wanted), key=fact_sort_key)
        if scenes:
            from mali_facts.query import scene_matches

            chosen = sorted(chosen + scene_matches(store, wanted, chosen), key=fact_sort_key)
        if at is not None:  # officials --role R --at DATE: who held it then
            from mali_facts.analysis.entities import HOLDER_COLUMNS, holders

            chosen = holders(chosen, store.documents(), options.get("role"), at)
            columns = columns or list(HOLDER_COLUMNS)
        elif not by_document:  # officials, places, orgs: one row per entity across documents
            from mali_facts.query import merge_entities

            chosen = merge_entities(chosen)
            if columns is None and output.format not in ("json", "jsonl"):
                from mali_facts.render.columns import COLUMNS

                columns = [*COLUMNS[kinds[0]], "mentions", "documents"]
        if sourced:
            chosen, columns = _with_sources(store, chosen, columns, kind,
                                            min_sources or 0,
                                            output.format in ("json", "jsonl"), explicit)
        chosen = sort_records(chosen, sort, kind)
        matched = bool(chosen)
        if limit is not None:
            chosen = chosen[:limit]
    if not chosen:
        if matched or not on_terminal():
            return EXIT_NO_MATCH  # --limit 0 chose nothing; a pipe stays silent
        entity_kinds = [k for k in (kinds or KINDS) if k in ("official", "place", "org")]
        hints: list[str] = []
        if terms and entity_kinds:
            entities = getattr(store, "name_records", store.iter_facts)  # index, or a scan
            hints = suggest(terms, entities(entity_kinds))
        say_no_match(command, terms, hints)
        return EXIT_NO_MATCH
    render(chosen, kind, sys.stdout, output, columns)
    return EXIT_OK


def _with_sources(store: Any, chosen: list[dict[str, Any]], columns: list[str] | None,
                  kind: str, least: int, json_like: bool, explicit: bool = False
                  ) -> tuple[list[dict[str, Any]], list[str] | None]:
    """Each fact with how many documents state it; only those with *least*.

    A date or figure counts the documents that state the same fact; a person, place or
    organisation the documents that name the same entity (a merged row already knows).
    """
    from mali_facts.analysis.conflicts import source_counts
    from mali_facts.query import entity_key
    from mali_facts.render.columns import COLUMNS

    kinds = {str(r.get("kind")) for r in chosen}
    counts = source_counts(chosen, list(store.iter_facts(("date", "figure", "place"))),
                           store.documents()) if kinds & {"date", "figure"} else {}
    entity_kinds = tuple(sorted(kinds & {"official", "place", "org"}))
    named: dict[tuple[str, str], set[Any]] = {}
    if entity_kinds and any("documents" not in r for r in chosen):
        for fact in store.iter_facts(entity_kinds):
            named.setdefault(entity_key(fact), set()).add(fact.get("doc"))

    def sources(record: dict[str, Any]) -> int:
        if record.get("kind") in ("date", "figure"):
            return counts[str(record.get("id"))]
        if "documents" in record:  # a merged entity row
            return int(record["documents"])
        return len(named.get(entity_key(record), {record.get("doc")}))

    rows = [dict(r, sources=n) for r in chosen if (n := sources(r)) >= least]
    if columns is not None and "sources" not in columns and not json_like and not explicit:
        columns = [*columns, "sources"]  # the merged listing's default columns
    return rows, columns or (None if json_like else [*COLUMNS.get(kind, COLUMNS["mixed"]),
                                                      "sources"])
