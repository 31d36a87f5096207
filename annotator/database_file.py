"""The database as a file: its -wal/-shm/-journal companions, whether it may be written, and unfinished first ingests."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from annotator.database_errors import DatabaseReadOnly, NotADatabase
from annotator.errors import InputError, shell_word, shown_path
from annotator.output_paths import DATABASE_COMPANIONS, require_folder
from annotator.store import Store

T = TypeVar("T")

COMPANION_SUFFIXES = tuple(suffix for suffix in DATABASE_COMPANIONS if suffix)
CREATING_MARK = ".creating-"


def companions(database: str | Path) -> list[Path]:
    """The files SQLite keeps beside a database: its write-ahead log, shared memory and rollback journal."""
    return [Path(f"{database}{suffix}") for suffix in COMPANION_SUFFIXES]


def companion_owner(path: str | Path) -> Path | None:
    """The database a `-wal`/`-shm`/`-journal` file belongs to, when that database is beside it; else None."""
    name = Path(path).name
    for suffix in COMPANION_SUFFIXES:
        if name.endswith(suffix) and Path(str(path)[: -len(suffix)]).is_file():
            return Path(str(path)[: -len(suffix)])
    return None


def refuse_unusable(path: Path, create: bool) -> None:
    """Refuse, in one sentence, a --db that is a companion file, a folder, in no folder, missing or empty."""
    owner = companion_owner(path)
    if owner is not None:
        raise NotADatabase(f"is a file SQLite keeps beside the database {shown_path(owner)}, not a database; give --db {shell_word(owner)}", path)
    if path.is_dir():
        raise InputError("is a folder, not a database file", path)
    if path.exists() and not path.is_file():  # SQLite would block on a pipe, or call a device a disk error
        raise InputError("is not a regular file (a pipe, device or socket), so it cannot be a database; give a database file", path)
    require_folder(path)
    if create:
        return
    if not path.exists():
        raise InputError("no such database; create it with `annotator ingest PATH...` (or check --db / $ANNOTATOR_DB)", path)
    if path.stat().st_size == 0:
        raise NotADatabase("is an empty file (0 bytes), not an annotator database; only `annotator ingest` makes one", path)


def can_write(path: str | Path) -> bool:
    """Whether the database and its folder (where SQLite makes -wal and -shm) may be written by us."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def refuse_read_only(path: Path, command: str) -> None:
    """A command that writes says so at once when the database cannot be written, instead of failing halfway."""
    if not can_write(path):
        raise DatabaseReadOnly(f"is read-only (the file or its folder cannot be written), so `{command}` cannot change it; "
                               "read commands (sources, export, agree, suggest) still work", path)


def creating_path(database: Path) -> Path:
    """Where a first ingest builds a new database before it takes its name: beside it, marked with our pid."""
    return database.with_name(f".{database.name}{CREATING_MARK}{os.getpid()}")


def remove_unfinished(database: Path) -> list[Path]:
    """Remove databases that killed first ingests left beside `database` (their process is gone); return them."""
    removed = []
    for leftover in sorted(database.parent.glob(glob.escape(f".{database.name}{CREATING_MARK}") + "*")):
        pid = leftover.name.rpartition(CREATING_MARK)[2]
        if not pid.isascii() or not pid.isdigit() or _alive(int(pid)):
            continue
        for file in (leftover, *companions(leftover)):
            file.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (one we may not signal runs too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def create_database(database: Path, fill: Callable[[Store], T]) -> T:
    """Make a new database with `fill`, built beside `database` and renamed to it only when complete.

    Closing the store first folds the -wal into the file, so the name never points at a database
    whose content sits in a log. On any error or interruption the temporary files are removed.
    """
    temporary = creating_path(database)
    try:
        with Store(temporary) as store:
            result = fill(store)
        _publish(temporary, database)
        return result
    finally:
        for file in (temporary, *companions(temporary)):
            file.unlink(missing_ok=True)


def _publish(temporary: Path, database: Path) -> None:
    """Give the finished file its name, never replacing a database another process made meanwhile."""
    try:
        os.link(temporary, database)  # fails if the name exists: no window in which it could be replaced
    except FileExistsError:
        raise InputError("was created by another process during this ingest; nothing was added: run the ingest again",
                         database) from None
    except OSError:  # a file system without hard links
        if database.exists():
            raise InputError("was created by another process during this ingest; nothing was added: run the ingest again",
                             database) from None
        os.rename(temporary, database)
