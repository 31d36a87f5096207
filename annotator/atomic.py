"""Atomic file writes: a crash or kill leaves the old file or the new one, never a torn one."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from annotator.output_paths import temp_file_for


def _current_umask() -> int:
    """The process umask (read once at import: setting it to read it is not thread-safe later)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Temporary files are created 0600; the file we rename into place gets what a plain open() would give:
# a new file FILE_MODE, a file written over its own mode (a config kept 0600 stays 0600).
FILE_MODE = 0o666 & ~_current_umask()
FOLDER_MODE = 0o777 & ~_current_umask()


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[IO[str]]:
    """Open a temporary file beside `path` for UTF-8 text with `\\n` newlines; rename it into place on success.

    The data is flushed and fsynced before the rename, and the folder after it, so the new name
    never points at a half-written file even after a power cut. On any error the temporary file
    is removed and the old file stays as it was. Where `path` may be is decided by `output_paths`.
    """
    target = Path(path)
    mode = _mode_for(target)
    try:
        handle, temporary = temp_file_for(target)  # our own name, locked: a killed write is cleared by the next one
    except OSError as error:
        raise _about(error, target) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _about(error, target) from None
        raise
    _fsync_folder(target.parent)


def _mode_for(target: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else what a new file gets."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return FILE_MODE


def _about(error: OSError, target: Path) -> OSError:
    """The error named after the file the user asked for, not our temporary one (a full disk has no name at all)."""
    error.filename = str(target)
    return error


def write_text_atomic(path: str | Path, chunks: Iterable[str]) -> None:
    """Write the concatenated chunks to `path` atomically."""
    with atomic_writer(path) as stream:
        for chunk in chunks:
            stream.write(chunk)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable; some file systems refuse to fsync a folder, which is then as good as it gets."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
