"""What every command shares: `--db`, `--annotator`, `-q`/`-v` before or after its name, examples, notices, progress.

Quiet (`-q`): the command's output and errors only (no notices, no progress). Verbose (`-v`): notices plus
detail (what each input became, what was left out, the time taken). Progress shows on stderr only when it
is a terminal, the work has run past a second, and neither `-q`, `--json` nor a `CI` environment is set.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from pathlib import Path

import click

from annotator.cli_options import ANNOTATOR_HELP, DB_HELP, PathOrUrl
from annotator.errors import InputError
from annotator.names import ANNOTATOR_NAME, not_utf8_problem, require_name
from annotator.terminal_text import one_line

QUIET, NORMAL, VERBOSE = -1, 0, 1
PROGRESS_DELAY_SECONDS = 1.0  # work that ends sooner shows no progress at all: a display would only flicker
QUIET_HELP = "Print only the output and errors: no notices, no progress (also accepted after the command)."
VERBOSE_HELP = "Print more detail on stderr: what each input became, what was left out, the time taken (also after the command)."

# Examples for commands whose definition carries none (each shown under "Examples:" in its --help).
EXAMPLES = {
    "claim": ["annotator claim add a1:3 --type numeric --verdict supported", "annotator claim set 12 --clear verdict",
              "annotator claim rm 12 --json"],
    "claim add": ["annotator claim add a1:3", "annotator claim add a1:3 --span 0:24 --type quote --note 'check the date' --json"],
    "claim set": ["annotator claim set 12 --verdict refuted", "annotator claim set 12 --clear span --clear note"],
    "claim rm": ["annotator claim rm 12", "annotator claim rm 12 --json"],
    "link": ["annotator link add 12 b2:5 --relation corroborates", "annotator link rm 40"],
    "link add": ["annotator link add 12 b2:5 --relation conflicts", "annotator link add 12 c3:1 --relation corroborates --set 1 --json"],
    "link rm": ["annotator link rm 40", "annotator link rm 40 --json"],
    "boilerplate": ["annotator boilerplate add a1:0-2", "annotator boilerplate rm a1:1"],
    "boilerplate add": ["annotator boilerplate add a1:7", "annotator boilerplate add a1:30-41 --json"],
    "boilerplate rm": ["annotator boilerplate rm a1:7", "annotator boilerplate rm a1:30-41 --json"],
    "undo": ["annotator undo", "annotator undo --annotator alice --json"],
    "redo": ["annotator redo", "annotator redo --json"],
    "boundaries": ["annotator boundaries split a1:4 --at 31", "annotator boundaries join a1:4 --json"],
    "batch": ["annotator batch actions.jsonl", "jq -c '.[]' actions.json | annotator batch - --json"],
    "done": ["annotator done a1 b2", "annotator done a1 --undo --json"],
    "coverage": ["annotator coverage", "annotator coverage --include-gold --json | jq .done"],
    "lint": ["annotator lint", "annotator lint --json | jq -r .kind | sort | uniq -c"],
    "orphans": ["annotator orphans", "annotator orphans --all --source a1 --json"],
    "reattach": ["annotator reattach claim:12 a1:4", "annotator reattach link:40 b2:6 --json"],
}


def verbosity() -> int:
    """QUIET, NORMAL or VERBOSE, as `-q` / `-v` set it for the running command."""
    context = click.get_current_context(silent=True)
    obj = context.find_root().obj if context is not None else None
    return obj.get("verbosity", NORMAL) if isinstance(obj, dict) else NORMAL


def notice(message: str) -> None:
    """A line for people on stderr (what was done), unless `-q`; names from data in it cannot drive the terminal."""
    if verbosity() > QUIET:
        click.echo(one_line(message), err=True)


def detail(message: str) -> None:
    """A line of extra detail on stderr, only with `-v`."""
    if verbosity() >= VERBOSE:
        click.echo(one_line(message), err=True)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """Record `-q` or `-v` on the root context; both at once is a usage error."""
    if not value:
        return
    root = ctx.find_root()
    if not isinstance(root.obj, dict):
        root.obj = {}
    wanted = QUIET if param.name == "quiet" else VERBOSE
    if root.obj.get("verbosity", NORMAL) not in (NORMAL, wanted):
        raise click.UsageError("-q/--quiet and -v/--verbose contradict each other; give one of them", ctx)
    root.obj["verbosity"] = wanted


def _set_database(ctx: click.Context, param: click.Parameter, value) -> None:
    """`--db` after the command: the same database option as before it (given there, it wins)."""
    if value is not None:
        ctx.find_root().obj["db"] = Path(value)


def _set_annotator(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """`--annotator` after the command: your name, checked as before the command (given there, it wins)."""
    if value:
        ctx.find_root().obj["annotator"] = require_name(value, ANNOTATOR_NAME, source="--annotator")


def database_options_after(command: click.Command) -> list[click.Option]:
    """`--db` and (where the command has no `--annotator` of its own) `--annotator`, for after the command's name."""
    options = []
    if not _has_option(command, "--db"):
        options.append(click.Option(["--db"], type=click.Path(path_type=Path), expose_value=False, callback=_set_database, help=DB_HELP))
    if not _has_option(command, "--annotator"):
        options.append(click.Option(["--annotator"], expose_value=False, callback=_set_annotator, help=ANNOTATOR_HELP))
    return options


def verbosity_options() -> list[click.Option]:
    """Fresh `-q/--quiet` and `-v/--verbose` options (click options must not be shared between commands)."""
    return [
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, is_eager=True, callback=_set_verbosity, help=QUIET_HELP),
        click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, is_eager=True, callback=_set_verbosity, help=VERBOSE_HELP),
    ]


def apply_conventions(group: click.Group, words: tuple[str, ...] = ()) -> None:
    """Give the group and every command under it `-q`/`-v` and examples, and time every command (not group) for `-v`."""
    if not _has_option(group, "-q"):
        group.params.extend(verbosity_options())
    for command in group.commands.values():
        _add_examples(command, " ".join((*words, command.name)))
        command.parse_args = _naming_usage_errors(command.parse_args)
        if isinstance(command, click.Group):
            apply_conventions(command, (*words, command.name))
        elif not _has_option(command, "-q"):
            command.params.extend(database_options_after(command) + verbosity_options())
            if command.callback is not None:
                command.callback = _timed(_text_checked(command.callback))


def _naming_usage_errors(parse_args):
    """A command's argument parser whose usage errors know their command (click's parser leaves some without)."""

    @functools.wraps(parse_args)
    def parse(ctx: click.Context, args: list[str]):
        try:
            return parse_args(ctx, args)
        except click.UsageError as error:
            error.ctx = error.ctx or ctx
            raise

    return parse


def _add_examples(command: click.Command, path: str) -> None:
    """Examples from EXAMPLES as the epilog of a command whose help shows none."""
    if path in EXAMPLES and "Example" not in (command.epilog or "") + (command.help or ""):
        command.epilog = "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in EXAMPLES[path]) + "\n"


def _has_option(command: click.Command, name: str) -> bool:
    """Whether a command already has an option spelled `name`."""
    return any(name in getattr(param, "opts", ()) for param in command.params)


def _text_checked(callback):
    """The callback, run only when every text argument is UTF-8 (paths may be any bytes)."""

    @functools.wraps(callback)
    def run(*args, **kwargs):
        command = click.get_current_context().command
        for param in command.params:
            if not isinstance(param.type, click.Path | PathOrUrl):
                _require_utf8(kwargs.get(param.name), param)
        return callback(*args, **kwargs)

    return run


def _require_utf8(value, param: click.Parameter) -> None:
    """Refuse a text argument holding a byte that is not UTF-8 (Python keeps it as a lone surrogate)."""
    for text in value if isinstance(value, tuple | list) else (value,):
        problem = not_utf8_problem(text) if isinstance(text, str) else None
        if problem:
            label = "/".join(param.opts[:1]) if isinstance(param, click.Option) else f"the argument {param.human_readable_name}"
            raise InputError(f"{label} {problem}; give it as UTF-8 text")


def _timed(callback):
    """The callback, followed with `-v` by the time it took and the database it used."""

    @functools.wraps(callback)
    def run(*args, **kwargs):
        started = time.monotonic()
        result = callback(*args, **kwargs)
        context = click.get_current_context()
        database = (context.find_root().obj or {}).get("db")
        detail(f"annotator {context.command_path.partition(' ')[2]}: {time.monotonic() - started:.2f} s" + (f" on {database}" if database else ""))
        return result

    return run


def wants_progress(as_json: bool = False) -> bool:
    """Whether a progress display may show: stderr is a terminal, not `-q`, not `--json`, not CI."""
    return sys.stderr.isatty() and verbosity() > QUIET and not as_json and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Activity:
    """A transient spinner on stderr naming the phase, its count and the time elapsed; it appears only after a delay."""

    def __init__(self, enabled: bool, delay: float = PROGRESS_DELAY_SECONDS, console=None):
        self.progress = self.task = self.timer = None
        self.lock = threading.Lock()
        self.shown = self.closed = False
        if not enabled:
            return
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from annotator.printable_console import error_console

        # markup=False: a phase names files (`Reading [/]x.jsonl`), which are text, never Rich markup
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False),
                                 TextColumn("{task.fields[count]}", markup=False),
                                 TimeElapsedColumn(), console=console or error_console(), transient=True)
        self.task = self.progress.add_task("Working", total=None, count="")
        self.timer = threading.Timer(delay, self._show)
        self.timer.daemon = True
        self.timer.start()

    def _show(self) -> None:
        """Start the display (from the timer thread), unless the work is over."""
        with self.lock:
            if not self.closed and not self.shown:
                self.shown = True
                self.progress.start()

    def phase(self, name: str, count: str = "") -> None:
        """Name what is being done now (a phase never sits at 100%: it runs until the next begins)."""
        if self.progress is not None:
            self.progress.update(self.task, description=one_line(name), count=one_line(count))

    def count(self, count: str) -> None:
        """Update the count shown beside the phase (e.g. `1,200 records`)."""
        if self.progress is not None:
            self.progress.update(self.task, count=one_line(count))

    def close(self) -> None:
        """Stop the timer and take the display away (the summary line says what was done)."""
        if self.progress is None:
            return
        with self.lock:
            self.closed = True
            self.timer.cancel()
            if self.shown:
                self.progress.stop()

    def __enter__(self) -> Activity:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
