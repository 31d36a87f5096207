"""FEVER-style JSONL: one line per claim with a label and evidence sets, as FEVER-trained tools read them.

FEVER (https://fever.ai/dataset/fever.html) gives each claim `id`, `label` (SUPPORTS, REFUTES,
NOT ENOUGH INFO), `claim` and `evidence`: a list of evidence sets, each a list of
[annotation id, evidence id, page, sentence id]. Here the page is the evidence's source id and the
sentence id its index. The label comes from the verdict when there is one (supported -> SUPPORTS,
refuted -> REFUTES, mixed or unverified -> NOT ENOUGH INFO); without a verdict, from the links
(only corroborating -> SUPPORTS, only conflicting -> REFUTES, else NOT ENOUGH INFO). Evidence sets
are the links that back the label: links sharing an evidence-set number form one set, every other
link is a set of its own. Fields FEVER does not have ride along with an `annotator_` prefix.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

SUPPORTS, REFUTES, NEI = "SUPPORTS", "REFUTES", "NOT ENOUGH INFO"
VERDICT_LABELS = {"supported": SUPPORTS, "refuted": REFUTES}
LABEL_RELATION = {SUPPORTS: "corroborates", REFUTES: "conflicts"}


def fever_lines(items: list[dict]) -> Iterator[str]:
    """One FEVER line per claim, numbered in export order from 1."""
    claims = [record for record in items if record["record"] == "claim"]
    for number, record in enumerate(claims, start=1):
        yield json.dumps(fever_record(number, record), ensure_ascii=False) + "\n"


def fever_label(record: dict) -> str:
    """The FEVER label of a claim: from its verdict, else from its links."""
    if record["verdict"] is not None:
        return VERDICT_LABELS.get(record["verdict"], NEI)
    relations = {link["relation"] for link in record["links"]} & {"corroborates", "conflicts"}
    if relations == {"corroborates"}:
        return SUPPORTS
    if relations == {"conflicts"}:
        return REFUTES
    return NEI


def fever_record(number: int, record: dict) -> dict:
    """A claim as a FEVER record, with our provenance in prefixed fields."""
    label = fever_label(record)
    sentence = record["sentence"]
    return {
        "id": number,
        "label": label,
        "claim": record["normalized"] or (record["span"] or sentence)["text"],
        "evidence": _evidence_sets(number, record, label),
        "annotator_claim_id": record["id"],
        "annotator_source": sentence["source_id"],
        "annotator_sentence": sentence["index"],
        "annotator_claim_type": record["claim_type"],
        "annotator_verdict": record["verdict"],
    }


def _evidence_sets(number: int, record: dict, label: str) -> list[list[list]]:
    """FEVER evidence: sets of [annotation id, evidence id, page, sentence] for the label's relation."""
    if label == NEI:
        return [[[number, None, None, None]]]
    links = [link for link in record["links"] if link["relation"] == LABEL_RELATION[label]]
    if not links:  # a verdict with no links of its kind: nothing to point at
        return [[[number, None, None, None]]]
    grouped: dict[object, list] = {}
    for position, link in enumerate(links):
        key = ("set", link["evidence_set"]) if link["evidence_set"] is not None else ("link", position)
        evidence = link["evidence"]
        grouped.setdefault(key, []).append([number, position, evidence["source_id"], evidence["index"]])
    return list(grouped.values())
