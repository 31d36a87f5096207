"""WAL checkpoints while the app is idle: a key's commit only appends to the WAL, the copy into the file waits."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from annotator.store import checkpoint

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

    def start(self) -> None:
        """Defer the store's checkpoints to this, and look every tick."""
        if self.app.store.path == ":memory:" or self.app.store.readonly:
            return
        self.app.store.defer_checkpoints()
        self.app.set_interval(CHECKPOINT_TICK_SECONDS, self.tick)

    def _copy_home(self, changes: int) -> None:
        """The database file was moved or replaced: checkpoint on the app's own connection, into the file it has open."""
        if not self._told_moved:
            self._told_moved = True
            self.app.notify(f"{self.app.store.path} was moved or replaced while open: your work is still written to the file "
                            "this window opened; quit and open it where it is now", severity="warning", timeout=30)
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
        rested = changes == self._changes_seen
        self._changes_seen = changes
        overdue = time.monotonic() - self._copied_at > CHECKPOINT_AT_LEAST_SECONDS
        if changes != self._changes_copied and (rested or overdue):
            self._changes_copied, self._copied_at = changes, time.monotonic()
            path, identity = self.app.store.path, self.app.store.identity  # never a file put in its place since
            self.app.run_worker(lambda: checkpoint(path, identity), thread=True, group="checkpoint", name="checkpoint",
                                exit_on_error=False)
