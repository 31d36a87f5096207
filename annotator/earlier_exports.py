"""What our own earlier exports look like, so that a one-file export replaces only those (or an empty file).

A typo'd `-o` naming a label set, a Makefile, a script or a teammate's article JSONL must not be replaced:
an export never deletes what it did not create. Each format is recognised by how its file begins.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from annotator.errors import InputError, quoted

FIRST_LINE_BYTES = 512 * 1024 * 1024  # the first record of a JSON-lines export holds a whole article's text in some formats
HEAD_BYTES = 4096
_PRETTY = (
    re.compile(r'\{\n "@context": "http://www\.w3\.org/ns/anno\.jsonld",\n "id": "urn:annotator:'),  # w3c
    re.compile(r'\[\n \{\n  "data": \{\n   "text": "'),  # labelstudio
    re.compile(r'\{\n  "title": "annotator: '),  # datasette-metadata
)
_TEXT_STARTS = ("schema: annotator-export/", "row,annotator,claim_id,")  # yaml, csv
_FIRST_KEYS = (  # the keys our JSON-lines formats' first record starts with
    ("schema", "record"),  # jsonl
    ("@context", "id", "type"),  # w3c-jsonl (with an urn:annotator: id)
    ("row", "annotator", "claim_id"),  # flat
    ("id", "verifiable", "label", "claim"),  # fever
    ("id", "text", "lines"),  # fever-pages
    ("text", "entities", "relations", "annotator_sources"),  # doccano
)


def is_earlier_export(path: Path) -> bool:
    """Whether the file at `path` is empty or begins as one of our one-file exports does."""
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES).decode("utf-8", "replace")
        if not head.strip():
            return not stream.read(1)
        if head.startswith(_TEXT_STARTS) or any(pattern.match(head) for pattern in _PRETTY):
            return True
        stream.seek(0)
        return _first_keys_are_ours(stream.readline(FIRST_LINE_BYTES).decode("utf-8", "replace"))


def _first_keys_are_ours(line: str) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return False
    if not isinstance(record, dict):
        return False
    keys = tuple(record)
    if keys[:3] == ("@context", "id", "type") and not str(record["id"]).startswith("urn:annotator:"):
        return False
    return any(keys[: len(start)] == start for start in _FIRST_KEYS)


def recorded_annotators(path: Path) -> list[str]:
    """The annotators an earlier export of ours names: at its start (jsonl/yaml headers, the first row of flat, csv, fever,
    w3c-jsonl and doccano), or anywhere in the pretty-printed W3C (each annotation's `creator`) and Label Studio (each
    annotation's `meta.annotator`) files, read whole. Empty for fever-pages, which holds sentences, nobody's labels."""
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES).decode("utf-8", "replace")
        stream.seek(0)
        first = stream.readline(FIRST_LINE_BYTES).decode("utf-8", "replace")
    if _PRETTY[0].match(head) or _PRETTY[1].match(head):
        return _pretty_annotators(path)
    if head.startswith("schema: annotator-export/"):
        listed = re.search(r"^annotators:\n((?:- .*\n)+)", head, re.MULTILINE)
        return [_yaml_item(line[2:]) for line in listed[1].splitlines()] if listed else []
    if head.startswith("row,annotator,claim_id,"):
        rows = list(csv.reader(head.splitlines()[1:2]))
        return rows[0][1:2] if rows else []
    try:
        record = json.loads(first)
    except ValueError:
        return []
    if not isinstance(record, dict):
        return []
    named = record.get("annotators") if record.get("record") == "header" else [record.get("annotator")]
    creator = record.get("creator")
    if isinstance(creator, dict) and str(record.get("id", "")).startswith("urn:annotator:"):
        named = [creator.get("name")]
    return [name for name in named or [] if isinstance(name, str)]


def _pretty_annotators(path: Path) -> list[str]:
    """Every annotator a pretty-printed W3C collection or Label Studio tasks file of ours names, in first-seen order."""
    try:
        with open(path, "rb") as stream:
            document = json.loads(stream.read(FIRST_LINE_BYTES).decode("utf-8", "replace"))
    except ValueError:  # cut short or edited by hand: it names no one we can read
        return []
    if isinstance(document, dict):  # W3C: creators of the annotations we made (urn:annotator: ids)
        page = document.get("first") if isinstance(document.get("first"), dict) else {}
        items = page.get("items") if isinstance(page.get("items"), list) else []
        agents = [item.get("creator") for item in items if isinstance(item, dict) and str(item.get("id", "")).startswith("urn:annotator:")]
        named = [agent.get("name") for agent in agents if isinstance(agent, dict)]
    else:  # Label Studio: a list of tasks, each with annotations carrying meta.annotator
        tasks = [task for task in document if isinstance(task, dict)] if isinstance(document, list) else []
        notes = [note for task in tasks if isinstance(task.get("annotations"), list) for note in task["annotations"] if isinstance(note, dict)]
        named = [note["meta"].get("annotator") for note in notes if isinstance(note.get("meta"), dict)]
    return list(dict.fromkeys(name for name in named if isinstance(name, str)))


def _yaml_item(text: str) -> str:
    """A list item as our YAML emitter writes a name: plain, or in double quotes (JSON's escapes)."""
    try:
        return json.loads(text) if text.startswith('"') else text
    except ValueError:
        return text


def refuse_teammates_export(target: Path, known: set[str], force_option: bool = True) -> None:
    """Refuse to replace an earlier export of someone this database does not know: their work is in that file only."""
    if not target.is_file():
        return
    strangers = [name for name in recorded_annotators(target) if name not in known]
    if strangers:
        way_out = "import it first, choose another name, or give --force to replace it" if force_option else \
            "import it first, or choose another name"
        raise InputError(f"is an export of the work of {quoted(strangers[0])}, who is no annotator of this database, so replacing it would "
                         f"lose work this database does not hold; {way_out}", target)


def refuse_foreign_file(target: Path, force_option: bool = True) -> None:
    """Refuse to replace an existing file that no export of ours wrote; `force_option`: the command has --force."""
    if target.is_file() and not is_earlier_export(target):
        way_out = "choose another name, or give --force to replace it" if force_option else "move or rename it first"
        raise InputError(f"is an existing file that no export wrote (it does not begin as one does); an export replaces "
                         f"only its own earlier files; {way_out}", target)
