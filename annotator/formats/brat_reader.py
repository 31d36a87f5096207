"""Read brat standoff folders (our `export --format brat`, or any brat collection) into one document per collection.

A collection is a folder holding `.ann` files, each beside its `.txt`. Every document of a collection
goes into one combined document (as for W3C), so our cross-document `Reference` normalizations become
relations inside it. A document is placed on a stored source version by its name (`<source id>` or
`<source id>.v<N>`, as our export writes it) when its text is that version's, else by its text's sha256.
A `.txt` may start with a UTF-8 BOM: it is not part of the text, and the offsets may count it (as brat does) or not.
In a folder our export made (its `.annotator-export` marker), each annotator sub-folder is filed under
that annotator; any other collection under `--annotator`. A malformed line is refused with its file and
line; what is well-formed but cannot be placed is counted, never dropped silently.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from annotator.errors import InputError, cut
from annotator.formats.foreign import (
    MAX_EVIDENCE_SET,
    Dropped,
    ForeignDocument,
    Span,
    claim_records,
    evidence_set_number,
)
from annotator.formats.reader import PlacedRecord, read_bytes, utf8_text
from annotator.formats.tasks import SEPARATOR
from annotator.labels import LabelSet
from annotator.names import ANNOTATOR_NAME, require_name
from annotator.output_paths import MARKER
from annotator.store import Store
from annotator.terminal_text import readable

OFFSETS = re.compile(r"^([0-9]+) ([0-9]+)$")  # ASCII digits: `\d` would take ٣ and ３ too
MAX_OFFSET_DIGITS = 18  # past int64, and far short of the 4,300 digits int() refuses
ENTITY_ID, ANY_ID = re.compile(r"^T\d+$"), re.compile(r"^[TREAMN#*]\d*$")
ENTRY = re.compile(r"^(?P<relation>\S+)(?: \(evidence set (?P<set>\d+)\))?$")
LINK_NOTE = re.compile(r"^link note \((?P<where>[^()]*:\d+)\): (?P<text>.*)$", re.DOTALL)
VERSIONED = re.compile(r"^(?P<name>.+)\.v(?P<version>\d+)$")
OUR_ATTRIBUTES = {"ClaimType": "claim_type", "Verdict": "verdict"}
BOM = b"\xef\xbb\xbf"


def is_brat_folder(path: Path) -> bool:
    """Whether a path is a folder (import reads only brat collections from folders)."""
    return str(path) != "-" and path.is_dir()


def brat_records(store: Store, folder: Path, annotator: str | None, labels: LabelSet, dropped: Dropped) -> list[PlacedRecord]:
    """The claim and boilerplate records of every collection under a folder."""
    collections, hidden = _collections(folder)
    if hidden:
        dropped.folders[f"with a name starting with '.', passed over as hidden (first {hidden[0]})"] += len(hidden)
    if not collections and hidden:
        raise InputError(f"holds brat .ann files only in {len(hidden)} hidden folder(s) (first {hidden[0]}), which import passes "
                         "over; rename it without the leading '.' to import it", folder)
    if not collections:
        raise InputError("is a folder holding no brat .ann files, so there is nothing to import from it", folder)
    exported = next((where for where in (folder, folder.parent) if (where / MARKER).is_file()), None)
    placed = []
    for collection in collections:
        owner = _owner(collection) if collection.parent == exported else annotator
        if owner is None:
            raise InputError("is a brat folder, which names no annotator of ours; say whose work it is with --annotator", collection)
        document = _Collection(store, collection, dropped.spans).document()
        placed += claim_records(store, [document], owner, str(collection), labels, dropped)
    return placed


def _collections(folder: Path) -> tuple[list[Path], list[str]]:
    """The folder and its sub-folders that hold .ann files, sorted (symbolic links to folders are not followed), and the
    hidden ones (a part of the path starting with '.') that hold .ann files too, by path inside the folder, to be reported."""
    found, hidden = ([folder] if _ann_files(folder) else []), []
    for sub in sorted(folder.rglob("*")):
        if sub.is_dir() and not sub.is_symlink() and _ann_files(sub):
            inside = sub.relative_to(folder)
            if any(part.startswith(".") for part in inside.parts):
                hidden.append(readable(str(inside)))
            else:
                found.append(sub)
    return found, hidden


def _ann_files(folder: Path) -> list[Path]:
    """A folder's `.ann` files, sorted: a sub-folder named `.ann` (or `x.ann`) is a folder, not standoff."""
    return sorted(path for path in folder.glob("*.ann") if not path.is_dir())  # a pipe or broken link is refused when read


def _owner(collection: Path) -> str:
    """The annotator an exported sub-folder belongs to: its name, unescaped (an escape that is not UTF-8 is refused, not replaced)."""
    source = f"the brat folder {collection.name!r}"
    try:
        name = unquote(collection.name, errors="strict")
    except UnicodeDecodeError:
        raise InputError(f"{source} holds a %XX escape that is not UTF-8, so it names no annotator") from None
    return require_name(name, ANNOTATOR_NAME, source=f"{source} names an annotator, and the name")


@dataclass
class _Ann:
    """The parsed lines of one .ann file, each kept with its line number."""

    entities: dict = field(default_factory=dict)  # T id -> (line, Span)
    attributes: list = field(default_factory=list)  # (line, name, T id, value or None)
    references: list = field(default_factory=list)  # (line, T id, document, key, entry)
    notes: list = field(default_factory=list)  # (line, T id, text)
    relations: list = field(default_factory=list)  # (line, type, T id, T id)


def parse_ann(text: str, document_text: str, path: Path, skipped: Counter) -> _Ann:
    """Every line of a .ann file, or one sentence naming the line that is not brat standoff."""
    ann = _Ann()
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        kind = fields[0][:1]
        if not ANY_ID.match(fields[0]) or len(fields) < 2:
            raise InputError("is not a brat standoff line (an id such as T1, R1, A1, N1 or #1, a tab, then the annotation)", path, number)
        if kind == "T" and fields[0] in ann.entities:
            raise InputError(f"defines {fields[0]} a second time", path, number)
        if kind == "T":
            ann.entities[fields[0]] = (number, _entity(fields, document_text, path, number))
        elif kind in "AM":
            ann.attributes.append((number, *_attribute(fields[1], path, number)))
        elif kind == "N":
            ann.references.append((number, *_reference(fields, path, number)))
        elif kind == "#":
            ann.notes.append((number, *_note(fields, path, number)))
        elif kind == "R":
            ann.relations.append((number, *_relation(fields[1], path, number)))
        else:
            skipped["brat event(s) and equivalence(s), which have no claim or link to become"] += 1
    _check_targets(ann, path)
    return ann


def _entity(fields: list[str], text: str, path: Path, number: int) -> Span:
    """A text-bound annotation: its type and fragments, the mention checked against the .txt."""
    kind, _, offsets = fields[1].partition(" ")
    fragments = [OFFSETS.match(fragment.strip()) for fragment in offsets.split(";")]
    if not kind or not all(fragments) or len(fields) < 3:
        raise InputError("is not a brat text-bound annotation (T1<TAB>Type START END<TAB>text)", path, number)
    if any(len(digits) > MAX_OFFSET_DIGITS for match in fragments for digits in match.groups()):
        raise InputError(f"has offsets outside its .txt ({len(text)} characters)", path, number)
    pairs = [(int(match[1]), int(match[2])) for match in fragments]
    if any(start > end for start, end in pairs):
        raise InputError("has a fragment that ends before it starts", path, number)
    if any(end > len(text) for _, end in pairs):
        raise InputError(f"has offsets outside its .txt ({len(text)} characters)", path, number)
    mention = " ".join(text[start:end] for start, end in pairs)
    if mention.split() != "\t".join(fields[2:]).split():
        raise InputError("quotes a text that is not the .txt's at its offsets (is the .ann beside the right .txt?)", path, number)
    return Span(min(start for start, _ in pairs), max(end for _, end in pairs), kind)


def _attribute(body: str, path: Path, number: int) -> tuple[str, str, str | None]:
    """An attribute line: name, target, value (None for a binary attribute)."""
    parts = body.split(" ")
    if len(parts) not in (2, 3) or not all(parts):
        raise InputError("is not a brat attribute (A1<TAB>Name T1 [Value])", path, number)
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None


def _reference(fields: list[str], path: Path, number: int) -> tuple[str, str, str, str]:
    """A normalization line: target, the referenced document (database) and key, and the entry text."""
    parts = fields[1].split(" ")
    if len(parts) != 3 or ":" not in parts[2]:
        raise InputError("is not a brat normalization (N1<TAB>Reference T1 DB:KEY<TAB>text)", path, number)
    document, _, key = parts[2].rpartition(":")
    return parts[1], document, key, "\t".join(fields[2:])


def _note(fields: list[str], path: Path, number: int) -> tuple[str, str]:
    """An AnnotatorNotes line: its target and text."""
    parts = fields[1].split(" ")
    if len(parts) != 2 or len(fields) < 3:
        raise InputError("is not a brat note (#1<TAB>AnnotatorNotes T1<TAB>text)", path, number)
    return parts[1], "\t".join(fields[2:])


def _relation(body: str, path: Path, number: int) -> tuple[str, str, str]:
    """A relation line: type and its two arguments' T ids."""
    parts = body.split(" ")
    arguments = [part.partition(":")[2] for part in parts[1:]]
    if len(parts) != 3 or not all(arguments):
        raise InputError("is not a brat relation (R1<TAB>Type Arg1:T1 Arg2:T2)", path, number)
    return parts[0], arguments[0], arguments[1]


def _starts_with_bom(path: Path) -> bool:
    """Whether a file starts with the UTF-8 byte order mark."""
    with path.open("rb") as stream:
        return stream.read(len(BOM)) == BOM


def _without_bom(ann: _Ann) -> _Ann:
    """Entities whose offsets counted a BOM as character 0, moved onto the text without it."""
    for entity, (line, span) in ann.entities.items():
        ann.entities[entity] = (line, dataclasses.replace(span, start=max(span.start - 1, 0), end=max(span.end - 1, 0)))
    return ann


def _check_targets(ann: _Ann, path: Path) -> None:
    """Every attribute, note, reference and relation names an entity the file defines."""
    targets = [(line, target) for line, _, target, _ in ann.attributes] + [(line, target) for line, target, *_ in ann.references]
    targets += [(line, target) for line, target, _ in ann.notes]
    targets += [(line, end) for line, _, first, second in ann.relations for end in (first, second)]
    for line, target in targets:
        if target not in ann.entities:
            raise InputError(f"refers to {target}, which this .ann file does not define as a text-bound annotation", path, line)


class _Collection:
    """The documents of one brat folder, laid out one after another as a single foreign document."""

    def __init__(self, store: Store, folder: Path, skipped: Counter):
        self.store, self.folder, self.skipped = store, folder, skipped
        self.texts: dict[str, str] = {}
        self.anns: dict[str, _Ann] = {}
        self.places: dict[str, tuple[str, int]] = {}  # document name -> stored (source id, version)
        self.sentence_starts: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
        for ann_path in _ann_files(folder):
            name = ann_path.name[: -len(".ann")]
            text_path = folder / f"{name}.txt"
            if not text_path.is_file():
                raise InputError("has no .txt beside it, so its offsets point at nothing", ann_path)
            self.texts[name] = utf8_text(read_bytes(text_path), text_path)  # a UTF-8 BOM dropped, as ingest drops it
            self.anns[name] = self._parsed(ann_path, self.texts[name], _starts_with_bom(text_path))
            place = self._place(name)
            if place is not None:
                self.places[name] = place

    def _parsed(self, ann_path: Path, text: str, bom: bool) -> _Ann:
        """The .ann file's lines, its offsets counted after the .txt's BOM or, as brat itself counts, with it."""
        ann_text = utf8_text(read_bytes(ann_path), ann_path)
        counted: Counter = Counter()
        try:
            ann = parse_ann(ann_text, text, ann_path, counted)
        except InputError as first:
            if not bom:
                raise
            try:  # brat reads the .txt as UTF-8 with the BOM kept: U+FEFF is character 0 and every offset is one more
                ann = _without_bom(parse_ann(ann_text, "\ufeff" + text, ann_path, counted := Counter()))
            except InputError:
                raise first from None
        self.skipped.update(counted)
        return ann

    def _place(self, name: str) -> tuple[str, int] | None:
        """The stored source version a document is: by its name and text, else by its text alone."""
        text = self.texts[name]
        versioned = VERSIONED.match(name)
        source_id = unquote(versioned["name"] if versioned else name)
        version = int(versioned["version"]) if versioned and len(versioned["version"]) <= 18 else None
        if version is None and not versioned:
            row = self.store.db.execute("SELECT version FROM sources WHERE id = ?", [source_id]).fetchone()
            version = row[0] if row else None
        if version is not None:
            row = self.store.db.execute("SELECT text FROM source_versions WHERE source_id = ? AND version = ?", [source_id, version]).fetchone()
            if row is not None and readable(row[0]) == text:  # an export shows an older text's controls as stand-ins
                return source_id, version
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        row = self.store.db.execute("SELECT source_id, version FROM source_versions WHERE sha256 = ? ORDER BY version DESC", [digest]).fetchone()
        return (row[0], row[1]) if row else None

    def document(self) -> ForeignDocument:
        """The combined document: texts in name order, spans shifted, references and relations between them."""
        starts, offset, sources = {}, 0, []
        for name, text in self.texts.items():
            starts[name] = offset
            if name in self.places:
                source_id, version = self.places[name]
                sources.append({"source_id": source_id, "version": version, "start": offset, "end": offset + len(text)})
            offset += len(text) + len(SEPARATOR)
        document = ForeignDocument(SEPARATOR.join(self.texts.values()), "the brat documents", None, sources)
        for name, ann in self.anns.items():
            self._add(document, name, ann, starts[name])
        return document

    def _add(self, document: ForeignDocument, name: str, ann: _Ann, base: int) -> None:
        """One document's entities, attributes, notes, references and relations into the combined document."""
        spans = {}
        for entity, (_, unshifted) in ann.entities.items():
            span = dataclasses.replace(unshifted, start=unshifted.start + base, end=unshifted.end + base)
            spans[entity] = span
            if span.label == "Boilerplate":
                document.boilerplate.append(Span(span.start, span.end, "Boilerplate"))
            else:
                document.spans[(name, entity)] = span
        for _, attribute, entity, value in ann.attributes:
            self._attribute(document, spans[entity], attribute, value)
        link_notes = self._notes(spans, ann)
        for _, entity, target, key, entry in ann.references:
            self._reference(document, (name, entity), target, key, entry, link_notes)
        for _, relation, first, second in ann.relations:
            document.relations.append(((name, first), (name, second), relation))

    def _attribute(self, document: ForeignDocument, span: Span, attribute: str, value: str | None) -> None:
        """ClaimType and Verdict set the claim's; Boilerplate marks the sentence; any other is counted."""
        if attribute in OUR_ATTRIBUTES and value is not None:
            setattr(span, OUR_ATTRIBUTES[attribute], value)
        elif attribute == "Boilerplate" and value is None:
            document.boilerplate.append(Span(span.start, span.end, "Boilerplate"))
        else:
            self.skipped[f"brat attribute(s) annotator does not read ({attribute})"] += 1

    def _notes(self, spans: dict, ann: _Ann) -> dict[tuple[str, str], str]:
        """Notes onto their claims (`normalized:` and `note:` as our export writes them, any other as the note);
        link notes returned by (claim entity, evidence `source:index`)."""
        link_notes = {}
        for _, entity, text in ann.notes:
            span, found = spans[entity], LINK_NOTE.match(text)
            if found:
                link_notes[(entity, found["where"])] = found["text"]
            elif text.startswith("normalized: ") and span.normalized is None:
                span.normalized = text.removeprefix("normalized: ")
            else:
                note = text.removeprefix("note: ")
                span.note = note if span.note is None else f"{span.note}\n{note}"
        return link_notes

    def _reference(self, document: ForeignDocument, claim: tuple, target_document: str, key: str, entry: str, link_notes: dict) -> None:
        """A normalization to an entity of another document of the folder: a link, its relation and set from the entry."""
        if target_document not in self.anns or key not in self.anns[target_document].entities:
            self.skipped[f"brat normalization(s) to something not in this folder ({target_document})"] += 1
            return
        parsed = ENTRY.match(entry.strip())
        relation = parsed["relation"] if parsed else entry.strip()
        extra = {}
        if parsed and parsed["set"] is not None:
            extra["evidence_set"] = evidence_set_number(parsed["set"])
            if extra["evidence_set"] is None:
                raise InputError(f"{claim[1]}: evidence set {cut(parsed['set'], 25)} is not a whole number from 1 to {MAX_EVIDENCE_SET}",
                                 self.folder / f"{claim[0]}.ann")
        where = self._sentence_name(target_document, self.anns[target_document].entities[key][1])
        if where is not None and (claim[1], where) in link_notes:
            extra["note"] = link_notes[(claim[1], where)]
        document.link_fields[len(document.relations)] = extra
        document.relations.append((claim, (target_document, key), relation))

    def _sentence_name(self, name: str, span: Span) -> str | None:
        """`source:index` of the stored sentence an entity starts in (how our link notes name their evidence)."""
        if name not in self.places:
            return None
        source_id, version = self.places[name]
        if (source_id, version) not in self.sentence_starts:
            sentences = self.store.sentences(source_id, version)
            self.sentence_starts[(source_id, version)] = ([sentence.start for sentence in sentences], [s.index for s in sentences])
        starts, indexes = self.sentence_starts[(source_id, version)]
        position = bisect.bisect_right(starts, span.start) - 1
        return f"{source_id}:{indexes[position]}" if position >= 0 else None
