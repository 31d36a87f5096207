"""Whole numbers people type or files hold (sentence indexes, offsets, ids): ASCII digits, few enough for SQLite.

`str.isdigit()` is true for `²` and `٣`, which `int()` then refuses or reads as 3, and `int()` refuses
more than 4,300 digits: each of those ended a command in a crash log instead of one sentence.
"""

from __future__ import annotations

MAX_DIGITS = 18  # every value below 10**18 fits SQLite's signed 64-bit integers


def whole_number(text: str) -> int | None:
    """The number `text` spells in ASCII digits (at most 18 of them), else None."""
    if not isinstance(text, str) or not 0 < len(text) <= MAX_DIGITS or not text.isascii() or not text.isdigit():
        return None
    return int(text)
