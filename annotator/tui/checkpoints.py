"""WAL checkpoints while the app is idle: a key's commit only appends to the WAL, the copy into the file waits."""

from __future__ import annotations

import os
import sqlite3
import time
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from annotator.connections import checkpoint
from annotator.database_errors import SQLITE_FULL, disk_full, primary_code
from annotator.errors import shown_path

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

CHECKPOINT_TICK_SECONDS = 2.0  # how often the app looks whether it wrote and then rested
CHECKPOINT_AT_LEAST_SECONDS = 60.0  # while writing without rest, the WAL is still copied this often


class IdleCheckpoints:
    """Checkpoints the app's writes in a thread once a tick passed without a write (or after a minute of writing)."""

    def __init__(self, app: AnnotatorApp):
        self.app = app
        self._changes_seen = self._changes_copied = self._changes()
        self._copied_at = time.monotonic()
        self._told_moved = False
        self._told_failed: str | None = None  # what a failed copy told; told again only after one has worked since
        self._told_wal = False

    def start(self) -> None:
        """Defer the store's checkpoints to this, and look every tick."""
        if self.app.store.path == ":memory:" or self.app.store.readonly:
            return
        self.app.store.defer_checkpoints()
        self.app.store.note_wal()
        self.app.set_interval(CHECKPOINT_TICK_SECONDS, self.tick)

    def _copy_home(self, changes: int) -> None:
        """The database file was moved or replaced: checkpoint on the app's own connection, into the file it has open."""
        if not self._told_moved:
            self._told_moved = True
            self.app.notices.hold(f"{self.app.store.path} was moved or replaced while open: your work is still written to "
                                  "the file this window opened; quit and open it where it is now")
        if changes != self._changes_copied:
            self._changes_copied = changes
            self.app.store.copy_wal_home()

    def _wal_deleted(self, changes: int) -> None:
        """The -wal was deleted under the app: copy its commits into the database file on the app's own connection.

        Only this connection can still read that WAL (another one gets "disk I/O error"), and it would vanish at close.
        """
        if not self._told_wal:
            self._told_wal = True
            wal = shown_path(f"{self.app.store.path}-wal")
            self.app.notices.hold(f"{wal} was deleted while the app had it open: your work is copied into "
                                  f"{shown_path(self.app.store.path)} at every rest, so nothing is lost; quit and open the "
                                  "app again soon, so that it has a journal file of its own again")
        if changes != self._changes_copied:
            self._changes_copied = changes
            self.app.store.copy_wal_home()

    def _changes(self) -> int:
        return self.app.store.db.conn.total_changes

    def tick(self) -> None:
        """Checkpoint when the app wrote since the last copy and then rested a tick, or wrote for a minute without rest."""
        changes = self._changes()
        if self.app.store.moved():
            self._copy_home(changes)
            return
        if self.app.store.wal_deleted():
            self._wal_deleted(changes)
            return
        rested = changes == self._changes_seen
        self._changes_seen = changes
        overdue = time.monotonic() - self._copied_at > CHECKPOINT_AT_LEAST_SECONDS
        if changes != self._changes_copied and (rested or overdue):
            self._changes_copied, self._copied_at = changes, time.monotonic()
            path, identity = self.app.store.path, self.app.store.identity  # never a file put in its place since
            self.app.run_worker(lambda: self._copy(path, identity, changes), thread=True, group="checkpoint",
                                name="checkpoint", exit_on_error=False)

    def _copy(self, path: str, identity: tuple[int, int] | None, changes: int) -> None:
        """The checkpoint, in its thread; a failure (full disk, a file made read-only) is told on the UI thread."""
        try:
            checkpoint(path, identity)
        except (sqlite3.Error, OSError) as error:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._failed, changes, error)
            return
        if self._told_failed and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._worked)

    def _failed(self, changes: int, error: Exception) -> None:
        """Say once that the copy failed and that nothing is lost (the WAL holds every write); try again at the next rest."""
        if self._changes_copied == changes:
            self._changes_copied = -1  # not copied: the next rest tries again
        if self._told_failed:
            return
        self._told_failed = checkpoint_failure(self.app.store.path, error)
        self.app.notices.hold(self._told_failed)  # told like an error: it stays until a key after it was seen

    def _worked(self) -> None:
        """A copy worked after one had failed: say so once, in place of the failure if it is still on screen."""
        failure, self._told_failed = self._told_failed, None
        if failure:
            self.app.notices.withdraw(failure)
        self.app.notices.hold(f"Your work is copied into {shown_path(self.app.store.path)} again.", severity="information")


def checkpoint_failure(path: str, error: Exception) -> str:
    """The one sentence for a failed idle copy of the WAL into the database file: why, and that nothing is lost."""
    shown = shown_path(path)
    if os.path.exists(path) and not os.access(path, os.W_OK):
        why = "it was made read-only while open; make it writable again before you quit"
    elif (isinstance(error, sqlite3.Error) and primary_code(error) == SQLITE_FULL) or disk_full(path):
        why = "the disk is full; free some space before you quit"
    else:
        why = f"{error}; check the file and its disk before you quit"
    return (f"Could not copy your work into {shown} ({why}): nothing is lost, every action is kept in "
            f"{shown_path(os.path.basename(path))}-wal beside it, and the copy is tried again at the next rest.")
