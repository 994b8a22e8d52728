"""The command line: a Click group that wires store -> query -> render. The only Click import.

Exit status follows grep: 0 when something matched, 1 when nothing did, 2 for usage
errors; store and input problems have their own codes (see ``errors.py``).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from mali_facts import __version__
from mali_facts.errors import EXIT_NO_MATCH, EXIT_OK, MaliFactsError, NotFound, UsageError
from mali_facts.model import COMMON_FIELDS, DOCUMENT_FIELDS, KIND_FIELDS, KINDS
from mali_facts.render import FORMATS, OutputOptions

ALIASES = {"when": "dates", "who": "officials", "where": "places", "how-many": "figures"}
KIND_OF_COMMAND = {"dates": "date", "figures": "figure", "officials": "official",
                   "places": "place", "orgs": "org"}


class PipeClosed(Exception):
    """stdout was closed by the reader (``| head -1``): stop quietly, status 0."""


class ReportedError(click.ClickException):
    """A :class:`MaliFactsError` shown as one line with its own exit code."""

    def __init__(self, error: MaliFactsError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"mali-facts: {self.format_message()}", err=True)


class FactsGroup(click.Group):
    """The group: question-word aliases, and errors turned into one line each."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, ALIASES.get(name, name))

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        _, command, rest = super().resolve_command(ctx, args)
        return command.name if command else None, command, rest

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """Run, then exit like grep; every error is one line, a closed pipe is not one."""
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  **extra)
            sys.stdout.flush()
        except (PipeClosed, BrokenPipeError):
            status = _quiet_pipe()
        except click.exceptions.Abort:
            click.echo("mali-facts: interrupted", err=True)
            status = 130
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx else "mali-facts"
            hint = f" (see '{where} --help')" if error.ctx else ""
            click.echo(f"{where}: {error.format_message()}{hint}", err=True)
            status = error.exit_code
        except click.ClickException as error:
            error.show()
            status = error.exit_code
        except Exception as error:  # a bug: one line, unless debugging
            if os.environ.get("MALI_FACTS_DEBUG"):
                raise
            click.echo(f"mali-facts: internal error: {type(error).__name__}: {error} "
                       "(set MALI_FACTS_DEBUG=1 for details)", err=True)
            status = 70
        status = status if isinstance(status, int) else 0
        if not standalone_mode:
            return status
        sys.exit(status)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MaliFactsError as error:
            raise ReportedError(error) from None
        except BrokenPipeError:
            raise PipeClosed() from None


# -- shared options --------------------------------------------------------------------

def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    try:
        store = _open_store(ctx.find_root().params.get("db"))
        return [f["id"] for f in store.facts() if str(f["id"]).startswith(incomplete)][:200]
    except Exception:  # completion must never print a traceback into the shell
        return []


def _complete_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    from mali_facts.query import entity_names
    from mali_facts.text import fold_query

    try:
        store = _open_store(ctx.find_root().params.get("db"))
        kind = KIND_OF_COMMAND.get(ctx.info_name or "")
        facts = [f for f in store.facts() if kind is None or f.get("kind") == kind]
        wanted = fold_query(incomplete)
        out: list[Any] = []
        for name in entity_names(facts):
            for word in name.split():
                if fold_query(word).startswith(wanted) and word not in out:
                    out.append(word)
        return [CompletionItem(w) for w in out[:200]]
    except Exception:
        return []


def _complete_docs(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    try:
        store = _open_store(ctx.find_root().params.get("db"))
        return [d["id"] for d in store.documents() if str(d["id"]).startswith(incomplete)]
    except Exception:
        return []


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The one set of output options every listing command shares (sqlite-utils style)."""
    options = [
        click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
                     help="Output format [default: table on a terminal, tsv in a pipe]."),
        click.option("--no-header", is_flag=True, help="Leave out the header row."),
        click.option("--color", type=click.Choice(["auto", "always", "never"]),
                     default="auto", show_default=True,
                     help="Colour in tables (NO_COLOR is honoured)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def listing_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--doc", default=None, shell_complete=_complete_docs,
                     help="Only facts from this document id."),
        click.option("--limit", "-n", type=click.IntRange(min=0), default=None,
                     help="Show at most N facts."),
        click.option("--sort", default=None, metavar="FIELD",
                     help="Sort by FIELD (prefix - for descending), e.g. --sort -value."),
        click.option("--fields", default=None, metavar="A,B,...",
                     help="Comma-separated fields to show, in order."),
    ]
    for option in reversed(options):
        command = option(command)
    return output_options(command)


def make_output(fmt: str | None, no_header: bool, color: str) -> OutputOptions:
    tty = sys.stdout.isatty()
    chosen = fmt or ("table" if tty else "tsv")
    if color == "always":
        use_color = True
    elif color == "never" or "NO_COLOR" in os.environ:
        use_color = False
    else:
        use_color = tty and os.environ.get("TERM") != "dumb"
    return OutputOptions(format=chosen, header=not no_header, color=use_color)


def parse_fields(fields: str | None, kinds: Sequence[str]) -> list[str] | None:
    if not fields:
        return None
    wanted = [f.strip() for f in fields.split(",") if f.strip()]
    known = set(COMMON_FIELDS) | {"summary", "mentions", "aliases", "value_text", "related",
                                  "qualifier", "ext_start", "ext_end", "acronym",
                                  "expansion_in_text", "nested_in_org", "time"}
    for kind in kinds:
        known |= set(KIND_FIELDS[kind])
    unknown = [f for f in wanted if f not in known]
    if unknown:
        raise UsageError(f"--fields: unknown field {unknown[0]!r}; known: "
                         + ", ".join(sorted(known)))
    return wanted


def _open_store(db: str | None) -> Any:
    from mali_facts.config import resolve_store
    from mali_facts.store import FactStore

    return FactStore.open(resolve_store(db).path)


def _store(ctx: click.Context) -> Any:
    root = ctx.find_root()
    if "store" not in root.meta:
        root.meta["store"] = _open_store(root.params.get("db"))
    return root.meta["store"]


def list_facts(ctx: click.Context, kinds: Sequence[str], terms: Sequence[str], *,
               doc: str | None, limit: int | None, sort: str | None, fields: str | None,
               fmt: str | None, no_header: bool, color: str, **filters: Any) -> int:
    """Select, sort, limit and render facts: the body of every listing command."""
    from mali_facts.query import Filters, parse_bounds, select, sort_records, suggest
    from mali_facts.render import render

    output = make_output(fmt, no_header, color)
    columns = parse_fields(fields, kinds or KINDS)
    wanted = Filters(kinds=kinds, terms=terms, doc=doc, **filters)
    parse_bounds(wanted)  # usage errors before the store is opened
    every = _store(ctx).facts()
    chosen = select(every, wanted)
    kind = kinds[0] if len(kinds) == 1 else "mixed"
    chosen = sort_records(chosen, sort, kind)
    if limit is not None:
        chosen = chosen[:limit]
    if not chosen:
        hints = suggest(terms, every) if terms else []
        if hints:
            click.echo("no match; did you mean: " + ", ".join(hints) + "?", err=True)
        return EXIT_NO_MATCH
    render(chosen, kind, sys.stdout, output, columns)
    return EXIT_OK


def finish(command: Callable[..., int]) -> Callable[..., None]:
    """Turn a command's return value into its exit status."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        status = command(*args, **kwargs)
        if status:
            click.get_current_context().exit(status)

    return wrapper


# -- the group -------------------------------------------------------------------------

@click.group(cls=FactsGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Aliases: when = dates, who = officials, where = places, "
                    "how-many = figures. Exit status: 0 match, 1 no match, 2 usage error, "
                    "3-7 store or input problems (see README).")
@click.version_option(__version__, "--version", "-V", prog_name="mali-facts")
@click.option("--db", metavar="PATH", default=None, envvar="MALI_FACTS_DB",
              help="Store file [env MALI_FACTS_DB; default: user store, else shipped data].")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Look up facts about Mali's politics and security, with their sources.

    \b
    Examples:
      mali-facts dates --from 2021-05 coup
      mali-facts who goita
      mali-facts figures --min 1000 --format json | jq '.[].counts'
    """


@cli.command()
@click.argument("terms", nargs=-1, shell_complete=_complete_names)
@click.option("--from", "date_from", metavar="DATE", help="On or after YYYY[-MM[-DD]].")
@click.option("--to", "date_to", metavar="DATE", help="On or before YYYY[-MM[-DD]].")
@listing_options
@click.pass_context
@finish
def dates(ctx: click.Context, terms: tuple[str, ...], **options: Any) -> int:
    """Dates on the timeline, in chronological order.

    \b
    Examples:
      mali-facts dates kidal
      mali-facts when --from 2020-08 --to 2020-12
    """
    return list_facts(ctx, ["date"], terms, **options)


@cli.command()
@click.argument("terms", nargs=-1, shell_complete=_complete_names)
@click.option("--min", "min_value", metavar="N", help="Value at least N.")
@click.option("--max", "max_value", metavar="N", help="Value at most N.")
@click.option("--unit", default=None, help="Only this unit (e.g. people, votes).")
@listing_options
@click.pass_context
@finish
def figures(ctx: click.Context, terms: tuple[str, ...], **options: Any) -> int:
    """Numbers and what they count.

    \b
    Examples:
      mali-facts figures displaced
      mali-facts how-many --min 1000 --sort -value
    """
    return list_facts(ctx, ["figure"], terms, **options)


@cli.command()
@click.argument("terms", nargs=-1, shell_complete=_complete_names)
@click.option("--role", default=None, help="Role contains this text (e.g. minister).")
@click.option("--org", default=None, help="Organization or country contains this text.")
@click.option("--officials-only", is_flag=True,
              help="Leave out people who hold no office (authors, researchers).")
@listing_options
@click.pass_context
@finish
def officials(ctx: click.Context, terms: tuple[str, ...], officials_only: bool,
              **options: Any) -> int:
    """People, their roles and their organizations.

    \b
    Examples:
      mali-facts officials goita
      mali-facts who --role minister
    """
    return list_facts(ctx, ["official"], terms, include_non_officials=not officials_only,
                      **options)


@cli.command()
@click.argument("terms", nargs=-1, shell_complete=_complete_names)
@click.option("--type", "place_type", default=None,
              help="city, town, village, region, area or country.")
@click.option("--region", default=None, help="In this region (e.g. Kidal).")
@click.option("--country", default=None, help="In this country.")
@listing_options
@click.pass_context
@finish
def places(ctx: click.Context, terms: tuple[str, ...], **options: Any) -> int:
    """Towns, regions and countries, with coordinates.

    \b
    Examples:
      mali-facts places --type region
      mali-facts where segou
    """
    return list_facts(ctx, ["place"], terms, **options)


@cli.command()
@click.argument("terms", nargs=-1, shell_complete=_complete_names)
@listing_options
@click.pass_context
@finish
def orgs(ctx: click.Context, terms: tuple[str, ...], **options: Any) -> int:
    """Organizations: acronyms and full names.

    \b
    Examples:
      mali-facts orgs cnsp
      mali-facts orgs union --format csv
    """
    return list_facts(ctx, ["org"], terms, **options)


@cli.command()
@click.argument("terms", nargs=-1, required=True, shell_complete=_complete_names)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only this kind (repeatable).")
@listing_options
@click.pass_context
@finish
def search(ctx: click.Context, terms: tuple[str, ...], kinds: tuple[str, ...],
           **options: Any) -> int:
    """Search every kind of fact; every term must match.

    \b
    Examples:
      mali-facts search kidal
      mali-facts search goita --kind official --kind date
    """
    return list_facts(ctx, list(kinds), terms, **options)


@cli.command()
@click.argument("fact_id", metavar="ID", shell_complete=_complete_ids)
@output_options
@click.pass_context
@finish
def show(ctx: click.Context, fact_id: str, fmt: str | None, no_header: bool, color: str) -> int:
    """One fact in full: fields, document, evidence, facts of the same sentence.

    \b
    Example:
      mali-facts show 000-d1a2b3
    """
    from mali_facts.query import fact_detail
    from mali_facts.render import render_detail

    output = make_output(fmt, no_header, color)
    store = _store(ctx)
    record = store.fact(fact_id)
    if record is None:
        raise NotFound(f"no fact with id {fact_id!r} (list ids with e.g. 'mali-facts search')")
    detail = fact_detail(record, store.document(str(record.get("doc"))), store.facts())
    render_detail(detail, sys.stdout, output)
    return EXIT_OK


@cli.command()
@output_options
@click.pass_context
@finish
def docs(ctx: click.Context, fmt: str | None, no_header: bool, color: str) -> int:
    """The documents the facts come from.

    \b
    Example:
      mali-facts docs --format json
    """
    from mali_facts.render import render

    documents = _store(ctx).documents()
    if not documents:
        return EXIT_NO_MATCH
    render(documents, "document", sys.stdout, make_output(fmt, no_header, color))
    return EXIT_OK


@cli.command()
@output_options
@click.pass_context
@finish
def stats(ctx: click.Context, fmt: str | None, no_header: bool, color: str) -> int:
    """How many documents and facts the store holds, per kind.

    \b
    Example:
      mali-facts stats
    """
    from mali_facts.query import store_stats
    from mali_facts.render import render

    store = _store(ctx)
    rows = store_stats(store.facts(), store.documents())
    rows.append({"key": "store", "value": str(store.path)})
    rows.append({"key": "schema", "value": store.schema_version})
    render(rows, "stat", sys.stdout, make_output(fmt, no_header, color))
    return EXIT_OK


@cli.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["json", "jsonl", "csv"]),
              default="json", show_default=True)
@click.option("--documents", "what", flag_value="documents",
              help="Export the documents instead of the facts (jsonl/csv).")
@click.pass_context
@finish
def export(ctx: click.Context, fmt: str, what: str | None) -> int:
    """Every fact and document, for other programs.

    json: {"documents": [...], "facts": [...]}; jsonl and csv: one fact per line
    (or one document with --documents).

    \b
    Examples:
      mali-facts export --format jsonl | jq -r .id
      mali-facts export --format csv > facts.csv
    """
    from mali_facts.render.text import json_text, write_csv, write_jsonl

    store = _store(ctx)
    if fmt == "json":
        payload = {"documents": store.documents(), "facts": store.facts()}
        sys.stdout.write(json_text(payload, indent=2, sort_keys=True) + "\n")
        return EXIT_OK
    rows = store.documents() if what == "documents" else store.facts()
    if fmt == "jsonl":
        write_jsonl(rows, None, sys.stdout)
    else:
        columns = list(DOCUMENT_FIELDS) if what == "documents" else _all_fact_fields(rows)
        write_csv(rows, columns, sys.stdout)
    return EXIT_OK


def _all_fact_fields(rows: Sequence[dict[str, Any]]) -> list[str]:
    columns = list(COMMON_FIELDS)
    for kind in KINDS:
        columns += [f for f in KIND_FIELDS[kind] if f not in columns]
    extra = sorted({k for r in rows for k in r} - set(columns))
    return columns + extra


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date, to resolve 'last Friday' and the like.")
@click.option("--title", help="Document title [default: its first line].")
@click.option("--outlet", help="Who published it.")
@click.option("--author", help="Who wrote it.")
@click.option("--id", "doc_id", metavar="ID", help="Document id [default: from the file name].")
@click.option("--replace", is_flag=True, help="Re-extract a document already in the store.")
@output_options
@click.pass_context
@finish
def ingest(ctx: click.Context, files: tuple[str, ...], published: str | None,
           title: str | None, outlet: str | None, author: str | None, doc_id: str | None,
           replace: bool, fmt: str | None, no_header: bool, color: str) -> int:
    """Extract facts from articles and add them to your store ('-' reads stdin).

    The store is written once, atomically, whatever the number of files.

    \b
    Examples:
      mali-facts ingest article.txt --published 2023-11-21 --outlet RFI
      curl -s URL | mali-facts ingest - --published 2024-01-05 --id rfi-2024-01-05
    """
    from mali_facts.config import resolve_store, shipped_store_path
    from mali_facts.ingest import ingest_files
    from mali_facts.render import render

    if doc_id and len(files) > 1:
        raise UsageError("--id names one document; give one file with it")
    output = make_output(fmt, no_header, color)
    location = resolve_store(ctx.find_root().params.get("db"), for_writing=True)
    initial = shipped_store_path() if location.origin == "user" else None
    show_progress = len(files) > 1 and sys.stderr.isatty()
    rows = ingest_files(location.path, files, published=published, title=title, outlet=outlet,
                        author=author, doc_id=doc_id, replace=replace, initial=initial,
                        progress=show_progress)
    render(rows, "ingest", sys.stdout, output)
    return EXIT_OK


@cli.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--seeds", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the source texts [default: GOLD_DIR/../seeds].")
@click.option("--errors", is_flag=True, help="List misses, false positives, wrong values.")
@click.pass_context
@finish
def eval_command(ctx: click.Context, gold_dir: Path, seeds: Path | None, errors: bool) -> int:
    """Score the extractor against gold annotations (precision, recall, F1, values).

    \b
    Example:
      mali-facts eval ../shared/gold
    """
    from mali_facts.evaluate import evaluate, format_report

    try:
        totals = evaluate(gold_dir, seeds)
    except (OSError, ValueError, KeyError) as error:
        raise UsageError(f"{gold_dir}: cannot read the gold files ({error})") from None
    click.echo(format_report(totals, "all" if errors else None))
    return EXIT_OK


@cli.command()
@click.argument("seeds_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("data.json"), show_default=True, help="Store file to write.")
@click.pass_context
@finish
def build(ctx: click.Context, seeds_dir: Path, output: Path) -> int:
    """Rebuild the shipped store from the seed documents and their SOURCES.md.

    \b
    Example:
      mali-facts build ../shared/seeds -o data.json
    """
    from mali_facts.ingest import build_store

    counts = build_store(seeds_dir, output)
    click.echo(f"wrote {output}: {counts['documents']} documents, {counts['facts']} facts",
               err=True)
    return EXIT_OK


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script.

    \b
    Example:
      eval "$(mali-facts completion bash)"
    """
    from click.shell_completion import get_completion_class

    completer_class = get_completion_class(shell)
    assert completer_class is not None
    completer = completer_class(cli, {}, "mali-facts", "_MALI_FACTS_COMPLETE")
    click.echo(completer.source())


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="mali-facts")


def _quiet_pipe() -> int:
    # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (e.g. under a test runner)
    return EXIT_OK
