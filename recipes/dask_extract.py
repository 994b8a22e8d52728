#!/usr/bin/env python3
"""Run ``mali-facts extract`` on Dask, then merge the output into a store in one write.

    pip install 'mali-facts[dask]'
    python recipes/dask_extract.py docs.jsonl out/ --workers 2
    mali-facts --db archive.json ingest --facts out/part-*.jsonl

Dask's bag reads the JSONL archive in blocks of whole lines, maps the pure function
``mali_facts.mapstep.extract_line`` over every line on a pool of local worker processes
(``--workers``), and writes one output file per block. Extraction holds no state and
needs no store, so the merged result is the same whatever the number of workers or
blocks; ``ingest --facts`` checks every line and writes the store once. On a cluster,
give ``--scheduler`` the address of a ``dask.distributed`` scheduler instead.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def extract_with_dask(documents: Path, output_dir: Path, workers: int,
                      scheduler: str = "processes") -> dict:
    """Extract every document of *documents* into ``output_dir/part-*.jsonl``.

    Returns the number of documents, output files and seconds taken.
    """
    import dask
    import dask.bag

    from mali_facts.mapstep import extract_line

    output_dir.mkdir(parents=True, exist_ok=True)
    for old in output_dir.glob("part-*.jsonl"):
        old.unlink()  # a previous run's parts would be merged twice
    # at least a few blocks per worker, so that every worker has work
    blocksize = max(1024, documents.stat().st_size // (4 * max(workers, 1)) + 1)
    bag = dask.bag.read_text(str(documents), blocksize=blocksize)
    lines = bag.filter(lambda line: bool(line.strip())).map(extract_line)
    settings = {"scheduler": scheduler, "num_workers": workers}
    if "://" in scheduler:  # a dask.distributed cluster
        from dask.distributed import Client

        settings = {"scheduler": Client(scheduler)}
    start = time.perf_counter()
    with dask.config.set(**settings):
        written = lines.to_textfiles(str(output_dir / "part-*.jsonl"), last_endline=True)
    seconds = time.perf_counter() - start
    count = sum(1 for line in documents.open(encoding="utf-8") if line.strip())
    return {"documents": count, "files": len(written), "seconds": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=Path, help="JSONL input, one document a line")
    parser.add_argument("output_dir", type=Path, help="where part-*.jsonl are written")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", default="processes",
                        help="processes (local), threads, or tcp://HOST:PORT")
    args = parser.parse_args()
    result = extract_with_dask(args.documents, args.output_dir, args.workers, args.scheduler)
    print(f"{result['documents']} documents in {result['seconds']:.1f} s "
          f"({result['documents'] / result['seconds']:.0f} documents/s) -> "
          f"{result['files']} files in {args.output_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
