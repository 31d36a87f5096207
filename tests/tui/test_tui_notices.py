"""Notices at 80x24: an error or a 'Not done' stays on screen until seen, two notices at most, and the session's log."""

from __future__ import annotations

import asyncio
import sqlite3

from textual.widgets._toast import Toast
from tui_helpers import claims, open_source, query, screen_text

from annotator.tui import notices as notices_module
from annotator.tui.dialogs import HelpScreen
from annotator.tui.notices import NoticesScreen

SMALL = (80, 24)
LOCK_FAILURE = "Not done: 'mark claim' was not written — another process held the database"


def shown(app) -> list[str]:
    """The messages of the toasts drawn on the screen right now, top first."""
    return [toast._notification.message for toast in app.screen.query(Toast)
            if toast.parent.display and toast.display and toast.region.height > 0]


async def _claim_not_written(app, pilot, corpus) -> None:
    """`c` while another process holds the write lock past the app's patience: a real 'Not done' error."""
    app.writes.patience = 0.6
    holder = sqlite3.connect(corpus, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_an_error_stays_on_screen_under_a_later_info_notice_and_the_database_is_as_it_says(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_source(pilot, "a")
        await _claim_not_written(app, pilot, corpus)
        assert [message for message in shown(app) if message.startswith(LOCK_FAILURE)], shown(app)
        await pilot.press("D")  # marks the source done: an info notice, written at once
        await pilot.pause()
        on_screen = shown(app)
        assert len(on_screen) == 2, on_screen
        assert on_screen[0].startswith(LOCK_FAILURE) and on_screen[1] == "a marked done; u undoes.", on_screen
    assert claims(corpus) == []  # the error said the claim was not written: it is not
    assert query(corpus, "SELECT source_id, annotator FROM sources_done") == [("a", "alice")]


async def test_an_error_outlasts_its_timeout_and_goes_at_the_first_key_after_it_was_shown_long_enough(corpus, make_app,
                                                                                                        monkeypatch):
    monkeypatch.setattr(notices_module, "HELD_AT_LEAST", 0.5)
    app = make_app(corpus)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_source(pilot, "a")
        app.notify("Not done: 'set verdict' could not be written (disk I/O error).", severity="error", timeout=0.2)
        app.notify("Moved on.", timeout=0.2)
        await pilot.pause()
        await pilot.press("j")  # too soon: nobody could have read it yet
        await asyncio.sleep(0.7)  # past both timeouts and the least time held
        await pilot.pause()
        assert shown(app) == ["Not done: 'set verdict' could not be written (disk I/O error)."], shown(app)
        await pilot.press("k")
        await pilot.pause()
        assert shown(app) == []


async def test_a_second_error_before_the_first_was_seen_says_more_are_in_the_log_and_m_lists_them(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_source(pilot, "a")
        await _claim_not_written(app, pilot, corpus)
        app.notify("Export failed: exports is not a folder.", severity="error")
        app.notify("Written: note.")
        await pilot.pause()
        on_screen = shown(app)
        assert on_screen == ["Export failed: exports is not a folder. (1 more not done: M lists them.)", "Written: note."]
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, NoticesScreen)
        listed = " ".join(screen_text(app.screen.query_one("VerticalScroll Static")))
        newest, second, oldest = (listed.index(text) for text in ("Written: note.", "Export failed", "Not done: 'mark claim'"))
        assert newest < second < oldest, listed
        await pilot.press("escape")
        await pilot.pause()
        assert getattr(app.screen, "IS_ARTICLE", False)
        assert shown(app) == ["Written: note."]  # opening the log was seeing the errors


async def test_the_help_names_the_notices_key(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SMALL) as pilot:
        await open_source(pilot, "a")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert any(keys == "M" and binding_id == "notices" for keys, _, binding_id in app.screen.rows)


def test_an_error_notice_at_80x24(corpus, make_app, snap_compare):
    """A write refused for the lock: the error on the title bar, over the article, the claim not marked."""
    app = make_app(corpus)

    async def failed_write(pilot) -> None:
        await open_source(pilot, "a")
        await _claim_not_written(app, pilot, corpus)

    assert snap_compare(app, terminal_size=SMALL, run_before=failed_write)


async def test_a_notice_of_up_to_77_characters_takes_one_line_at_80_columns(corpus, make_app):
    """The toast rack reserves no scrollbar gutter: at 80 columns a notice of 77 characters stays on one line
    (the toast's border and padding take the other three; the gutter had taken two more)."""
    app = make_app(corpus)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_source(pilot, "a")
        message = "n" * 76 + "."
        app.notify(message)
        for _ in range(5):
            await pilot.pause()
        toast = next(toast for toast in app.screen.query(Toast) if toast._notification.message == message)
        assert toast.region.height == 1, toast.region
        assert toast.region.right == SMALL[0], toast.region  # flush with the right edge, no gutter beside it


async def test_an_undo_notice_quotes_what_fits_one_line_at_80_columns(make_corpus, make_app):
    long = ("The council approved forty new electric buses for the northern routes on Monday evening after a debate "
            "that ran past midnight.")
    db = make_corpus({"long-source-name-of-the-council": long, "b": "The council bought forty buses."})
    app = make_app(db)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_source(pilot, "long-source-name-of-the-council")
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.press("l")
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
        checked = []
        for keys in (("1",), ("escape", "u"), ("u",)):  # link, then undo the link (two places), then the claim
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            for _ in range(5):
                await pilot.pause()
            [message] = [m for m in shown(app) if m.startswith(("Linked", "Undid"))] or [""]
            if not message.startswith("Undid"):
                continue
            toast = next(toast for toast in app.screen.query(Toast) if toast._notification.message == message)
            assert toast.region.height == 1, message  # over the title bar only, not the article's title too
            assert "long-source-name-of-the-council:0" in message
            checked.append(message)
        assert [m.split(" — ")[0] for m in checked] == ["Undid: link corroborates", "Undid: mark claim"], checked
        assert "“The council approv" in checked[1] and "→ b:0" in checked[0]
