"""Where sentencex starts its sentences, found from its plain pieces: its offsets cost twice its segmenting."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, repeat
from operator import add

import sentencex

__all__ = ["library_cuts"]

NON_SPACE = re.compile(r"\S")
FIRST_BLOCK = 128  # pieces compared at once when looking for the next left-out separator (about one every 130)


def library_cuts(text: str, language: str) -> list[int]:
    """Offsets inside `text` where sentencex starts a new sentence, in order."""
    pieces = sentencex.segment(language, text)
    ends = piece_ends(text, pieces)
    if ends is None:  # pieces that cannot be placed for sure: ask for the offsets, at twice the cost
        ends = [boundary["end_index"] for boundary in sentencex.get_sentence_boundaries(language, text)]
    return ends[bisect_right(ends, 0) : bisect_left(ends, len(text))]  # the ends run in order


def piece_ends(text: str, pieces: list[str]) -> list[int] | None:
    """The end offset in `text` of each piece, or None when a piece's place is not certain.

    sentencex's pieces follow one another through the text, but on long texts it leaves out a
    paragraph separator now and then; each piece is placed after the whitespace it skipped.
    """
    joined = "".join(pieces)
    offsets = list(accumulate(map(len, pieces), initial=0))
    if joined == text:
        return offsets[1:]
    ends: list[int] = []
    shift = done = 0
    while done < len(pieces):
        misplaced = _first_misplaced(text, joined, offsets, done, shift)
        ends.extend(map(add, offsets[done + 1 : misplaced + 1], repeat(shift)))
        if misplaced == len(pieces):
            break
        skipped = _skipped_before(text, pieces, misplaced, offsets[misplaced] + shift)
        if skipped is None:
            return None
        shift += skipped
        done = misplaced
    return ends


def _first_misplaced(text: str, joined: str, offsets: list[int], done: int, shift: int) -> int:
    """The first piece from `done` on that is not at its offset plus `shift` (the number of pieces if none)."""
    count = len(offsets) - 1
    low, step = done, FIRST_BLOCK
    while True:  # whole blocks of pieces compared at once, doubling while they match
        high = min(count, low + step)
        if not _in_place(text, joined, offsets, low, high, shift):
            break
        if high == count:
            return count
        low, step = high, step * 2
    while high - low > 1:  # the block holds the first misplaced piece: halve it
        middle = (low + high) // 2
        if _in_place(text, joined, offsets, low, middle, shift):
            low = middle
        else:
            high = middle
    return low


def _in_place(text: str, joined: str, offsets: list[int], low: int, high: int, shift: int) -> bool:
    """Whether pieces low..high-1 stand in `text` at their offsets plus `shift`."""
    return text.startswith(joined[offsets[low] : offsets[high]], offsets[low] + shift)


def _skipped_before(text: str, pieces: list[str], index: int, position: int) -> int | None:
    """How much whitespace sentencex left out before piece `index`, expected at `position`; None if unsure.

    A piece with something besides whitespace has one place only; a piece of whitespace alone, or
    one after such a piece, could stand in several, and then the offsets are asked for instead.
    """
    piece = pieces[index]
    lead = len(piece) - len(piece.lstrip())
    if lead == len(piece) or (index and pieces[index - 1].isspace()):
        return None
    found = NON_SPACE.search(text, position)
    start = found.start() - lead if found else -1
    if start <= position or not text.startswith(piece, start):
        return None
    return start - position
