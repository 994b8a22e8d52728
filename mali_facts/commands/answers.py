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

    @cli.command()
    @click.argument("question", nargs=-1, required=True)
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


def _output(fmt: str | None, no_header: bool, color: str) -> Any:
    from mali_facts.listing import make_output

    return make_output(fmt, no_header, color)


def _render(rows: list[dict[str, Any]], columns: tuple[str, ...], title: str,
            output: Any) -> None:
    """Rows in the chosen format: JSON keeps every field, the others the columns."""
    from mali_facts.render import render

    json_like = output.format in ("json", "jsonl")
    render(rows, "mixed", sys.stdout, output, None if json_like else columns, title=title)
