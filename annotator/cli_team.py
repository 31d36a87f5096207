"""`annotator done`, `assign`, `coverage` and `lint`: declared coverage, the plan, and story-level checks."""

from __future__ import annotations

import click

from annotator.cli import cli, open_store
from annotator.cli_conventions import notice
from annotator.terminal_text import json_text, one_line

RELATION_MARKS = {"corroborates": "+", "conflicts": "✗", "related": "~"}


@cli.command("done")
@click.argument("source_ids", nargs=-1, metavar="SOURCE_ID...")
@click.option("--undo", "undo", is_flag=True, help="Take the done mark off these sources (or, with none, undo your last action).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: annotator, sources, done, changed, unchanged.")
@click.pass_context
def done_command(ctx: click.Context, source_ids: tuple[str, ...], undo: bool, as_json: bool = False) -> None:
    """Mark sources as done by you (--annotator): agreement and review compare annotators on done sources."""
    from annotator.annotations import Annotations
    from annotator.coverage import require_sources, set_done

    if not source_ids and not undo:  # a usage error like any missing argument, before the database is opened
        raise click.UsageError("missing argument 'SOURCE_ID...' (or --undo to undo your last action)", ctx)
    who = ctx.obj["annotator"]
    with open_store(ctx) as store:
        if not source_ids:
            undone = Annotations(store, who).undo()
            notice(f"Undid '{undone}'." if undone else "Nothing to undo.")
            if as_json:
                click.echo(json_text({"undo": undone}, ensure_ascii=False))
            return
        source_ids = require_sources(store, list(source_ids), ctx.obj["db"])
        changed = set_done(store, who, source_ids, done=not undo)
    unchanged = len(set(source_ids)) - changed
    if undo:
        notice(f"{changed} source(s) no longer marked done by {who}" + (f"; {unchanged} were not." if unchanged else "."))
    else:
        notice(f"{changed} source(s) marked done by {who}" + (f"; {unchanged} already were." if unchanged else "."))
    if as_json:
        summary = {"annotator": who, "sources": sorted(set(source_ids)), "done": not undo, "changed": changed, "unchanged": unchanged}
        click.echo(json_text(summary, ensure_ascii=False))


ASSIGN_EXAMPLES = """\b
Examples:
  annotator --annotator lead assign nyt-0412 bbc-0412 --to alice
  annotator --annotator lead assign nyt-0412 --to bob          # nyt-0412 is now planned for two
  annotator --annotator lead assign bbc-0412 --to alice --remove
  annotator --annotator lead undo                               # takes back the last assign
  annotator coverage                                            # who is assigned, who is done
  annotator agree --assigned                                    # agreement on the planned double set
"""


@cli.command("assign", epilog=ASSIGN_EXAMPLES)
@click.argument("source_ids", nargs=-1, required=True, metavar="SOURCE_ID...")
@click.option("--to", "to", required=True, metavar="NAME", help="The annotator who is to annotate these sources.")
@click.option("--remove", is_flag=True, help="Take the assignment off these sources instead.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object saying what changed.")
@click.pass_context
def assign_command(ctx: click.Context, source_ids: tuple[str, ...], to: str, remove: bool, as_json: bool) -> None:
    """Plan who annotates what: assign sources to an annotator (one undoable action of yours, --annotator).

    Each annotator's sources view lists their assigned sources first; `coverage` shows the plan beside the
    done marks, and `agree --assigned` compares annotators on the sources planned for two or more."""
    from annotator.assignments import require_assignee, set_assigned
    from annotator.coverage import require_sources

    require_assignee(to)
    with open_store(ctx) as store:
        source_ids = require_sources(store, list(source_ids), ctx.obj["db"])
        changed = set_assigned(store, ctx.obj["annotator"], source_ids, to, assigned=not remove)
    unchanged = len(set(source_ids)) - changed
    if as_json:
        click.echo(json_text({"to": to, "assigned": not remove, "changed": changed, "unchanged": unchanged,
                               "sources": list(dict.fromkeys(source_ids))}, ensure_ascii=False))
    elif remove:
        click.echo(f"{changed} source(s) no longer assigned to {to}" + (f"; {unchanged} were not." if unchanged else "."), err=True)
    else:
        click.echo(f"{changed} source(s) assigned to {to}" + (f"; {unchanged} already were." if unchanged else "."), err=True)


@cli.command("coverage")
@click.option("--json", "as_json", is_flag=True, help="One JSON object (on one line) instead of tables.")
@click.option("--include-gold", is_flag=True, help="Count gold's claims and links too.")
@click.pass_context
def coverage_command(ctx: click.Context, as_json: bool, include_gold: bool) -> None:
    """The claims x sources grid (which claims have evidence in which sources) and who has done each source."""
    from annotator.coverage import coverage_grid

    with open_store(ctx, write=False) as store:
        grid = coverage_grid(store, include_gold)
    if as_json:
        click.echo(json_text(grid.as_json(), ensure_ascii=False))
        return
    _print_grid(grid)


def _print_grid(grid) -> None:
    """Who has done each source, then claims as rows and sources as columns (+ corroborates, ✗ conflicts, ~ related)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from annotator.cli import output_console

    console = output_console()
    done = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Sources done")
    done.add_column("source", overflow="ellipsis")  # a long id gives way (cut to one line), never the names beside it
    done.add_column("done by", min_width=len("done by"))
    planned = bool(grid.assigned)  # the column shows once someone has assigned a source
    if planned:
        done.add_column("assigned to")
    for source_id in grid.sources:
        assigned = [Text(", ".join(grid.assigned.get(source_id, [])) or "-")] if planned else []
        done.add_row(Text(source_id, no_wrap=True, overflow="ellipsis"), Text(", ".join(grid.done.get(source_id, [])) or "nobody"), *assigned)
    console.print(done)
    if not grid.claims:
        console.print("No claims yet.")
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Evidence per source (+ corroborates, ✗ conflicts, ~ related)")
    table.add_column("claim", no_wrap=True)
    for source_id in grid.sources:
        table.add_column(Text(source_id), justify="center", no_wrap=True)
    table.add_column("sentence", overflow="ellipsis", no_wrap=True)
    for ref, info in grid.claims.items():
        own = ref.rpartition(":")[0]
        cells = [_cell(grid.evidence.get(ref, {}).get(source_id, {}), source_id == own) for source_id in grid.sources]
        table.add_row(Text(ref), *cells, Text(one_line(info["text"])))  # text from an older database may hold escapes
    console.print(table)


def _cell(relations: dict[str, int], own: bool):
    """One grid cell: the relations into that source with their counts, or a mark for the claim's own source."""
    from rich.text import Text

    text = " ".join(f"{RELATION_MARKS.get(relation, relation)}{count}" for relation, count in sorted(relations.items()))
    return Text(text or ("◆" if own else "·"))


@cli.command("lint")
@click.option("--json", "as_json", is_flag=True, help="JSON lines: one object per finding.")
@click.pass_context
def lint_command(ctx: click.Context, as_json: bool) -> None:
    """Story-level checks: claims with no evidence, links into the claim's own source, clashing relations,
    verdicts the evidence does not bear, sources nobody has marked done."""
    from annotator.lint import lint

    with open_store(ctx, write=False) as store:
        findings = lint(store)
    if as_json:
        for finding in findings:
            click.echo(json_text(finding.as_json(), ensure_ascii=False))
        return
    for finding in findings:
        who = f" ({', '.join(finding.annotators)})" if finding.annotators else ""
        click.echo("\t".join(map(one_line, (finding.ref, finding.kind, finding.message + who))))  # ids and names may hold escapes
    notice(f"{len(findings)} finding(s).")
