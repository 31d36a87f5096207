"""The label set: claim types, verdicts and relations, from the packaged default or the user's YAML."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from annotator.articles import read_text_file
from annotator.errors import InputError, quoted
from annotator.safe_yaml import YamlProblem, load_yaml
from annotator.schemas import validation_problem
from annotator.terminal_text import BIDI_CONTROL, TERMINAL_CONTROL

MAX_ID_CHARS = 64  # an id is a key of pickers, rows, brat's annotation.conf and Label Studio's config
MAX_DESCRIPTION_CHARS = 200  # one line of a picker at 80 columns, with room to spare
_UNSHOWABLE = re.compile(f"[\n\r\t\x0b\x0c\u2028\u2029\x85{BIDI_CONTROL}]|{TERMINAL_CONTROL.pattern}")


@dataclass(frozen=True)
class LabelSet:
    """Each vocabulary as (id, description) pairs, in the order the file gives."""

    claim_types: tuple[tuple[str, str], ...]
    verdicts: tuple[tuple[str, str], ...]
    relations: tuple[tuple[str, str], ...]
    marks: tuple[tuple[str, str], ...] = ()  # (relation id, one character) the file gives; the rest use defaults

    def ids(self, vocabulary: str) -> tuple[str, ...]:
        """The ids of one vocabulary ("claim_types", "verdicts" or "relations"), in file order."""
        return tuple(label for label, _ in getattr(self, vocabulary))

    def check(self, vocabulary: str, value: str | None) -> None:
        """Refuse a value the vocabulary lacks (None, "not set", is always allowed), naming the ones it has."""
        if value is not None and value not in self.ids(vocabulary):
            what = VOCABULARY_NAMES[vocabulary]
            raise InputError(f"{what} {quoted(value)} is not in the label set (expected one of {', '.join(self.ids(vocabulary))})")


    def mark(self, relation: str) -> str:
        """One character for a relation in rows and the panel: the file's, + - ~ for the defaults, else its initial."""
        return dict(self.marks).get(relation) or DEFAULT_RELATION_MARKS.get(relation) or relation[:1]

    def link_keys(self) -> tuple[tuple[str, str], ...]:
        """(key, relation) for linking: 1, 2, 3 … for the relations in file order (the first nine)."""
        return tuple((str(number), relation) for number, relation in enumerate(self.ids("relations")[:9], 1))


DEFAULT_RELATION_MARKS = {"corroborates": "+", "conflicts": "-", "related": "~"}
VOCABULARY_NAMES = {"claim_types": "claim type", "verdicts": "verdict", "relations": "relation"}


@cache
def default_labels() -> LabelSet:
    """The packaged label set, read once."""
    return load_labels()


def _refuse_unshowable(data: dict, where: str) -> None:
    """Refuse what a picker or a row could not show on one line: long ids or descriptions, controls, a mark not one cell wide."""
    for name in ("claim_types", "verdicts", "relations"):
        for number, item in enumerate(data[name]):
            place = f"not a valid label set: {name}/{number}"
            if len(item["id"]) > MAX_ID_CHARS:
                raise InputError(f"{place}/id is {len(item['id'])} characters long; an id has at most {MAX_ID_CHARS}", where)
            description = item.get("description", "")
            if len(description) > MAX_DESCRIPTION_CHARS:
                raise InputError(f"{place}/description is {len(description)} characters long; a description is one line of "
                                 f"at most {MAX_DESCRIPTION_CHARS}", where)
            for field in ("description", "mark"):
                found = _UNSHOWABLE.search(item.get(field, ""))
                if found:
                    raise InputError(f"{place}/{field} holds U+{ord(found.group()):04X}, a line break or control character "
                                     "no picker or row can show; remove it", where)
            if "mark" in item and not _one_cell(item["mark"]):
                raise InputError(f"{place}/mark {quoted(item['mark'])} is not one visible character one column wide "
                                 "(a combining, invisible or double-width character shifts every row)", where)


def _one_cell(character: str) -> bool:
    """Whether a character takes exactly one terminal column and is visible."""
    category = unicodedata.category(character)
    return category[0] not in "MCZ" and unicodedata.east_asian_width(character) not in ("W", "F")


def load_labels(path: str | Path | None = None) -> LabelSet:
    """Read and validate a label-set file; the packaged default when `path` is None."""
    if path is None:
        text, where = files("annotator").joinpath("labels.yaml").read_text(encoding="utf-8"), "labels.yaml"
    else:
        if not Path(path).exists():
            raise InputError("cannot be read: no such label-set file", path)
        text, where = read_text_file(Path(path)), str(path)
    try:
        data = load_yaml(text)
    except YamlProblem as problem:
        raise InputError(problem.message, where, problem.line) from None
    problem = validation_problem("labels", data)
    if problem:
        raise InputError(f"not a valid label set: {problem}", where)
    _refuse_unshowable(data, where)
    for name in ("claim_types", "verdicts", "relations"):
        ids = [item["id"] for item in data[name]]
        twice = next((label for label in ids if ids.count(label) > 1), None)
        if twice:
            raise InputError(f"not a valid label set: {name} lists the id {quoted(twice)} twice", where)
    vocabularies = {name: tuple((item["id"], item.get("description", "")) for item in data[name])
                    for name in ("claim_types", "verdicts", "relations")}
    marks = tuple((item["id"], item["mark"]) for item in data["relations"] if "mark" in item)
    return LabelSet(**vocabularies, marks=marks)
