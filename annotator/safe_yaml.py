"""YAML loading that cannot explode: no aliases, no duplicate keys, bounded size and depth, JSON-shaped values only.

PyYAML's `safe_load` still expands aliases (a small file can grow to gigabytes) and keeps the last of
duplicate keys silently; both are wrong for files that carry annotations, so we refuse them.
"""

from __future__ import annotations

import datetime as dt
import math

import yaml

from annotator.errors import quoted

MAX_YAML_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32


class YamlProblem(ValueError):
    """A YAML document we refuse to load; `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


# SafeLoader builds these, but they have no JSON form: stored, they would come back as Python reprs.
_NOT_JSON_TAGS = {
    "tag:yaml.org,2002:binary": "binary",
    "tag:yaml.org,2002:set": "set",
    "tag:yaml.org,2002:omap": "ordered-map",
    "tag:yaml.org,2002:pairs": "pairs",
}


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects aliases, duplicate keys and deep nesting."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlProblem("YAML aliases are not allowed", event.start_mark.line + 1)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlProblem(f"YAML nested deeper than {MAX_DEPTH} levels", self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):  # noqa: D102 - PyYAML hook
        if node.tag in _NOT_JSON_TAGS:
            raise YamlProblem(f"{_NOT_JSON_TAGS[node.tag]} values (!!{node.tag.rpartition(':')[2]}) are not allowed: "
                              "use text, numbers, true/false, lists and mappings", node.start_mark.line + 1)
        try:
            value = super().construct_object(node, deep=deep)
        except YamlProblem:
            raise
        except (ValueError, TypeError, OverflowError) as error:
            raise YamlProblem(_unreadable(node, error), node.start_mark.line + 1) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise YamlProblem(f"{quoted(node.value)} is not a number we can store (use a finite number or quote it)", node.start_mark.line + 1)
        if isinstance(value, str) and not _is_unicode(value):
            raise YamlProblem("a \\u escape names a lone surrogate, which is not Unicode text", node.start_mark.line + 1)
        return value

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not _is_hashable(key):
                raise YamlProblem("a mapping key must be a plain value, not a list or mapping", key_node.start_mark.line + 1)
            if key in seen:
                raise YamlProblem(f"duplicate key {quoted(key)}", key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str):
    """Parse one YAML document strictly; raise YamlProblem naming the line on any fault."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlProblem(f"YAML larger than {MAX_YAML_BYTES // (1024 * 1024)} MB")
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - strict subclass of SafeLoader
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(f"malformed YAML ({error.problem or error.context})", line) from None
    except yaml.reader.ReaderError as error:  # a control character: PyYAML gives its offset, people need the line
        raise YamlProblem(f"malformed YAML (the character U+{error.character:04X} is not allowed in YAML)"
                          if isinstance(error.character, int) else f"malformed YAML ({error.reason})",
                          text.count("\n", 0, error.position) + 1) from None
    except yaml.YAMLError as error:  # PyYAML's text spans lines, ours is one sentence
        raise YamlProblem(f"malformed YAML ({' '.join(str(error).split())})") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        raise YamlProblem(f"malformed YAML ({error})") from None


def _unreadable(node, error: Exception) -> str:
    """Why a scalar could not be read: a number past Python's digit limit says so in words, not with Python's advice."""
    if node.tag == "tag:yaml.org,2002:int" and "digits" in str(error):
        digits = sum(char.isdigit() for char in node.value)
        return f"{_shown(node)} is a number of {digits} digits, more than any field can hold (quote it if it is text)"
    return f"cannot read {_shown(node)} ({error})"


def _shown(node) -> str:
    """A YAML node's source value for a message: scalars quoted, collections by kind."""
    return quoted(node.value) if isinstance(node.value, str) else f"this {node.id}"


def _is_hashable(value) -> bool:
    """Whether a value can be a dict key (lists and mappings cannot)."""
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _is_unicode(text: str) -> bool:
    """Whether a string holds only real characters (no lone surrogates from escapes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def plain_scalar(value):
    """Dates from YAML become ISO strings so every field we store is text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
