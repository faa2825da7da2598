"""File primitives shared by loading, editing and the manifest: where the data folder is, a cheap
fingerprint of it, SHA-256 of a file, an atomic write and an exclusive lock on a folder.

Nothing here knows about tables; :mod:`tightrope.store`, :mod:`tightrope.editing` and
:mod:`tightrope.manifest` build on it (so none of them imports another for these).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """The data folder: ``$TIGHTROPE_DATA_DIR`` if set, else the repository's ``data/``."""
    env = os.environ.get("TIGHTROPE_DATA_DIR")
    return Path(env) if env else DEFAULT_DATA_DIR


def fingerprint(folder: Path | str) -> tuple[tuple[str, int, int, int], ...]:
    """A cheap key that changes when any table file in ``folder`` changes: (name, size, mtime_ns,
    inode) of every ``*.csv`` and the ``MANIFEST.json``, sorted by name. Used as the cache key.
    The inode catches a file replaced atomically (the in-app editor's save) within one tick of a
    coarse file-system clock."""
    folder = Path(folder)
    if not folder.is_dir():
        return ()
    out = []
    for p in sorted(folder.iterdir()):
        if p.suffix == ".csv" or p.name == "MANIFEST.json":
            st = p.stat()
            out.append((p.name, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(out)


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes as 64 lower-case hex digits. Raises ``OSError`` if unreadable."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bytes_sha256(data: bytes) -> str:
    """SHA-256 of ``data`` as 64 lower-case hex digits."""
    return hashlib.sha256(data).hexdigest()


@contextmanager
def locked(folder: Path, name: str = ".lock") -> Iterator[None]:
    """An exclusive ``flock`` on ``<folder>/<name>`` (created if needed) for the ``with`` block:
    other threads and processes taking the same lock wait."""
    folder.mkdir(exist_ok=True)
    with open(folder / name, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``:
    readers see the old or the new content, never a partial file. The file keeps its permission
    bits. Raises ``OSError`` (the old file is then untouched and the temporary file removed)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
