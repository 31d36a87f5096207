"""Keys that arrive together (one read from the terminal, as when typed fast or pasted) act in the order typed."""

from __future__ import annotations

from textual import events
from tui_helpers import SIZE, sources_loaded


def post_keys(app, *keys: str) -> None:
    """Post the keys to the app back to back, as the driver does for keys read in one go."""
    for key in keys:
        app.post_message(events.Key(key, {"enter": "\r"}.get(key, key)))


async def test_j_j_enter_in_one_read_opens_the_third_source(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        post_keys(app, "j", "j", "enter")
        for _ in range(20):
            await pilot.pause()
        assert getattr(app.screen, "source_id", None) == "c"


async def test_j_j_k_in_one_read_in_an_article_leaves_the_cursor_on_the_second_sentence(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        post_keys(app, "enter")
        for _ in range(10):
            await pilot.pause()
        article = app.screen.article
        post_keys(app, "j", "j", "k")
        for _ in range(10):
            await pilot.pause()
        assert article.cursor == 1
