"""The garbage collector while the app runs: what the screens loaded is frozen, young objects are collected at rest.

A key press makes thousands of short-lived objects (segments, styles, strips; Textual's strips hold cycles
through their own caches, so only the collector frees them) and a pass over the young generation costs
milliseconds, more than a key's whole budget allows on top. So the young generation is collected when
the keys rest (a key pressed since the last look puts it off), and, while keys come without rest (a held
key), only every `YOUNG_COLLECTION_EVERY` allocations. Both are undone when the app unmounts.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

YOUNG_COLLECTION_EVERY = 50_000  # allocations between young collections while keys come without rest (Python's 700)
REST_LOOK_SECONDS = 0.5  # how often the app looks whether the keys rested since the last look
REST_YOUNG_AT_LEAST = 2_000  # young objects worth a pass at rest


class Collector:
    """Freezes what startup and big lists loaded, and runs the collector's passes when no key is being pressed."""

    def __init__(self, app: AnnotatorApp):
        self.app = app
        self.thresholds: tuple[int, ...] | None = None  # Python's thresholds before `calm`
        self._keys = 0  # keys seen since the last look

    def calm(self) -> None:
        """Freeze what is alive now (the collector never walks it again), collect young objects rarely, and at rest."""
        gc.freeze()
        self.thresholds = gc.get_threshold()
        young, *older = self.thresholds
        gc.set_threshold(max(young, YOUNG_COLLECTION_EVERY), *older)
        self.app.set_interval(REST_LOOK_SECONDS, self.look)

    def freeze_loaded(self) -> None:
        """Freeze what a screen loaded after its first frame (the sources view's rows), as `calm` froze the rest."""
        if self.thresholds is not None:
            gc.freeze()

    def key(self) -> None:
        """A key arrived: the next look finds no rest."""
        self._keys += 1

    def look(self) -> None:
        """If no key came since the last look, collect what the keys left, the older generations when theirs is due."""
        keys, self._keys = self._keys, 0
        if keys or self.thresholds is None:
            return
        young, middle, old = gc.get_count()
        if young < REST_YOUNG_AT_LEAST:
            return
        _, middle_every, old_every = gc.get_threshold()
        generation = 0
        if middle + 1 >= middle_every:  # as Python's own schedule: the middle generation every so many young passes
            generation = 2 if old + 1 >= old_every else 1
        gc.collect(generation)

    def restore(self) -> None:
        """Give the collector back what the app froze (its objects are garbage now) and its thresholds."""
        gc.unfreeze()
        if self.thresholds is not None:
            gc.set_threshold(*self.thresholds)
