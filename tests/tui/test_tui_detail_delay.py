"""The detail panel follows the cursor after a short rest, so moving draws the cursor first and held keys skip the panel."""

from __future__ import annotations

import pytest
from tui_helpers import SIZE, open_source

from annotator.tui.article import DETAIL_DELAY_SECONDS, ArticleScreen

DELAY = 0.5  # longer than the app's, so a loaded machine cannot fire it between two key presses of the test


@pytest.fixture
def detail_at_once(monkeypatch):
    """Overrides the suite's fixture: the panel waits, as in the app (DETAIL_DELAY_SECONDS), only longer."""
    assert 0 < DETAIL_DELAY_SECONDS < DELAY
    monkeypatch.setattr(ArticleScreen, "DETAIL_DELAY", DELAY)


def detail(screen) -> str:
    return str(screen.query_one("#detail-panel").text)


async def test_the_panel_shows_the_sentence_once_the_cursor_rests(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.pause(DELAY * 3)
        first = detail(screen)
        await pilot.press("j", "j")
        assert screen.article.cursor == 2
        assert detail(screen) == first  # not rebuilt yet: only the cursor moved
        await pilot.pause(DELAY * 3)
        assert "Residents welcomed the plan." in detail(screen)
        assert detail(screen) != first


async def test_a_write_rebuilds_the_panel_at_once(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "c")  # the claim shows in the panel without waiting: it is the key's own result
        assert "CLAIM" in detail(screen)
        assert screen._detail_timer is None  # the write's rebuild took the place of the pending one
