"""A key's commit only appends to the WAL; the app copies the WAL into the database file once it rests."""

from __future__ import annotations

import shutil
import sqlite3

from tui_helpers import claims, open_source

from annotator.tui import checkpoints


def claims_in_the_file_alone(db_path, tmp_path) -> int:
    """Claims in the database file without its WAL (a copy of the file opened alone)."""
    copy = tmp_path / "file-alone.db"
    shutil.copyfile(db_path, copy)
    conn = sqlite3.connect(copy)
    try:
        return conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    finally:
        conn.close()


async def test_the_wal_is_copied_into_the_file_after_a_rest_not_on_the_key(corpus, make_app, tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)  # only the test's ticks: a slow run met the timer's
    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        assert app.store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        version = app._read_data_version()
        await pilot.press("c")
        await pilot.pause()
        assert len(claims(corpus)) == 1  # committed: another connection reads it (from the WAL)
        assert claims_in_the_file_alone(corpus, tmp_path) == 0
        app.checkpoints.tick()  # it wrote since the last look: not resting yet
        await app.workers.wait_for_complete()
        assert claims_in_the_file_alone(corpus, tmp_path) == 0
        app.checkpoints.tick()  # a tick without a write: copy
        await app.workers.wait_for_complete()
        assert claims_in_the_file_alone(corpus, tmp_path) == 1
        assert app._read_data_version() == version  # a checkpoint is not a commit: no screen re-reads
