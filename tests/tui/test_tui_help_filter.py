"""The help lists every live key; `/` filters it by words of a key, of what it does or of its binding id."""

from __future__ import annotations

from textual.widgets import Input
from tui_helpers import open_source, screen_text

from annotator.tui.dialogs import HelpScreen

SMALL = (80, 24)


def help_text(app) -> str:
    """What the help's list shows now, as one string."""
    return "\n".join(screen_text(app.screen.query_one("#help-keys")))


async def test_slash_filters_the_help_to_the_keys_whose_words_match(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SMALL) as pilot:
        await open_source(pilot, "a")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Undo" in help_text(app) and not app.screen.query_one("#help-filter-input").display
        await pilot.press("slash", *"undo")
        await pilot.pause()
        dialog, hint = app.screen.query_one("HelpScreen > Vertical"), app.screen.query_one("HelpScreen Label.hint")
        assert hint.region.bottom <= dialog.content_region.bottom  # the filter line took a line from the list, not the hint
        shown = help_text(app)
        assert "Undo" in shown and "Redo" not in shown and "Quit" not in shown
        await pilot.press(*" LAST")  # every word must match, in any case: "Back to where the last jump (…, undo) came from"
        await pilot.pause()
        assert "(jump-back)" in help_text(app) and "Redo" not in help_text(app)
        await pilot.press("ctrl+u", *"zzz")  # ctrl+u clears the line (Textual's Input)
        await pilot.pause()
        assert "No key matches 'zzz'." in help_text(app)
        app.screen.query_one("#help-filter-input", Input).value = "grow-detail"  # a binding id
        await pilot.pause()
        assert "z" in help_text(app) and "Undo" not in help_text(app)
        await pilot.press("enter", "q")  # back on the list, q closes as before (typed into the filter it would not)
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
