"""One app window per annotator and database: an exclusive session lock beside the database.

Two windows under one name would share one undo stack, so `u` in one takes back the other's work. The
app therefore holds an advisory `flock` on `<db>.<hash of the name>.session` for as long as it runs;
the file names the holder's host and pid. The kernel drops the lock when its process dies, so a file
left by a crashed or killed app is stale by construction and the next window simply takes it over.
CLI commands do not take it: a script's `annotator undo` is the annotator's own.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import InputError
from annotator.store import utc_now


class SessionBusy(InputError):
    """Another window of this annotator has the database open."""


@dataclass
class SessionLock:
    """A held session lock; `release()` gives it back."""

    path: Path
    fd: int | None
    also: SessionLock | None = None  # the same session keyed on the database file itself (hard links, other mounts)

    def release(self) -> None:
        """Drop the lock and remove its file (another window may take it at once)."""
        if self.also is not None:
            self.also.release()
        if self.fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


def lock_path(db_path: str | Path, annotator: str) -> Path:
    """Where the session lock of one annotator on one database lives (the name hashed: it is data)."""
    digest = hashlib.sha256(annotator.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    db = Path(db_path).resolve()
    return db.with_name(f".{db.name}.{digest}.session")


def identity_lock_path(db_path: str | Path, annotator: str) -> Path | None:
    """This user's lock on the database file itself (device and inode), whatever name or link opened it; None without one."""
    from annotator.crash_log import state_dir

    try:
        info = os.stat(db_path)
    except OSError:
        return None
    digest = hashlib.sha256(annotator.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return state_dir() / "sessions" / f"{info.st_dev}-{info.st_ino}.{digest}.session"


def acquire(db_path: str | Path, annotator: str) -> SessionLock:
    """Take the annotator's session on a database, or refuse naming the window (host, pid) that has it.

    The lock beside the database holds across users; a second one in this user's state folder, named by
    the file's device and inode, holds across names the path does not show (a hard link, another mount).
    Where no lock file can be written (a read-only folder), no other window can write either: the
    session goes on unlocked.
    """
    if str(db_path) == ":memory:":
        return SessionLock(Path(), None)
    lock = _take(lock_path(db_path, annotator), db_path, annotator)
    identity = identity_lock_path(db_path, annotator)
    if identity is not None:
        try:
            identity.parent.mkdir(parents=True, exist_ok=True)
            lock.also = _take(identity, db_path, annotator)
        except SessionBusy:
            lock.release()
            raise
        except OSError:
            pass
    return lock


def _take(path: Path, db_path: str | Path, annotator: str) -> SessionLock:
    """Take one lock file, or refuse naming its holder."""
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return SessionLock(path, None)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise SessionBusy(f"{annotator!r} already has this database open in another window "
                              f"(host {holder.get('host', '?')}, pid {holder.get('pid', '?')}, "
                              f"since {holder.get('since', '?')}); close that window first, or use another --annotator name",
                              db_path) from None
        if _still_named(fd, path):
            break
        os.close(fd)  # the holder released and removed this file between our open and our lock: take the new one
    _write_holder(fd)
    return SessionLock(path, fd)


def _still_named(fd: int, path: Path) -> bool:
    """Whether the locked file is still the one at `path`."""
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except OSError:
        return False


def _holder(fd: int) -> dict:
    """Who wrote the lock file (host, pid, since), as far as it can be read."""
    try:
        data = os.pread(fd, 4096, 0)
        holder = json.loads(data.decode("utf-8"))
        return holder if isinstance(holder, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_holder(fd: int) -> None:
    """Put this process's host and pid in the lock file, replacing a stale holder's."""
    record = json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "since": utc_now()[:19]}).encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, record, 0)

