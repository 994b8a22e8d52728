"""A date expression as found, before overlaps are resolved and events described.

Shared by the date patterns of :mod:`dates` and :mod:`periods` (quarters, seasons,
numeric dates), so that neither module imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mali_facts.extract.source import Source


@dataclass(slots=True)
class DateCandidate:
    """One matched expression before overlaps are resolved and events described."""

    start: int
    end: int
    attrs: dict[str, Any]
    rank: int = 0  # lower wins ties between equally long overlapping candidates
    anchor: str | None = None  # head noun of "after the coup"
    extra: dict[str, Any] = field(default_factory=dict)
    #: resolved from the dates around it ("that year", "the previous year", "a year later")
    context: str | None = None
    #: holds a count that is also a FIGURE ("Five months after", "the past three weeks")
    holds_figure: bool = False


def date_attrs(
    date: str | None, precision: str, *, mod: str | None = None, relative: bool = False,
    resolution: str | None = None,
) -> dict[str, Any]:
    return {"date": date, "precision": precision, "mod": mod, "relative": relative,
            "resolution": resolution, "event": None}


def as_of_known(source: Source, precision: str) -> bool:
    """Whether the as-of date is known at least at *precision* ("day"/"month"/"year")."""
    order = {"year": 0, "month": 1, "day": 2}
    if source.as_of is None:
        return False
    return order.get(source.as_of_precision, 2) >= order[precision]


