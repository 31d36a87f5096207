"""A block-style YAML emitter for export documents: plain data (dicts, lists, text, numbers) only.

Written by hand because PyYAML's representer walks every node in Python: 100,000 claims took about
a minute even with libyaml underneath, against a couple of seconds here. The output is plain YAML
1.1/1.2 that PyYAML (and any YAML reader) loads back to the same values — a hypothesis property in
tests/test_yaml_emitter.py holds it to that for any text. Strings stay unquoted only when they are
unmistakably text (a letter first, no characters YAML gives meaning to, not a YAML 1.1 boolean or
null); everything else is double-quoted with escapes, so line breaks, U+2028 and control
characters survive.
"""

from __future__ import annotations

import re

import yaml

# Unquoted only: a letter, then letters, digits, spaces and punctuation YAML gives no meaning to in a
# block scalar. `:` `#` `,`-at-start, quotes-at-start, `[]{}`, `&*!|>%@` and backticks need quotes.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,;!?()/+'’\"-]*")
# Words YAML 1.1 reads as booleans or null (PyYAML follows 1.1).
_RESERVED = frozenset("y n yes no on off true false null".split())
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}
# Bidi embeddings, overrides and isolates too: raw, U+202E shows `exe.txt` as `txt.exe` in an editor or a diff.
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]')


def dump(document: dict) -> str:
    """The document as block YAML text ending in a newline."""
    lines: list[str] = []
    _mapping(document, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(mapping: dict, indent: int, lines: list[str]) -> None:
    """`key: value` lines at `indent`; nested collections go on the following lines."""
    pad = " " * indent
    for key, value in mapping.items():
        head = f"{pad}{scalar(key)}:"
        if isinstance(value, dict) and value:
            lines.append(head)
            _mapping(value, indent + 2, lines)
        elif isinstance(value, list) and value:
            lines.append(head)
            _sequence(value, indent, lines)
        else:
            lines.append(f"{head} {_leaf(value)}")


def _sequence(items: list, indent: int, lines: list[str]) -> None:
    """`- item` lines at `indent` (PyYAML's style: a list under a key is not indented further)."""
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            start = len(lines)
            _mapping(item, indent + 2, lines)
            lines[start] = f"{pad}- {lines[start][indent + 2 :]}"
        elif isinstance(item, list) and item:
            start = len(lines)
            _sequence(item, indent + 2, lines)
            lines[start] = f"{pad}- {lines[start][indent + 2 :]}"
        else:
            lines.append(f"{pad}- {_leaf(item)}")


def _leaf(value) -> str:
    """A scalar, or an empty collection in flow style."""
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def scalar(value) -> str:
    """One scalar as YAML text."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):  # rare (front matter extras): PyYAML's own spelling round-trips
        return yaml.safe_dump(value, explicit_end=False).split("\n", 1)[0]
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and value.lower() not in _RESERVED and " #" not in value:
        return value
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _escape(match: re.Match) -> str:
    """A double-quoted YAML escape for one character."""
    character = match.group()
    return _ESCAPES.get(character) or f"\\u{ord(character):04x}"
