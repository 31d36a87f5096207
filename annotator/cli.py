"""The `annotator` command line: a thin layer over the core, with one-sentence errors."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import click

from annotator import __version__
from annotator.cli_conventions import apply_conventions
from annotator.cli_errors import AnnotatorGroup
from annotator.cli_options import PATH_OR_URL, database_options
from annotator.config import load_config
from annotator.database_file import can_write, refuse_read_only, refuse_unusable
from annotator.labels import load_labels
from annotator.names import ANNOTATOR_NAME, require_name
from annotator.signals import default_sigterm
from annotator.store import Store, default_db_path


def annotator_name(explicit: str | None) -> str:
    """`--annotator`, else `ANNOTATOR_NAME`, else the login name; checked against the published name rule."""
    if explicit:
        return require_name(explicit, ANNOTATOR_NAME, source="--annotator")
    if os.environ.get("ANNOTATOR_NAME"):
        return require_name(os.environ["ANNOTATOR_NAME"], ANNOTATOR_NAME, source="$ANNOTATOR_NAME")
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        return "annotator"
    return require_name(login, ANNOTATOR_NAME, source="your login name")


def open_store(ctx: click.Context, create: bool = False, write: bool = True) -> Store:
    """The database named by `--db`, `ANNOTATOR_DB` or the default, with its schema up to date.

    Only commands that add articles create it: a mistyped `--db` for anything else is an error,
    not a new empty database that quietly answers "nothing here". A command that only reads
    (`write=False`) opens a database it cannot write read-only, so an archive on a read-only mount works.
    """
    path = Path(ctx.obj["db"])
    refuse_unusable(path, create)
    if write:
        refuse_read_only(path, ctx.info_name or "this command")
    return Store(path, readonly=not write and not can_write(path))


def output_console():
    """The console for standard output (annotator.printable_console): data in its tables can never drive the terminal."""
    from annotator.printable_console import output_console as printable_output

    return printable_output()


CLI_EXAMPLES = """Examples:

\b
  annotator open seeds/                  # ingest the seed articles, then annotate them
  annotator                              # the app on ./annotator.db
  annotator --db story.db sources        # what a database holds, per source
  annotator export --format jsonl -o -   # everyone's annotations on standard output
  annotator ingest --help                # each command's --help ends with its own examples
"""


@click.group(cls=AnnotatorGroup, invoke_without_command=True, epilog=CLI_EXAMPLES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="annotator")
@click.option("--db", type=click.Path(path_type=Path), default=None,
              help="Database file (default: $ANNOTATOR_DB or ./annotator.db).")
@click.option("--annotator", "annotator", default=None, help="Your name on annotations (default: $ANNOTATOR_NAME or login).")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, annotator: str | None) -> None:
    """Mark checkable claims in news articles and link them to evidence in other articles.

    Every command takes -q (output and errors only) and -v (more detail on stderr), before or after its
    name, as --db and --annotator. Commands that report something take --json: one JSON object on one
    line for a summary, JSON lines (one object a line) for a list; see each command's --help.
    Shell completion: eval "$(_ANNOTATOR_COMPLETE=bash_source annotator)" (zsh_source, fish_source).
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db or default_db_path()
    ctx.obj["annotator"] = annotator_name(annotator)
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command, paths=())


NEW_VERSION_HELP = ("Take a different text for an existing id from another file, a URL or standard input (or one id repeated) "
                    "as a newer version of it.")
OPEN_EXAMPLES = """Examples:

\b
  annotator open                     # the default database
  annotator open seeds/              # ingest a folder first (.txt, .md, .jsonl, .csv, .html)
  annotator open saved-pages/ --db story.db
"""


@cli.command("open", epilog=OPEN_EXAMPLES)
@click.argument("paths", nargs=-1, type=PATH_OR_URL)
@click.option("--new-version", "new_version", is_flag=True, help=NEW_VERSION_HELP)
@database_options
@click.pass_context
def open_command(ctx: click.Context, paths: tuple[str, ...], new_version: bool = False) -> None:
    """Open the annotation app, ingesting PATHS first when given."""
    load_labels(load_config().labels)  # a broken config or label set stops us before anything is stored
    if paths:
        from annotator.cli_ingest import _ingest

        _ingest(ctx, paths, new_version)
    else:  # nothing to ingest: a mistyped --db is an error, not a new empty database left behind
        refuse_unusable(Path(ctx.obj["db"]), create=False)
        refuse_read_only(Path(ctx.obj["db"]), "open")  # the app annotates: say so now, not "cannot be opened"
    from annotator.tui.app import run_app  # imported here so CLI-only commands never load Textual

    with default_sigterm():
        run_app(db_path=ctx.obj["db"], annotator=ctx.obj["annotator"])


from annotator import (  # noqa: E402,F401  (register their commands on the group)
    cli_actions,
    cli_agreement,
    cli_boundaries,
    cli_exchange,
    cli_ingest,
    cli_orphans,
    cli_sources,
    cli_team,
)

apply_conventions(cli)  # after every command is registered: -q/-v on each


def main() -> None:
    """Run the command line as `annotator`."""
    cli(prog_name="annotator")
