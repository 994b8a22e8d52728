"""`timeline`: the same event from several documents is one row, its sources counted."""

from __future__ import annotations

from mali_facts.analysis.timeline import timeline
from mali_facts.cli import cli
from mali_facts.store import write_store


def _date(fid, doc, date, precision, event, role="event"):
    return {"id": fid, "kind": "date", "text": date, "doc": doc, "start": 10, "end": 20,
            "date": date, "precision": precision, "event": event, "date_role": role,
            "evidence": f"{event} on {date}."}


FACTS = [
    _date("a-d1", "a", "2025-11-14", "day", "gunmen attacked the village of Keriba"),
    _date("b-d1", "b", "2025-11", "month", "attack on the village of Keriba by gunmen"),
    _date("b-d2", "b", "2025-11-14", "day", "the minister visited Bamako"),
    _date("c-d1", "c", "2025-11-12", "day", "decree read on television"),
    _date("c-d2", "c", "2025-11-15", "day", "published", role="publication"),
]


def test_same_event_merges_and_counts_sources_precise_date_first():
    rows = timeline(FACTS)
    assert [r["date"] for r in rows] == ["2025-11-12", "2025-11-14", "2025-11-14"]
    attack = next(r for r in rows if "a-d1" in r["ids"])
    assert attack["sources"] == 2 and attack["docs"] == "a,b" and attack["precision"] == "day"
    assert all("c-d2" not in r["ids"] for r in rows)  # publication dates are not events


def test_timeline_command_filters_and_exit_status(runner, isolated_environment):
    write_store(isolated_environment, [{"id": d, "title": d} for d in "abc"], FACTS)
    result = runner.invoke(cli, ["timeline", "keriba", "--format", "tsv", "--no-header"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 1 and "\t2\ta,b\t" in result.output
    assert runner.invoke(cli, ["timeline", "--min-sources", "2", "--no-header"]
                         ).output.count("\n") == 1
    assert runner.invoke(cli, ["timeline", "--from", "2026"]).exit_code == 1
    assert runner.invoke(cli, ["timeline", "--from", "nope"]).exit_code == 2
