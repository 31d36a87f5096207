"""The user's config file: key remapping by binding id, an optional label-set file, the theme, the screenshots folder
and what link mode records."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from annotator.articles import read_text_file
from annotator.atomic import write_text_atomic
from annotator.errors import InputError, quoted
from annotator.safe_yaml import YamlProblem, load_yaml
from annotator.schemas import validation_problem


@dataclass(frozen=True)
class Config:
    """Settings from config.yaml; every field has a default so the file is optional."""

    keymap: dict[str, str] = field(default_factory=dict)
    labels: str | None = None
    theme: str | None = None  # a Textual theme name; the TUI checks it (the core knows no themes)
    screenshots: str | None = None  # folder for the app's screenshots; None: the current folder
    record_passed_suggestions: bool = True  # suggestions seen in link mode and not linked are kept as hard negatives
    path: Path | None = None

MAX_KEY_NAME_CHARS = 40
MAX_KEYS_PER_BINDING = 8
KEY_NAME = re.compile(rf"^[A-Za-z0-9+_-]{{1,{MAX_KEY_NAME_CHARS}}}$")  # `ctrl+shift+up`, `question_mark`, `f5`
THEME_LINE = re.compile(r"^theme[ \t]*:[^\r\n]*", re.MULTILINE)  # a CRLF file keeps its \r


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
    for binding, keys in (data.get("keymap") or {}).items():
        _check_keys(binding, keys, path)
    return Config(keymap=dict(data.get("keymap") or {}), labels=_beside(path, data.get("labels")), theme=data.get("theme"),
                  screenshots=_beside(path, data.get("screenshots")),
                  record_passed_suggestions=data.get("record_passed_suggestions", True), path=path)


def _check_keys(binding: str, keys: str, path: Path) -> None:
    """Refuse a keymap entry the help screen and footer could not show: controls or spaces, empty or long key names, dozens of keys."""
    parts = [part.strip(" ") for part in keys.split(",")]  # `j, down` as Textual reads it
    bad = next((part for part in parts if not _is_key_name(part)), None)
    if bad is not None:
        raise InputError(f"not a valid config: keymap/{binding}: {quoted(bad)} is not a key name (letters, digits, + - _ or one "
                         f"printable character, at most {MAX_KEY_NAME_CHARS}; keys are separated by commas, e.g. 'j,down')", path)
    if len(parts) > MAX_KEYS_PER_BINDING:
        raise InputError(f"not a valid config: keymap/{binding} names {len(parts)} keys; one binding takes at most "
                         f"{MAX_KEYS_PER_BINDING}", path)


def _is_key_name(part: str) -> bool:
    """A key as Textual names it (`ctrl+s`, `down`), or one printable character (`?`, `é`; no space, control or bidi mark)."""
    return bool(KEY_NAME.match(part)) or (len(part) == 1 and part.isprintable() and not part.isspace())


def _beside(config: Path, value: str | None) -> str | None:
    """A path from the config file, relative ones taken from the file's folder."""
    if value and not Path(value).is_absolute():
        return str(config.parent / value)
    return value


def remember_theme(path: Path, theme: str) -> None:
    """Write `theme:` into the config file (its one line replaced, or added), leaving every other line as it was.

    A symbolic link is written through (a dotfiles link stays a link). When the file is laid out so that one
    line cannot carry the theme (flow style, a quoted key, a value on the next line, `...`), nothing is written:
    the new text is read back first and must hold exactly the old settings with this theme.
    """
    target = _written_through(path)
    text = read_text_file(target) if target.exists() else ""
    line = f"theme: {json.dumps(theme)}"
    if THEME_LINE.search(text):
        changed = THEME_LINE.sub(lambda _: line, text, count=1)
    else:
        ending = "\r\n" if "\r\n" in text else "\n"
        changed = f"{text}{'' if not text or text.endswith(chr(10)) else ending}{line}{ending}"
    if _settings(changed) != {**(_settings(text) or {}), "theme": theme}:
        raise InputError(f"is laid out so that annotator cannot set the theme on one line of it; add theme: {json.dumps(theme)} yourself", path)
    if target == path:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, [changed])


def _written_through(path: Path) -> Path:
    """The file a config path names: a symbolic link's target (whose folder must exist), else the path itself."""
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise InputError("is a symbolic link into a folder that does not exist, so the theme cannot be kept in it", path)
    return target


def _settings(text: str) -> dict | None:
    """The settings a config text holds, or None when it is not a valid config."""
    try:
        data = load_yaml(text) or {}
    except YamlProblem:
        return None
    return data if isinstance(data, dict) and validation_problem("config", data) is None else None
