"""Undo and redo from a screen: run one step, redraw, and say what happened (or why it could not)."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from annotator.journal import JournalConflict


def replay_step(screen: Screen, operation: Callable[[], str | None], verb: str, nothing: str, redraw: Callable[[], None]) -> None:
    """Undo or redo one action; another process's later change refuses it with a message, never a crash."""
    try:
        action = operation()
    except JournalConflict as conflict:
        screen.notify(str(conflict).capitalize() + ".", severity="error")
        return
    redraw()
    screen.notify(f"{verb}: {action}." if action else nothing, timeout=2)
