"""Import exports back into a database: find each sentence, report conflicts, then write in one transaction.

Sentences are found by source id + offsets + text (the current version first, then older ones), so
a file is importable when it is all you have. Nothing is ever overwritten silently: a claim the
database already has with different content is a conflict, and conflicts abort the import unless
the user says to keep the existing annotations or replace them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator import journal
from annotator.annotation_writer import AnnotationWriter, NewClaim
from annotator.errors import InputError
from annotator.formats.foreign import Dropped
from annotator.formats.foreign_readers import file_records
from annotator.formats.reader import PlacedRecord
from annotator.journal import RowChange
from annotator.labels import LabelSet, default_labels
from annotator.reanchor import place_sentences
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
        if self.decisions_added:
            parts.append(f"{self.decisions_added} decision(s)")
        if self.done_added:
            parts.append(f"{self.done_added} done mark(s)")
        if self.negatives_added:
            parts.append(f"{self.negatives_added} passed-over suggestion(s) added to claims already there")
        if self.claims_unchanged:
            parts.append(f"{self.claims_unchanged} already there")
        if self.claims_replaced:
            parts.append(f"{self.claims_replaced} replaced")
        if self.claims_kept:
            parts.append(f"{self.claims_kept} conflicting kept as they were")
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


@dataclass
class _Claim:
    """A claim from a file with its sentences found in the database."""

    placed: PlacedRecord
    annotator: str
    sentence_id: int
    fields: dict
    links: list[dict]  # rows ready for the links table, minus claim_id and annotator
    negatives: list[dict]  # passed-over suggestions: sentence_id, rank, shown_at


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
    _check_labels(placed, labels)
    _check_times(placed)
    phase("Finding sentences", f"{len(placed)} records")
    resolver = _SentenceResolver(store)
    claims, boilerplate, decisions = _resolve(placed, resolver)
    done = _done_marks(placed, resolver)
    report = ImportReport(annotators={claim.annotator for claim in claims} | {who for who, _, _ in boilerplate} | {who for who, _ in done},
                          dropped=dropped)
    unchanged: list[tuple[_Claim, int]] = []
    plan = _plan(store, claims, report, unchanged)
    if report.conflicts and on_conflict == "abort":
        raise ImportConflicts(report.conflicts)
    phase("Writing", f"{len(plan)} claims")
    with store.db.atomic():
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
                raise item.error(f"marks source {source_id!r} done, which is not in the database; ingest it first")
            marks[(record["annotator"], source_id)] = None
    return list(marks)


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
                raise item.error(f"{holder} has {what} {value!r}, which the label set does not have (expected one of {known})")


def _check_times(placed: list[PlacedRecord]) -> None:
    """Refuse an impossible time (month 13, hour 25) or a claim or link updated before it was created, naming the record."""
    for item in placed:
        record = item.record
        entries = [("a boilerplate sentence", sentence) for sentence in record.get("boilerplate", [])]
        if record["record"] == "claim":
            entries += [("the claim", record)] + [("a link", link) for link in record["links"]]
        entries += [("a decision", {"decided_at": decision["decided_at"]}) for decision in record.get("decisions", [])]
        for holder, entry in entries:
            fields = {name: entry.get(name) for name in ("created_at", "updated_at", "decided_at") if name in entry}
            problem = time_problem(holder, fields)
            if problem:
                raise item.error(problem)


class _SentenceResolver:
    """Finds stored sentences by source id, offsets and text, one query per source.

    A reference to a sentence of an older version (a file exported before the article was
    corrected) is carried onto the current version the way ingest re-anchors annotations, so
    importing it again finds what is already there instead of adding a duplicate to the old text.
    """

    def __init__(self, store: Store):
        self.store = store
        self.by_source: dict[str, dict[tuple[int, int], list[tuple[int, int, str]]]] = {}
        self.current_versions = dict(store.db.execute("SELECT id, version FROM sources").fetchall())
        self.placements: dict[tuple[str, int], dict] = {}
        self.sentences: dict[int, tuple[int, str]] = {}  # id -> (start, text) of every sentence found

    def find(self, sentence: dict, placed: PlacedRecord, what: str) -> int:
        """The id of the stored sentence a reference names, or an error saying what does not match."""
        source_id = sentence["source_id"]
        index = self.by_source.get(source_id)
        if index is None:
            index = self._load(source_id, placed, what)
        current = self.current_versions[source_id]
        candidates = index.get((sentence["start"], sentence["end"]), ())
        for version, sentence_id, text in candidates:
            if text == sentence["text"] and version == current:
                return sentence_id  # the common case: the current version
        matching = [(version, sentence_id) for version, sentence_id, text in candidates if text == sentence["text"]]
        if not matching:
            raise placed.error(
                f"{what} {source_id}:{sentence['index']} (offsets {sentence['start']}-{sentence['end']}) "
                f"does not match the text of source {source_id!r} in the database"
            )
        version, sentence_id = max(matching)  # an older version: the latest that holds this sentence
        placement = self._placements(source_id, version).get(sentence_id)
        return placement.sentence.id if placement is not None else sentence_id

    def start_and_text(self, sentence_id: int) -> tuple[int, str]:
        """Where a found sentence starts in its version's text, and its text."""
        return self.sentences[sentence_id]

    def _placements(self, source_id: str, version: int) -> dict:
        """Where each sentence of an old version lives in the current one (re-anchoring's own alignment)."""
        key = (source_id, version)
        if key not in self.placements:
            old = self.store.sentences(source_id, version)
            new = self.store.sentences(source_id, self.current_versions[source_id])
            self.placements[key] = place_sentences(old, new)
        return self.placements[key]

    def _load(self, source_id: str, placed: PlacedRecord, what: str) -> dict:
        """Every sentence of every version of one source, by offsets."""
        if source_id not in self.current_versions:
            raise placed.error(f"{what} is in source {source_id!r}, which is not in the database; ingest it first")
        index = defaultdict(list)
        rows = self.store.db.execute('SELECT id, version, start, "end", text FROM sentences WHERE source_id = ?', [source_id])
        for sentence_id, version, start, end, text in rows:
            index[(start, end)].append((version, sentence_id, text))
            self.sentences[sentence_id] = (start, text)
        self.by_source[source_id] = index
        return index


def _resolve(placed: list[PlacedRecord], resolver: _SentenceResolver):
    """Turn records into rows with database ids; any reference that cannot be found is an error."""
    claims, boilerplate, decisions = [], [], []
    seen: dict[tuple[str, int], PlacedRecord] = {}
    for item in placed:
        record = item.record
        if record["record"] == "header":  # made from the records that follow; nothing of its own to import
            continue
        if record["record"] == "source":
            for sentence in record["boilerplate"]:
                sentence_id = resolver.find(sentence, item, "a boilerplate sentence")
                boilerplate.append((record["annotator"], sentence_id, sentence["created_at"]))
            continue
        sentence_id = resolver.find(record["sentence"], item, "the claim" if record["record"] == "claim" else "the sentence")
        decisions += _decision_rows(record.get("decisions", []), sentence_id, item, resolver)
        if record["record"] == "decision":
            continue
        span = record["span"]
        key = (record["annotator"], sentence_id, *((span["start"], span["end"]) if span else (None, None)))
        if key in seen:
            raise item.error(f"repeats the claim of {record['annotator']} on the same sentence and span ({_place(seen[key])})")
        seen[key] = item
        claims.append(_claim(record, sentence_id, item, resolver))
    return claims, boilerplate, decisions


def _claim(record: dict, sentence_id: int, item: PlacedRecord, resolver: _SentenceResolver) -> _Claim:
    """A claim record with its span checked and its evidence sentences found."""
    span = record["span"]
    sentence = record["sentence"]
    if span is not None:
        inside = sentence["start"] <= span["start"] <= span["end"] <= sentence["end"]
        offset = span["start"] - sentence["start"]
        if not inside or sentence["text"][offset : offset + span["end"] - span["start"]] != span["text"]:
            raise item.error("the claim span does not lie inside its sentence with the text it quotes")
    links = []
    for link in record["links"]:
        if link["evidence"]["source_id"] == sentence["source_id"]:
            raise item.error("a link's evidence is in the claim's own source; evidence must come from another source")
        evidence_id = resolver.find(link["evidence"], item, "the evidence")
        row = {key: link[key] for key in ("relation", "evidence_set", "note", "created_at", "updated_at")}
        if isinstance(row["evidence_set"], float):  # JSON's 7.0 is the whole number 7 (the schema checked it is whole)
            row["evidence_set"] = int(row["evidence_set"])
        links.append({"evidence_sentence_id": evidence_id, **row})
    if len({link["evidence_sentence_id"] for link in links}) != len(links):
        raise item.error("links the same evidence sentence twice")
    span_start, span_end = _placed_span(span, sentence, sentence_id, resolver)
    fields = {
        "span_start": span_start,
        "span_end": span_end,
        **{key: record[key] for key in ("claim_type", "normalized", "verdict", "note", "created_at", "updated_at")},
    }
    return _Claim(item, record["annotator"], sentence_id, fields, links, _negatives(record, item, resolver))


def _negatives(record: dict, item: PlacedRecord, resolver: _SentenceResolver) -> list[dict]:
    """A claim record's passed-over suggestions with their sentences found; each evidence sentence once, from another source."""
    negatives = []
    for negative in record.get("negatives", []):
        if negative["evidence"]["source_id"] == record["sentence"]["source_id"]:
            raise item.error("a passed-over suggestion is in the claim's own source; suggestions come from other sources")
        negatives.append({"sentence_id": resolver.find(negative["evidence"], item, "a passed-over suggestion"),
                          "rank": negative["rank"], "shown_at": negative["shown_at"]})
    if len({negative["sentence_id"] for negative in negatives}) != len(negatives):
        raise item.error("lists the same passed-over suggestion twice")
    return negatives


def _placed_span(span: dict | None, sentence: dict, sentence_id: int, resolver: _SentenceResolver) -> tuple[int | None, int | None]:
    """The span's offsets in the sentence it was resolved to (moved with it when re-anchored)."""
    if span is None:
        return None, None
    start, text = resolver.start_and_text(sentence_id)
    offset = span["start"] - sentence["start"]
    if text[offset : offset + len(span["text"])] == span["text"]:
        return start + offset, start + offset + len(span["text"])
    found = text.find(span["text"])
    if found < 0:  # a corrected sentence that no longer holds the quoted span: keep the file's offsets
        return span["start"], span["end"]
    return start + found, start + found + len(span["text"])


def _decision_rows(decisions: list[dict], sentence_id: int, item: PlacedRecord, resolver: _SentenceResolver) -> list[dict]:
    """Decisions table rows for a record's decisions, subjects in the adjudication's terms."""
    rows = []
    for decision in decisions:
        subject = f"sentence:{sentence_id}"
        if decision["about"] == "link":
            subject = f"link:{sentence_id}:{resolver.find(decision['evidence'], item, 'a decision evidence')}"
        rows.append(
            {
                "subject": subject,
                "decided_by": decision["decided_by"],
                "decided_at": decision["decided_at"],
                "reason": decision["reason"],
                "payload": json.dumps(decision["payload"], ensure_ascii=False, sort_keys=True),
            }
        )
    return rows


def _place(item: PlacedRecord) -> str:
    """Where a record is, for a message."""
    return f"{item.path}, line {item.line}" if item.line else f"{item.path}: {item.where}"


_COMPARED = ("span_start", "span_end", "claim_type", "normalized", "verdict", "note")


def _plan(store: Store, claims: list[_Claim], report: ImportReport, unchanged: list) -> list[tuple[_Claim, int | None]]:
    """Pair each claim with the database's claim on that sentence (if any); count and list conflicts.

    Claims already there as the file has them go to `unchanged` with their stored id (their negatives may be new).
    """
    existing = _existing_claims(store, {claim.annotator for claim in claims})
    plan = []
    for claim in claims:
        row = existing.get((claim.annotator, claim.sentence_id, claim.fields["span_start"], claim.fields["span_end"]))
        if row is None:
            plan.append((claim, None))
            continue
        existing_id, *values = row
        same_fields = dict(zip(_COMPARED, values, strict=True)) == {key: claim.fields[key] for key in _COMPARED}
        same_links = _stored_links(store, existing_id) == {_link_key(link) for link in claim.links}
        if same_fields and same_links:
            report.claims_unchanged += 1
            unchanged.append((claim, existing_id))
            continue
        report.conflicts.append(f"{claim.annotator}'s claim at {_sentence_name(claim)} ({_place(claim.placed)})")
        plan.append((claim, existing_id))
    return plan


def _existing_claims(store: Store, annotators: set[str]) -> dict[tuple, tuple]:
    """The stored claims of the file's annotators by (annotator, sentence id, span start, span end), in one query."""
    if not annotators:
        return {}
    rows = store.db.execute(
        f"SELECT annotator, sentence_id, id, {', '.join(_COMPARED)} FROM claims "
        f"WHERE annotator IN ({', '.join('?' * len(annotators))})",
        sorted(annotators),
    )
    return {(annotator, sentence_id, rest[1], rest[2]): rest for annotator, sentence_id, *rest in rows}


def _sentence_name(claim: _Claim) -> str:
    """source:index of a claim's sentence, as the file says it."""
    sentence = claim.placed.record["sentence"]
    return f"{sentence['source_id']}:{sentence['index']}"


def _link_key(link: dict) -> tuple:
    """What makes two links the same annotation."""
    return (link["evidence_sentence_id"], link["relation"], link["evidence_set"], link["note"])


def _stored_links(store: Store, claim_id: int) -> set[tuple]:
    """The link keys of a stored claim."""
    rows = store.db.execute(
        "SELECT evidence_sentence_id, relation, evidence_set, note FROM links WHERE claim_id = ?", [claim_id]
    )
    return {tuple(row) for row in rows}


def _write(writer: AnnotationWriter, plan, boilerplate, decisions, on_conflict: str, report: ImportReport) -> None:
    """Apply the plan inside the caller's transaction, through the one writer."""
    store = writer.store
    fresh, replacing = [], []
    for claim, existing_id in plan:
        if existing_id is None:
            fresh.append(claim)
        elif on_conflict == "keep":
            report.claims_kept += 1
        else:
            replacing.append((claim, existing_id))
    writer.insert_claims([_new_claim(claim) for claim in fresh])
    report.claims_added += len(fresh)
    report.links_added += sum(len(claim.links) for claim in fresh)
    report.links_added += _replace_claims(store, writer, replacing)
    report.claims_replaced += len(replacing)
    report.boilerplate_added += writer.insert_boilerplate(boilerplate)
    for row in decisions:
        if not _decision_exists(store, row):
            writer.add_decision(row["subject"], row["decided_by"], row["payload"], row["reason"], row["decided_at"])
            report.decisions_added += 1


def _merge_negatives(writer: AnnotationWriter, unchanged: list[tuple[_Claim, int]]) -> int:
    """Add a file's passed-over suggestions to the stored claims it repeats unchanged; return how many were new."""
    added = 0
    for claim, claim_id in unchanged:
        by_time: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for negative in claim.negatives:
            by_time[negative["shown_at"]].append((negative["sentence_id"], negative["rank"]))
        added += sum(writer.record_passed_over(claim.annotator, claim_id, shown, shown_at) for shown_at, shown in by_time.items())
    return added


def _new_claim(claim: _Claim) -> NewClaim:
    """The writer's form of a claim from a file."""
    fields = {key: claim.fields[key] for key in ("claim_type", "normalized", "verdict", "note", "created_at", "updated_at")}
    return NewClaim(claim.annotator, claim.sentence_id, claim.fields["span_start"], claim.fields["span_end"], fields, claim.links,
                    claim.negatives)


def _replace_claims(store: Store, writer: AnnotationWriter, replacing: list[tuple[_Claim, int]]) -> int:
    """Swap stored claims for the file's, journaled per annotator so `u` in the app brings the old ones back."""
    by_annotator: dict[str, list[RowChange]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for claim, existing_id in replacing:
        counts[claim.annotator] += 1
        changes = by_annotator[claim.annotator]
        changes += writer.remove_claim(existing_id)
        (claim_id,) = writer.insert_claims([_new_claim(claim)])
        changes.append(RowChange("claims", (claim_id,), None, journal.read_row(store, "claims", (claim_id,))))
        for (link_id,) in store.db.execute("SELECT id FROM links WHERE claim_id = ? ORDER BY id", [claim_id]).fetchall():
            changes.append(RowChange("links", (link_id,), None, journal.read_row(store, "links", (link_id,))))
    for annotator, changes in by_annotator.items():
        journal.append(store, annotator, "do", f"import: replace {counts[annotator]} claim(s)", changes)
    return sum(len(claim.links) for claim, _ in replacing)


def _decision_exists(store: Store, row: dict) -> bool:
    """Whether the same decision is already recorded (importing a gold file twice adds nothing)."""
    return (
        store.db.execute(
            "SELECT 1 FROM decisions WHERE subject = :subject AND decided_by = :decided_by AND decided_at = :decided_at "
            "AND reason IS :reason AND payload = :payload",
            row,
        ).fetchone()
        is not None
    )
