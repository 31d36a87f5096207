"""When in the event's course a figure holds, as the sentence says it: "at the beginning of the spill", "in the first
days", "initially" (its start); "at its peak", "at the height of the crisis" (its peak); "at the end of the outbreak".

A phase is not a date: the final estimate of a flow "at the beginning" is given months after the start, so its
published date says nothing of when the figure holds. Two figures for one thing at the same phase are rivals.
"""

from __future__ import annotations

import re

from annotator.numbers import Quantity
from annotator.text_caches import per_text

# "the beginning of the year", "the end of May": a calendar's phase, which `time_frames` reads as dates.
_CALENDAR = (r"(?!\s+of\s+(?:the\s+|this\s+|last\s+|next\s+)?(?:year|month|week|day|decade|century|quarter|season"
             r"|january|february|march|april|may|june|july|august|september|october|november|december|(?:19|20)\d\d)\b)")
PHASES = (
    ("start", re.compile(r"\b(?:at|in|from|near|during)\s+(?:the\s+)?(?:very\s+)?(?:beginning|start|outset|onset)\b"
                         + _CALENDAR + r"|\b(?:in|during|over|for)\s+(?:the\s+|its\s+|their\s+)?(?:first|early|opening)\s+"
                         r"(?:few\s+|two\s+|three\s+|several\s+)?(?:hour|day|week|month)s?\b"
                         r"|\binitially\b|\bat first\b(?!\s+(?:light|glance|sight|hand))", re.IGNORECASE)),
    ("peak", re.compile(r"\bat\s+(?:its|their|the)\s+(?:peak|height|worst|highest)\b", re.IGNORECASE)),
    ("end", re.compile(r"\b(?:at|near|toward|towards)\s+the\s+(?:very\s+)?end\b" + _CALENDAR, re.IGNORECASE)),
)
CLUE = re.compile(r"beginning|start|outset|onset|first|early|opening|initially|peak|height|worst|highest|end\b",
                  re.IGNORECASE)
# Between a phase and a figure, a turn to another time: "initially said 20 died, but the toll later rose to 35".
TURN = re.compile(r"[;]|\b(?:but|later|now|since|then|while|whereas|although|however|subsequently)\b", re.IGNORECASE)
REACH_BEFORE = 100  # characters from a phase back to the figure it times
REACH_AFTER = 60


@per_text()
def _phases(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every phase the text names: (start, end, phase, its words)."""
    if not CLUE.search(text):
        return ()
    found = [(m.start(), m.end(), phase, m.group(0)) for phase, pattern in PHASES for m in pattern.finditer(text)]
    return tuple(sorted(found))


def event_phase(text: str, quantity: Quantity) -> tuple[str, str]:
    """The phase a figure holds at and the words that say it (("start", "at the beginning")), or ("", "")."""
    best, best_distance = ("", ""), None
    for start, end, phase, words in _phases(text):
        if end <= quantity.start:
            distance, between = quantity.start - end, text[end : quantity.start]
            if distance > REACH_BEFORE:
                continue
        elif start >= quantity.end:
            distance, between = start - quantity.end, text[quantity.end : start]
            if distance > REACH_AFTER or re.search(r"[,.]\s", between):
                continue
        else:
            continue
        if TURN.search(between) or re.search(r"\d", between):
            continue  # another time, or another figure nearer the phase
        if best_distance is None or distance < best_distance:
            best, best_distance = (phase, words), distance
    return best
