"""`annotator sources` and `suggest`: what the database holds, source by source, and the evidence it suggests for a sentence."""

from __future__ import annotations

import click

from annotator.cell_fit import cells, middle
from annotator.cli import cli, open_store, output_console
from annotator.cli_conventions import notice
from annotator.terminal_text import json_text, printable

SOURCES_EXAMPLES = """Examples:

\b
  annotator sources
  annotator sources --annotator alice --json | jq .claims
"""


@cli.command("sources", epilog=SOURCES_EXAMPLES)
@click.option("--json", "as_json", is_flag=True, help="JSON lines: one object per source.")
@click.option("--annotator", "who", default=None, help="Count only this annotator's claims, links and boilerplate.")
@click.pass_context
def sources_command(ctx: click.Context, as_json: bool, who: str | None) -> None:
    """List sources with sentence counts and annotation progress (everyone's, or one annotator's)."""
    with open_store(ctx, write=False) as store:
        from annotator.coverage import with_done

        summaries = with_done(store, store.source_summaries())
        if who is not None:
            from annotator.team import summaries_of

            summaries = summaries_of(store, summaries, who, ctx.obj["db"])
    if as_json:
        for summary in summaries:
            click.echo(json_text(summary.as_dict(), ensure_ascii=False))
        return
    if not summaries:
        notice("No sources yet: add some with `annotator ingest PATH`.")
        return
    _print_sources_table(summaries)
    orphaned = sum(s.orphaned for s in summaries)
    if orphaned:  # said on its own line too: a narrow terminal may crop the table's orphaned column
        notice(f"{orphaned} annotation(s) orphaned by edited articles; list them with `annotator orphans`.")


SHORT_HEADINGS = {"ver": "v", "sentences": "sent", "claims": "clm", "linked": "lnk", "boilerplate": "bp",
                  "orphaned": "orph", "suggested": "sug", "published": "date"}
SHORT_BELOW = 120  # columns: below this the table's headings are abbreviated (a legend says what they mean)
ID_CELLS_AT_LEAST = 24  # an id column is never narrower than this (or than the longest id, when that is shorter)
NO_DATE_BELOW = 100  # and below this the published date gives its room to the outlet and title


def _print_sources_table(summaries) -> None:
    """A rich table of sources for people: ids and counts first and never cut; the rest gives way (80 columns fit)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = output_console()
    short = console.width < SHORT_BELOW
    name = (lambda heading: SHORT_HEADINGS.get(heading, heading)) if short else (lambda heading: heading)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=short)
    # one line per source: an id longer than half the width is cut in the middle (its start and end kept), so the
    # counts still fit beside it; `--json` has it whole
    id_width = min(max(cells(printable(s.id)) for s in summaries), max(ID_CELLS_AT_LEAST, console.width // 2))
    table.add_column("id", no_wrap=True, min_width=id_width, max_width=id_width)
    for count in ("ver", "sentences", "claims", "linked", "boilerplate"):
        table.add_column(name(count), justify="right", no_wrap=True, min_width=len(name(count)))
    orphans = any(s.orphaned for s in summaries)  # the column shows only when an edited article left some
    if orphans:
        table.add_column(name("orphaned"), justify="right", no_wrap=True, min_width=len(name("orphaned")))
    suggested = any(s.suggested_boilerplate for s in summaries)  # scrape residue nobody has confirmed or rejected
    if suggested:
        table.add_column(name("suggested"), justify="right", no_wrap=True, min_width=len(name("suggested")))
    done = any(s.done_by for s in summaries)  # the column shows once someone has marked a source done
    if done:
        table.add_column(_cell("done by"), overflow="ellipsis")
    assigned = any(s.assigned_to for s in summaries)  # the column shows once a source is assigned (annotator assign)
    if assigned:
        table.add_column(_cell(name("assigned to")), overflow="ellipsis")
    texts = ("outlet", "title") if console.width < NO_DATE_BELOW else ("published", "outlet", "title")
    for text in texts:
        # wrappable, so the table takes their room first when it is too wide; each cell still keeps to one line
        table.add_column(_cell(name(text)), overflow="ellipsis")
    for s in summaries:
        table.add_row(Text(middle(printable(s.id), id_width), no_wrap=True), str(s.version), str(s.sentences), str(s.claims), str(s.linked_claims), str(s.boilerplate),
                      *([str(s.orphaned)] if orphans else []), *([str(s.suggested_boilerplate)] if suggested else []),
                      *([_cell(", ".join(s.done_by) or "-")] if done else []),
                      *([_cell(", ".join(s.assigned_to) or "-")] if assigned else []),
                      *(_cell(getattr(s, field) or "") for field in texts))
    console.print(table)
    if any(cells(printable(s.id)) > id_width for s in summaries):
        console.print("Ids cut in the middle (…) are whole in `annotator sources --json`.", style="dim",
                      soft_wrap=False, overflow="ellipsis", no_wrap=True)
    if short:
        console.print("v version · sent sentences · clm claims · lnk linked claims · bp boilerplate"
                      + (" · orph orphaned" if orphans else "") + (" · sug suggested boilerplate" if suggested else ""),
                      style="dim", soft_wrap=False, overflow="ellipsis", no_wrap=True)


def _cell(value: str):
    """A text cell kept to one line, cut with an ellipsis: a long title gives way to the ids and counts."""
    from rich.text import Text

    return Text(printable(value), no_wrap=True, overflow="ellipsis")


SUGGEST_EXAMPLES = """Examples:

\b
  annotator suggest 000_12b36fb51d48fb91:0
  annotator suggest 000_12b36fb51d48fb91:0 -k 3 --json
"""


@cli.command("suggest", epilog=SUGGEST_EXAMPLES)
@click.argument("sentence_ref", metavar="SOURCE_ID:INDEX")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many suggestions.")
@click.option("--json", "as_json", is_flag=True,
              help="JSON lines: one object per suggestion, best first; each carries claim_sources (how many sources agree).")
@click.pass_context
def suggest_command(ctx: click.Context, sentence_ref: str, k: int, as_json: bool) -> None:
    """Rank evidence for a sentence from other sources, with why: shared words, names, quotes, figures compared
    (match, conflict, update), denials, and how many sources agree with the claim's figures.
    """
    from annotator.suggest import resolve_sentence, suggest_report

    with open_store(ctx, write=False) as store:
        sentence = resolve_sentence(store, sentence_ref)
        report = suggest_report(store, sentence, k=k, annotator=ctx.obj["annotator"])
    if as_json:
        for rank, suggestion in enumerate(report.suggestions, 1):
            record = {"rank": rank, **suggestion.as_dict(), "claim_sources": report.counts.as_dict()}
            click.echo(json_text(record, ensure_ascii=False))
        return
    click.echo(printable(f"{sentence.source_id}:{sentence.index}  {sentence.text}"))
    if not report.suggestions:
        notice("No suggestions: no other source shares a telling word or number with this sentence.")
        return
    click.echo(f"Figures: {report.counts.describe()}")
    for rank, suggestion in enumerate(report.suggestions, 1):
        s = suggestion.sentence
        flag = f"  {FLAG_LABELS[suggestion.kind]}" if suggestion.kind in FLAG_LABELS else ""
        click.echo(printable(f"\n{rank:>2}. {s.source_id}:{s.index}  score {suggestion.score:.1f}{flag}\n    {s.text}"))
        for reason in suggestion.reasons():
            click.echo(f"    - {printable(reason)}")


FLAG_LABELS = {"conflict": "POSSIBLE CONFLICT", "denial": "POSSIBLE CONFLICT: DENIAL", "update": "UPDATE",
               "altered-quote": "ALTERED QUOTE", "match": "MATCH"}
