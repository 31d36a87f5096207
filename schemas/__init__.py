"""JSON Schemas for every file the product reads or writes, and one way to check against them."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from jsonschema import Draft202012Validator


@cache
def schema(name: str) -> dict:
    """The parsed schema `<name>.schema.json` shipped in this folder."""
    return json.loads(files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> Draft202012Validator:
    """A compiled validator for one schema; compiled once per process."""
    return Draft202012Validator(schema(name))


def validation_problem(name: str, instance) -> str | None:
    """One sentence saying where `instance` breaks schema `name`, or None when it is valid."""
    error = next(iter(sorted(_validator(name).iter_errors(instance), key=lambda e: list(e.path))), None)
    if error is None:
        return None
    where = "/".join(str(part) for part in error.path)
    return f"{where}: {error.message}" if where else error.message
