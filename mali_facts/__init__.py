"""mali-facts: look up dates, figures, officials, places and organizations about Mali.

The Python API, loaded on first use so that the command line starts fast::

    from mali_facts import extract, FactStore
    facts = extract(text, datetime.date(2024, 3, 12))
    store = FactStore.open(path)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Fact", "FactStore", "__version__", "extract"]


def __getattr__(name: str) -> Any:
    if name == "extract":
        from mali_facts.extract import extract

        return extract
    if name == "Fact":
        from mali_facts.model import Fact

        return Fact
    if name == "FactStore":
        from mali_facts.store import FactStore

        return FactStore
    raise AttributeError(f"module 'mali_facts' has no attribute {name!r}")
