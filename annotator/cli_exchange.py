"""`annotator export`, `import`, `backup`, `datasette-metadata` and `labelstudio-config`: annotations out to files and other tools, and back in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotator.cli import cli, open_store
from annotator.cli_conventions import Activity, detail, notice, wants_progress
from annotator.cli_options import database_options
from annotator.config import load_config
from annotator.errors import InputError, shown_path
from annotator.formats import EXPORTS_FOLDER, FORMATS
from annotator.labels import load_labels
from annotator.output_paths import refuse_linked_folders, require_folder
from annotator.terminal_text import json_text

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
    refuse_linked_folders(target)
    if target.exists():
        raise InputError("already exists; choose a new file name for the backup", target)
    require_folder(target)
    with open_store(ctx, write=False) as store:
        store.backup(target)
    notice(f"Backed up {shown_path(ctx.obj['db'])} to {shown_path(target)} (integrity checked).")
    if as_json:
        click.echo(json_text({"database": str(ctx.obj["db"]), "backup": str(target), "integrity_check": "ok"}, ensure_ascii=False))


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
@click.option("--force", is_flag=True, help="Replace an existing file (brat: folder) even though no export made it.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: format, path, annotator, claims (not with -o -).")
@click.pass_context
def export_command(ctx: click.Context, fmt: str, output: str | None, who: str | None, force: bool, as_json: bool) -> None:
    """Write annotations out, deterministically and atomically (a crash leaves the old file or the new one)."""
    from annotator.formats import (
        default_export_path,
        export_annotator,
        export_chunks,
        suffix_disagreement,
        write_export,
    )

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
        if output is not None and not force and suffix_disagreement(fmt, output) and not _foreign_file(output):
            raise InputError(suffix_disagreement(fmt, output), output)  # a file no export wrote: refused as such below
        target = output or default_export_path(EXPORTS_FOLDER, ctx.obj["db"], fmt, who)
        if output is None:
            refuse_linked_folders(target)  # before making exports/: a dangling link there is refused as a link
            _make_exports_folder()
        claims = write_export(store, fmt, target, who, force=force, labels=load_labels(load_config().labels))
    what = f"{claims} claim(s)" if FORMATS[fmt].reads_records else "every source's sentences"
    notice(f"Exported {what} as {fmt} to {shown_path(target)}.")
    if as_json:
        summary = {"format": fmt, "path": str(target), "annotator": who, "claims": claims if FORMATS[fmt].reads_records else None}
        click.echo(json_text(summary, ensure_ascii=False))


def _foreign_file(output: str) -> bool:
    """Whether `-o` names an existing file that no export of ours wrote (that refusal says more than its ending would)."""
    from annotator.earlier_exports import is_earlier_export

    path = Path(output)
    try:
        return path.is_file() and not path.is_symlink() and not is_earlier_export(path)
    except OSError:  # unreadable: the write's own checks say why
        return False


def _make_exports_folder() -> None:
    """Make the default exports/ folder, or say in one sentence why it cannot be."""
    if EXPORTS_FOLDER.exists() and not EXPORTS_FOLDER.is_dir():
        raise InputError("is a file, so exports cannot go there; give -o PATH or move the file", EXPORTS_FOLDER)
    EXPORTS_FOLDER.mkdir(exist_ok=True)


DATASETTE_EXAMPLES = """Example:

\b
  annotator datasette-metadata -o metadata.json && datasette annotator.db -m metadata.json
"""


@cli.command("datasette-metadata", epilog=DATASETTE_EXAMPLES)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the metadata to this file (default: print it).")
@click.option("--json", "as_json", is_flag=True, help="With -o: print one JSON object naming the file written (the metadata printed is JSON already).")
@click.pass_context
def datasette_metadata_command(ctx: click.Context, output: Path | None, as_json: bool) -> None:
    """Print (or write) Datasette metadata for the database: labels, full-text search, internal tables hidden."""
    from annotator.atomic import write_text_atomic
    from annotator.datasette_metadata import metadata_text

    open_store(ctx).close()  # brings the schema up to date: the FTS table Datasette detects, the readable views
    text = metadata_text(ctx.obj["db"])
    if output is None:
        click.echo(text, nl=False)
        return
    from annotator.earlier_exports import refuse_foreign_file
    from annotator.output_paths import file_target

    target = file_target(output, ctx.obj["db"])
    refuse_foreign_file(target, force_option=False)
    write_text_atomic(target, [text])
    notice(f"Wrote Datasette metadata for {ctx.obj['db']} to {output}.")
    if as_json:
        click.echo(json_text({"database": str(ctx.obj["db"]), "metadata": str(output)}, ensure_ascii=False))


LABELSTUDIO_EXAMPLES = """Example:

\b
  annotator labelstudio-config > config.xml
"""


@cli.command("labelstudio-config", epilog=LABELSTUDIO_EXAMPLES)
def labelstudio_config_command() -> None:
    """Print the Label Studio labeling config that `export --format labelstudio` files need (from your label set).

    The output is that XML config itself, so there is no --json.
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
        detail(f"{'kept' if on_conflict == 'keep' else 'replaced'}: {conflict}")
    for kind, counts in report.dropped.by_kind():
        for reason, count in sorted(counts.items()):
            detail(f"not imported: {count} {kind}(s) {reason}" if not reason.startswith(kind) else f"not imported: {count} {reason}")
    if as_json:
        counts = {name: getattr(report, name) for name in ("claims_added", "claims_unchanged", "claims_replaced",
                                                           "claims_kept", "links_added", "boilerplate_added", "decisions_added",
                                                           "done_added")}
        dropped = {f"{kind}s": dict(sorted(reasons.items())) for kind, reasons in report.dropped.by_kind()}
        click.echo(json_text({"files": len(files), "annotators": sorted(report.annotators), **counts, "not_imported": dropped},
                              sort_keys=True, ensure_ascii=False))


def import_sentence(files: int, report) -> str:
    """The summary line: whose annotations came in, or that the files held none."""
    if not report.annotators and report.dropped.summary():
        return f"Imported nothing from {files} file(s): {report.dropped.summary()}."
    if not report.annotators:
        return f"Imported nothing from {files} file(s): they hold no annotations."
    return f"Imported {files} file(s) for {', '.join(sorted(report.annotators))}: {report.summary()}."
