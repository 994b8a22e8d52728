"""Plant known bugs in the code that guards data and output; each must make a test fail.

A passing suite says little unless it fails when the product breaks. Each mutant below
is one plausible bug, written as an exact piece of code and what it becomes, in the
modules that keep the store whole (``store.py``), decide a document's identity
(``ingest.py``), escape untrusted text (``render/``) and score the extractor
(``evaluate.py``). The checkout is copied to a temporary directory (``../shared``
linked beside it, as CI lays it out), the tests of each group are run once unmutated,
then once per mutant; a mutant is *killed* when at least one test fails or it runs past
the time limit.

    python scripts/mutation_check.py            # every mutant
    python scripts/mutation_check.py --list     # names only
    python scripts/mutation_check.py --only store-in-place --only eval-every-value-right
    python scripts/mutation_check.py --only store-in-place --tests tests/test_processes.py

Exit status: 0 every mutant killed, 1 a mutant survived, 2 the check could not run (the
unmutated tests fail, or a mutant's code is no longer in the file: update the mutant).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME_LIMIT_SECONDS = 900

#: The tests each group of mutants is run against (a subset, to keep the check short).
TESTS = {
    "store": ["tests/test_store.py", "tests/test_store_interrupted.py",
              "tests/test_store_lazy.py", "tests/test_trust_store.py",
              "tests/test_processes.py"],
    "ingest": ["tests/test_ingest.py", "tests/test_ingest_inputs.py", "tests/test_inputs.py",
               "tests/test_edge_cases.py",
               "tests/test_trust_replace.py"],
    "render": ["tests/test_render.py", "tests/test_trust_output.py",
               "tests/test_trust_terminal.py", "tests/test_trust_errors.py",
               "tests/test_edge_cases.py", "tests/test_cli.py"],
    "evaluate": ["tests/test_evaluate.py"],
}


@dataclass(frozen=True)
class Mutant:
    """One planted bug: in *path*, the exact text *old* becomes *new* (and *also* pairs)."""

    name: str
    group: str
    path: str
    old: str
    new: str
    why: str
    also: tuple[tuple[str, str], ...] = ()

    @property
    def edits(self) -> tuple[tuple[str, str], ...]:
        return ((self.old, self.new), *self.also)

    def apply(self, source: str) -> str:
        for old, new in self.edits:
            source = source.replace(old, new)
        return source


STORE, INGEST, EVALUATE = "mali_facts/store.py", "mali_facts/ingest.py", "mali_facts/evaluate.py"
TEXT, TABLE = "mali_facts/render/text.py", "mali_facts/render/table.py"
PREPARE = "mali_facts/prepare.py"

MUTANTS = [
    # --- the store: atomic replacement, backup, lock, refusals ------------------------
    Mutant("store-in-place", "store", STORE,
           '    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", '
           'dir=directory)\n',
           "    if backup and path.exists():\n        _replace_backup(path)\n"
           "    path.write_bytes(payload)\n    return\n"
           '    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", '
           'dir=directory)\n',
           "the store rewritten in place (no temp file, no fsync, no rename), .bak kept"),
    Mutant("store-no-fsync", "store", STORE,
           "            os.fsync(handle.fileno())\n", "            pass\n",
           "the new store renamed into place before its data reaches the disk"),
    Mutant("store-no-backup", "store", STORE,
           "            if backup:\n                _replace_backup(path)\n",
           "            if False:\n                _replace_backup(path)\n",
           "the previous version is not kept as .bak"),
    Mutant("store-write-on-failure", "store", STORE,
           "        yield store\n        try:\n",
           "        try:\n            yield store\n        finally:\n            storage.flush()\n"
           "        try:\n",
           "a change that raised half-way is written anyway"),
    Mutant("store-no-lock", "store", STORE,
           "        lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)\n", "        pass\n",
           "writers do not take the lock"),
    Mutant("store-newer-schema-accepted", "store", STORE,
           "    if version > SCHEMA_VERSION:\n", "    if False:\n",
           "a store from a newer version is read (and rewritten) as if it were ours"),
    Mutant("store-malformed-record-accepted", "store", STORE,
           '    if record.get("id") != key:\n        return "its id is not its key"\n',
           '    if False:\n        return "its id is not its key"\n',
           "a record whose key is not its id is accepted"),
    Mutant("store-remove-keeps-facts", "store", STORE,
           '        stale = [f["id"] for f in self._raw_table("facts") if f.get("doc") == '
           'doc_id]\n', "        stale = []\n",
           "removing a document leaves its facts behind"),
    Mutant("store-migration-without-backup", "store", STORE,
           "        write_atomically(backup, read_store_bytes(path), backup=False)\n",
           "        pass\n",
           "an older store is migrated without keeping a copy"),
    # --- ingest: which document a text is ----------------------------------------------
    Mutant("ingest-replace-keeps-old-extraction", "ingest", INGEST,
           '            store.remove_document(target["id"])\n'
           '            taken.discard(target["id"])\n'
           '            doc_id, status = target["id"], "replaced"\n',
           '            return {"id": target["id"], "status": "replaced", "published": None, '
           '"note": ""}\n',
           "--replace of an edited file reports 'replaced' but keeps the old facts"),
    Mutant("ingest-replace-by-base-name", "ingest", INGEST,
           "    doc_id: str | None) -> dict[str, Any] | None:\n",
           "    doc_id: str | None) -> dict[str, Any] | None:\n"
           "    if doc_id is None and store.document(default_doc_id(name, set())):\n"
           "        return store.document(default_doc_id(name, set()))\n",
           "--replace of feb/report.txt overwrites jan/report.txt (same base name)"),
    Mutant("ingest-same-text-added-twice", "ingest", INGEST,
           '        if existing:\n            return {"id": existing["id"], "status": "unchanged"',
           '        if False:\n            return {"id": existing["id"], "status": "unchanged"',
           "re-ingesting the same text adds a second copy"),
    Mutant("ingest-identity-by-name", "ingest", PREPARE,
           '                            hashlib.sha256(text.encode("utf-8")).hexdigest(),',
           '                            hashlib.sha256(source.encode("utf-8")).hexdigest(),',
           "a document is recognised by its file name instead of its text"),
    Mutant("ingest-id-collision", "ingest", INGEST,
           "    while candidate in taken:\n", "    while False:\n",
           "two files with the same name get the same id"),
    Mutant("ingest-replace-forgets-given-metadata", "ingest", INGEST,
           "        if _given(document.meta_source, key) or not old.get(key):\n",
           "        if True:\n",
           "--replace drops the title and outlet the document was given"),
    Mutant("inputs-entities-left-in-html-text", "ingest", "mali_facts/inputs/html.py",
           "        text = _LEFT_ENTITY.sub(lambda m: html_entities.unescape(m.group()), text)\n",
           "        pass\n",
           "a twice-escaped '&amp;#39;' leaves '&#39;' in the text, read as the figure 39"),
    Mutant("inputs-pdf-page-numbers-kept", "ingest", "mali_facts/inputs/pdf.py",
           "    kept = [line for line in lines if _DIGITS.sub(\"#\", line) not in running]\n",
           "    return lines\n",
           "running headers and page numbers of a PDF stay in the text"),
    # --- render: untrusted text at every sink --------------------------------------------
    Mutant("render-tsv-unescaped", "render", TEXT,
           "    return _TSV_SPECIAL.sub(lambda m: _TSV_ESCAPES[m.group()], text)\n",
           "    return text\n", "tabs and newlines in a cell split TSV rows"),
    Mutant("render-controls-kept", "render", TEXT,
           '    return _rewrite(text, "\\t\\n\\r", _drop)\n', "    return text\n",
           "escape sequences and bidi overrides reach a pipe"),
    Mutant("render-csv-formula", "render", TEXT,
           "        text = \"'\" + text  # a spreadsheet", "        text = text  # a spreadsheet",
           "a CSV cell starting with = runs as a spreadsheet formula"),
    Mutant("render-json-invisible", "render", TEXT,
           '    return _rewrite(text, "\\n", _json_escape)\n',
           "    return text\n", "bidi overrides reach the terminal through JSON"),
    Mutant("render-table-controls", "render", TEXT,
           '    return _rewrite(format_value(value), "\\n\\t", escape_code)\n',
           "    return format_value(value)\n",
           "control characters reach the terminal through a table"),
    Mutant("render-message-controls", "render", TEXT,
           '    return _rewrite(text, "", escape_code)\n', "    return text\n",
           "a file name with escape sequences reaches the terminal in an error message"),
    # cells are Text objects *and* the console has markup off: either alone keeps markup
    # literal (a mutant that undoes only one of them changes nothing), so undo both
    Mutant("render-table-markup", "render", TABLE,
           "markup=False, emoji=False", "markup=True, emoji=True",
           "Rich markup and emoji codes in document text are interpreted",
           also=(("        table.add_row(*(Text(_wrap(value, plan[i]) if plan else value)\n",
                  "        table.add_row(*((_wrap(value, plan[i]) if plan else value)\n"),)),
    # --- evaluate: the scorer every accuracy floor rests on ----------------------------
    Mutant("eval-every-value-right", "evaluate", EVALUATE,
           "        if value_is_right(kind, record, best):\n", "        if True:\n",
           "every matched value counted as right"),
    Mutant("eval-touching-spans-match", "evaluate", EVALUATE,
           "    return a[0] < b[1] and b[0] < a[1]\n", "    return a[0] <= b[1] and b[0] <= a[1]\n",
           "spans that only touch count as a match"),
    Mutant("eval-gold-matched-twice", "evaluate", EVALUATE,
           '        matched.add(best["id"])\n', "        pass\n",
           "one gold fact matched by several predictions"),
    Mutant("eval-optional-rewarded", "evaluate", EVALUATE,
           '        if best["optional"]:\n            continue\n',
           '        if False:\n            continue\n',
           "optional gold facts counted as hits"),
    Mutant("eval-ignored-not-penalised", "evaluate", EVALUATE,
           '        if kind == "figure" and any(', '        if False and any(',
           "a figure on an ignored span is not a false positive"),
    Mutant("eval-misses-not-counted", "evaluate", EVALUATE,
           "                scores[kind].fn += 1\n", "                pass\n",
           "missed gold facts do not lower recall"),
    Mutant("eval-precision-formula", "evaluate", EVALUATE,
           "        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0\n",
           "        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0\n",
           "precision computed from misses"),
    Mutant("eval-f1-arithmetic-mean", "evaluate", EVALUATE,
           "        return 2 * p * r / (p + r) if p + r else 0.0\n",
           "        return (p + r) / 2\n", "F1 as the arithmetic mean of P and R"),
    Mutant("eval-accept-ignored", "evaluate", EVALUATE,
           '        wanted = {str(gold["value"])} | {str(v) for v in gold.get("accept", [])}\n',
           '        wanted = {str(gold["value"])}\n', "a date's accepted readings ignored"),
    Mutant("eval-loose-figures", "evaluate", EVALUATE,
           "<= 1e-6 * max(1.0, abs(want))", "<= 1e-2 * max(1.0, abs(want))",
           "figures within 1% counted as equal"),
    Mutant("eval-ext-ignored", "evaluate", EVALUATE,
           '    if "ext" in fact:\n', "    if False:\n",
           "a figure's extended span does not match"),
    Mutant("eval-predicted-mentions-ignored", "evaluate", EVALUATE,
           '    spans += [(int(s), int(e)) for s, e in record.get("mentions") or []]\n', "",
           "an entity's other mentions do not match"),
]


def copy_checkout(destination: Path) -> Path:
    """Copy the working tree (without the venv and caches) and link ../shared beside it."""
    skip = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache",
                                  ".hypothesis", ".ruff_cache", ".work", "*.egg-info")
    checkout = destination / REPO.name
    shutil.copytree(REPO, checkout, ignore=skip, symlinks=True)
    shared = REPO.parent / "shared"
    if shared.exists():
        (destination / "shared").symlink_to(shared.resolve())
    return checkout


def run_tests(checkout: Path, tests: list[str]) -> tuple[str, str, float]:
    """``passed``, ``failed`` or ``timeout``; the first failing test; the seconds it took."""
    env = dict(os.environ, PYTHONPATH=str(checkout), PYTHONDONTWRITEBYTECODE="1")
    argv = [sys.executable, "-m", "pytest", "-x", "-q", "-rf", "-p", "no:cacheprovider",
            *tests]
    started = time.monotonic()
    try:
        result = subprocess.run(argv, cwd=checkout, env=env, capture_output=True, text=True,
                                timeout=TIME_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        return "timeout", "", time.monotonic() - started
    seconds = time.monotonic() - started
    if result.returncode == 0:
        return "passed", "", seconds
    failed = re.search(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M)
    return "failed", failed.group(1) if failed else "(no test named)", seconds


def check_imports_copy(checkout: Path) -> None:
    """The tests in the copy must import the copy, not the installed package."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    found = subprocess.run([sys.executable, "-c", "import mali_facts; print(mali_facts.__file__)"],
                           cwd=checkout, env=env, capture_output=True, text=True, check=True)
    if Path(found.stdout.strip()).resolve().parent != checkout.resolve() / "mali_facts":
        sys.exit(f"mutation check: the copy imports {found.stdout.strip()}, not itself")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--tests", action="append", default=[], metavar="PATH",
                        help="run these tests instead of the group's (e.g. one file)")
    args = parser.parse_args(argv)
    tests = args.tests
    mutants = [m for m in MUTANTS if not args.only or m.name in args.only]
    if args.list or not mutants:
        for m in MUTANTS:
            print(f"{m.name:<38} {m.why}")
        return 0 if args.list else 2
    stale = [m.name for m in mutants
             if any((REPO / m.path).read_text().count(old) != 1 for old, _ in m.edits)]
    if stale:
        print(f"mutation check: code changed, update these mutants: {', '.join(stale)}")
        return 2
    with tempfile.TemporaryDirectory(prefix="mali-facts-mutants-") as tmp:
        checkout = copy_checkout(Path(tmp))
        check_imports_copy(checkout)
        for group in sorted({m.group for m in mutants}):
            outcome, failed, seconds = run_tests(checkout, tests or TESTS[group])
            print(f"baseline {group:<9} {outcome} ({seconds:.0f} s) {failed}", flush=True)
            if outcome != "passed":
                print(f"mutation check: the unmutated {group} tests fail; fix them first")
                return 2
        survivors = []
        for m in mutants:
            target = checkout / m.path
            original = target.read_text()
            target.write_text(m.apply(original))
            try:
                outcome, failed, seconds = run_tests(checkout, tests or TESTS[m.group])
            finally:
                target.write_text(original)
            verdict = "SURVIVED" if outcome == "passed" else f"killed ({outcome})"
            print(f"{m.name:<36} {verdict:<16} {seconds:3.0f} s  {m.why}", flush=True)
            if failed:
                print(f"{'':<36} by {failed}", flush=True)
            if outcome == "passed":
                survivors.append(m.name)
    killed = len(mutants) - len(survivors)
    print(f"{killed}/{len(mutants)} mutants killed"
          + (f"; survived: {', '.join(survivors)}" if survivors else ""))
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
