"""The export model: annotations as plain records, the one shape every format is written from.

A `header` record opens our own files (the annotators and sources covered, who marked what done). A
`source` record carries a source's metadata, whether the annotator marked it done (then every sentence
of it without a claim is a negative: read, and not a claim) and their boilerplate; a `claim` record carries one claim with its sentence, fields, timestamps, links (each with its evidence
sentence: source id, version, index, offsets, text), the suggestions the annotator saw and passed over (hard
negatives, when any) and, for `gold`, the decisions behind it. Each
record is self-contained: it can be re-anchored without the database. Records come out in one stable
order (annotator, source id, then source record before its claims by version and index) so the same
data always gives the same bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from annotator.errors import InputError, quoted
from annotator.json_lines import refuse_deep
from annotator.safe_yaml import MAX_DEPTH
from annotator.store import Store

SCHEMA_ID = "annotator-export/1"
GOLD = "gold"
SOURCE_FIELDS = ("id", "version", "sha256", "title", "outlet", "url", "published", "retrieved", "language", "extra")


def export_annotators(store: Store, annotator: str | None = None) -> list[str]:
    """The annotators an export covers: the one named, else everyone with annotations or done marks, by name."""
    if annotator is not None:
        return [annotator]
    rows = store.db.execute(
        "SELECT annotator FROM claims UNION SELECT annotator FROM boilerplate UNION SELECT annotator FROM sources_done ORDER BY 1"
    )
    return [row[0] for row in rows]


def records(store: Store, annotator: str | None = None) -> Iterator[dict]:
    """Every record of one annotator (or all), in the stable export order."""
    for name in export_annotators(store, annotator):
        yield from _annotator_records(store, name)


def _annotator_records(store: Store, annotator: str) -> Iterator[dict]:
    """One annotator's source and claim records, by source."""
    claims = _claims_by_source(store, annotator)
    links = _links_by_claim(store, annotator)
    negatives = _negatives_by_claim(store, annotator)
    boilerplate = _boilerplate_by_source(store, annotator)
    decisions = _decisions_by_sentence(store) if annotator == GOLD else {}
    undecided = _decisions_without_claim(store, decisions, claims)
    done = _done_sources(store, annotator)
    evidence_sources = {link["evidence"]["source_id"] for claim_links in links.values() for link in claim_links}
    source_ids = sorted(set(claims) | set(boilerplate) | evidence_sources | set(undecided) | done)
    metadata = source_metadata(store, source_ids)
    for source_id in source_ids:
        yield {
            "schema": SCHEMA_ID,
            "record": "source",
            "annotator": annotator,
            "source": metadata[source_id],
            "done": source_id in done,
            "boilerplate": boilerplate.get(source_id, []),
        }
        for claim in claims.get(source_id, []):
            yield _claim_record(annotator, claim, links.get(claim["id"], []), decisions, negatives.get(claim["id"], []))
        for sentence, sentence_decisions in undecided.get(source_id, []):
            yield {
                "schema": SCHEMA_ID,
                "record": "decision",
                "annotator": annotator,
                "sentence": sentence,
                "decisions": sentence_decisions,
            }


def header_record(items: list[dict]) -> dict:
    """The first record of our own exports: the annotators and sources it covers, and the sources each marked done.

    Made from the records alone (no clock, no host), so the same data still gives the same bytes.
    """
    sources = [item for item in items if item["record"] == "source"]
    annotators = sorted({item["annotator"] for item in items})
    done = {name: sorted(item["source"]["id"] for item in sources if item["annotator"] == name and item.get("done"))
            for name in annotators}
    return {"schema": SCHEMA_ID, "record": "header", "annotators": annotators,
            "sources": sorted({item["source"]["id"] for item in sources}), "done": done}


def _done_sources(store: Store, annotator: str) -> set[str]:
    """The sources an annotator marked done (their sentences without a claim are the export's negatives)."""
    return {row[0] for row in store.db.execute("SELECT source_id FROM sources_done WHERE annotator = ?", [annotator])}


def _claim_record(annotator: str, row: dict, links: list[dict], decisions: dict, negatives: list[dict]) -> dict:
    """One claim as an export record; `negatives` (the suggestions passed over) only when there are some."""
    sentence = _sentence_of(tuple(row[name] for name in _CLAIM_SENTENCE))
    span = _span(row)
    record = {
        "schema": SCHEMA_ID,
        "record": "claim",
        "id": claim_record_id(annotator, sentence, span),
        "annotator": annotator,
        "sentence": sentence,
        "span": span,
        "claim_type": row["claim_type"],
        "normalized": row["normalized"],
        "verdict": row["verdict"],
        "note": row["note"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "links": links,
    }
    if annotator == GOLD:
        record["decisions"] = decisions.get(row["sentence_id"], [])
    if negatives:
        record["negatives"] = negatives
    return record


def claim_record_id(annotator: str, sentence: dict, span: dict | None) -> str:
    """annotator:source_id:version:index, and :start-end (source offsets) for a span: stable, one per claim."""
    base = f"{annotator}:{sentence['source_id']}:{sentence['version']}:{sentence['index']}"
    return f"{base}:{span['start']}-{span['end']}" if span else base


def _decisions_without_claim(store: Store, decisions: dict, claims: dict) -> dict[str, list[tuple[dict, list]]]:
    """Decisions about sentences that are not gold claims (say, "not a claim"), by source, in reading order."""
    claimed = {row["sentence_id"] for rows in claims.values() for row in rows}
    grouped = defaultdict(list)
    for sentence_id in set(decisions) - claimed:
        sentence = _sentence_ref(store, sentence_id)
        grouped[sentence["source_id"]].append((sentence, decisions[sentence_id]))
    for entries in grouped.values():
        entries.sort(key=lambda entry: (entry[0]["version"], entry[0]["index"]))
    return grouped


def _sentence_of(values: tuple) -> dict:
    """A sentence reference from (source_id, version, idx, start, end, text) in that order."""
    source_id, version, index, start, end, text = values
    return {"source_id": source_id, "version": version, "index": index, "start": start, "end": end, "text": text}


def _span(row: dict) -> dict | None:
    """The narrower claim span inside the sentence, in source offsets, when the annotator set one."""
    if row["span_start"] is None or row["span_end"] is None:
        return None
    offset = row["span_start"] - row["start"]
    return {"start": row["span_start"], "end": row["span_end"], "text": row["text"][offset : row["span_end"] - row["start"]]}


_SENTENCE_SQL = 't.source_id, t.version, t.idx, t.start, t."end", t.text'
_CLAIM_COLUMNS = ("id", "sentence_id", "span_start", "span_end", "claim_type", "normalized", "verdict", "note", "created_at", "updated_at")
_CLAIM_SENTENCE = ("source_id", "version", "idx", "start", "end", "text")


def _claims_by_source(store: Store, annotator: str) -> dict[str, list[dict]]:
    """An annotator's claims with their sentences, grouped by source, by version and index.

    Plain tuples from the cursor, not sqlite-utils' dict rows: at 100,000 claims that halves the time.
    """
    grouped = defaultdict(list)
    columns = _CLAIM_COLUMNS + _CLAIM_SENTENCE
    rows = store.db.execute(
        f"SELECT {', '.join('c.' + name for name in _CLAIM_COLUMNS)}, {_SENTENCE_SQL} FROM claims c "
        "JOIN sentences t ON t.id = c.sentence_id WHERE c.annotator = ? "
        "ORDER BY t.source_id, t.version, t.idx, c.span_start IS NOT NULL, c.span_start, c.span_end, c.id",
        [annotator],
    )
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        grouped[row["source_id"]].append(row)
    return grouped


def _links_by_claim(store: Store, annotator: str) -> dict[int, list[dict]]:
    """The links of an annotator's claims with their evidence sentences, by claim id, in a stable order."""
    grouped = defaultdict(list)
    rows = store.db.execute(
        f"SELECT l.claim_id, l.relation, l.evidence_set, l.note, l.created_at, l.updated_at, {_SENTENCE_SQL} "
        "FROM links l JOIN claims c ON c.id = l.claim_id JOIN sentences t ON t.id = l.evidence_sentence_id "
        "WHERE c.annotator = ? ORDER BY l.claim_id, t.source_id, t.version, t.idx",
        [annotator],
    )
    for claim_id, relation, evidence_set, note, created_at, updated_at, *sentence in rows:
        grouped[claim_id].append(
            {
                "relation": relation,
                "evidence": _sentence_of(sentence),
                "evidence_set": evidence_set,
                "note": note,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
    return grouped


def _negatives_by_claim(store: Store, annotator: str) -> dict[int, list[dict]]:
    """The suggestions shown for an annotator's claims and not linked (hard negatives), by claim id, by rank.

    A sentence the claim links to since, or one of the claim's own source, is not a negative.
    """
    grouped = defaultdict(list)
    rows = store.db.execute(
        f"SELECT p.claim_id, p.rank, p.shown_at, {_SENTENCE_SQL} FROM passed_suggestions p "
        "JOIN claims c ON c.id = p.claim_id JOIN sentences t ON t.id = p.sentence_id "
        "JOIN sentences cs ON cs.id = c.sentence_id "
        "WHERE c.annotator = ? AND t.source_id != cs.source_id "
        "AND NOT EXISTS (SELECT 1 FROM links l WHERE l.claim_id = p.claim_id AND l.evidence_sentence_id = p.sentence_id) "
        "ORDER BY p.claim_id, p.rank, t.source_id, t.version, t.idx",
        [annotator],
    )
    for claim_id, rank, shown_at, *sentence in rows:
        grouped[claim_id].append({"evidence": _sentence_of(sentence), "rank": rank, "shown_at": shown_at})
    return grouped


def _boilerplate_by_source(store: Store, annotator: str) -> dict[str, list[dict]]:
    """An annotator's boilerplate sentences, grouped by source, by version and index."""
    grouped = defaultdict(list)
    rows = store.db.execute(
        f"SELECT b.created_at, {_SENTENCE_SQL} FROM boilerplate b "
        "JOIN sentences t ON t.id = b.sentence_id WHERE b.annotator = ? ORDER BY t.source_id, t.version, t.idx",
        [annotator],
    )
    for created_at, *sentence in rows:
        grouped[sentence[0]].append({**_sentence_of(sentence), "created_at": created_at})
    return grouped


def source_metadata(store: Store, source_ids: list[str]) -> dict[str, dict]:
    """Metadata of the current version of each source, `extra` parsed, in field order (one query)."""
    wanted = set(source_ids)
    rows = store.db.execute(
        "SELECT s.id, s.version, v.sha256, s.title, s.outlet, s.url, s.published, s.retrieved, s.language, s.extra "
        "FROM sources s JOIN source_versions v ON v.source_id = s.id AND v.version = s.version"
    )
    metadata = {}
    for row in rows:
        if row[0] in wanted:
            values = dict(zip(SOURCE_FIELDS, row, strict=True))
            values["extra"] = stored_extra(store, row[0], values["extra"])
            metadata[row[0]] = values
    return metadata


def stored_extra(store: Store, source_id: str, text: str | None) -> dict:
    """A source's stored extra metadata, or one InputError naming the database and source when no export could carry it.

    Databases written before ingest checked nesting may hold metadata past 32 levels: orjson cannot
    write it past 255, and import would refuse the file, so the export is refused, not half-written.
    """
    try:
        value = json.loads(text or "{}")
    except (ValueError, RecursionError):
        value = None
    if not isinstance(value, dict):
        raise InputError(f"source {quoted(source_id)} has stored metadata that is not a JSON object; "
                         "re-ingest the article to export it", store.path)
    try:
        refuse_deep(value, store.path, None)
    except InputError:
        raise InputError(f"source {quoted(source_id)} has metadata nested deeper than {MAX_DEPTH} levels "
                         "(stored before ingest checked that); re-ingest the article with flatter metadata "
                         "to export it", store.path) from None
    return value


def _decisions_by_sentence(store: Store) -> dict[int, list[dict]]:
    """Adjudication decisions by claim sentence id: about the claim (`sentence:ID`) or one link (`link:ID:EVIDENCE`)."""
    grouped = defaultdict(list)
    rows = store.db.query("SELECT * FROM decisions ORDER BY decided_at, id")
    for row in rows:
        kind, _, rest = row["subject"].partition(":")
        if kind not in ("sentence", "link"):
            continue
        claim_part, _, evidence_part = rest.partition(":")
        decision = {"about": "claim" if kind == "sentence" else "link"}
        if kind == "link":
            decision["evidence"] = _sentence_ref(store, int(evidence_part))
        decision |= {
            "decided_by": row["decided_by"],
            "decided_at": row["decided_at"],
            "reason": row["reason"],
            "payload": _sorted_json(row["payload"]),
        }
        grouped[int(claim_part)].append(decision)
    return grouped


def _sentence_ref(store: Store, sentence_id: int) -> dict:
    """A sentence reference by database id."""
    row = store.db.execute('SELECT source_id, version, idx, start, "end", text FROM sentences WHERE id = ?', [sentence_id]).fetchone()
    return _sentence_of(row)


def _sorted_json(text: str | None) -> dict:
    """A JSON object with its keys sorted at every level, so the same payload always gives the same bytes."""
    return json.loads(json.dumps(json.loads(text or "{}"), sort_keys=True))
