"""Recorded boundary fixes re-applied to a corrected article's sentences, wherever the text around them survives.

A fix (annotator.boundaries) keeps up to 40 code points either side of its boundary. When a new text
version is ingested, each of the source's fixes is looked for in the new text, its anchor shrinking
(40, 20, 10 code points a side) until it is found exactly once; the segmenter's spans are then split
or joined there before the sentences are stored, so the re-anchoring that follows finds the analyst's
sentences again. A fix whose text is gone, or is there more than once, is reported and kept for the
next version.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from annotator.boundaries import CONTEXT
from annotator.segmenter import Span

WIDTHS = (CONTEXT, 20, 10)


@dataclass
class BoundaryReport:
    """Recorded fixes re-applied to new versions, and those that could not be (one phrase each)."""

    reapplied: int = 0
    lost: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"reapplied": self.reapplied, "lost": self.lost}

    def summary(self) -> str:
        """One line for the terminal."""
        lost = f"; {len(self.lost)} could not be, their text is gone: {'; '.join(self.lost)}" if self.lost else ""
        return f"{self.reapplied} boundary fix(es) re-applied{lost}"


def reapply_fixes(conn: sqlite3.Connection, source_id: str, version: int, text: str, spans: list[Span],
                  report: BoundaryReport) -> list[Span]:
    """The segmenter's spans of a new version with the source's recorded fixes applied; the records follow them."""
    fixes = conn.execute('SELECT id, kind, before, after FROM boundary_fixes WHERE source_id = ? AND version < ? ORDER BY id',
                         [source_id, version]).fetchall()
    if not fixes:
        return spans
    bounds = [(span.start, span.end) for span in spans]
    texts = {(span.start, span.end): span.text for span in spans}
    for fix_id, kind, before, after in fixes:
        at = locate(text, before, after)
        if at is None or not (split_at if kind == "split" else join_at)(bounds, text, at):
            report.lost.append(f"{source_id}: {kind} at {(before[-15:] + '|' + after[:15])!r}")
            continue
        report.reapplied += 1
        conn.execute('UPDATE boundary_fixes SET version = ?, "offset" = ?, before = ?, after = ?, carried = \'{}\' WHERE id = ?',
                     [version, at, text[max(0, at - CONTEXT):at], text[at:at + CONTEXT], fix_id])
    return [Span(index, start, end, texts.get((start, end), text[start:end])) for index, (start, end) in enumerate(bounds)]


def locate(text: str, before: str, after: str) -> int | None:
    """Where the boundary between `before` and `after` is in `text`: the first anchor width found exactly once."""
    for width in WIDTHS:
        left, right = before[-width:], after[:width]
        found = text.find(left + right)
        if found >= 0 and text.find(left + right, found + 1) < 0:
            return found + len(left)
        if len(left) < width and len(right) < width:
            break  # the anchor was this short to begin with: a narrower one says no more
    return None


def split_at(bounds: list[tuple[int, int]], text: str, at: int) -> bool:
    """Split the span holding `at` so a sentence begins there; True if it did or one already does."""
    for j, (start, end) in enumerate(bounds):
        if start == at:
            return True
        if start < at < end:
            head_end = at
            while head_end > start and text[head_end - 1].isspace():
                head_end -= 1
            if head_end == start or text[at].isspace():
                return False
            bounds[j : j + 1] = [(start, head_end), (at, end)]
            return True
    return False


def join_at(bounds: list[tuple[int, int]], text: str, at: int) -> bool:
    """Join the sentence beginning at `at` with the one before; True if it did or no sentence begins there."""
    for j, (start, end) in enumerate(bounds):
        if start == at and j > 0:
            bounds[j - 1 : j + 1] = [(bounds[j - 1][0], end)]
            return True
        if start < at < end:
            return True
    return False
