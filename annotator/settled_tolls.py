"""A toll that has settled: weeks after the event, "the quake killed 73,000" is its final count, not a running one.

A running toll in the first days moves ("killed more than 1,000" on the 9th, "killed 19,400" on the 10th: an update).
Long after the event, a sentence that gives the toll as what the event did, in the past tense ("The earthquake killed
73,000 people", "struck the area on Oct. 8, killing 86,000", "left 73,000 people dead"), states the finished toll of
a past event; two such figures that differ are rival counts of one thing for the reader, not a story developing.
The present perfect ("has killed", "has left") and a rise ("the toll rose to") still run.
"""

from __future__ import annotations

import re
from datetime import date

from annotator.figure_values import interval
from annotator.numbers import Quantity

SETTLED_DAYS = 60  # a toll stated this many days or more after the first report of the event has settled
TOLL_KEYS = frozenset({"people:dead", "people:injured", "people:displaced"})
# The event as the subject: its noun anywhere before the figure in the sentence.
EVENT = re.compile(r"\b(?:earthquake|quake|typhoon|hurricane|cyclone|tsunami|storm|flood|disaster|tremor)s?\b",
                   re.IGNORECASE)
# What the event did, in the past tense, right before the figure: "killed more than 70,000", "killing 86,000 people,
# injuring 69,000 and leaving an estimated 4 million homeless", "left 73,000 people dead".
PAST_DEED = re.compile(r"\b(?<!has )(?<!have )(?<!had )(?:killed|killing|injured|injuring|left|leaving|claimed|claiming"
                       r"|displaced|displacing|wounded|wounding)\s+(?:[\w$.,-]+\s+){0,3}$", re.IGNORECASE)
# Settled tolls this close (the gap between their intervals a share of the larger) are one count revised a little or
# bounded by another office ("at least 74,500" beside 73,000), not rival counts.
APART_SHARE = 0.05
REACH = 40  # characters before a figure searched for the verb
RUNNING = re.compile(r"\b(?:has|have|had)\s+(?:now\s+|so far\s+|already\s+)?(?:killed|left|claimed|injured|displaced)\b"
                     r"|\b(?:toll|number)\b[^.;]{0,30}\b(?:rose|risen|climbed|reached|stands|stood)\b", re.IGNORECASE)


def settled_toll(text: str, quantity: Quantity, keys: frozenset[str], published: date | None,
                 first_report: date | None) -> bool:
    """Whether a figure is the finished toll of a past event: a toll (the dead, injured, homeless) the event's
    sentence gives as what it did, in the past tense, SETTLED_DAYS or more after the event was first reported."""
    if not (keys & TOLL_KEYS and published and first_report and (published - first_report).days >= SETTLED_DAYS):
        return False
    before = text[: quantity.start]
    if not EVENT.search(before) or RUNNING.search(text):
        return False
    return PAST_DEED.search(text, max(0, quantity.start - REACH), quantity.start) is not None


def settled_apart(quantity: Quantity, other: Quantity) -> bool:
    """Whether two settled tolls are far enough apart to be rivals: the gap between their intervals is more than
    APART_SHARE of the larger figure (86,000 against 73,338; not "at least 74,500" against 73,000)."""
    (low, high), (other_low, other_high) = interval(quantity), interval(other)
    gap = max(other_low - high, low - other_high)
    return gap > APART_SHARE * max(low, other_low)
