"""Generated news documents as ``mali-facts extract`` input, for recipes and benchmarks.

Deterministic for a seed: the same call writes the same bytes, so two runs of a recipe
(or a test and the benchmark) extract the same archive.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

PLACES = ["Gao", "Kidal", "Mopti", "Ségou", "Tombouctou", "Ménaka", "Bamako", "Kati"]
PEOPLE = ["Assimi Goïta", "Choguel Kokalla Maïga", "Abdoulaye Diop", "Sadio Camara"]
ORGS = ["ECOWAS", "MINUSMA", "the CNSP", "the African Union", "the United Nations"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SENTENCES = [
    "On {day} {month} {year}, the army took control of {place}, officials said.",
    "About {number:,} people fled {place} after the attack, according to {org}.",
    "Colonel {person} met envoys of {org} in {place} on {day} {month} {year}.",
    "More than {small} civilians were killed near {place} last week, {org} said.",
    "{org} said {number:,} displaced people had reached {place} by {month} {year}.",
    "Transition President {person} announced elections for {month} {year2}.",
    "The talks in {place} resumed on {day} {month}, two years after they stopped.",
]


def document(index: int, rng: random.Random) -> dict:
    """One document in the ``extract`` input shape."""
    year = rng.randint(2013, 2024)
    published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    sentences = []
    for _ in range(rng.randint(4, 9)):
        sentences.append(rng.choice(SENTENCES).format(
            day=rng.randint(1, 28), month=rng.choice(MONTHS), year=year, year2=year + 1,
            place=rng.choice(PLACES), person=rng.choice(PEOPLE), org=rng.choice(ORGS),
            number=rng.randint(1000, 400000), small=rng.randint(2, 90)))
    title = f"Report {index} from {rng.choice(PLACES)}"
    # the date line lets a plain `ingest` of the text as a file find the same date
    text = f"{title}\nPublished: {published}\n\n" + " ".join(sentences) + "\n"
    return {"id": f"gen-{index:06d}", "text": text, "published": published,
            "metadata": {"title": None, "outlet": None, "author": None,
                         "source": f"gen-{index:06d}.txt"}}


def write_documents(path: Path, count: int, seed: int = 12,
                    text_dir: Path | None = None) -> Path:
    """Write *count* documents as JSONL to *path* (and each text to *text_dir*)."""
    rng = random.Random(seed)
    if text_dir is not None:
        text_dir.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            item = document(index, rng)
            if text_dir is not None:  # where `ingest` of the file would say it came from
                item["metadata"]["path"] = os.path.realpath(
                    text_dir / item["metadata"]["source"])
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            if text_dir is not None:
                (text_dir / item["metadata"]["source"]).write_text(item["text"],
                                                                   encoding="utf-8")
    return path
