"""SIGTERM handled as Ctrl-C is: the open transaction rolls back and a half-made database is removed."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class Terminated(KeyboardInterrupt):
    """The process got SIGTERM; raised where it was, so cleanup runs as it does for Ctrl-C."""


def _raise_terminated(signum, frame) -> None:
    """The SIGTERM handler."""
    raise Terminated()


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within this block SIGTERM raises Terminated (main thread only, where Python runs signal handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def default_sigterm() -> Iterator[None]:
    """Within this block SIGTERM does what it did before us (the app has its own shutdown)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
