"""Import from Label Studio, doccano and W3C Web Annotation: spans become claims on the sentences they lie in, relations links.

A document is placed on the database's texts by its `annotator_sources` table (our own exports), else
by its whole text being a stored source version (same sha256). A span is a claim when its label is
`Claim` (`Claim:<type>:<verdict>` sets both), a claim type of the label set, or the start of a
relation; Label Studio's per-region `type` / `verdict` choices set them too. A relation whose two ends
lie on stored sentences of different sources is a link. Nothing is dropped silently: every span or
relation that cannot be placed is counted under its reason and reported.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from annotator.annotation_rules import MAX_EVIDENCE_SET
from annotator.errors import InputError, cut
from annotator.formats.reader import PlacedRecord
from annotator.formats.records import SCHEMA_ID, claim_record_id
from annotator.labels import LabelSet
from annotator.schemas import validation_problem
from annotator.store import Sentence, Store, utc_now
from annotator.terminal_text import readable

RELATION_DIRECTIONS = {"right": False, "bi": False, "left": True}  # True: the relation reads to -> from


def evidence_set_number(digits: str) -> int | None:
    """The evidence set ASCII digits name, when it is one we can store (1 to MAX_EVIDENCE_SET); None otherwise.

    Checked by length first: int() of thousands of digits is refused by Python itself.
    """
    if not (digits.isascii() and digits.isdigit()) or len(digits.lstrip("0")) > len(str(MAX_EVIDENCE_SET)):
        return None
    number = int(digits)
    return number if 1 <= number <= MAX_EVIDENCE_SET else None


@dataclass
class Span:
    """A labelled span of a foreign document."""

    start: int
    end: int
    label: str
    claim_type: str | None = None
    verdict: str | None = None
    normalized: str | None = None
    note: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


@dataclass
class ForeignDocument:
    """A document from another tool, in one shape for every tool."""

    text: str
    where: str  # "task 3", "line 7"
    line: int | None
    sources: list | None
    spans: dict = field(default_factory=dict)  # span id -> Span
    relations: list = field(default_factory=list)  # (from id, to id, type)
    link_fields: dict = field(default_factory=dict)  # relation position -> {"evidence_set", "note", times} where the tool has them
    boilerplate: list = field(default_factory=list)  # spans marking boilerplate sentences


@dataclass
class Dropped:
    """What an import could not place, counted by reason."""

    spans: Counter = field(default_factory=Counter)
    links: Counter = field(default_factory=Counter)
    folders: Counter = field(default_factory=Counter)  # brat folders passed over, by reason (first name in it)

    def by_kind(self) -> tuple[tuple[str, Counter], ...]:
        """(kind, counts by reason) for each kind of thing an import can pass over."""
        return (("link", self.links), ("span", self.spans), ("folder", self.folders))

    def summary(self) -> str:
        """One clause per kind, reasons with counts; empty when nothing was dropped."""
        parts = []
        for kind, counts in self.by_kind():
            if counts:
                reasons = "; ".join(f"{count} {reason}" for reason, count in sorted(counts.items()))
                parts.append(f"{sum(counts.values())} {kind}(s) not imported ({reasons})")
        return ", ".join(parts)


def claim_records(store: Store, documents: list[ForeignDocument], annotator: str, path: str, labels: LabelSet, dropped: Dropped) -> list[PlacedRecord]:
    """Our claim records for the spans and relations of foreign documents, placed on stored sentences."""
    placed, unread_labels = [], []
    for document in documents:
        placer = _Placer(store, document)
        records = _boilerplate_records(store, placer, document, annotator, dropped)
        records += _document_claims(placer, document, annotator, labels, dropped, unread_labels)
        for record in records:
            problem = validation_problem("export-record", record)
            assert problem is None, problem  # built here: a failure is our bug, not the file's
            placed.append(PlacedRecord(record, path, document.line, None if document.line else document.where))
    if unread_labels:
        dropped.spans[_unread_reason(unread_labels)] += len(unread_labels)
    return placed


def _unread_reason(labels: list[str]) -> str:
    """Why spans of types we have no use for are not imported, naming the first type met (and how many others)."""
    others = len(set(labels)) - 1
    named = cut(readable(labels[0]), 40) + (f" and {others} other type(s)" if others else "")
    return f"span(s) of a type that is neither Claim, a claim type nor a link's end ({named})"


class _Placer:
    """Maps offsets of a foreign document onto stored sentences."""

    def __init__(self, store: Store, document: ForeignDocument):
        self.store = store
        self.segments: list[tuple[int, int, str, int]] = []  # doc start, doc end, source id, version
        self.sentences: dict[tuple[str, int], list[Sentence]] = {}
        for start, end, source_id, version in _claimed_segments(document):
            stored = store.db.execute(
                "SELECT text FROM source_versions WHERE source_id = ? AND version = ?", [source_id, version]
            ).fetchone()
            if stored is not None and readable(stored[0]) == document.text[start:end]:  # brat shows old controls as stand-ins
                self.segments.append((start, end, source_id, version))
        if not self.segments and document.sources is None:
            digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
            row = store.db.execute("SELECT source_id, version FROM source_versions WHERE sha256 = ? ORDER BY version DESC", [digest]).fetchone()
            if row is not None:
                self.segments.append((0, len(document.text), row[0], row[1]))

    def place(self, span: Span, text: str) -> tuple[Sentence, int, int] | str:
        """The stored sentence holding the span and the span's offsets in its source, or why there is none."""
        start, end = span.start, span.end
        if not 0 <= start <= end <= len(text):
            return "outside the document's text"
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        segment = next((s for s in self.segments if s[0] <= start and end <= s[1]), None)
        if segment is None or start >= end:
            return "on text that is not a stored source" if start < end else "empty"
        base, _, source_id, version = segment
        sentences = self._sentences(source_id, version)
        position = bisect.bisect_right([sentence.start for sentence in sentences], start - base) - 1
        sentence = sentences[position] if position >= 0 else None
        if sentence is None or end - base > sentence.end:
            return "crossing a sentence boundary"
        return sentence, start - base, end - base

    def _sentences(self, source_id: str, version: int) -> list[Sentence]:
        """The sentences of one source version, loaded once."""
        if (source_id, version) not in self.sentences:
            self.sentences[(source_id, version)] = self.store.sentences(source_id, version)
        return self.sentences[(source_id, version)]


def _claimed_segments(document: ForeignDocument) -> list[tuple[int, int, str, int]]:
    """The segments the document's own sources table claims, when it has a well-formed one."""
    segments = []
    for entry in document.sources or []:
        try:
            start, end, source_id, version = int(entry["start"]), int(entry["end"]), str(entry["source_id"]), int(entry["version"])
        except (KeyError, TypeError, ValueError):
            raise InputError(f"{document.where}: annotator_sources entries need source_id, version, start and end", None) from None
        segments.append((start, end, source_id, version))
    return segments


def _document_claims(placer: _Placer, document: ForeignDocument, annotator: str, labels: LabelSet, dropped: Dropped,
                     unread_labels: list[str]) -> list[dict]:
    """The claim records of one document; the labels of placed spans that are neither a claim nor a link's end go to `unread_labels`."""
    starts = {source for source, _, _ in document.relations}
    ends = {target for _, target, _ in document.relations}
    claims: dict[tuple[int, int, int], dict] = {}  # (sentence id, start, end) -> record
    claim_of_span: dict[object, tuple[int, int, int]] = {}
    places: dict[object, tuple[Sentence, int, int]] = {}
    for span_id, span in sorted(document.spans.items(), key=lambda item: (item[1].start, item[1].end)):
        placed = placer.place(span, document.text)
        if isinstance(placed, str):
            dropped.spans[f"span(s) {placed}"] += 1
            continue
        places[span_id] = placed
        if not _is_claim(span, span_id in starts, labels):
            if span_id not in ends:
                unread_labels.append(span.label)
            continue
        sentence, start, end = placed
        key = (sentence.id, start, end)
        if key in claims:
            dropped.spans["claim span(s) repeating another on the same words (their relations kept on the first)"] += 1
        else:
            claims[key] = _claim_record(annotator, sentence, start, end, span, labels, dropped)
        claim_of_span[span_id] = key
    for position, (source, target, relation) in enumerate(document.relations):
        extra = document.link_fields.get(position, {})
        reason = _link(claims, claim_of_span, places, (source, target, relation), extra, labels)
        if reason:
            dropped.links[reason] += 1
    return [claims[key] for key in sorted(claims, key=lambda key: (claims[key]["sentence"]["source_id"],
                                                                    claims[key]["sentence"]["index"],
                                                                    claims[key]["span"] is not None, key[1], key[2]))]


def _boilerplate_records(store: Store, placer: _Placer, document: ForeignDocument, annotator: str, dropped: Dropped) -> list[dict]:
    """Source records carrying the sentences a document marks as boilerplate."""
    from annotator.formats.records import source_metadata

    by_source: dict[str, list[dict]] = {}
    for span in document.boilerplate:
        placed = placer.place(span, document.text)
        if isinstance(placed, str):
            dropped.spans[f"boilerplate mark(s) {placed}"] += 1
            continue
        sentence = placed[0]
        by_source.setdefault(sentence.source_id, []).append({**_reference(sentence), "created_at": span.created_at or utc_now()})
    metadata = source_metadata(store, sorted(by_source))
    return [{"schema": SCHEMA_ID, "record": "source", "annotator": annotator, "source": metadata[source_id],
             "boilerplate": by_source[source_id]} for source_id in sorted(by_source)]


def _is_claim(span: Span, starts_a_relation: bool, labels: LabelSet) -> bool:
    """Whether a span is a claim: by its label, or because a relation starts at it."""
    head = span.label.split(":", 1)[0].strip().lower()
    return head == "claim" or head in {value for value, _ in labels.claim_types} or starts_a_relation


def _claim_record(annotator: str, sentence: Sentence, start: int, end: int, span: Span, labels: LabelSet, dropped: Dropped) -> dict:
    """A claim record on a stored sentence."""
    claim_type, verdict = _type_and_verdict(span, labels, dropped)
    now = utc_now()
    created, updated = span.created_at or now, span.updated_at or span.created_at or now
    narrower = (start, end) != (sentence.start, sentence.end)
    quoted = {"start": start, "end": end, "text": sentence.text[start - sentence.start : end - sentence.start]} if narrower else None
    return {
        "schema": SCHEMA_ID, "record": "claim", "id": claim_record_id(annotator, _reference(sentence), quoted),
        "annotator": annotator, "sentence": _reference(sentence), "span": quoted,
        "claim_type": claim_type, "normalized": span.normalized, "verdict": verdict, "note": span.note,
        "created_at": created, "updated_at": updated, "links": [],
    }


def _type_and_verdict(span: Span, labels: LabelSet, dropped: Dropped) -> tuple[str | None, str | None]:
    """The claim type and verdict a span carries (label parts, else per-region choices), unknown ones counted."""
    parts = [part.strip() or None for part in span.label.split(":")]
    types, verdicts = {value for value, _ in labels.claim_types}, {value for value, _ in labels.verdicts}
    if parts[0] and parts[0].lower() in types:
        parts = ["claim", parts[0].lower(), *parts[1:]]
    claim_type = span.claim_type or (parts[1] if len(parts) > 1 else None)
    verdict = span.verdict or (parts[2] if len(parts) > 2 else None)
    if claim_type is not None and claim_type not in types:
        dropped.spans[f"claim type(s) not in the label set, left unset ({claim_type})"] += 1
        claim_type = None
    if verdict is not None and verdict not in verdicts:
        dropped.spans[f"verdict(s) not in the label set, left unset ({verdict})"] += 1
        verdict = None
    return claim_type, verdict


def _link(claims: dict, claim_of_span: dict, places: dict, relation_triple: tuple, extra: dict, labels: LabelSet) -> str | None:
    """Add one relation to its claim as a link; the reason when it cannot be one."""
    source, target, relation = relation_triple
    relations = {value for value, _ in labels.relations}
    if str(relation).lower() not in relations:
        return f"with a relation type that is not one of ours ({relation})"
    if source not in claim_of_span or target not in places:
        return "with an end not on a stored sentence"
    claim = claims[claim_of_span[source]]
    evidence = places[target][0]
    if evidence.source_id == claim["sentence"]["source_id"]:
        return "inside one source (evidence must come from another)"
    if any(link["evidence"]["source_id"] == evidence.source_id and link["evidence"]["index"] == evidence.index
           and link["evidence"]["version"] == evidence.version for link in claim["links"]):
        return "repeating a link of the same claim"
    now = utc_now()
    created = extra.get("created_at") or now
    claim["links"].append({"relation": str(relation).lower(), "evidence": _reference(evidence), "evidence_set": extra.get("evidence_set"),
                           "note": extra.get("note"), "created_at": created, "updated_at": extra.get("updated_at") or created})
    return None


def _reference(sentence: Sentence) -> dict:
    """A sentence reference as export records hold it."""
    return {"source_id": sentence.source_id, "version": sentence.version, "index": sentence.index,
            "start": sentence.start, "end": sentence.end, "text": sentence.text}
