"""Read W3C Web Annotations (our collection or lines, or any TextQuote/TextPosition-selected annotation) into one document.

A target's source is found by our `urn:annotator:source:<id>:v<version>` (as `source` or `scope`), else
by the article URL stored with a source. The position selector is used when its text matches the quote
(or there is no quote); else the quote is searched for in the text, told apart by prefix and suffix.
Every source version the annotations point into goes into one combined document, so links across
sources are relations inside it, as for Label Studio and doccano.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from annotator.errors import InputError
from annotator.formats.foreign import MAX_EVIDENCE_SET, ForeignDocument, Span, evidence_set_number
from annotator.formats.tasks import SEPARATOR
from annotator.json_lines import foreign_json
from annotator.store import MAX_INTEGER, Store

URN = re.compile(r"^urn:annotator:source:(?P<id>[^\s:]+):v(?P<version>\d+)$")
VERDICT_PURPOSES = ("assessing", "reviewing")  # reviewing: what exports before the Recommendation's term wrote


def w3c_annotations(text: str, path: Path) -> list[dict]:
    """The annotations of a file: a collection (pages inline), a list, one annotation, or one per line."""
    try:
        parsed = foreign_json(text, path)
    except ValueError:
        try:
            return [foreign_json(line, path, number) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
        except ValueError as error:
            raise InputError(f"is not valid JSON ({error})", path) from None
    if isinstance(parsed, list):
        return parsed
    if isinstance(parsed, dict) and parsed.get("type") == "AnnotationCollection":
        first = parsed.get("first") or {}
        return list(first.get("items") or []) if isinstance(first, dict) else []
    return [parsed]


def w3c_document(store: Store, annotations: list[dict], skipped: Counter, path: Path | None = None) -> ForeignDocument:
    """One combined document holding every span the annotations select, and the links between them as relations."""
    builder = _Builder(store, skipped, path)
    for annotation in annotations:
        if not isinstance(annotation, dict):
            skipped["entries that are not annotations"] += 1
        elif annotation.get("motivation") == "linking":
            builder.link(annotation)
        elif annotation.get("motivation") == "tagging" and any(body.get("value") == "boilerplate" for body in _bodies(annotation)):
            builder.boilerplate(annotation)
        else:
            builder.claim(annotation)
    return builder.document()


def _bodies(annotation: dict) -> list[dict]:
    """An annotation's bodies as a list of objects (a bare string body or `bodyValue` becomes a commenting body)."""
    body = annotation.get("body", [])
    bodies = body if isinstance(body, list) else [body]
    found = [item if isinstance(item, dict) else {"type": "TextualBody", "purpose": "commenting", "value": item} for item in bodies]
    if isinstance(annotation.get("bodyValue"), str):
        found.append({"type": "TextualBody", "purpose": "commenting", "value": annotation["bodyValue"]})
    return found


class _Builder:
    """Collects spans per source version, then lays the versions out one after another."""

    def __init__(self, store: Store, skipped: Counter, path: Path | None = None):
        self.store, self.skipped, self.path = store, skipped, path
        self.texts: dict[tuple[str, int], str] = {}
        self.spans: dict[str, tuple[tuple[str, int], Span]] = {}
        self.relations: list[tuple] = []
        self.link_fields: dict[int, dict] = {}
        self.boilerplate_marks: list[tuple[tuple[str, int], Span]] = []

    def boilerplate(self, annotation: dict) -> None:
        """A tagging annotation marking its target sentence as boilerplate."""
        placed = self._place(annotation.get("target"))
        if placed is not None:
            self.boilerplate_marks.append((placed[0], Span(placed[1], placed[2], "Boilerplate", created_at=_time(annotation, "created"))))

    def claim(self, annotation: dict) -> None:
        """A selected span as a claim, its bodies as type, verdict, normalised text and note."""
        placed = self._place(annotation.get("target"))
        if placed is None:
            return
        span = Span(placed[1], placed[2], "Claim", created_at=_time(annotation, "created"), updated_at=_time(annotation, "modified"))
        for body in _bodies(annotation):
            purpose, value = body.get("purpose"), body.get("value")
            if not isinstance(value, str):
                continue
            if purpose == "classifying":
                span.claim_type = value
            elif purpose in VERDICT_PURPOSES:
                span.verdict = value
            elif purpose == "describing":
                span.normalized = value
            elif purpose == "commenting":
                span.note = value
        self.spans[_identity(annotation, len(self.spans))] = (placed[0], span)

    def link(self, annotation: dict) -> None:
        """A linking annotation: its target the claim annotation, each SpecificResource body evidence (several: one set)."""
        bodies = _bodies(annotation)
        relation = next((body.get("value") for body in bodies if body.get("type") == "TextualBody" and body.get("purpose") == "classifying"), "")
        target = annotation.get("target")
        claim_id = target.get("id") if isinstance(target, dict) else target
        extra = {"created_at": _time(annotation, "created"), "updated_at": _time(annotation, "modified")}
        for body in bodies:
            value = body.get("value")
            if body.get("purpose") == "tagging" and isinstance(value, str) and value.startswith("evidence-set:"):
                extra["evidence_set"] = self._evidence_set(annotation, value.removeprefix("evidence-set:"))
            elif body.get("purpose") == "commenting" and isinstance(value, str):
                extra["note"] = value
        identity = _identity(annotation, len(self.spans))
        evidence = [body for body in bodies if body.get("type") == "SpecificResource"]
        for number, body in enumerate(evidence):
            placed = self._place(body)
            if placed is None:
                continue
            key = f"{identity}#evidence" + (f"{number}" if number else "")
            self.spans[key] = (placed[0], Span(placed[1], placed[2], "Evidence"))
            self.link_fields[len(self.relations)] = extra
            self.relations.append((str(claim_id), key, relation))

    def _evidence_set(self, annotation: dict, digits: str) -> int:
        """The number of an `evidence-set:<N>` tag, or one sentence refusing a tag that names none we can store."""
        number = evidence_set_number(digits)
        if number is None:
            shown = digits if len(digits) <= 24 else digits[:24] + "…"
            raise InputError(f"linking annotation {_identity(annotation, 0)} is tagged evidence-set:{shown}, "
                             f"but an evidence set is a whole number from 1 to {MAX_EVIDENCE_SET}", self.path)
        return number

    def _place(self, target) -> tuple[tuple[str, int], int, int] | None:
        """The source version and offsets a target selects, or None (counted) when it selects nothing we have."""
        if not isinstance(target, dict):
            self.skipped["target(s) that select no text"] += 1
            return None
        version = self._version(target)
        if version is None:
            self.skipped["target(s) on a source the database does not have"] += 1
            return None
        found = _select(self.texts[version], target.get("selector"))
        if isinstance(found, str):
            self.skipped[f"target(s) whose {found}"] += 1
            return None
        return version, found[0], found[1]

    def _version(self, target: dict) -> tuple[str, int] | None:
        """The stored source version a target names, by our urn (source or scope), else by URL."""
        names = [target.get("source"), target.get("scope")]
        for name in (name for name in names if isinstance(name, str)):
            match = URN.match(name)
            if match and not _storable(match["version"]):
                continue  # past any version SQLite can hold: a source the database does not have
            row = (self.store.db.execute("SELECT source_id, version, text FROM source_versions WHERE source_id = ? AND version = ?",
                                         [match["id"], int(match["version"])]).fetchone() if match else
                   self.store.db.execute("SELECT v.source_id, v.version, v.text FROM sources s JOIN source_versions v "
                                         "ON v.source_id = s.id AND v.version = s.version WHERE s.url = ?", [name]).fetchone())
            if row is not None:
                self.texts[(row[0], row[1])] = row[2]
                return row[0], row[1]
        return None

    def document(self) -> ForeignDocument:
        """The combined document: versions in order, spans shifted to their place in it."""
        starts, texts, offset, sources = {}, [], 0, []
        for key in sorted(self.texts):
            starts[key] = offset
            sources.append({"source_id": key[0], "version": key[1], "start": offset, "end": offset + len(self.texts[key])})
            texts.append(self.texts[key])
            offset += len(self.texts[key]) + len(SEPARATOR)
        document = ForeignDocument(SEPARATOR.join(texts), "the annotations", None, sources)
        for span_id, (key, span) in self.spans.items():
            span.start, span.end = span.start + starts[key], span.end + starts[key]
            document.spans[span_id] = span
        document.relations, document.link_fields = self.relations, self.link_fields
        for key, span in self.boilerplate_marks:
            span.start, span.end = span.start + starts[key], span.end + starts[key]
            document.boilerplate.append(span)
        return document


def _identity(annotation: dict, number: int) -> str:
    """An annotation's id, or a name of its own when it has none (links can only point at ids)."""
    return str(annotation["id"]) if isinstance(annotation.get("id"), str) else f"#unnamed-{number}"


def _time(annotation: dict, name: str) -> str | None:
    """An annotation's `created` / `modified` time when it is a plausible ISO 8601 string."""
    value = annotation.get(name)
    return value if isinstance(value, str) and 10 <= len(value) <= 40 else None


def _select(text: str, selector) -> tuple[int, int] | str:
    """Offsets from a TextPositionSelector that agrees with the quote, else from the quote found once; else why not."""
    selectors = selector if isinstance(selector, list) else [selector]
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    exact = quote.get("exact") if quote else None
    if position and isinstance(position.get("start"), int) and isinstance(position.get("end"), int):
        start, end = position["start"], position["end"]
        if 0 <= start < end <= len(text) and (exact is None or text[start:end] == exact):
            return start, end
    if not isinstance(exact, str) or not exact:
        return "selector is neither a matching position nor a quote"
    found = [match.start() for match in re.finditer(re.escape(exact), text)]
    fitting = [at for at in found if text[:at].endswith(quote.get("prefix") or "") and text[at + len(exact):].startswith(quote.get("suffix") or "")]
    chosen = fitting or found
    if len(chosen) != 1:
        return "quote is not in the text" if not chosen else "quote occurs more than once"
    return chosen[0], chosen[0] + len(exact)


def _storable(digits: str) -> bool:
    """Whether a version's digits are a number SQLite can hold (checked by length first: int() of thousands of digits fails)."""
    digits = digits.lstrip("0") or "0"
    return len(digits) <= len(str(MAX_INTEGER)) and int(digits) <= MAX_INTEGER
