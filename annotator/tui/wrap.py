"""Greedy word wrap by terminal cells, as (start, end) offsets into the text so styles can follow."""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

WORD = re.compile(r"\S+\s*")


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Lines of at most `width` cells (trailing spaces may overhang); words longer than a line are cut."""
    width = max(width, 1)
    if cell_len(text) <= width:
        return [(0, len(text))]
    lines: list[tuple[int, int]] = []
    start, used = 0, len(text) - len(text.lstrip())  # leading spaces take their cells on the first line
    for match in WORD.finditer(text):
        word_start, word = match.start(), match.group()
        word_cells = cell_len(word.rstrip())
        if used and used + word_cells > width:
            lines.append((start, word_start))
            start, used = word_start, 0
        if word_cells > width:
            for _, piece_end in _chop(text, word_start, word_start + len(word.rstrip()), width):
                if piece_end < word_start + len(word.rstrip()):
                    lines.append((start, piece_end))
                    start = piece_end
            used = cell_len(text[start : match.end()])
        else:
            used += cell_len(word)
    lines.append((start, len(text)))
    return lines


def _chop(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into pieces of at most `width` cells."""
    pieces, piece_start, used = [], start, 0
    for position in range(start, end):
        size = get_character_cell_size(text[position])
        if used + size > width:
            pieces.append((piece_start, position))
            piece_start, used = position, 0
        used += size
    pieces.append((piece_start, end))
    return pieces
