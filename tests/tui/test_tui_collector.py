"""The app freezes what startup loaded and collects young objects less often while it runs; it undoes both on exit."""

from __future__ import annotations

import asyncio
import gc

from tui_helpers import SIZE

from annotator.tui.collector import YOUNG_COLLECTION_EVERY


async def test_the_collector_is_calmed_while_the_app_runs_and_restored_after(corpus, make_app):
    before = gc.get_threshold()
    gc.unfreeze()
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[0] >= YOUNG_COLLECTION_EVERY
        assert gc.get_freeze_count() > 0  # the sources view's rows among them
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


async def test_young_objects_are_collected_once_the_keys_rest_and_not_while_they_come(corpus, make_app, monkeypatch):
    from annotator.tui import collector

    monkeypatch.setattr(collector, "REST_LOOK_SECONDS", 0.05)
    passes: list[int] = []

    def noted(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(info["generation"])

    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gc.callbacks.append(noted)
        try:
            kept = [[index] for index in range(collector.REST_YOUNG_AT_LEAST * 2)]  # young objects, as keys leave them
            app.collector.key()  # a key since the last look: no pass yet
            app.collector.look()
            assert passes == []
            await asyncio.sleep(0.3)  # rested: the next looks collect
            await pilot.pause()
            assert passes and gc.get_count()[0] < collector.REST_YOUNG_AT_LEAST <= len(kept)
        finally:
            gc.callbacks.remove(noted)
