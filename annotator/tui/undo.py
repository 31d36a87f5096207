"""Undo and redo from a screen: run one step through the app's writes, redraw, and say what happened."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from annotator.annotations import Annotations


def replay_step(screen: Screen, operation: Callable[[Annotations], str | None], verb: str, nothing: str,
                redraw: Callable[[], None]) -> None:
    """Undo or redo one action; a refusal (rows changed since) or a held lock is reported, never a crash."""

    def done(action: str | None) -> None:
        redraw()
        screen.app.notify(f"{verb}: {action}." if action else nothing, timeout=2)

    screen.app.writes.run("undo" if verb == "Undid" else "redo", operation, done)
