"""`annotator ingest` and `split`: articles read, checked and stored in one transaction; a text's sentences."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli import NEW_VERSION_HELP, cli, open_store
from annotator.cli_conventions import detail, notice, wants_progress
from annotator.cli_options import PATH_OR_URL, database_options
from annotator.database_file import create_database, refuse_unusable, remove_unfinished
from annotator.errors import InputError, not_utf8, shown_path
from annotator.terminal_text import json_text, printable

if TYPE_CHECKING:  # ingest, inputs and the segmenter load on use: `annotator --help` and other commands skip them
    from annotator.ingest import IngestReport
    from annotator.store import Store

INGEST_EXAMPLES = """Examples:

\b
  annotator ingest seeds/                       # a folder, recursively
  annotator ingest page.html https://example.com/news/story
  annotator ingest articles.csv --db story.db   # a header naming text, id, title, ...
  jq -c '.[]' articles.json | annotator ingest -  # a JSON array, as JSON lines on standard input
  annotator ingest seeds/ --json                # one JSON object: what was done
"""


@cli.command("ingest", epilog=INGEST_EXAMPLES)
@click.argument("paths", nargs=-1, required=True, type=PATH_OR_URL)
@click.option("--new-version", "new_version", is_flag=True, help=NEW_VERSION_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object summing up the ingest on stdout.")
@database_options
@click.pass_context
def ingest_command(ctx: click.Context, paths: tuple[str, ...], new_version: bool, as_json: bool) -> None:
    """Add articles: .txt/.md (optional YAML front matter), .jsonl, .csv, saved .html pages, http(s) URLs, folders, or - (JSON lines on standard input)."""
    report = _ingest(ctx, paths, new_version)
    if as_json:
        click.echo(json_text(report.as_dict(), ensure_ascii=False, sort_keys=True))


def _ingest(ctx: click.Context, paths: tuple[str, ...], new_version: bool = False) -> IngestReport:
    """Read and validate everything first, then store it in one transaction, and report."""
    from annotator.inputs import plan_inputs, read_inputs

    plan = plan_inputs(paths)
    for skipped in plan.skipped:
        notice(f"annotator: {skipped}")
    if not plan.items:
        raise InputError(f"nothing to ingest: {len(plan.skipped)} file(s) skipped, none of a kind annotator reads", None)
    progress = _progress_for(plan)
    try:
        articles = read_inputs(plan, on_read=progress.read if progress else None, new_version=new_version)
        report = _store_articles(ctx, articles, progress, new_version)
    finally:
        if progress:
            progress.close()
    _report_ingest(ctx, articles, report, plan)
    report.skipped = [{"path": item.path, "reason": item.reason} for item in plan.skipped]
    return report


def _progress_for(plan):
    """A progress display on stderr when it is a terminal and the work is big (or fetches pages), else None."""
    from annotator import ingest_progress

    sizes = sum(item.stat().st_size for item in plan.items if isinstance(item, Path))
    urls = sum(1 for item in plan.items if isinstance(item, str) and item != "-")
    terminal = wants_progress(bool(click.get_current_context().params.get("as_json")))  # a terminal, and not -q, --json or CI
    if not ingest_progress.wants_progress(terminal, sizes, urls):
        return None
    from annotator.printable_console import error_console

    return ingest_progress.IngestProgress(error_console(), len(plan.items))


def _store_articles(ctx: click.Context, articles, progress, new_version: bool) -> IngestReport:
    """Store in one transaction; a first ingest builds the database under a temporary name and names it only
    once complete, so an interrupted, failed or killed first ingest never leaves a database that looks real."""
    database = Path(ctx.obj["db"])
    refuse_unusable(database, create=True)
    if database.exists():
        with open_store(ctx, create=True) as store:
            return _ingest_into(store, articles, progress, new_version)
    for leftover in remove_unfinished(database):
        notice(f"Removed {shown_path(leftover)}, an unfinished database a killed ingest left behind.")
    return create_database(database, lambda store: _ingest_into(store, articles, progress, new_version))


def _ingest_into(store: Store, articles, progress, new_version: bool) -> IngestReport:
    """Ingest into an open store, advancing the progress display when there is one."""
    from annotator.ingest import ingest_articles

    if progress is None:
        return ingest_articles(store, articles, new_version=new_version)
    progress.start_storing(len(articles))
    return ingest_articles(store, articles, progress=progress.stored, new_version=new_version, phase=progress.phase)


def _report_ingest(ctx: click.Context, articles, report: IngestReport, plan) -> None:
    """What the ingest did, on stderr: new versions, the counts, what re-anchoring did."""
    from annotator.ingest import NEW_VERSION

    for source_id, outcome, version in report.outcomes:
        if outcome == NEW_VERSION:
            notice(printable(f"{source_id}: text changed, stored as version {version}; earlier annotations move with it"))
        else:
            detail(printable(f"{source_id}: {outcome} (version {version})"))
    skipped = f" ({len(plan.skipped)} file(s) skipped)" if plan.skipped else ""
    notice(f"Ingested {len(articles)} article(s) into {shown_path(ctx.obj['db'])}{skipped}: {report.summary()}.")
    if report.count(NEW_VERSION):
        orphans = report.reanchor.totals()["orphaned"]
        hint = "; list them with `annotator orphans`" if orphans else ""
        notice(f"Edited articles: {report.reanchor.summary()}{hint}.")
    if report.boundaries.reapplied or report.boundaries.lost:
        notice(f"Fixed boundaries: {printable(report.boundaries.summary())}.")
    _report_invisible_sentences(articles)


def _report_invisible_sentences(articles) -> None:
    """Name the sentences that show nothing (a line of zero-width spaces): a row the analyst would see as empty."""
    from annotator.invisible_text import HIDDEN, first_hidden, shows_nothing
    from annotator.segmenter import split_sentences

    for article in articles:
        if not HIDDEN.search(article.text):
            continue
        empty = [span for span in split_sentences(article.text, article.language) if shows_nothing(span.text)]
        if empty:
            numbers = ", ".join(str(span.index) for span in empty[:5]) + (" …" if len(empty) > 5 else "")
            notice(printable(f"{article.id}: {len(empty)} sentence(s) show nothing, only invisible characters "
                             f"({first_hidden(empty[0].text)} and the like): {numbers}; flag them as residue with "
                             f"`annotator boilerplate add {article.id}:{empty[0].index}`"))


SPLIT_EXAMPLES = """Examples:

\b
  annotator split article.txt
  echo "One. Two." | annotator split - --language en
"""


@cli.command("split", epilog=SPLIT_EXAMPLES)
@click.argument("file", required=False, type=click.Path(allow_dash=True, path_type=Path))
@click.option("--language", default=None, help="Language of the text  [default: front matter's, else detected]")
@click.option("--json", "as_json", is_flag=True, help="Accepted for uniformity: the output is always JSON lines.")
@click.pass_context
def split_command(ctx: click.Context, file: Path | None, language: str | None, as_json: bool) -> None:
    """Print the sentences of FILE (or of standard input: -, or a pipe) as JSON lines {index, start, end, text}.

    Front matter and a sidecar are read as ingest reads them: offsets are into the body, as stored.
    """
    from annotator.articles import read_text_file, text_article_parts
    from annotator.segmenter import split_sentences

    if file is None and sys.stdin.isatty():  # a usage error like any missing argument, not a wait on the keyboard
        raise click.UsageError("missing argument 'FILE' (give - to type the text on standard input)", ctx)
    if file is None or str(file) == "-":
        data = sys.stdin.buffer.read()
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise not_utf8(data, error, "<stdin>") from None
        metadata, text = text_article_parts(raw, Path("<stdin>"), with_sidecar=False)
    else:
        if not file.exists():
            raise InputError("no such file", file)
        metadata, text = text_article_parts(read_text_file(file), file)
    named = language or metadata.get("language")
    try:
        for span in split_sentences(text, str(named) if named else None):
            sys.stdout.write(json_text(span.as_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `annotator split big.txt | head` is fine: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
