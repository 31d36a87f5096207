"""The label set: claim types, verdicts and relations, from the packaged default or the user's YAML."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from annotator.errors import InputError
from annotator.safe_yaml import YamlProblem, load_yaml
from annotator.schemas import validation_problem


@dataclass(frozen=True)
class LabelSet:
    """Each vocabulary as (id, description) pairs, in the order the file gives."""

    claim_types: tuple[tuple[str, str], ...]
    verdicts: tuple[tuple[str, str], ...]
    relations: tuple[tuple[str, str], ...]


def load_labels(path: str | Path | None = None) -> LabelSet:
    """Read and validate a label-set file; the packaged default when `path` is None."""
    if path is None:
        text, where = files("annotator").joinpath("labels.yaml").read_text(encoding="utf-8"), "labels.yaml"
    else:
        try:
            text, where = Path(path).read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot be read as a UTF-8 label set ({error})", path) from None
    try:
        data = load_yaml(text)
    except YamlProblem as problem:
        raise InputError(problem.message, where, problem.line) from None
    problem = validation_problem("labels", data)
    if problem:
        raise InputError(f"not a valid label set: {problem}", where)
    return LabelSet(**{name: tuple((item["id"], item.get("description", "")) for item in data[name])
                       for name in ("claim_types", "verdicts", "relations")})
