"""Two sentences' figures for the same thing, compared as a fact-checker would: match, conflict or update.

A match: the hedged intervals overlap ("at least 10,000" and 13,000). A conflict: disjoint intervals for the
same time frame (or with no time frame known). An update: disjoint intervals at different times
("6,700 (February 2024) → 13,000 (August 2024)"). A conflict is *confident* when the figure does not change
with time (a magnitude, a calibre) or both sentences say when it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from annotator.counted import counted_quantities, surroundings
from annotator.hedges import hedged_interval
from annotator.numbers import Quantity
from annotator.time_frames import Frame, frame_at

NEGATED = re.compile(r"\b(?:not|rather than|instead of|never)\s+(?:[$€£¥]\s?)?$", re.IGNORECASE)
UPDATE_SHARE = 0.1  # figures of different days further apart than this are an update, even when both can hold
TIMELESS_UNITS = frozenset({"magnitude"})  # a property of the event, not a running tally
CALIBRES = frozenset({"mm", "cm"})  # "152mm shells" and "122mm shells" are two kinds of shell, not two figures
COMPATIBLE_UNITS = {frozenset({"", "magnitude"})}  # "a 7.4 earthquake" and "a magnitude 7.0 earthquake"


@dataclass(frozen=True, slots=True)
class Comparison:
    """A figure of the claim beside a figure here that counts the same thing."""

    kind: str  # "match", "conflict" or "update"
    claim: Quantity
    other: Quantity
    confident: bool = False
    claim_frame: Frame | None = None
    other_frame: Frame | None = None

    def pair(self) -> tuple[str, str]:
        """The two figures as written, with what they count."""
        return _written(self.claim), _written(self.other)

    def describe(self) -> str:
        """One line: "same figure: …", "possible conflict: … vs …", "update: … (when) → … (when)"."""
        claim, other = self.pair()
        if self.kind == "match":
            return f"same figure: {claim} = {other}"
        if self.kind == "conflict":
            sure = "" if self.confident else " (dates unsure)"
            return f"possible conflict: {claim} vs {other}{sure}"
        older, newer = sorted([(self.claim_frame, claim), (self.other_frame, other)], key=lambda pair: pair[0].start)
        return f"update: {older[1]} ({older[0].label()}) → {newer[1]} ({newer[0].label()})"


def negated(text: str, quantity: Quantity) -> bool:
    """A figure the sentence rejects ("35 buses, not 40", "rather than 13,000"): it is nobody's figure."""
    return bool(NEGATED.search(text, max(0, quantity.start - 16), quantity.start))


def interval(quantity: Quantity) -> tuple[float, float]:
    """The values a figure allows, its hedge and rounding included."""
    if quantity.hedge == "vague":
        return quantity.low, quantity.high
    return hedged_interval(quantity.low, quantity.high, quantity.hedge, quantity.decimals)


def overlap(a: Quantity, b: Quantity) -> bool:
    """Whether two figures can both be right."""
    (a_low, a_high), (b_low, b_high) = interval(a), interval(b)
    return a_low <= b_high and b_low <= a_high


def same_thing(a: Quantity, a_keys: frozenset[str], b: Quantity, b_keys: frozenset[str]) -> bool:
    """Whether two figures count the same thing: a shared counted key and the same (or a compatible) unit."""
    units_fit = a.unit == b.unit or frozenset({a.unit, b.unit}) in COMPATIBLE_UNITS
    return units_fit and a.unit != "year" and bool(a_keys & b_keys)


def compare(claim_text: str, claim_published: date | None, other_text: str,
            other_published: date | None) -> list[Comparison]:
    """For each figure of the claim, how a figure here that counts the same thing compares with it.

    A figure here that one of the claim's figures matches is accounted for: it cannot also clash with another.
    """
    claim = [(q, keys) for q, keys in counted_quantities(claim_text) if not negated(claim_text, q)]
    other = [(q, keys) for q, keys in counted_quantities(other_text) if not negated(other_text, q)]
    comparable = {id(q): [o for o, o_keys in other if same_thing(q, keys, o, o_keys)] for q, keys in claim}
    keys_of = {id(q): keys for q, keys in claim + other}
    matched_here = {id(o) for q, _ in claim for o in comparable[id(q)] if overlap(q, o)}
    results = []
    for quantity, _ in claim:
        candidates = comparable[id(quantity)]
        match = next((o for o in candidates if overlap(quantity, o)), None)
        if match is not None:
            results.append(_agreement(quantity, match, claim_text, claim_published, other_text, other_published))
            continue
        # A vague amount ("thousands", "dozens") agrees with what lies in it, but is too loose to clash with anything.
        # Disjoint figures clash only about the same instance of the thing: some word around them in common.
        clash = next((o for o in candidates if id(o) not in matched_here and "vague" not in (quantity.hedge, o.hedge)
                      and quantity.unit not in CALIBRES
                      and _same_instance(claim_text, quantity, other_text, o, keys_of[id(quantity)], keys_of[id(o)])),
                     None)
        if clash is not None:
            results.append(_clash(quantity, clash, claim_text, claim_published, other_text, other_published))
    return results


def _agreement(quantity: Quantity, other: Quantity, claim_text: str, claim_published: date | None, other_text: str,
               other_published: date | None) -> Comparison:
    """Overlapping figures: a match, unless they hold at different times and their own figures differ (an update:
    "more than 125 landings" on the 15th, "600 landings" on the 17th)."""
    if quantity.unit not in TIMELESS_UNITS and abs(_central(quantity) - _central(other)) > UPDATE_SHARE * max(
            _central(quantity), _central(other)):
        claim_frame = frame_at(claim_text, quantity.start, claim_published)
        other_frame = frame_at(other_text, other.start, other_published)
        if claim_frame and other_frame and not claim_frame.overlaps(other_frame):
            return Comparison("update", quantity, other, False, claim_frame, other_frame)
    return Comparison("match", quantity, other)


def _central(quantity: Quantity) -> float:
    """The figure a source gives: the bound it states, the middle of a range."""
    if quantity.hedge == "above":
        return quantity.low
    if quantity.hedge == "below":
        return quantity.high
    return (quantity.low + quantity.high) / 2


def _same_instance(claim_text: str, quantity: Quantity, other_text: str, other: Quantity, keys: frozenset[str],
                   other_keys: frozenset[str]) -> bool:
    """Whether two figures of the same thing share a word around them (a timeless one needs none: 7.4 vs 7.0)."""
    if quantity.unit in TIMELESS_UNITS or other.unit in TIMELESS_UNITS:
        return True
    return bool(surroundings(claim_text, quantity, keys) & surroundings(other_text, other, other_keys))


def _clash(quantity: Quantity, other: Quantity, claim_text: str, claim_published: date | None, other_text: str,
           other_published: date | None) -> Comparison:
    """Disjoint figures: an update when they hold at different times, else a conflict."""
    claim_frame = frame_at(claim_text, quantity.start, claim_published)
    other_frame = frame_at(other_text, other.start, other_published)
    timeless = quantity.unit in TIMELESS_UNITS or other.unit in TIMELESS_UNITS
    if not timeless and claim_frame and other_frame and not claim_frame.overlaps(other_frame):
        return Comparison("update", quantity, other, False, claim_frame, other_frame)
    confident = timeless or bool(claim_frame and other_frame and claim_frame.explicit and other_frame.explicit)
    return Comparison("conflict", quantity, other, confident, claim_frame, other_frame)


def _written(quantity: Quantity) -> str:
    """The figure as written with what it counts ("6,700 containers"), the unit alone when it has one."""
    written = quantity.phrase or quantity.text
    return f"{quantity.hedge_text} {written}" if quantity.hedge_text else written
