"""Which notices the screen shows, and the session's log of them: an action not done is never hidden unseen.

Every notice of the app passes here (the app's `on_notify`, before Textual adds it). Two kinds:

- *Held*: an error, anything that says "Not done" (an action refused or failed), or a notice sent through
  `Notices.hold` (a failure no key caused: the idle checkpoint's full disk or read-only file). It stays on screen
  until a key is pressed at least `HELD_AT_LEAST` seconds after it showed, a click on it, or the log
  being opened, however long that takes: a later notice never covers it, it never times out unseen.
- *Passing*: everything else, with its timeout. Only the newest shows; a newer one replaces it, and
  so does a held one (what it said came before the failure).

So the screen shows one held notice and at most one passing notice newer than it. A held notice that replaces another not
yet seen says how many more there are; the log (`M`) lists the session's notices, newest first.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.notifications import Notification
from textual.widgets import Label, Static

from annotator.tui.dialogs import DIALOG_CSS, ScrollingDialog

if TYPE_CHECKING:
    from annotator.tui.app import AnnotatorApp

HELD_AT_LEAST = 4.0  # seconds a held notice stays before a key press takes it away
HELD_TIMEOUT = 24 * 3600.0  # Textual's timeout for a held notice: in effect, until seen
LOGGED = 200  # notices the session's log keeps
NOT_DONE = "Not done"
LOG_BINDING_ID = "notices"
SEVERITY_WORDS = {"information": "info", "warning": "warning", "error": "error"}
SEVERITY_STYLES = {"warning": "bold yellow", "error": "bold red"}


@dataclass(frozen=True)
class LoggedNotice:
    """One notice as the log shows it: when (local clock), how grave, what it said."""

    at: str
    severity: str
    message: str


def is_held(notification: Notification) -> bool:
    """An error, or a notice saying an action was not done: it stays until the user has had the chance to see it."""
    return notification.severity == "error" or notification.message.startswith(NOT_DONE)


class Notices:
    """The app's notices: at most one held and one passing on screen, and every one in the session's log."""

    def __init__(self, app: AnnotatorApp):
        self.app = app
        self.log: deque[LoggedNotice] = deque(maxlen=LOGGED)
        self.held: Notification | None = None
        self.passing: Notification | None = None
        self._unseen_held = 0  # held notices replaced before anyone could see them (the log has them)
        self._to_hold: set[str] = set()  # messages sent through hold(), not arrived yet

    def arrived(self, notification: Notification) -> None:
        """A notice about to be shown: log it, make a held one stay, and take off the one it replaces."""
        self.log.append(LoggedNotice(time.strftime("%H:%M:%S"), notification.severity, notification.message))
        asked = notification.message in self._to_hold
        self._to_hold.discard(notification.message)
        if asked or is_held(notification):
            if self.held is not None and self._on_screen(self.held):
                self._unseen_held += 1
                self._remove(self.held)
            if self.passing is not None:  # older than this one ("Waiting for the database…" before its failure)
                self._remove(self.passing)
                self.passing = None
            notification.timeout = HELD_TIMEOUT
            if self._unseen_held:
                notification.message += f" ({self._unseen_held} more not done: {self._log_key()} lists them.)"
            self.held = notification
        else:
            if self.passing is not None:
                self._remove(self.passing)
            self.passing = notification

    def hold(self, message: str, severity: str = "warning") -> None:
        """Notify a notice that is held like an error: a warning of something gone wrong that no key caused."""
        self._to_hold.add(message)
        self.app.notify(message, severity=severity, timeout=HELD_TIMEOUT)

    def withdraw(self, message: str) -> None:
        """The held notice that said `message` no longer holds (what went wrong was put right): off the screen.

        It stays in the log; taken off as seen, it counts as no "more not done" for the next held notice.
        """
        if self.held is not None and self.held.message.startswith(message):
            self.seen()

    def key_pressed(self) -> None:
        """A key after the held notice has shown long enough to be read: it has been seen, and goes."""
        if self.held is not None and self._age(self.held) >= HELD_AT_LEAST:
            self.seen()

    def seen(self) -> None:
        """The held notice has been seen (the log opened, or a key after it showed long enough): it goes."""
        if self.held is not None:
            self._remove(self.held)
        self.held = None
        self._unseen_held = 0

    def _log_key(self) -> str:
        """The key that opens the log, as the help shows it (the keymap may have moved it)."""
        for active in self.app.screen.active_bindings.values():
            if active.binding.id == LOG_BINDING_ID:
                return self.app.get_key_display(active.binding)
        return "the notices log"

    def _on_screen(self, notification: Notification) -> bool:
        return notification in self.app._notifications

    @staticmethod
    def _age(notification: Notification) -> float:
        return time.time() - notification.raised_at

    def _remove(self, notification: Notification) -> None:
        """Take a notice off the screen (what a click on its toast does, through Textual's one way in)."""
        self.app._unnotify(notification)


class NoticesScreen(ScrollingDialog):
    """The session's notices, newest first: what a notice said after it went (or while another covered it)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NoticesScreen") + """
    NoticesScreen > Vertical { width: 100; }
    NoticesScreen VerticalScroll { height: auto; max-height: 30; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="dialog-cancel"),
        Binding("j", "scroll(1)", "Scroll down", id="help-scroll-down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", id="help-scroll-up", show=False),
    ]

    def __init__(self, log: list[LoggedNotice]):
        super().__init__()
        self.logged = log

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for notice in reversed(self.logged):  # Text, not str: a message from data is never markup
            table.add_row(Text(notice.at), Text(SEVERITY_WORDS.get(notice.severity, notice.severity),
                                                style=SEVERITY_STYLES.get(notice.severity, "")), Text(notice.message))
        shown = table if self.logged else Text("No notice yet in this session.")
        with Vertical():
            yield Label(f"Notices of this session, newest first (the last {LOGGED})", classes="title", markup=False)
            with VerticalScroll():
                yield Static(shown, markup=False)
            yield Label("esc closes", classes="hint", markup=False)

