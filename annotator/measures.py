"""Measures in different units, and distances along a compass bearing, read as a fact-checker reads them.

"About 80 kilometers east of the capital" and "approximately 50 miles northeast of Kathmandu" give one distance:
a figure in miles is converted to kilometres (feet to metres) before the two are compared (a small table of the pairs news uses),
and two bearings a compass point apart (east, northeast) may describe one spot, where east and northwest do not.
"""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.hedges import round_cover
from annotator.numbers import Quantity

# unit -> (the unit it is compared in, how many of those one makes). Only units `numbers.UNITS` reads.
TO_BASE = {"mi": ("km", 1.609344), "km": ("km", 1.0), "t": ("kg", 1000.0), "kg": ("kg", 1.0),
           "cm": ("mm", 10.0), "mm": ("mm", 1.0), "ft": ("m", 0.3048), "m": ("m", 1.0),
           "lb": ("kg", 0.45359237), "gal": ("l", 3.785411784), "l": ("l", 1.0)}
# Measures `numbers.UNITS` leaves to be read here: a weight in pounds ("pounds" may be money, so only "pounds of ...")
# and a volume in gallons or litres, both keyed by what they measure ("129,000 gallons of water": water).
MEASURE_AFTER = re.compile(r"[\s-]?(?:(?P<lb>pounds?|lbs?\.?)(?=\s+of\b|\s*(?:[.,;:!?)]|$))|(?P<gal>gallons?)\b|(?P<l>lit(?:re|er)s?)\b)",
                           re.IGNORECASE)
LENGTHS = frozenset({"km", "mi"})
DISTANCE_KEY = "distance:bearing"  # a distance from a place along a compass bearing ("80 km east of the capital")
POINTS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225, "west": 270,
          "northwest": 315}
BEARING = re.compile(r"[\s-]+(north|south)?[\s-]?(east|west)?(?:ern)?(?:\s+of)?\b", re.IGNORECASE)
BEARINGS_APART = 45  # degrees: one compass point either way may be a loose description of the same spot


def base_unit(unit: str) -> str:
    """The unit a measure is compared in (kilometres for miles), or the unit itself."""
    return TO_BASE.get(unit, (unit, 1.0))[0]


def in_unit(quantity: Quantity, unit: str) -> Quantity:
    """The quantity in another unit of the same measure (50 miles in km: 80.47), its text as written; else unchanged."""
    if quantity.unit == unit or base_unit(quantity.unit) != base_unit(unit) or quantity.unit not in TO_BASE:
        return quantity
    factor = TO_BASE[quantity.unit][1] / TO_BASE[unit][1]
    if not quantity.hedge and quantity.low == quantity.high and (cover := round_cover(quantity.low)):
        # a round figure stands for its rounding in its own unit: "146,000 kilograms" is 145,500-146,500 kg, so
        # 320,768-322,973 lb, not an exact 321,875 lb (which "more than 322,340 pounds" would contradict)
        return replace(quantity, low=(quantity.low - cover) * factor, high=(quantity.high + cover) * factor, unit=unit)
    return replace(quantity, low=quantity.low * factor, high=quantity.high * factor, unit=unit)


def bearing(text: str, quantity: Quantity) -> int | None:
    """The compass bearing in degrees of a distance written right before one ("80 kilometers east of"), or None."""
    if quantity.unit not in LENGTHS:
        return None
    match = BEARING.match(text, quantity.end)
    if match is None or not (match.group(1) or match.group(2)):
        return None
    return POINTS["".join(part.lower() for part in match.groups() if part)]


def bearings_apart(text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two distances lie along bearings more than a compass point apart: not one spot described twice."""
    ours, theirs = bearing(text, quantity), bearing(other_text, other)
    if ours is None or theirs is None:
        return False
    difference = abs(ours - theirs) % 360
    return min(difference, 360 - difference) > BEARINGS_APART


def as_measure(text: str, quantity: Quantity) -> Quantity:
    """A bare figure before "pounds of", "gallons" or "litres" as the measure it is, unit and all ("129,000 pounds of
    water": 129,000 lb, ending after "pounds"), so a weight in pounds is compared with one in tons and the measure is
    keyed by the thing after it (water), not by its unit word beside another figure's ("4,200 pounds of food")."""
    if quantity.unit or (match := MEASURE_AFTER.match(text, quantity.end)) is None:
        return quantity
    return replace(quantity, unit=match.lastgroup, end=match.end())


def bare_measure(a: Quantity, a_keys: frozenset[str], b: Quantity, b_keys: frozenset[str]) -> bool:
    """Whether two weights may be one measure though only one names its thing: "supplies delivered by helicopters
    totaled more than 4 million pounds" names none after the figure, so it is keyed by its unit alone. Not volumes: a
    bare volume is most often a flow's conversion ("5,000 barrels (210,000 gallons) per day"), not an amount."""
    return base_unit(a.unit) == base_unit(b.unit) == "kg" and (a_keys == {"kg"} or b_keys == {"kg"})


def units_apart(a: Quantity, b: Quantity) -> bool:
    """Whether two equal figures are measures of different kinds, a volume and a weight ("129,000 gallons" of water and
    "129,000 pounds" of it): one report with two units, of which one is wrong; a volume is never a weight's slip."""
    kinds = {base_unit(a.unit), base_unit(b.unit)}
    return kinds == {"kg", "l"} and a.low == b.low and a.high == b.high
