"""Round 13's trial at 80x24: dialog titles wrap, ids shorten in the middle, notices fit and go, fast keys land."""

from __future__ import annotations

from tui_helpers import sources_loaded

from annotator.cell_fit import middle
from annotator.tui.dialogs import ChoiceDialog

EIGHTY = (80, 24)
LONG_TITLE = "Verdict for the claim on usaid-fact-sheet-4:12, as the fact-checker reads it against the source"


async def test_a_dialog_title_longer_than_the_dialog_wraps_instead_of_being_cut(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=EIGHTY) as pilot:
        await sources_loaded(pilot)
        app.push_screen(ChoiceDialog(LONG_TITLE, (("supported", "the source says so"),), None))
        await pilot.pause()
        title = app.screen.query_one("Label.title")
        box = app.screen.query_one("Vertical")
        assert title.size.height >= 2 and title.region.right <= box.content_region.right
        shown = " ".join(line.rstrip() for line in (title.render_line(y).text for y in range(title.size.height)))
        assert " ".join(shown.split()) == LONG_TITLE


LONG_IDS = {"usaid-humanitarian-situation-report-2024-03-sheet-4": "The council met on Monday.",
            "usaid-humanitarian-situation-report-2024-03-sheet-5": "The council met again on Tuesday."}


async def test_a_source_id_too_long_for_its_cell_keeps_its_start_and_its_end(make_corpus, make_app):
    app = make_app(make_corpus(LONG_IDS))
    async with app.run_test(size=EIGHTY) as pilot:
        await sources_loaded(pilot)
        sources = app.screen.query_one("#sources")
        width = dict(sources.columns)["source"]
        cells = [sources.render_line(y).text[1:width + 1].rstrip() for y in range(2)]
        for cell, source_id in zip(cells, sorted(LONG_IDS), strict=True):
            assert cell == middle(source_id, width)
            head, tail = cell.split("…")
            assert source_id.startswith(head) and source_id.endswith(tail) and tail.endswith(source_id[-1])
        assert cells[0] != cells[1]  # cut at the end, the two rows read the same
