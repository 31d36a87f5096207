"""The app freezes what startup loaded and collects young objects less often while it runs; it undoes both on exit."""

from __future__ import annotations

import gc

from tui_helpers import SIZE

from annotator.tui.app import YOUNG_COLLECTION_EVERY


async def test_the_collector_is_calmed_while_the_app_runs_and_restored_after(corpus, make_app):
    before = gc.get_threshold()
    gc.unfreeze()
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[0] >= YOUNG_COLLECTION_EVERY
        assert gc.get_freeze_count() > 0  # the sources view's rows among them
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
