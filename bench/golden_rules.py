"""The Golden Rules (English) of pragmatic_segmenter: edge cases a segmenter should get right, held out from tuning."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLE = Path(__file__).parent / "data-sample" / "golden_rules_en.jsonl"
NAME = "The Golden Rules (English), pragmatic_segmenter by Kevin S. Dias (as used by pySBD's tests)"
LICENCE = "MIT (Copyright (c) 2015 Kevin S. Dias)"

Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class Rule:
    """One rule: its number and name, the text, and the sentences it should give."""

    number: int
    name: str
    text: str
    expected: tuple[str, ...]

    @property
    def keeps_offsets(self) -> bool:
        """Whether the expected sentences are the text itself, cut and trimmed (rule 41 rewrites the text)."""
        position = 0
        for sentence in self.expected:
            found = self.text.find(sentence, position)
            if found < 0 or self.text[position:found].strip():
                return False
            position = found + len(sentence)
        return not self.text[position:].strip()


def load_rules() -> list[Rule]:
    """Every rule that keeps offsets (a segmenter here never rewrites text)."""
    rules = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        rules.append(Rule(record["rule"], record["name"], record["text"], tuple(record["expected"])))
    return [rule for rule in rules if rule.keeps_offsets]


def passes(segment: Callable[[str], Spans], rule: Rule) -> bool:
    """Whether the segmenter's sentences, whitespace trimmed, are exactly the expected ones."""
    got = tuple(piece for start, end in segment(rule.text) if (piece := rule.text[start:end].strip()))
    return got == rule.expected


def failures(segment: Callable[[str], Spans], rules: list[Rule]) -> list[int]:
    """The numbers of the rules the segmenter gets wrong."""
    return [rule.number for rule in rules if not passes(segment, rule)]
