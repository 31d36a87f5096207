"""The mouse on every line list: a click puts the cursor on the row, a double click opens it as enter does."""

from __future__ import annotations

from test_tui_review import review_app, team_db  # noqa: F401  (fixtures)
from tui_helpers import SIZE, open_source, settle


def line_of(widget, index: int) -> tuple[int, int]:
    """The offset, inside the widget, of the first screen line of a row."""
    y = next(y for y, (row, _) in enumerate(widget.screen_lines()) if row == index)
    return (widget.gutter.left + 3, widget.gutter.top + y)


async def test_a_click_moves_the_article_cursor_and_a_double_click_on_evidence_opens_it(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.click(screen.article, offset=line_of(screen.article, 3))
        await pilot.pause()
        assert screen.article.cursor == 3 and screen.article.has_focus
        await pilot.press("k", "k", "c", "l")  # a claim on sentence 1, link mode
        await settle(pilot)
        evidence = screen.evidence
        target = evidence.rows[1].sentence
        await pilot.click(evidence, offset=line_of(evidence, 1))
        await pilot.pause()
        assert evidence.cursor == 1 and screen.source_id == "a"  # one click only moves
        await pilot.click(evidence, offset=line_of(evidence, 1), times=2)
        await pilot.pause()
        assert (screen.source_id, screen.article.cursor) == (target.source_id, target.index)


async def test_a_click_below_the_last_row_does_nothing(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "c")
        article = screen.article
        await pilot.click(article, offset=(3, article.gutter.top + len(article.screen_lines()) + 1))
        await pilot.pause()
        assert article.cursor == 0


async def test_a_double_click_on_a_source_opens_it(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        sources = app.screen.query_one("#sources")
        row = sources.index_of("b")
        await pilot.click(sources, offset=line_of(sources, row))
        await pilot.pause()
        assert sources.cursor == row and not getattr(app.screen, "IS_ARTICLE", False)
        await pilot.click(sources, offset=line_of(sources, row), times=2)
        await pilot.pause()
        assert getattr(app.screen, "IS_ARTICLE", False) and app.screen.source_id == "b"


async def test_a_click_moves_the_review_cursor(team_db, review_app):  # noqa: F811
    app = review_app(team_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        items = app.screen.item_list
        await pilot.click(items, offset=line_of(items, 2))
        await pilot.pause()
        assert items.cursor == 2 and app.screen.current is app.screen.queue[2]  # the panel follows the cursor
