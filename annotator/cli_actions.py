"""`annotator claim|link|boilerplate|undo|redo|batch`: every annotation action from a script, on the app's core calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli import cli, open_store
from annotator.cli_conventions import notice
from annotator.config import load_config
from annotator.errors import InputError
from annotator.labels import load_labels
from annotator.output_paths import SQLITE_MAGIC
from annotator.terminal_text import json_text, one_line

if TYPE_CHECKING:  # the actions and the writer load on use: `annotator --help` and other commands skip them
    from annotator.actions import Actions

CLEARABLE = ("type", "verdict", "normalized", "note", "span")
json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")


def _actions(ctx: click.Context, store) -> Actions:
    """The annotator's actions with the configured label set."""
    from annotator.actions import Actions

    return Actions(store, ctx.obj["annotator"], load_labels(load_config().labels))


def _run(ctx: click.Context, record: dict, as_json: bool) -> None:
    """Apply one action record as one journaled action and print what it made."""
    from annotator.scripting import Batch

    with open_store(ctx) as store:
        result = Batch(_actions(ctx, store)).apply(record)
        shown = _shown(store, result)
    if as_json:
        click.echo(json_text(shown, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(result.get("claim", result.get("link", result.get("changed"))))


def _shown(store, result: dict) -> dict:
    """The result with the claim or link as stored now (absent when the action removed it)."""
    from annotator.annotation_store import claim as read_claim
    from annotator.annotation_store import link as read_link

    shown = dict(result)
    if "claim" in result and (found := read_claim(store, result["claim"])):
        shown["claim"] = found.as_dict()
    if "link" in result and (found := read_link(store, result["link"])):
        shown["link"] = found.as_dict()
    return shown


@cli.group("claim")
def claim_group() -> None:
    """Mark, change or remove claims from a script."""


@claim_group.command("add")
@click.argument("sentence", metavar="SOURCE_ID:INDEX")
@click.option("--span", default=None, metavar="START:END", help="Code points inside the sentence (default: all of it).")
@click.option("--type", "claim_type", default=None, help="Claim type from the label set.")
@click.option("--verdict", default=None, help="Verdict from the label set.")
@click.option("--normalized", default=None, help="The claim rewritten to stand alone.")
@click.option("--note", default=None, help="A free note.")
@json_option
@click.pass_context
def claim_add(ctx, sentence, span, claim_type, verdict, normalized, note, as_json) -> None:
    """Mark a claim on a sentence (another one if it holds some already); print its id."""
    record = {"action": "claim add", "sentence": sentence, "span": span, "type": claim_type, "verdict": verdict,
              "normalized": normalized, "note": note}
    _run(ctx, {key: value for key, value in record.items() if value is not None or key == "action"}, as_json)


@claim_group.command("set")
@click.argument("claim_id", type=int)
@click.option("--span", default=None, metavar="START:END", help="A new span inside the sentence.")
@click.option("--type", "claim_type", default=None, help="Claim type from the label set.")
@click.option("--verdict", default=None, help="Verdict from the label set.")
@click.option("--normalized", default=None, help="The claim rewritten to stand alone.")
@click.option("--note", default=None, help="A free note.")
@click.option("--clear", multiple=True, type=click.Choice(CLEARABLE), help="Clear a field (span: the whole sentence).")
@json_option
@click.pass_context
def claim_set(ctx, claim_id, span, claim_type, verdict, normalized, note, clear, as_json) -> None:
    """Change a claim's span, type, verdict, normalised text or note."""
    given = {"span": span, "type": claim_type, "verdict": verdict, "normalized": normalized, "note": note}
    record = {"action": "claim set", "claim": claim_id, **{k: v for k, v in given.items() if v is not None}}
    record.update({name: None for name in clear})
    if len(record) == 2:
        raise InputError("nothing to set: give --span, --type, --verdict, --normalized, --note or --clear")
    _run(ctx, record, as_json)


@claim_group.command("rm")
@click.argument("claim_id", type=int)
@json_option
@click.pass_context
def claim_rm(ctx, claim_id, as_json) -> None:
    """Remove a claim with its links."""
    _run(ctx, {"action": "claim rm", "claim": claim_id}, as_json)


@cli.group("link")
def link_group() -> None:
    """Link claims to evidence from a script."""


@link_group.command("add")
@click.argument("claim_id", type=int)
@click.argument("evidence", metavar="SOURCE_ID:INDEX")
@click.option("--relation", required=True, help="Relation from the label set (corroborates, conflicts, related).")
@click.option("--set", "evidence_set", type=click.IntRange(min=1), default=None,
              help="Evidence set number: links sharing it settle the claim only together.")
@click.option("--note", default=None, help="A free note.")
@json_option
@click.pass_context
def link_add(ctx, claim_id, evidence, relation, evidence_set, note, as_json) -> None:
    """Link a claim to an evidence sentence of another source (or change that link); print the link id."""
    record = {"action": "link add", "claim": claim_id, "evidence": evidence, "relation": relation, "set": evidence_set}
    _run(ctx, {**record, **({"note": note} if note is not None else {})}, as_json)


@link_group.command("rm")
@click.argument("link_id", type=int)
@json_option
@click.pass_context
def link_rm(ctx, link_id, as_json) -> None:
    """Delete one link."""
    _run(ctx, {"action": "link rm", "link": link_id}, as_json)


@cli.group("boilerplate")
def boilerplate_group() -> None:
    """Flag or unflag scrape residue from a script."""


@boilerplate_group.command("add")
@click.argument("sentences", metavar="SOURCE_ID:INDEX[-INDEX]")
@json_option
@click.pass_context
def boilerplate_add(ctx, sentences, as_json) -> None:
    """Flag a sentence (or a range, both ends included) as boilerplate; print how many changed."""
    _run(ctx, {"action": "boilerplate add", "sentences": sentences}, as_json)


@boilerplate_group.command("rm")
@click.argument("sentences", metavar="SOURCE_ID:INDEX[-INDEX]")
@json_option
@click.pass_context
def boilerplate_rm(ctx, sentences, as_json) -> None:
    """Unflag a sentence (or a range); print how many changed."""
    _run(ctx, {"action": "boilerplate rm", "sentences": sentences}, as_json)


def _replay(ctx: click.Context, backwards: bool, as_json: bool) -> None:
    """Undo or redo the annotator's latest action, as the app's u / ctrl+r do."""
    from annotator.actions import Actions
    from annotator.journal import JournalConflict

    verb = "undo" if backwards else "redo"
    with open_store(ctx) as store:
        actions = Actions(store, ctx.obj["annotator"])
        try:
            action = actions.undo() if backwards else actions.redo()
        except JournalConflict as conflict:
            click.echo(f"annotator: {one_line(str(conflict))}.", err=True)
            ctx.exit(1)
    if as_json:
        click.echo(json_text({verb: action}, ensure_ascii=False))
    elif action is None:
        notice(f"Nothing to {verb}.")
    else:
        notice(f"{'Undid' if backwards else 'Redid'}: {action}.")


@cli.command("undo")
@json_option
@click.pass_context
def undo_command(ctx, as_json) -> None:
    """Undo your latest action (the app's u), across restarts."""
    _replay(ctx, True, as_json)


@cli.command("redo")
@json_option
@click.pass_context
def redo_command(ctx, as_json) -> None:
    """Redo your latest undone action (the app's ctrl+r)."""
    _replay(ctx, False, as_json)


@cli.command("batch")
@click.argument("file", type=click.Path(allow_dash=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="JSON lines: one object per action applied.")
@click.pass_context
def batch_command(ctx, file: Path, as_json: bool) -> None:
    """Apply JSON lines of actions from FILE (or - for standard input) in one transaction: all or nothing."""
    from annotator.scripting import read_batch, run_batch

    where = "<stdin>" if str(file) == "-" else str(file)
    records = read_batch(_lines(file), where)
    with open_store(ctx) as store:
        results = run_batch(_actions(ctx, store), records, where)
    if as_json:
        for result in results:
            click.echo(json_text(result, ensure_ascii=False, sort_keys=True))
    notice(f"Applied {len(results)} action(s) from {where} as one action; `annotator undo` takes them all back.")


def _lines(file: Path) -> list[str]:
    """The file's (or standard input's) lines, split on \\n only."""
    if str(file) == "-":
        data = sys.stdin.buffer.read()
    elif file.is_dir():
        raise InputError("is a folder, not a file of JSON lines", file)
    elif file.exists() and not file.is_file():  # reading a pipe would wait for a writer
        raise InputError("is not a regular file (a pipe, socket or device); save the actions to a file, or use - for standard input", file)
    elif not file.is_file():
        raise InputError("no such file", file)
    else:
        data = file.read_bytes()
    if data.startswith(SQLITE_MAGIC):  # `annotator batch annotator.db`: a slip of the tab key
        raise InputError("is an SQLite database (the annotator database?), not a file of JSON lines of actions",
                         "<stdin>" if str(file) == "-" else file)
    try:
        return data.decode("utf-8-sig").split("\n")
    except UnicodeDecodeError as error:
        from annotator.errors import not_utf8

        raise not_utf8(data, error, "<stdin>" if str(file) == "-" else file) from None
