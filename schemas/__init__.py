"""JSON Schemas for every file the product reads or writes, and one way to check against them.

Validation runs on jsonschema-rs (MIT, Rust): about 3 µs per export record against 1.5 ms with the
pure-Python `jsonschema`, which is what makes validating a 100,000-claim import before writing cheap.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

import jsonschema_rs

from annotator.errors import SHOWN_VALUE_LIMIT, cut, quoted


@cache
def schema(name: str) -> dict:
    """The parsed schema `<name>.schema.json` shipped in this folder."""
    return json.loads(files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _registry() -> jsonschema_rs.Registry:
    """Every shipped schema under its $id, so one schema can refer to another's definitions offline."""
    names = sorted(entry.name.removesuffix(".schema.json") for entry in files(__name__).iterdir() if entry.name.endswith(".schema.json"))
    return jsonschema_rs.Registry([(schema(name)["$id"], schema(name)) for name in names])


@cache
def _validator(name: str) -> jsonschema_rs.Draft202012Validator:
    """A compiled validator for one schema; compiled once per process, never fetching anything."""
    return jsonschema_rs.Draft202012Validator(schema(name), registry=_registry(), validate_formats=False)


def is_valid(name: str, instance) -> bool:
    """Whether `instance` satisfies schema `name` (cheaper than finding the problem)."""
    try:
        return _validator(name).is_valid(instance)
    except ValueError:  # not JSON data at all: a mapping key that is not text (YAML allows `1:` or `? x`)
        return False


def validation_problem(name: str, instance) -> str | None:
    """One sentence saying where `instance` breaks schema `name`, or None when it is valid."""
    key_problem = _non_text_key(instance, [])
    if key_problem:
        return key_problem
    if _validator(name).is_valid(instance):
        return None
    # The deepest error is the most specific; the ones above it only say "something inside failed".
    errors = sorted(_validator(name).iter_errors(instance), key=lambda e: (-len(e.instance_path), [str(p) for p in e.instance_path]))
    error = errors[0]
    where = "/".join(str(part) for part in error.instance_path)
    message = _shortened(_name_message(error) or _values_cut(error.message, error.instance))
    return f"{where}: {message}" if where else message


MAX_MESSAGE = 240


def _shortened(message: str) -> str:
    """A schema message cut in the middle when long: it quotes the whole value, which may be a whole file."""
    if len(message) <= MAX_MESSAGE:
        return message
    return f"{message[:140]} … {message[-90:]}"


NAME_FIELDS = {"annotator": "annotatorName", "decided_by": "annotatorName", "source_id": "sourceId", "id": "sourceId"}


def _name_message(error) -> str | None:
    """A name that breaks schemas/names.schema.json, said in words rather than as the regular expression."""
    from annotator.names import ANNOTATOR_NAME, SOURCE_ID, name_problem, rule

    if type(error.kind).__name__ == "PropertyNames":  # a key that is a name (`done`): the key's own error says why
        error = error.kind.error
    field = error.instance_path[-1] if error.instance_path else None
    kind = NAME_FIELDS.get(field) if isinstance(field, str) else None
    pattern = getattr(error.kind, "pattern", None) if type(error.kind).__name__ == "Pattern" else None
    if kind is None and pattern is not None:  # a name in a list (`annotators`) or as a key
        kind = next((name for name in (ANNOTATOR_NAME, SOURCE_ID) if pattern == rule(name).get("pattern")), None)
    if kind is None or not isinstance(error.instance, str):
        return None
    problem = name_problem(error.instance, kind)
    return f"{quoted(error.instance)} {problem} (the rule is in schemas/names.schema.json)" if problem else None


def _values_cut(message: str, instance) -> str:
    """A validator's message with a long value it quotes cut (it starts with the value as JSON; keys it names as repr)."""
    shown = json.dumps(instance, ensure_ascii=False, separators=(",", ":"))
    if len(shown) > SHOWN_VALUE_LIMIT and message.startswith(shown):
        message = (cut(shown[:-1], SHOWN_VALUE_LIMIT - 1) + '"' if isinstance(instance, str) else cut(shown)) + message[len(shown):]
    for key in instance if isinstance(instance, dict) else ():
        if isinstance(key, str) and len(key) > SHOWN_VALUE_LIMIT:
            message = message.replace(repr(key), quoted(key))
    return message


JSON_VALUES = (str, int, float, bool, type(None), dict, list)


def _non_text_key(value, path: list) -> str | None:
    """Where a mapping has a key that is not text, or a value is not JSON data (an unquoted YAML date), or None.

    JSON Schema, and we, only know text keys and JSON values; the validator refuses anything else with an error.
    """
    where = "/".join(map(str, path))
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where + ': ' if where else ''}a key must be text, not {key!r}"
            found = _non_text_key(item, [*path, key])
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _non_text_key(item, [*path, index])
            if found:
                return found
    elif not isinstance(value, JSON_VALUES):
        shown = value.isoformat() if hasattr(value, "isoformat") else repr(value)
        return f"{where + ': ' if where else ''}{shown} is read as a {type(value).__name__}, not text; put it in quotes"
    return None
