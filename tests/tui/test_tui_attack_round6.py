"""Round-six attacks on the app: its database file moved while open, a second process writing under the idle checkpoint, hostile metadata."""

from __future__ import annotations

import os
import sqlite3

from tui_helpers import notices, open_source


def _claims_in(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM claims").fetchone()[0]


async def test_work_done_after_the_database_file_was_moved_lands_in_the_moved_file(corpus, make_app, tmp_path):
    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        os.rename(corpus, tmp_path / "moved.db")  # `mv t.db story.db` in another terminal
        app.checkpoints.tick()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("was moved or replaced while open" in message for message, _ in notices(app))
        await pilot.press("j", "c")
        await pilot.pause()
        app.checkpoints.tick()
        await app.workers.wait_for_complete()
        assert not corpus.exists()  # no connection of the app made a new, empty database (and deleted the WAL) there
        assert _claims_in(tmp_path / "moved.db") == 2  # the moved file alone holds both, before the app even closes
        await pilot.press("q")
    app.store.close()
    assert _claims_in(tmp_path / "moved.db") == 2


async def test_the_idle_checkpoint_beside_a_second_process_writing_keeps_both(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        other = sqlite3.connect(corpus, timeout=5)
        other.execute("BEGIN IMMEDIATE")  # the other process holds the write lock while the checkpoint runs
        other.execute("INSERT INTO annotators (name, created_at) VALUES ('other-process', '2026-01-01T00:00:00+00:00')")
        app.checkpoints.tick()
        app.checkpoints.tick()
        await app.workers.wait_for_complete()
        other.execute("COMMIT")
        other.close()
        await pilot.press("j", "c")
        await pilot.pause()
        app.checkpoints.tick()
        app.checkpoints.tick()
        await app.workers.wait_for_complete()
    with sqlite3.connect(corpus) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM annotators WHERE name = 'other-process'").fetchone()[0] == 1
