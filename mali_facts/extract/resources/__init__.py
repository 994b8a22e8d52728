"""Per-language word lists the extractors read: one folder per language, one engine.

Language knowledge (verb forms, clause cue words, ...) is data, so a new language is a
new folder of JSON files beside ``en/``, not a copy of the code. Files are read on first
use and cached; the query path never loads them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

RESOURCE_DIR = Path(__file__).resolve().parent


@cache
def load(lang: str, name: str) -> dict[str, Any]:
    """The resource *name* (``clauses``...) of language *lang*, falling back to English.

    A language's file may leave keys out: each missing key is the English one, so a
    list added to ``en/`` later never breaks a language that has not translated it yet.
    """
    english = RESOURCE_DIR / "en" / f"{name}.json"
    path = RESOURCE_DIR / lang / f"{name}.json"
    data: dict[str, Any] = {}
    if english.exists():
        data.update(json.loads(english.read_text(encoding="utf-8")))
    if lang != "en" and path.exists():
        data.update(json.loads(path.read_text(encoding="utf-8")))
    if not data:
        raise FileNotFoundError(f"no resource {name!r} for {lang!r} or English")
    data.pop("_about", None)
    return data
