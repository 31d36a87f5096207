"""Read our own JSONL and YAML exports back into records, refusing anything malformed with its place.

Every record is validated against `schemas/export-record.schema.json` (YAML against
`export-document.schema.json`) before anything else looks at it; each record keeps where it came
from ("line 12" or a path inside the YAML document) so later errors can name it too.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import orjson

from annotator.errors import InputError, not_utf8, quoted
from annotator.formats.native import records_from_yaml_document
from annotator.json_lines import duplicate_key, refuse_deep
from annotator.output_paths import SQLITE_MAGIC
from annotator.safe_yaml import YamlProblem, load_yaml, plain_scalar
from annotator.schemas import is_valid, validation_problem

MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PlacedRecord:
    """A validated record and where it is in its file, for messages."""

    record: dict
    path: str
    line: int | None = None
    where: str | None = None

    def error(self, message: str) -> InputError:
        """An InputError pointing at this record."""
        prefix = f"{self.where}: " if self.where else ""
        return InputError(prefix + message, self.path, self.line)


def read_export(path: Path) -> list[PlacedRecord]:
    """The records of one export file, or of standard input for `-` (JSONL or YAML, told apart by name, else by content)."""
    data, path = read_input(path)
    return export_records(data, path)


def read_input(path: Path) -> tuple[bytes, Path]:
    """The bytes of a file, or of standard input for `-` (named `<stdin>` in errors)."""
    if str(path) == "-":
        return sys.stdin.buffer.read().removeprefix(b"\xef\xbb\xbf"), Path("<stdin>")
    return read_bytes(path), path


def export_records(data: bytes, path: Path) -> list[PlacedRecord]:
    """The records of our own export's bytes (JSONL or YAML, told apart by name, else by content)."""
    if not data.strip():
        raise InputError("is empty, so it holds no annotations to import", path)
    if path.suffix.lower() in (".yaml", ".yml") or (path.suffix.lower() != ".jsonl" and not data.lstrip().startswith(b"{")):
        return _yaml_records(utf8_text(data, path), path)
    return _jsonl_records(data, path)


def utf8_text(data: bytes, path: Path) -> str:
    """The bytes as text, or one sentence naming the first byte that is not UTF-8 and its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise not_utf8(data, error, path) from None


def read_bytes(path: Path) -> bytes:
    """The file's bytes without a UTF-8 BOM, or one sentence saying why it cannot be read."""
    if path.is_dir():
        raise InputError("is a folder, not an export file", path)
    if path.exists() and not path.is_file():  # a pipe would block the import until someone writes to it
        raise InputError("is not a regular file (a pipe, socket or device); import reads export files only", path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError("is larger than 2 GB; split it into several files", path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path) from None
    if data.startswith(SQLITE_MAGIC):  # `annotator import annotator.db`: a slip of the tab key
        raise InputError("is an SQLite database (the annotator database?), not an export file; import reads jsonl, yaml "
                         "and brat exports", path)
    return data.removeprefix(b"\xef\xbb\xbf")


def _jsonl_records(data: bytes, path: Path) -> list[PlacedRecord]:
    """One record per line; lines are split on `\\n` only, as JSON allows U+2028 inside strings.

    orjson reads the UTF-8 bytes directly (no str per line): several times faster than `json` here.
    """
    placed = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:  # orjson also refuses lone surrogates and nesting deeper than 1,024
            record = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            utf8_text(data, path)  # a file that is not UTF-8 at all is told as such, with its first bad byte
            raise InputError(f"is not valid JSON ({error.msg}: column {error.colno})", path, number) from None
        refuse_deep(record, path, number)  # before orjson.dumps below, which stops at 255 levels
        duplicate = duplicate_key(line, record)
        if duplicate is not None:
            raise InputError(f"is not valid JSON (duplicate key {quoted(duplicate)})", path, number)
        if not is_valid("export-record", record):
            problem = validation_problem("export-record", record)
            raise InputError(f"is not a valid export record ({problem})", path, number)
        placed.append(PlacedRecord(whole_numbers(record), str(path), number))
    return placed


def whole_numbers(value, key: str | None = None):
    """`value` with every whole float (`0.0`, as pandas and hand edits write) an int, the schema's integers being numbers.

    Every number a record holds is an integer (offsets, indexes, versions, sets), so a float reaching a slice
    would crash; a source's free `extra` metadata is kept exactly as written.
    """
    if key == "extra":
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {name: whole_numbers(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [whole_numbers(item) for item in value]
    return value


def _yaml_records(text: str, path: Path) -> list[PlacedRecord]:
    """The records of a YAML export document, each placed by its path in the document."""
    try:
        document = load_yaml(text)
    except YamlProblem as problem:
        raise InputError(problem.message, path, problem.line) from None
    document = _dates_as_text(document)  # `created_at: 2026-01-05T10:00:00Z` unquoted by a hand edit
    if not is_valid("export-document", document):
        raise InputError(f"is not a valid export document ({validation_problem('export-document', document)})", path)
    return [PlacedRecord(whole_numbers(record), str(path), where=_yaml_place(record))
            for record in records_from_yaml_document(document)]


def _dates_as_text(value):
    """A YAML document with its unquoted dates and times as ISO text, as front matter reads them: every field is JSON data."""
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    return plain_scalar(value)


def _yaml_place(record: dict) -> str:
    """Where a record sits in a YAML document, in words a reader can search for."""
    if record["record"] == "source":
        return f"source {record['source']['id']} ({record['annotator']})"
    sentence = record["sentence"]
    return f"{record['record']} at {sentence['source_id']}:{sentence['index']} ({record['annotator']})"
