"""The event a count names as its cause: "two deaths ... as a result of the April 7 aftershock", "an aftershock killed
three". A later aftershock's toll is that aftershock's count, not the main event's running total fallen."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annotator.figure_values import interval
from annotator.numbers import Quantity
from annotator.text_caches import per_text

if TYPE_CHECKING:
    from annotator.comparison import Comparison

# After the figure, in its sentence: the cause's phrase, read up to its first event word ("the April 25 earthquake and
# aftershocks" names the earthquake first: the whole event's toll; "the April 7 aftershock, ... since the March 11
# earthquake" names the aftershock).
CAUSE_AFTER = re.compile(r"\b(?:as a result of|resulting from|caused by|due to|in|from|by|during)\s+(?:the|a|an|this|that)?"
                         r"[^.;:!?]{0,40}?\b(aftershocks?|earthquakes?|quakes?|temblors?|tremors?)\b", re.IGNORECASE)
# Before the figure, in its clause: the event as the subject of what it did ("an aftershock killed three").
CAUSE_BEFORE = re.compile(r"\b(aftershocks?|earthquakes?|quakes?|temblors?|tremors?)\b[^.;:!?,]{0,40}?\b(?:killed|killing"
                          r"|injured|injuring|left|leaving|claimed|claiming)\b[^.;:!?]{0,30}$", re.IGNORECASE)
AFTER_REACH, BEFORE_REACH = 120, 90  # characters after and before a figure


@per_text()
def aftershock_count(text: str, quantity: Quantity) -> bool:
    """Whether a count names an aftershock as its cause (and not the main quake first): that aftershock's toll."""
    before = CAUSE_BEFORE.search(text, max(0, quantity.start - BEFORE_REACH), quantity.start)
    if before:
        return before.group(1).lower().startswith("aftershock")
    clause = re.split(r"(?<=[.!?;])\s", text[quantity.end : quantity.end + AFTER_REACH])[0]
    after = CAUSE_AFTER.search(clause)
    return bool(after) and after.group(1).lower().startswith("aftershock")


def aftershock_toll(claim_text: str, comparison: Comparison, other_text: str) -> bool:
    """Whether one figure of a clash is an aftershock's toll lower than (and not earlier than) the other's, which names no
    aftershock: "two deaths ... as a result of the April 7 aftershock" beside "more than 3,600 confirmed dead" of three
    weeks before is not the toll fallen but another event's count. A higher aftershock figure later ("more than 40
    killed", then "nearly 120 deaths" for the aftershock) is still compared: a toll may grow by its aftershocks."""
    sides = ((comparison.claim, comparison.claim_frame, aftershock_count(claim_text, comparison.claim)),
             (comparison.other, comparison.other_frame, aftershock_count(other_text, comparison.other)))
    if sides[0][2] == sides[1][2]:
        return False
    (own, own_frame, _), (total, total_frame, _) = sides if sides[0][2] else sides[::-1]
    later = own_frame is None or total_frame is None or own_frame.start >= total_frame.start
    return later and interval(own)[1] < interval(total)[0]
