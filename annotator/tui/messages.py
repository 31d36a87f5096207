"""Messages the app posts to its screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DatabaseChanged(Message):
    """Another connection (a second process, a write that waited for the lock) committed: re-read what is shown."""
