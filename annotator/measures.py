"""Measures in different units, and distances along a compass bearing, read as a fact-checker reads them.

"About 80 kilometers east of the capital" and "approximately 50 miles northeast of Kathmandu" give one distance:
a figure in miles is converted to kilometres (feet to metres) before the two are compared (a small table of the pairs news uses),
and two bearings a compass point apart (east, northeast) may describe one spot, where east and northwest do not.
"""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.numbers import Quantity

# unit -> (the unit it is compared in, how many of those one makes). Only units `numbers.UNITS` reads.
TO_BASE = {"mi": ("km", 1.609344), "km": ("km", 1.0), "t": ("kg", 1000.0), "kg": ("kg", 1.0),
           "cm": ("mm", 10.0), "mm": ("mm", 1.0), "ft": ("m", 0.3048), "m": ("m", 1.0)}
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
