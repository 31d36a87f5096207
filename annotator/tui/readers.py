"""Connections for reads off the UI thread: one per worker thread, and reads that quitting interrupts.

A long read (every source with its counts, a search or a ranking over a million sentences) runs in a thread
worker; the process cannot end before that thread returns. Such reads go through `Readers.read`, so `q`
interrupts them (`sqlite3.Connection.interrupt`) and the app quits at once: they only read, nothing is lost.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import TypeVar

from annotator.store import Store

T = TypeVar("T")


class Interrupted(Exception):
    """A read was interrupted because the app is quitting; the worker ends without a result."""


class Readers:
    """This thread's own connection to the app's database, and the reads running on such connections now."""

    def __init__(self, store: Store):
        self.store = store
        self._local = threading.local()
        self._lock = threading.Lock()
        self._reading: set[sqlite3.Connection] = set()
        self.quitting = False  # set once: every read running is interrupted, and any read asked after it

    def reader(self) -> Store:
        """A connection of this thread's own, for workers that read off the UI thread."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self.store.again()
        return store

    def read(self, read: Callable[[Store], T]) -> T:
        """`read(reader())`, interrupted when the app quits (then `Interrupted` is raised, for the worker to end on)."""
        conn = self.reader().db.conn
        with self._lock:
            if self.quitting:
                raise Interrupted
            self._reading.add(conn)
        try:
            return read(self.reader())
        except sqlite3.OperationalError:
            if self.quitting:  # "interrupted", or any error of a statement cut short
                raise Interrupted from None
            raise
        finally:
            with self._lock:
                self._reading.discard(conn)

    def interrupt(self) -> None:
        """Stop every read running now and refuse new ones: the app is quitting and waits for no thread."""
        with self._lock:
            self.quitting = True
            for conn in self._reading:
                conn.interrupt()  # safe from another thread: the statement running there fails with "interrupted"
