"""Every error is one line with a documented exit code; 70 is only ever a bug.

Malformed store records are exit 5 (a property test puts random JSON in every field of a
record); odd arguments, environments and encodings get their own documented code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mali_facts.store as store_module
from mali_facts.cli import cli
from mali_facts.launch import main
from tests.conftest import SAMPLE_DOCUMENTS, SAMPLE_FACTS


def process(*args: str | bytes, cwd: Path, env: dict | None = None,
            input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mali_facts", *args], cwd=cwd, input=input,
                          env={**os.environ, **(env or {})}, capture_output=True, timeout=60)


def one_line(stderr: bytes | str) -> bool:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    return text.count("\n") == 1 and text.endswith("\n") and "Traceback" not in text


# -- store records of the wrong shape --------------------------------------------------

def store_with(path: Path, fact: dict | None = None, meta: dict | None = None,
               raw: str | None = None) -> None:
    fact = fact or SAMPLE_FACTS[0]
    facts = [f for f in SAMPLE_FACTS if f["id"] != fact.get("id")] + [fact]
    data = {"meta": {"schema": {"version": 1}},
            "documents": {d["id"]: d for d in SAMPLE_DOCUMENTS},
            "facts": {str(f["id"]) if f is not fact else SAMPLE_FACTS[0]["id"]
                      if not isinstance(f["id"], str) else f["id"]: f for f in facts}}
    if meta:
        data["meta"].update(meta)
    text = json.dumps(data, indent=2, sort_keys=True, allow_nan=True) + "\n"
    if raw:
        text = text.replace('"start": 10', f'"start": {raw}', 1)
    path.write_text(text)


BAD_FACTS = {
    "start is text": dict(SAMPLE_FACTS[0], start="abc"),
    "end is a float": dict(SAMPLE_FACTS[0], end=1.5),
    "value is text": dict(SAMPLE_FACTS[4], value="many"),
    "lat is a list": dict(SAMPLE_FACTS[10], lat=[1]),
    "3,000-slash date": dict(SAMPLE_FACTS[0], date="/".join(["2021"] * 3001)),
    "deep nesting": dict(SAMPLE_FACTS[0], extra=json.loads("[" * 200 + "]" * 200)),
    "aliases of numbers": dict(SAMPLE_FACTS[7], aliases=[1, 2]),
    "mentions of text": dict(SAMPLE_FACTS[7], mentions=["a-b"]),
    "kind is a number": dict(SAMPLE_FACTS[0], kind=3),
    "relative is text": dict(SAMPLE_FACTS[0], relative="yes"),
    "id is not its key": dict(SAMPLE_FACTS[0], id=7),
    "lone surrogate": dict(SAMPLE_FACTS[0], event="\udcff"),
}
COMMANDS = [["dates"], ["dates", "--format", "table"], ["figures", "--format", "json"],
            ["search", "a"], ["show", "t1-d00001"], ["stats"], ["export"],
            ["export", "--format", "csv"], ["docs"]]


@pytest.fixture(params=["small", "large"])
def both_readers(request, monkeypatch):
    """Small stores are parsed whole, large ones record by record: both must refuse."""
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 10**9 if request.param == "small"
                        else 0)


@pytest.mark.parametrize("case", sorted(BAD_FACTS))
def test_malformed_records_are_a_corrupt_store(isolated_environment, both_readers, case):
    store_with(isolated_environment, BAD_FACTS[case])
    before = isolated_environment.read_bytes()
    seen = set()
    for args in COMMANDS:
        result = CliRunner().invoke(cli, args)
        seen.add(result.exit_code)
        assert result.exit_code in (0, 1, 5), (args, result.output)
        if result.exit_code == 5:
            assert one_line(result.stderr) and "malformed" in result.stderr or \
                "not valid JSON" in result.stderr
    assert 5 in seen  # some command read the bad record and said so
    assert isolated_environment.read_bytes() == before


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e400", "9" * 5000])
def test_numbers_json_cannot_hold_are_a_corrupt_store(isolated_environment, both_readers,
                                                       raw):
    store_with(isolated_environment, raw=raw)
    for args in (["dates"], ["stats"], ["export"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 5, (args, result.output)
        assert one_line(result.stderr)


@pytest.mark.parametrize("value", [5, "text", [1], None])
def test_an_extra_meta_key_that_is_not_a_record_is_corrupt(isolated_environment, value):
    store_with(isolated_environment, meta={"zzz": value, "aaa": value})
    for args in (["dates"], ["stats"], ["ingest", "-"]):
        result = CliRunner().invoke(cli, args, input="On 3 May 2022 people met.\n")
        assert result.exit_code == 5 and one_line(result.stderr), (args, result.output)


def test_an_extra_meta_record_is_ignored(isolated_environment):
    store_with(isolated_environment, meta={"aaa": {"note": "from a newer tool"}})
    result = CliRunner().invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0
    assert {"key": "schema", "value": 1} in json.loads(result.stdout)


@pytest.mark.parametrize("fast", [True, False])
def test_the_fast_path_refuses_bad_records_too(isolated_environment, capsys, fast):
    store_with(isolated_environment, BAD_FACTS["start is text"])
    if fast:
        with pytest.raises(SystemExit) as exited:
            main(["dates"])
        code, err = exited.value.code, capsys.readouterr().err
    else:
        result = CliRunner().invoke(cli, ["dates"])
        code, err = result.exit_code, result.stderr
    assert code == 5 and one_line(err) and "'start' is str" in err


# random JSON of every shape, for every field of every kind of record
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                               max_size=4),
    max_leaves=12)
FIELDS = sorted({(i, name) for i, fact in enumerate(SAMPLE_FACTS[:11:2]) for name in fact}
                | {(i, "time") for i in range(6)} | {(i, "measure") for i in range(6)})


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(where=st.sampled_from(FIELDS), value=JSON, lazy=st.booleans())
def test_random_json_in_any_field_is_exit_0_or_5(isolated_environment, monkeypatch, where,
                                                 value, lazy):
    index, name = where
    fact = dict(SAMPLE_FACTS[:11:2][index], **{name: value})
    facts = [f for f in SAMPLE_FACTS if f["id"] != fact["id"]] + [fact]
    monkeypatch.setattr(store_module, "ORJSON_MIN_BYTES", 0 if lazy else 10**9)
    data = {"meta": {"schema": {"version": 1}},
            "documents": {d["id"]: d for d in SAMPLE_DOCUMENTS},
            "facts": {f["id"] if isinstance(f["id"], str) else "t1-z1": f for f in facts}}
    isolated_environment.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    listing = {"date": "dates", "figure": "figures", "official": "officials",
               "place": "places", "org": "orgs"}[SAMPLE_FACTS[:11:2][index]["kind"]]
    commands = [["stats"], ["export"], ["export", "--format", "csv"],
                ["show", SAMPLE_FACTS[:11:2][index]["id"]], ["show", SAMPLE_FACTS[1]["id"]]]
    if name not in ("kind", "id"):
        commands += [[listing], [listing, "--format", "table"], [listing, "-f", "json"],
                     [listing, "-f", "csv"], [listing, "--sort", "-start"]]
    for args in commands:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 5), (args, name, value, result.output)
        if result.exit_code == 5:
            assert one_line(result.stderr)


# -- arguments and environments ----------------------------------------------------------

@pytest.mark.parametrize("digits", [19, 5000])
def test_a_huge_limit_is_no_limit_on_both_paths(sample_store, capsys, digits):
    limit = "9" * digits
    with pytest.raises(SystemExit) as exited:
        main(["dates", "--limit", limit])
    fast = capsys.readouterr()
    slow = CliRunner().invoke(cli, ["dates", "--limit", limit])
    everything = CliRunner().invoke(cli, ["dates"])
    assert exited.value.code == slow.exit_code == 0
    assert fast.out == slow.stdout == everything.stdout


def test_a_huge_limit_in_a_real_process(sample_store, tmp_path):
    result = process("dates", "-n", "7" * 5000, cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == b""


def test_a_bad_limit_is_one_line(sample_store):
    result = CliRunner().invoke(cli, ["dates", "--limit", "x" * 5000])
    assert result.exit_code == 2 and one_line(result.stderr) and len(result.stderr) < 300


def test_non_utf8_file_names_are_ingested(tmp_path):
    name = b"bad\xffname.txt"
    (tmp_path / os.fsdecode(name)).write_text("On 3 May 2022 about 100 people met in Gao.\n")
    store = tmp_path / "s.json"
    result = process("--db", str(store), "ingest", name, "--published", "2024-01-01",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(store.read_bytes())["documents"]["bad-name"]
    assert document["source"] == "bad\\xffname.txt"
    again = process("--db", str(store), "ingest", name, "--replace", cwd=tmp_path)
    assert again.returncode == 0 and b"replaced" in again.stdout


def test_a_refused_non_utf8_file_name_is_one_line(tmp_path):
    name = b"bad\xff\x1b.bin"
    (tmp_path / os.fsdecode(name)).write_bytes(b"\x00\x00")
    result = process("--db", str(tmp_path / "s.json"), "ingest", name, cwd=tmp_path)
    assert result.returncode == 7 and one_line(result.stderr)
    assert b"bad\\xff\\x1b.bin" in result.stderr


@pytest.mark.parametrize("option", ["--title", "--outlet", "--author", "--published", "--id"])
def test_non_utf8_option_values_are_usage_errors(tmp_path, option):
    text = tmp_path / "a.txt"
    text.write_text("On 3 May 2022 people met.\n")
    store = tmp_path / "s.json"
    result = process("--db", str(store), "ingest", str(text), option, b"x\xffy", cwd=tmp_path)
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert not store.exists()


@pytest.mark.parametrize("args", [[b"dates", b"\xff"], [b"dates", b"--doc", b"\xff"],
                                  [b"dates", b"--sort", b"\xff"], [b"show", b"\xff"],
                                  [b"officials", b"--role", b"\xff\x1b"],
                                  [b"--db", b"\xff", b"dates"], [b"dates", b"-f", b"\xff"]])
def test_non_utf8_query_arguments_never_crash(sample_store, tmp_path, args):
    result = process(*args, cwd=tmp_path)
    assert result.returncode in (1, 2, 3), result.stderr
    assert b"\x1b" not in result.stderr and b"Traceback" not in result.stderr
    assert result.stderr == b"" or one_line(result.stderr)


def test_published_far_in_the_past_with_relative_dates(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Yesterday, 3 people died in Gao. Last week the army left. "
                    "Next year there will be elections.\n")
    store = tmp_path / "s.json"
    for day in ("0001-01-01", "9999-12-31"):
        result = process("--db", str(store), "ingest", str(text), "--published", day,
                         cwd=tmp_path)
        assert result.returncode == 2 and one_line(result.stderr), result.stderr
        assert b"--published" in result.stderr
    assert not store.exists()


def test_a_dateline_in_year_1_is_not_a_publication_date(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Published: 0001-01-01\n\nYesterday, 3 people died in Gao last week.\n")
    result = process("--db", str(tmp_path / "s.json"), "ingest", str(text), "-f", "json",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["published"] is None


@pytest.mark.parametrize("value", ["1e11", "100000000000", "-5", "0", "lots", "9" * 5000])
def test_a_bad_size_limit_is_a_usage_error_without_allocating_it(tmp_path, value):
    text = tmp_path / "a.txt"
    text.write_text("On 3 May 2022 people met.\n")
    result = process("--db", str(tmp_path / "s.json"), "ingest", str(text), cwd=tmp_path,
                     env={"MALI_FACTS_MAX_BYTES": value})
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert b"MALI_FACTS_MAX_BYTES" in result.stderr


def test_a_large_size_limit_reads_only_the_file(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("On 3 May 2022 people met.\n")
    result = process("--db", str(tmp_path / "s.json"), "ingest", str(text), cwd=tmp_path,
                     env={"MALI_FACTS_MAX_BYTES": str(2 ** 30)})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [["dates"], ["ingest", "-"], ["stats"]])
def test_an_unknown_user_in_the_store_path(tmp_path, command):
    result = process("--db", "~nosuchuser/x.json", *command, cwd=tmp_path, input=b"text")
    assert result.returncode == 3 and one_line(result.stderr), result.stderr
    assert b"nosuchuser" in result.stderr
    env_result = process(*command, cwd=tmp_path, input=b"text",
                         env={"MALI_FACTS_DB": "~nosuchuser/x.json"})
    assert env_result.returncode == 3


@pytest.mark.parametrize("args", [["officials", "goita"], ["officials", "goita", "-f", "table"],
                                  ["show", "000-oc5a70"], ["docs", "-f", "table"],
                                  ["search", "ségou", "-f", "csv"], ["export"]])
def test_an_ascii_terminal_gets_escapes_not_an_internal_error(tmp_path, args):
    result = process(*args, cwd=tmp_path, env={"PYTHONIOENCODING": "ascii",
                                               "MALI_FACTS_DB": ""})
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    result.stdout.decode("ascii")  # every byte is ASCII


def test_completion_without_a_shell_is_one_line(runner):
    result = runner.invoke(cli, ["completion"])
    assert result.exit_code == 2 and one_line(result.stderr)
    assert "bash" in result.stderr and "fish" in result.stderr


def test_click_errors_are_one_line(runner, sample_store):
    for args in (["dates", "--format"], ["dates", "-f", "xml"], ["nosuch"], ["show"],
                 ["ingest"], ["eval", "/nonexistent"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2 and one_line(result.stderr), (args, result.stderr)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
