"""The side panel: the current sentence (its place only when the list shows it whole), its claim, its links, and the claims it is evidence for."""

from __future__ import annotations

from bisect import bisect_right
from math import ceil

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._cells import cell_len
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual, visualize

from annotator.tui.detail_text import (  # noqa: F401 - the panel's text, re-exported for its users
    CONFLICT_PREFIX,
    DetailView,
    detail_paragraphs,
    relation_style,
    render_detail,
    why_line,
)

PARAGRAPHS_KEPT = 8_192  # drawn paragraphs kept for the next views: a claim's links are one each


class DetailPanel(ScrollView, can_focus=True):
    """Renders a DetailView on the line API; source text always as plain Text, never markup. Scrolls when focused.

    Each line of the text (a paragraph) is wrapped once per content and width and kept, and only the lines
    on screen are drawn and placed (given their position for mouse selection): a paragraph off screen is only
    measured, and one that fits the width is one line without being drawn. So a new view costs the paragraphs
    on screen that changed, not the length of the text: its size never changes, and the screen is never laid
    out again for it.
    The scrollbar is always there (its track blank, a thumb when the text is longer than the panel): one that
    came and went laid out the whole screen, 20-30 ms of a key that changed the panel's length.
    """

    HELP = "Details of the current sentence: its claim, every link, and the claims that cite it. **j/k** scroll, **g/G** top and bottom."

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", id="detail-scroll-down", show=False),
        Binding("k", "scroll_up", "Scroll up", id="detail-scroll-up", show=False),
        Binding("g", "scroll_home", "Top", id="detail-scroll-top", show=False),
        Binding("G", "scroll_end", "Bottom", id="detail-scroll-bottom", show=False),
    ]

    DEFAULT_CSS = """
    DetailPanel { height: 12; border-top: solid $accent; padding: 0 1; overflow-x: hidden; overflow-y: scroll;
                  scrollbar-background: transparent; scrollbar-background-hover: transparent; }
    DetailPanel:focus { border-top: thick $accent; }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.set_reactive(DetailPanel.auto_links, False)  # its text is data, never links: no link style to look up per line
        self._paragraphs: list[Text] = [Text()]
        self._text: Text | None = None  # the paragraphs joined, when asked for
        self._shown = 0  # counts the texts shown, so the lines know which one they were drawn for
        self._starts: list[int] = []  # the first line of each paragraph, as wrapped at the width
        self._count = 0  # how many lines the text takes
        self._whole: list[Strip] | None = None  # under a mouse selection: the whole text drawn at once, placed
        self._lines_key: tuple | None = None  # (text shown, width, style, selection) the lines were measured for
        self._placed: dict[int, Strip] = {}  # line -> its strip with selection offsets on its paragraph's line
        self._drawn: dict[tuple, list[Strip]] = {}  # a paragraph's plain text, spans and style -> its lines
        self._drawn_as: dict[int, tuple[Text, list[Strip]]] = {}  # id of a paragraph drawn -> it and its lines
        self._moved: dict[tuple[int, int], tuple[Strip, Strip]] = {}  # (id of a strip, line) -> it and it placed there
        self._drawn_key: tuple | None = None  # (width, style) the paragraphs were drawn at

    @property
    def text(self) -> Text:
        """What the panel shows, whole (the screen shows the lines that fit)."""
        if self._text is None:
            self._text = Text("\n").join(self._paragraphs)
        return self._text

    def show(self, view: DetailView) -> None:
        """Replace the panel's content, scrolled to its top; lay the screen out only if the scrollbar must change.

        Only the lines on screen that changed are drawn again (a link added redraws a few, not the panel).
        """
        before = self._screen_lines() if self.scroll_offset.y == 0 else None
        self._paragraphs, self._text = detail_paragraphs(view), None
        self._shown += 1
        if self.size.width and self.show_vertical_scrollbar:
            size = self._range()
            if size != self.virtual_size:  # the scroll range changes, the scrollbar's thumb perhaps
                self.set_reactive(DetailPanel.virtual_size, size)  # no layout; Textual is pinned, _scroll_update is its own step
                self._resize_thumb(size)
        else:  # not laid out yet
            before = None
            self.virtual_size = Size(self.virtual_size.width, self._line_count())
            self.call_after_refresh(self._fit_height)
        self.scroll_to(y=0, animate=False, force=True, immediate=True)
        self._refresh_changed(before)

    def _resize_thumb(self, size: Size) -> None:
        """Give the scrollbar the new range (as Textual's `_scroll_update`), drawing it again only if its thumb moves.

        A link added to a claim with hundreds adds a line to the range and rarely an eighth of a cell to the thumb.
        """
        bar = self.vertical_scrollbar
        window = self.container_size.height - self.scrollbar_size_horizontal
        before = _thumb(bar.size.height, bar.window_virtual_size, bar.window_size, bar.position)
        bar.set_reactive(ScrollBar.window_virtual_size, size.height)
        bar.set_reactive(ScrollBar.window_size, window)
        if _thumb(bar.size.height, size.height, window, bar.position) != before:
            bar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def _screen_lines(self) -> list[Strip]:
        """The content lines on screen at the top of the text, as drawn now."""
        return [self._line(index) for index in range(min(self.scrollable_content_region.height, self._line_count()))]

    def _refresh_changed(self, before: list[Strip] | None) -> None:
        """Redraw the lines on screen that differ from `before` (all of them when None)."""
        if before is None:
            self.refresh()
            return
        after, width = self._screen_lines(), self.size.width
        for y in range(max(len(before), len(after))):
            if y >= len(before) or y >= len(after) or before[y] != after[y]:
                self.refresh(Region(0, y, width, 1))  # content coordinates: Textual adds the border and padding

    def lines(self) -> list[Strip]:
        """Every line of the text wrapped to the width inside padding and scrollbar, drawn as Textual draws a Static."""
        return [self._line(index) for index in range(self._line_count())]

    def _line_count(self) -> int:
        """How many lines the text takes at the current width; measures the paragraphs once per text, width and style.

        A mouse selection draws the whole text afresh, as a Static does, its strips already placed.
        """
        width, style, selection = self.scrollable_content_region.width, self.visual_style, self.text_selection
        key = (self._shown, width, style, selection)
        if key != self._lines_key:
            self._lines_key, self._placed, self._whole, self._starts = key, {}, None, []
            if (width, style) != self._drawn_key:
                self._drawn_key, self._drawn, self._drawn_as, self._moved = (width, style), {}, {}, {}
            if width <= 0:
                self._count = 0
            elif selection is not None:
                self._whole = Visual.to_strips(self, visualize(self, drawn_text(self._paragraphs, width), markup=False),
                                               width, None, style)
                self._count = len(self._whole)
            else:
                starts, count = self._starts, 0
                for paragraph in self._paragraphs:
                    starts.append(count)
                    count += self._height(paragraph, width, style)
                self._count = count
        return self._count

    def _height(self, paragraph: Text, width: int, style) -> int:
        """How many lines a paragraph takes at `width`: from its drawn lines if kept, 1 if it fits, else drawn now."""
        kept = self._drawn_as.get(id(paragraph))
        if kept is not None and kept[0] is paragraph:
            return len(kept[1])
        plain = paragraph.plain
        if paragraph.no_wrap or plain and "\t" not in plain and cell_len(plain) <= width:  # Textual wraps by the same cell widths
            return 1
        return len(self._paragraph_strips(paragraph, width, style))

    def _paragraph_strips(self, paragraph: Text, width: int, style) -> list[Strip]:
        """One paragraph wrapped at the width, drawn once per content wherever it stands.

        A paragraph shown again (a link's line is one Text, built once) is found by identity, without reading its text.
        """
        kept = self._drawn_as.get(id(paragraph))
        if kept is not None and kept[0] is paragraph:
            return kept[1]
        drawn = (paragraph.plain, tuple(paragraph.spans), str(paragraph.style), paragraph.no_wrap)
        strips = self._drawn.get(drawn)
        if strips is None:
            if len(self._drawn) >= PARAGRAPHS_KEPT:
                self._drawn.clear()
            strips = self._drawn[drawn] = Visual.to_strips(self, visualize(self, _one_line(paragraph, width), markup=False),
                                                           width, None, style)
        if len(self._drawn_as) >= PARAGRAPHS_KEPT:
            self._drawn_as.clear()
        self._drawn_as[id(paragraph)] = (paragraph, strips)  # kept alive with it, so its id names no other
        return strips

    def _line(self, index: int) -> Strip:
        """Line `index` of the text (below `_line_count()`), its cells' selection offsets on its paragraph's line.

        Its paragraph is drawn now if it was only measured; should the drawing take other lines than the measure
        said, the text is measured again from the drawn lines and the panel drawn again.
        """
        strip = self._placed.get(index)
        if strip is not None:
            return strip
        if self._whole is not None:
            return self._whole[index]
        y = bisect_right(self._starts, index) - 1
        width, style = self._drawn_key
        strips = self._paragraph_strips(self._paragraphs[y], width, style)
        start, end = self._starts[y], self._starts[y + 1] if y + 1 < len(self._starts) else self._count
        if len(strips) != end - start:  # not as measured (Textual wrapped otherwise): measure again, drawn this time
            self._lines_key = None
            self.refresh()
            self.call_after_refresh(self._fit_height)
            self._line_count()
            return self._line(min(index, self._count - 1)) if self._count else Strip.blank(width)
        strip = strips[index - start]
        strip = self._placed[index] = self._on_line(strip, y) if y else strip
        return strip

    def _on_line(self, strip: Strip, y: int) -> Strip:
        """`strip` placed on paragraph line `y`, kept: a link's lines stand on the same line view after view."""
        kept = self._moved.get((id(strip), y))
        if kept is not None and kept[0] is strip:
            return kept[1]
        if len(self._moved) >= PARAGRAPHS_KEPT:
            self._moved.clear()
        placed = _on_line(strip, y)
        self._moved[id(strip), y] = (strip, placed)
        return placed

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection, as a Static gives it."""
        return selection.extract(self.text.plain), "\n"

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        """Size the scroll range to the text wrapped at the current width."""
        self.virtual_size = self._range()

    def _range(self) -> Size:
        """The scroll range: the text's lines, at least the panel's (a text that fits draws no thumb on the empty track)."""
        return Size(self.virtual_size.width, max(self._line_count(), self.scrollable_content_region.height))

    def notify_style_update(self) -> None:
        """The theme or focus changed: the lines were drawn with the old styles."""
        super().notify_style_update()
        self._lines_key = self._drawn_key = None

    def render_line(self, y: int) -> Strip:
        """One line of the text at the scroll position (the styles cache pads it), blank below it as a Static pads."""
        index = self.scroll_offset.y + y
        if index < self._line_count():
            return self._line(index)
        return Strip.blank(self.scrollable_content_region.width, self.visual_style.rich_style)


def drawn_text(paragraphs: list[Text], width: int) -> Text:
    """The paragraphs as the panel draws them at `width`, joined: each link's line cut to one line."""
    return Text("\n").join(_one_line(paragraph, width) for paragraph in paragraphs)


def _one_line(paragraph: Text, width: int) -> Text:
    """A paragraph that keeps to one line (a link's) cut to the width with an ellipsis; any other as it is."""
    if not paragraph.no_wrap or cell_len(paragraph.plain) <= width:
        return paragraph
    cut = paragraph.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


def _thumb(size: int, virtual: int, window: int, position: float) -> tuple:
    """Where Textual's ScrollBarRender draws a thumb, in its eighths of a cell: all its drawing depends on but colours."""
    if not (window and size and virtual and size != virtual) or virtual <= window:
        return (size, virtual, window, position)  # no thumb, or one Textual draws its own way
    eighths = len(ScrollBarRender.VERTICAL_BARS)
    thumb = max(1, window / (virtual / size))
    start = int((size - thumb) * (position / (virtual - window)) * eighths)
    return size, start, start + ceil(thumb * eighths)


def _on_line(strip: Strip, y: int) -> Strip:
    """A strip drawn from one paragraph, its cells' selection offsets moved to line `y` of the whole text."""
    segments = []
    for segment in strip:
        offset = segment.style.meta.get("offset") if segment.style else None
        if offset is not None:
            segment = Segment(segment.text, segment.style + Style.from_meta({"offset": (offset[0], y)}), segment.control)
        segments.append(segment)
    return Strip(segments, strip.cell_length)
