"""Export formats: our own JSONL and YAML, and W3C Web Annotation, FEVER and brat for other tools.

Every format is written from the same records (`records.records`), deterministically and atomically;
FEVER's pages are the corpus itself, not annotations, so they are read from the sources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator import output_paths
from annotator.atomic import write_text_atomic
from annotator.earlier_exports import refuse_foreign_file, refuse_teammates_export
from annotator.errors import InputError, quoted
from annotator.formats import native
from annotator.formats.records import GOLD, export_annotators, records
from annotator.labels import LabelSet
from annotator.output_paths import file_name
from annotator.store import Store
from annotator.terminal_text import json_escaped, readable


@dataclass(frozen=True)
class Format:
    """One export format: how its text is made from records, and the default file name ending."""

    name: str
    suffix: str
    describe: str
    render: Callable[[list[dict], Store], Iterable[str]] | None  # None: writes a folder, not a file
    one_annotator: bool = False  # a file holds one annotator's labels (training data must not mix them)
    reads_records: bool = True  # False: made from the sources alone
    text_kind: str = "json"  # how text from an older database is kept from driving a terminal: see `guarded`


def _jsonl_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """Our JSON lines, the header record first."""
    return native.jsonl_lines(native.with_header(items))


def _yaml_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """The YAML document as one chunk."""
    yield native.yaml_text(items)


def _w3c_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """The W3C Web Annotation collection as one chunk."""
    from annotator.formats import w3c

    yield w3c.w3c_text(items, store)


def _w3c_line_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """W3C Web Annotations one per line, each with its own @context."""
    from annotator.formats import w3c

    return w3c.w3c_lines(items, store)


def _fever_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """FEVER-style JSON lines."""
    from annotator.formats import fever

    return fever.fever_lines(items)


def _fever_pages_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """FEVER wiki-pages JSON lines: the corpus the FEVER evidence points into."""
    from annotator.formats import fever

    return fever.fever_pages(store)


def _flat_jsonl_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """Flat JSON lines: one row per claim and per link."""
    from annotator.formats import flat

    return flat.flat_jsonl(items)


def _csv_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """CSV: one row per claim and per link."""
    from annotator.formats import flat

    return flat.flat_csv(items)


def _label_studio_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """A Label Studio tasks file."""
    from annotator.formats import tasks

    yield tasks.label_studio_text(items, store)


def _doccano_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """A doccano JSONL file with entities and relations."""
    from annotator.formats import tasks

    return tasks.doccano_lines(items, store)


FORMATS = {
    "jsonl": Format("jsonl", ".jsonl", "one record per line: sources, claims with links (our own, importable)", _jsonl_chunks),
    "yaml": Format("yaml", ".yaml", "the same records grouped by source, for people (our own, importable)", _yaml_chunks, text_kind="yaml"),
    "w3c": Format("w3c", ".jsonld", "W3C Web Annotation JSON-LD: claims and linking annotations", _w3c_chunks),
    "w3c-jsonl": Format("w3c-jsonl", ".w3c.jsonl", "W3C Web Annotations one per line, each with its own @context", _w3c_line_chunks),
    "fever": Format("fever", ".fever.jsonl", "FEVER JSONL: claim, label, evidence sets (one annotator)", _fever_chunks, one_annotator=True),
    "fever-pages": Format("fever-pages", ".fever-pages.jsonl", "FEVER wiki-pages JSONL: every source's sentences as lines", _fever_pages_chunks, reads_records=False),
    "flat": Format("flat", ".flat.jsonl", "flat JSON lines: one row per claim and per link, scalar values only", _flat_jsonl_chunks),
    "csv": Format("csv", ".csv", "CSV: the flat rows, for spreadsheets and pandas", _csv_chunks, text_kind="text"),
    "labelstudio": Format("labelstudio", ".labelstudio.json", "Label Studio tasks: claims and evidence as spans, links as relations (one annotator)", _label_studio_chunks, one_annotator=True),
    "doccano": Format("doccano", ".doccano.jsonl", "doccano JSONL: claims and evidence as entities, links as relations (one annotator)", _doccano_chunks, one_annotator=True),
    "brat": Format("brat", "-brat", "brat standoff folder: .txt + .ann per source, annotation.conf", None, text_kind="text"),
}

# The file endings people give each kind of file: an `-o` ending in one family for a format of another is a slip.
_SUFFIX_FAMILIES = {"YAML": (".yaml", ".yml"), "CSV": (".csv", ".tsv"), "JSON": (".json", ".jsonl", ".jsonld", ".ndjson")}
_FAMILY = {"yaml": "YAML", "csv": "CSV", "brat": None} | {name: "JSON" for name in FORMATS if name not in ("yaml", "csv", "brat")}


def suffix_disagreement(fmt: str, target: str | Path) -> str | None:
    """Why `target`'s ending says another kind of file than `fmt` writes (`-o gold.yaml` with `--format jsonl`), or None.

    Only the endings of the families above count: `-o out`, `-o gold.txt` or `-o gold.data` say nothing of the format.
    """
    suffix = Path(target).suffix.lower()
    given = next((family for family, endings in _SUFFIX_FAMILIES.items() if suffix in endings), None)
    wanted = _FAMILY[fmt]
    if given is None or given == wanted:
        return None
    writes = "a folder of .txt and .ann files" if wanted is None else f"{wanted}, not {given}"
    return (f"ends in {suffix}, a {given} file's ending, but --format {fmt} writes {writes}; name it "
            f"{quoted(Path(target).stem + FORMATS[fmt].suffix)}, choose the --format you meant, or add --force to write it there anyway")


EXPORTS_FOLDER = Path("exports")  # where exports go by default, relative to where `annotator export` or the app runs


def default_export_path(folder: Path, database: Path, fmt: str, annotator: str | None) -> Path:
    """`exports/<database stem>[.<annotator>]<suffix>`, so exports of different databases never collide.

    The annotator name comes from data, so it is escaped into a file name (never a path). A format that holds no
    one's annotations (fever-pages: the sentences) is named for the database alone, whoever exports it.
    """
    who = f".{file_name(annotator)}" if annotator and FORMATS[fmt].reads_records else ""
    return folder / f"{file_name(Path(database).stem)}{who}{FORMATS[fmt].suffix}"


def export_annotator(store: Store, fmt: str, annotator: str | None) -> str | None:
    """The annotator an export covers: the one named; for a one-annotator format, else gold, else the only one.

    Raises InputError naming the annotators present when a one-annotator format would have to guess.
    """
    if annotator is not None or not FORMATS[fmt].one_annotator:
        return annotator
    present = export_annotators(store)
    if GOLD in present:
        return GOLD
    if len(present) == 1:
        return present[0]
    if not present:
        raise InputError(f"a {fmt} export needs annotations, and the database has none", None)
    raise InputError(f"a {fmt} export holds one annotator's labels and there is no gold; choose one with --annotator: {', '.join(present)}", None)


def snapshot_records(store: Store, annotator: str | None = None) -> list[dict]:
    """All records read in one transaction: a consistent snapshot while the app goes on writing."""
    store.db.execute("BEGIN")
    try:
        return list(records(store, annotator))
    finally:
        store.db.execute("COMMIT")


def export_chunks(store: Store, fmt: str, annotator: str | None = None) -> Iterable[str]:
    """The text of a file format's export (not brat, which is a folder)."""
    return guarded(fmt, FORMATS[fmt].render(_items(store, fmt, annotator), store))


def guarded(fmt: str, chunks: Iterable[str]) -> Iterator[str]:
    """A format's text with the control and bidi characters an older database may hold made harmless.

    Entry refuses them now, but text stored before would reach whoever reads the file raw (`cat`, a diff,
    a spreadsheet): JSON formats escape them (`\\u009b`, the same value), YAML's emitter writes them as
    escapes, and the text formats (CSV, brat) show each as a visible stand-in of the same length.
    """
    kind = FORMATS[fmt].text_kind
    clean = json_escaped if kind == "json" else readable if kind == "text" else None
    return iter(chunks) if clean is None else (clean(chunk) for chunk in chunks)


def _items(store: Store, fmt: str, annotator: str | None) -> list[dict]:
    """The records a format is written from, for the annotator it covers."""
    if not FORMATS[fmt].reads_records:
        return []
    return snapshot_records(store, export_annotator(store, fmt, annotator))


def _refuse_article_file(store: Store, target: Path) -> None:
    """Refuse to replace a file a source was ingested from (`-o corpus.jsonl` meant for `-o out.jsonl`)."""
    if not target.is_file():
        return
    row = store.db.execute("SELECT id FROM sources WHERE origin_path = ? ORDER BY id LIMIT 1", [str(target.resolve())]).fetchone()
    if row is not None:
        raise InputError(f"is the file source {quoted(row[0])} was ingested from; an export never replaces an article file; "
                         "choose another name", target)


def _annotators(store: Store) -> set[str]:
    """Everyone with a row in this database (gold too once a decision was taken)."""
    return {name for (name,) in store.db.execute("SELECT name FROM annotators")} | {GOLD}


def write_export(store: Store, fmt: str, target: Path, annotator: str | None = None, force: bool = False,
                 labels: LabelSet | None = None, force_option: bool = True) -> int:
    """Write an export atomically to `target` (a folder for brat); return how many claims it holds.

    The target is checked first (`output_paths`): never the database or its companion files, never
    a file or folder an export did not make unless `force`; what killed exports left beside it is cleared.
    """
    if fmt == "brat":
        target = output_paths.folder_target(target, store.path, force)
    else:
        target = output_paths.file_target(target, store.path)
        _refuse_article_file(store, target)
        if not force:
            refuse_foreign_file(target, force_option)  # the app has no --force to offer
            refuse_teammates_export(target, _annotators(store), force_option)
    output_paths.clean_leftovers(target)
    items = _items(store, fmt, annotator)
    if fmt == "brat":
        from annotator.formats import brat

        brat.write_brat(items, target, store, labels)
    else:
        write_text_atomic(target, guarded(fmt, FORMATS[fmt].render(items, store)))
    return sum(1 for item in items if item["record"] == "claim")
