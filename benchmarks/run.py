#!/usr/bin/env python3
"""Benchmarks for mali-facts: whole-process timings against baselines measured in the same run.

Every timing is the median of N runs after one warm-up, printed with its ratio to
``python -c pass`` (and to ``jq`` doing the same filter on the same file, where jq is
installed). Results go to a table on stdout and to ``benchmarks/results.json``.

    python benchmarks/run.py                 # start-up, scale (10k, 100k, 1M), ingest, regex
    python benchmarks/run.py --scale 10000 100000   # skip the 1,000,000-fact store
    python benchmarks/run.py --quick         # fewer runs, smaller stores
    python benchmarks/inputs_bench.py        # only: 250 articles in mixed formats, one ingest

Checks (a line each, PASS/FAIL): the start-up ratios of the speed issue, linear query
growth, query vs jq at 100k facts, peak memory under 3x the file size, ingest words per
second, completion under 100 ms, and adversarial inputs finishing in linear time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from inputs_bench import bench_ingest_articles  # noqa: E402  (beside this script)
from scale_bench import (  # noqa: E402  (beside this script, not installed)
    LISTINGS,
    bench_listings,
    bench_map_step,
    scale_checks,
    scratch_copy,
)

SEEDS = REPO.parent / "shared" / "seeds"
PYTHON = sys.executable
WORK = REPO / "benchmarks" / ".work"


def command_prefix() -> list[str]:
    """The installed console script if it is beside this Python, else ``python -m``."""
    script = Path(PYTHON).with_name("mali-facts")
    return [str(script)] if script.exists() else [PYTHON, "-m", "mali_facts"]


def time_process(argv: list[str], runs: int, env: dict[str, str] | None = None,
                 tty: bool = False, stdin: bytes | None = None) -> dict[str, float]:
    """Median wall time (ms) of a whole process, after a warm-up run."""
    samples: list[float] = []
    for i in range(runs + 1):
        start = time.perf_counter()
        if tty:
            run_in_pty(argv, env)
        else:
            subprocess.run(argv, env=env, input=stdin, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        elapsed = (time.perf_counter() - start) * 1000
        if i:  # the first run warms the OS caches
            samples.append(elapsed)
    return {"median_ms": statistics.median(samples), "min_ms": min(samples),
            "runs": len(samples)}


def run_in_pty(argv: list[str], env: dict[str, str] | None) -> None:
    """Run with stdout on a pseudo-terminal, as a person at a terminal would."""
    import pty

    primary, secondary = pty.openpty()
    process = subprocess.Popen(argv, env=env, stdout=secondary, stderr=secondary,
                               stdin=subprocess.DEVNULL)
    os.close(secondary)
    while True:
        try:
            if not os.read(primary, 65536):
                break
        except OSError:
            break
    process.wait()
    os.close(primary)


def peak_memory_kb(argv: list[str], env: dict[str, str]) -> int:
    """Peak resident memory of one process (its own, via wait4)."""
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return int(usage.ru_maxrss)


# -- synthetic stores --------------------------------------------------------------------

PLACES = [("Ségou", "region", 13.43, -6.26), ("Mopti", "region", 14.49, -4.2),
          ("Kidal", "city", 18.44, 1.41), ("Gao", "city", 16.27, -0.04),
          ("Ménaka", "town", 15.92, 2.4), ("Bamako", "city", 12.65, -8.0)]
PEOPLE = [("Assimi Goïta", "President of the Transition"), ("Choguel Kokalla Maïga",
          "Prime Minister"), ("Abdoulaye Diop", "Foreign Minister"),
          ("Sadio Camara", "Defence Minister"), ("Malick Diaw", "President of the CNT")]
EVENTS = ["the army took control of the town", "a strike was called",
          "the junta announced elections", "talks with rebels resumed",
          "civilians fled the fighting"]


def synthetic_store(n_facts: int, path: Path) -> None:
    """A store of *n_facts* realistic facts over many documents (1 document per 50 facts)."""
    sys.path.insert(0, str(REPO))
    from mali_facts.fields import ID_LETTER
    from mali_facts.store import write_store

    rng = random.Random(n_facts)
    documents, facts = [], []
    n_docs = max(1, n_facts // 50)
    for d in range(n_docs):
        documents.append({"id": f"d{d:06d}", "title": f"Report {d} on the Sahel",
                          "outlet": rng.choice(["RFI", "AFP", "Reuters", "Jeune Afrique"]),
                          "author": None, "published": f"20{rng.randint(12, 25)}-0"
                          f"{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "sha256": f"{d:064x}",
                          "words": 800, "chars": 5000, "source": f"r{d}.txt"})
    texts: dict[str, str] = {}
    for i in range(n_facts):
        doc = f"d{i % n_docs:06d}"
        kind = ("date", "figure", "official", "place", "org")[i % 5]
        # each fact's evidence is a sentence of its document's text, the fact at its start
        evidence = f"In {rng.choice(PLACES)[0]}, {rng.choice(EVENTS)}, witnesses said on " \
                   f"day {i}."
        so_far = texts.get(doc, "")
        start = len(so_far) + 1 if so_far else 0
        texts[doc] = f"{so_far} {evidence}" if so_far else evidence
        base = {"id": f"{doc}-{ID_LETTER[kind]}{i:07x}", "kind": kind, "doc": doc, "start": start,
                "evidence": evidence}
        if kind == "date":
            day = f"20{rng.randint(12, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            base.update(text=day, date=day, precision="day", event=rng.choice(EVENTS),
                        mod=None, relative=False, resolution=None)
        elif kind == "figure":
            value = rng.randint(1, 400000)
            base.update(text=f"{value:,}", value=value, unit="people",
                        counts=rng.choice(["displaced people", "civilians killed",
                                           "refugees", "soldiers"]),
                        approx=rng.random() < 0.3, qualifier="exact",
                        context=f"{value:,} people")
        elif kind == "official":
            name, role = rng.choice(PEOPLE)
            base.update(text=name, name=name, role=role, org="Transition government",
                        country="Mali", is_official=True, aliases=[], mentions=[[start,
                                                                                  start + 5]])
        elif kind == "place":
            name, ptype, lat, lon = rng.choice(PLACES)
            base.update(text=name, name=name, type=ptype, region=name, country="Mali",
                        lat=lat, lon=lon, aliases=[], mentions=[[start, start + 5]])
        else:
            base.update(text="CNSP", name="CNSP", full_name="National Committee for the "
                        "Salvation of the People", country="Mali", type="junta",
                        mentions=[[start, start + 4]])
        base["end"] = start + len(base["text"])
        facts.append(base)
    import inspect

    if "texts" in inspect.signature(write_store).parameters:  # the store keeps them once
        write_store(path, documents, facts, texts)
    else:
        write_store(path, documents, facts)


# -- benchmark sections ------------------------------------------------------------------

def bench_startup(runs: int, env: dict[str, str]) -> dict[str, Any]:
    cli = command_prefix()
    base = time_process([PYTHON, "-c", "pass"], runs)
    cases = {
        "python -c pass": base,
        "officials goita --format tsv": time_process(cli + ["officials", "goita", "--format",
                                                            "tsv"], runs, env),
        "officials goita (table on a terminal)": time_process(cli + ["officials", "goita"],
                                                              runs, env, tty=True),
        "--help": time_process(cli + ["--help"], runs, env),
        "dates --format tsv": time_process(cli + ["dates", "--format", "tsv"], runs, env),
    }
    for case in cases.values():
        case["ratio_python"] = case["median_ms"] / base["median_ms"]
    return cases


def jq_filter_args(path: Path) -> list[str]:
    return ["jq", "-r", '.facts[] | select(.kind == "official") | '
            'select((.name // "") | ascii_downcase | contains("goita")) | .id', str(path)]


def bench_scale(sizes: list[int], runs: int, env: dict[str, str],
                results: dict[str, Any], force_index: bool = False) -> dict[str, Any]:
    """Per store size: the listings through the index (cold, warm, against jq and DuckDB),
    then the older measures (query, jq, memory, completion) on the same scratch copy."""
    cli = command_prefix()
    have_jq = shutil.which("jq") is not None
    out: dict[str, Any] = {}
    results["listings"] = {}
    for n in sizes:
        generated = WORK / f"store-{n}.json"
        if not generated.exists():
            synthetic_store(n, generated)
        path = scratch_copy(generated)
        size = path.stat().st_size
        scale_env = dict(env, MALI_FACTS_DB=str(path))
        n_runs = runs if n <= 100_000 else max(3, runs // 3)
        if n >= 100_000 or (force_index and n == max(sizes)):
            if force_index:
                scale_env["MALI_FACTS_INDEX"] = "on"
            results["listings"][str(n)] = bench_listings(path, n_runs, scale_env, cli,
                                                         time_process)
            size = path.stat().st_size
        query = time_process(cli + ["officials", "goita", "--format", "tsv"], n_runs, scale_env)
        row: dict[str, Any] = {"facts": n, "file_bytes": size, "query": query}
        if have_jq:
            jq = time_process(jq_filter_args(path), n_runs)
            row["jq"] = jq
            row["ratio_jq"] = query["median_ms"] / jq["median_ms"]
        row["peak_rss_kb"] = peak_memory_kb(cli + ["officials", "goita", "--format", "tsv"],
                                            scale_env)
        row["rss_over_file"] = row["peak_rss_kb"] * 1024 / size
        completion_env = dict(scale_env, _MALI_FACTS_COMPLETE="bash_complete",
                              COMP_WORDS="mali-facts show d000", COMP_CWORD="2")
        row["completion"] = time_process(cli, n_runs, completion_env)
        names_env = dict(scale_env, _MALI_FACTS_COMPLETE="bash_complete",
                         COMP_WORDS="mali-facts officials go", COMP_CWORD="2")
        row["completion_names"] = time_process(cli, n_runs, names_env)  # warm name cache
        out[str(n)] = row
        path.unlink()
        for derived in path.parent.glob(path.stem + ".*"):
            derived.unlink()
    return out


def bench_ingest(runs: int) -> dict[str, Any]:
    """Words per second of extraction on one core (in-process, imports excluded)."""
    sys.path.insert(0, str(REPO))
    import datetime as dt

    from mali_facts.extract import extract

    texts: dict[str, str] = {}
    if SEEDS.exists():
        for path in sorted(SEEDS.glob("0*.txt")):
            texts[path.name] = path.read_text(encoding="utf-8")
    rng = random.Random(1)
    sentences = [
        "On Monday, the governor of Mopti said that more than 2,800 people had fled Ségou.",
        "Colonel Assimi Goïta met ECOWAS envoys in Bamako on 12 March 2022.",
        "The army and Wagner forces took Kidal last week, according to the CSP.",
        "About 30 civilians were killed near Ménaka in late November, the UN said.",
        "Two of the 17 governors come from the security forces, a five-day visit showed.",
    ]
    article = []
    size = 0
    while size < 1_000_000:
        sentence = rng.choice(sentences)
        article.append(sentence)
        size += len(sentence) + 1
    texts["generated 1 MB article"] = " ".join(article)
    extract(texts["generated 1 MB article"][:5000], dt.date(2023, 11, 21))  # load gazetteers
    out: dict[str, Any] = {}
    for name, text in texts.items():
        words = len(text.split())
        samples = []
        for _ in range(max(1, runs // 3)):
            start = time.perf_counter()
            extract(text, dt.date(2023, 11, 21))
            samples.append(time.perf_counter() - start)
        seconds = statistics.median(samples)
        out[name] = {"words": words, "seconds": seconds, "words_per_second": words / seconds}
    return out


def bench_ingest_many(n_docs: int, env: dict[str, str]) -> dict[str, Any]:
    """One ``ingest`` command over many documents: time and how often the store was written."""
    folder = WORK / "many"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i in range(n_docs):
        (folder / f"a{i:04d}.txt").write_text(
            f"On {1 + i % 28} March 2022, about {i + 10} people fled Gao, officials said.\n")
    store = folder / "store.json"
    argv = command_prefix() + ["--db", str(store), "ingest", *sorted(
        str(p) for p in folder.glob("*.txt")), "--published", "2022-04-01"]
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    seconds = time.perf_counter() - start
    backups = list(folder.glob("store.json.bak"))
    return {"documents": n_docs, "seconds": seconds, "store_written_once": not backups}


def bench_adversarial() -> dict[str, Any]:
    """Extraction time on hostile inputs at two sizes: the ratio shows linear growth."""
    sys.path.insert(0, str(REPO))
    from mali_facts.extract import extract

    shapes = {
        "digits": "1", "commas": ",", "capitals": "A", "dots": ".",
        "digit groups": "1,", "capitalised words": "Abc ", "hyphens": "a-",
        "spaces": " ", "newlines": "\n",
    }
    out: dict[str, Any] = {}
    for name, unit in shapes.items():
        timings = []
        for length in (100_000, 200_000):
            text = (unit * (length // len(unit) + 1))[:length]
            start = time.perf_counter()
            extract(text)
            timings.append(time.perf_counter() - start)
        out[name] = {"seconds_100k": timings[0], "seconds_200k": timings[1],
                     "growth": timings[1] / max(timings[0], 1e-6)}
    return out


def checks(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    out: list[tuple[str, bool, str]] = []
    startup = results["startup"]
    for case, limit in (("officials goita --format tsv", 5),
                        ("officials goita (table on a terminal)", 9), ("--help", 6)):
        ratio = startup[case]["ratio_python"]
        out.append((f"start-up {case} <= {limit}x python", ratio <= limit, f"{ratio:.1f}x"))
    scale = results.get("scale", {})
    sizes = sorted(scale, key=int)
    if len(sizes) >= 2:
        small, big = scale[sizes[0]], scale[sizes[-1]]
        base = startup["python -c pass"]["median_ms"]
        growth = (big["query"]["median_ms"] - base) / max(small["query"]["median_ms"] - base,
                                                          1e-6)
        factor = int(sizes[-1]) / int(sizes[0])
        out.append(("query time grows no faster than linearly", growth <= factor * 1.2,
                    f"x{growth:.1f} time for x{factor:.0f} facts"))
    if "100000" in scale:
        row = scale["100000"]
        if "ratio_jq" in row:
            out.append(("query at 100k no slower than jq", row["ratio_jq"] <= 1.0,
                        f"{row['ratio_jq']:.2f}x jq"))
        out.append(("peak memory at 100k < 3x file size", row["rss_over_file"] < 3,
                    f"{row['rss_over_file']:.2f}x"))
        ms = max(row["completion"]["median_ms"], row["completion_names"]["median_ms"])
        out.append(("completion at 100k < 100 ms (ids, names)", ms < 100,
                    f"{row['completion']['median_ms']:.0f} ms, "
                    f"{row['completion_names']['median_ms']:.0f} ms"))
    ingest = results.get("ingest", {})
    if ingest:
        slowest = min(v["words_per_second"] for v in ingest.values())
        out.append(("ingest >= 50,000 words/s", slowest >= 50_000, f"{slowest:,.0f} words/s"))
    many = results.get("ingest_many")
    if many:
        out.append(("ingest of many documents writes the store once",
                    many["store_written_once"], f"{many['documents']} docs in "
                    f"{many['seconds']:.1f} s"))
    articles = results.get("ingest_articles")
    if articles:
        out.append(("ingest of 250 news articles (text, Markdown, HTML, PDF) >= 20,000 "
                    "words/s end to end", articles["words_per_second"] >= 20_000,
                    f"{articles['words_per_second']:,.0f} words/s"))
    adversarial = results.get("adversarial", {})
    if adversarial:
        worst = max(adversarial.values(), key=lambda v: v["growth"])
        slow = max(v["seconds_200k"] for v in adversarial.values())
        out.append(("adversarial inputs grow linearly (x2 input < x3 time) and stay < 5 s",
                    worst["growth"] < 3 and slow < 5,
                    f"worst growth x{worst['growth']:.1f}, slowest {slow:.2f} s"))
    return out


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.machine(), "cpus": os.cpu_count(),
            "jq": shutil.which("jq") is not None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scale", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--documents", type=int, default=0,
                        help="documents for the map-step section [default 10,000]")
    parser.add_argument("--no-map-step", action="store_true",
                        help="leave out the map-step section (run it with scale_bench.py)")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "results.json")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.scale = 5, [1_000, 10_000]
    WORK.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="mf-bench-"))
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "share"),
               XDG_CACHE_HOME=str(home / "cache"))
    env.pop("MALI_FACTS_DB", None)
    # users run from compiled bytecode; a session that forbids writing it would time
    # compilation instead
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    results: dict[str, Any] = {"machine": machine(), "runs": args.runs}
    results["startup"] = bench_startup(args.runs, env)
    results["scale"] = bench_scale(sorted(args.scale), args.runs, env, results,
                                   force_index=args.quick)
    results["ingest"] = bench_ingest(args.runs)
    results["ingest_many"] = bench_ingest_many(200 if args.quick else 1000, env)
    results["ingest_articles"] = bench_ingest_articles(250, env, command_prefix())
    if not args.no_map_step:
        results["map_step"] = bench_map_step(
            args.documents or (500 if args.quick else 10_000), env, command_prefix())
    results["adversarial"] = bench_adversarial()
    found = checks(results) + scale_checks(results)
    results["checks"] = [{"check": c, "pass": ok, "measured": m} for c, ok, m in found]
    shutil.rmtree(home, ignore_errors=True)
    print_report(results)
    args.output.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nresults written to {args.output}")
    return 0


def print_report(results: dict[str, Any]) -> None:
    m = results["machine"]
    print(f"machine: {m['platform']}, {m['cpus']} CPUs, Python {m['python']}, "
          f"median of {results['runs']} runs")
    print("\nstart-up (shipped store)               median ms   x python -c pass")
    for case, row in results["startup"].items():
        print(f"  {case:<38} {row['median_ms']:8.1f}   {row['ratio_python']:6.1f}")
    print("\nscale: officials goita --format tsv    query ms    jq ms   x jq  "
          "peak RSS/file  completion ms")
    for n, row in results["scale"].items():
        jq = f"{row['jq']['median_ms']:7.1f} {row['ratio_jq']:6.2f}" if "jq" in row else \
            "      -      -"
        print(f"  {int(n):>9,} facts ({row['file_bytes'] / 1e6:6.1f} MB)"
              f" {row['query']['median_ms']:9.1f} {jq} {row['rss_over_file']:10.2f}"
              f" {row['completion']['median_ms']:12.1f}")
    print_scale_report(results)
    print("\ningest (extraction, one core)            words   words/s")
    for name, row in results["ingest"].items():
        print(f"  {name:<38} {row['words']:7,} {row['words_per_second']:9,.0f}")
    many = results["ingest_many"]
    print(f"  one command, {many['documents']} documents: {many['seconds']:.1f} s, "
          f"store written once: {many['store_written_once']}")
    articles = results.get("ingest_articles")
    if articles:
        print(f"  one 'ingest DIR' of {articles['documents']} articles {articles['formats']}: "
              f"{articles['words']:,} words in {articles['seconds']:.1f} s, "
              f"{articles['words_per_second']:,.0f} words/s")
    print("\nadversarial input (extract)      100k chars s  200k chars s  growth")
    for name, row in results["adversarial"].items():
        print(f"  {name:<30} {row['seconds_100k']:12.3f} {row['seconds_200k']:13.3f} "
              f"{row['growth']:7.2f}")
    print("\nchecks")
    for check in results["checks"]:
        print(f"  {'PASS' if check['pass'] else 'FAIL'}  {check['check']}: {check['measured']}")


def print_scale_report(results: dict[str, Any]) -> None:
    for n, block in results.get("listings", {}).items():
        print(f"\nlistings at {int(n):,} facts: first query (full index build) "
              f"{block['cold_full_build_ms'] / 1000:.1f} s; after one ingest "
              f"({block['ingest_one_s']:.1f} s) {block['cold_after_ingest_ms'] / 1000:.1f} s; "
              f"completion {block['completion']['median_ms']:.0f} ms")
        print("  query                                  rows   warm ms    jq ms  x jq  "
              "DuckDB ms  x DuckDB")
        for name in LISTINGS:
            row = block[name]
            jq = (f"{row['jq']['median_ms']:8.0f} {row['ratio_jq']:5.2f}" if "jq" in row
                  else "       -     -")
            duck = (f"{row['duckdb']['median_ms']:10.0f} {row['ratio_duckdb']:8.2f}"
                    if "duckdb" in row else "         -        -")
            print(f"  {name:<36} {row['rows']:7,} {row['warm']['median_ms']:8.0f} {jq}{duck}")
    step = results.get("map_step")
    if step:
        print(f"\nextraction as a map step, {step['documents']:,} documents "
              f"(plain ingest {step['plain_ingest_s']:.1f} s)")
        for key, label in (("single_process", "mali-facts extract, 1 process"),
                           ("dask_1", "Dask, 1 worker"), ("dask_2", "Dask, 2 workers")):
            row = step.get(key, {})
            if "documents_per_second" in row:
                print(f"  {label:<32} {row['documents_per_second']:8.0f} documents/s, "
                      f"merged store equals plain ingest: {row['equal']}")
            else:
                print(f"  {label:<32} failed: {row.get('error', '?')}")


if __name__ == "__main__":
    sys.exit(main())
