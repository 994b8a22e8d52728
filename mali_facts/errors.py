"""One base error, a few subclasses, each with the exit code ``cli.py`` turns it into.

Exit codes follow grep: 0 something matched, 1 nothing matched, 2 usage error; the
codes below are for problems with the store or the input, one code per cause so a
script can tell them apart.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NO_MATCH = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # a bug, and only a bug (BSD's EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class MaliFactsError(Exception):
    """Base of every error the tool reports as one line on stderr."""

    exit_code = 2


class UsageError(MaliFactsError):
    """A bad argument value that Click's own checks cannot see (e.g. ``--from notadate``)."""

    exit_code = 2


class StoreNotFound(MaliFactsError):
    """The store file does not exist."""

    exit_code = 3


class StoreUnreadable(MaliFactsError):
    """The store cannot be read or written: permissions, a directory, a FIFO or device,
    a symlink loop, a full disk."""

    exit_code = 4


class StoreCorrupt(MaliFactsError):
    """The store is not valid JSON, not our schema, or from a newer version of the tool."""

    exit_code = 5


class StoreLocked(MaliFactsError):
    """Another process held the store's write lock for too long."""

    exit_code = 6


class DocumentError(MaliFactsError):
    """An input document was refused (not text, too large, unreadable)."""

    exit_code = 7


class NotFound(MaliFactsError):
    """A fact or document id that is not in the store."""

    exit_code = 1
