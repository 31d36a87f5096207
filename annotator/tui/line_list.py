"""A cursor list on Textual's line API: only visible rows are drawn, so 100,000 rows cost what 40 do.

Textual's DataTable restyles a row in over 100 ms at 100,000 rows and ListView mounts a widget per
row; this base draws each visible line on demand and leaves what a row looks like to subclasses.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

CONTROL_CHARACTERS = (dict.fromkeys(range(32), " ") | dict.fromkeys(range(0x80, 0xA0), " ")  # C1 too: U+009B is CSI
                      | {10: " ⏎ ", 13: "", 0x2028: " ⏎ ", 0x2029: " ⏎ ", 127: " "})


def one_line(text: str) -> str:
    """Text safe to draw on one row: line breaks shown as ⏎, other control characters as spaces."""
    return text.translate(CONTROL_CHARACTERS)


class LineList(ScrollView, can_focus=True):
    """Rows with a cursor: j/k or arrows, pages, first/last, enter; subclasses draw a row's segments."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next", id="next-sentence", show=False, tooltip="Next row"),
        Binding("k,up", "cursor_up", "Previous", id="previous-sentence", show=False, tooltip="Previous row"),
        Binding("pagedown", "page_down", "Page down", id="page-down", show=False),
        Binding("pageup", "page_up", "Page up", id="page-up", show=False),
        Binding("g,home", "first", "First", id="first-sentence", show=False),
        Binding("G,end", "last", "Last", id="last-sentence", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.rows: list = []

    def replace_rows(self, rows: list, cursor: int = 0) -> None:
        """Replace every row and put the cursor at `cursor`."""
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows))
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self.refresh()

    @property
    def current(self):
        """The row under the cursor, or None when the list is empty."""
        return self.rows[self.cursor] if self.rows else None

    def watch_cursor(self, old: int, new: int) -> None:
        """Repaint the two rows, keep the cursor in view, and tell the screen."""
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        if self.rows:
            self.row_highlighted(new)

    def validate_cursor(self, value: int) -> int:
        """Clamp the cursor to the rows."""
        return max(0, min(value, len(self.rows) - 1))

    def refresh_line(self, index: int) -> None:
        """Repaint one row if it is on screen."""
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.size.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.size.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def key_enter(self) -> None:
        """Enter chooses the row under the cursor."""
        if self.rows:
            self.row_chosen(self.cursor)

    def on_resize(self) -> None:
        """Keep the virtual width equal to the view: rows truncate rather than scroll sideways."""
        self.virtual_size = Size(self.size.width, len(self.rows))

    def render_line(self, y: int) -> Strip:
        """Draw one visible row, padded or cut to the width."""
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        base = self.row_style(index)
        if index == self.cursor:
            base += self.cursor_style()
        segments = [Segment("▌" if index == self.cursor else " ", base), *self.render_row(index, base)]
        return Strip(segments).adjust_cell_length(width, base or Style())

    # --- for subclasses ------------------------------------------------------------------------

    def row_style(self, index: int) -> Style:
        """The base style of a row."""
        return self.rich_style

    def cursor_style(self) -> Style:
        """The style added to the cursor row."""
        return Style(reverse=True)

    def render_row(self, index: int, base: Style) -> list[Segment]:
        """The segments of one row after the cursor mark."""
        raise NotImplementedError

    def row_highlighted(self, index: int) -> None:
        """Called when the cursor lands on a row."""

    def row_chosen(self, index: int) -> None:
        """Called when enter is pressed on a row."""
