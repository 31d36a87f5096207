"""Pairing an import's claims with the database's (conflicts counted), then writing the plan through the one writer."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from annotator import journal
from annotator.annotation_bulk import NewClaim
from annotator.annotation_writer import AnnotationWriter
from annotator.formats.import_resolver import _Claim, _place
from annotator.journal import RowChange
from annotator.store import Store

if TYPE_CHECKING:
    from annotator.formats.importer import ImportReport


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
