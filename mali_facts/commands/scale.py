"""Commands for handing facts on at scale: ``export`` (files for SQL tools) and ``extract``.

Registered by ``cli.py``; the work is done in ``exports.py`` and ``mapstep.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mali_facts.errors import EXIT_OK, UsageError

TEXT_FORMATS = ("json", "jsonl", "csv")
FILE_FORMATS = ("sqlite", "parquet")


def register(cli: click.Group, store_of: Callable[[click.Context], Any],
             finish: Callable[..., Any]) -> None:
    """Add ``export`` and ``extract`` to *cli*; *store_of* opens the chosen store."""

    @cli.command()
    @click.argument("path", required=False, metavar="[PATH]")
    @click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS + FILE_FORMATS),
                  default="json", show_default=True)
    @click.option("--documents", "what", flag_value="documents",
                  help="Export the documents instead of the facts (jsonl, csv, parquet).")
    @click.pass_context
    @finish
    def export(ctx: click.Context, path: str | None, fmt: str, what: str | None) -> int:
        """Every fact and document, for other programs and SQL tools.

        json: {"documents": [...], "facts": [...]}; jsonl and csv: one fact per line
        (or one document with --documents), to stdout. sqlite: a database at
        PATH with tables facts and documents and full-text search. parquet: the facts
        (or documents) as a Parquet file at PATH; needs pip install 'mali-facts[parquet]'.

        \b
        Examples:
          mali-facts export --format jsonl | jq -r .id
          mali-facts export --format csv > facts.csv
          mali-facts export --format sqlite facts.db && datasette facts.db
          mali-facts export --format parquet facts.parquet
        """
        from mali_facts import exports

        if fmt in FILE_FORMATS and path is None:
            raise UsageError(f"--format {fmt} writes a file: give its PATH")
        if fmt in TEXT_FORMATS and path is not None:
            raise UsageError(f"--format {fmt} is written to stdout (redirect it with >); "
                             "PATH is for sqlite and parquet")
        if path is not None and ("\x00" in path or not path):
            raise UsageError("PATH: not a valid file name")
        if fmt == "sqlite" and what:
            raise UsageError("--format sqlite holds both tables; leave out --documents")
        if fmt == "parquet":
            exports.require_pyarrow()  # before the store is read
        store = store_of(ctx)
        if fmt == "sqlite":
            exports.write_sqlite(Path(path), store.documents(), store.facts())
        elif fmt == "parquet":
            rows = store.documents() if what else store.facts()
            columns = exports.document_columns(rows) if what else exports.fact_columns(rows)
            exports.write_parquet(Path(path), rows, columns)
        else:
            write_text_export(store, fmt, what, sys.stdout)
        return EXIT_OK

    @cli.command()
    @click.argument("source", required=False, default="-", metavar="[FILE]")
    def extract(source: str) -> None:
        """Extract facts from JSONL documents, without a store.

        Reads one JSON document per line from FILE or stdin -- {"id", "text",
        "published", "metadata": {"title", "outlet", "author", "source", "path"}} -- and writes
        one line per document to stdout: {"document": {...}, "facts": [...]}. The output
        depends only on the input, so it can run on many workers at once; merge it
        with 'mali-facts ingest --facts FILE'.

        \b
        Examples:
          mali-facts extract < docs.jsonl > facts.jsonl
          mali-facts --db archive.json ingest --facts facts.jsonl
        """
        from mali_facts.errors import DocumentError
        from mali_facts.mapstep import extract_stream

        try:
            handle = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
        except OSError as error:
            raise DocumentError(f"{source}: cannot read ({error.strerror or error})") from None
        with handle:
            extract_stream(handle, sys.stdout.buffer, "<stdin>" if source == "-" else source)
        sys.stdout.flush()


def write_text_export(store: Any, fmt: str, what: str | None, out: Any) -> None:
    """json, jsonl or csv of every fact (or document) to the text stream *out*."""
    from mali_facts.exports import fact_columns
    from mali_facts.fields import DOCUMENT_FIELDS
    from mali_facts.render.text import json_text, write_csv, write_jsonl

    if fmt == "json":
        payload = {"documents": store.documents(), "facts": store.facts()}
        out.write(json_text(payload, indent=2, sort_keys=True) + "\n")
        return
    rows = store.documents() if what == "documents" else store.facts()
    if fmt == "jsonl":
        write_jsonl(rows, None, out)
    else:
        columns = list(DOCUMENT_FIELDS) if what == "documents" else fact_columns(rows)
        write_csv(rows, columns, out)
