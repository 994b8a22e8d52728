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
from mali_facts.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_NO_MATCH,
    EXIT_OK,
    MaliFactsError,
    NotFound,
    UsageError,
)
from mali_facts.launch import quiet_closed_pipe
from mali_facts.options import (
    ALIASES,
    COMMAND_KINDS,
    COMMAND_OPTIONS,
    LISTING_OPTIONS,
    OUTPUT_OPTIONS,
    OptionSpec,
    parse_count,
)


class PipeClosed(Exception):
    """stdout was closed by the reader (``| head -1``): stop quietly, status 0."""


class ReportedError(click.ClickException):
    """A :class:`MaliFactsError` shown as one line with its own exit code."""

    def __init__(self, error: MaliFactsError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file: Any = None) -> None:
        say(f"mali-facts: {self.format_message()}")


def say(message: str) -> None:
    """One line on stderr through its one escaping function (file names, values and
    store contents are shown, never obeyed; Click's multi-line messages are joined)."""
    from mali_facts.render.text import message_text

    click.echo(message_text(" ".join(message.split())), err=True)


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
            status = quiet_closed_pipe()
        except click.exceptions.Abort:
            say("mali-facts: interrupted")
            status = EXIT_INTERRUPTED
        except click.UsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError" and error.ctx:
                click.echo(error.ctx.get_help())  # bare `mali-facts`: the help, status 0
                status = EXIT_OK
            else:
                where = error.ctx.command_path if error.ctx else "mali-facts"
                hint = f" (see '{where} --help')" if error.ctx else ""
                say(f"{where}: {error.format_message()}{hint}")
                status = error.exit_code
        except click.ClickException as error:
            error.show()
            status = error.exit_code
        except Exception as error:  # a bug: one line, unless debugging
            if os.environ.get("MALI_FACTS_DEBUG"):
                raise
            say(f"mali-facts: internal error: {type(error).__name__}: {error} "
                "(set MALI_FACTS_DEBUG=1 for details)")
            status = EXIT_INTERNAL
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
    from mali_facts.completion import fact_ids

    try:
        return fact_ids(_open_store(ctx.find_root().params.get("db")), incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


def _complete_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from mali_facts.completion import ENTITY_KINDS, entity_names

    try:
        store = _open_store(ctx.find_root().params.get("db"))
        kinds = tuple(k for k in (COMMAND_KINDS.get(ctx.info_name or "") or ENTITY_KINDS)
                      if k in ENTITY_KINDS)
        return entity_names(store, incomplete, kinds)
    except Exception:
        return []


def _complete_docs(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    try:
        store = _open_store(ctx.find_root().params.get("db"))
        return [d["id"] for d in store.documents() if str(d["id"]).startswith(incomplete)]
    except Exception:
        return []


class CountType(click.ParamType):
    """A non-negative whole number; one beyond any store's size means "no limit"."""

    name = "N"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        count = parse_count(str(value))
        if count is None:
            shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "..."
            self.fail(f"{shown!r} is not a whole number of 0 or more", param, ctx)
        return count


COUNT = CountType()


def click_option(spec: OptionSpec) -> Callable[..., Any]:
    """A Click option from its spec in ``options.py``."""
    settings: dict[str, Any] = {"help": spec.help, "default": spec.default}
    if not spec.takes_value:
        settings["is_flag"] = True
    elif spec.choices:
        settings["type"] = click.Choice(spec.choices)
    elif spec.count:
        settings["type"] = COUNT
    if spec.multiple:
        settings["multiple"] = True
    if spec.metavar:
        settings["metavar"] = spec.metavar
    if spec.complete == "docs":
        settings["shell_complete"] = _complete_docs
    return click.option(*spec.flags, spec.dest, **settings)


def with_options(specs: Sequence[OptionSpec]) -> Callable[..., Any]:
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for spec in reversed(specs):
            command = click_option(spec)(command)
        return command

    return decorate


output_options = with_options(OUTPUT_OPTIONS)


def listing_command(name: str, help_text: str) -> None:
    """Register a listing command: terms, its own options, the shared listing options."""

    @click.argument("terms", nargs=-1, required=name == "search",
                    shell_complete=_complete_names)
    @with_options((*COMMAND_OPTIONS[name], *LISTING_OPTIONS))
    @click.pass_context
    @finish
    def command(ctx: click.Context, terms: tuple[str, ...], **options: Any) -> int:
        from mali_facts.listing import list_facts

        return list_facts(lambda: _store(ctx), name, terms, options)

    command.__doc__ = help_text
    cli.command(name)(command)


def _open_store(db: str | None) -> Any:
    from mali_facts.config import resolve_store
    from mali_facts.launch import open_store

    return open_store(resolve_store(db).path)


def _store(ctx: click.Context) -> Any:
    root = ctx.find_root()
    if "store" not in root.meta:
        root.meta["store"] = _open_store(root.params.get("db"))
    return root.meta["store"]


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


listing_command("dates", """Dates on the timeline, in chronological order.

    \b
    Examples:
      mali-facts dates kidal
      mali-facts when --from 2020-08 --to 2020-12
    """)

listing_command("figures", """Numbers and what they count.

    \b
    Examples:
      mali-facts figures displaced
      mali-facts how-many --min 1000 --sort -value
    """)

listing_command("officials", """People, their roles and their organizations.

    \b
    Examples:
      mali-facts officials goita
      mali-facts who --role minister
    """)

listing_command("places", """Towns, regions and countries, with coordinates.

    \b
    Examples:
      mali-facts places --type region
      mali-facts where segou
    """)

listing_command("orgs", """Organizations: acronyms and full names.

    \b
    Examples:
      mali-facts orgs cnsp
      mali-facts orgs union --format csv
    """)

listing_command("search", """Search every kind of fact; every term must match.

    \b
    Examples:
      mali-facts search kidal
      mali-facts search goita --kind official --kind date
    """)


@cli.command()
@click.argument("fact_id", metavar="ID", shell_complete=_complete_ids)
@output_options
@click.pass_context
@finish
def show(ctx: click.Context, fact_id: str, fmt: str | None, no_header: bool, color: str) -> int:
    """One fact in full, with its evidence.

    Its fields, its document, the sentence it came from and the other facts of that
    sentence.

    \b
    Example:
      mali-facts show 000-oc5a70
    """
    from mali_facts.listing import make_output
    from mali_facts.query import fact_detail
    from mali_facts.render import render_detail

    output = make_output(fmt, no_header, color)
    store = _store(ctx)
    record = store.fact(fact_id)
    if record is None:
        raise NotFound(f"no fact with id {fact_id!r} (list ids with e.g. 'mali-facts search')")
    detail = fact_detail(record, store.document(str(record.get("doc"))), store.iter_facts())
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
    from mali_facts.listing import make_output
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
    from mali_facts.listing import make_output
    from mali_facts.query import store_stats
    from mali_facts.render import render

    store = _store(ctx)
    rows = store_stats(store.facts(), store.documents())
    rows.append({"key": "store", "value": str(store.path)})
    rows.append({"key": "schema", "value": store.schema_version})
    render(rows, "stat", sys.stdout, make_output(fmt, no_header, color))
    return EXIT_OK


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date, to resolve 'last Friday' and the like.")
@click.option("--title", help="Document title [default: as the document states it].")
@click.option("--outlet", help="Who published it.")
@click.option("--author", help="Who wrote it.")
@click.option("--lang", type=click.Choice(["en", "fr"]),
              help="The document's language [default: detected].")
@click.option("--id", "doc_id", metavar="ID", help="Document id [default: from the file name].")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV or JSONL file: path and optional id, published, title, outlet, "
                   "author, lang, url per document.")
@click.option("--replace", is_flag=True, help="Re-extract a document already in the store.")
@click.option("--facts", "merge", is_flag=True,
              help="FILES are output of 'mali-facts extract': merge their facts as they are.")
@output_options
@click.pass_context
@finish
def ingest(ctx: click.Context, files: tuple[str, ...], published: str | None,
           title: str | None, outlet: str | None, author: str | None, lang: str | None,
           doc_id: str | None, manifest: Path | None, replace: bool, merge: bool,
           fmt: str | None, no_header: bool, color: str) -> int:
    """Extract facts from articles into your store.

    FILE is a text, Markdown, HTML or PDF file (told apart by content), a folder (read
    recursively; NAME.meta.json beside a file gives its metadata) or '-' for stdin.
    Metadata the document states (HTML tags, dateline, 'Published:' line, byline) is
    used unless given here or in the manifest. With --facts, the files are JSONL output
    of 'mali-facts extract', merged without extracting again.

    The store is written once, atomically, whatever the number of files. A file that
    cannot be read is refused with its reason and the others are stored; the exit
    status is then 7.

    \b
    Examples:
      mali-facts ingest article.html --outlet RFI
      mali-facts ingest reports/ --manifest reports.csv
      curl -s URL | mali-facts ingest - --published 2024-01-05 --id rfi-2024-01-05
      mali-facts ingest --facts out/part-*.jsonl
    """
    from mali_facts.config import resolve_store, shipped_store_path
    from mali_facts.errors import DocumentError
    from mali_facts.ingest import ingest_files
    from mali_facts.listing import make_output
    from mali_facts.render import render

    if merge and (doc_id or published or title or outlet or author or lang or manifest):
        raise UsageError("--facts merges documents as extracted; --id, --published, "
                         "--title, --outlet, --author, --lang and --manifest belong to the "
                         "extract input")
    if not files and not manifest:
        raise UsageError("give FILES, a folder, '-' or --manifest FILE")
    if doc_id and (len(files) > 1 or manifest):
        raise UsageError("--id names one document; give one file with it")
    output = make_output(fmt, no_header, color)
    location = resolve_store(ctx.find_root().params.get("db"), for_writing=True)
    initial = shipped_store_path() if location.origin == "user" else None
    if merge:
        from mali_facts.mapstep import merge_outputs, read_outputs

        rows = merge_outputs(location.path, read_outputs(files), replace=replace,
                             initial=initial)
        render(rows, "ingest", sys.stdout, output)
        return EXIT_OK
    show_progress = sys.stderr.isatty()
    outcome = ingest_files(location.path, files, published=published, title=title,
                           outlet=outlet, author=author, lang=lang, doc_id=doc_id,
                           replace=replace, initial=initial, progress=show_progress,
                           manifest=manifest)
    render(outcome.rows, "ingest", sys.stdout, output)
    for warning in outcome.warnings:
        say(f"mali-facts: warning: {warning}")
    if outcome.refused:
        say(f"mali-facts: {outcome.refused} of {len(outcome.rows)} files refused "
            "(the summary gives each reason)")
        return DocumentError.exit_code
    return EXIT_OK


@cli.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--seeds", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the source texts [default: GOLD_DIR/../seeds].")
@click.option("--errors", is_flag=True, help="List misses, false positives, wrong values.")
@click.pass_context
@finish
def eval_command(ctx: click.Context, gold_dir: Path, seeds: Path | None, errors: bool) -> int:
    """Score the extractor against gold annotations.

    Per kind: precision, recall and F1 of spans, and accuracy of the values.

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
    """Rebuild data.json from the seed documents.

    Reads the texts and their metadata (SOURCES.md) from SEEDS_DIR.

    \b
    Example:
      mali-facts build ../shared/seeds -o data.json
    """
    from mali_facts.build import build_store

    counts = build_store(seeds_dir, output)
    say(f"wrote {output}: {counts['documents']} documents, {counts['facts']} facts")
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
    """Run the Click command line (the ``mali-facts`` script starts in ``launch.py``)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="mali-facts")


def _register_command_modules() -> None:
    from mali_facts.commands import scale
    from mali_facts.commands.answers import register

    register(cli)
    scale.register(cli, _store, finish)


_register_command_modules()
