"""Label Studio and doccano import files: claims as spans, links as relations, so a team can move work there and back.

Both tools relate spans of one document only, and our links cross articles, so an export is one
document holding every source version the annotator's claims and evidence are in, one after another
(separated by a blank line), with `annotator_sources` saying where each starts and ends; `annotator
import` reads that table to put every span back on its sentence. Spans: a claim (its span, else its
sentence) is labelled `Claim`; an evidence sentence that is not itself a claim is labelled `Evidence`;
each link is a relation from the claim to its evidence, typed by its relation. The claim type and
verdict ride along: in Label Studio as per-region choices (`type`, `verdict`), in doccano in the label
(`Claim:<type>:<verdict>`, an empty part for none). Normalised text, notes, evidence-set numbers,
timestamps, boilerplate and decisions do not travel.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from annotator.store import Store

SEPARATOR = "\n\n"
CLAIM, EVIDENCE = "Claim", "Evidence"


@dataclass
class Region:
    """A span of the combined document."""

    id: int
    start: int
    end: int
    text: str
    label: str
    claim_type: str | None = None
    verdict: str | None = None


@dataclass
class Document:
    """The combined text of the sources, their places in it, and the spans and relations on it."""

    text: str
    sources: list[dict]
    regions: list[Region] = field(default_factory=list)
    relations: list[tuple[int, int, str]] = field(default_factory=list)


def build_document(items: list[dict], store: Store) -> Document | None:
    """The one document of an export, or None when there are no claims."""
    claims = [record for record in items if record["record"] == "claim"]
    if not claims:
        return None
    versions = sorted({_version_of(claim["sentence"]) for claim in claims}
                      | {_version_of(link["evidence"]) for claim in claims for link in claim["links"]})
    texts, sources, offset = [], [], 0
    for source_id, version in versions:
        text = store.db.execute("SELECT text FROM source_versions WHERE source_id = ? AND version = ?", [source_id, version]).fetchone()[0]
        sources.append({"source_id": source_id, "version": version, "start": offset, "end": offset + len(text)})
        texts.append(text)
        offset += len(text) + len(SEPARATOR)
    document = Document(SEPARATOR.join(texts), sources)
    starts = {(place["source_id"], place["version"]): place["start"] for place in sources}
    by_range: dict[tuple[int, int], Region] = {}
    for claim in claims:
        region = _region(document, by_range, starts, claim["sentence"], claim["span"], CLAIM)
        region.label, region.claim_type, region.verdict = CLAIM, claim["claim_type"], claim["verdict"]
    for claim in claims:
        claim_region = by_range[_range(starts, claim["sentence"], claim["span"])]
        for link in claim["links"]:
            evidence = _region(document, by_range, starts, link["evidence"], None, EVIDENCE)
            document.relations.append((claim_region.id, evidence.id, link["relation"]))
    return document


def _version_of(sentence: dict) -> tuple[str, int]:
    """The source version a sentence reference is in."""
    return sentence["source_id"], sentence["version"]


def _range(starts: dict, sentence: dict, span: dict | None) -> tuple[int, int]:
    """Where a sentence (or the span inside it) lies in the combined text."""
    base = starts[_version_of(sentence)]
    chosen = span or sentence
    return base + chosen["start"], base + chosen["end"]


def _region(document: Document, by_range: dict, starts: dict, sentence: dict, span: dict | None, label: str) -> Region:
    """The region on that range, made the first time it is asked for."""
    start, end = _range(starts, sentence, span)
    if (start, end) not in by_range:
        region = Region(len(by_range), start, end, document.text[start:end], label)
        by_range[(start, end)] = region
        document.regions.append(region)
    return by_range[(start, end)]


def label_studio_text(items: list[dict], store: Store) -> str:
    """A Label Studio tasks file: a JSON list holding one task with the annotator's annotation."""
    document = build_document(items, store)
    if document is None:
        return "[]\n"
    annotator = items[0]["annotator"]
    results = []
    for region in document.regions:
        value = {"start": region.start, "end": region.end, "text": region.text}
        results.append(_ls_result(region.id, "label", "labels", {**value, "labels": [region.label]}))
        for name, choice in (("type", region.claim_type), ("verdict", region.verdict)):
            if choice is not None:
                results.append(_ls_result(region.id, name, "choices", {**value, "choices": [choice]}))
    results += [
        {"from_id": f"r{source}", "to_id": f"r{target}", "type": "relation", "direction": "right", "labels": [relation]}
        for source, target, relation in document.relations
    ]
    task = {
        "data": {"text": document.text, "annotator_sources": document.sources},
        "annotations": [{"result": results, "meta": {"annotator": annotator}}],
    }
    return json.dumps([task], ensure_ascii=False, indent=1) + "\n"


def _ls_result(region_id: int, name: str, kind: str, value: dict) -> dict:
    """One Label Studio result on a text region (labels and per-region choices share the region id)."""
    return {"id": f"r{region_id}", "from_name": name, "to_name": "text", "type": kind, "value": value}


def doccano_lines(items: list[dict], store: Store) -> Iterator[str]:
    """A doccano sequence-labelling-with-relations JSONL file: one line for the one document."""
    document = build_document(items, store)
    if document is None:
        return
    entities = [
        {"id": region.id, "label": doccano_label(region), "start_offset": region.start, "end_offset": region.end}
        for region in document.regions
    ]
    relations = [
        {"id": number, "from_id": source, "to_id": target, "type": relation}
        for number, (source, target, relation) in enumerate(document.relations)
    ]
    # doccano keeps the fields it does not know as the example's metadata: `annotator` says whose labels these are
    line = {"text": document.text, "entities": entities, "relations": relations, "annotator_sources": document.sources,
            "annotator": items[0]["annotator"]}
    yield json.dumps(line, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"


def doccano_label(region: Region) -> str:
    """`Claim`, `Claim:<type>`, `Claim:<type>:<verdict>` (an empty type when only the verdict is set), or `Evidence`."""
    if region.label != CLAIM or (region.claim_type is None and region.verdict is None):
        return region.label
    if region.verdict is None:
        return f"{CLAIM}:{region.claim_type}"
    return f"{CLAIM}:{region.claim_type or ''}:{region.verdict}"


def label_studio_config(labels) -> str:
    """A Label Studio labeling config for these files, from the label set."""
    def choices(name: str, values) -> str:
        options = "".join(f'<Choice value="{escape(value)}"/>' for value, _ in values)
        return f'  <Choices name="{name}" toName="text" perRegion="true" choice="single">{options}</Choices>\n'

    relations = "".join(f'<Relation value="{escape(value)}"/>' for value, _ in labels.relations)
    return (
        "<View>\n"
        f'  <Labels name="label" toName="text"><Label value="{CLAIM}"/><Label value="{EVIDENCE}"/></Labels>\n'
        '  <Text name="text" value="$text"/>\n'
        f"  <Relations>{relations}</Relations>\n"
        + choices("type", labels.claim_types) + choices("verdict", labels.verdicts)
        + "</View>\n"
    )
