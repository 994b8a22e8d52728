#!/usr/bin/env python3
"""How large a store grows with the text ingested, and how long a large text takes.

    python benchmarks/store_size.py              # the test articles, then a 16 MB text
    python benchmarks/store_size.py --mb 2       # a smaller generated text

Measures, each with a whole ``mali-facts ingest`` process in a scratch folder:
the store's size over the bytes of the articles under ``tests/`` (news as it is
written), the same for one generated text of N MB (time included; run on a
pseudo-terminal, where the progress bar must show), and the same text as one sentence
without punctuation (every fact in one long sentence). Results go to stdout and to
``benchmarks/results-store-size.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ARTICLE_DIRS = ("meaning", "meaning2", "meaning3", "heldout", "fresh", "unseen", "overlap")
SENTENCES = (
    "On Monday, the governor of Mopti said that more than 2,800 people had fled Ségou.",
    "Colonel Assimi Goïta met ECOWAS envoys in Bamako on 12 March 2022.",
    "The army and Wagner forces took Kidal last week, according to the CSP.",
    "About 30 civilians were killed near Ménaka in late November, the UN said.",
    "Two of the 17 governors come from the security forces, a five-day visit showed.",
)


def cli() -> list[str]:
    """The installed command, or ``python -m`` when PYTHONPATH names another checkout
    (to measure an older version: ``PYTHONPATH=/other/checkout python store_size.py``)."""
    script = Path(sys.executable).with_name("mali-facts")
    if script.exists() and not os.environ.get("PYTHONPATH"):
        return [str(script)]
    return [sys.executable, "-m", "mali_facts"]


def ingest(store: Path, files: list[Path], env: dict[str, str], tty: bool = False
           ) -> tuple[float, bytes]:
    """Seconds one ingest took, and what it showed on the terminal (if *tty*)."""
    argv = cli() + ["--db", str(store), "ingest", *map(str, files),
                    "--published", "2024-01-01"]
    start = time.perf_counter()
    if not tty:
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        return time.perf_counter() - start, b""
    import pty

    primary, secondary = pty.openpty()
    process = subprocess.Popen(argv, env=env, stdout=secondary, stderr=secondary,
                               stdin=subprocess.DEVNULL)
    os.close(secondary)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    process.wait()
    os.close(primary)
    if process.returncode:
        raise RuntimeError(f"ingest failed: {bytes(shown[-500:])!r}")
    return time.perf_counter() - start, bytes(shown)


def generated(size: int, one_sentence: bool) -> str:
    rng = random.Random(size)
    parts: list[str] = []
    total = 0
    while total < size:
        sentence = rng.choice(SENTENCES)
        if one_sentence:
            sentence = sentence.rstrip(".").replace(", ", " ") + " and"
        parts.append(sentence)
        total += len(sentence.encode()) + 1
    return " ".join(parts) + ".\n"


def measure(work: Path, name: str, files: list[Path], env: dict[str, str],
            tty: bool = False) -> dict[str, Any]:
    store = work / f"{name}.json"
    seconds, shown = ingest(store, files, env, tty)
    text_bytes = sum(p.stat().st_size for p in files)
    row: dict[str, Any] = {"documents": len(files), "text_bytes": text_bytes,
                           "store_bytes": store.stat().st_size, "seconds": seconds}
    row["ratio"] = row["store_bytes"] / text_bytes
    if tty:
        row["progress_bar_shown"] = b"extracting" in shown
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=16.0, help="generated text size in MB")
    parser.add_argument("--output", type=Path,
                        default=REPO / "benchmarks" / "results-store-size.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mf-size-"))
    env = dict(os.environ, HOME=str(work), XDG_CACHE_HOME=str(work / "cache"),
               XDG_DATA_HOME=str(work / "share"))
    env.pop("MALI_FACTS_DB", None)
    env["MALI_FACTS_MAX_BYTES"] = str(int(args.mb * 2 * 1024 * 1024))
    results: dict[str, Any] = {}
    try:
        articles = sorted(p for d in ARTICLE_DIRS for p in (REPO / "tests" / d).glob("*.txt"))
        results["test articles"] = measure(work, "articles", articles, env)
        size = int(args.mb * 1024 * 1024)
        for label, one in (("news", False), ("one long sentence", True)):
            path = work / f"{label.replace(' ', '-')}.txt"
            path.write_text(generated(size, one), encoding="utf-8")
            results[f"{args.mb:g} MB generated, {label}"] = measure(
                work, path.stem, [path], env, tty=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("store size over text size        documents   text MB  store MB  ratio  seconds"
          "  progress bar")
    for name, row in results.items():
        bar = {True: "shown", False: "MISSING"}.get(row.get("progress_bar_shown"), "-")
        print(f"  {name:<32} {row['documents']:5} {row['text_bytes'] / 1e6:9.2f} "
              f"{row['store_bytes'] / 1e6:9.2f} {row['ratio']:6.2f} {row['seconds']:8.1f}"
              f"  {bar}")
    args.output.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nresults written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
