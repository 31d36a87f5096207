"""The app's last line of defence: no character drawn on screen can be a terminal control, whatever widget drew it.

Each view makes the data it shows printable where it builds its text, but a name from data reaches the screen
in many places (a claim type in a row's tag, another annotator's name in the review, a relation in the why
line, a source id in the story checks); one place forgotten and an older database's `ESC ] 0 ; …` retitles
the analyst's terminal. Textual runs every line of every widget through the app's line filters before it is
written, so one filter there shows each control as a visible stand-in (terminal_text.one_line), as the
command line does.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from annotator.terminal_text import BIDI_CONTROL, one_line

# What one_line replaces, less the line-separator stand-ins it adds (those are printable and never reach a strip).
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROL}]")


class PrintableLines(LineFilter):
    """A line filter showing every control, line break and bidi override in a drawn line as a visible stand-in."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments, any text one holding a control made printable (lines without one are returned as they are)."""
        if not any(_UNSAFE.search(segment.text) for segment in segments if segment.control is None):
            return segments
        return [Segment(one_line(segment.text), segment.style, segment.control)
                if segment.control is None and _UNSAFE.search(segment.text) else segment for segment in segments]
