"""The Textual app: one factory for the CLI and the tests, the store, help, palette and keymap."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from textual import events
from textual._files import generate_datetime_filename
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import Notify
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme
from textual.worker import WorkerFailed

from annotator import session
from annotator.annotations import Annotations
from annotator.atomic import write_text_atomic
from annotator.config import Config, load_config, remember_theme
from annotator.crash_log import AppCrashed, write_crash_log
from annotator.errors import InputError, os_problem
from annotator.formats import EXPORTS_FOLDER
from annotator.labels import LabelSet, load_labels
from annotator.output_paths import file_name, file_target, inside, refuse_linked_folders
from annotator.store import Store
from annotator.tui.checkpoints import IdleCheckpoints
from annotator.tui.collector import Collector
from annotator.tui.dialogs import ChoiceDialog, HelpScreen, help_rows, widget_help
from annotator.tui.messages import DatabaseChanged
from annotator.tui.notices import Notices, NoticesScreen
from annotator.tui.printable_lines import PrintableLines
from annotator.tui.readers import Interrupted, Readers, T
from annotator.tui.sources import SourcesScreen
from annotator.tui.typeahead import TypeAhead
from annotator.tui.writes import QUICK_BUSY_MS, WAITING, Writes

POLL_SECONDS = 0.5  # how often the app asks SQLite whether another connection committed
PRINTABLE_LINES = PrintableLines()  # one instance: Textual caches each line it filtered by filter

# (title, help, action name on the article screen) for the command palette.
ARTICLE_COMMANDS = [
    ("Mark / unmark claim", "Toggle the current sentence as a checkable claim", "toggle_claim"),
    ("Set claim type", "Choose the type of the current claim", "claim_type"),
    ("Set verdict", "Choose the verdict of the current claim", "verdict"),
    ("Edit claim text and note", "Normalised rewrite and a free note", "edit_claim_text"),
    ("Mark / unmark boilerplate", "Flag non-article text", "toggle_boilerplate"),
    ("Split sentence", "Split the current sentence before a word you choose", "split_sentence"),
    ("Join sentences", "Join the current sentence with the next one", "join_sentences"),
    ("Link mode", "Pick evidence for the current claim, suggestions first", "link_mode"),
    ("Search all sources", "Find sentences across every source", "search"),
    ("Next claim", "Jump to the next claim in any source", "next_claim"),
    ("Previous claim", "Jump to the previous claim in any source", "previous_claim"),
    ("Undo", "Undo your last annotation action", "undo"),
    ("Redo", "Redo the last undone action", "redo"),
    ("Back to sources", "The list of sources with progress", "back"),
]


class AnnotatorApp(TypeAhead, App):
    """Read articles side by side, mark claims, link them to evidence; every action stored at once."""

    TITLE = "annotator"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit: nothing to save, every action is stored"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key on this screen"),
        Binding("M", "notices", "Notices", id="notices", show=False,
                tooltip="This session's notices, newest first (an error or a 'Not done' stays on screen until a key after it)"),
        Binding("ctrl+e", "export", "Export", id="export", show=False, tooltip="Export your annotations (pick a format)"),
        Binding("ctrl+s", "screenshot", "Screenshot", id="screenshot", show=False,
                tooltip="Save an SVG of the screen to the screenshots folder (config screenshots:, else here)"),
    ]

    def __init__(self, store: Store, annotator: str, config: Config | None = None, labels: LabelSet | None = None,
                 review: bool = False, include_partial: bool = False):
        super().__init__()
        self.start_in_review = review
        self.include_partial = include_partial  # the review also compares sentences annotators only read
        self.compared_annotator: str | None = None  # whose work the views show beside (or instead of) yours
        self.store = store
        self.config = config or Config()
        self.labels = labels or load_labels(self.config.labels)
        self.annotations = Annotations(store, annotator, self.labels)
        self.writes = Writes(self)
        self.notices = Notices(self)  # what the screen shows of them, and the session's log
        self.checkpoints = IdleCheckpoints(self)  # a key's commit only appends to the WAL; the copy waits for a rest
        self.base_sub_title = f"{annotator} · {Path(store.path).name}"  # the header shows it as text, never markup
        self.left_source: str | None = None  # the article last closed: the sources view's cursor goes back to it
        self.last_search = ""  # the search dialog offers it again, on every screen
        self.waiting = False  # a write waits for another process's lock
        self.sub_title = self.base_sub_title
        self.crash_log: Path | None = None
        self.damage: InputError | None = None  # a damaged database file: one sentence, exit 2, no crash log
        self.readers = Readers(store)  # each worker thread's connection; q interrupts their reads
        self._data_version: int | None = None
        self._quit_anyway = False
        self.collector = Collector(self)  # the garbage collector's passes wait for the keys to rest
        if self.config.theme:
            self.theme = self.config.theme
        self.kept_theme = self.config.theme  # what config.yaml says; a theme picked in the app is written there

    def get_line_filters(self):
        """Textual's filters and ours last: every drawn line shows data's terminal controls as stand-ins (printable_lines)."""
        return [*super().get_line_filters(), PRINTABLE_LINES]

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.theme_changed_signal.subscribe(self, self.keep_theme)
        self.store.db.execute(f"PRAGMA busy_timeout = {QUICK_BUSY_MS}")  # a locked write moves to a worker (writes.py)
        self._data_version = self._read_data_version()
        self.set_interval(POLL_SECONDS, self.poll_database)
        self.checkpoints.start()
        self.push_screen(SourcesScreen())
        if self.start_in_review:
            self.action_review()
        self.call_after_refresh(self.collector.calm)  # once the first screen has loaded what it shows

    def freeze_loaded(self) -> None:
        """Freeze what a screen loaded after its first frame (the sources view's rows)."""
        self.collector.freeze_loaded()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.key()  # typing or moving the mouse: the collector waits for a rest
        if isinstance(event, events.Key):
            self.notices.key_pressed()  # a held notice shown long enough has been seen
        await super().on_event(event)

    def on_unmount(self) -> None:
        """Stop the reads of workers still running; give the collector back what the app froze and its thresholds."""
        self.readers.interrupt()
        self.collector.restore()

    # --- text, other processes, waiting, crashes -------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every notice is plain text: messages carry names, ids, queries and errors from data, never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_notify(self, event: Notify) -> None:
        """Before Textual shows a notice (Textual's own too): log it, keep an error on screen, replace the one it supersedes."""
        self.notices.arrived(event.notification)

    def action_notices(self) -> None:
        """Open the session's notices (or close them); a held notice counts as seen."""
        self.notices.seen()
        if isinstance(self.screen, NoticesScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(NoticesScreen(list(self.notices.log)))

    def _read_data_version(self) -> int | None:
        """SQLite's counter of commits by other connections (cheap: no lock, no table read)."""
        try:
            return self.store.db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return None

    def poll_database(self) -> None:
        """When another connection committed since the last look, every screen re-reads what it shows."""
        version = self._read_data_version()
        if version is not None and version != self._data_version:
            self._data_version = version
            self.refresh_screens()

    def refresh_screens(self) -> None:
        """Tell every screen on the stack (under a dialog too) to re-read the database."""
        for screen in self.screen_stack:
            screen.post_message(DatabaseChanged())

    def show_waiting(self, waiting: bool) -> None:
        """Say in the header that a write waits for another process's lock."""
        self.waiting = waiting
        self.show_header()

    def show_header(self) -> None:
        """Who and which file; whose counts are shown when comparing; a write waiting for the lock."""
        badge = f"COMPARE: {self.compared_annotator}'s counts" if self.compared_annotator else ""
        self.sub_title = " · ".join(part for part in (self.base_sub_title, badge, WAITING if self.waiting else "") if part)

    async def action_quit(self) -> None:
        """Quit; while a write still waits for the lock, the first q says so and the second quits without it."""
        if self.writes.pending is not None and not self._quit_anyway:
            self._quit_anyway = True
            self.notify(f"'{self.writes.pending}' is still waiting for the database and is not written yet: "
                        "press q again to quit without it.", severity="warning", timeout=10)
            return
        self.readers.interrupt()  # a worker's long read (the sources' counts at 1M sentences) would hold the exit
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: its traceback goes to a log file the exit message names; the app exits 1.

        A damaged database file is not our fault but the file's: the CLI says so in one sentence (exit 2).
        """
        if self.damage is None and self.crash_log is None:
            self.damage = _damage(error, self.store.path)
        if self.damage is None and self.crash_log is None:
            try:
                self.crash_log = write_crash_log(error, f"database: {self.store.path}")
            except OSError:
                pass
        super()._handle_exception(error)
        if self.crash_log is not None or self.damage is not None:
            self._exit_renderables.clear()  # one sentence from the CLI instead of a screenful of traceback

    def action_compare(self) -> None:
        """Pick another annotator whose work the sources view counts and the article panel shows, read-only."""
        from annotator.team import annotator_names
        from annotator.tui.dialogs import CLEAR, ChoiceDialog

        others = [name for name in annotator_names(self.store, include_gold=True) if name != self.annotations.annotator]
        if not others:
            self.notify("No other annotator in this database yet: import a teammate's export.", severity="warning")
            return

        def chosen(name: str | None) -> None:
            if name is None:
                return
            self.compared_annotator = None if name == CLEAR else name
            self.show_header()
            for method in ("action_reload", "show_detail"):
                if hasattr(self.screen, method):
                    getattr(self.screen, method)()

        choices = tuple((name, "their claims and links, read-only") for name in others)
        self.push_screen(ChoiceDialog("Compare with (0: only your own)", choices, self.compared_annotator), chosen)

    def action_story(self, view: str) -> None:
        """Open the lint findings or the coverage grid (`L` / `C` on the sources view, or the palette)."""
        from annotator.tui.story import StoryScreen

        self.push_screen(StoryScreen(view))

    def action_review(self) -> None:
        """Open the disagreement queue (`annotator review`, or the palette)."""
        from annotator.tui.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def reader(self) -> Store:
        """A connection of this thread's own, for workers that read off the UI thread."""
        return self.readers.reader()

    def worker_read(self, read: Callable[[Store], T]) -> T | None:
        """`read` on this worker thread's connection, interrupted by quitting; None then, or after telling the user
        why not (the database file was moved or replaced)."""
        try:
            return self.readers.read(read)
        except Interrupted:
            return None
        except InputError as error:
            self.call_from_thread(self.notify, f"Not read: {_sentence(error)}", severity="error", timeout=10)
            return None

    def action_help(self) -> None:
        """Show the help screen, built from the bindings active right now."""
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_rows(self.screen), widget_help(self.screen)))

    def action_export(self) -> None:
        """Ask for a format, then export this annotator's work under exports/ in a worker."""
        from annotator.formats import FORMATS

        choices = tuple((name, fmt.describe) for name, fmt in FORMATS.items())
        self.push_screen(ChoiceDialog("Export your annotations as", choices, None, clearable=False), self._start_export)

    def _start_export(self, fmt: str | None) -> None:
        """Run the chosen export off the UI thread."""
        if fmt:
            self.notify(f"Exporting {fmt}…")
            self.run_worker(lambda: self._export(fmt), thread=True, group="export", name=f"export {fmt}")

    def _export(self, fmt: str) -> None:
        """Write the export with this thread's own connection and report where it went."""
        from annotator.formats import default_export_path, write_export

        try:
            target = default_export_path(EXPORTS_FOLDER, self.store.path, fmt, self.annotations.annotator)
            refuse_linked_folders(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            claims = write_export(self.reader(), fmt, target, self.annotations.annotator, labels=self.labels,
                                  force_option=False)
        except (OSError, InputError) as error:
            self.call_from_thread(self.notify, f"Export failed: {_sentence(error)}", severity="error", timeout=10)
            return
        # the full path: `exports/` is under the folder the app was started from, which the app shows nowhere
        self.call_from_thread(self.notify, f"Exported {claims} claim(s) as {fmt} to {target.absolute()}", timeout=8)

    def keep_theme(self, theme: Theme) -> None:
        """A theme picked in the app goes into config.yaml, so the next start opens with it."""
        if self.config.path is None or theme.name == self.kept_theme:
            return
        try:
            remember_theme(self.config.path, theme.name)
        except (OSError, InputError) as error:
            self.notify(f"The theme is not kept: {_sentence(error)}", severity="warning", timeout=8)
            return
        self.kept_theme = theme.name

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Save an SVG of the screen in the screenshots folder (created when missing) and say where; never outside it."""
        folder = Path(path or self.config.screenshots or ".")
        name = file_name(Path(filename).name if filename else generate_datetime_filename(self.title, ".svg", time_format))
        try:
            if folder.is_symlink() and not folder.exists() or folder.exists() and not folder.is_dir():
                raise InputError("is not a folder, so no screenshot can go in it (screenshots: in config.yaml names the folder)", folder)
            folder.mkdir(parents=True, exist_ok=True)
            target = file_target(inside(folder, name), self.store.path)
            write_text_atomic(target, [self.export_screenshot()])
        except (OSError, InputError) as error:
            self.notify(f"Screenshot not saved: {_sentence(error)}", severity="error", timeout=10)
            return None
        self.notify(f"Screenshot saved to {target}", timeout=8)
        return str(target)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: Textual's own commands plus the main annotation actions."""
        yield from super().get_system_commands(screen)
        if getattr(screen, "IS_ARTICLE", False):
            for title, help_text, action in ARTICLE_COMMANDS:
                yield SystemCommand(title, help_text, lambda action=action: screen.run_action(action))
        yield SystemCommand("Export", "Write your annotations to exports/ as jsonl, yaml, w3c, fever or brat", self.action_export)
        for title, help_text, action in getattr(screen, "PALETTE_COMMANDS", ()):
            yield SystemCommand(title, help_text, lambda action=action: screen.run_action(action))
        yield SystemCommand("Compare with another annotator", "Show a teammate's (or gold's) work beside yours, read-only",
                            self.action_compare)
        yield SystemCommand("Review disagreements", "Decide where annotators disagree, into gold", self.action_review)
        yield SystemCommand("Lint the story", "Claims with no evidence, clashing links, verdicts against their evidence; enter jumps",
                            lambda: self.action_story("lint"))
        yield SystemCommand("Coverage", "Who has done and is assigned each source; each claim's evidence per source",
                            lambda: self.action_story("coverage"))
        yield SystemCommand("Help", "Every key on this screen", self.action_help)


def _sentence(error: OSError | InputError) -> str:
    """An error as the one sentence the command line would print (an OSError named by its file, not `[Errno 17]`)."""
    return str(error if isinstance(error, InputError) else os_problem(error))


def build_app(db_path: str | Path, annotator: str, config: Config | None = None, review: bool = False,
              include_partial: bool = False) -> AnnotatorApp:
    """The one factory the CLI and the tests use; `review` opens it on the disagreement queue."""
    config = config or load_config()
    check_theme(config)
    labels = load_labels(config.labels)  # before the store opens: a bad label file leaves the database alone
    return AnnotatorApp(Store(db_path), annotator, config=config, labels=labels, review=review,
                        include_partial=include_partial)


def check_theme(config: Config) -> None:
    """Refuse a `theme:` Textual does not have, in one sentence naming the config file (before the store opens)."""
    if config.theme and config.theme not in BUILTIN_THEMES:
        raise InputError(f"unknown theme {config.theme!r}; the themes are {', '.join(sorted(BUILTIN_THEMES))}",
                         config.path)


def run_app(db_path: str | Path, annotator: str, review: bool = False, include_partial: bool = False) -> None:
    """Open the app on a database and run it until the user quits; one window per annotator (see session.py).

    A crash raises AppCrashed naming the log file with its traceback; any other failure exits non-zero.
    """
    lock = session.acquire(db_path, annotator)
    try:
        app = build_app(db_path, annotator, review=review, include_partial=include_partial)
        try:
            app.run()
        finally:
            app.store.close()
    finally:
        lock.release()
    if app.damage is not None:
        raise app.damage
    if app.crash_log is not None:
        raise AppCrashed(app.crash_log)
    if app.return_code:
        raise SystemExit(app.return_code)


def _damage(error: BaseException, path: str | Path) -> InputError | None:
    """The one-sentence error for a damaged database file, or None for any other error."""
    from annotator.database_errors import DatabaseCorrupt, database_problem

    if isinstance(error, WorkerFailed):  # a worker's read found the damage
        error = error.error
    if not isinstance(error, sqlite3.DatabaseError):
        return None
    problem = database_problem(error, path)
    return problem if isinstance(problem, DatabaseCorrupt) else None
