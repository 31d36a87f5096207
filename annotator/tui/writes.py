"""Writes from the app: tried at once, else waited for off the UI thread; always reported, never a crash.

A key's write first tries the lock for a blink (`QUICK_BUSY_MS`). When another process holds it (a large
ingest, an import), the write moves to a thread worker with a connection of its own that keeps trying
until the lock is free, while the header says the app is waiting; the UI stays live. After `patience`
seconds it gives up and says the action was not done. One write waits at a time: a second key meanwhile
is refused with a notice, so actions never land out of order or silently.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from annotator.annotations import Annotations
from annotator.errors import InputError, Refused, UndoRefused
from annotator.journal import JournalConflict

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

QUICK_BUSY_MS = 100  # how long a key may hold the UI waiting for the lock before the write moves to a worker
RETRY_BUSY_MS = 250  # one try of the waiting worker; it checks for cancellation between tries
WRITE_PATIENCE_SECONDS = 120.0  # then the write is given up and reported as not done
WAITING = "waiting for the database (held by another process)…"
# Refusals: the rows changed under this window (another process, a corrected article); nothing was written.
REFUSALS = (InputError, JournalConflict, ValueError, sqlite3.IntegrityError)  # InputError: the writer's rules, Refused included

Write = Callable[[Annotations], Any]


def is_locked(error: sqlite3.OperationalError) -> bool:
    """Whether an error means another connection holds the lock (SQLITE_BUSY or SQLITE_LOCKED)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def sentence(error: Exception) -> str:
    """An error as one sentence for a notice."""
    text = str(error).strip() or type(error).__name__
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class Writes:
    """The app's one way to write: at once when the lock is free, else in a worker that waits for it."""

    def __init__(self, app: AnnotatorApp, patience: float = WRITE_PATIENCE_SECONDS):
        self.app = app
        self.patience = patience
        self.pending: str | None = None  # what the waiting worker is writing

    def run(self, what: str, write: Write, done: Callable[[Any], None] | None = None) -> None:
        """Do `write` with the app's annotations, then `done(result)` on the UI thread; `what` names it for people."""
        if self.pending is not None:
            self.app.notify(f"Not done: still waiting for the database to write '{self.pending}'; press the key again "
                            "once it is written.", severity="warning", timeout=6)
            return
        try:
            result = write(self.app.annotations)
        except sqlite3.OperationalError as error:
            if is_locked(error):
                self._wait(what, write, done)
            else:
                self._failed(what, error)
            return
        except REFUSALS as error:
            self._refused(error)
            return
        except sqlite3.Error as error:
            self._failed(what, error)
            return
        if done is not None:
            done(result)

    # --- waiting for the lock ------------------------------------------------------------------

    def _wait(self, what: str, write: Write, done) -> None:
        """Say the app is waiting, and write from a worker when the lock is free."""
        self.pending = what
        self.app.show_waiting(True)
        self.app.notify(f"Waiting for the database (held by another process)… '{what}' is written as soon as it is free.",
                        timeout=5)
        screen = self.app.screen
        self.app.run_worker(lambda: self._write_when_free(what, write, screen, done), thread=True, group="write",
                            name=f"write {what}")

    def _write_when_free(self, what: str, write: Write, screen, done) -> None:
        """Try the write on this thread's own connection until it lands, is refused, or patience runs out."""
        worker = get_current_worker()
        deadline = time.monotonic() + self.patience
        try:
            store = self.app.store.again()
        except InputError as error:  # the file was moved or replaced: nothing is written into a stranger
            self._report(self._failed, what, error)
            return
        try:
            store.db.execute(f"PRAGMA busy_timeout = {RETRY_BUSY_MS}")
            while not worker.is_cancelled:
                try:
                    result = write(Annotations(store, self.app.annotations.annotator, self.app.labels))
                except sqlite3.OperationalError as error:
                    if is_locked(error) and time.monotonic() < deadline:
                        continue
                    self._report(self._gave_up if is_locked(error) else self._failed, what, error)
                    return
                except REFUSALS as error:
                    self._report(self._after_refusal, what, error)
                    return
                self._report(self._landed, what, result, screen, done)
                return
        finally:
            store.close()

    def _report(self, handler, *args) -> None:
        """Hand a worker's outcome to the UI thread, unless the app is closing."""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(handler, *args)

    def _settle(self) -> None:
        """No write is waiting any more."""
        self.pending = None
        self.app.show_waiting(False)

    def _landed(self, what: str, result, screen, done) -> None:
        self._settle()
        if done is not None and screen is self.app.screen:
            done(result)
        self.app.refresh_screens()
        self.app.notify(f"Written: {what}.", timeout=3)

    def _gave_up(self, what: str, error: Exception) -> None:
        self._settle()
        self.app.notify(f"Not done: '{what}' was not written — another process held the database for "
                        f"{self.patience:.0f} s. Nothing changed; press the key again.", severity="error", timeout=15)

    def _after_refusal(self, what: str, error: Exception) -> None:
        self._settle()
        self._refused(error)

    # --- refusals and failures -----------------------------------------------------------------

    def _refused(self, error: Exception) -> None:
        """The rows changed under this window: say why nothing was done, and show them as they are."""
        if type(error) is ValueError or (isinstance(error, InputError) and not isinstance(error, Refused)):
            # the user's own slip (evidence from the claim's source, a label the set lacks): nothing changed under us
            self.app.notify(sentence(error), severity="warning")
            return
        if isinstance(error, JournalConflict | UndoRefused):  # it says itself that it cannot undo
            self.app.notify(sentence(error), severity="error", timeout=8)
        else:
            self.app.notify("Not done: " + sentence(error), severity="warning", timeout=8)
        self.app.refresh_screens()

    def _failed(self, what: str, error: Exception) -> None:
        """Any other database error: one sentence, nothing written, the app goes on."""
        self._settle()
        self.app.notify(f"Not done: '{what}' could not be written ({error}).", severity="error", timeout=15)
