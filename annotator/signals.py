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


def terminate_as_interrupt() -> contextlib.AbstractContextManager[None]:
    """Within this block SIGTERM raises Terminated (main thread only, where Python runs signal handlers)."""
    return _sigterm_handled_by(_raise_terminated)


def default_sigterm() -> contextlib.AbstractContextManager[None]:
    """Within this block SIGTERM does what it did before us (the app has its own shutdown)."""
    return _sigterm_handled_by(signal.SIG_DFL)


@contextlib.contextmanager
def _sigterm_handled_by(handler) -> Iterator[None]:
    """Within this block SIGTERM goes to `handler`, then back to the handler before; off the main thread, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
