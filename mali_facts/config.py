"""Where the store is: ``--db``, then ``MALI_FACTS_DB``, then the user store, then the shipped one.

The shipped ``data.json`` is never written: a writing command without ``--db`` or
``MALI_FACTS_DB`` writes to the user store (created as a copy of the shipped data the
first time), so the store grows with the user's reading.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

ENV_DB = "MALI_FACTS_DB"
ENV_MAX_BYTES = "MALI_FACTS_MAX_BYTES"
DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
USER_STORE_NAME = "facts.json"


class StoreLocation(NamedTuple):
    """A store path and how it was chosen (``option``, ``env``, ``user`` or ``shipped``)."""

    path: Path
    origin: str

    @property
    def writable(self) -> bool:
        return self.origin != "shipped"


def shipped_store_path() -> Path:
    """``data.json`` inside the installed package, or at the top of a source checkout."""
    package_dir = Path(__file__).resolve().parent
    inside = package_dir / "data.json"
    return inside if inside.exists() else package_dir.parent / "data.json"


def user_store_path() -> Path:
    """The per-user store in the platform's data directory.

    On Linux this is the XDG data directory, computed here because importing
    platformdirs costs more than the rest of a query's start-up; other platforms ask it.
    """
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_DATA_HOME", "").strip()
        root = Path(base) if base and Path(base).is_absolute() else (
            Path.home() / ".local" / "share")
        return root / "mali-facts" / USER_STORE_NAME
    from platformdirs import user_data_path

    return user_data_path("mali-facts", appauthor=False) / USER_STORE_NAME


def resolve_store(db_option: str | None, for_writing: bool = False) -> StoreLocation:
    """The store a command should use; writers never get the shipped file."""
    if db_option:
        return StoreLocation(expand_user(db_option), "option")
    env = os.environ.get(ENV_DB)
    if env:
        return StoreLocation(expand_user(env), "env")
    user = user_store_path()
    if for_writing or user.exists():
        return StoreLocation(user, "user")
    return StoreLocation(shipped_store_path(), "shipped")


def expand_user(text: str) -> Path:
    """``~/x`` and ``~user/x`` as the shell expands them; an unknown user is no store."""
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~nosuchuser/x", or no home directory at all
        from mali_facts.errors import StoreNotFound

        user = text[1:].split("/", 1)[0]
        raise StoreNotFound(f"{text}: store not found (no home directory for "
                            f"{'user ' + repr(user) if user else 'this user'})") from None


#: No document needs more; a bigger MALI_FACTS_MAX_BYTES is a typo, not a wish.
MAX_DOCUMENT_BYTES_CEILING = 1024 ** 3


def max_document_bytes() -> int:
    """Largest document ``ingest`` accepts; ``MALI_FACTS_MAX_BYTES`` overrides the default.

    The value is a whole number of bytes from 1 to 1 GiB; anything else is a usage error
    rather than silently ignored (``1e11`` is not a number of bytes).
    """
    value = os.environ.get(ENV_MAX_BYTES)
    if value is None or not value.strip():
        return DEFAULT_MAX_DOCUMENT_BYTES
    text = value.strip().replace("_", "")
    if not (text.isascii() and text.isdigit()) or len(text) > 12 or not (
            0 < int(text) <= MAX_DOCUMENT_BYTES_CEILING):
        from mali_facts.errors import UsageError

        shown = value if len(value) <= 40 else value[:40] + "..."
        raise UsageError(f"{ENV_MAX_BYTES}: {shown!r} is not a number of bytes from 1 to "
                         f"{MAX_DOCUMENT_BYTES_CEILING:,} (e.g. 50000000)")
    return int(text)
