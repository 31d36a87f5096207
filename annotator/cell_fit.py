"""Text fitted to terminal cells: a column's cell, a source id shortened in the middle so its sentence number shows.

Widths are in cells, as the terminal draws them: a CJK character or an emoji takes two, a combining mark none.
Counting characters instead let a title in Chinese push every later column of its row to the right.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells

ELLIPSIS = "…"


def cells(text: str) -> int:
    """How many terminal cells `text` takes on one line."""
    return cell_len(text)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells: whole, or its head and an ellipsis saying some was cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    return _head(text, width - 1) + ELLIPSIS


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: `text` padded with spaces, or cut with an ellipsis (a wide character cut in two is a space)."""
    shown = cut(text, width)
    return shown + " " * (width - cell_len(shown))


def middle(text: str, width: int) -> str:
    """`text` in at most `width` cells: whole, or its head and tail around an ellipsis (ids differ at either end)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    tail_cells = (width - 1) // 2
    head = _head(text, width - 1 - tail_cells)
    tail = _tail(text, width - 1 - cell_len(head))
    return head + ELLIPSIS + tail


def place(source_id: str, index: int, width: int) -> str:
    """`source:index` in at most `width` cells: the id shortened in the middle, the sentence number always whole."""
    number = f":{index}"
    return middle(source_id, max(width - len(number), 1)) + number


MIN_OUTLET_CELLS = 6  # an outlet cut shorter than this says nothing: it is left out instead


def heading(source_id: str, outlet: str | None, published: str | None, tail: str, width: int) -> str:
    """`id · outlet · date` and `tail` in `width` cells: the outlet is cut first, then left out, then the id is
    shortened in the middle, so the date and the tail (the sentence count) stay in view. `width` 0: no limit.

    At 80 columns a long outlet (`USAID (Office of U.S. Foreign Disaster Assistance)`) pushed the date and the
    count past the edge: `usaid-fact-sheet-4 · USAID (Office of U.S. Foreign Disaster Assistance) · 200…`.
    """
    def joined(name: str | None, outlet_text: str | None) -> str:
        return " · ".join(part for part in (name, outlet_text, published) if part) + tail

    full = joined(source_id, outlet)
    if width <= 0 or cell_len(full) <= width:
        return full
    bare = joined(source_id, None)
    if outlet:
        room = width - cell_len(bare) - len(" · ")
        if room >= MIN_OUTLET_CELLS:
            return joined(source_id, cut(outlet, room))
    if cell_len(bare) <= width:
        return bare
    return joined(middle(source_id, max(width - (cell_len(bare) - cell_len(source_id)), MIN_OUTLET_CELLS)), None)


def _head(text: str, width: int) -> str:
    """The longest start of `text` in at most `width` cells."""
    if width <= 0:
        return ""
    pieces = chop_cells(text, width)
    return pieces[0] if pieces else ""


def _tail(text: str, width: int) -> str:
    """The longest end of `text` in at most `width` cells."""
    taken, used = [], 0
    for char in reversed(text):
        size = cell_len(char)
        if used + size > width:
            break
        taken.append(char)
        used += size
    return "".join(reversed(taken))


def with_hints(head: str, hints: tuple[str, ...], width: int, separator: str = " · ", compact: str = "") -> str:
    """`head` and as many of `hints` (in order) as fit in `width` cells, the last hints dropped first; `head` alone
    (cut by the caller's ellipsis) when none fits, or `compact` (the head in fewer words) when `head` itself does not.
    `width` 0: every hint. A pane title's figures outrank its key hints, which the footer and help also give (at 80
    columns the hints pushed "1 gives a figure from another time" off)."""
    if width and compact and cell_len(head) > width:
        head = compact
    kept = list(hints)
    while kept and width and cell_len(separator.join([head, *kept])) > width:
        kept.pop()
    return separator.join([head, *kept])
