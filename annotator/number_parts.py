"""A number said in parts: "19,000 and 400 dead" (spoken, quoted) is 19,400, "two thousand and fifty" is 2,050.

The quantity pattern reads "A and B" as a range; with B below A it was no quantity at all. `said_in_parts` tells when
it is one number: round thousands (or a scale word), then "and", then a whole number below a thousand.
"""

from __future__ import annotations

import re

BETWEEN_BEFORE = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)  # "between 19,000 and 400": two ends, not one number


def said_in_parts(match: re.Match, text: str, low: float, high: float) -> bool:
    """Whether "A and B" is one number said in parts, A round thousands and B below them: "19,000 and 400 dead",
    "two thousand and fifty" (not "between 19,000 and 400", nor "10-3" or "2024-08", which are no quantity)."""
    second = match.start("bnum") if match.group("bnum") else match.start("bword")
    joined = text[match.end("anum") if match.group("anum") else match.end("aword"): second]
    if match.group("ascale"):
        joined = text[match.end("ascale"): second]
    return (joined.strip().lower() == "and" and low >= 1000 and low % 1000 == 0 and high < 1000 and high == int(high)
            and not match.group("bscale") and (not match.group("ascale") or bool(match.group("bword")))
            and not BETWEEN_BEFORE.search(text, max(0, match.start() - 12), match.start()))
