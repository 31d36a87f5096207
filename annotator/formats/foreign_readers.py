"""Read Label Studio task files and doccano JSONL into one document shape (W3C: w3c_reader); tell them from our own exports.

Label Studio: a JSON list of tasks, each with `data.text` and `annotations[].result` (`labels`
regions, per-region `choices` named `type` / `verdict`, `relation`s). doccano: JSON lines with `text`,
`entities` (`id`, `label`, `start_offset`, `end_offset`) and `relations` (`from_id`, `to_id`, `type`),
or the older `label: [[start, end, label], ...]`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson

from annotator.errors import InputError
from annotator.formats.foreign import RELATION_DIRECTIONS, Dropped, ForeignDocument, Span, claim_records
from annotator.formats.reader import PlacedRecord, export_records, read_input, utf8_text
from annotator.json_lines import foreign_json
from annotator.labels import LabelSet
from annotator.store import Store

LABEL_STUDIO, DOCCANO, W3C = "labelstudio", "doccano", "w3c"


def file_records(store: Store, path: Path, annotator: str | None, labels: LabelSet, dropped: Dropped) -> list[PlacedRecord]:
    """The records of one file: our own export read as it is, another tool's converted onto stored sentences (a folder: brat)."""
    from annotator.formats.brat_reader import brat_records, is_brat_folder

    if is_brat_folder(path):
        return brat_records(store, path, annotator, labels, dropped)
    data, path = read_input(path)
    kind = foreign_kind(data)
    if kind is None:
        return export_records(data, path)
    if annotator is None:
        raise InputError(f"is a {kind} file, which names no annotator of ours; say whose work it is with --annotator", path)
    text = utf8_text(data, path)
    if kind == LABEL_STUDIO:
        documents = read_label_studio(text, path, dropped.spans)
    elif kind == W3C:
        from annotator.formats.w3c_reader import w3c_annotations, w3c_document

        documents = [w3c_document(store, w3c_annotations(text, path), dropped.spans, path)]
    else:
        documents = read_doccano(text, path)
    return claim_records(store, documents, annotator, str(path), labels, dropped)


def foreign_kind(data: bytes) -> str | None:
    """`labelstudio`, `doccano`, `w3c`, or None for our own JSONL/YAML (and anything else, which our reader refuses)."""
    start = data.lstrip()[:1]
    if start not in (b"[", b"{"):
        return None
    try:
        whole = orjson.loads(data)
    except ValueError:
        whole = None
    if isinstance(whole, list) and all(isinstance(item, dict) for item in whole):
        if all("data" in item for item in whole):
            return LABEL_STUDIO
        if whole and all("target" in item or item.get("type") == "Annotation" for item in whole):
            return W3C
    if isinstance(whole, list):
        return None  # a list of something else: our reader names what is wrong with it
    if isinstance(whole, dict) and ("@context" in whole or whole.get("type") in ("AnnotationCollection", "Annotation")):
        return W3C
    try:
        record = orjson.loads(data.lstrip().split(b"\n", 1)[0])
    except ValueError:
        return None
    if not isinstance(record, dict) or "schema" in record:
        return None
    if "@context" in record or record.get("type") == "Annotation":
        return W3C
    if "text" in record and ("entities" in record or "label" in record):
        return DOCCANO
    return None


def read_label_studio(text: str, path: Path, skipped: Counter) -> list[ForeignDocument]:
    """The documents of a Label Studio tasks file (each task's first annotation that was not cancelled)."""
    try:
        tasks = foreign_json(text, path)
    except ValueError as error:
        raise InputError(f"is not valid JSON ({error})", path) from None
    if not isinstance(tasks, list) or not all(isinstance(task, dict) and isinstance(task.get("data"), dict) for task in tasks):
        raise InputError("is not a Label Studio tasks file (a JSON list of tasks, each with data)", path)
    documents = []
    for number, task in enumerate(tasks, start=1):
        annotations = [item for item in task.get("annotations") or [] if isinstance(item, dict) and not item.get("was_cancelled")]
        if not annotations:
            skipped["task(s) without an annotation"] += 1
            continue
        if len(annotations) > 1:
            skipped["further annotation(s) of a task, beyond its first (import them one annotator at a time)"] += len(annotations) - 1
        documents.append(_label_studio_document(task, annotations[0], f"task {number}", path, skipped))
    return documents


def _task_text(task: dict, where: str, path: Path) -> str:
    """The task's text: `data.text`, else its only string field."""
    data = task["data"]
    if isinstance(data.get("text"), str):
        return data["text"]
    strings = [value for value in data.values() if isinstance(value, str)]
    if len(strings) != 1:
        raise InputError(f"{where} has no data.text", path)
    return strings[0]


def _label_studio_document(task: dict, annotation: dict, where: str, path: Path, skipped: Counter) -> ForeignDocument:
    """One task's annotation as a document."""
    document = ForeignDocument(_task_text(task, where, path), where, None, task["data"].get("annotator_sources"))
    choices: dict[str, dict] = {}
    for result in annotation.get("result") or []:
        kind = result.get("type") if isinstance(result, dict) else None
        if kind == "relation":
            names = result.get("labels") or [""]
            ends = (result.get("to_id"), result.get("from_id")) if RELATION_DIRECTIONS.get(result.get("direction"), False) else (result.get("from_id"), result.get("to_id"))
            document.relations.append((*ends, names[0]))
        elif kind == "labels" and _text_offsets(result):
            value = result["value"]
            document.spans[result.get("id")] = Span(int(value["start"]), int(value["end"]), (value.get("labels") or [""])[0])
        elif kind == "labels":
            skipped["labels result(s) without whole-number start and end"] += 1
        elif kind == "choices" and result.get("from_name") in ("type", "verdict"):
            choices.setdefault(result.get("id"), {})[result["from_name"]] = ((result.get("value") or {}).get("choices") or [None])[0]
        else:
            skipped[f"result(s) of kind {kind!r}"] += 1
    for region_id, chosen in choices.items():
        if region_id in document.spans:
            document.spans[region_id].claim_type = chosen.get("type")
            document.spans[region_id].verdict = chosen.get("verdict")
    return document


def _text_offsets(result: dict) -> bool:
    """Whether a result selects text by character offsets."""
    value = result.get("value")
    return isinstance(value, dict) and all(_is_whole_number(value.get(key)) for key in ("start", "end"))


def _is_whole_number(value: object) -> bool:
    """An int that is not a bool (JSON `true` is not an offset), or a float with nothing after the point (JSON 1e20)."""
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())


def _offset(value: object) -> int:
    """A doccano offset: a whole number (or its digits), never a bool or a fraction; TypeError otherwise."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise TypeError("not an offset")
    return int(value)


def read_doccano(text: str, path: Path) -> list[ForeignDocument]:
    """The documents of a doccano JSONL file."""
    documents = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = foreign_json(line, path, number)
        except ValueError as error:
            raise InputError(f"is not valid JSON ({error})", path, number) from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError("is not a doccano line (an object with text)", path, number)
        documents.append(_doccano_document(item, number, path))
    return documents


def _doccano_document(item: dict, number: int, path: Path) -> ForeignDocument:
    """One doccano line as a document."""
    sources = item.get("annotator_sources", (item.get("meta") or {}).get("annotator_sources") if isinstance(item.get("meta"), dict) else None)
    document = ForeignDocument(item["text"], f"line {number}", number, sources)
    try:
        for entity in item.get("entities") or []:
            document.spans[entity["id"]] = Span(_offset(entity["start_offset"]), _offset(entity["end_offset"]), str(entity["label"]))
        if not item.get("entities") and isinstance(item.get("label"), list):
            for position, (start, end, label) in enumerate(item["label"]):
                document.spans[("label", position)] = Span(_offset(start), _offset(end), str(label))
        for relation in item.get("relations") or []:
            document.relations.append((relation["from_id"], relation["to_id"], str(relation["type"])))
    except (KeyError, TypeError, ValueError):
        raise InputError("has an entity or relation without its offsets, label, ends or type", path, number) from None
    return document
