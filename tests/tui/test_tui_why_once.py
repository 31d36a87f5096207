"""Round 11's trial: link mode showed the why twice when there was room, in the panel and on the pinned why line.

The panel now leaves the reasons to the why line when that line shows them whole, and keeps them when it cuts them.
"""

from __future__ import annotations

import pytest
from tui_helpers import open_source, settle


def panel_text(screen) -> str:
    """Everything the panel holds (its lines below the fold too)."""
    return str(screen.query_one("#detail-panel").text)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_why_shows_once_when_the_why_line_holds_it(corpus, make_app, size):
    app = make_app(corpus)
    async with app.run_test(size=size) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        why = str(screen.query_one("#why").render())
        assert why.startswith("b:0 ") and "why: " in why and not why.rstrip().endswith("…")
        panel = panel_text(screen)
        assert "EVIDENCE b:0" in panel  # the evidence sentence is still in the panel, in full
        assert "why: " not in panel


async def test_the_panel_keeps_the_why_when_the_why_line_cuts_it(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=(40, 12)) as pilot:  # tiny: the why line is one line of 38 cells
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        assert screen.has_class("tiny")
        reasons = screen.suggestions[screen.evidence.current.sentence.id].reasons()
        assert len("b:0 why: " + " · ".join(reasons)) > 38
        assert "why: " + reasons[0] in panel_text(screen)
