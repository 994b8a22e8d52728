#!/usr/bin/env python3
"""Two versions of mali-facts on their own copies of a store, timed turn about.

    python benchmarks/compare_versions.py OLD_EXE OLD_STORE NEW_EXE NEW_STORE

Each executable is a ``mali-facts`` console script (of a venv with that version
installed); each store is one that version wrote (e.g. ``benchmarks/.work/
store-100000.json``, made by ``run.py`` with that version's code). The index is built
first, then every command runs 7 times per version, alternating so that a busy machine
slows both alike; the median of the last 6 is printed, and whether the outputs agree.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (["officials", "goita", "--format", "tsv"],
            ["officials", "goita", "--by-document", "--format", "tsv"],
            ["search", "Kidal", "--limit", "20", "--format", "tsv"],
            ["show", "d000007-p0000003"], ["export", "--format", "jsonl"])


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    versions = {"old": (sys.argv[1], sys.argv[2]), "new": (sys.argv[3], sys.argv[4])}
    envs: dict[str, dict[str, str]] = {}
    homes = []
    for name, (exe, store) in versions.items():
        home = tempfile.mkdtemp(prefix="mf-compare-")
        homes.append(home)
        copy = Path(home) / "store.json"
        shutil.copy(store, copy)
        envs[name] = dict(os.environ, HOME=home, XDG_CACHE_HOME=f"{home}/cache",
                          MALI_FACTS_DB=str(copy))
        subprocess.run([exe, "dates", "--limit", "1"], env=envs[name], capture_output=True,
                       check=False)
    try:
        for argv in COMMANDS:
            times: dict[str, list[float]] = {"old": [], "new": []}
            shown: dict[str, bytes] = {}
            for _ in range(7):
                for name, (exe, _store) in versions.items():
                    start = time.perf_counter()
                    done = subprocess.run([exe, *argv], env=envs[name], capture_output=True,
                                          check=False)
                    times[name].append((time.perf_counter() - start) * 1000)
                    shown[name] = done.stdout
            old, new = (statistics.median(times[n][1:]) for n in ("old", "new"))
            print(f"{' '.join(argv):<48} old {old:8.1f} ms  new {new:8.1f} ms  "
                  f"same output: {shown['old'] == shown['new']}")
    finally:
        for home in homes:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
