"""Whether two figures for what looks like the same thing count different things: other units, groups, shares of a flow,
places, states, events, scopes or years. Figures apart in any of these are neither rivals nor updates of each other."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from annotator.count_groups import collective_group, credited_group, flow_stage, named_kind, surroundings
from annotator.count_shares import TROOPS, named_place, thing_state, troop_nation
from annotator.count_words import COLLECTIVE_KEY
from annotator.counted import MONEY_PREFIX, POPULATION_KEY
from annotator.figure_values import TIMELESS_UNITS, central, interval
from annotator.measures import TO_BASE, bare_measure
from annotator.numbers import Quantity
from annotator.sentence_features import features
from annotator.text_caches import per_text
from annotator.time_frames import frame_at

if TYPE_CHECKING:
    from annotator.comparison import Comparison

YEAR_DAYS = 365  # figures whose times are this many days apart do not agree by overlapping
IN_YEAR = re.compile(r"\b[Ii]n\s+((?:1[89]|20)\d\d)\b")  # "In 1934, an even stronger quake killed ..."
MANY_EVENTS = frozenset({"aftershock"})  # events that come many at a time: two magnitudes need not be of one
MAGNITUDES_APART = 0.5  # magnitudes this far apart are of two quakes, not two estimates of one
SCALE_APART = 10  # figures of one time this many times apart count different scopes, not one thing twice
CALIBRES = frozenset({"mm", "cm"})  # "152mm shells" and "122mm shells" are two kinds of shell, not two figures
COMPATIBLE_UNITS = {frozenset({"", "magnitude"})}  # "a 7.4 earthquake" and "a magnitude 7.0 earthquake"
# "1,000 barrels (42,000 gallons) a day", "5,000 people per week": a rate, another thing than an amount of the same unit.
RATE = re.compile(r"[^.;:!?]{0,40}?(?:\b(?:a|an|per|each|every)\s+(?:day|hour|minute|second|week|month|year)\b|\bdaily\b"
                  r"|/\s?(?:day|d|h|hr|hour)\b)", re.IGNORECASE)
RATE_CLUE = re.compile(r"day|hour|minute|second|week|month|year|/", re.IGNORECASE)
# An amount gathered or used up, not a flow: "recovered 1,152 barrels", "100 barrels were burned", "to date".
AMOUNT = re.compile(r"\b(?:to date|so far|in all|in total|a total of|altogether|cumulative\w*|recover\w*|collect\w*"
                    r"|burn\w*|skimm\w*|spilled|released|applied|captured|removed|used|spent|distributed|delivered)\b",
                    re.IGNORECASE)
AMOUNT_REACH = 60  # characters either side of the figure
PART = re.compile(r"\b(?:including|among them|among whom|of whom|of which|of them|of those)\b", re.IGNORECASE)


def same_thing(a: Quantity, a_keys: frozenset[str], b: Quantity, b_keys: frozenset[str]) -> bool:
    """Whether two figures count the same thing: a shared counted key and the same (or a compatible) unit."""
    units_fit = a.unit == b.unit or (frozenset({a.unit, b.unit}) in COMPATIBLE_UNITS and not _count_beside_measure(a, b))
    return units_fit and a.unit != "year" and (bool(a_keys & b_keys) or bare_measure(a, a_keys, b, b_keys))


def rates_apart(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether one figure is a rate ("62,000 barrels per day") and the other an amount gathered or used up ("100 barrels
    were burned"): two things, though both are counted in barrels. A figure that is neither ("12,000 barrels were
    leaking for several weeks": a rate whose "a day" the writer left out) is compared with both."""
    rates = rate(claim_text, quantity), rate(other_text, other)
    if rates[0] == rates[1]:
        return False
    amount_text, amount = (other_text, other) if rates[0] else (claim_text, quantity)
    return bool(AMOUNT.search(amount_text, max(0, amount.start - AMOUNT_REACH), amount.end + AMOUNT_REACH))


@per_text()
def rate(text: str, quantity: Quantity) -> bool:
    """Whether a figure is a rate: "a day", "per hour", "daily" right after it, within its clause."""
    window = text[quantity.end : quantity.end + 48]
    return bool(RATE_CLUE.search(window)) and bool(RATE.match(window))


def _count_beside_measure(a: Quantity, b: Quantity) -> bool:
    """Whether one figure measures a thing (a magnitude) and the other counts things of that kind: "six more quakes"
    and "at least 18 aftershocks" count quakes, "a 7.8 earthquake" measures one. A bare figure written with decimals
    ("a 7.4 earthquake") is a measure too."""
    bare = a if a.unit == "" else b
    return bare.decimals == 0


def same_group(claim_text: str, quantity: Quantity, keys: frozenset[str], other_text: str, other: Quantity,
                other_keys: frozenset[str]) -> bool:
    """Counts of a group's members or staff ("506 USAR members", "300 USAR personnel") are of one group only when both
    name it alike; "15 members" of a team and "300 USAR personnel" are two groups. A count that names no group
    ("transported 273 personnel" beside "transported 534 relief personnel") is left to what is around the two figures,
    as any other count. Other counted things pass."""
    if keys & other_keys != {COLLECTIVE_KEY}:
        return True
    ours, theirs = collective_group(claim_text, quantity), collective_group(other_text, other)
    return bool(ours & theirs) or not (ours and theirs)


def may_clash(claim_text: str, quantity: Quantity, other_text: str, other: Quantity, keys_of: dict) -> bool:
    """Disjoint figures (the caller has seen they do not overlap) of the same instance of a thing, neither vague
    ("dozens" is too loose to clash) nor a calibre."""
    return ("vague" not in (quantity.hedge, other.hedge) and quantity.unit not in CALIBRES
            and same_instance(claim_text, quantity, other_text, other, keys_of[id(quantity)], keys_of[id(other)]))


def shares_apart(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two figures count different shares: different stages of a flow (pledged, sent, received), credited to
    different groups of workers, or one group's share below a total credited to no one ("U.S. teams rescued nine"
    beside "more than 20 were pulled out")."""
    if stages_apart(claim_text, quantity, other_text, other):
        return True  # what was pledged, what was sent and what arrived are three counts
    groups = credited_group(claim_text, quantity), credited_group(other_text, other)
    if all(groups):
        return not groups[0] & groups[1]
    if not any(groups):
        return False
    part, whole = (quantity, other) if groups[0] else (other, quantity)
    return interval(part)[1] < interval(whole)[0]


def stages_apart(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two figures are of different stages of a flow: pledged, sent (or used), received, still available."""
    stage = flow_stage(claim_text, quantity)
    return bool(stage) and flow_stage(other_text, other) not in ("", stage)


def years_apart(claim_text: str, quantity: Quantity, claim_published: date | None, other_text: str, other: Quantity,
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


def events_apart(comparison: Comparison, keys: frozenset[str] = frozenset()) -> bool:
    """Whether two magnitudes are of two events: half a unit or more apart (agencies' and scales' estimates of one quake
    differ by a few tenths: 7.8 and 7.9; a 7.3 is another quake than a 7.8), or both sentences say on which day and the
    days differ ("the 6.1 earthquake on May 2", "a 5.6 earthquake on May 9"). Closer magnitudes, one of them with no
    day, may be of the same event and are still compared."""
    if not TIMELESS_UNITS & {comparison.claim.unit, comparison.other.unit}:
        return False
    if abs(central(comparison.claim) - central(comparison.other)) >= MAGNITUDES_APART:
        return True
    frames = comparison.claim_frame, comparison.other_frame
    both_dated = all(frames) and frames[0].explicit and frames[1].explicit
    if keys & MANY_EVENTS:  # a quake has one magnitude, its aftershocks many: one aftershock only when one day is given
        return not (both_dated and frames[0].overlaps(frames[1]))
    return both_dated and not frames[0].overlaps(frames[1])


def states_apart(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two counts are of things in different states: houses destroyed, houses damaged, and houses destroyed or
    damaged (the two together) are three counts, neither rivals nor updates of each other."""
    states = thing_state(claim_text, quantity), thing_state(other_text, other)
    return all(states) and states[0] != states[1]


def places_apart(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two counts are for different places ("34 killed in India", "five deaths from Tibet"): counts for two
    places, or one place's share below a count that names no place (the toll), are neither rivals nor an update."""
    places = named_place(claim_text, quantity), named_place(other_text, other)
    if all(places):
        return places[0] != places[1]
    if not any(places):
        return False
    part, whole = (quantity, other) if places[0] else (other, quantity)
    return interval(part)[1] < interval(whole)[0]


def scales_apart(comparison: Comparison) -> bool:
    """Whether two figures of one time are an order of magnitude apart ("nearly 120 deaths" beside "at least four"): not
    rival counts of one thing but counts of different scopes (a town and the country, one quake and another). A magnitude
    and a confirmed toll that fell are still compared, and so are figures for a phase of the event ("at the beginning of
    the spill") beside the figures reported then: a final estimate may be many times the first."""
    if comparison.falling or comparison.phased or TIMELESS_UNITS & {comparison.claim.unit, comparison.other.unit}:
        return False
    low, high = sorted([central(comparison.claim), central(comparison.other)])
    return high >= SCALE_APART * max(low, 1e-9)


def other_groups(claim_text: str, quantity: Quantity, other_text: str, other: Quantity) -> bool:
    """Whether two counts are credited to two different groups of workers ("Air Force operators rescued seven", "USAR
    teams rescued 62"): a later count by another group is not an update of this one."""
    ours = credited_group(claim_text, quantity)  # the other sentence's group is looked for only when this one has one
    return bool(ours) and bool(theirs := credited_group(other_text, other)) and not ours & theirs


def part_figures(text: str, quantities: list[tuple[Quantity, frozenset[str]]]) -> set[int]:
    """The figures that are parts of a total the sentence gave before them ("including three", "of whom 40")."""
    found = set()
    for position, (quantity, keys) in enumerate(quantities):
        if any(keys & earlier_keys and PART.search(text, earlier.end, quantity.start)
               for earlier, earlier_keys in quantities[:position]):
            found.add(id(quantity))
    return found


def _names(text: str) -> frozenset[str]:
    """The folded words of the names a sentence gives (Tacloban, Leyte)."""
    return frozenset(word for _, words in features(text).entities for word in words)


def same_instance(claim_text: str, quantity: Quantity, other_text: str, other: Quantity, keys: frozenset[str],
                   other_keys: frozenset[str]) -> bool:
    """Whether two figures of the same thing share a word around them (a timeless one needs none: 7.4 vs 7.0), or
    neither has a word around it but what it counts (a table row's name and sum), or one is a measure with nothing
    around it but its unit and what it measures."""
    if quantity.unit in TIMELESS_UNITS or other.unit in TIMELESS_UNITS:
        return True
    shared = keys & other_keys
    if shared == {POPULATION_KEY}:  # "the city of 200,000" and "the city of 220,000": one city only if both name it
        return bool(_names(claim_text) & _names(other_text))
    if any(key.startswith("people:") for key in shared):
        return True
    if _outcome_on_one_side(keys, other_keys):
        return False  # "killed 11 workers" and "25,900 personnel are responding": the dead are not the response
    if any(key.startswith(MONEY_PREFIX) for key in shared):
        return True  # a giver's running total of aid, whatever words say it is aid (`counted._money_key`)
    if TROOPS in shared:  # the people a force has deployed, counted like the dead; one nation's unless both say
        return troop_nation(claim_text, quantity) == troop_nation(other_text, other)
    if shared == {COLLECTIVE_KEY} and not (collective_group(claim_text, quantity) or collective_group(other_text, other)):
        return True  # "More than 1,000 personnel are involved", "20,000 personnel are responding": the whole response
    around, other_around = surroundings(claim_text, quantity, keys), surroundings(other_text, other, other_keys)
    named, other_named = named_kind(claim_text, quantity, keys), named_kind(other_text, other, other_keys)
    if named or other_named:  # a named kind of team is counted apart from others: it needs its name on both sides
        return bool(named & (other_around | other_named) or other_named & (around | named))
    if quantity.unit in TO_BASE and not (around and other_around):
        return True  # "29,280 feet of boom" beside "2 million feet of containment boom ... deployed": nothing sets it apart
    return (bool(_taking_part(around, claim_text, quantity) & _taking_part(other_around, other_text, other))
            or not (around or other_around))  # two table rows: "DoD $10,731,475"


def _outcome_on_one_side(keys: frozenset[str], other_keys: frozenset[str]) -> bool:
    """Whether one figure counts people by what happened to them (the dead, the rescued) and the other does not, though
    both name the same people (workers, personnel): a count of the dead is not a count of the staff."""
    return any(key.startswith("people:") for key in keys) != any(key.startswith("people:") for key in other_keys)


# Words that say a thing takes part in the response ("19 ships are providing assistance", "14 ships ... are supporting
# relief efforts", "with 19 ships ... participating"): one word for figures of a relief effort told in other verbs.
TAKING_PART = frozenset({"assist", "support", "help", "aid", "relief", "involv", "particip", "respond", "respons"})
TAKES_PART = "\x00taking-part"


# On the way to the response: "a dozen ships that are either there or en route", "ten more are on their way".
ON_THE_WAY = re.compile(r"[^.;:!?]{0,40}?\b(?:en route|on (?:the|their|its) way)\b", re.IGNORECASE)


def _taking_part(stems: frozenset[str], text: str, quantity: Quantity) -> frozenset[str]:
    """The stems around a figure, the words that say it takes part in the response (or is on its way to) folded into one."""
    if stems & TAKING_PART or ON_THE_WAY.match(text, quantity.end):
        return stems - TAKING_PART | {TAKES_PART}
    return stems


# A force kept in a country, not sent to an event: "troops stationed in Japan", "the 5,000 Marines based on Okinawa",
# "the United States has about 50,000 military personnel in Japan". It has no time of its own in a story's days.
STANDING_AFTER = re.compile(r"[^;:!?,]{0,40}?\b(?:stationed|based|garrisoned)\s+(?:in|at|on)\b", re.IGNORECASE)
HAS_BEFORE = re.compile(r"\b(?:has|have)\s+(?:(?:about|some|almost|nearly|roughly|around|approximately|more than|over)\s+)?$",
                        re.IGNORECASE)
IN_PLACE_AFTER = re.compile(r"[^;:!?,]{0,40}?\bin\s+[A-Z][a-z]")


def standing(text: str, quantity: Quantity) -> bool:
    """Whether a figure is a standing force, kept in a place (stationed, based, or what a country "has ... in" one):
    two such figures of one force do not update each other within the story's days, they conflict."""
    if STANDING_AFTER.match(text, quantity.end):
        return True
    return bool(HAS_BEFORE.search(text, max(0, quantity.start - 40), quantity.start)
                and IN_PLACE_AFTER.match(text, quantity.end))
