"""A cursor list on Textual's line API: only visible rows are drawn, so 100,000 rows cost what 40 do.

Textual's DataTable restyles a row in over 100 ms at 100,000 rows and ListView mounts a widget per
row; this base draws each visible line on demand and leaves what a row looks like to subclasses.
Rows may span several lines (wrapped text): the scroll offset counts rows, not lines, so only the
heights of rows near the screen are ever computed.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

CONTROL_CHARACTERS = (dict.fromkeys(range(32), " ") | dict.fromkeys(range(0x80, 0xA0), " ")  # C1 too: U+009B is CSI
                      | {10: " ⏎ ", 13: "", 0x2028: " ⏎ ", 0x2029: " ⏎ ", 127: " "}
                      | dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], "\ufffd"))  # bidi: would reorder the row


def one_line(text: str) -> str:
    """Text safe to draw on one row: line breaks shown as ⏎, other control characters as spaces, bidi overrides as U+FFFD."""
    return text.translate(CONTROL_CHARACTERS)


class LineList(ScrollView, can_focus=True):
    """Rows with a cursor: j/k or arrows, pages, first/last, enter, click and double click; subclasses draw a row's lines.

    `scroll_offset.y` is the index of the top row; the screen shows rows from there down, each
    as many lines as `row_height` says.
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next", id="next-sentence", show=False, tooltip="Next row"),
        Binding("k,up", "cursor_up", "Previous", id="previous-sentence", show=False, tooltip="Previous row"),
        Binding("pagedown", "page_down", "Page down", id="page-down", show=False),
        Binding("pageup", "page_up", "Page up", id="page-up", show=False),
        Binding("g,home", "first", "First", id="first-sentence", show=False),
        Binding("G,end", "last", "Last", id="last-sentence", show=False),
        # A binding, not a key_enter handler: a key handler runs as soon as the key reaches this widget, before the
        # bindings of keys read with it ("j j enter" in one read chose the row the cursor was on before the j's).
        Binding("enter", "choose", "Open", id="choose-row", show=False, tooltip="Open the row under the cursor"),
    ]

    DEFAULT_CSS = """
    LineList > .line-list--cursor { background: $panel-lighten-1; }
    LineList:focus > .line-list--cursor { background: $accent 45%; }
    """
    COMPONENT_CLASSES = {"line-list--cursor"}

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)  # watch_cursor repaints the two rows
    DRAWN_LINES = 0  # a subclass whose `line_stamp` says everything a line depends on keeps this many drawn lines

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.rows: list = []
        self._screen_key: tuple | None = None
        self._screen_lines: list[tuple[int, int]] = []  # (row, line within the row) for each screen line
        self._drawn: dict[tuple[int, int, bool], tuple[object, Strip]] = {}  # (row, line, cursor) -> stamp, strip
        self._view_key: tuple | None = None
        self._view_size = Size(0, 0)
        self._styles_kept: dict[str | None, Style] = {}  # component class (None: the widget's own) -> rich style

    def replace_rows(self, rows: list, cursor: int = 0) -> None:
        """Replace every row and put the cursor at `cursor`."""
        self.rows = rows
        self.heights_changed()
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
        self.scroll_to_row(new)
        if self.rows:
            self.row_highlighted(new)

    def validate_cursor(self, value: int) -> int:
        """Clamp the cursor to the rows."""
        return max(0, min(value, len(self.rows) - 1))

    # --- geometry ------------------------------------------------------------------------------

    @property
    def top(self) -> int:
        """The row drawn on the first line."""
        return self.scroll_offset.y

    def heights_changed(self) -> None:
        """Rows or the width changed: forget the screen layout and size the scroll range again."""
        self._screen_key = None
        self._drawn.clear()
        self.virtual_size = Size(self.size.width, self.last_top() + max(self.size.height, 1))

    def last_top(self) -> int:
        """The top row that shows the last rows ending at the bottom of the screen."""
        lines, index = 0, len(self.rows)
        while index > 0:
            lines += self.row_height(index - 1)
            if lines > self.size.height:
                break
            index -= 1
        return min(index, max(len(self.rows) - 1, 0))

    def view_size(self) -> Size:
        """The size inside padding and scrollbars, measured again only when the widget's size or scrollbars change."""
        key = (self.size, self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        if key != self._view_key:
            self._view_key, self._view_size = key, self.scrollable_content_region.size
        return self._view_size

    def screen_lines(self) -> list[tuple[int, int]]:
        """(row, line within the row) for each line on screen, computed once per scroll position and size."""
        key = (self.top, self.view_size(), len(self.rows))
        if key != self._screen_key:
            self._screen_key, lines, index = key, [], self.top
            while len(lines) < self.size.height and index < len(self.rows):
                lines.extend((index, line) for line in range(self.row_height(index)))
                index += 1
            self._screen_lines = lines[: self.size.height]
        return self._screen_lines

    def scroll_to_row(self, index: int) -> None:
        """Scroll the least so the whole row is on screen (its start, when it is taller than the screen)."""
        top, height = self.top, self.size.height
        if not 0 <= index < len(self.rows):
            return
        if index < top:
            self._scroll_top(index)
        elif index - top >= height or sum(map(self.row_height, range(top, index + 1))) > height:
            lines, start = self.row_height(index), index
            while start > 0 and lines + self.row_height(start - 1) <= height:
                start -= 1
                lines += self.row_height(start)
            self._scroll_top(start)

    def _scroll_top(self, index: int) -> None:
        self.scroll_to(y=index, animate=False, force=True, immediate=True)

    def refresh_line(self, index: int) -> None:
        """Repaint one row if it is on screen."""
        if self.top <= index < self.top + self.size.height:
            ys = [y for y, (row, _) in enumerate(self.screen_lines()) if row == index]
            if ys:
                self.refresh(Region(0, ys[0], self.size.width, len(ys)))

    # --- keys ----------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        """Move the cursor down by a screen of lines less one (at least one row)."""
        self.cursor = self.rows_a_page_away(1)

    def action_page_up(self) -> None:
        """Move the cursor up by a screen of lines less one (at least one row)."""
        self.cursor = self.rows_a_page_away(-1)

    def rows_a_page_away(self, step: int) -> int:
        """The row a screen of lines less one from the cursor, going `step` (+1 down, -1 up)."""
        index, lines, page = self.cursor, 0, max(1, self.size.height - 1)
        while 0 <= index + step < len(self.rows):
            lines += self.row_height(index + step)
            if lines > page and index != self.cursor:
                break
            index += step
        return index

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_choose(self) -> None:
        """Enter chooses the row under the cursor."""
        if self.rows:
            self.row_chosen(self.cursor)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the row under the mouse; a double click chooses it, as enter does."""
        index = self.row_at(event.get_content_offset(self))
        if index is None:
            return
        self.focus()
        self.cursor = index
        if event.chain >= 2:
            self.row_chosen(index)

    def row_at(self, offset) -> int | None:
        """The row drawn at a content offset, or None off the rows (padding, border, below the last)."""
        lines = self.screen_lines()
        if offset is None or not 0 <= offset.y < len(lines):
            return None
        return lines[offset.y][0]

    def on_resize(self) -> None:
        """Keep the virtual width equal to the view (rows wrap or truncate, never scroll sideways)."""
        self.width_changed()
        self.heights_changed()
        if self.rows:
            self.scroll_to_row(self.cursor)

    def notify_style_update(self) -> None:
        """The theme or a pseudo-class (focus) changed: lines drawn before have the old styles."""
        super().notify_style_update()
        self._drawn.clear()
        self._styles_kept.clear()
        self._view_key = None  # the padding may have changed

    def component_style(self, name: str) -> Style:
        """A component class's rich style, kept until the styles change (theme, focus); Textual forgets it on every refresh."""
        found = self._styles_kept.get(name)
        if found is None:
            found = self._styles_kept[name] = self.get_component_rich_style(name)
        return found

    @property
    def base_style(self) -> Style:
        """The widget's own rich style (its colours over its ancestors' backgrounds), kept like `component_style`."""
        found = self._styles_kept.get(None)
        if found is None:
            found = self._styles_kept[None] = self.rich_style
        return found

    def render_line(self, y: int) -> Strip:
        """Draw one visible line, padded or cut to the width; reuse it while its stamp is unchanged (scrolling redraws every line)."""
        lines = self.screen_lines()
        width = self.size.width
        if y >= len(lines):
            return Strip.blank(width, self.base_style)
        index, line = lines[y]
        cursor = index == self.cursor
        if not self.DRAWN_LINES:
            return self.draw_line(index, line, cursor, width)
        key, stamp = (index, line, cursor), (width, self.line_stamp(index))
        found = self._drawn.get(key)
        if found is not None and found[0] == stamp:
            return found[1]
        if len(self._drawn) >= self.DRAWN_LINES:
            self._drawn.clear()
        strip = self.draw_line(index, line, cursor, width)
        self._drawn[key] = (stamp, strip)
        return strip

    def draw_line(self, index: int, line: int, cursor: bool, width: int) -> Strip:
        """One line of a row: the cursor mark, then the row's segments, padded or cut to the width."""
        base = self.row_style(index)
        if cursor:
            base += self.cursor_style()
        mark = Segment("▌" if cursor else " ", base)
        return Strip([mark, *self.render_row_line(index, line, base)]).adjust_cell_length(width, base or Style())

    # --- for subclasses ------------------------------------------------------------------------

    def row_height(self, index: int) -> int:
        """How many lines a row takes at the current width."""
        return 1

    def line_stamp(self, index: int) -> object:
        """With DRAWN_LINES: everything a row's lines depend on besides the width, focus and styles (equal means unchanged)."""
        return None

    def width_changed(self) -> None:
        """The width changed: drop anything measured at the old one."""

    def row_style(self, index: int) -> Style:
        """The base style of a row."""
        return self.base_style

    def cursor_style(self) -> Style:
        """The style added to the cursor row: a lighter panel, the accent while the list has focus."""
        return self.component_style("line-list--cursor")

    def render_row_line(self, index: int, line: int, base: Style) -> list[Segment]:
        """The segments of one line of a row after the cursor mark; one-line rows draw `render_row`."""
        return self.render_row(index, base)

    def render_row(self, index: int, base: Style) -> list[Segment]:
        """The segments of a one-line row after the cursor mark."""
        raise NotImplementedError

    def row_highlighted(self, index: int) -> None:
        """Called when the cursor lands on a row."""

    def row_chosen(self, index: int) -> None:
        """Called when enter is pressed on a row."""
