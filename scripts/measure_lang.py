#!/usr/bin/env python3
"""Accuracy of the language detector on the test articles: French in tests/french, English
in the other sets and the seeds. Each text is judged as ingest judges it (its first
characters, ``mali_facts.inputs.language.SAMPLE_CHARS``), and also on its first 300
and 100 characters, as short documents would be.

    python scripts/measure_lang.py            # a line per miss, then the totals
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mali_facts.inputs.language import detect_language  # noqa: E402

SETS = {"french": "fr", "fresh": "en", "heldout": "en", "meaning": "en", "meaning2": "en",
        "unseen": "en", "overlap": "en", "meaning3": "en"}


def main() -> int:
    cases: list[tuple[Path, str]] = []
    for name, lang in SETS.items():
        cases += [(p, lang) for p in sorted((REPO / "tests" / name).glob("*.txt"))]
    seeds = REPO.parent / "shared" / "seeds"
    cases += [(p, "en") for p in sorted(seeds.glob("*.txt"))]
    for label, cut in (("whole", None), ("first 300 chars", 300), ("first 100 chars", 100)):
        right = 0
        for path, want in cases:
            text = path.read_text(encoding="utf-8")
            got = detect_language(text[:cut] if cut else text)
            right += got == want
            if got != want:
                print(f"  miss ({label}): {path.relative_to(REPO.parent)}: {got} for {want}")
        print(f"{label}: {right}/{len(cases)} right ({right / len(cases):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
