"""Arbitrary arguments and documents: never a traceback, documented exit codes only,
and the store unchanged after anything that is refused."""

from __future__ import annotations

import string
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mali_facts.cli import cli

DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 7}
COMMANDS = ["dates", "figures", "officials", "places", "orgs", "search", "show", "docs",
            "stats", "export", "when", "who", "where", "how-many"]
OPTIONS = ["--from", "--to", "--min", "--max", "--unit", "--role", "--org", "--type",
           "--region", "--country", "--doc", "--limit", "--sort", "--fields", "--format",
           "--no-header", "--color", "--kind", "-n", "-f", "--officials-only", "--documents"]

argument = st.one_of(
    st.sampled_from(OPTIONS),
    st.text(alphabet=string.printable + "éïç’\u202e\x00\x1b", max_size=12),
    st.sampled_from(["2021", "2021-05", "2021-13-01", "-1", "0", "1e309", "nan", "table",
                     "json", "id,date", "-value", "goita", ""]),
)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(COMMANDS), args=st.lists(argument, max_size=6))
def test_any_arguments_give_a_documented_exit_and_no_traceback(sample_store, command, args):
    before = sample_store.read_bytes()
    result = CliRunner().invoke(cli, [command, *args])
    assert result.exit_code in DOCUMENTED_EXIT_CODES, (args, result.output)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, repr(result.exception))
    assert sample_store.read_bytes() == before


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(str.encode)))
def test_any_document_is_ingested_or_refused_cleanly(sample_store: Path, tmp_path_factory,
                                                     content):
    before = sample_store.read_bytes()
    path = tmp_path_factory.mktemp("docs") / "doc.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["ingest", str(path), "--published", "2024-01-01"])
    assert result.exit_code in (0, 7), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 7:
        assert sample_store.read_bytes() == before
        assert len(result.output.strip().splitlines()) == 1
