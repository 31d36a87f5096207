"""The detail panel redraws only the lines that changed: what is on screen always equals the panel drawn afresh."""

from __future__ import annotations

from tui_helpers import open_source

from annotator.tui.detail import DetailPanel


def screen_text(app) -> list[str]:
    """The screen as the terminal shows it: each line's text and styles, from the compositor's kept lines."""
    return [strip.text + repr([segment.style for segment in strip]) for strip in app.screen._compositor.render_strips()]


async def drawn_afresh(pilot, panel: DetailPanel) -> list[str]:
    """The screen with the whole panel drawn again."""
    panel.refresh()
    await pilot.pause()
    return screen_text(pilot.app)


async def test_the_panel_on_screen_equals_a_fresh_drawing_after_moves_and_links(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_source(pilot, "a")
        panel = screen.query_one(DetailPanel)
        for keys in (("j",), ("j",), ("k", "c"), ("l",), ("1",), ("j",), ("1",), ("j", "2")):
            await pilot.press(*keys)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            shown = screen_text(app)
            assert shown == await drawn_afresh(pilot, panel), keys
