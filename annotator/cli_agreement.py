"""`annotator agree` and `review`: agreement between annotators, and deciding their disagreements into gold."""

from __future__ import annotations

import click

from annotator.cli import cli, open_store
from annotator.cli_conventions import Activity, wants_progress
from annotator.errors import InputError
from annotator.signals import default_sigterm
from annotator.terminal_text import json_text

PARTIAL_HELP = "Besides sources each marked done, compare on the sentences each has read (up to the furthest one)."


AGREE_EXAMPLES = """Examples:

\b
  annotator agree                                # every annotator but gold
  annotator agree --annotators alice,bob --json  # one JSON object on one line
  annotator agree --include-gold --include-partial
"""


@cli.command("agree", epilog=AGREE_EXAMPLES)
@click.option("--json", "as_json", is_flag=True, help="One JSON object (on one line) instead of tables.")
@click.option("--annotators", "names", default=None, metavar="A,B,...", help="Only these annotators (default: all but gold).")
@click.option("--include-gold", is_flag=True, help="Count the adjudicated `gold` annotator too.")
@click.option("--include-partial", is_flag=True, help=PARTIAL_HELP)
@click.option("--assigned", "assigned_only", is_flag=True,
              help="Only sources each annotator was assigned (`annotator assign`): the planned double-annotated set.")
@click.pass_context
def agree_command(ctx: click.Context, as_json: bool, names: str | None, include_gold: bool, include_partial: bool,
                  assigned_only: bool) -> None:
    """Agreement between annotators on claims, claim types, links and verdicts (kappa per pair, alpha overall)."""
    from annotator.agreement_report import agreement_report, report_json
    from annotator.config import load_config
    from annotator.labels import load_labels
    from annotator.team import annotator_names

    with open_store(ctx, write=False) as store, Activity(wants_progress(as_json)) as activity:
        activity.phase("Comparing annotators")
        chosen = None
        if names:
            chosen = [name.strip() for name in names.split(",") if name.strip()]
            known = set(annotator_names(store, include_gold=True))
            unknown = [name for name in chosen if name not in known]
            if unknown:
                raise InputError(f"has no annotations by {', '.join(unknown)}", ctx.obj["db"])
        report = agreement_report(store, chosen, include_gold=include_gold, labels=load_labels(load_config().labels),
                                  include_partial=include_partial, assigned_only=assigned_only)
    if as_json:
        click.echo(json_text(report_json(report), ensure_ascii=False, allow_nan=False))
        return
    from annotator.agreement_tables import print_report

    print_report(report)


REVIEW_EXAMPLES = """Example:

\b
  annotator review --annotator gold --db story.db
"""


@cli.command("review", epilog=REVIEW_EXAMPLES)
@click.option("--include-partial", is_flag=True, help=PARTIAL_HELP)
@click.pass_context
def review_command(ctx: click.Context, include_partial: bool) -> None:
    """Open the app on the queue of disagreements between annotators, to decide them into gold."""
    from annotator.tui.app import run_app

    open_store(ctx).close()  # a bad --db is one sentence here, not a traceback from inside the app
    with default_sigterm():
        run_app(db_path=ctx.obj["db"], annotator=ctx.obj["annotator"], review=True,
                include_partial=include_partial)
