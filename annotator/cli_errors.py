"""How the command line ends: every error as one sentence on stderr with the contract's exit code, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import click

from annotator.crash_log import AppCrashed, crash_sentence, write_crash_log
from annotator.database_errors import database_problem
from annotator.errors import Failure, InputError, os_problem
from annotator.signals import Terminated, terminate_as_interrupt
from annotator.terminal_text import one_line, shortened


class AnnotatorGroup(click.Group):
    """A click group that turns every error into one sentence on stderr and the contract's exit codes.

    Bad input exits 2; a failure of the machine (full disk, damaged database) 1; Ctrl-C 130 and SIGTERM 143,
    both after the open transaction rolled back. Anything unexpected writes its traceback to a log file the
    sentence names, and exits 1: a raw traceback never reaches the terminal.
    """

    def make_context(self, info_name, args, parent=None, **extra):
        """The group's context; a usage error in its own options (`--db` with no value) becomes one sentence.

        `--help` and `--version` print while the options are read, before `invoke`: onto a full disk
        (`annotator --help > /dev/full`) their write error is the same one sentence as any command's.
        """
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            raise one_sentence_usage(error) from None
        except OSError as error:
            if isinstance(error, BrokenPipeError):  # `annotator --help | head -1`: click itself ends quietly
                raise
            raise OneSentenceFailure(os_problem(error)) from None

    def invoke(self, ctx: click.Context):
        try:
            if sys.stdout is None:  # started with `>&-`: what the command prints, ids and exports, would be lost
                raise InputError("standard output is closed, so what this command prints would be lost; "
                                 "run it with standard output open or redirected to a file")
            with terminate_as_interrupt():
                return super().invoke(ctx)
        except click.UsageError as error:
            raise one_sentence_usage(error) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - the safety net: every error becomes one sentence
            problem = explain(error, ctx.obj.get("db") if ctx.obj else None)
            _exit_with(ctx, problem)
        except KeyboardInterrupt as interrupt:
            terminated = isinstance(interrupt, Terminated)
            click.echo(f"annotator: {'stopped by SIGTERM' if terminated else 'interrupted'}; nothing half-done was kept.", err=True)
            ctx.exit(143 if terminated else 130)


class OneSentenceUsageError(click.UsageError):
    """A usage error shown as the contract says: one sentence on stderr naming the option or argument, exit 2."""

    def show(self, file=None) -> None:
        """Print the one sentence (click's own would add a usage line and a hint line)."""
        click.echo(f"annotator: {self.message}", err=True, file=file)


class OneSentenceFailure(click.ClickException):
    """An error found before any command ran (writing `--help`), shown as one sentence with its exit code."""

    def __init__(self, problem: InputError):
        super().__init__(str(problem))
        self.exit_code = problem.exit_code

    def show(self, file=None) -> None:
        """Print the one sentence on stderr."""
        click.echo(f"annotator: {shortened(one_line(self.message))}", err=True, file=file)


def one_sentence_usage(error: click.UsageError) -> click.UsageError:
    """Click's usage error as one sentence naming the command and the option or argument, and where help is."""
    if isinstance(error, click.exceptions.NoArgsIsHelpError | OneSentenceUsageError):
        return error  # a bare group such as `annotator claim` shows its help, as every CLI does
    message = one_line(_choices_on_one_line(error.format_message())).replace(". Did you mean", " (did you mean").strip()
    message = message.rstrip("?") + "?)" if "(did you mean" in message else message.rstrip(".")
    message = message[:1].lower() + message[1:]
    where = error.ctx.command_path.partition(" ")[2] if error.ctx is not None else ""
    text, command = (f"{where}: {message}", f"annotator {where}") if where else (message, "annotator")
    return OneSentenceUsageError(shortened(f"{text}; see '{command} --help'"), error.ctx)


def _choices_on_one_line(message: str) -> str:
    """Click's "Missing option '--format'. Choose from:" and one choice a line, as "(choose from jsonl, yaml, …)"."""
    head, found, choices = message.partition(". Choose from:")
    if not found:
        return message
    return f"{head} (choose from {' '.join(choices.split()).rstrip('.')})"


def explain(error: Exception, db: Path | None) -> InputError | BaseException:
    """The one-sentence error for anything a command raised (an unexpected one comes back as itself)."""
    if isinstance(error, InputError):
        return error
    if isinstance(error, sqlite3.Error) and db is not None:
        return database_problem(error, db)
    if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
        return os_problem(error)
    from annotator.journal import JournalConflict

    if isinstance(error, JournalConflict):  # `done --undo`, a batch's undo: as `annotator undo` says it
        return Failure(f"{error}; nothing was undone or redone")
    return error


def _exit_with(ctx: click.Context, problem: BaseException) -> None:
    """Print the sentence and exit with its code; an unexpected error is logged with its traceback first."""
    if isinstance(problem, BrokenPipeError):  # `annotator export -o - | head`: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        ctx.exit(0)
    if isinstance(problem, InputError):
        # a name from data cannot break the line or drive the terminal, nor a quoted value make it a megabyte long
        click.echo(f"annotator: {shortened(one_line(str(problem)))}", err=True)
        ctx.exit(problem.exit_code)
    if isinstance(problem, AppCrashed):  # the app wrote its log already
        click.echo(f"annotator: {one_line(str(problem))}.", err=True)
        ctx.exit(1)
    try:
        log = write_crash_log(problem, f"command: {sys.argv}")
    except OSError:
        log = None
    click.echo(crash_sentence(problem, log), err=True)
    ctx.exit(1)
