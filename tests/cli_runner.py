"""The in-process CLI runner and the database dump the tests share (a module, so tests never import a conftest).

tests/conftest.py and tests/tui/conftest.py are both named `conftest`: a test that did `from conftest import …`
got whichever pytest had loaded last, so `pytest tests/tui tests/…` in one command failed to collect.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from click.testing import CliRunner, Result

from annotator.cli import cli


def command_tree(group: click.Group = cli, words: tuple[str, ...] = ()):
    """(words, command) for the group itself (the root: no words) and every command and group under it."""
    yield words, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from command_tree(command, (*words, name))
        else:
            yield (*words, name), command


class Cli:
    """Runs `annotator --db <tmp file> ...` in-process and keeps stdout and stderr apart."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None) -> Result:
        """Invoke the command line with `--db` set; never let an exception escape silently."""
        result = self.runner.invoke(cli, ["--db", str(self.db_path), *map(str, args)], input=input)
        assert "Traceback" not in result.stderr, result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result


def dump_database(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (and the schema), for before/after comparisons."""
    conn = sqlite3.connect(path)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        dump = {"sqlite_master": conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()}
        for table in tables:
            dump[table] = sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
        return dump
    finally:
        conn.close()
