"""Conflicts and corroboration across documents, on small hand-made records."""

from __future__ import annotations

from typing import Any

from mali_facts.analysis.conflicts import find_conflicts, source_counts

DOCS = [{"id": "a", "published": "2025-03-02"}, {"id": "b", "published": "2025-03-03"},
        {"id": "c", "published": "2025-03-06"}]


def figure(doc: str, n: int, value: float, counts: str, evidence: str,
           qualifier: str = "exact") -> dict[str, Any]:
    return {"id": f"{doc}-f{n}", "kind": "figure", "doc": doc, "text": str(int(value)),
            "start": evidence.find(str(int(value))), "end": 0, "evidence": evidence,
            "value": value, "unit": "people", "counts": counts, "measure": "casualties",
            "qualifier": qualifier}


def date(doc: str, n: int, value: str, event: str, evidence: str, text: str) -> dict[str, Any]:
    return {"id": f"{doc}-d{n}", "kind": "date", "doc": doc, "text": text,
            "start": evidence.find(text), "end": 0, "evidence": evidence, "date": value,
            "event": event, "date_role": "event"}


def official(doc: str, name: str, role: str, status: str = "current") -> dict[str, Any]:
    return {"id": f"{doc}-o{len(role)}", "kind": "official", "doc": doc, "text": name,
            "start": 0, "end": len(name), "evidence": f"{name}, {role}, spoke.",
            "name": name, "role": role, "rank": None, "status": status, "time": None}


def test_two_tolls_for_one_attack_are_a_conflict_with_both_sides() -> None:
    facts = [figure("a", 1, 31, "civilians killed in the attack", "Gunmen killed 31 civilians."),
             figure("b", 1, 48, "people killed in the attack", "At least 48 people were "
                    "killed in the attack.", "at_least")]
    conflicts, _ = find_conflicts(facts, DOCS)
    assert len(conflicts) == 1
    row = conflicts[0]
    assert {row["docs_a"], row["docs_b"]} == {"a", "b"}
    assert "31" in row["value_a"] + row["value_b"] and "at least 48" in \
        row["value_a"] + row["value_b"]
    assert row["evidence_a"] and row["evidence_b"]


def test_killed_and_wounded_are_different_things() -> None:
    facts = [figure("a", 1, 31, "civilians killed", "Gunmen killed 31 civilians."),
             figure("b", 1, 12, "people wounded", "Twelve people were wounded.")]
    assert find_conflicts(facts, DOCS)[0] == []


def test_a_marked_update_is_not_a_dispute() -> None:
    facts = [figure("a", 1, 31, "civilians killed", "Gunmen killed 31 civilians."),
             figure("c", 1, 52, "people killed", "The government raised the toll of "
                    "people killed to 52.")]
    assert find_conflicts(facts, DOCS)[0] == []


def test_a_value_within_at_least_is_compatible_and_corroborates() -> None:
    facts = [figure("a", 1, 50, "people killed", "Fifty people were killed."),
             figure("b", 1, 40, "people killed", "At least 40 people were killed.",
                    "at_least")]
    conflicts, agreements = find_conflicts(facts, DOCS)
    assert conflicts == []
    assert agreements and agreements[0]["sources"] == 2


def test_dates_of_one_event_conflict_but_a_coarser_date_agrees() -> None:
    facts = [date("a", 1, "2025-03-01", "rebels attacked the camp at Ber", "On Saturday "
                  "rebels attacked the camp at Ber.", "Saturday"),
             date("b", 1, "2025-02-28", "rebels attacked the camp at Ber", "On 28 February "
                  "rebels attacked the camp at Ber.", "28 February"),
             date("c", 1, "2025-03", "rebels attacked the camp at Ber", "In March rebels "
                  "attacked the camp at Ber.", "March")]
    conflicts, _ = find_conflicts(facts, DOCS)
    values = {(r["value_a"], r["value_b"]) for r in conflicts}
    assert values and all("2025-03" not in (a, b) for a, b in values)
    assert any({"2025-03-01", "2025-02-28"} == {a, b} for a, b in values)


def test_different_events_on_different_days_are_not_conflicts() -> None:
    facts = [date("a", 1, "2025-03-01", "the convoy left Gao", "The convoy left Gao on "
                  "Saturday.", "Saturday"),
             date("b", 1, "2025-03-05", "the convoy reached Tessalit", "The convoy reached "
                  "Tessalit on Wednesday.", "Wednesday")]
    assert find_conflicts(facts, DOCS)[0] == []


def test_one_person_in_two_offices_at_once_is_a_role_conflict() -> None:
    facts = [official("a", "Awa Traoré", "minister of security"),
             official("b", "Awa Traoré", "minister of defence"),
             official("c", "Awa Traoré", "security minister")]
    conflicts, agreements = find_conflicts(facts, DOCS)
    assert [r["type"] for r in conflicts] == ["role"]
    assert {conflicts[0]["value_a"], conflicts[0]["value_b"]} & {"minister of defence"}
    assert agreements and agreements[0]["sources"] == 2  # "security minister" agrees


def test_a_former_office_is_not_a_conflict() -> None:
    facts = [official("a", "Awa Traoré", "chief of staff", status="former"),
             official("b", "Awa Traoré", "minister of defence")]
    assert find_conflicts(facts, DOCS)[0] == []


def test_source_counts_count_documents_with_the_same_value() -> None:
    facts = [figure("a", 1, 31, "civilians killed", "Gunmen killed 31 civilians."),
             figure("b", 1, 31, "villagers killed", "31 villagers were killed."),
             figure("c", 1, 48, "people killed", "48 people were killed.")]
    counts = source_counts(facts, facts, DOCS)
    assert counts == {"a-f1": 2, "b-f1": 2, "c-f1": 1}


# -- the command line ------------------------------------------------------------------

def _two_tolls(home: Any) -> None:
    from tests.conftest import write_store

    docs = [{"id": d["id"], "title": d["id"], "published": d["published"], "outlet": None,
             "author": None, "sha256": "0" * 64, "words": 9, "chars": 50,
             "source": f"{d['id']}.txt"} for d in DOCS]
    facts = [figure("a", 1, 31, "civilians killed", "Gunmen killed 31 civilians."),
             figure("b", 1, 48, "people killed", "At least 48 people were killed.",
                    "at_least"),
             figure("b", 2, 12, "people wounded", "Twelve people were wounded."),
             figure("c", 1, 12, "people wounded", "12 people were wounded.")]
    write_store(home, docs, facts)


def test_conflicts_command_lists_both_sides_in_documented_columns(runner, isolated_environment):
    from mali_facts.analysis.conflicts import CONFLICT_COLUMNS
    from mali_facts.cli import cli

    _two_tolls(isolated_environment)
    result = runner.invoke(cli, ["conflicts", "--format", "tsv"])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert tuple(header.split("\t")) == CONFLICT_COLUMNS
    assert len(rows) == 1 and "at least 48" in rows[0] and "\t31 people\t" in rows[0]
    agreed = runner.invoke(cli, ["conflicts", "--agreements", "-f", "json"])
    assert agreed.exit_code == 0 and '"sources": 2' in agreed.output


def test_conflicts_exit_1_when_there_is_none(runner, isolated_environment):
    from mali_facts.cli import cli

    _two_tolls(isolated_environment)
    result = runner.invoke(cli, ["conflicts", "--type", "date"])
    assert result.exit_code == 1


def test_min_sources_keeps_corroborated_figures_with_a_sources_column(runner,
                                                                      isolated_environment):
    from mali_facts.cli import cli

    _two_tolls(isolated_environment)
    result = runner.invoke(cli, ["figures", "--min-sources", "2", "-f", "tsv"])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split("\t")[-1] == "sources"
    assert sorted(r.split("\t")[0] for r in rows) == ["b-f2", "c-f1"]
    assert all(r.endswith("\t2") for r in rows)


def test_fields_documents_needs_the_merged_listing(runner, sample_store):
    from mali_facts.cli import cli

    merged = runner.invoke(cli, ["officials", "--fields", "name,documents", "-f", "tsv"])
    assert merged.exit_code == 0 and merged.output.splitlines()[0] == "name\tdocuments"
    per_doc = runner.invoke(cli, ["officials", "--by-document", "--fields", "documents"])
    assert per_doc.exit_code == 2 and "documents" in per_doc.output
