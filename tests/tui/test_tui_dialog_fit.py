"""Round 11's trial at 80x24: the export dialog's 11 formats scroll inside it, and its hint stays on screen."""

from __future__ import annotations

import pytest
from tui_helpers import sources_loaded

from annotator.formats import FORMATS
from annotator.tui.dialogs import ChoiceDialog


def inside(inner, outer) -> bool:
    return outer.y <= inner.y and inner.y + inner.height <= outer.y + outer.height


@pytest.mark.parametrize("height", [24, 18])
async def test_the_export_dialog_hint_stays_in_view_and_the_last_format_scrolls_into_it(corpus, make_app, height):
    app = make_app(corpus)
    async with app.run_test(size=(80, height)) as pilot:
        await sources_loaded(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog) and len(dialog.choices) == len(FORMATS) == 11
        box, hint = dialog.query_one("Vertical"), dialog.query_one("Label.hint")
        assert "number or enter to choose" in str(hint.render())
        assert inside(hint.region, box.content_region) and box.max_scroll_y == 0  # in view, the dialog itself unscrolled
        assert inside(box.region, dialog.region)
        options = dialog.query_one("OptionList")
        assert options.max_scroll_y > 0  # the formats scroll inside the list
        await pilot.press("end")
        await pilot.pause()
        assert options.highlighted == len(FORMATS) - 1 and options.scroll_y == options.max_scroll_y
        assert inside(hint.region, box.content_region)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)

