"""Two sentences' figures for the same thing, compared as a fact-checker would: match, conflict or update.

A match: the hedged intervals overlap ("at least 10,000" and 13,000). A conflict: disjoint intervals for the
same time frame (or with no time frame known). An update: disjoint intervals at different times
("6,700 (February 2024) → 13,000 (August 2024)"). A conflict is *confident* when the figure does not change
with time (a magnitude, a calibre), both sentences say when it holds, or a confirmed count of a running total
(the dead) is lower at a later time.
"""

import re
from dataclasses import dataclass
from datetime import date

from annotator.count_causes import aftershock_toll
from annotator.count_sums import with_sums
from annotator.counted import ADDED_PREFIX, CURRENCY_UNITS, MONEY_PREFIX, POPULATION_KEY, counted_quantities
from annotator.event_phases import event_phase
from annotator.figure_values import TIMELESS_UNITS, central, holds, interval, nearly_equal, negated, to_tenth
from annotator.figures_apart import (
    events_apart,
    may_clash,
    other_groups,
    part_figures,
    places_apart,
    rates_apart,
    same_group,
    same_thing,
    scales_apart,
    shares_apart,
    stages_apart,
    standing,
    states_apart,
    years_apart,
)
from annotator.measures import TO_BASE, base_unit, bearings_apart, in_unit, units_apart
from annotator.numbers import Quantity
from annotator.settled_tolls import settled_apart, settled_toll
from annotator.time_frames import Frame, frame_at

# Running totals that only grow: a confirmed count of the dead later below an earlier one is a discrepancy, not an update.
CUMULATIVE = frozenset({"people:dead", "people:injured", "people:rescued", "people:buried"})
CONFIRMED = re.compile(r"\b(?:confirmed|counted|recorded|registered|recovered|verified)\b", re.IGNORECASE)
ESTIMATED = re.compile(r"\b(?:estimat\w*|could|may|might|perhaps|feared|expected|projected)\b", re.IGNORECASE)
# "As of 1600 hours": a status report's cut-off. Without a date it need not be the published day (often the day before).
CUT_OFF = re.compile(r"\bas of\s+(?:\d{1,4}(?::\d\d)?\s*(?:hours|hrs|[ap]\.?m\b\.?)|noon|midnight|this (?:morning|evening))",
                     re.IGNORECASE)
START_DAYS = 10  # a figure reported this many days after the event's first report is one of its start
BOUND_DAYS = 7  # an earlier lower bound agrees with a later figure it holds up to this many days later
# The count grew to this figure: "bringing the total number of USAR members to 506", "the toll rose to 310".
GREW_TO = re.compile(r"\b(?:bring|brought|rais|rose|risen|rising|climb|increas|grew|grow|jump|swell|swollen)\w*\b[^;:!?]{0,100}\bto\s+$",
                     re.IGNORECASE)


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
    phased: bool = False  # a sentence says at which phase of the event its figure holds ("at the beginning")

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
        if self.kind == "conflict" and self.phased:  # when each holds is the point: "at the beginning" vs a date
            return f"possible conflict: {claim} ({self.claim_frame.label()}) vs {other} ({self.other_frame.label()})"
        if self.kind == "conflict":
            sure = "" if self.confident else " (dates unsure)"
            return f"possible conflict: {claim} vs {other}{sure}"
        older, newer = sorted([(self.claim_frame, claim, self.claim), (self.other_frame, other, self.other)],
                              key=lambda entry: (entry[0].start, central(entry[2])))  # same day: the smaller first
        return f"update: {older[1]} ({older[0].label()}) → {newer[1]} ({newer[0].label()})"


def compare(claim_text: str, claim_published: date | None, other_text: str,
            other_published: date | None, first_report: date | None = None,
            periods: tuple[Frame | None, Frame | None] = (None, None),
            tenths: frozenset[float] = frozenset()) -> list[Comparison]:
    """For each figure of the claim, how a figure here that counts the same thing compares with it.

    A figure here that one of the claim's figures matches is accounted for: it clashes with another only at the
    same time. A part of a total given before it ("30 rescued, including three overnight") clashes with nothing.
    `first_report`, the earliest published date among the sentences compared with the claim, stands for the event's
    start when a figure is said to hold then ("at the beginning of the spill"). `periods`: for each sentence, the time
    an earlier sentence of its article names, when it points back to it ("in those three days"; see `frame_at`).
    `tenths`: the whole magnitudes the story also gives to a tenth (`tenths_given`), read as given so beside
    another estimate of the quake (`to_tenth`).
    """
    claim_counted, claim_parts = with_sums(claim_text, counted_quantities(claim_text))
    other_counted, other_parts = with_sums(other_text, counted_quantities(other_text))
    claim = [(q, keys) for q, keys in claim_counted if not negated(claim_text, q)]
    other = _in_claim_units(claim, [(q, keys) for q, keys in other_counted if not negated(other_text, q)])
    comparable = {id(q): [o for o, o_keys in other if same_thing(q, keys, o, o_keys)
                          and same_group(claim_text, q, keys, other_text, o, o_keys)
                          and not bearings_apart(claim_text, q, other_text, o)
                          and not rates_apart(claim_text, q, other_text, o)] for q, keys in claim}
    keys_of = {id(q): keys for q, keys in claim + other}
    spans = {id(q): interval(q) for q, _ in claim + other}  # each figure's interval, worked out once

    def fits(a: Quantity, b: Quantity) -> bool:
        """`overlap`, from the intervals worked out above."""
        (a_low, a_high), (b_low, b_high) = (spans[id(a)], spans[id(b)]) if not tenths else (
            interval(to_tenth(a, tenths, b)), interval(to_tenth(b, tenths, a)))
        return a_low <= b_high and b_low <= a_high

    parts = part_figures(claim_text, claim) | part_figures(other_text, other) | claim_parts | other_parts
    matched_here = {id(o) for q, _ in claim for o in comparable[id(q)] if fits(q, o)}
    results = []
    for quantity, _ in claim:
        candidates = comparable[id(quantity)]
        match = next((o for o in candidates if fits(quantity, o) and not stages_apart(claim_text, quantity, other_text, o)
                      and not years_apart(claim_text, quantity, claim_published, other_text, o, other_published)), None)
        if match is not None:
            results.append(_agreement(quantity, match, claim_text, claim_published, other_text, other_published, periods))
        if id(quantity) in parts:
            continue
        clashes = [_clash(quantity, o, claim_text, claim_published, other_text, other_published,
                          (_confirmed(claim_text, quantity, keys_of[id(quantity)] & keys_of[id(o)]),
                           _confirmed(other_text, o, keys_of[id(quantity)] & keys_of[id(o)])), first_report,
                          POPULATION_KEY in keys_of[id(quantity)] & keys_of[id(o)]
                          or standing(claim_text, quantity) and standing(other_text, o), periods,
                          _settled(claim_text, quantity, claim_published, other_text, o, other_published,
                                   keys_of[id(quantity)] & keys_of[id(o)], first_report))
                   for o in candidates if id(o) not in parts and not fits(quantity, o)
                   and may_clash(claim_text, quantity, other_text, o, keys_of)]
        # Where one side gives two figures for the thing and the other's figure matches one of them ("upwards of
        # 50,000, but other reports 100,000 to 200,000" beside 65,000), it still disagrees with the other at the same
        # time; an older or newer figure beside a matching one is only history.
        clashes = [c for c in clashes if not (c.kind == "conflict" and (shares_apart(claim_text, c.claim, other_text, c.other)
                                                                         or scales_apart(c)))
                   and not (c.kind == "update" and other_groups(claim_text, c.claim, other_text, c.other))
                   and not places_apart(claim_text, c.claim, other_text, c.other)
                   and not states_apart(claim_text, c.claim, other_text, c.other)
                   and not events_apart(c, keys_of[id(c.claim)] & keys_of[id(c.other)])
                   and not aftershock_toll(claim_text, c, other_text)
                   and not (c.kind == "conflict" and not c.confident
                            and money_only(keys_of[id(c.claim)] & keys_of[id(c.other)]))]
        clashes = [_raised(c, claim, other, keys_of) for c in clashes]
        free = [c for c in clashes if id(c.other) not in matched_here]
        found = free[0] if match is None and free else next((c for c in clashes if c.kind == "conflict"), None)
        if found is None and match is None:  # the same figure in a volume here and a weight there: one report, two units
            found = next((Comparison("conflict", quantity, o, True) for o, o_keys in other if units_apart(quantity, o)
                          and keys_of[id(quantity)] & o_keys and id(o) not in matched_here), None)
        if found is not None:
            results.append(found)
    return results


def _raised(clash: Comparison, claim: list, other: list, keys_of: dict) -> Comparison:
    """A giver's total of aid beside a pledge added to it in its sentence ("With a new pledge that I am making today of
    $60 million, the United States will be contributing more than $150 million") is the total after that pledge: a lower
    total of the same day was given before it, an update, not a conflict."""
    if clash.kind != "conflict" or not clash.claim_frame or not clash.other_frame:
        return clash
    if not any(key.startswith(MONEY_PREFIX) for key in keys_of[id(clash.claim)] & keys_of[id(clash.other)]):
        return clash
    higher, lower = sorted([(clash.claim, claim), (clash.other, other)], key=lambda side: -central(side[0]))
    if any(key.startswith(ADDED_PREFIX) for _, keys in higher[1] for key in keys) and (
            interval(lower[0])[1] < interval(higher[0])[0]):
        return Comparison("update", clash.claim, clash.other, False, clash.claim_frame, clash.other_frame)
    return clash


def money_only(keys: frozenset[str]) -> bool:
    """Whether two sums are of one thing only as a giver's total of aid (`counted._money_key`), no word shared: on one
    day, two such sums with no date of their own may be two packages of the aid ("the immediate release of $10 million
    in U.S. funds" beside "$20 million in immediate humanitarian assistance"), so they are no conflict unless dated."""
    return any(key.startswith(MONEY_PREFIX) for key in keys) and all(
        key.startswith(MONEY_PREFIX) or key in CURRENCY_UNITS for key in keys)


def _settled(claim_text: str, quantity: Quantity, claim_published: date | None, other_text: str, other: Quantity,
             other_published: date | None, keys: frozenset[str], first_report: date | None) -> bool:
    """Whether both figures are the finished toll of a past event, given long after it (`settled_tolls`)."""
    return (settled_toll(claim_text, quantity, keys, claim_published, first_report)
            and settled_toll(other_text, other, keys, other_published, first_report) and settled_apart(quantity, other))


def _in_claim_units(claim: list, other: list) -> list:
    """The other sentence's figures, a measure in another unit than the claim's of the same kind converted to the claim's
    (50 miles beside 80 kilometers: 80.47 km), as written still."""
    units = {base_unit(q.unit): q.unit for q, _ in claim if q.unit in TO_BASE}
    if not units:
        return other
    return [(in_unit(o, units[base_unit(o.unit)]) if o.unit in TO_BASE and base_unit(o.unit) in units else o, keys)
            for o, keys in other]


def _confirmed(text: str, quantity: Quantity, keys: frozenset[str]) -> bool:
    """Whether a figure is a confirmed count of a running total that only grows (the dead, the rescued), not an estimate."""
    return bool(keys & CUMULATIVE) and bool(CONFIRMED.search(text, max(0, quantity.start - 90), quantity.end + 90)) and not (
        ESTIMATED.search(text, max(0, quantity.start - 40), quantity.end + 40))


def _agreement(quantity: Quantity, other: Quantity, claim_text: str, claim_published: date | None, other_text: str,
               other_published: date | None, periods: tuple[Frame | None, Frame | None] = (None, None)) -> Comparison:
    """Overlapping figures: a match, unless they hold at different times, their own figures differ and the later
    one moved away from the earlier (an update: "more than 125 landings" on the 15th, "600 landings" on the 17th).
    A later bound that holds the earlier figure ("about 200,000" on the 20th, "over 150,000" on the 24th) agrees, and
    so does an earlier lower bound that holds the later figure: "more than 4,000 dead" on the 28th is still true of
    5,582 on the 30th."""
    if quantity.unit not in TIMELESS_UNITS and not nearly_equal(quantity, other):
        claim_frame = frame_at(claim_text, quantity.start, claim_published, periods[0])
        other_frame = frame_at(other_text, other.start, other_published, periods[1])
        if claim_frame and other_frame and not claim_frame.overlaps(other_frame):
            (earlier, _), (later, _) = sorted([(quantity, claim_frame.start), (other, other_frame.start)],
                                              key=lambda pair: pair[1])
            if not (holds(later, earlier) or _still_true(quantity, claim_frame, claim_text, other, other_frame, other_text)):
                return Comparison("update", quantity, other, False, claim_frame, other_frame)
    return Comparison("match", quantity, other)


def _still_true(quantity: Quantity, frame: Frame, text: str, other: Quantity, other_frame: Frame, other_text: str) -> bool:
    """Whether the earlier of two figures is a lower bound still true of the later one: "more than 4,000 dead" on the
    28th beside 5,582 on the 30th. Not when they are more than BOUND_DAYS apart (a toll months later is a new count),
    nor when the later sentence says the count grew to its figure ("bringing the total ... to 506")."""
    (earlier, _, _), (later, later_frame, later_text) = sorted(
        [(quantity, frame, text), (other, other_frame, other_text)], key=lambda entry: entry[1].start)
    earlier_frame = frame if earlier is quantity else other_frame
    return (earlier.hedge == "above" and holds(earlier, later)
            and (later_frame.start - earlier_frame.end).days <= BOUND_DAYS
            and not GREW_TO.search(later_text, max(0, later.start - 120), later.start))


def _clash(quantity: Quantity, other: Quantity, claim_text: str, claim_published: date | None, other_text: str,
           other_published: date | None, confirmed: tuple[bool, bool] = (False, False),
           first_report: date | None = None, timeless: bool = False,
           periods: tuple[Frame | None, Frame | None] = (None, None), settled: bool = False) -> Comparison:
    """Disjoint figures: an update when they hold at different times (unless a confirmed total fell), else a conflict.
    `timeless`: what both count does not change in a story's days (a place's population), like a magnitude.
    `settled`: both are the finished toll of a past event (`settled_tolls`): rivals whatever their dates."""
    measures = quantity.unit in TIMELESS_UNITS or other.unit in TIMELESS_UNITS  # the event's own: dated by its day
    claim_frame = frame_at(claim_text, quantity.start, claim_published, periods[0], measures)
    other_frame = frame_at(other_text, other.start, other_published, periods[1], measures)
    timeless = timeless or measures
    phased = None if timeless else _phase_clash(quantity, other, claim_text, claim_frame, other_text, other_frame,
                                                     first_report)
    if phased is not None:
        return phased
    if settled:
        return Comparison("conflict", quantity, other, True, claim_frame, other_frame)
    if not timeless and claim_frame and other_frame and _one_vague(claim_frame, other_frame):
        return Comparison("update", quantity, other, False, claim_frame, other_frame)
    if not timeless and claim_frame and other_frame and not claim_frame.overlaps(other_frame):
        if _fell((quantity, claim_frame, confirmed[0]), (other, other_frame, confirmed[1])):
            return Comparison("conflict", quantity, other, True, claim_frame, other_frame, falling=True)
        return Comparison("update", quantity, other, False, claim_frame, other_frame)
    confident = timeless or bool(claim_frame and other_frame and claim_frame.explicit and other_frame.explicit)
    if not confident and claim_frame and other_frame and (_undated_cut_off(claim_text, claim_frame)
                                                          or _undated_cut_off(other_text, other_frame)):
        return Comparison("update", quantity, other, False, claim_frame, other_frame)
    confident = confident or bool(claim_frame and other_frame and (claim_frame.explicit or other_frame.explicit)
                                  and _one_day(claim_frame, other_frame))
    return Comparison("conflict", quantity, other, confident, claim_frame, other_frame)


def _phase_clash(quantity: Quantity, other: Quantity, claim_text: str, claim_frame: Frame | None, other_text: str,
                 other_frame: Frame | None, first_report: date | None) -> Comparison | None:
    """Disjoint figures when a sentence says at which phase of the event its figure holds ("at the beginning of the
    spill"), or None when neither does. At the same phase: a conflict. At two phases: an update. A figure for the
    start beside one with only a date: a conflict (unsure) when that date is within START_DAYS of the first report of
    the event (`first_report`: the figure was given while the start was news), else an update (the start came first)."""
    (phase, words), (other_phase, other_words) = event_phase(claim_text, quantity), event_phase(other_text, other)
    if not (phase or other_phase) or not (claim_frame and other_frame):
        return None
    frames = _phase_frame(phase, words, claim_frame), _phase_frame(other_phase, other_words, other_frame)
    if phase and other_phase:
        kind = "conflict" if phase == other_phase else "update"
        return Comparison(kind, quantity, other, kind == "conflict", *frames, phased=True)
    if "start" not in (phase, other_phase):
        return None  # a peak or an end beside a date: when the peak came is not known here; the dates decide
    reported, dated = (claim_frame, other_frame) if phase else (other_frame, claim_frame)
    at_start = (first_report is not None and dated.end < reported.start and (dated.end - first_report).days <= START_DAYS
                and not dated.vague())  # "last month": not known to be the start
    kind = "conflict" if at_start else "update"
    return Comparison(kind, quantity, other, at_start, *frames, phased=True)


def _phase_frame(phase: str, words: str, frame: Frame) -> Frame:
    """The frame to show for a figure at a phase: its words, before any date when it is the start."""
    if not phase:
        return frame
    return Frame(date.min if phase == "start" else frame.start, frame.end, True, words)


def _one_vague(frame: Frame, other: Frame) -> bool:
    """Whether one figure holds for a span of many days ("last month") and the other for another span (one day of it):
    which came first is not known, so they are two times, not one."""
    return (frame.vague() or other.vague()) and (frame.start, frame.end) != (other.start, other.end)


def _one_day(frame: Frame, other: Frame) -> bool:
    """Whether a figure stated for one day ("by this morning") and a report published that day hold for the same day."""
    return frame.start == frame.end == other.start == other.end


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
