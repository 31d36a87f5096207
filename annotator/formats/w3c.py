"""W3C Web Annotation Data Model (JSON-LD) export: an AnnotationCollection of claims, links and boilerplate.

The pattern, using only terms of the standard context (http://www.w3.org/ns/anno.jsonld) so nothing
is lost when a JSON-LD processor expands the document:

- A **claim** is an Annotation with motivation `classifying` whose target is the claim sentence: a
  SpecificResource with a TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (code
  points into the stored text). Its `source` is the article's URL when it has one (so clients that
  anchor on the page, such as Hypothesis, find it by quote), with the stable
  `urn:annotator:source:<id>:v<version>` as its `scope`; without a URL the urn is the `source`. Its
  bodies are TextualBodies told apart by purpose: `classifying` = claim type, `assessing` = verdict
  (the Recommendation's purpose for an assessment), `describing` = the normalised claim, `commenting` = the note.
- A **link** is an Annotation with motivation `linking`: its target is the claim annotation (by id),
  its bodies are the evidence sentence (a SpecificResource with purpose `linking`) and the relation,
  explicitly, as a TextualBody with purpose `classifying` (`corroborates`, `conflicts`, `related`);
  an evidence set number is a TextualBody with purpose `tagging` and value `evidence-set:<n>`.
- **Boilerplate** is an Annotation with motivation `tagging` and the body `boilerplate`.

`w3c_text` writes one AnnotationCollection; `w3c_lines` writes the same annotations one per line,
each with its own `@context`, so any line can be posted to an annotation server on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from annotator.formats import native
from annotator.store import Store
from annotator.web_address import is_web_address

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32  # characters of prefix and suffix, enough to tell repeated quotes apart


def annotations(items: list[dict], store: Store) -> list[dict]:
    """Every annotation of the records, in export order: boilerplate of a source, then its claims each with its links."""
    texts = _SourceTexts(store, {record["source"]["id"]: record["source"]["url"] for record in items if record["record"] == "source"})
    made = []
    for record in items:
        if record["record"] == "source":
            made += [_boilerplate(record["annotator"], sentence, texts) for sentence in record["boilerplate"]]
        elif record["record"] == "claim":
            made.append(_claim(record, texts))
            made += _links(record, texts)
    return made


def w3c_lines(items: list[dict], store: Store) -> Iterator[str]:
    """One standalone Annotation per line, each with its own `@context` (compact JSON, as our JSONL)."""
    return native.jsonl_lines({"@context": CONTEXT, **annotation} for annotation in annotations(items, store))


def w3c_text(items: list[dict], store: Store) -> str:
    """The whole collection as JSON-LD text (pretty-printed, keys in a fixed order, one trailing newline)."""
    made = annotations(items, store)
    collection = {
        "@context": CONTEXT,
        "id": "urn:annotator:export",
        "type": "AnnotationCollection",
        "label": "annotator export: claims, evidence links and boilerplate",
        "total": len(made),
        "first": {"id": "urn:annotator:export:page:0", "type": "AnnotationPage", "startIndex": 0, "items": made},
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


class _SourceTexts:
    """Full texts of source versions, loaded once each, for quote prefixes and suffixes; and the sources' URLs."""

    def __init__(self, store: Store, urls: dict[str, str | None]):
        self.store = store
        self.urls = urls
        self.texts: dict[tuple[str, int], str] = {}

    def get(self, source_id: str, version: int) -> str:
        """The text of one source version."""
        key = (source_id, version)
        if key not in self.texts:
            row = self.store.db.execute(
                "SELECT text FROM source_versions WHERE source_id = ? AND version = ?", [source_id, version]
            ).fetchone()
            self.texts[key] = row[0] if row else ""
        return self.texts[key]


def source_iri(source_id: str, version: int) -> str:
    """The IRI a source version is known by in the export."""
    return f"urn:annotator:source:{source_id}:v{version}"


def _target(sentence: dict, texts: _SourceTexts, span: dict | None = None) -> dict:
    """A SpecificResource selecting a sentence (or a span of it) by quote and by position."""
    start, end, exact = (span["start"], span["end"], span["text"]) if span else (sentence["start"], sentence["end"], sentence["text"])
    text = texts.get(sentence["source_id"], sentence["version"])
    stable = source_iri(sentence["source_id"], sentence["version"])
    url = texts.urls.get(sentence["source_id"])
    place = {"source": url, "scope": stable} if is_web_address(url) else {"source": stable}  # an older db's `javascript:` is no target
    return {
        "type": "SpecificResource",
        **place,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": exact,
                "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
                "suffix": text[end : end + QUOTE_CONTEXT],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def _creator(annotator: str) -> dict:
    """The annotator as the annotation's creator."""
    return {"id": f"urn:annotator:annotator:{annotator}", "type": "Person", "name": annotator}


def _textual(purpose: str, value: str) -> dict:
    """A TextualBody with a purpose."""
    return {"type": "TextualBody", "purpose": purpose, "value": value}


def _claim(record: dict, texts: _SourceTexts) -> dict:
    """A claim annotation."""
    bodies = [
        _textual(purpose, record[field])
        for purpose, field in (("classifying", "claim_type"), ("assessing", "verdict"), ("describing", "normalized"), ("commenting", "note"))
        if record[field] is not None
    ]
    annotation = {
        "id": f"urn:annotator:claim:{record['id']}",
        "type": "Annotation",
        "motivation": "classifying",
        "creator": _creator(record["annotator"]),
        "created": record["created_at"],
        "modified": record["updated_at"],
        "target": _target(record["sentence"], texts, record["span"]),
    }
    if bodies:
        annotation["body"] = bodies[0] if len(bodies) == 1 else bodies  # a lone body is not wrapped, as compacted JSON-LD has it
    return annotation


def _links(record: dict, texts: _SourceTexts) -> list[dict]:
    """A claim's linking annotations: one per lone link, and one per evidence set with a body for each of its sentences."""
    made, sets = [], {}
    for number, link in enumerate(record["links"]):
        if link["evidence_set"] is None:
            made.append(_link(record, [link], f"link:{number}", texts))
        else:
            sets.setdefault(link["evidence_set"], []).append(link)
    return [_link(record, links, f"set:{number}", texts) for number, links in sorted(sets.items())] + made


def _link(record: dict, links: list[dict], name: str, texts: _SourceTexts) -> dict:
    """A linking annotation from a claim to its evidence (one sentence, or a set's together), the relation as a body."""
    bodies = [{**_target(link["evidence"], texts), "purpose": "linking"} for link in links]
    bodies.append(_textual("classifying", links[0]["relation"]))
    if links[0]["evidence_set"] is not None:
        bodies.append(_textual("tagging", f"evidence-set:{links[0]['evidence_set']}"))
    bodies += [_textual("commenting", link["note"]) for link in links if link["note"] is not None]
    return {
        "id": f"urn:annotator:claim:{record['id']}:{name}",
        "type": "Annotation",
        "motivation": "linking",
        "creator": _creator(record["annotator"]),
        "created": min(link["created_at"] for link in links),
        "modified": max(link["updated_at"] for link in links),
        "body": bodies,
        "target": f"urn:annotator:claim:{record['id']}",
    }


def _boilerplate(annotator: str, sentence: dict, texts: _SourceTexts) -> dict:
    """A tagging annotation marking one sentence as boilerplate."""
    return {
        "id": f"urn:annotator:boilerplate:{annotator}:{sentence['source_id']}:{sentence['version']}:{sentence['index']}",
        "type": "Annotation",
        "motivation": "tagging",
        "creator": _creator(annotator),
        "created": sentence["created_at"],
        "body": _textual("tagging", "boilerplate"),
        "target": _target(sentence, texts),
    }
