"""The body of every listing command: options -> store -> query -> render.

Free of Click, so the same code answers a query whether Click parsed the arguments
(``cli.py``) or the launcher's fast path did (``launch.py``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from mali_facts.errors import EXIT_NO_MATCH, EXIT_OK, UsageError
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


def parse_fields(fields: str | None, kinds: Sequence[str]) -> list[str] | None:
    """``--fields a,b``: the named fields, or a usage error naming the unknown one."""
    if not fields:
        return None
    wanted = [f.strip() for f in fields.split(",") if f.strip()]
    known = set(COMMON_FIELDS) | set(EXTRA_FIELDS)
    for kind in kinds:
        known |= set(KIND_FIELDS[kind])
    unknown = [f for f in wanted if f not in known]
    if unknown:
        raise UsageError(f"--fields: unknown field {unknown[0]!r}; known: "
                         + ", ".join(sorted(known)))
    return wanted


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
    limit, sort = options.pop("limit"), options.pop("sort")
    include_non_officials = not options.pop("officials_only", False)
    by_document = options.pop("by_document", True)
    at = options.pop("at", None)
    wanted = Filters(kinds=kinds, terms=tuple(terms), include_non_officials=include_non_officials,
                     **options)
    parse_bounds(wanted)  # usage errors before the store is opened
    store = load_store()
    # stream the store through the filters: only matches are kept, then put in order
    candidates = store.iter_facts(kinds, raw_prefilter(terms))
    chosen = sorted(select(candidates, wanted), key=fact_sort_key)
    if terms and kinds and set(kinds) <= {"date", "figure"}:
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
    kind = kinds[0] if len(kinds) == 1 else "mixed"
    chosen = sort_records(chosen, sort, kind)
    matched = bool(chosen)
    if limit is not None:
        chosen = chosen[:limit]
    if not chosen:
        entity_kinds = [k for k in (kinds or KINDS) if k in ("official", "place", "org")]
        if terms and entity_kinds and not matched:
            hints = suggest(terms, store.iter_facts(entity_kinds))
            if hints:
                from mali_facts.render.text import strip_control

                names = ", ".join(strip_control(h) for h in hints)  # names come from documents
                print(f"no match; did you mean: {names}?", file=sys.stderr)
        return EXIT_NO_MATCH
    render(chosen, kind, sys.stdout, output, columns)
    return EXIT_OK
