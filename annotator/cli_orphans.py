"""`annotator orphans` and `annotator reattach`: annotations an edited article left behind, and putting them back."""

from __future__ import annotations

import click

from annotator.cli import cli, open_store
from annotator.cli_conventions import notice
from annotator.errors import InputError, cut, quoted
from annotator.terminal_text import json_text, one_line
from annotator.whole_number import whole_number


@cli.command("orphans")
@click.option("--json", "as_json", is_flag=True, help="JSON lines: one object per orphan.")
@click.option("--source", "source_id", default=None, help="Only orphans of this source.")
@click.option("--all", "everyone", is_flag=True, help="Everyone's orphans, not only yours (--annotator).")
@click.pass_context
def orphans_command(ctx: click.Context, as_json: bool, source_id: str | None, everyone: bool) -> None:
    """List your annotations that re-anchoring could not place on the current text of an edited source."""
    from annotator.orphans import orphaned  # with the writer it needs, loaded on use

    with open_store(ctx, write=False) as store:
        found = orphaned(store, source_id)
    others = 0 if everyone else sum(1 for orphan in found if orphan.annotator != ctx.obj["annotator"])
    if not everyone:  # reattach works on your own, so the list shows what you can put back
        found = [orphan for orphan in found if orphan.annotator == ctx.obj["annotator"]]
    if others and not as_json:
        notice(f"{others} orphan(s) of other annotators not shown (--all shows them).")
    if as_json:
        for orphan in found:
            click.echo(json_text(orphan.as_dict(), ensure_ascii=False))
        return
    if not found:
        notice("No orphaned annotations.")
        return
    for o in found:  # one line per orphan, and nothing from data may drive the terminal (as `annotator split` prints)
        extra = f" (of claim:{o.claim_id})" if o.claim_id is not None else ""
        fields = (f"{o.ref}{extra}", o.annotator, f"{o.source_id} v{o.version}:{o.index}", o.text)
        click.echo("\t".join(map(one_line, fields)))
    notice(f"{len(found)} orphaned; put one back with `annotator reattach REF SOURCE_ID:INDEX`.")


@cli.command("reattach")
@click.argument("ref")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: the orphan, where it went, what was done.")
@click.pass_context
def reattach_command(ctx: click.Context, ref: str, target: str, as_json: bool = False) -> None:
    """Put an orphan (REF: claim:ID, link:ID or boilerplate:ID) on sentence TARGET (SOURCE_ID:INDEX), undoably."""
    from annotator.orphans import reattach

    source_id, _, index = target.rpartition(":")
    if not source_id or whole_number(index) is None:
        raise InputError(f"{quoted(target)} is not SOURCE_ID:INDEX")
    with open_store(ctx) as store:
        sentence = store.sentence_at(store.stored_source_id(source_id), whole_number(index))
        if sentence is None:
            raise InputError(f"{cut(target)} is not a sentence of a current source (see `annotator sources`)")
        done = reattach(store, ctx.obj["annotator"], ref, sentence)
    notice(f"Reattached {done}.")
    if as_json:
        click.echo(json_text({"reattached": ref, "sentence": target, "done": done}, ensure_ascii=False))
