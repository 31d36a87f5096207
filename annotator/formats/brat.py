"""brat standoff export: a folder per annotator with `<source>.txt` + `<source>.ann`, and `annotation.conf`.

brat relations live inside one document, but our links always cross documents, so the pattern is:
- every claim, evidence or boilerplate sentence is one text-bound entity (`T`) in its own document,
  typed `Claim`, `Evidence` or `Boilerplate` (a sentence that is both claim and evidence is a `Claim`;
  a flagged sentence of another type carries the `Boilerplate` attribute);
- claim type and verdict are attributes (`A ... ClaimType T1 numeric`, `A ... Verdict T1 supported`);
- each link is a normalization line on the claim entity whose database is the evidence's document
  and whose key is the evidence entity: `N1<TAB>Reference T1 <document>:T4<TAB>corroborates`, the
  relation (and any evidence set) as the entry text;
- the normalised claim and the claim and link notes are `AnnotatorNotes` on the claim entity.
Offsets are code points into the `.txt`, which is the source text exactly (brat's own convention);
a sentence spanning a line break becomes a discontinuous entity, one fragment per line.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

from annotator.atomic import FOLDER_MODE, write_text_atomic
from annotator.errors import InputError
from annotator.labels import LabelSet, default_labels
from annotator.output_paths import MARKER, MARKER_TEXT, file_name, inside, retired_name_for, staging_folder_for
from annotator.store import Store
from annotator.terminal_text import readable

BRAT_RESERVED = ("annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf")  # brat reads these in any folder
VERSION_ENDING = re.compile(r"\.(v[0-9]+)\Z")


def write_brat(items: list[dict], target: Path, store: Store, labels: LabelSet | None = None) -> None:
    """Write the brat folder beside `target` first, then swap it into place.

    `target` must have passed `output_paths.folder_target`: it is new, empty, or an earlier export.
    """
    target = Path(target)
    staging, lock = staging_folder_for(target)
    try:
        staging.chmod(FOLDER_MODE)
        _write_tree(items, staging, store, labels or default_labels())
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(lock)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace `target` with `staging`: a rename each way, so readers see the old folder or the new one.

    The old folder goes under a fresh name of our own, so nothing of the user's beside it is touched.
    """
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    retired = retired_name_for(target)
    os.rename(target, retired)
    os.rename(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def _write_tree(items: list[dict], folder: Path, store: Store, labels: LabelSet) -> None:
    """annotation.conf and our marker at the top, then one sub-folder of documents per annotator.

    Folder and file names come from data, so each is escaped (`output_paths.file_name`) and proved
    to lie inside the folder before anything is opened.
    """
    write_text_atomic(inside(folder, "annotation.conf"), [annotation_conf(labels)])
    if not (folder / MARKER).exists():
        write_text_atomic(inside(folder, MARKER), [MARKER_TEXT])
    by_annotator = defaultdict(list)
    for record in items:
        by_annotator[record["annotator"]].append(record)
    current_versions = dict(store.db.execute("SELECT id, version FROM sources").fetchall())
    for annotator, records in by_annotator.items():
        documents = _documents(records, store, current_versions)
        subfolder = _unused(folder, brat_name(annotator), brat_name(annotator))
        subfolder.mkdir()
        for name, document in documents.items():
            shown = f"{brat_name(annotator)}/{name}"
            write_text_atomic(_unused(subfolder, f"{name}.txt", shown), [readable(document.text)])  # same offsets
            write_text_atomic(_unused(subfolder, f"{name}.ann", shown), map(readable, document.ann_lines(documents, current_versions)))


def _unused(folder: Path, name: str, shown: str) -> Path:
    """`folder/name` in the fresh staging folder, refused if it exists: the file system took two of our names as one.

    macOS and Windows ignore case (and macOS Unicode normalisation) in file names, so sources `Report`
    and `report` would be one file there, the second silently written over the first.
    """
    path = inside(folder, name)
    if os.path.lexists(path):
        raise InputError("is the same file name on this file system as another document of the export (it ignores case or "
                         "accents in names), so one would overwrite the other; rename one of the sources or export elsewhere",
                         shown)
    return path


def annotation_conf(labels: LabelSet | None = None) -> str:
    """brat's configuration for the entity types and attributes the export uses, from the label set.

    Links are normalizations whose text is the relation, which brat's configuration cannot type, so the
    relations are listed in a comment for whoever reads the folder.
    """
    labels = labels or default_labels()
    claim_types = "|".join(label for label, _ in labels.claim_types)
    verdicts = "|".join(label for label, _ in labels.verdicts)
    return (
        "# annotator export: see annotator/formats/brat.py for how cross-document links are written.\n"
        f"# link relations (the text of each Reference normalization): {'|'.join(labels.ids('relations'))}\n"
        "[entities]\nClaim\nEvidence\nBoilerplate\n\n"
        "[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n"
        "[events]\n\n"
        f"[attributes]\nClaimType\tArg:Claim, Value:{claim_types}\nVerdict\tArg:Claim, Value:{verdicts}\n"
        "Boilerplate\tArg:<ENTITY>\n"
    )


class _Document:
    """One source version as a brat document: its text and the sentences that carry annotations."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        self.sentences: dict[int, dict] = {}  # index -> {"sentence", "claim", "evidence", "boilerplate"}
        self.spanned: list[dict] = []  # claim records with a span: entities of their own, beside their sentence

    def mark(self, sentence: dict, **flags) -> None:
        """Note what a sentence is in this document (a claim with a span gets its own entity)."""
        claim = flags.get("claim")
        if claim is not None and claim["span"] is not None:
            self.spanned.append(claim)
            if sentence["index"] in self.sentences:
                return
            flags = {}
        entry = self.sentences.setdefault(sentence["index"], {"sentence": sentence, "claim": None, "evidence": False, "boilerplate": False})
        for key, value in flags.items():
            entry[key] = value

    def _entities(self) -> list[tuple]:
        """(sort key, sentence index or None, claim record or None) of every entity, in text order."""
        entities = [((entry["sentence"]["start"], 0, 0), index, None) for index, entry in self.sentences.items()
                    if entry["claim"] or entry["evidence"] or entry["boilerplate"]]
        entities += [((claim["span"]["start"], 1, claim["span"]["end"]), None, claim) for claim in self.spanned]
        return sorted(entities, key=lambda entity: entity[0])

    def entity_ids(self) -> dict[int, str]:
        """T ids of sentence entities by sentence index, in text order (claims with spans are numbered among them)."""
        return {index: f"T{number}" for number, (_, index, _) in enumerate(self._entities(), start=1) if index is not None}

    def ann_lines(self, documents: dict[str, _Document], current_versions: dict[str, int]) -> list[str]:
        """The .ann file: entities, then attributes, references (an evidence set's links together) and notes per claim."""
        lines, attributes, references, notes = [], [], [], []
        for number, (_, index, spanned) in enumerate(self._entities(), start=1):
            entity = f"T{number}"
            if spanned is not None:
                claim, span = spanned, spanned["span"]
                lines.append(f"{entity}\tClaim {_fragments(span)}\t{_one_line(span['text'])}\n")
            else:
                entry = self.sentences[index]
                claim = entry["claim"]
                kind = "Claim" if claim else "Evidence" if entry["evidence"] else "Boilerplate"
                lines.append(f"{entity}\t{kind} {_fragments(entry['sentence'])}\t{_one_line(entry['sentence']['text'])}\n")
                if entry["boilerplate"] and kind != "Boilerplate":
                    attributes.append((entity, "Boilerplate", None))
            if claim:
                attributes += [(entity, name, claim[field]) for name, field in (("ClaimType", "claim_type"), ("Verdict", "verdict")) if claim[field]]
                references += [(entity, link) for link in sorted(claim["links"], key=_set_order)]
                notes += [(entity, text) for text in _claim_notes(claim)]
        for number, (entity, name, value) in enumerate(attributes, start=1):
            lines.append(f"A{number}\t{name} {entity}" + (f" {value}" if value else "") + "\n")
        for number, (entity, link) in enumerate(references, start=1):
            evidence_document = documents[_document_name(link["evidence"], current_versions)]
            key = f"{evidence_document.name}:{evidence_document.entity_ids()[link['evidence']['index']]}"
            entry = link["relation"] + (f" (evidence set {link['evidence_set']})" if link["evidence_set"] is not None else "")
            lines.append(f"N{number}\tReference {entity} {key}\t{entry}\n")
        for number, (entity, text) in enumerate(notes, start=1):
            lines.append(f"#{number}\tAnnotatorNotes {entity}\t{text}\n")
        return lines


def _set_order(link: dict) -> tuple:
    """References of one evidence set together, sets by number, lone links after them in export order."""
    return (link["evidence_set"] is None, link["evidence_set"] or 0)


def _claim_notes(claim: dict) -> list[str]:
    """Notes brat can show on a claim: the normalised text, the note, and each link's note."""
    notes = []
    if claim["normalized"]:
        notes.append("normalized: " + _one_line(claim["normalized"]))
    if claim["note"]:
        notes.append("note: " + _one_line(claim["note"]))
    for link in claim["links"]:
        if link["note"]:
            evidence = link["evidence"]
            notes.append(f"link note ({evidence['source_id']}:{evidence['index']}): " + _one_line(link["note"]))
    return notes


def _one_line(text: str) -> str:
    """Text on one .ann line: line breaks and tabs become spaces, as brat shows a mention."""
    return " ".join(text.replace("\t", " ").splitlines()) or " "


def _fragments(sentence: dict) -> str:
    """brat offsets of a sentence: one `start end` per line it spans, joined by `;`."""
    fragments, position = [], sentence["start"]
    for piece in sentence["text"].split("\n"):
        if piece.strip():
            fragments.append(f"{position} {position + len(piece)}")
        position += len(piece) + 1
    return ";".join(fragments) or f"{sentence['start']} {sentence['end']}"


def brat_name(name: str) -> str:
    """`output_paths.file_name`, with brat's reserved file names and a `.v<N>` ending escaped too.

    An escaped name then never ends in `.v<N>`, so the `.v<N>` of an older version cannot collide with one.
    """
    escaped = VERSION_ENDING.sub(r"%2E\1", file_name(name))
    if escaped in BRAT_RESERVED:
        escaped = f"%{ord(escaped[0]):02X}{escaped[1:]}"
    return escaped


def document_name(source_id: str, version: int, current_versions: dict[str, int]) -> str:
    """`<source id>` for the current version of a source, `<source id>.v<N>` for an older one (escaped for a file name)."""
    name = brat_name(source_id)
    return name if current_versions.get(source_id) == version else f"{name}.v{version}"


def _document_name(sentence: dict, current_versions: dict[str, int]) -> str:
    """The document name of the version a sentence belongs to."""
    return document_name(sentence["source_id"], sentence["version"], current_versions)


def _documents(records: list[dict], store: Store, current_versions: dict[str, int]) -> dict[str, _Document]:
    """The documents one annotator's records touch, with every annotated sentence marked."""
    documents: dict[str, _Document] = {}

    def document_of(sentence: dict) -> _Document:
        name = _document_name(sentence, current_versions)
        if name not in documents:
            row = store.db.execute(
                "SELECT text FROM source_versions WHERE source_id = ? AND version = ?", [sentence["source_id"], sentence["version"]]
            ).fetchone()
            documents[name] = _Document(name, row[0])
        return documents[name]

    for record in records:
        if record["record"] == "source":
            for sentence in record["boilerplate"]:
                document_of(sentence).mark(sentence, boilerplate=True)
        elif record["record"] == "claim":
            document_of(record["sentence"]).mark(record["sentence"], claim=record)
            for link in record["links"]:
                document_of(link["evidence"]).mark(link["evidence"], evidence=True)
    return dict(sorted(documents.items()))
