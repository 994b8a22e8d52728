"""Scale sections of the benchmark: the index at large sizes, and extraction on Dask.

Used by ``run.py``. Every baseline runs in the same run as what it is compared with:
``jq`` on the store file, and DuckDB (a whole ``python -c "import duckdb ..."`` process)
on a Parquet export of the same facts, both printing the same rows as TSV.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

#: The filtered listings of issue 12, each with jq and DuckDB doing the same filter.
LISTINGS: dict[str, dict[str, Any]] = {
    # one row per person across documents (the default since entities are merged)
    "officials goita": {
        "argv": ["officials", "goita"],
        "jq": '.facts[] | select(.kind == "official") | select((.name // "") | '
              'test("go[iï]ta"; "i")) | [.id, .name, .role, .org, .country, .doc] | @tsv',
        "sql": "SELECT id, name, role, org, country, doc FROM '{p}' WHERE kind = 'official' "
               "AND strip_accents(lower(coalesce(name, ''))) LIKE '%goita%' "
               "ORDER BY doc, start, \"end\", id"},
    "officials goita --by-document": {
        "argv": ["officials", "goita", "--by-document"],
        "jq": '.facts[] | select(.kind == "official") | select((.name // "") | '
              'test("go[iï]ta"; "i")) | [.id, .name, .role, .org, .country, .doc] | @tsv',
        "sql": "SELECT id, name, role, org, country, doc FROM '{p}' WHERE kind = 'official' "
               "AND strip_accents(lower(coalesce(name, ''))) LIKE '%goita%' "
               "ORDER BY doc, start, \"end\", id"},
    "dates --from 2021-05 --to 2021-05": {
        "argv": ["dates", "--from", "2021-05", "--to", "2021-05"],
        "jq": '.facts[] | select(.kind == "date" and ((.date // "") | startswith("2021-05")))'
              ' | [.id, .date, .precision, .text, .event, .doc] | @tsv',
        "sql": "SELECT id, date, precision, text, event, doc FROM '{p}' WHERE kind = 'date' "
               "AND date LIKE '2021-05%' ORDER BY date, id"},
    "figures --min 1000": {
        "argv": ["figures", "--min", "1000"],
        "jq": '.facts[] | select(.kind == "figure" and (.value | type) == "number" and '
              '.value >= 1000) | [.id, .value, .unit, .counts, .approx, .text, .doc] | @tsv',
        "sql": "SELECT id, value, unit, counts, approx, text, doc FROM '{p}' WHERE "
               "kind = 'figure' AND value >= 1000 ORDER BY doc, start, \"end\", id"},
}


def have_duckdb() -> bool:
    return subprocess.run([PYTHON, "-c", "import duckdb"], capture_output=True).returncode == 0


def duckdb_argv(sql: str, parquet: Path) -> list[str]:
    query = sql.replace("{p}", str(parquet))
    copy = f"COPY ({query}) TO '/dev/stdout' (FORMAT csv, DELIMITER '\t', HEADER)"
    return [PYTHON, "-c", f"import duckdb; duckdb.sql({copy!r})"]


def output_lines(argv: list[str], env: dict[str, str] | None = None) -> int:
    result = subprocess.run(argv, env=env, capture_output=True, check=False)
    return result.stdout.count(b"\n")


def once_ms(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return (time.perf_counter() - start) * 1000


def bench_listings(store: Path, n_runs: int, env: dict[str, str], cli: list[str],
                   time_process: Any) -> dict[str, Any]:
    """Cold (index built), warm, jq and DuckDB timings of the three listings on *store*.

    *store* is a scratch copy: an ``ingest`` into it measures the incremental rebuild.
    """
    have_jq = shutil.which("jq") is not None
    duck = have_duckdb()
    out: dict[str, Any] = {}
    first = LISTINGS["officials goita"]["argv"]
    out["cold_full_build_ms"] = once_ms(cli + first + ["--format", "tsv"], env)
    if duck:
        parquet = store.with_suffix(".parquet")
        start = time.perf_counter()
        subprocess.run(cli + ["export", "--format", "parquet", str(parquet)], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        out["export_parquet_s"] = time.perf_counter() - start
    for name, listing in LISTINGS.items():
        argv = cli + listing["argv"] + ["--format", "tsv"]
        row: dict[str, Any] = {"warm": time_process(argv, n_runs, env),
                               "rows": output_lines(argv, env) - 1}
        if have_jq:
            jq = ["jq", "-r", listing["jq"], str(store)]
            row["jq"] = time_process(jq, n_runs)
            row["jq_rows"] = output_lines(jq)
            row["ratio_jq"] = row["warm"]["median_ms"] / row["jq"]["median_ms"]
        if duck:
            duck_argv = duckdb_argv(listing["sql"], parquet)
            row["duckdb"] = time_process(duck_argv, n_runs)
            row["duckdb_rows"] = output_lines(duck_argv) - 1
            row["ratio_duckdb"] = row["warm"]["median_ms"] / row["duckdb"]["median_ms"]
        out[name] = row
    completion = dict(env, _MALI_FACTS_COMPLETE="bash_complete",
                      COMP_WORDS="mali-facts show d000", COMP_CWORD="2")
    out["completion"] = time_process(cli, n_runs, completion)
    # one more document: the next query rebuilds, reusing the unchanged records' rows
    article = store.with_name("one-more.txt")
    article.write_text("On 3 May 2021, about 1,200 people fled Gao, officials said.\n")
    start = time.perf_counter()
    subprocess.run(cli + ["ingest", str(article), "--published", "2021-05-04"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    out["ingest_one_s"] = time.perf_counter() - start
    out["cold_after_ingest_ms"] = once_ms(cli + first + ["--format", "tsv"], env)
    return out


def bench_map_step(n_docs: int, env: dict[str, str], cli: list[str]) -> dict[str, Any]:
    """Documents per second of ``extract`` in one process and on Dask with 1 and 2
    workers, and whether every merged store equals a plain ``ingest`` of the texts."""
    sys.path.insert(0, str(REPO))
    from recipes.documents import write_documents

    work = Path(tempfile.mkdtemp(prefix="mf-map-"))
    docs = write_documents(work / "docs.jsonl", n_docs, text_dir=work / "texts")
    out: dict[str, Any] = {"documents": n_docs}

    def merged_export(store: Path, parts: list[str]) -> str:
        subprocess.run(cli + ["--db", str(store), "ingest", "--facts", *parts], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        return export_json(store)

    def export_json(store: Path) -> str:
        """The store's export, but for where each publication date came from: the
        extract input gives it ("input"), a plain ingest reads the text's Published: line
        (the same date); tests/test_scale_mapstep.py compares the same way."""
        raw = subprocess.run(cli + ["--db", str(store), "export", "--format", "json"],
                             env=env, check=True, capture_output=True).stdout
        data = json.loads(raw)
        for document in data.get("documents", []):
            sources = document.get("meta_source")
            if isinstance(sources, dict) and sources.get("published") in (
                    "input", "published-line"):
                sources.pop("published")
        return json.dumps(data, sort_keys=True)

    start = time.perf_counter()
    texts = sorted(str(p) for p in (work / "texts").glob("*.txt"))
    subprocess.run(cli + ["--db", str(work / "plain.json"), "ingest", *texts], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    out["plain_ingest_s"] = time.perf_counter() - start
    reference = export_json(work / "plain.json")
    start = time.perf_counter()
    with docs.open("rb") as source, (work / "single.jsonl").open("wb") as sink:
        subprocess.run(cli + ["extract"], env=env, stdin=source, stdout=sink, check=True)
    seconds = time.perf_counter() - start
    out["single_process"] = {"seconds": seconds, "documents_per_second": n_docs / seconds,
                             "equal": merged_export(work / "single.json",
                                                    [str(work / "single.jsonl")]) == reference}
    recipe = REPO / "recipes" / "dask_extract.py"
    recipe_env = dict(env, PYTHONPATH=str(REPO))
    for workers in (1, 2):
        target = work / f"dask-{workers}"
        start = time.perf_counter()
        done = subprocess.run([PYTHON, str(recipe), str(docs), str(target), "--workers",
                               str(workers)], env=recipe_env, capture_output=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            out[f"dask_{workers}"] = {"error": done.stderr.decode()[-300:]}
            continue
        parts = sorted(str(p) for p in target.glob("part-*.jsonl"))
        out[f"dask_{workers}"] = {
            "seconds": seconds, "documents_per_second": n_docs / seconds,
            "files": len(parts),
            "equal": merged_export(work / f"dask-{workers}.json", parts) == reference}
    shutil.rmtree(work, ignore_errors=True)
    return out


def scale_checks(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    out: list[tuple[str, bool, str]] = []
    listings = results.get("listings", {})
    if listings:
        size = max(listings, key=int)
        block = listings[size]
        for name in LISTINGS:
            row = block[name]
            warm = row["warm"]["median_ms"]
            detail = f"{warm:.0f} ms warm at {int(size):,} facts"
            if "ratio_duckdb" in row:
                detail += f", {row['ratio_duckdb']:.2f}x DuckDB on Parquet"
            out.append((f"{name} <= 300 ms warm", warm <= 300, detail))
            if "ratio_duckdb" in row:  # the same bound, measured beside it under this load
                out.append((f"{name} no slower than DuckDB's whole process",
                            row["ratio_duckdb"] <= 1.0, f"{row['ratio_duckdb']:.2f}x"))
            if "duckdb_rows" in row and name != "officials goita":  # merged: fewer rows
                out.append((f"{name}: DuckDB returns the same number of rows",
                            row["duckdb_rows"] == row["rows"],
                            f"{row['rows']} vs {row['duckdb_rows']}"))
        ms = block["completion"]["median_ms"]
        out.append((f"completion at {int(size):,} facts < 100 ms", ms < 100, f"{ms:.0f} ms"))
    map_step = results.get("map_step")
    if map_step:
        equal = [map_step["single_process"]["equal"]] + [
            map_step[k].get("equal", False) for k in ("dask_1", "dask_2")]
        out.append(("merged stores (1 process, Dask 1 and 2 workers) equal a plain ingest",
                    all(equal), json.dumps(equal)))
    return out


def scratch_copy(path: Path) -> Path:
    """A copy of a generated store to ingest into, so the cached one stays as generated."""
    copy = path.with_name(path.stem + "-run.json")
    shutil.copyfile(path, copy)
    for leftover in copy.parent.glob(copy.name + ".*"):
        os.unlink(leftover)
    return copy


def main() -> int:
    """``python benchmarks/scale_bench.py [N]``: the map-step section alone, to a file."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("documents", type=int, nargs="?", default=10_000)
    parser.add_argument("--output", type=Path,
                        default=REPO / "benchmarks" / "results-map-step.json")
    args = parser.parse_args()
    script = Path(PYTHON).with_name("mali-facts")
    cli = [str(script)] if script.exists() else [PYTHON, "-m", "mali_facts"]
    home = Path(tempfile.mkdtemp(prefix="mf-bench-"))
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "share"),
               XDG_CACHE_HOME=str(home / "cache"))
    env.pop("MALI_FACTS_DB", None)
    result = bench_map_step(args.documents, env, cli)
    base = time.perf_counter()
    subprocess.run([PYTHON, "-c", "pass"], check=True)
    result["python_c_pass_ms"] = (time.perf_counter() - base) * 1000
    shutil.rmtree(home, ignore_errors=True)
    args.output.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
