"""Two sentences' figures for the same thing, compared as a fact-checker would: match, conflict or update.

A match: the hedged intervals overlap ("at least 10,000" and 13,000). A conflict: disjoint intervals for the
same time frame (or with no time frame known). An update: disjoint intervals at different times
("6,700 (February 2024) → 13,000 (August 2024)"). A conflict is *confident* when the figure does not change
with time (a magnitude, a calibre), both sentences say when it holds, or a confirmed count of a running total
(the dead) is lower at a later time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from annotator.count_shares import TROOPS, named_place, thing_state, troop_nation
from annotator.counted import (
    COLLECTIVE_KEY,
    collective_group,
    counted_quantities,
    credited_group,
    flow_stage,
    named_kind,
    surroundings,
)
from annotator.hedges import hedged_interval
from annotator.measures import TO_BASE, base_unit, bearings_apart, in_unit
from annotator.numbers import Quantity
from annotator.regex_guard import guarded
from annotator.time_frames import Frame, frame_at

NEGATED = re.compile(r"\b(?:not|rather than|instead of|never)\s+(?:[$€£¥]\s?)?$", re.IGNORECASE)
NEGATED = guarded(NEGATED)  # the same matches, found faster (read for every figure of every candidate)
YEAR_DAYS = 365  # figures whose times are this many days apart do not agree by overlapping
IN_YEAR = re.compile(r"\b[Ii]n\s+((?:1[89]|20)\d\d)\b")  # "In 1934, an even stronger quake killed ..."
MANY_EVENTS = frozenset({"aftershock"})  # events that come many at a time: two magnitudes need not be of one
MAGNITUDES_APART = 0.5  # magnitudes this far apart are of two quakes, not two estimates of one
SCALE_APART = 10  # figures of one time this many times apart count different scopes, not one thing twice
UPDATE_SHARE = 0.1  # figures of different days further apart than this are an update, even when both can hold
TIMELESS_UNITS = frozenset({"magnitude"})  # a property of the event, not a running tally
CALIBRES = frozenset({"mm", "cm"})  # "152mm shells" and "122mm shells" are two kinds of shell, not two figures
COMPATIBLE_UNITS = {frozenset({"", "magnitude"})}  # "a 7.4 earthquake" and "a magnitude 7.0 earthquake"
# Running totals that only grow: a confirmed count of the dead later below an earlier one is a discrepancy, not an update.
CUMULATIVE = frozenset({"people:dead", "people:injured", "people:rescued", "people:buried"})
CONFIRMED = re.compile(r"\b(?:confirmed|counted|recorded|registered|recovered|verified)\b", re.IGNORECASE)
ESTIMATED = re.compile(r"\b(?:estimat\w*|could|may|might|perhaps|feared|expected|projected)\b", re.IGNORECASE)
# "As of 1600 hours": a status report's cut-off. Without a date it need not be the published day (often the day before).
CUT_OFF = re.compile(r"\bas of\s+(?:\d{1,4}(?::\d\d)?\s*(?:hours|hrs|[ap]\.?m\b\.?)|noon|midnight|this (?:morning|evening))",
                     re.IGNORECASE)
BOUND_DAYS = 7  # an earlier lower bound agrees with a later figure it holds up to this many days later
# The count grew to this figure: "bringing the total number of USAR members to 506", "the toll rose to 310".
GREW_TO = re.compile(r"\b(?:bring|brought|rais|rose|risen|rising|climb|increas|grew|grow|jump|swell|swollen)\w*\b[^;:!?]{0,100}\bto\s+$",
                     re.IGNORECASE)
PART = re.compile(r"\b(?:including|among them|among whom|of whom|of which|of them|of those)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A figure of the claim beside a figure here that counts the same thing."""

    kind: str  # "match", "conflict" or "update"
    claim: Quantity
    other: Quantity
    confident: bool = False
    claim_frame: Frame | None = None
    other_frame: Frame | None = None
    falling: bool = False  # a running total that is lower at the later time

    def pair(self) -> tuple[str, str]:
        """The two figures as written, with what they count."""
        return _written(self.claim), _written(self.other)

    def describe(self) -> str:
        """One line: "same figure: …", "possible conflict: … vs …", "update: … (when) → … (when)"."""
        claim, other = self.pair()
        if self.kind == "match":
            return f"same figure: {claim} = {other}"
        if self.falling:
            return (f"possible conflict: {claim} ({self.claim_frame.label()}) vs {other} ({self.other_frame.label()}),"
                    " the later count is lower")
        if self.kind == "conflict":
            sure = "" if self.confident else " (dates unsure)"
            return f"possible conflict: {claim} vs {other}{sure}"
        older, newer = sorted([(self.claim_frame, claim, self.claim), (self.other_frame, other, self.other)],
                              key=lambda entry: (entry[0].start, _central(entry[2])))  # same day: the smaller first
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
    units_fit = a.unit == b.unit or (frozenset({a.unit, b.unit}) in COMPATIBLE_UNITS and not _count_beside_measure(a, b))
    return units_fit and a.unit != "year" and bool(a_keys & b_keys)


def _count_beside_measure(a: Quantity, b: Quantity) -> bool:
    """Whether one figure measures a thing (a magnitude) and the other counts things of that kind: "six more quakes"
    and "at least 18 aftershocks" count quakes, "a 7.8 earthquake" measures one. A bare figure written with decimals
    ("a 7.4 earthquake") is a measure too."""
    bare = a if a.unit == "" else b
    return bare.decimals == 0


def compare(claim_text: str, claim_published: date | None, other_text: str,
            other_published: date | None) -> list[Comparison]:
    """For each figure of the claim, how a figure here that counts the same thing compares with it.

    A figure here that one of the claim's figures matches is accounted for: it clashes with another only at the
    same time. A part of a total given before it ("30 rescued, including three overnight") clashes with nothing.
    """
    claim = [(q, keys) for q, keys in counted_quantities(claim_text) if not negated(claim_text, q)]
    other = _in_claim_units(claim, [(q, keys) for q, keys in counted_quantities(other_text) if not negated(other_text, q)])
    comparable = {id(q): [o for o, o_keys in other if same_thing(q, keys, o, o_keys)
                          and _same_group(claim_text, q, keys, other_text, o, o_keys)
                          and not bearings_apart(claim_text, q, other_text, o)] for q, keys in claim}
    keys_of = {id(q): keys for q, keys in claim + other}
    spans = {id(q): interval(q) for q, _ in claim + other}  # each figure's interval, worked out once

    def fits(a: Quantity, b: Quantity) -> bool:
        """`overlap`, from the intervals worked out above."""
        (a_low, a_high), (b_low, b_high) = spans[id(a)], spans[id(b)]
        return a_low <= b_high and b_low <= a_high

    parts = _parts(claim_text, claim) | _parts(other_text, other)
    matched_here = {id(o) for q, _ in claim for o in comparable[id(q)] if fits(q, o)}
    results = []
    for quantity, _ in claim:
        candidates = comparable[id(quantity)]
        match = next((o for o in candidates if fits(quantity, o)
                      and not _years_apart(claim_text, quantity, claim_published, other_text, o, other_published)), None)
        if match is not None:
            results.append(_agreement(quantity, match, claim_text, claim_published, other_text, other_published))
        if id(quantity) in parts:
            continue
        clashes = [_clash(quantity, o, claim_text, claim_published, other_text, other_published,
                          (_confirmed(claim_text, quantity, keys_of[id(quantity)] & keys_of[id(o)]),
                           _confirmed(other_text, o, keys_of[id(quantity)] & keys_of[id(o)])))
                   for o in candidates if id(o) not in parts and not fits(quantity, o)
                   and _may_clash(claim_text, quantity, other_text, o, keys_of)]
        # Where one side gives two figures for the thing and the other's figure matches one of them ("upwards of
        # 50,000, but other reports 100,000 to 200,000" beside 65,000), it still disagrees with the other at the same
        # time; an older or newer figure beside a matching one is only history.
        clashes = [c for c in clashes if not (c.kind == "conflict" and (_shares_apart(claim_text, c.claim, other_text, c.other)
                                                                         or _scales_apart(c)))
                   and not (c.kind == "update" and _other_groups(claim_text, c.claim, other_text, c.other))
                   and not _places_apart(claim_text, c.claim, other_text, c.other)
                   and not _states_apart(claim_text, c.claim, other_text, c.other)
                   and not _events_apart(c, keys_of[id(c.claim)] & keys_of[id(c.other)])]
        free = [c for c in clashes if id(c.other) not in matched_here]
        found = free[0] if match is None and free else next((c for c in clashes if c.kind == "conflict"), None)
        if found is not None:
            results.append(found)
    return results


def _in_claim_units(claim: list, other: list) -> list:
    """The other sentence's figures, a measure in another unit than the claim's of the same kind converted to the claim's
    (50 miles beside 80 kilometers: 80.47 km), as written still."""
    units = {base_unit(q.unit): q.unit for q, _ in claim if q.unit in TO_BASE}
    if not units:
        return other
    return [(in_unit(o, units[base_unit(o.unit)]) if o.unit in TO_BASE and base_unit(o.unit) in units else o, keys)
            for o, keys in other]


def _same_group(claim_text: str, quantity: Quantity, keys: frozenset[str], other_text: str, other: Quantity,
                other_keys: frozenset[str]) -> bool:
    """Counts of a group's members or staff ("506 USAR members", "300 USAR personnel") are of one group only when both
    name it alike; "15 members" of a team and "300 USAR personnel" are two groups. A count that names no group
    ("transported 273 personnel" beside "transported 534 relief personnel") is left to what is around the two figures,
    as any other count. Other counted things pass."""
    if keys & other_keys != {COLLECTIVE_KEY}:
        return True
    ours, theirs = collective_group(claim_text, quantity), collective_group(other_text, other)
    return bool(ours & theirs) or not (ours and theirs)


def _may_clash(claim_text: str, quantity: Quantity, other_text: str, other: Quantity, keys_of: dict) -> bool:
    """Disjoint figures (the caller has seen they do not overlap) of the same instance of a thing, neither vague
    ("dozens" is too loose to clash) nor a calibre."""
    return ("vague" not in (quantity.hedge, other.hedge) and quantity.unit not in CALIBRES
            and _same_instance(claim_text, quantity, other_text, other, keys_of[id(quantity)], keys_of[id(other)]))


def _shares_apart(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two figures count different shares: different stages of a flow (pledged, sent, received), credited to
    different groups of workers, or one group's share below a total credited to no one ("U.S. teams rescued nine"
    beside "more than 20 were pulled out")."""
    stage = flow_stage(claim_text, quantity)
    if stage and flow_stage(other_text, other) not in ("", stage):
        return True  # what was pledged, what was sent and what arrived are three counts
    groups = credited_group(claim_text, quantity), credited_group(other_text, other)
    if all(groups):
        return not groups[0] & groups[1]
    if not any(groups):
        return False
    part, whole = (quantity, other) if groups[0] else (other, quantity)
    return interval(part)[1] < interval(whole)[0]


def _years_apart(claim_text: str, quantity: Quantity, claim_published: date | None, other_text: str, other: Quantity,
                 other_published: date | None) -> bool:
    """Whether two figures hold for times a year or more apart ("In 1934, an even stronger quake killed more than 10,000"
    beside this year's toll): close values then are another event's or period's, not a second source for this one."""
    if not (IN_YEAR.search(claim_text, 0, quantity.start) or IN_YEAR.search(other_text, 0, other.start)):
        return False  # only a year the sentence names sets a figure apart; "since mid-2022" runs up to now
    periods = _period(claim_text, quantity, claim_published), _period(other_text, other, other_published)
    if not all(periods):
        return False
    (a_start, a_end), (b_start, b_end) = periods
    return (max(a_start, b_start) - min(a_end, b_end)).days >= YEAR_DAYS


def _period(text: str, quantity: Quantity, published: date | None) -> tuple[date, date] | None:
    """The days a figure holds for: the year of the last "in 1934" before it in the sentence, else its frame."""
    years = IN_YEAR.findall(text, 0, quantity.start)
    if years:
        return date(int(years[-1]), 1, 1), date(int(years[-1]), 12, 31)
    frame = frame_at(text, quantity.start, published)
    return (frame.start, frame.end) if frame else None


def _events_apart(comparison: Comparison, keys: frozenset[str] = frozenset()) -> bool:
    """Whether two magnitudes are of two events: half a unit or more apart (agencies' and scales' estimates of one quake
    differ by a few tenths: 7.8 and 7.9; a 7.3 is another quake than a 7.8), or both sentences say on which day and the
    days differ ("the 6.1 earthquake on May 2", "a 5.6 earthquake on May 9"). Closer magnitudes, one of them with no
    day, may be of the same event and are still compared."""
    if not TIMELESS_UNITS & {comparison.claim.unit, comparison.other.unit}:
        return False
    if abs(_central(comparison.claim) - _central(comparison.other)) >= MAGNITUDES_APART:
        return True
    frames = comparison.claim_frame, comparison.other_frame
    both_dated = all(frames) and frames[0].explicit and frames[1].explicit
    if keys & MANY_EVENTS:  # a quake has one magnitude, its aftershocks many: one aftershock only when one day is given
        return not (both_dated and frames[0].overlaps(frames[1]))
    return both_dated and not frames[0].overlaps(frames[1])


def _states_apart(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two counts are of things in different states: houses destroyed, houses damaged, and houses destroyed or
    damaged (the two together) are three counts, neither rivals nor updates of each other."""
    states = thing_state(claim_text, quantity), thing_state(other_text, other)
    return all(states) and states[0] != states[1]


def _places_apart(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two counts are for different places ("34 killed in India", "five deaths from Tibet"): counts for two
    places, or one place's share below a count that names no place (the toll), are neither rivals nor an update."""
    places = named_place(claim_text, quantity), named_place(other_text, other)
    if all(places):
        return places[0] != places[1]
    if not any(places):
        return False
    part, whole = (quantity, other) if places[0] else (other, quantity)
    return interval(part)[1] < interval(whole)[0]


def _scales_apart(comparison: Comparison) -> bool:
    """Whether two figures of one time are an order of magnitude apart ("nearly 120 deaths" beside "at least four"): not
    rival counts of one thing but counts of different scopes (a town and the country, one quake and another). A magnitude
    and a confirmed toll that fell are still compared."""
    if comparison.falling or TIMELESS_UNITS & {comparison.claim.unit, comparison.other.unit}:
        return False
    low, high = sorted([_central(comparison.claim), _central(comparison.other)])
    return high >= SCALE_APART * max(low, 1e-9)


def _other_groups(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two counts are credited to two different groups of workers ("Air Force operators rescued seven", "USAR
    teams rescued 62"): a later count by another group is not an update of this one."""
    ours = credited_group(claim_text, quantity)  # the other sentence's group is looked for only when this one has one
    return bool(ours) and bool(theirs := credited_group(other_text, other)) and not ours & theirs


def _parts(text: str, quantities: list[tuple[Quantity, frozenset[str]]]) -> set[int]:
    """The figures that are parts of a total the sentence gave before them ("including three", "of whom 40")."""
    found = set()
    for position, (quantity, keys) in enumerate(quantities):
        if any(keys & earlier_keys and PART.search(text, earlier.end, quantity.start)
               for earlier, earlier_keys in quantities[:position]):
            found.add(id(quantity))
    return found


def _confirmed(text: str, quantity: Quantity, keys: frozenset[str]) -> bool:
    """Whether a figure is a confirmed count of a running total that only grows (the dead, the rescued), not an estimate."""
    return bool(keys & CUMULATIVE) and bool(CONFIRMED.search(text, max(0, quantity.start - 90), quantity.end + 90)) and not (
        ESTIMATED.search(text, max(0, quantity.start - 40), quantity.end + 40))


def _agreement(quantity: Quantity, other: Quantity, claim_text: str, claim_published: date | None, other_text: str,
               other_published: date | None) -> Comparison:
    """Overlapping figures: a match, unless they hold at different times, their own figures differ and the later
    one moved away from the earlier (an update: "more than 125 landings" on the 15th, "600 landings" on the 17th).
    A later bound that holds the earlier figure ("about 200,000" on the 20th, "over 150,000" on the 24th) agrees, and
    so does an earlier lower bound that holds the later figure: "more than 4,000 dead" on the 28th is still true of
    5,582 on the 30th."""
    if quantity.unit not in TIMELESS_UNITS and not nearly_equal(quantity, other):
        claim_frame = frame_at(claim_text, quantity.start, claim_published)
        other_frame = frame_at(other_text, other.start, other_published)
        if claim_frame and other_frame and not claim_frame.overlaps(other_frame):
            (earlier, _), (later, _) = sorted([(quantity, claim_frame.start), (other, other_frame.start)],
                                              key=lambda pair: pair[1])
            if not (_holds(later, earlier) or _still_true(quantity, claim_frame, claim_text, other, other_frame, other_text)):
                return Comparison("update", quantity, other, False, claim_frame, other_frame)
    return Comparison("match", quantity, other)


def _still_true(quantity: Quantity, frame: Frame, text: str, other: Quantity, other_frame: Frame, other_text: str) -> bool:
    """Whether the earlier of two figures is a lower bound still true of the later one: "more than 4,000 dead" on the
    28th beside 5,582 on the 30th. Not when they are more than BOUND_DAYS apart (a toll months later is a new count),
    nor when the later sentence says the count grew to its figure ("bringing the total ... to 506")."""
    (earlier, _, _), (later, later_frame, later_text) = sorted(
        [(quantity, frame, text), (other, other_frame, other_text)], key=lambda entry: entry[1].start)
    earlier_frame = frame if earlier is quantity else other_frame
    return (earlier.hedge == "above" and _holds(earlier, later)
            and (later_frame.start - earlier_frame.end).days <= BOUND_DAYS
            and not GREW_TO.search(later_text, max(0, later.start - 120), later.start))


def _holds(bound: Quantity, figure: Quantity) -> bool:
    """Whether a figure's interval holds the figure another source gives."""
    low, high = interval(bound)
    return low <= _central(figure) <= high


def nearly_equal(a: Quantity, b: Quantity) -> bool:
    """Whether the figures two sources give differ by at most UPDATE_SHARE of the larger (111,481 and 112,405)."""
    return abs(_central(a) - _central(b)) <= UPDATE_SHARE * max(_central(a), _central(b))


def _central(quantity: Quantity) -> float:
    """The figure a source gives: the bound it states, the middle of a range."""
    if quantity.hedge == "above":
        return quantity.low
    if quantity.hedge == "below":
        return quantity.high
    return (quantity.low + quantity.high) / 2


def _same_instance(claim_text: str, quantity: Quantity, other_text: str, other: Quantity, keys: frozenset[str],
                   other_keys: frozenset[str]) -> bool:
    """Whether two figures of the same thing share a word around them (a timeless one needs none: 7.4 vs 7.0), or
    neither has a word around it but what it counts (a table row's name and sum)."""
    if quantity.unit in TIMELESS_UNITS or other.unit in TIMELESS_UNITS:
        return True
    shared = keys & other_keys
    if any(key.startswith("people:") for key in shared):
        return True
    if TROOPS in shared:  # the people a force has deployed, counted like the dead; one nation's unless both say
        return troop_nation(claim_text, quantity) == troop_nation(other_text, other)
    around, other_around = surroundings(claim_text, quantity, keys), surroundings(other_text, other, other_keys)
    named, other_named = named_kind(claim_text, quantity, keys), named_kind(other_text, other, other_keys)
    if named or other_named:  # a named kind of team is counted apart from others: it needs its name on both sides
        return bool(named & (other_around | other_named) or other_named & (around | named))
    return bool(around & other_around) or not (around or other_around)  # two table rows: "DoD $10,731,475"


def _clash(quantity: Quantity, other: Quantity, claim_text: str, claim_published: date | None, other_text: str,
           other_published: date | None, confirmed: tuple[bool, bool] = (False, False)) -> Comparison:
    """Disjoint figures: an update when they hold at different times (unless a confirmed total fell), else a conflict."""
    claim_frame = frame_at(claim_text, quantity.start, claim_published)
    other_frame = frame_at(other_text, other.start, other_published)
    timeless = quantity.unit in TIMELESS_UNITS or other.unit in TIMELESS_UNITS
    if not timeless and claim_frame and other_frame and not claim_frame.overlaps(other_frame):
        if _fell((quantity, claim_frame, confirmed[0]), (other, other_frame, confirmed[1])):
            return Comparison("conflict", quantity, other, True, claim_frame, other_frame, falling=True)
        return Comparison("update", quantity, other, False, claim_frame, other_frame)
    confident = timeless or bool(claim_frame and other_frame and claim_frame.explicit and other_frame.explicit)
    if not confident and claim_frame and other_frame and (_undated_cut_off(claim_text, claim_frame)
                                                          or _undated_cut_off(other_text, other_frame)):
        return Comparison("update", quantity, other, False, claim_frame, other_frame)
    return Comparison("conflict", quantity, other, confident, claim_frame, other_frame)


def _undated_cut_off(text: str, frame: Frame) -> bool:
    """A tally "as of" an hour with no date: two such counts of one day are snapshots at different hours, not rivals."""
    return not frame.explicit and bool(CUT_OFF.search(text))


def _fell(*figures: tuple[Quantity, Frame, bool]) -> bool:
    """Whether the earlier of two (figure, frame, confirmed) is a confirmed count and the later lies wholly below it."""
    (earlier, _, confirmed), (later, _, _) = sorted(figures, key=lambda figure: figure[1].start)
    return confirmed and interval(later)[1] < interval(earlier)[0]


def _written(quantity: Quantity) -> str:
    """The figure as written with what it counts ("6,700 containers"), the unit alone when it has one."""
    written = quantity.phrase or quantity.text
    return f"{quantity.hedge_text} {written}" if quantity.hedge_text else written
