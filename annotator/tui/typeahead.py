"""Keys typed ahead of a dialog: a key pressed before the screen an earlier key opened had taken it goes to that screen.

A terminal delivers a fast typist's `t1` in one read. Textual forwards both keys to the focused widget
at once, so the `1` is already on its way through the article when `t` opens the type dialog; the
app's binding check then looks at the dialog, finds nothing for `1`, and the key is lost. Here such
a key (typed on one screen, back at the app when an earlier key's binding has put another on top) is
held, and once every key sent before it has come back (or been used on the way) and the new screen has
taken focus, the held keys are sent again in the order they were typed, each once the one before has come back.

A key costs nothing more than noting where it went: only when a key is held does a marker go to each place
keys went (behind them in its queue), and the held keys wait for those markers to come back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

REMEMBERED = 256  # keys whose screen is remembered until they come back to the app (most never do)
PLACES_REMEMBERED = 64  # widgets keys went to, remembered for the markers a held key sends behind them
LOOK_EVERY = 0.01  # seconds between looks for the moment the held keys can go
LOOKS = 50  # looks before they go anyway (a marker lost with a closed dialog's widgets)
MARKER_LOST_AFTER = 1.0  # seconds after which a key's marker is taken as lost (its widget closed on the way)


@dataclass
class KeyDone(Message):
    """Sent behind the keys a widget was given: it reaches the app after they have come back or been used."""

    number: int


class TypeAhead:
    """An App mixin: keys typed before a key's binding opened (or closed) a screen go to the screen then on top."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._typed: dict[int, tuple[int, Screen]] = {}  # id of a key on its way -> (its number, the top when typed)
        self._numbered = 0  # keys numbered so far
        self._moved = (0, 0)  # the last move of the top screen by a key's binding: (that key's number, keys typed by then)
        self._sent_to: dict[Widget, None] = {}  # where keys went since the last markers, the latest last
        self._markers = 0  # markers sent so far
        self._on_the_way: dict[int, tuple[float, Widget]] = {}  # markers not back yet -> (when sent, where to)
        self._held: list[tuple[int, events.Key]] = []  # (number, key) typed ahead, waiting for the new screen
        self._again: dict[int, int] = {}  # id of a key sent again -> its number as first typed
        self._look: Timer | None = None
        self._resending = False  # a held key was sent again and has not reached the app yet

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            sent_again = id(event) in self._again
            number = self._remember(event)
            if self._held and not sent_again:  # earlier keys wait for a dialog: this one waits behind them
                self._held.append((number, event))
                return
            await super().on_event(event)
            target = self.focused or self.screen  # where Textual sent it
            self._sent_to.pop(target, None)
            self._sent_to[target] = None
            if len(self._sent_to) > PLACES_REMEMBERED:
                del self._sent_to[next(iter(self._sent_to))]
            if sent_again:
                self._resending = False
                if self._held:  # the next held key goes once this one has come back
                    self._send_markers()
            return
        await super().on_event(event)

    def _remember(self, key: events.Key) -> int:
        """Number the key (a key sent again keeps its first number) and note which screen was on top."""
        number = self._again.pop(id(key), None)
        if number is None:
            self._numbered += 1
            number = self._numbered
        self._typed[id(key)] = (number, self.screen)
        if len(self._typed) > REMEMBERED:
            del self._typed[next(iter(self._typed))]
        return number

    def on_key_done(self, message: KeyDone) -> None:
        self._on_the_way.pop(message.number, None)

    async def on_key(self, event: events.Key) -> None:
        """A key back at the app: Textual's handling (bindings of the top screen), unless it was typed ahead of a new top."""
        event.prevent_default()  # App._on_key runs below, once, so the top before and after can be compared
        number, typed_on = self._typed.pop(id(event), (None, None))
        mover, typed_by_then = self._moved
        if typed_on is not None and typed_on is not self.screen and mover < number <= typed_by_then:
            self._hold(number, event)  # an earlier key's binding moved the top after this key set out
            return
        top = self.screen
        await super()._on_key(event)
        if self.screen is not top and number is not None:
            self._moved = (number, self._numbered)

    def _hold(self, number: int, key: events.Key) -> None:
        """Keep a key typed ahead until it can go to the new screen."""
        self._held.append((number, key))
        if self._look is None:
            self._send_markers()
            self._look = self.set_timer(LOOK_EVERY, lambda: self._send_held(LOOKS))

    def _send_markers(self) -> None:
        """Send a marker behind the keys each widget was given: back at the app, none of them is still on its way.

        No key is sent while keys are held, so the markers sent now cover every key sent before them.
        """
        now = time.monotonic()
        for target in self._sent_to:
            if target.is_attached:
                self._markers += 1
                target.post_message(KeyDone(self._markers))
                self._on_the_way[self._markers] = (now, target)
        self._sent_to.clear()

    def _can_send_held(self) -> bool:
        """No key sent before the held ones still on its way, and the top screen mounted and focused (if it can be)."""
        now = time.monotonic()
        waiting = [n for n, (sent, target) in self._on_the_way.items()
                   if target.is_attached and now - sent < MARKER_LOST_AFTER]  # a closed dialog's are lost
        screen = self.screen
        return not self._resending and not waiting and screen.is_mounted and (screen.focused is not None or not screen.focus_chain)

    def _send_held(self, looks: int) -> None:
        """Send the first held key again to whatever has focus now; the next goes once it has come back (the order typed)."""
        self._look = None
        if not self.screen_stack or not self._held:  # the app is closing, or nothing left
            return
        if looks > 1 and not self._can_send_held():
            self._look = self.set_timer(LOOK_EVERY, lambda: self._send_held(looks - 1))
            return
        (number, key), *self._held = sorted(self._held, key=lambda pair: pair[0])
        self._on_the_way.clear()  # markers lost with a closed dialog's widgets are not waited for again
        again = events.Key(key.key, key.character)
        self._again[id(again)] = number
        self._resending = True
        self.post_message(again)
        if self._held:  # one at a time: a key a widget takes (a dialog's `1`) would overtake one the app binds (its escape)
            self._look = self.set_timer(LOOK_EVERY, lambda: self._send_held(LOOKS))
