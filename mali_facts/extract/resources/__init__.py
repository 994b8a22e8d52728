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
    """The resource *name* (``clauses``...) of language *lang*, falling back to English."""
    path = RESOURCE_DIR / lang / f"{name}.json"
    if not path.exists():
        path = RESOURCE_DIR / "en" / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("_about", None)
    return data
