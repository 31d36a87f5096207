"""Names that come from data (source ids, annotator names): one rule, published in schemas/names.schema.json."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from annotator.errors import InputError, quoted
from annotator.schemas import schema

SOURCE_ID, ANNOTATOR_NAME = "sourceId", "annotatorName"
WHAT = {SOURCE_ID: "source id", ANNOTATOR_NAME: "annotator name"}
FORMAT_CHARACTERS = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


@cache
def rule(kind: str) -> dict:
    """The schema definition of one kind of name."""
    return schema("names")["$defs"][kind]


@cache
def _pattern(kind: str) -> re.Pattern:
    """The published pattern, compiled for Python (which reads the same syntax as the schema)."""
    return re.compile(rule(kind)["pattern"])


def is_valid_name(value: object, kind: str) -> bool:
    """Whether `value` satisfies the published rule for `kind` (and is Unicode text: JSON cannot carry a lone surrogate)."""
    return (
        isinstance(value, str)
        and rule(kind)["minLength"] <= len(value) <= rule(kind)["maxLength"]
        and _pattern(kind).fullmatch(value) is not None
        and not_utf8_problem(value) is None
    )


def not_utf8_problem(text: str) -> str | None:
    """What a lone surrogate in `text` was: a byte that is not UTF-8 (from argv or the environment), in words; else None."""
    code = next((ord(char) for char in text if "\ud800" <= char <= "\udfff"), None)
    if code is None:
        return None
    if 0xDC80 <= code <= 0xDCFF:  # how Python's surrogateescape keeps an undecodable byte
        return f"holds the byte 0x{code - 0xDC00:02x}, which is not UTF-8 text"
    return f"holds the lone surrogate U+{code:04X}, which is not UTF-8 text"


def name_problem(value: object, kind: str) -> str | None:
    """What is wrong with a name, in words, or None when it follows the rule."""
    if is_valid_name(value, kind):
        return None
    return _reason(value, kind)


def _reason(value: object, kind: str) -> str:
    """The first way a name breaks the rule, said plainly."""
    if not isinstance(value, str) or not value:
        return "is empty"
    if len(value) > rule(kind)["maxLength"]:
        return f"is longer than {rule(kind)['maxLength']} characters"
    if not_utf8_problem(value):
        return not_utf8_problem(value)
    bad = next((c for c in value if unicodedata.category(c) == "Cc" or FORMAT_CHARACTERS.match(c)), None)
    if bad is not None:
        return f"holds the control character U+{ord(bad):04X} (newlines, tabs and terminal escapes are not allowed)"
    for char, label in (("/", "a '/'"), ("\\", "a '\\'"), (":", "a ':'")):
        if char in value:
            return f"holds {label}, which would make it a path or an ambiguous id"
    if value[0] in ".-":
        return f"starts with {value[0]!r} (no name may be '.', '..' or start with '.' or '-')"
    if kind == SOURCE_ID:
        return "holds whitespace; use _ or - instead"
    return "starts or ends with a space"


def normalised(name: str) -> str:
    """A name in Unicode NFC: two names equal here look the same on screen and are one file name on macOS."""
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def lookalike_of(name: str, names) -> str | None:
    """One of `names` that is `name` in other Unicode code points (equal in NFC, not the same string), or None."""
    key = normalised(name)
    return next((other for other in names if other != name and normalised(other) == key), None)


def lookalike_problem(name: str, other: str | None, kind: str) -> str | None:
    """Why `name` may not join a `kind` spelled `other` (an existing name equal to it in NFC), or None when it may."""
    if other is None or other == name:
        return None
    return (f"the {WHAT[kind]} {quoted(name)} (code points {ascii(name)}) is the existing {WHAT[kind]} {quoted(other)} "
            f"(code points {ascii(other)}) in another Unicode form (NFC and NFD): the two would look the same everywhere and be one file on macOS; "
            f"use the existing spelling or another {WHAT[kind]}")


def shown(value: object) -> str:
    """A name as it may be printed in a message: repr, so escapes and control characters stay visible; cut when long."""
    return quoted(value)


def require_name(value: object, kind: str, where: str | None = None, line: int | None = None, source: str = "") -> str:
    """Return `value` if it follows the rule, else raise one InputError naming the place (`source` says which input)."""
    problem = name_problem(value, kind)
    if problem is None:
        return value  # type: ignore[return-value]
    label = source or f"the {WHAT[kind]}"
    raise InputError(f"{label} {shown(value)} {problem} (the rule for names is in schemas/names.schema.json)", where, line)
