"""The lists keep their component styles and the detail panel its drawn lines: a theme or focus change still recolours both."""

from __future__ import annotations

from textual.visual import Visual, visualize
from tui_helpers import SIZE, open_source

from annotator.tui.detail import DetailPanel


def segment_style(widget, y: int, text: str):
    """The style of the first segment of line `y` that holds `text`."""
    return next(segment.style for segment in widget.render_line(y) if text in segment.text)


def fresh_lines(panel: DetailPanel) -> list[list]:
    """The panel's whole text drawn now, as a Static would, without its caches."""
    width = panel.scrollable_content_region.width
    strips = Visual.to_strips(panel, visualize(panel, panel.text, markup=False), width, None, panel.visual_style)
    return [list(strip) for strip in strips]


async def test_a_theme_change_recolours_the_marks_of_a_drawn_row(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "j")
        before = segment_style(screen.article, 0, "◆")
        assert before == screen.article.rich_style + screen.article.get_component_rich_style("sentence-list--claim")
        app.theme = "nord"
        await pilot.pause()
        after = segment_style(screen.article, 0, "◆")
        assert after.color != before.color
        assert after == screen.article.rich_style + screen.article.get_component_rich_style("sentence-list--claim")


async def test_focus_moving_away_recolours_the_cursor_row(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        focused = segment_style(screen.article, 0, "▌")
        await pilot.press("p")  # the detail panel takes the focus
        assert screen.query_one(DetailPanel).has_focus
        unfocused = segment_style(screen.article, 0, "▌")
        assert unfocused.bgcolor != focused.bgcolor
        assert unfocused.bgcolor == screen.article.get_component_rich_style("sentence-list--cursor").bgcolor


async def test_the_panels_kept_lines_equal_a_fresh_drawing_after_links_and_a_theme_change(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        panel = screen.query_one(DetailPanel)
        await pilot.press("c", "l")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(3):  # each link adds a line; the lines before it come from the cache
            await pilot.press("1", "j")
            assert [list(strip) for strip in panel.lines()] == fresh_lines(panel)
        assert str(panel.text).count("corroborates") >= 3
        dark = panel.lines()
        app.theme = "nord"
        await pilot.pause()
        assert [list(strip) for strip in panel.lines()] == fresh_lines(panel) != [list(strip) for strip in dark]


async def test_a_mouse_selection_in_the_panel_copies_its_text(corpus, make_app):
    from textual.geometry import Offset
    from textual.selection import Selection

    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        panel = screen.query_one(DetailPanel)
        selection = Selection(Offset(0, 1), Offset(12, 1))  # line 1 of the text: the sentence
        assert panel.get_selection(selection) == ("The council ", "\n")
        plain = [list(strip) for strip in panel.lines()]
        screen.selections = {panel: selection}
        await pilot.pause()
        assert [list(strip) for strip in panel.lines()] == fresh_lines(panel) != plain  # drawn selected
