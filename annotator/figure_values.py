"""A figure's values as a fact-checker reads them: the interval its hedge and rounding allow, the figure a source gives
(a stated bound, a range's middle), and whether a sentence rejects it ("35 buses, not 40")."""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.hedges import ROUND_FROM, hedged_interval
from annotator.numbers import Quantity, find_quantities
from annotator.regex_guard import guarded

NEGATED = re.compile(r"\b(?:not|rather than|instead of|never)\s+(?:[$€£¥]\s?)?$", re.IGNORECASE)
NEGATED = guarded(NEGATED)  # the same matches, found faster (read for every figure of every candidate)
ESTIMATES_APART = 0.25  # two estimates of one quake's magnitude (8.9 and 9.0; 7.8 and 7.9) lie this close
UPDATE_SHARE = 0.1  # figures of different days further apart than this are an update, even when both can hold
TIMELESS_UNITS = frozenset({"magnitude"})  # a property of the event, not a running tally


def tenths_given(texts) -> frozenset[float]:
    """The whole magnitudes the texts also give to a tenth ("a 9.0-magnitude earthquake": 9.0), read from the sentences
    that name a magnitude only."""
    return frozenset(q.low for text in texts if "agnitude" in text for q in find_quantities(text)
                     if q.unit == "magnitude" and q.decimals and q.low == q.high == int(q.low))


def to_tenth(quantity: Quantity, tenths: frozenset[float], beside: Quantity) -> Quantity:
    """A whole magnitude ("9-magnitude") beside the same one given to a tenth in the story ("9.0-magnitude") is that
    figure, 9.0, against another agency's estimate of the quake a tenth or two off ("8.9"): it does not hold it. Further
    off, a whole figure is what a reporter rounds ("magnitude 7" holds 7.4), and alone it keeps its rounding."""
    if (quantity.unit == "magnitude" == beside.unit and not quantity.decimals and beside.decimals
            and quantity.low == quantity.high and quantity.low in tenths
            and abs(beside.low - quantity.low) <= ESTIMATES_APART):
        return replace(quantity, decimals=1)
    return quantity


def negated(text: str, quantity: Quantity) -> bool:
    """A figure the sentence rejects ("35 buses, not 40", "rather than 13,000"): it is nobody's figure."""
    return bool(NEGATED.search(text, max(0, quantity.start - 16), quantity.start))


def interval(quantity: Quantity) -> tuple[float, float]:
    """The values a figure allows, its hedge and rounding included."""
    if quantity.hedge == "vague":
        return quantity.low, quantity.high
    if not quantity.unit and not quantity.hedge and not quantity.decimals and quantity.low == quantity.high < ROUND_FROM:
        return quantity.low, quantity.high  # "four ships" is four, not 3.5-4.5: a small count of things is exact
    return hedged_interval(quantity.low, quantity.high, quantity.hedge, quantity.decimals)


def overlap(a: Quantity, b: Quantity) -> bool:
    """Whether two figures can both be right."""
    (a_low, a_high), (b_low, b_high) = interval(a), interval(b)
    return a_low <= b_high and b_low <= a_high


def holds(bound: Quantity, figure: Quantity) -> bool:
    """Whether a figure's interval holds the figure another source gives."""
    low, high = interval(bound)
    return low <= central(figure) <= high


def nearly_equal(a: Quantity, b: Quantity) -> bool:
    """Whether the figures two sources give differ by at most UPDATE_SHARE of the larger (111,481 and 112,405)."""
    return abs(central(a) - central(b)) <= UPDATE_SHARE * max(central(a), central(b))


def central(quantity: Quantity) -> float:
    """The figure a source gives: the bound it states, the middle of a range."""
    if quantity.hedge == "above":
        return quantity.low
    if quantity.hedge == "below":
        return quantity.high
    return (quantity.low + quantity.high) / 2
