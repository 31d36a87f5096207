"""`annotator boundaries split|join`: fix a sentence boundary by hand, journaled like `annotator claim add`."""

from __future__ import annotations

import click

from annotator.cli import cli, open_store
from annotator.cli_actions import _actions, json_option
from annotator.terminal_text import json_text, one_line


@cli.group("boundaries")
def boundaries_group() -> None:
    """Split a sentence in two or join it with the next one; every annotation moves with its words.

    A fix is shared by every annotator, undone by `annotator undo`, and re-applied when a corrected
    version of the article is ingested wherever the text around the boundary survives.
    """


def _run(ctx: click.Context, record: dict, as_json: bool) -> None:
    """Apply one boundary fix as one journaled action and print the sentences it left."""
    from annotator.scripting import Batch

    with open_store(ctx) as store:
        result = Batch(_actions(ctx, store)).apply(record)
    if as_json:
        click.echo(json_text(result, ensure_ascii=False, sort_keys=True))
        return
    for sentence in result["sentences"]:
        click.echo(f"{one_line(sentence['sentence'])}\t{sentence['start']}\t{sentence['end']}\t{one_line(sentence['text'])}")  # one line per sentence


BOUNDARY_SPLIT_EXAMPLES = """Examples:

\b
  annotator split article.txt                    # see the sentences and their offsets
  annotator boundaries split cbc-2024-03:4 --at 31
  annotator boundaries split cbc-2024-03:4 --at 31 --json
  annotator undo                                 # the old sentence and its annotations come back
"""


@boundaries_group.command("split", epilog=BOUNDARY_SPLIT_EXAMPLES)
@click.argument("sentence", metavar="SOURCE_ID:INDEX")
@click.option("--at", "at", type=int, required=True, metavar="OFFSET",
              help="Code points within the sentence where the second sentence begins (1 to its length - 1).")
@json_option
@click.pass_context
def boundaries_split(ctx, sentence, at, as_json) -> None:
    """Split a sentence so a new one begins at OFFSET; print both (SOURCE_ID:INDEX, start, end, text).

    Claims go to the part holding their span (whole-sentence claims to the first part); links, flags and
    decisions stay on the first part. A claim whose span OFFSET would cut in two is refused.
    """
    _run(ctx, {"action": "boundaries split", "sentence": sentence, "at": at}, as_json)


BOUNDARY_JOIN_EXAMPLES = """Examples:

\b
  annotator boundaries join cbc-2024-03:4
  annotator boundaries join cbc-2024-03:4 --json
"""


@boundaries_group.command("join", epilog=BOUNDARY_JOIN_EXAMPLES)
@click.argument("sentence", metavar="SOURCE_ID:INDEX")
@json_option
@click.pass_context
def boundaries_join(ctx, sentence, as_json) -> None:
    """Join a sentence with the next one of its source; print the joined sentence.

    Every claim, link, flag and decision of the next sentence comes along (a whole-sentence claim keeps
    its words as a span). A claim citing both sentences is refused.
    """
    _run(ctx, {"action": "boundaries join", "sentence": sentence}, as_json)
