"""The one rich console the command line prints through: data in its tables and lines can never drive the terminal.

Titles, ids, annotator names and relations reach the tables of `sources`, `coverage` and `agree` from the database,
and an older database (or one edited by hand) may hold an escape sequence in any of them. Rich passes ESC, CSI
and bidi overrides through as text; this console makes every piece of text printable after rendering, so no
command's cell can forget it. Rich's own control segments (a progress display's cursor moves) stay as they are.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.segment import Segment

from annotator.terminal_text import needs_printing, printable

PIPED_WIDTH = 200


class PrintableConsole(Console):
    """A rich console whose text segments are shown through `printable`: stand-ins for controls, tabs and line breaks kept."""

    def render(self, renderable, options=None):
        """Rich's segments, each text one made printable (a control segment is rich's own and kept)."""
        for segment in super().render(renderable, options):
            if segment.control is None and needs_printing(segment.text):
                yield Segment(printable(segment.text), segment.style)
            else:
                yield segment


def output_console() -> PrintableConsole:
    """The console for standard output: the terminal's width, or a wide one when piped, so tables are not cut to 80."""
    # markup=False: every cell holds data (ids, titles, outlets), which is text, never Rich markup.
    return PrintableConsole(markup=False) if sys.stdout.isatty() else PrintableConsole(width=PIPED_WIDTH, markup=False)


def error_console() -> PrintableConsole:
    """The console for progress on standard error: a file name in a phase is shown, never obeyed."""
    return PrintableConsole(stderr=True)
