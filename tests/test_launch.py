"""The launcher's fast path answers exactly as the Click command line does."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mali_facts.cli import cli
from mali_facts.launch import NotPlain, main, parse_listing

SAME_ANSWER = [
    ["dates"], ["dates", "--from", "2021", "--to", "2023-11"], ["when", "--from=2013"],
    ["figures", "--min", "1000", "--sort", "-value"], ["how-many", "-n", "1"],
    ["officials", "goita", "--format", "json"], ["who", "--role", "prime", "--no-header"],
    ["officials", "--officials-only", "--fields", "name,role"], ["places", "segou"],
    ["where", "--type", "region", "-f", "csv"], ["orgs", "--format", "jsonl"],
    ["search", "kidal", "--kind", "place", "--kind", "date"], ["search", "kidal", "--doc", "t2"],
    ["officials", "nobody"], ["officials", "goitta"], ["dates", "--from", "notadate"],
    ["dates", "--fields", "nonsense"], ["places", "--format", "table", "--color", "never"],
]


@pytest.mark.parametrize("argv", SAME_ANSWER, ids=" ".join)
def test_fast_path_matches_click(sample_store, capsys, argv):
    parse_listing(argv)  # these are all plain queries
    with pytest.raises(SystemExit) as exited:
        main(argv)
    fast = capsys.readouterr()
    slow = CliRunner().invoke(cli, argv)
    assert exited.value.code == slow.exit_code
    assert fast.out == slow.stdout
    assert fast.err == slow.stderr


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["dates", "--help"], ["dates", "-h"], ["stats"], ["show", "x"],
    ["dates", "--bogus"], ["dates", "--limit", "-1"], ["dates", "--format", "xml"],
    ["dates", "--from"], ["search"], ["dates", "--", "-x"], ["--db"], ["--dbx", "a", "dates"],
    ["dates", "-n5"], ["dates", "--no-header=yes"],
])
def test_everything_else_goes_to_click(argv):
    with pytest.raises(NotPlain):
        parse_listing(argv)


def test_global_db_option(sample_store, tmp_path):
    db, command, terms, options = parse_listing(["--db", "x.json", "who", "ba", "-n", "2"])
    assert (db, command, terms, options["limit"]) == ("x.json", "officials", ["ba"], 2)
    assert parse_listing(["--db=y.json", "dates"])[0] == "y.json"


def test_store_errors_are_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(tmp_path / "missing.json"), "dates"])
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.json" in err
