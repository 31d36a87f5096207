"""The idle checkpoint's warnings (a full disk, the journal deleted) are held like errors and kept in the `M` log."""

from __future__ import annotations

import asyncio
import os
import resource

from test_tui_attack_round7 import _rest
from test_tui_notices import shown
from tui_helpers import notices as notices_log
from tui_helpers import open_source, screen_text

from annotator.tui import checkpoints
from annotator.tui import notices as notices_module
from annotator.tui.notices import NoticesScreen

SMALL = (80, 24)
FAILURE = "Could not copy your work"


def full_disk(monkeypatch) -> dict:
    """Make the checkpoint's writes fail as on a full disk while the returned switch is on."""
    real, full = checkpoints.checkpoint, {"on": True}

    def on_a_full_disk(path, identity):
        if not full["on"]:
            return real(path, identity)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))
        try:
            return real(path, identity)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    monkeypatch.setattr(checkpoints, "checkpoint", on_a_full_disk)
    return full


async def test_a_failed_checkpoint_stays_past_later_notices_until_a_key_after_it_was_seen_and_is_logged(
        corpus, make_app, monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)  # only the test's ticks
    monkeypatch.setattr(notices_module, "HELD_AT_LEAST", 0.5)
    full_disk(monkeypatch)
    app = make_app(corpus)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        await _rest(app, pilot)
        [failure] = [message for message in shown(app) if message.startswith(FAILURE)]
        app.notify("Moved on.", timeout=0.2)  # a later passing notice does not take its place
        await pilot.pause()
        await pilot.press("j")  # too soon: nobody could have read it yet
        await asyncio.sleep(0.7)  # past the passing notice's timeout and the least time held
        await pilot.pause()
        assert shown(app) == [failure], shown(app)
        await pilot.press("k")
        await pilot.pause()
        assert shown(app) == []
        await pilot.press("M")  # the log has it
        await pilot.pause()
        assert isinstance(app.screen, NoticesScreen)
        assert FAILURE in " ".join(screen_text(app.screen.query_one("VerticalScroll Static")))
        await pilot.press("escape")
        await pilot.pause()



async def test_the_recovery_takes_the_unseen_failures_place_and_is_held_in_turn(corpus, make_app, monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)
    full = full_disk(monkeypatch)
    app = make_app(corpus)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        await _rest(app, pilot)
        assert [message for message in shown(app) if message.startswith(FAILURE)]
        full["on"] = False  # space freed before anyone saw the failure: what it said no longer holds
        await _rest(app, pilot)
        recovered = f"Your work is copied into {corpus} again."
        assert shown(app) == [recovered], shown(app)  # in its place, with no "1 more not done"
        app.notify("Moved on.", timeout=0.2)
        await asyncio.sleep(0.5)
        await pilot.pause()
        assert shown(app) == [recovered], shown(app)
        assert [message for message, _ in notices_log(app)][-3:-1] == [next(m for m, _ in notices_log(app)
                                                                             if m.startswith(FAILURE)), recovered]

async def test_the_journal_deleted_under_the_app_is_held(corpus, make_app, monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)
    app = make_app(corpus)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        os.unlink(f"{corpus}-wal")
        await _rest(app, pilot)
        [told] = [notification for notification in app._notifications if "was deleted" in notification.message]
        assert told.timeout == notices_module.HELD_TIMEOUT and app.notices.held is told
