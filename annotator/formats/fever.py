"""FEVER JSONL for training and scoring: claims with labels and evidence sets, and the pages they point into.

FEVER (https://fever.ai/dataset/fever.html) gives each claim `id`, `verifiable` (VERIFIABLE, NOT
VERIFIABLE), `label` (SUPPORTS, REFUTES, NOT ENOUGH INFO), `claim` and `evidence`: a list of evidence
sets, each a list of [annotation id, evidence id, page, line]. Here:

- `id` is stable: a 53-bit number from the claim sentence's identity (source id, version, index),
  so adding or removing other claims renumbers nothing, and one annotator's file lines up with another's.
- The page is `<source id>:v<version>` and the line the sentence index; `fever_pages` writes that
  corpus in FEVER's wiki-pages shape (`id`, `text`, `lines` = "0\\tsentence\\n1\\t…"), every source's
  current version plus any older version a claim or link still points into.
- The label comes from the verdict when there is one (supported -> SUPPORTS, refuted -> REFUTES,
  mixed or unverified -> NOT ENOUGH INFO), else from the links (only corroborating -> SUPPORTS, only
  conflicting -> REFUTES, else NOT ENOUGH INFO). A SUPPORTS or REFUTES with no link of its relation
  (corroborates, conflicts) becomes NOT ENOUGH INFO: FEVER never has a verdict without evidence.
- Evidence sets are the links that back the label: links sharing an evidence-set number form one set,
  every other link is a set of its own. Fields FEVER does not have ride along with an `annotator_` prefix.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator

from annotator.store import Store

SUPPORTS, REFUTES, NEI = "SUPPORTS", "REFUTES", "NOT ENOUGH INFO"
VERIFIABLE, NOT_VERIFIABLE = "VERIFIABLE", "NOT VERIFIABLE"
VERDICT_LABELS = {"supported": SUPPORTS, "refuted": REFUTES}
LABEL_RELATION = {SUPPORTS: "corroborates", REFUTES: "conflicts"}
_LINE_UNSAFE = re.compile(r"[\t\r\n\x0b\x0c\x85\u2028\u2029]+")  # FEVER's lines field splits on \n and \t


def json_line(value: dict) -> str:
    """One JSON line, UTF-8 kept readable, with the characters some readers split lines on escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085") + "\n"


def stable_id(*parts: object) -> int:
    """A 53-bit number from the parts (exact in every JSON reader, JavaScript's included)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 11


def page_id(source_id: str, version: int) -> str:
    """The FEVER page of a source version (source ids never hold ':')."""
    return f"{source_id}:v{version}"


def claim_id(sentence: dict, span: dict | None = None) -> int:
    """A claim's FEVER id, from its sentence's identity (and its span's offsets: a sentence may hold several claims)."""
    whole = ("claim", sentence["source_id"], sentence["version"], sentence["index"])
    return stable_id(*whole, span["start"], span["end"]) if span else stable_id(*whole)


def fever_lines(items: list[dict]) -> Iterator[str]:
    """One FEVER line per claim, in export order."""
    for record in items:
        if record["record"] == "claim":
            yield json_line(fever_record(record))


def fever_label(record: dict) -> str:
    """The FEVER label of a claim: from its verdict, else from its links; never a verdict without evidence."""
    if record["verdict"] is not None:
        label = VERDICT_LABELS.get(record["verdict"], NEI)
    else:
        relations = {link["relation"] for link in record["links"]} & {"corroborates", "conflicts"}
        label = {frozenset({"corroborates"}): SUPPORTS, frozenset({"conflicts"}): REFUTES}.get(frozenset(relations), NEI)
    if label != NEI and not any(link["relation"] == LABEL_RELATION[label] for link in record["links"]):
        return NEI
    return label


def fever_record(record: dict) -> dict:
    """A claim as a FEVER record, with our provenance in prefixed fields."""
    label = fever_label(record)
    sentence = record["sentence"]
    number = claim_id(sentence, record["span"])
    return {
        "id": number,
        "verifiable": NOT_VERIFIABLE if label == NEI else VERIFIABLE,
        "label": label,
        "claim": record["normalized"] or (record["span"] or sentence)["text"],
        "evidence": _evidence_sets(number, record, label),
        "annotator_claim_id": record["id"],
        "annotator": record["annotator"],
        "annotator_page": page_id(sentence["source_id"], sentence["version"]),
        "annotator_line": sentence["index"],
        "annotator_claim_type": record["claim_type"],
        "annotator_verdict": record["verdict"],
    }


def _evidence_sets(number: int, record: dict, label: str) -> list[list[list]]:
    """FEVER evidence: sets of [annotation id, evidence id, page, line] for the label's relation."""
    if label == NEI:
        return [[[number, None, None, None]]]
    grouped: dict[object, list] = {}
    for link in record["links"]:
        if link["relation"] != LABEL_RELATION[label]:
            continue
        evidence = link["evidence"]
        page = page_id(evidence["source_id"], evidence["version"])
        key = ("set", link["evidence_set"]) if link["evidence_set"] is not None else ("line", page, evidence["index"])
        grouped.setdefault(key, []).append([number, stable_id(number, *key), page, evidence["index"]])
    return list(grouped.values())


def line_text(text: str) -> str:
    """A sentence as one field of FEVER's lines: tabs and line breaks inside it become one space."""
    return _LINE_UNSAFE.sub(" ", text)


def fever_pages(store: Store) -> Iterator[str]:
    """The evidence corpus as FEVER wiki-pages lines: one per source version, by page id."""
    store.db.execute("BEGIN")
    try:
        wanted = _page_versions(store)
        pages: dict[tuple[str, int], list[str]] = {key: [] for key in wanted}
        rows = store.db.execute("SELECT source_id, version, idx, text FROM sentences ORDER BY source_id, version, idx")
        for source_id, version, index, text in rows:
            if (source_id, version) in pages:
                pages[(source_id, version)].append(f"{index}\t{line_text(text)}")
    finally:
        store.db.execute("COMMIT")
    for (source_id, version), lines in sorted(pages.items()):
        texts = [line.partition("\t")[2] for line in lines]
        page = {"id": page_id(source_id, version), "text": " ".join(texts), "lines": "\n".join(lines)}
        yield json_line(page)


def _page_versions(store: Store) -> set[tuple[str, int]]:
    """Every source's current version, and every older one a claim or an evidence link points into."""
    rows = store.db.execute(
        "SELECT id, version FROM sources "
        "UNION SELECT t.source_id, t.version FROM claims c JOIN sentences t ON t.id = c.sentence_id "
        "UNION SELECT t.source_id, t.version FROM links l JOIN sentences t ON t.id = l.evidence_sentence_id"
    )
    return {(source_id, version) for source_id, version in rows}
