"""Options every command that reads input accepts after its name too: `--db` and `--annotator`, with one meaning."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from annotator.names import ANNOTATOR_NAME, require_name

DB_HELP = "Database file (default: $ANNOTATOR_DB or ./annotator.db); also accepted before the command."
ANNOTATOR_HELP = "Your name on annotations (default: $ANNOTATOR_NAME or login); also accepted before the command."


class PathOrUrl(click.types.StringParamType):
    """A path (whose name may be any bytes) or an http(s) URL; text arguments of other types must be UTF-8."""

    name = "path"


PATH_OR_URL = PathOrUrl()


def database_options(command):
    """Add `--db` and `--annotator` to a subcommand; given there, they override the ones before the command."""

    @click.option("--db", "sub_db", type=click.Path(path_type=Path), default=None, help=DB_HELP)
    @click.option("--annotator", "sub_annotator", default=None, help=ANNOTATOR_HELP)
    @functools.wraps(command)
    def wrapper(*args, sub_db: Path | None = None, sub_annotator: str | None = None, **kwargs):
        obj = click.get_current_context().find_root().obj
        if sub_db is not None:
            obj["db"] = sub_db
        if sub_annotator:
            obj["annotator"] = require_name(sub_annotator, ANNOTATOR_NAME, source="--annotator")
        return command(*args, **kwargs)

    return wrapper
