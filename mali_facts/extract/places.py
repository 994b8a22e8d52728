"""Placeholder until the extractor lands (being written now)."""

from __future__ import annotations

from mali_facts.extract.source import Source
from mali_facts.model import Fact


def extract_places(source: Source) -> list[Fact]:
    return []
