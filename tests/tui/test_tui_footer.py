"""The key footer rebuilds its keys only when the keys it shows change, and then shows what a fresh footer would."""

from __future__ import annotations

from tui_helpers import SIZE, open_source

from annotator.tui.footer import KeyFooter


def _keys(screen) -> list[tuple[str, str, bool]]:
    """(key, description, disabled) of each key the screen's footer shows."""
    return [(key.key, key.description, key.disabled) for key in screen.query_one(KeyFooter).query("FooterKey")]


def _fresh_keys(screen) -> list[tuple[str, str, bool]]:
    """What a footer built now would show: each shown binding the screen has, then the command palette's."""
    bindings = [(key, binding, enabled) for key, (_, binding, enabled, _) in screen.active_bindings.items()]
    palette = screen.app.COMMAND_PALETTE_BINDING
    return [(binding.key, binding.description, not enabled) for key, binding, enabled in bindings if binding.show] + [
        (binding.key, binding.description, not enabled) for key, binding, enabled in bindings if key == palette]


async def test_a_dialog_opened_and_closed_leaves_the_footer_keys_as_they_were(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        before = list(screen.query("FooterKey"))
        assert before and _keys(screen) == _fresh_keys(screen)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is not screen
        await pilot.press("escape", "down", "up")
        await pilot.pause()
        assert app.screen is screen
        assert list(screen.query("FooterKey")) == before  # the very same widgets: nothing was rebuilt


async def test_the_pane_key_shows_in_link_mode_and_goes_when_it_closes(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        outside = _keys(screen)
        assert outside == _fresh_keys(screen) and "tab" not in [key for key, _, _ in outside]
        await pilot.press("l")
        await pilot.pause()
        assert _keys(screen) == _fresh_keys(screen) != outside
        assert ("tab", "Pane", False) in _keys(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert _keys(screen) == _fresh_keys(screen) == outside
