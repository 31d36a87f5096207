"""Keys typed ahead of a dialog: a key pressed before the screen an earlier key opened had taken it goes to that screen.

A terminal delivers a fast typist's `t1` in one read. Textual forwards both keys to the focused widget
at once, so the `1` is already on its way through the article when `t` opens the type dialog; the
app's binding check then looks at the dialog, finds nothing for `1`, and the key is lost. Here such
a key (typed on one screen, arriving when another is on top) is held, and replayed to the screen now
on top once it has drawn, with every key typed after it behind it, in order.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen

REMEMBERED = 256  # keys whose screen is remembered until they come back to the app (most never do)


class TypeAhead:
    """An App mixin: keys typed before a key's binding opened (or closed) a screen go to the screen then on top."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._typed: dict[int, tuple[int, Screen]] = {}  # id of a key on its way -> (its number, the top when typed)
        self._numbered = 0  # keys numbered so far
        self._moved_by = -1  # the number of the last key whose binding changed the top screen
        self._held: list[events.Key] = []  # keys waiting for the new screen, in the order they were typed

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held:  # earlier keys wait for a dialog: this one waits behind them
                self._held.append(event)
                return
            self._remember(event)
        await super().on_event(event)

    def _remember(self, key: events.Key) -> None:
        """Number the key and note which screen was on top when it was typed."""
        self._numbered += 1
        self._typed[id(key)] = (self._numbered, self.screen)
        if len(self._typed) > REMEMBERED:
            del self._typed[next(iter(self._typed))]

    async def on_key(self, event: events.Key) -> None:
        """A key back at the app: Textual's handling (bindings of the top screen), unless it was typed ahead of a new top."""
        event.prevent_default()  # App._on_key runs below, once, so the top before and after can be compared
        number, typed_on = self._typed.pop(id(event), (None, None))
        if typed_on is not None and typed_on is not self.screen and 0 <= self._moved_by < number:
            self._hold(event)  # an earlier key's binding moved the top after this key set out
            return
        top = self.screen
        await super()._on_key(event)
        if self.screen is not top and number is not None:
            self._moved_by = number

    def _hold(self, key: events.Key) -> None:
        """Keep a key typed ahead until the new screen has drawn."""
        self._held.append(key)
        if len(self._held) == 1:
            self.call_after_refresh(self._replay_held)

    def _replay_held(self) -> None:
        """Send the held keys again, in order, to whatever has focus now."""
        held, self._held = self._held, []
        for key in held:
            self.post_message(events.Key(key.key, key.character))
