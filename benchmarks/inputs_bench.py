#!/usr/bin/env python3
"""Real inputs at speed: one ``ingest DIR`` over 250 news articles in mixed formats.

The articles are the test sets' texts (English and French), each written as plain
text, Markdown with front matter, an HTML page (navigation, script, footer and
metadata tags around the article) or, when fpdf2 is installed, a PDF with a running
header and page numbers; each copy gets a line of its own so no two are the same text.
The figure is the words of the extracted texts (as the store counts them) over the
wall time of the whole ``ingest`` process: start-up, reading, format detection,
language detection, extraction and the one store write.

    python benchmarks/inputs_bench.py            # 250 articles
    python benchmarks/inputs_bench.py 1000

Used by ``run.py`` (section ``ingest_articles``) with the same function.
"""

from __future__ import annotations

import html
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
SETS = ("french", "fresh", "heldout", "meaning", "meaning2", "unseen")
PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | Example Wire</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-{month:02d}-{day:02d}T08:00:00Z">
<meta property="og:site_name" content="Example Wire">
<script>window.dataLayer = [{{"page": 12345, "views": 67890}}];</script>
<style>body {{ width: 960px; }}</style></head>
<body><nav><a href="/">Home</a> <a href="/africa">Africa</a> <a href="/2024">2024</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article><footer>&copy; 2024 Example Wire, 1200 rights reserved.</footer></body></html>
"""


def article_texts() -> list[tuple[str, str]]:
    """(language, text) of every test article."""
    found = []
    for name in SETS:
        for path in sorted((REPO / "tests" / name).glob("*.txt")):
            found.append(("fr" if name == "french" else "en",
                          path.read_text(encoding="utf-8")))
    return found


def _pdf(text: str, title: str) -> bytes | None:
    try:
        from fpdf import FPDF
    except ImportError:
        return None

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, "Example Wire - Sahel security report", align="C")
            self.ln(8)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Report()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    safe = (title + "\n\n" + text).encode("latin-1", "replace").decode("latin-1")
    for paragraph in safe.split("\n\n"):
        pdf.multi_cell(0, 5, " ".join(paragraph.split()))
        pdf.ln(3)
    return bytes(pdf.output())


def write_articles(folder: Path, count: int) -> dict[str, int]:
    """*count* articles in *folder*, formats in turn; how many of each format."""
    texts = article_texts()
    made = {"text": 0, "markdown": 0, "html": 0, "pdf": 0}
    for i in range(count):
        lang, text = texts[i % len(texts)]
        stamp = f"Dispatch {i} of this series, filed by the desk."
        title = text.strip().splitlines()[0].strip("#* ")[:120] or f"Article {i}"
        body = text.strip() + "\n\n" + stamp + "\n"
        month, day = 1 + i % 12, 1 + i % 28
        kind = ("text", "markdown", "html", "html", "text", "pdf", "markdown", "text")[i % 8]
        if kind == "pdf":
            raw = _pdf(body, title)
            if raw is None:
                kind = "text"
            else:
                (folder / f"a{i:04d}.pdf").write_bytes(raw)
        if kind == "text":
            (folder / f"a{i:04d}.txt").write_text(body, encoding="utf-8")
        elif kind == "markdown":
            front = f"---\ntitle: {title}\ndate: 2024-{month:02d}-{day:02d}\nlang: {lang}\n---\n"
            (folder / f"a{i:04d}.md").write_text(front + body, encoding="utf-8")
        elif kind == "html":
            paragraphs = "\n".join(f"<p>{html.escape(' '.join(p.split()))}</p>"
                                   for p in body.split("\n\n") if p.strip())
            page = PAGE.format(lang=lang, title=html.escape(title), month=month, day=day,
                               paragraphs=paragraphs)
            (folder / f"a{i:04d}.html").write_text(page, encoding="utf-8")
        made[kind] += 1
    return made


def bench_ingest_articles(count: int, env: dict[str, str], prefix: list[str]) -> dict[str, Any]:
    """Time one ``ingest DIR`` of *count* articles; words/s over the whole process."""
    work = Path(tempfile.mkdtemp(prefix="mf-inputs-"))
    try:
        folder = work / "articles"
        folder.mkdir()
        formats = write_articles(folder, count)
        store = work / "store.json"
        start = time.perf_counter()
        result = subprocess.run([*prefix, "--db", str(store), "ingest", str(folder),
                                 "--format", "jsonl"], env=env, capture_output=True)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"ingest failed ({result.returncode}): {result.stderr[-500:]!r}")
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        exported = subprocess.run([*prefix, "--db", str(store), "export", "--documents",
                                   "--format", "jsonl"], env=env, capture_output=True,
                                  check=True)
        documents = [json.loads(line) for line in exported.stdout.splitlines()]
        words = sum(d["words"] for d in documents)
        return {"documents": len(documents), "formats": formats, "words": words,
                "seconds": seconds, "words_per_second": words / seconds,
                "added": sum(1 for r in rows if r["status"] == "added"),
                "store_written_once": not store.with_name("store.json.bak").exists()}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 250
    script = Path(PYTHON).with_name("mali-facts")
    prefix = [str(script)] if script.exists() else [PYTHON, "-m", "mali_facts"]
    home = Path(tempfile.mkdtemp(prefix="mf-bench-"))
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "share"),
               XDG_CACHE_HOME=str(home / "cache"))
    env.pop("MALI_FACTS_DB", None)
    try:
        row = bench_ingest_articles(count, env, prefix)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(row, indent=2, sort_keys=True))
    ok = row["words_per_second"] >= 20_000 and row["added"] == count
    print(f"{'PASS' if ok else 'FAIL'}  ingest of {count} articles >= 20,000 words/s: "
          f"{row['words_per_second']:,.0f} words/s ({row['words']:,} words in "
          f"{row['seconds']:.1f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
