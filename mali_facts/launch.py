"""The ``mali-facts`` entry point: plain listing queries without importing Click.

Shell aliases and scripts call the tool many times in a row, and importing Click costs
more than the rest of a query together. A plain listing query (``mali-facts officials
goita --format tsv``) is read here with the same option specs Click is built from
(``options.py``) and answered by the same code (``listing.py``). Anything else --
``--help``, completion, another command, an unknown or malformed option -- goes to the
Click command line, which owns every error message about arguments.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from mali_facts.options import ALIASES, COMMAND_OPTIONS, LISTING_OPTIONS, defaults, parse_count


class NotPlain(Exception):
    """The arguments need the full command line (help, errors, rare forms)."""


def parse_listing(argv: Sequence[str]) -> tuple[str | None, str, list[str], dict[str, Any]]:
    """``[--db PATH] COMMAND [TERMS] [OPTIONS]`` -> (db, command, terms, options).

    Raises :class:`NotPlain` for anything this small parser does not fully understand.
    """
    args = list(argv)
    db = None
    while args and args[0].startswith("--db"):
        flag, equals, value = args.pop(0).partition("=")
        if flag != "--db" or (equals and not value):
            raise NotPlain
        if not equals:
            if not args:
                raise NotPlain
            value = args.pop(0)
        db = value
    if not args:
        raise NotPlain
    command = ALIASES.get(args[0], args[0])
    if command not in COMMAND_OPTIONS:
        raise NotPlain
    specs = {flag: spec for spec in (*COMMAND_OPTIONS[command], *LISTING_OPTIONS)
             for flag in spec.flags}
    options = defaults(command)
    terms: list[str] = []
    rest = args[1:]
    while rest:
        token = rest.pop(0)
        if not token.startswith("-") or token == "-":
            terms.append(token)
            continue
        flag, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        spec = specs.get(flag)
        if spec is None or (equals and not spec.takes_value):
            raise NotPlain  # --help, --, unknown options, -n5: Click explains
        if not spec.takes_value:
            options[spec.dest] = True
            continue
        if not equals:
            if not rest:
                raise NotPlain
            value = rest.pop(0)
        if spec.choices and value not in spec.choices:
            raise NotPlain
        if spec.count:
            value = parse_count(value)
            if value is None:
                raise NotPlain
        if spec.multiple:
            options[spec.dest] = (*options[spec.dest], value)
        else:
            options[spec.dest] = value
    if command == "search" and not terms:
        raise NotPlain
    return db, command, terms, options


def run_listing(db: str | None, command: str, terms: list[str], options: dict[str, Any]) -> int:
    """Answer a parsed listing query; errors are one line on stderr and an exit code."""
    from mali_facts.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, MaliFactsError
    from mali_facts.listing import list_facts
    from mali_facts.render.text import message_text

    def say(message: str) -> None:  # stderr's one escaping function, as in cli.py
        print(message_text(" ".join(message.split())), file=sys.stderr)

    def load_store() -> Any:
        from mali_facts.config import resolve_store

        return open_store(resolve_store(db).path)

    try:
        status = list_facts(load_store, command, terms, options)
        sys.stdout.flush()
        return status
    except MaliFactsError as error:
        say(f"mali-facts: {error}")
        return error.exit_code
    except BrokenPipeError:
        return quiet_closed_pipe()
    except KeyboardInterrupt:
        say("mali-facts: interrupted")
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: one line, as the Click path does
        if os.environ.get("MALI_FACTS_DEBUG"):
            raise
        say(f"mali-facts: internal error: {type(error).__name__}: {error} "
            "(set MALI_FACTS_DEBUG=1 for details)")
        return EXIT_INTERNAL


#: Stores at least this large are answered through a derived index (mali_facts/index/);
#: below it a scan is fast enough and the index is not even imported.
INDEX_MIN_BYTES = 16 * 1024 * 1024
ENV_INDEX = "MALI_FACTS_INDEX"  # "off": never; "on": whatever the size; else by size


def open_store(path: Any) -> Any:
    """The store at *path*: a large one with its index, a small one as it is."""
    setting = os.environ.get(ENV_INDEX, "")
    if setting != "off":
        try:
            size = os.stat(path).st_size
        except (OSError, ValueError):
            size = 0  # FactStore.open reports the problem
        if setting == "on" or size >= INDEX_MIN_BYTES:
            from mali_facts.index import open_indexed

            return open_indexed(path)
    from mali_facts.store import FactStore

    return FactStore.open(path)


def quiet_closed_pipe() -> int:
    """The reader went away (``| head -1``): status 0, and no error at exit either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (e.g. under a test runner)
    return 0


def tolerant_streams() -> None:
    """Never fail on a character the terminal's encoding lacks (``PYTHONIOENCODING=ascii``,
    a C locale): write it as a ``\\xNN`` escape instead of an internal error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> None:
    if argv is None:
        tolerant_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    if "_MALI_FACTS_COMPLETE" not in os.environ:
        try:
            parsed = parse_listing(args)
        except NotPlain:
            pass
        else:
            sys.exit(run_listing(*parsed))
    from mali_facts.cli import cli

    cli.main(args=args, prog_name="mali-facts")
