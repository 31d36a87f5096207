"""Finding an import's sentences in the database (older versions carried onto the current one), records made rows."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from annotator.errors import quoted
from annotator.formats.reader import PlacedRecord
from annotator.names import lookalike_of
from annotator.reanchor import place_sentences
from annotator.store import Store


@dataclass
class _Claim:
    """A claim from a file with its sentences found in the database."""

    placed: PlacedRecord
    annotator: str
    sentence_id: int
    fields: dict
    links: list[dict]  # rows ready for the links table, minus claim_id and annotator
    negatives: list[dict]  # passed-over suggestions: sentence_id, rank, shown_at


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
            twin = lookalike_of(source_id, self.current_versions) if not source_id.isascii() else None
            hint = (f" (source {quoted(twin)}, code points {ascii(twin)}, is: the same id in another Unicode form, "
                    f"NFC vs NFD; give the file the database's spelling)") if twin else "; ingest it first"
            raise placed.error(f"{what} is in source {quoted(source_id)}, which is not in the database{hint}")
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
