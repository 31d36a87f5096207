"""How exactly a quantity is meant: hedges ("about", "more than", "up to") and vague amounts ("dozens", "tens of thousands").

Both become an interval a fact-checker would accept as the same figure: "at least 10,000" holds 13,000 (but not
20,000: a lower bound stays below twice itself), "more than 6 million" does not hold 5 million, "around 6,700" and
"about 7,000" overlap.
"""

from __future__ import annotations

import re

from annotator.regex_guard import guarded, matched_key

# Hedge phrase right before a number -> its class. Longest phrases first in the pattern.
HEDGES = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an approximate": "about", "circa": "about", "close to": "nearly",
    "nearly": "nearly", "almost": "nearly", "just under": "nearly", "more than": "above", "over": "above",
    "upwards of": "above", "at least": "above", "in excess of": "above", "exceeding": "above", "above": "above",
    "beyond": "above", "up to": "below", "as many as": "below", "at most": "below", "fewer than": "below",
    "less than": "below", "under": "below", "could reach": "below", "no more than": "below", "as much as": "below",
    "as high as": "below",
    # a verb that says where a figure stands: "the toll tops 18,000" (more than), "nears 20,000" (nearly)
    "tops": "above", "topped": "above", "topping": "above", "exceeds": "above", "exceeded": "above",
    "nears": "nearly", "nearing": "nearly", "neared": "nearly", "approaching": "nearly",
}
# Those verbs also stand before a year ("output tops 2008 levels", "nearing 2010's record"): before a bare four-digit
# figure of 1000-2099 they are not read as a hedge (which would also make the figure a count, not a year).
VERB_HEDGES = frozenset({"tops", "topped", "topping", "exceeds", "exceeded", "nears", "nearing", "neared", "approaching"})
YEAR_LIKE = re.compile(r"(?:1\d|20)\d\d(?![\d,.])")
HEDGE_BEFORE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True)) + r")\s+(?:of\s+)?(?:[$€£¥]\s?)?$",
    re.IGNORECASE,
)
HEDGE_BEFORE = guarded(HEDGE_BEFORE)  # the same matches, found faster (read for every figure)
ABOUT_SHARE = 0.05  # "about 7,000" means 6,650 to 7,350; "an estimated 230,000" is the source's own figure
ROUND_SHARE = 0.025  # a round figure covers what rounds to it ("$62 million": $61.5-62.5 million), at most this share
HALFWAY = 1 - 1e-9  # a figure halfway between two round ones rounds to one only: "2,500" and "2,600" do not meet
ROUND_FROM = 100  # whole figures from here up are read as rounded at their last non-zero digit ("2,500": 2,450-2,550)
ABOVE_FACTOR = 2.0  # "at least 10,000" holds 13,000 and 19,000, not 20,000 or more
# Vague amounts: (pattern, low, high). "several dozen" is 24 to 120, "dozens" 24 to 99, "tens of thousands" 10,000 to 99,999.
VAGUE = [
    (r"hundreds of thousands", 100_000, 999_999), (r"tens of thousands", 10_000, 99_999),
    (r"tens of millions", 10_000_000, 99_999_999), (r"several dozen", 24, 120), (r"several hundred", 200, 999),
    (r"several thousand", 2_000, 9_999), (r"several million", 2_000_000, 9_999_999), (r"a few dozen", 24, 60),
    (r"a few hundred", 200, 500), (r"a few thousand", 2_000, 5_000), (r"dozens", 24, 99), (r"hundreds", 200, 999),
    (r"thousands", 2_000, 9_999), (r"millions", 2_000_000, 9_999_999), (r"billions", 2e9, 9.99e9), (r"several", 3, 9),
]
VAGUE_PATTERN = re.compile(
    r"\b(" + "|".join(pattern.replace(" ", r"\s+") for pattern, _, _ in VAGUE) + r")\b(?:\s+of\b)?(?!\s+(?:the|them|us|those|these)\b)",
    re.IGNORECASE,
)
VAGUE_PATTERN = guarded(VAGUE_PATTERN)  # the same matches, found faster
VAGUE_RANGES = {pattern: (low, high) for pattern, low, high in VAGUE}
VAGUE_CLUES = ("dozen", "hundred", "thousand", "million", "billion", "several")  # every vague amount holds one


def may_be_vague(text: str) -> bool:
    """Whether VAGUE_PATTERN may match: a clue in the lower-cased text, or a text that is not ASCII (case-insensitive
    matching lets the long s stand for an s)."""
    if not text.isascii():
        return True
    lower = text.lower()
    return any(clue in lower for clue in VAGUE_CLUES)


def hedge_before(text: str, start: int) -> tuple[str, str]:
    """The hedge class ("about", "nearly", "above", "below") of the words right before `start` and those words."""
    match = HEDGE_BEFORE.search(text, max(0, start - 24), start)
    if not match:
        return "", ""
    key = " ".join(matched_key(match.group(1)).split())
    if key in VERB_HEDGES and YEAR_LIKE.match(text, start):
        return "", ""
    return HEDGES[key], match.group(1)


def vague_range(words: str) -> tuple[float, float]:
    """The interval of a vague amount as matched by VAGUE_PATTERN ("Tens of  thousands" -> 10,000 to 99,999)."""
    return VAGUE_RANGES[" ".join(matched_key(words).split())]


def hedged_interval(low: float, high: float, hedge: str, decimals: int = 0) -> tuple[float, float]:
    """The values a hedged figure allows; a small figure written with decimals covers what rounds to it (7.0: 6.95-7.05)."""
    if hedge == "about":
        return low * (1 - ABOUT_SHARE), high * (1 + ABOUT_SHARE)
    if hedge == "nearly":
        return low * (1 - ABOUT_SHARE), high
    if hedge == "above":  # "more than 40" is not "more than 2,500": a source that knew of twice as many would say so
        return low, low * ABOVE_FACTOR
    if hedge == "below":  # "as much as 19,000 barrels" is not 1,000: a source that knew of a fraction would say so
        return high / ABOVE_FACTOR, high
    if low == high and low < ROUND_FROM and decimals:
        return tenth_cover(low, decimals)
    if low == high and low < ROUND_FROM:
        half = 0.5 * 10 ** -decimals  # "magnitude 7" holds 7.4; "7.0" does not
        return low - half, high + half
    if low == high:
        half = round_cover(low)
        return low - half, high + half
    return low, high


def tenth_cover(value: float, decimals: int) -> tuple[float, float]:
    """What a small figure given with decimals holds: only what rounds to it, the half-open [value - half, value + half)
    (9.0: 8.95 up to, not with, 9.05; so 8.9 and 9.0 are two figures, not one that both round to 8.95). Closed
    intervals are compared elsewhere: the upper end stops a millionth of the half short of the next figure's lower."""
    half = 0.5 * 10 ** -decimals
    return round(value - half, decimals + 1), round(value + half, decimals + 1) - half * 1e-6


def round_cover(value: float) -> float:
    """How far from a whole figure of ROUND_FROM or more the values that round to it lie: half its last non-zero
    digit's place ("$62 million" covers $61.5-62.5 million, "2,500" covers 2,450-2,550, "$62,046,289" itself), at most
    ROUND_SHARE of it ("10,000" is not 5,000-15,000). 0 for a figure with decimals: it says how exact it is."""
    if value < ROUND_FROM or value != int(value):
        return 0.0
    place, whole = 1, int(value)
    while whole % (place * 10) == 0:
        place *= 10
    return min(place / 2 * HALFWAY, ROUND_SHARE * value) if place > 1 else 0.0


def rounded_forms(value: float) -> list[float]:
    """The round figures a source may have written for an exact one ("$62 million", "$62.05 million" for $62,046,289):
    each rounding of it whose cover holds it, largest place first; none for a figure that is itself round."""
    if value < ROUND_FROM or value != int(value) or round_cover(value):
        return []
    forms, place = [], 10
    while place < value:
        form = round(value / place) * place
        if form != value and abs(form - value) <= round_cover(form) and form not in forms:
            forms.append(float(form))
        place *= 10
    return forms[::-1]
