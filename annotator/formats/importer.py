"""Import exports back into a database: find each sentence, report conflicts, then write in one transaction.

Sentences are found by source id + offsets + text (the current version first, then older ones), so
a file is importable when it is all you have. Nothing is ever overwritten silently: a claim the
database already has with different content is a conflict, and conflicts abort the import unless
the user says to keep the existing annotations or replace them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.annotation_writer import AnnotationWriter, refuse_controls
from annotator.errors import InputError, quoted
from annotator.formats.foreign import Dropped
from annotator.formats.foreign_readers import file_records
from annotator.formats.import_plan import _merge_negatives, _plan, _write
from annotator.formats.import_resolver import _Claim, _resolve, _SentenceResolver
from annotator.formats.reader import PlacedRecord
from annotator.labels import LabelSet, default_labels
from annotator.names import ANNOTATOR_NAME, lookalike_problem, normalised
from annotator.store import Store
from annotator.timestamps import time_problem

ON_CONFLICT = ("abort", "keep", "replace")


@dataclass
class ImportReport:
    """What an import did, counted."""

    claims_added: int = 0
    claims_unchanged: int = 0
    claims_replaced: int = 0
    claims_kept: int = 0
    links_added: int = 0
    boilerplate_added: int = 0
    decisions_added: int = 0
    done_added: int = 0
    negatives_added: int = 0  # passed-over suggestions merged into claims already there
    annotators: set = field(default_factory=set)
    conflicts: list = field(default_factory=list)
    dropped: Dropped = field(default_factory=Dropped)

    def summary(self) -> str:
        """One line for people."""
        parts = [f"{self.claims_added} claim(s) added", f"{self.links_added} link(s)", f"{self.boilerplate_added} boilerplate flag(s)"]
        parts += [f"{count} {what}" for count, what in (
            (self.decisions_added, "decision(s)"),
            (self.done_added, "done mark(s)"),
            (self.negatives_added, "passed-over suggestion(s) added to claims already there"),
            (self.claims_unchanged, "already there"),
            (self.claims_replaced, "replaced"),
            (self.claims_kept, "conflicting kept as they were"),
        ) if count]
        if self.dropped.summary():
            parts.append(self.dropped.summary())
        return ", ".join(parts)


class ImportConflicts(InputError):
    """The file disagrees with annotations already in the database; nothing was written."""

    def __init__(self, conflicts: list[str]):
        shown = "; ".join(conflicts[:3]) + (f"; and {len(conflicts) - 3} more" if len(conflicts) > 3 else "")
        super().__init__(
            f"{len(conflicts)} claim(s) differ from the ones in the database ({shown}); nothing was imported. "
            "Use --on-conflict keep or --on-conflict replace to choose."
        )
        self.conflicts = conflicts



def import_files(store: Store, paths: list[Path], on_conflict: str = "abort", labels: LabelSet | None = None,
                 annotator: str | None = None, phase: Callable[[str, str], None] | None = None) -> ImportReport:
    """Read, validate and resolve every file, then write everything in one transaction (or nothing).

    Claim types, verdicts and relations must be ids of `labels` (the packaged set by default). Our own
    exports carry their annotator; W3C, Label Studio, doccano and other brat files are filed under `annotator`.
    `phase(name, count)` hears what is being done (reading each file, resolving, writing) for a progress display.
    """
    if on_conflict not in ON_CONFLICT:
        raise ValueError(f"on_conflict must be one of {ON_CONFLICT}")
    phase = phase or (lambda name, count="": None)
    labels = labels or default_labels()
    dropped = Dropped()
    placed = []
    for number, path in enumerate(paths, start=1):
        phase(f"Reading {path}", f"file {number} of {len(paths)}")
        placed += file_records(store, Path(path), annotator, labels, dropped)
    _stored_spellings(store, placed)
    _check_labels(placed, labels)
    _check_times(placed)
    _check_lookalike_annotators(store, placed)
    _check_texts(placed)
    phase("Finding sentences", f"{len(placed)} records")
    resolver = _SentenceResolver(store)
    claims, boilerplate, decisions = _resolve(placed, resolver)
    done = _done_marks(placed, resolver)
    report = ImportReport(annotators={claim.annotator for claim in claims} | {who for who, _, _ in boilerplate} | {who for who, _ in done},
                          dropped=dropped)
    unchanged: list[tuple[_Claim, int]] = []
    with store.db.atomic():  # planned under the write lock: another window's claim made meanwhile is seen, not collided with
        plan = _plan(store, claims, report, unchanged)
        if report.conflicts and on_conflict == "abort":
            raise ImportConflicts(report.conflicts)
        phase("Writing", f"{len(plan)} claims")
        writer = AnnotationWriter(store, labels)
        _write(writer, plan, boilerplate, decisions, on_conflict, report)
        report.negatives_added = _merge_negatives(writer, unchanged)
        report.done_added = sum(len(writer.set_source_done(who, source_id, True)) for who, source_id in done)
    return report


def _done_marks(placed: list[PlacedRecord], resolver: _SentenceResolver) -> list[tuple[str, str]]:
    """(annotator, source id) of every source a file says its annotator marked done; the source must be in the database."""
    marks = {}
    for item in placed:
        record = item.record
        if record["record"] == "source" and record.get("done"):
            source_id = record["source"]["id"]
            if source_id not in resolver.current_versions:
                raise item.error(f"marks source {quoted(source_id)} done, which is not in the database; ingest it first")
            marks[(record["annotator"], source_id)] = None
    return list(marks)


def _stored_spellings(store: Store, placed: list[PlacedRecord]) -> None:
    """Give every source id a file names in the other Unicode form (a brat folder from macOS: NFD) the database's spelling."""
    known = {row[0] for row in store.db.execute("SELECT id FROM sources")}
    for item in placed:
        pending = [item.record]
        while pending:
            node = pending.pop()
            if isinstance(node, list):
                pending += node
            elif isinstance(node, dict):
                for key, value in node.items():
                    if key == "source_id" and isinstance(value, str) and value not in known:
                        node[key] = store.stored_source_id(value)
                    elif isinstance(value, dict | list):
                        pending.append(value)
        source = item.record.get("source")
        if item.record["record"] == "source" and isinstance(source, dict) and source.get("id") not in known:
            source["id"] = store.stored_source_id(source["id"])


def _check_lookalike_annotators(store: Store, placed: list[PlacedRecord]) -> None:
    """Refuse an annotator (or decider) who is a known one, or one earlier in the files, in other Unicode code points."""
    known = {normalised(name): name for (name,) in store.db.execute("SELECT name FROM annotators")}
    for item in placed:
        record = item.record
        names = [record.get("annotator")] + [decision.get("decided_by") for decision in record.get("decisions", [])]
        for name in filter(None, names):
            key = normalised(name)
            problem = lookalike_problem(name, known.get(key), ANNOTATOR_NAME)
            if problem:
                raise item.error(problem)
            known[key] = name


def _check_texts(placed: list[PlacedRecord]) -> None:
    """Refuse a note, normalised text or decision reason holding a terminal control character, naming the record."""
    for item in placed:
        record = item.record
        entries = [("the claim", record)] + [("a link", link) for link in record.get("links", [])] if record["record"] == "claim" else []
        entries += [("a decision", decision) for decision in record.get("decisions", [])]
        for holder, entry in entries:
            try:
                refuse_controls({name: entry.get(name) for name in ("normalized", "note", "reason")})
            except InputError as problem:
                raise item.error(problem.message.replace("the ", f"{holder}'s ", 1)) from None


def _check_labels(placed: list[PlacedRecord], labels: LabelSet) -> None:
    """Refuse a claim type, verdict or link relation the label set does not have, naming the record."""
    vocabularies = {
        "claim type": {label for label, _ in labels.claim_types},
        "verdict": {label for label, _ in labels.verdicts},
        "relation": {label for label, _ in labels.relations},
    }
    for item in placed:
        record = item.record
        if record["record"] != "claim":
            continue
        values = [("claim type", record["claim_type"]), ("verdict", record["verdict"])]
        values += [("relation", link["relation"]) for link in record["links"]]
        for what, value in values:
            if value is not None and value not in vocabularies[what]:
                known = ", ".join(sorted(vocabularies[what]))
                holder = "a link" if what == "relation" else "the claim"
                raise item.error(f"{holder} has {what} {quoted(value)}, which the label set does not have (expected one of {known})")


def _check_times(placed: list[PlacedRecord]) -> None:
    """Refuse an impossible time (month 13, hour 25) or a claim or link updated before it was created, naming the record."""
    for item in placed:
        record = item.record
        entries = [("a boilerplate sentence", sentence) for sentence in record.get("boilerplate", [])]
        if record["record"] == "claim":
            entries += [("the claim", record)] + [("a link", link) for link in record["links"]]
        entries += [("a decision", {"decided_at": decision["decided_at"]}) for decision in record.get("decisions", [])]
        entries += [("a passed-over suggestion", negative) for negative in record.get("negatives", [])]
        for holder, entry in entries:
            fields = {name: entry.get(name) for name in ("created_at", "updated_at", "decided_at", "shown_at") if name in entry}
            problem = time_problem(holder, fields)
            if problem:
                raise item.error(problem)
