"""Commands that answer rather than list: ``ask`` (and, as they land, entities,
``timeline`` and ``conflicts``). Wiring only: the work is in ``mali_facts.analysis``.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from mali_facts.errors import EXIT_NO_MATCH, EXIT_OK


def register(cli: click.Group) -> None:
    """Add the answer commands to the group (called once from ``cli.py``)."""
    from mali_facts import cli as base

    register_show(cli)
    register_timeline(cli)
    register_conflicts(cli)

    @cli.command()
    @click.argument("question", nargs=-1, required=True, shell_complete=_complete_words)
    @click.option("--limit", "-n", type=click.IntRange(min=1), default=5, show_default=True,
                  metavar="N", help="Show at most N answers.")
    @base.output_options
    @click.pass_context
    @base.finish
    def ask(ctx: click.Context, question: tuple[str, ...], limit: int, fmt: str | None,
            no_header: bool, color: str) -> int:
        """Answer a question in plain words, best answers first.

        The question word picks the kind (when: dates, who: officials, where: places,
        how many / how much / how long: figures, what is: organizations); the answer is
        marked [[like this]] in its sentence. Exit status 1 when nothing is relevant.

        \b
        TSV columns: rank, kind, answer, about, evidence, doc, id, score, sources, scene

        \b
        Examples:
          mali-facts ask "when did the army take Kidal?"
          mali-facts ask who leads the CNT --limit 1 --format json
        """
        from mali_facts.analysis.ask import ASK_COLUMNS
        from mali_facts.analysis.ask import ask as answer

        output = _output(fmt, no_header, color)
        store = base._store(ctx)
        rows = answer(" ".join(question), store.facts(), store.documents(), limit)
        if not rows:
            click.echo("no relevant fact; try other words or 'mali-facts search'", err=True)
            return EXIT_NO_MATCH
        columns = ASK_COLUMNS
        if output.format == "table":  # a terminal is narrow: the columns a reader needs
            columns = ("rank", "answer", "about", "evidence", "doc") + (
                ("scene",) if any(r["scene"] for r in rows) else ())
        _render(rows, columns, "Answers", output)
        return EXIT_OK


def register_timeline(cli: click.Group) -> None:
    from mali_facts import cli as base

    @cli.command()
    @click.argument("terms", nargs=-1, shell_complete=base._complete_names)
    @click.option("--from", "date_from", metavar="DATE", help="On or after YYYY[-MM[-DD]].")
    @click.option("--to", "date_to", metavar="DATE", help="On or before YYYY[-MM[-DD]].")
    @click.option("--min-sources", type=click.IntRange(min=1), default=1, metavar="N",
                  help="Only events reported by at least N documents.")
    @click.option("--limit", "-n", type=click.IntRange(min=0), metavar="N",
                  help="Show at most N events.")
    @base.output_options
    @click.pass_context
    @base.finish
    def timeline(ctx: click.Context, terms: tuple[str, ...], date_from: str | None,
                 date_to: str | None, min_sources: int, limit: int | None, fmt: str | None,
                 no_header: bool, color: str) -> int:
        """Events across documents in date order, merged.

        One row per event, however many sources report it.

        \b
        TSV columns: date, precision, event, sources, docs, ids, text

        \b
        Examples:
          mali-facts timeline kidal
          mali-facts timeline --from 2021-05 --to 2021-06 --min-sources 2
        """
        from mali_facts.analysis.timeline import TIMELINE_COLUMNS
        from mali_facts.analysis.timeline import timeline as build
        from mali_facts.query import Filters, parse_bounds, scene_matches, select

        output = _output(fmt, no_header, color)
        wanted = Filters(kinds=("date",), terms=terms, date_from=date_from, date_to=date_to)
        parse_bounds(wanted)
        store = base._store(ctx)
        chosen = select(store.iter_facts(("date",)), wanted)
        if terms:
            chosen += scene_matches(store, wanted, chosen)
        rows = [r for r in build(chosen) if r["sources"] >= min_sources]
        rows = rows[:limit] if limit is not None else rows
        if not rows:
            return EXIT_NO_MATCH
        _render(rows, TIMELINE_COLUMNS, "Timeline", output)
        return EXIT_OK


def register_show(cli: click.Group) -> None:
    """``show`` for a fact id, a document id or an entity's name (replaces the fact-only one)."""
    from mali_facts import cli as base

    @click.command()
    @click.argument("target", metavar="ID-OR-NAME", nargs=-1, required=True,
                    shell_complete=_complete_targets)
    @base.output_options
    @click.pass_context
    @base.finish
    def show(ctx: click.Context, target: tuple[str, ...], fmt: str | None, no_header: bool,
             color: str) -> int:
        """A fact, a document or a named entity in full.

        A fact id shows its fields, document, evidence and the other facts of its
        sentence; a document id its metadata and facts; a name (or an entity fact's id
        any of its ids) the entity's profile: its roles with
        their time and status, the facts stated in the same sentences, and the documents.

        \b
        TSV columns (profile): section, kind, what, time, status, doc, id

        \b
        Examples:
          mali-facts show 000-oc5a70
          mali-facts show 002
          mali-facts show "Sadio Camara"
        """
        from mali_facts.errors import NotFound
        from mali_facts.query import fact_detail
        from mali_facts.render import render, render_detail

        output = _output(fmt, no_header, color)
        store = base._store(ctx)
        wanted = " ".join(target)
        record = store.fact(wanted)
        if record is not None and record.get("kind") not in ("official", "place", "org"):
            detail = fact_detail(record, store.document(str(record.get("doc"))),
                                 store.iter_facts())
            render_detail(detail, sys.stdout, output)
            return EXIT_OK
        document = store.document(wanted)
        if document is not None:
            facts = [f for f in store.facts() if f.get("doc") == wanted]
            if output.format in ("json", "jsonl"):
                _json({"document": document, "facts": facts}, output)
            else:
                from mali_facts.query import document_fields

                if output.format == "table":  # scripts get the facts alone, as before
                    _render(document_fields(document), ("field", "value", "from"),
                            f"Document {document.get('id')}", output)
                render(facts, "mixed", sys.stdout, output,
                       title=f"{document.get('id')}: {document.get('title') or ''}")
            return EXIT_OK
        from mali_facts.analysis.entities import PROFILE_COLUMNS, find_entity, profile

        facts = store.facts()
        entity = find_entity(wanted, facts)
        if not entity:
            raise NotFound(f"no fact, document or entity named {wanted!r} "
                           "(list them with 'mali-facts search' or 'mali-facts docs')")
        merged, rows = profile(entity, facts, store.documents())
        if output.format in ("json", "jsonl"):
            _json({"entity": merged, "rows": rows}, output)
        else:
            title = f"{merged.get('name')} ({merged.get('kind')}): {merged['mentions']} " \
                    f"mentions in {merged['documents']} documents"
            _render(rows, PROFILE_COLUMNS, title, output)
        return EXIT_OK

    cli.add_command(show)


def register_conflicts(cli: click.Group) -> None:
    from mali_facts import cli as base

    @cli.command()
    @click.argument("terms", nargs=-1, shell_complete=base._complete_names)
    @click.option("--type", "types", type=click.Choice(["figure", "date", "role"]),
                  multiple=True, help="Only this kind of disagreement (repeatable).")
    @click.option("--agreements", is_flag=True,
                  help="List what several documents agree on instead.")
    @click.option("--limit", "-n", type=click.IntRange(min=0), metavar="N",
                  help="Show at most N rows.")
    @base.output_options
    @click.pass_context
    @base.finish
    def conflicts(ctx: click.Context, terms: tuple[str, ...], types: tuple[str, ...],
                  agreements: bool, limit: int | None, fmt: str | None, no_header: bool,
                  color: str) -> int:
        """Where documents disagree, strongest disagreement first.

        Different numbers for the same counted thing at the same place and time,
        different dates for the same event, different offices for the same person at
        the same time, side by side with each side's documents and evidence. A value
        that only differs in precision ("next week" / "17 November") agrees; a toll its
        sentence marks as an update is a later count, not a dispute. TERMS keep rows
        whose sides or evidence contain every term. Exit status 1 when there is none.

        \b
        TSV columns: rank, type, about, value_a, docs_a, evidence_a, value_b, docs_b,
        evidence_b, strength, ids_a, ids_b
        With --agreements: type, about, value, sources, docs, evidence, ids

        \b
        Examples:
          mali-facts conflicts
          mali-facts conflicts keriba --type figure --format json
          mali-facts conflicts --agreements
        """
        from mali_facts.analysis.conflicts import (
            AGREEMENT_COLUMNS,
            CONFLICT_COLUMNS,
            find_conflicts,
        )
        from mali_facts.text import fold_query

        output = _output(fmt, no_header, color)
        store = base._store(ctx)
        found, agreed = find_conflicts(store.facts(), store.documents(),
                                       types or ("figure", "date", "role"))
        rows = agreed if agreements else found
        if terms:
            wanted = [fold_query(t) for t in terms]
            rows = [r for r in rows if all(w in fold_query(" ".join(map(str, r.values())))
                                           for w in wanted)]
        rows = rows[:limit] if limit is not None else rows
        if not rows:
            what = "agreement" if agreements else "disagreement"
            click.echo(f"no {what} between documents found", err=True)
            return EXIT_NO_MATCH
        columns = AGREEMENT_COLUMNS if agreements else CONFLICT_COLUMNS
        if output.format == "table" and not agreements:
            columns = ("rank", "type", "about", "value_a", "docs_a", "value_b", "docs_b",
                       "evidence_a", "evidence_b")
        _render(rows, columns, "Agreements" if agreements else "Conflicts", output)
        return EXIT_OK


def _complete_targets(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """``show``: fact ids, document ids and words of entity names."""
    from mali_facts import cli as base
    from mali_facts.completion import ids_and_names

    try:
        return ids_and_names(base._open_store(ctx.find_root().params.get("db")), incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


def _complete_words(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """``ask``: words of entity names (people, places, organizations)."""
    from mali_facts import cli as base
    from mali_facts.completion import ENTITY_KINDS, entity_names

    try:
        store = base._open_store(ctx.find_root().params.get("db"))
        return entity_names(store, incomplete, ENTITY_KINDS)
    except Exception:
        return []


def _json(payload: dict[str, Any], output: Any) -> None:
    from mali_facts.render.text import json_text

    indent = 2 if output.format == "json" else None
    sys.stdout.write(json_text(payload, indent=indent, sort_keys=True) + "\n")


def _output(fmt: str | None, no_header: bool, color: str) -> Any:
    from mali_facts.listing import make_output

    return make_output(fmt, no_header, color)


def _render(rows: list[dict[str, Any]], columns: tuple[str, ...], title: str,
            output: Any) -> None:
    """Rows in the chosen format: JSON keeps every field, the others the columns."""
    from mali_facts.render import render

    json_like = output.format in ("json", "jsonl")
    render(rows, "mixed", sys.stdout, output, None if json_like else columns, title=title)
