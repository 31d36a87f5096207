"""One JSON line read strictly: what Python's json module accepts but is not JSON, or cannot be stored, is refused.

Duplicate keys (json keeps the last silently), NaN and Infinity, numbers too long for `int()` or too large
for a float, nesting deeper than YAML may be and `\\u` escapes of lone surrogates each end in one
InputError naming the file and line, never in a crash log.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import orjson

from annotator.errors import InputError
from annotator.safe_yaml import MAX_DEPTH

SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
MAX_INTEGER_DIGITS = 4000  # below Python's 4,300-digit limit for int(); no value we hold comes near it


class _JsonProblem(ValueError):
    """JSON the json module accepts but we refuse."""


def json_line(line: str, path: str | Path, number: int):
    """The value of one JSON line, or one InputError naming `path` and line `number`."""
    try:
        value = json.loads(line, object_pairs_hook=_unique_keys, parse_constant=_refuse_constant,
                           parse_int=_integer, parse_float=_finite)
    except json.JSONDecodeError as error:
        hint = "; its lines end in a lone CR, but JSON lines are separated by LF" if "\r" in line.rstrip("\r") else ""
        raise InputError(f"is not valid JSON ({error.msg} at column {error.colno}){hint}", path, number) from None
    except _JsonProblem as problem:
        raise InputError(f"is not valid JSON ({problem})", path, number) from None
    except RecursionError:
        raise InputError("is not valid JSON (nested too deeply)", path, number) from None
    if SURROGATE_ESCAPE.search(line) and not is_unicode(value):
        raise InputError("holds a \\u escape of a lone surrogate, which is not Unicode text", path, number)
    refuse_deep(value, path, number)
    return value


def foreign_json(text: str, path: str | Path, number: int | None = None):
    """orjson's value for another tool's JSON text, refusing nesting past YAML's limit and a key given twice.

    orjson raises ValueError for text that is not JSON; each reader says that in its own words.
    """
    value = orjson.loads(text)
    refuse_deep(value, path, number)
    key = duplicate_key(text, value)
    if key is not None:
        raise InputError(f"is not valid JSON (duplicate key {key!r})", path, number)
    return value


def refuse_deep(value, path: str | Path, number: int | None) -> None:
    """Refuse a value nested deeper than YAML may be: orjson cannot write one past 255 levels, so it could never be exported."""
    level, current = 0, [value] if isinstance(value, dict | list) else []
    while current:
        level += 1
        if level > MAX_DEPTH:
            raise InputError(f"is nested deeper than {MAX_DEPTH} levels", path, number)
        current = [item for node in current for item in (node.values() if isinstance(node, dict) else node)
                   if isinstance(item, dict | list)]


def duplicate_key(text: bytes | str, value) -> str | None:
    """A key given twice in a JSON text orjson parsed into `value` (it keeps the last one silently), or None.

    Our own exports re-serialise to the same bytes, which proves no key was dropped; only other
    texts pay for a second parse with the standard library, whose hook sees every key.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if orjson.dumps(value) == raw.strip():
            return None
    except TypeError:  # nested past what orjson writes: the standard library's parse below still reads it
        pass
    found = []

    def check(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen and not found:
                found.append(key)
            seen.add(key)
        return dict(pairs)

    json.loads(text, object_pairs_hook=check)
    return found[0] if found else None


def is_unicode(value) -> bool:
    """Whether a parsed JSON value holds only real characters: `\\ud800` alone parses but cannot be stored."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """Build a JSON object, refusing a key given twice."""
    record = {}
    for key, value in pairs:
        if key in record:
            raise _JsonProblem(f"duplicate key {key!r}")
        record[key] = value
    return record


def _refuse_constant(name: str):
    """NaN and Infinity are not JSON, though Python's json module reads them."""
    raise _JsonProblem(f"{name} is not a JSON number")


def _integer(text: str) -> int:
    """A JSON integer, refusing one too long for `int()` to read."""
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise _JsonProblem(f"a number of {digits:,} digits is too long to read")
    return int(text)


def _finite(text: str) -> float:
    """A JSON fraction or exponent, refusing one too large for a float (json would read it as infinity)."""
    value = float(text)
    if math.isinf(value):
        raise _JsonProblem(f"the number {text[:40]} is too large")
    return value
