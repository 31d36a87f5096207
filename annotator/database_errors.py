"""What went wrong with a database file, as one typed error the CLI and the app can show as a sentence."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from annotator.errors import Failure, InputError, shell_word, shown_path

SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 5, 6, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26
DISK_FULL_BYTES = 64 * 1024  # less than SQLite needs for one -shm: as good as full


class DatabaseCorrupt(InputError):
    """A page of the database file is damaged: SQLite reads garbage where it expects its own structures.

    Bad input in the contract's terms (exit 2): the file, not the tool, is what has to be mended.
    """

    def __init__(self, path: str | Path, detail: str = "database disk image is malformed"):
        super().__init__(
            f"the database is damaged ({detail}); see what is wrong with `sqlite3 {shell_word(path)} 'PRAGMA integrity_check'` "
            "and go back to your latest `annotator backup` copy", path)


class NewerDatabase(InputError):
    """The database was made by a newer annotator whose schema this one does not know."""


class DatabaseReadOnly(InputError):
    """The database cannot be written here: a read-only file, folder or mount."""


class NeedsUpgrade(DatabaseReadOnly):
    """The database has an older schema and was opened read-only, so it cannot be upgraded."""


class NotADatabase(InputError):
    """The file is not an annotator database: not SQLite, empty, or another program's."""


class DatabaseBusy(Failure):
    """Another process holds the write lock for longer than we wait."""


def primary_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error (the low byte of the extended code), or None."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def database_problem(error: sqlite3.Error, path: str | Path) -> InputError:
    """The typed, one-sentence error for an SQLite error on the database at `path`."""
    code, detail = primary_code(error), str(error)
    if code == SQLITE_NOTADB and not _has_sqlite_header(path):
        return NotADatabase(f"is not an annotator database ({detail}: it is not an SQLite file)", path)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in detail:
        return DatabaseCorrupt(path, detail)
    if code == SQLITE_READONLY:
        return DatabaseReadOnly(f"is read-only ({detail}), so nothing was written; give a writable copy with --db", path)
    if code == SQLITE_FULL and not _disk_full(path) and _disk_full(os.path.join(sqlite_temp_folder(), "x")):
        return Failure(f"the temporary folder {shown_path(sqlite_temp_folder())} is full ({detail}), though the database's "
                       "disk has room; nothing was written; free space there or set TMPDIR to a folder with room", path)
    if code == SQLITE_FULL or (code in (SQLITE_IOERR, SQLITE_CANTOPEN) and _disk_full(path)):
        return Failure(f"the disk is full ({detail}); nothing was written; free some space and try again", path)
    if code == SQLITE_IOERR and _at_size_limit(path):
        return Failure(f"the database reached the largest file this process may write (`ulimit -f`, {detail}); "
                       "nothing was written; raise the limit and try again", path)
    if code == SQLITE_IOERR:
        return Failure(f"the disk reported an input/output error ({detail}); nothing more was written", path)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseBusy(f"another process held the write lock too long ({detail}); nothing was written; try again", path)
    if code == SQLITE_CANTOPEN:
        return InputError(f"cannot be opened ({detail}); check that the file and its folder can be read", path)
    return Failure(f"the database could not be used ({detail})", path)


def sqlite_temp_folder() -> str:
    """The folder SQLite puts its temporary files in on Unix: $SQLITE_TMPDIR, $TMPDIR, else /var/tmp, /usr/tmp or /tmp."""
    for folder in (os.environ.get("SQLITE_TMPDIR"), os.environ.get("TMPDIR"), "/var/tmp", "/usr/tmp", "/tmp"):
        if folder and os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return "."


def _at_size_limit(path: str | Path) -> bool:
    """Whether the database or its -wal/-journal is within a megabyte of this process's file-size limit (RLIMIT_FSIZE)."""
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    except (ImportError, OSError, ValueError):
        return False
    if limit == resource.RLIM_INFINITY:
        return False
    sizes = [os.path.getsize(f"{path}{suffix}") for suffix in ("", "-wal", "-journal") if os.path.exists(f"{path}{suffix}")]
    return any(size >= limit - 1024 * 1024 for size in sizes)


def _has_sqlite_header(path: str | Path) -> bool:
    """Whether the file starts as every SQLite database does (so a NOTADB error means damage, not a stray file)."""
    try:
        with open(path, "rb") as stream:
            return stream.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _disk_full(path: str | Path) -> bool:
    """Whether the file system holding `path` has no free space left (SQLite then often says only "I/O error")."""
    try:
        stats = os.statvfs(os.path.dirname(os.path.abspath(path)))
    except (OSError, AttributeError):
        return False
    return stats.f_bavail * stats.f_frsize < DISK_FULL_BYTES


def disk_full(path: str | Path) -> bool:
    """Whether the disk holding `path` is full (the app's idle checkpoint asks it to name the cause)."""
    return _disk_full(path)
