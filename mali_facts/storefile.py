"""The store file on disk: refused unless regular, read to its size, written atomically.

Split from ``store.py``, which imports these names: everything here is about the file
(its type, its bytes, the temporary file, fsync, the ``.bak`` copy and the signals that
may interrupt a write), nothing about what the JSON holds.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mali_facts.errors import StoreCorrupt, StoreNotFound, StoreUnreadable


def _raise_os_error(path: Path, error: OSError) -> None:
    import errno

    if isinstance(error, FileNotFoundError):
        raise StoreNotFound(f"{path}: store not found") from None
    if isinstance(error, IsADirectoryError) or path.is_dir():
        raise StoreUnreadable(f"{path}: is a directory, not a store file") from None
    if isinstance(error, PermissionError):
        raise StoreUnreadable(f"{path}: permission denied") from None
    if error.errno == errno.ELOOP:
        raise StoreUnreadable(f"{path}: a loop of symbolic links, not a store file") from None
    raise StoreUnreadable(f"{path}: {error.strerror or error}") from None


_FILE_TYPES = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def check_regular(path: Path, mode: int) -> None:
    """Refuse at once a store that is not a regular file: a FIFO would hang the read,
    ``/dev/zero`` would fill the memory."""
    if stat.S_ISDIR(mode):
        raise StoreUnreadable(f"{path}: is a directory, not a store file")
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _FILE_TYPES if test(mode)), "not a regular file")
        raise StoreUnreadable(f"{path}: is {what}, not a store file")


@contextlib.contextmanager
def _open_regular(path: Path) -> Iterator[tuple[int, int]]:
    """The open file descriptor of a regular store file and its size."""
    try:
        check_regular(path, os.stat(path).st_mode)  # a socket cannot even be opened
        # O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        _raise_os_error(path, error)
    try:
        info = os.fstat(fd)
        check_regular(path, info.st_mode)
        yield fd, info.st_size
    finally:
        os.close(fd)


def _check_start(path: Path, head: bytes) -> None:
    """A store is a JSON object: refuse anything else before reading it all."""
    first = head.lstrip(b" \t\r\n")[:1]
    if first == b"{" or not head:
        return
    if first and first in b'["-0123456789tfn':
        raise StoreCorrupt(f"{path}: not a mali-facts store (not a JSON object)")
    shown = f"byte 0x{first[0]:02x}" if first else "only whitespace"
    raise StoreCorrupt(f"{path}: not valid JSON (it starts with {shown})")


def read_store_bytes(path: Path) -> bytes:
    """The file's bytes, read up to its size when opened (a growing file is not chased)."""
    with _open_regular(path) as (fd, size):
        chunks: list[bytes] = []
        left = size
        try:
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                if not chunks:
                    _check_start(path, chunk[:4096])
                chunks.append(chunk)
                left -= len(chunk)
        except OSError as error:
            _raise_os_error(path, error)
    return b"".join(chunks)


def write_atomically(path: Path, payload: bytes, backup: bool = True) -> None:
    """Replace *path* with *payload*: temp file, fsync, keep ``.bak``, ``os.replace``.

    At every instant the path holds either the complete old content or the complete new
    content, whatever kills the process.
    """
    import tempfile

    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp_name, stat.S_IMODE(path.stat().st_mode))
            if backup:
                _replace_backup(path)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(directory)


def _replace_backup(path: Path) -> None:
    """Keep the previous version next to the store, itself replaced atomically."""
    import shutil
    import tempfile

    backup = path.with_name(path.name + ".bak")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{backup.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        shutil.copyfile(path, tmp_name)
        os.replace(tmp_name, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# what tempfile.mkstemp names the store's, its backups' and its migration backups' temps
_TEMP_NAME = re.compile(r"\.(?P<name>.+?)(?:\.v\d+)?(?:\.bak)?\.[a-z0-9_]{8}\.tmp")


def remove_stale_temp_files(path: Path, locked_at: float) -> None:
    """Delete the temporary files a killed writer left beside the store.

    Called with the write lock held: only a lock holder writes a temporary file for this
    store, so one that is older than the lock belongs to a writer that died.
    """
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        match = _TEMP_NAME.fullmatch(name)
        if not match or match.group("name") != path.name:
            continue
        leftover = path.parent / name
        with contextlib.suppress(OSError):
            if leftover.lstat().st_mtime <= locked_at and stat.S_ISREG(leftover.lstat().st_mode):
                leftover.unlink()


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived during a write: unwind, removing the temporary file."""


@contextlib.contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    """Let SIGTERM and SIGHUP unwind the write (temporary file removed) instead of
    killing the process on the spot; the signal's usual exit status follows."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def stop(signum: int, frame: Any) -> None:
        caught.append(signum)
        raise _Stopped

    wanted = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    previous = {name: signal.signal(getattr(signal, name), stop) for name in wanted}
    try:
        yield
    except _Stopped:
        raise SystemExit(128 + caught[0]) from None
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
