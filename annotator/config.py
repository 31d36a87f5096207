"""The user's config file: key remapping by binding id, an optional label-set file, and what link mode records."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from annotator.articles import read_text_file
from annotator.errors import InputError
from annotator.safe_yaml import YamlProblem, load_yaml
from annotator.schemas import validation_problem


@dataclass(frozen=True)
class Config:
    """Settings from config.yaml; every field has a default so the file is optional."""

    keymap: dict[str, str] = field(default_factory=dict)
    labels: str | None = None
    record_passed_suggestions: bool = True  # suggestions seen in link mode and not linked are kept as hard negatives
    path: Path | None = None


def config_path() -> Path:
    """`$ANNOTATOR_CONFIG`, else `$XDG_CONFIG_HOME/annotator/config.yaml` (default `~/.config`)."""
    if os.environ.get("ANNOTATOR_CONFIG"):
        return Path(os.environ["ANNOTATOR_CONFIG"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "annotator" / "config.yaml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file if it exists; a broken one is an InputError naming the file and line."""
    path = path or config_path()
    if not path.exists():
        return Config(path=path)
    try:
        data = load_yaml(read_text_file(path)) or {}
    except YamlProblem as problem:
        raise InputError(problem.message, path, problem.line) from None
    problem = validation_problem("config", data)
    if problem:
        raise InputError(f"not a valid config: {problem}", path)
    labels = data.get("labels")
    if labels and not Path(labels).is_absolute():
        labels = str(path.parent / labels)
    return Config(keymap=dict(data.get("keymap") or {}), labels=labels,
                  record_passed_suggestions=data.get("record_passed_suggestions", True), path=path)
