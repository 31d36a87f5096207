"""SQLite connections as every process opens them: the pragmas, WAL, read-only and never-creating opens, the writer's
BEGIN IMMEDIATE, and checkpoints from a connection of their own."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import urllib.parse
from pathlib import Path

from annotator.sqlite_library import Database

BUSY_TIMEOUT_MS = 60_000  # a writer waits out another's transaction: a 1M-sentence ingest holds the lock ~15 s


def connect(path: str | Path, readonly: bool = False, wal: bool = True, existing: bool = False) -> sqlite3.Connection:
    """A connection with the pragmas every connection needs: WAL, FULL sync, foreign keys, busy wait.

    `isolation_level=None` leaves transactions to us: each write outside `atomic()` commits at once,
    and `atomic()` blocks are explicit BEGIN/COMMIT. A `readonly` connection never writes the file;
    `wal=False` leaves the journal mode to the caller (switching to WAL writes the file's header).
    """
    conn = _connect_readonly(path) if readonly else _connect_existing(path) if existing else _connect(str(path))
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if wal and not readonly:
        use_wal(conn, path)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def checkpoint(path: str | Path, identity: tuple[int, int] | None = None) -> bool:
    """Copy what the WAL holds into the database file, on a connection of its own, waiting for no reader or writer.

    With `identity` (the file the caller has open), nothing is done when another file (or none) is at
    `path` now: a connection to a new empty file there would delete the caller's WAL. Returns whether it ran.
    """
    if identity is not None and file_identity(path) != identity:
        return False
    conn = _connect_existing(path)
    try:
        if identity is not None and file_identity(path) != identity:
            return False
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return True
    finally:
        conn.close()


def file_identity(path: str | Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`, or None when there is none."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _connect_existing(path: str | Path) -> sqlite3.Connection:
    """A read-write connection that never creates the file (`mode=rw`): SQLite deletes the WAL beside an empty new one."""
    url = "file:" + urllib.parse.quote(os.fsencode(os.path.abspath(path)))
    return _connect(url + "?mode=rw", uri=True)


def use_wal(conn: sqlite3.Connection, path: str | Path) -> None:
    """Put a file database in WAL mode (readers never block the writer)."""
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")


def _connect(target: str, uri: bool = False) -> sqlite3.Connection:
    """sqlite3.connect with our transaction handling and lock wait."""
    return sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, uri=uri)


def _connect_readonly(path: str | Path) -> sqlite3.Connection:
    """Open without writing: `mode=ro`, or `immutable=1` when SQLite cannot even make its -shm in a read-only folder.

    Immutable (no locks, the -wal ignored) is only safe where nobody can write, so only a folder we may
    not write gets it; a live database that the app is writing is read through its -wal like any reader's.
    """
    url = "file:" + urllib.parse.quote(os.fsencode(os.path.abspath(path)))
    conn = _connect(url + "?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
            raise
    return _connect(url + "?immutable=1", uri=True)


class WriterDatabase(Database):
    """sqlite-utils' Database whose outermost `atomic()` takes the write lock up front (BEGIN IMMEDIATE).

    A deferred BEGIN that reads and then writes (undo reads the journal first, ingest reads max(id)) must
    upgrade its read snapshot to a write lock; in WAL mode, if another process committed in between,
    SQLite fails that upgrade with "database is locked" at once, without waiting out busy_timeout.
    BEGIN IMMEDIATE waits for the lock (busy_timeout applies) before reading anything, so it cannot fail so.
    Nested blocks stay sqlite-utils savepoints.
    """

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.rollback()
            raise
