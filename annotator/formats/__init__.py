"""Export formats: our own JSONL and YAML, and W3C Web Annotation, FEVER and brat for other tools.

Every format is written from the same records (`records.records`), deterministically and atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator import output_paths
from annotator.atomic import write_text_atomic
from annotator.formats import native
from annotator.formats.records import records
from annotator.output_paths import file_name
from annotator.store import Store


@dataclass(frozen=True)
class Format:
    """One export format: how its text is made from records, and the default file name ending."""

    name: str
    suffix: str
    describe: str
    render: Callable[[list[dict], Store], Iterable[str]] | None  # None: writes a folder, not a file


def _jsonl_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """Our JSON lines."""
    return native.jsonl_lines(items)


def _yaml_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """The YAML document as one chunk."""
    yield native.yaml_text(items)


def _w3c_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """The W3C Web Annotation collection as one chunk."""
    from annotator.formats import w3c

    yield w3c.w3c_text(items, store)


def _fever_chunks(items: list[dict], store: Store) -> Iterator[str]:
    """FEVER-style JSON lines."""
    from annotator.formats import fever

    return fever.fever_lines(items)


FORMATS = {
    "jsonl": Format("jsonl", ".jsonl", "one record per line: sources, claims with links (our own, importable)", _jsonl_chunks),
    "yaml": Format("yaml", ".yaml", "the same records grouped by source, for people (our own, importable)", _yaml_chunks),
    "w3c": Format("w3c", ".jsonld", "W3C Web Annotation JSON-LD: claims and linking annotations", _w3c_chunks),
    "fever": Format("fever", ".fever.jsonl", "FEVER-style JSONL: claim, label, evidence sets", _fever_chunks),
    "brat": Format("brat", "-brat", "brat standoff folder: .txt + .ann per source, annotation.conf", None),
}


def default_export_path(folder: Path, database: Path, fmt: str, annotator: str | None) -> Path:
    """`exports/<database stem>[.<annotator>]<suffix>`, so exports of different databases never collide.

    The annotator name comes from data, so it is escaped into a file name (never a path).
    """
    who = f".{file_name(annotator)}" if annotator else ""
    return folder / f"{file_name(Path(database).stem)}{who}{FORMATS[fmt].suffix}"


def snapshot_records(store: Store, annotator: str | None = None) -> list[dict]:
    """All records read in one transaction: a consistent snapshot while the app goes on writing."""
    store.db.execute("BEGIN")
    try:
        return list(records(store, annotator))
    finally:
        store.db.execute("COMMIT")


def export_chunks(store: Store, fmt: str, annotator: str | None = None) -> Iterable[str]:
    """The text of a file format's export (not brat, which is a folder)."""
    return FORMATS[fmt].render(snapshot_records(store, annotator), store)


def write_export(store: Store, fmt: str, target: Path, annotator: str | None = None, force: bool = False) -> int:
    """Write an export atomically to `target` (a folder for brat); return how many claims it holds.

    The target is checked first (`output_paths`): never the database or its companion files, never
    a folder an export did not make unless `force`; what killed exports left beside it is cleared.
    """
    if fmt == "brat":
        target = output_paths.folder_target(target, store.path, force)
    else:
        target = output_paths.file_target(target, store.path)
    output_paths.clean_leftovers(target)
    items = snapshot_records(store, annotator)
    if fmt == "brat":
        from annotator.formats import brat

        brat.write_brat(items, target, store)
    else:
        write_text_atomic(target, FORMATS[fmt].render(items, store))
    return sum(1 for item in items if item["record"] == "claim")
