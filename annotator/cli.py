"""The `annotator` command line: a thin layer over the core, with one-sentence errors."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path

import click

from annotator import __version__
from annotator.cli_conventions import Activity, apply_conventions, detail, notice, wants_progress
from annotator.cli_errors import AnnotatorGroup
from annotator.cli_options import database_options
from annotator.config import load_config
from annotator.database_file import (
    can_write,
    create_database,
    refuse_read_only,
    refuse_unusable,
    remove_unfinished,
)
from annotator.errors import InputError, not_utf8, shown_path
from annotator.formats import FORMATS
from annotator.ingest import NEW_VERSION, IngestReport, ingest_articles
from annotator.inputs import plan_inputs, read_inputs
from annotator.labels import load_labels
from annotator.names import ANNOTATOR_NAME, require_name
from annotator.output_paths import require_folder
from annotator.segmenter import split_sentences
from annotator.signals import default_sigterm
from annotator.store import Store, default_db_path
from annotator.terminal_text import printable


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


PIPED_WIDTH = 200


def output_console():
    """A rich console for standard output: the terminal's width, or a wide one when piped, so tables are not cut to 80."""
    from rich.console import Console

    # markup=False: every cell holds data (ids, titles, outlets), which is text, never Rich markup.
    return Console(markup=False) if sys.stdout.isatty() else Console(width=PIPED_WIDTH, markup=False)


@click.group(cls=AnnotatorGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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


NEW_VERSION_HELP = "Take a different text whose file name gives an existing id (or repeats one) as a newer version of it."
OPEN_EXAMPLES = """Examples:

\b
  annotator open                     # the default database
  annotator open seeds/              # ingest a folder first (.txt, .md, .jsonl, .csv, .html)
  annotator open saved-pages/ --db story.db
"""


@cli.command("open", epilog=OPEN_EXAMPLES)
@click.argument("paths", nargs=-1)
@click.option("--new-version", "new_version", is_flag=True, help=NEW_VERSION_HELP)
@database_options
@click.pass_context
def open_command(ctx: click.Context, paths: tuple[str, ...], new_version: bool = False) -> None:
    """Open the annotation app, ingesting PATHS first when given."""
    load_labels(load_config().labels)  # a broken config or label set stops us before anything is stored
    if paths:
        _ingest(ctx, paths, new_version)
    from annotator.tui.app import run_app  # imported here so CLI-only commands never load Textual

    with default_sigterm():
        run_app(db_path=ctx.obj["db"], annotator=ctx.obj["annotator"])


INGEST_EXAMPLES = """Examples:

\b
  annotator ingest seeds/                       # a folder, recursively
  annotator ingest page.html https://example.com/news/story
  annotator ingest articles.csv --db story.db   # a header naming text, id, title, ...
  jq -c . articles.json | annotator ingest -    # JSON lines on standard input
  annotator ingest seeds/ --json                # one JSON object: what was done
"""


@cli.command("ingest", epilog=INGEST_EXAMPLES)
@click.argument("paths", nargs=-1, required=True)
@click.option("--new-version", "new_version", is_flag=True, help=NEW_VERSION_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object summing up the ingest on stdout.")
@database_options
@click.pass_context
def ingest_command(ctx: click.Context, paths: tuple[str, ...], new_version: bool, as_json: bool) -> None:
    """Add articles: .txt/.md (optional YAML front matter), .jsonl, .csv, saved .html pages, http(s) URLs, folders, or - (JSON lines on standard input)."""
    report = _ingest(ctx, paths, new_version)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, sort_keys=True))


def _ingest(ctx: click.Context, paths: tuple[str, ...], new_version: bool = False) -> IngestReport:
    """Read and validate everything first, then store it in one transaction, and report."""
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
    from rich.console import Console

    return ingest_progress.IngestProgress(Console(stderr=True), len(plan.items))


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
    if progress is None:
        return ingest_articles(store, articles, new_version=new_version)
    progress.start_storing(len(articles))
    return ingest_articles(store, articles, progress=progress.stored, new_version=new_version, phase=progress.phase)


def _report_ingest(ctx: click.Context, articles, report: IngestReport, plan) -> None:
    """What the ingest did, on stderr: new versions, the counts, what re-anchoring did."""
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


@cli.command("split")
@click.argument("file", default="-", type=click.Path(allow_dash=True, path_type=Path))
@click.option("--language", default=None, help="Language of the text  [default: front matter's, else detected]")
@click.option("--json", "as_json", is_flag=True, help="Accepted for uniformity: the output is always JSON lines.")
def split_command(file: Path, language: str | None, as_json: bool) -> None:
    """Print the sentences of FILE (or standard input) as JSON lines {index, start, end, text}.

    Front matter and a sidecar are read as ingest reads them: offsets are into the body, as stored.

    \b
    Examples:
      annotator split article.txt
      echo "One. Two." | annotator split - --language en
    """
    from annotator.articles import read_text_file, text_article_parts

    if str(file) == "-":
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
            sys.stdout.write(json.dumps(span.as_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `annotator split big.txt | head` is fine: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@cli.command("sources")
@click.option("--json", "as_json", is_flag=True, help="JSON lines: one object per source.")
@click.option("--annotator", "who", default=None, help="Count only this annotator's claims, links and boilerplate.")
@click.pass_context
def sources_command(ctx: click.Context, as_json: bool, who: str | None) -> None:
    """List sources with sentence counts and annotation progress (everyone's, or one annotator's).

    \b
    Examples:
      annotator sources
      annotator sources --annotator alice --json | jq .claims
    """
    with open_store(ctx, write=False) as store:
        from annotator.coverage import with_done

        summaries = with_done(store, store.source_summaries())
        if who is not None:
            from annotator.team import summaries_of

            summaries = summaries_of(store, summaries, who, ctx.obj["db"])
    if as_json:
        for summary in summaries:
            click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
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
    table.add_column("id", no_wrap=True, min_width=max(len(s.id) for s in summaries))
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
        table.add_column("done by", no_wrap=True, overflow="ellipsis")
    assigned = any(s.assigned_to for s in summaries)  # the column shows once a source is assigned (annotator assign)
    if assigned:
        table.add_column(name("assigned to"), no_wrap=True, overflow="ellipsis")
    texts = ("outlet", "title") if console.width < NO_DATE_BELOW else ("published", "outlet", "title")
    for text in texts:
        table.add_column(name(text), no_wrap=True, overflow="ellipsis")
    for s in summaries:
        table.add_row(Text(printable(s.id)), str(s.version), str(s.sentences), str(s.claims), str(s.linked_claims), str(s.boilerplate),
                      *([str(s.orphaned)] if orphans else []), *([str(s.suggested_boilerplate)] if suggested else []),
                      *([Text(printable(", ".join(s.done_by) or "-"))] if done else []),
                      *([Text(printable(", ".join(s.assigned_to) or "-"))] if assigned else []),
                      *(Text(printable(getattr(s, field) or "")) for field in texts))
    console.print(table)
    if short:
        console.print("v version · sent sentences · clm claims · lnk linked claims · bp boilerplate"
                      + (" · orph orphaned" if orphans else "") + (" · sug suggested boilerplate" if suggested else ""),
                      style="dim", soft_wrap=False, overflow="ellipsis", no_wrap=True)


@cli.command("suggest")
@click.argument("sentence_ref", metavar="SOURCE_ID:INDEX")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many suggestions.")
@click.option("--json", "as_json", is_flag=True,
              help="JSON lines: one object per suggestion, best first; each carries claim_sources (how many sources agree).")
@click.pass_context
def suggest_command(ctx: click.Context, sentence_ref: str, k: int, as_json: bool) -> None:
    """Rank evidence for a sentence from other sources, with why: shared words, names, quotes, figures compared
    (match, conflict, update), denials, and how many sources agree with the claim's figures.

    \b
    Examples:
      annotator suggest 000_12b36fb51d48fb91:0
      annotator suggest 000_12b36fb51d48fb91:0 -k 3 --json
    """
    from annotator.suggest import resolve_sentence, suggest_report

    with open_store(ctx, write=False) as store:
        sentence = resolve_sentence(store, sentence_ref)
        report = suggest_report(store, sentence, k=k, annotator=ctx.obj["annotator"])
    if as_json:
        for rank, suggestion in enumerate(report.suggestions, 1):
            record = {"rank": rank, **suggestion.as_dict(), "claim_sources": report.counts.as_dict()}
            click.echo(json.dumps(record, ensure_ascii=False))
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


BACKUP_EXAMPLES = """Examples:

\b
  annotator backup story-2024-09-01.db
  annotator backup /mnt/archive/story.db --db story.db --json
"""


@cli.command("backup", epilog=BACKUP_EXAMPLES)
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: the database, the backup and its check.")
@click.pass_context
def backup_command(ctx: click.Context, target: Path, as_json: bool) -> None:
    """Write a consistent copy of the live database to TARGET, checked with SQLite's integrity_check."""
    from annotator.output_paths import refuse_database

    refuse_database(target, ctx.obj["db"])
    if target.exists():
        raise InputError("already exists; choose a new file name for the backup", target)
    require_folder(target)
    with open_store(ctx, write=False) as store:
        store.backup(target)
    notice(f"Backed up {shown_path(ctx.obj['db'])} to {shown_path(target)} (integrity checked).")
    if as_json:
        click.echo(json.dumps({"database": str(ctx.obj["db"]), "backup": str(target), "integrity_check": "ok"}, ensure_ascii=False))


EXPORT_EXAMPLES = """Examples:

\b
  annotator export --format jsonl                      # exports/<db>.jsonl, everyone's work
  annotator export --format fever -o train.jsonl       # gold by default
  annotator export --format csv --annotator alice -o - | head
  annotator export --format brat -o story-brat/ --json # one JSON object: what was written
"""


@cli.command("export", epilog=EXPORT_EXAMPLES)
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)),
              help="jsonl/yaml: our own (importable); w3c: Web Annotation JSON-LD collection; w3c-jsonl: one annotation a line, each with its @context; fever: FEVER JSONL (one annotator: "
                   "gold by default); fever-pages: the sentences FEVER evidence points into; flat/csv: one row per claim and per link (csv: cells starting =, +, -, @, tab or CR get a leading ', against formula injection); "
                   "labelstudio/doccano: those tools' import files (one annotator); brat: standoff folder.")
@click.option("-o", "--output", type=click.Path(allow_dash=True), default=None,
              help="File (folder for brat) to write, '-' for standard output (default: under exports/).")
@click.option("--annotator", "who", default=None, help="Only this annotator's work, e.g. gold (default: everyone's).")
@click.option("--force", is_flag=True, help="brat: replace an existing folder even though no export made it.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: format, path, annotator, claims (not with -o -).")
@click.pass_context
def export_command(ctx: click.Context, fmt: str, output: str | None, who: str | None, force: bool, as_json: bool) -> None:
    """Write annotations out, deterministically and atomically (a crash leaves the old file or the new one)."""
    from annotator.formats import default_export_path, export_annotator, export_chunks, write_export

    if as_json and output == "-":
        raise InputError("--json describes a written export; with -o - the export itself is on standard output", None)
    with open_store(ctx, write=False) as store, Activity(wants_progress(as_json)) as activity:
        if who is not None and not store.db.execute("SELECT 1 FROM annotators WHERE name = ?", [who]).fetchone():
            raise InputError(f"no annotations by {who!r} in {shown_path(ctx.obj['db'])}", None)
        who = export_annotator(store, fmt, who)
        activity.phase(f"Exporting {fmt}" + (f" ({who})" if who else ""))
        if output == "-":
            if fmt == "brat":
                raise InputError("brat exports are a folder of files; give a folder with -o", None)
            for chunk in export_chunks(store, fmt, who):
                sys.stdout.write(chunk)
            return
        target = output or default_export_path(EXPORTS_FOLDER, ctx.obj["db"], fmt, who)
        if output is None:
            _make_exports_folder()
        claims = write_export(store, fmt, target, who, force=force, labels=load_labels(load_config().labels))
    what = f"{claims} claim(s)" if FORMATS[fmt].reads_records else "every source's sentences"
    notice(f"Exported {what} as {fmt} to {shown_path(target)}.")
    if as_json:
        summary = {"format": fmt, "path": str(target), "annotator": who, "claims": claims if FORMATS[fmt].reads_records else None}
        click.echo(json.dumps(summary, ensure_ascii=False))


EXPORTS_FOLDER = Path("exports")


def _make_exports_folder() -> None:
    """Make the default exports/ folder, or say in one sentence why it cannot be."""
    if EXPORTS_FOLDER.exists() and not EXPORTS_FOLDER.is_dir():
        raise InputError("is a file, so exports cannot go there; give -o PATH or move the file", EXPORTS_FOLDER)
    EXPORTS_FOLDER.mkdir(exist_ok=True)


@cli.command("datasette-metadata")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the metadata to this file (default: print it).")
@click.option("--json", "as_json", is_flag=True, help="With -o: print one JSON object naming the file written (the metadata printed is JSON already).")
@click.pass_context
def datasette_metadata_command(ctx: click.Context, output: Path | None, as_json: bool) -> None:
    """Print (or write) Datasette metadata for the database: labels, full-text search, internal tables hidden.

    \b
    Example:
      annotator datasette-metadata -o metadata.json && datasette annotator.db -m metadata.json
    """
    from annotator.atomic import write_text_atomic
    from annotator.datasette_metadata import metadata_text

    open_store(ctx).close()  # brings the schema up to date: the FTS table Datasette detects, the readable views
    text = metadata_text(ctx.obj["db"])
    if output is None:
        click.echo(text, nl=False)
        return
    from annotator.output_paths import file_target

    write_text_atomic(file_target(output, ctx.obj["db"]), [text])
    notice(f"Wrote Datasette metadata for {ctx.obj['db']} to {output}.")
    if as_json:
        click.echo(json.dumps({"database": str(ctx.obj["db"]), "metadata": str(output)}, ensure_ascii=False))


@cli.command("labelstudio-config")
def labelstudio_config_command() -> None:
    """Print the Label Studio labeling config that `export --format labelstudio` files need (from your label set).

    The output is that XML config itself, so there is no --json.

    \b
    Example:
      annotator labelstudio-config > config.xml
    """
    from annotator.formats.tasks import label_studio_config

    click.echo(label_studio_config(load_labels(load_config().labels)), nl=False)


IMPORT_EXAMPLES = """Examples:

\b
  annotator import exports/story.alice.jsonl
  annotator import bob.yaml --on-conflict keep --db story.db
  annotator import exports/story-brat/          # our brat export: each sub-folder's annotator
  annotator import --annotator lee brat-project/  # any brat collection, onto stored texts
  ssh desk cat story.jsonl | annotator import -
"""


@cli.command("import", epilog=IMPORT_EXAMPLES)
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object summing up the import on stdout (counts, what was not imported).")
@database_options
@click.option("--on-conflict", type=click.Choice(["abort", "keep", "replace"]), default="abort", show_default=True,
              help="When a claim differs from the database's: import nothing, keep the database's, or take the file's.")
@click.pass_context
def import_command(ctx: click.Context, files: tuple[Path, ...], on_conflict: str, as_json: bool) -> None:
    """Read annotations in (a file, or - for standard input): our jsonl/yaml exports under each file's annotator; W3C, Label Studio JSON, doccano JSONL
    and brat standoff folders (spans on stored texts as claims, relations between sources as links) under --annotator (our brat export: per sub-folder).

    Spans or relations that cannot be placed are counted and reported, never dropped silently.
    """
    from annotator.formats.importer import import_files

    labels = load_labels(load_config().labels)
    with open_store(ctx) as store, Activity(wants_progress(as_json)) as activity:
        report = import_files(store, list(files), on_conflict, labels, ctx.obj["annotator"], phase=activity.phase)
    notice(import_sentence(len(files), report))
    for conflict in report.conflicts:
        detail(printable(f"{'kept' if on_conflict == 'keep' else 'replaced'}: {conflict}"))
    for kind, counts in (("link", report.dropped.links), ("span", report.dropped.spans)):
        for reason, count in sorted(counts.items()):
            detail(printable(f"not imported: {count} {kind}(s) {reason}" if not reason.startswith(kind) else f"not imported: {count} {reason}"))
    if as_json:
        counts = {name: getattr(report, name) for name in ("claims_added", "claims_unchanged", "claims_replaced",
                                                           "claims_kept", "links_added", "boilerplate_added", "decisions_added",
                                                           "done_added")}
        dropped = {"links": dict(sorted(report.dropped.links.items())), "spans": dict(sorted(report.dropped.spans.items()))}
        click.echo(json.dumps({"files": len(files), "annotators": sorted(report.annotators), **counts, "not_imported": dropped},
                              sort_keys=True, ensure_ascii=False))


def import_sentence(files: int, report) -> str:
    """The summary line: whose annotations came in, or that the files held none."""
    if not report.annotators and report.dropped.summary():
        return f"Imported nothing from {files} file(s): {report.dropped.summary()}."
    if not report.annotators:
        return f"Imported nothing from {files} file(s): they hold no annotations."
    return f"Imported {files} file(s) for {', '.join(sorted(report.annotators))}: {report.summary()}."


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
        click.echo(json.dumps(report_json(report), ensure_ascii=False, allow_nan=False))
        return
    from annotator.agreement_tables import print_report

    print_report(report)


@cli.command("review")
@click.option("--include-partial", is_flag=True, help=PARTIAL_HELP)
@click.pass_context
def review_command(ctx: click.Context, include_partial: bool) -> None:
    """Open the app on the queue of disagreements between annotators, to decide them into gold.

    \b
    Example:
      annotator review --annotator gold --db story.db
    """
    from annotator.tui.app import run_app

    open_store(ctx).close()  # a bad --db is one sentence here, not a traceback from inside the app
    with default_sigterm():
        run_app(db_path=ctx.obj["db"], annotator=ctx.obj["annotator"], review=True,
                include_partial=include_partial)


from annotator import cli_actions, cli_boundaries, cli_orphans, cli_team  # noqa: E402,F401  (register their commands on the group)

apply_conventions(cli)  # after every command is registered: -q/-v on each


def main() -> None:
    """Run the command line as `annotator`."""
    cli(prog_name="annotator")
