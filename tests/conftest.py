"""Shared fixtures: every test gets its own store and its own user data directory.

Tests that need the seed texts or gold annotations find them in ``../shared`` beside the
checkout, where CI puts them; when they are missing the test fails, it is never skipped,
so a run without them cannot look green. Subprocesses run the code of this checkout
(:func:`checkout_env`), not whatever copy of the package happens to be installed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from mali_facts.store import write_store

# Property tests are judged on what they find, never on how long an example takes: the
# default 200 ms deadline fails them on a busy machine (speed is benchmarks/run.py's job).
settings.register_profile("mali-facts", deadline=None)
settings.load_profile("mali-facts")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file of ``../shared``, or a failed test saying where it was looked for."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests need ../shared beside the checkout, "
                    "as CI lays it out", pytrace=False)
    return path


@pytest.fixture
def seeds_dir() -> Path:
    """``../shared/seeds``, with its ``SOURCES.md`` and the three seed texts."""
    seeds = shared_path("seeds", "SOURCES.md").parent
    if len(sorted(seeds.glob("0*.txt"))) != 3:
        pytest.fail(f"{seeds}: expected the three seed texts 000_*, 001_*, 002_*",
                    pytrace=False)
    return seeds


@pytest.fixture
def gold_dir(seeds_dir: Path) -> Path:
    """``../shared/gold``, the annotations of the seeds."""
    return shared_path("gold", "000.json").parent


def checkout_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a subprocess that must import this checkout's ``mali_facts``.

    ``python -m`` puts the working directory first on ``sys.path``; tests run their
    processes from a temporary directory, so the checkout goes on ``PYTHONPATH``, ahead
    of any installed copy that may be older than the code under test.
    """
    env = dict(os.environ if base is None else base)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's files: XDG dirs and the store point into tmp."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("MALI_FACTS_MAX_BYTES", raising=False)
    store = tmp_path / "store.json"
    monkeypatch.setenv("MALI_FACTS_DB", str(store))
    return store


def _fact(fid: str, kind: str, text: str, start: int, doc: str = "t1", **fields: Any) -> dict:
    record = {"id": fid, "kind": kind, "text": text, "doc": doc, "start": start,
              "end": start + len(text), "evidence": fields.pop("evidence", f"… {text} …")}
    record.update(fields)
    return record


SAMPLE_DOCUMENTS = [
    {"id": "t1", "title": "Test article one", "outlet": "Test Wire", "author": "A. Writer",
     "published": "2021-05-25", "sha256": "0" * 64, "words": 120, "chars": 700,
     "source": "t1.txt"},
    {"id": "t2", "title": "Test article two", "outlet": "Other Wire", "author": None,
     "published": "2023-11-21", "sha256": "1" * 64, "words": 80, "chars": 500,
     "source": "t2.txt"},
]

SAMPLE_FACTS = [
    _fact("t1-d00001", "date", "On Monday", 10, date="2021-05-24", precision="day",
          event="soldiers detained the president", mod=None, relative=True,
          resolution="Monday before 2021-05-25",
          evidence="On Monday soldiers detained the president in Kati."),
    _fact("t1-d00002", "date", "March 2012", 200, date="2012-03", precision="month",
          event="a coup ousted the president", mod=None, relative=False, resolution=None),
    _fact("t1-d00003", "date", "2013", 300, date="2013", precision="year",
          event="the war began", mod=None, relative=False, resolution=None),
    _fact("t2-d00004", "date", "Tuesday November 14", 40, doc="t2", date="2023-11-14",
          precision="day", event="the army took control of Kidal", mod=None, relative=True,
          resolution="most recent Tuesday 14 November",
          evidence="On Tuesday November 14 the army took control of Kidal."),
    _fact("t1-f00001", "figure", "326,000", 400, value=326000, unit="people",
          counts="internally displaced people", approx=False, qualifier="exact",
          context="326,000 internally displaced people"),
    _fact("t1-f00002", "figure", "2,800", 500, value=2800, unit="people",
          counts="casualties", approx=True, qualifier="more_than",
          context="more than 2,800 casualties"),
    _fact("t1-f00003", "figure", "five-day", 600, value=5, unit="day", counts="strike",
          approx=False, qualifier="exact", context="a five-day strike"),
    _fact("t1-o00001", "official", "Assimi Goïta", 50, name="Assimi Goïta",
          role="vice president of the transition", org="CNSP", country="Mali",
          is_official=True, aliases=["Assimi Goita", "Aisimi Goita"],
          mentions=[[50, 62]], evidence="On Monday soldiers detained the president in Kati."),
    _fact("t1-o00002", "official", "Moctar Ouane", 80, name="Moctar Ouane",
          role="Prime Minister", org="transition government", country="Mali",
          is_official=True, aliases=[], mentions=[[80, 92]]),
    _fact("t2-o00003", "official", "Boubacar Ba", 90, doc="t2", name="Boubacar Ba",
          role="researcher", org="research centre", country="Mali", is_official=False,
          aliases=[], mentions=[[90, 101]]),
    _fact("t1-p00001", "place", "Ségou", 700, name="Ségou", type="region", region="Ségou",
          country="Mali", lat=13.43, lon=-6.26, aliases=["Segu"], mentions=[[700, 705]]),
    _fact("t1-p00002", "place", "Timbuktu", 720, name="Tombouctou", type="region",
          region="Tombouctou", country="Mali", lat=16.77, lon=-3.01,
          aliases=["Timbuktu"], mentions=[[720, 728]]),
    _fact("t1-p00003", "place", "Kati", 30, name="Kati", type="town", region="Koulikoro",
          country="Mali", lat=12.74, lon=-8.07, aliases=[], mentions=[[30, 34]],
          evidence="On Monday soldiers detained the president in Kati."),
    _fact("t2-p00004", "place", "Kidal", 60, doc="t2", name="Kidal", type="city",
          region="Kidal", country="Mali", lat=18.44, lon=1.41, aliases=[],
          mentions=[[60, 65]]),
    _fact("t1-g00001", "org", "CNSP", 100, name="CNSP",
          full_name="National Committee for the Salvation of the People", country="Mali",
          type="junta", mentions=[[100, 104]]),
]


@pytest.fixture
def sample_store(isolated_environment: Path) -> Path:
    """A small hand-written store (not extracted), so CLI tests do not depend on the extractor."""
    write_store(isolated_environment, SAMPLE_DOCUMENTS, SAMPLE_FACTS)
    return isolated_environment


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
