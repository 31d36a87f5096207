"""Round-seven attacks on the app: the idle checkpoint failing (a full disk, a file made read-only under it)."""

from __future__ import annotations

import contextlib
import resource
import shutil
import subprocess
from pathlib import Path

import pytest
from test_tui_checkpoints import claims_in_the_file_alone
from textual.worker import WorkerFailed
from tui_helpers import claims, notices, open_source, screen_text

from annotator.tui import checkpoints


async def _rest(app, pilot) -> None:
    """Two ticks without a write (a rest: the checkpoint runs in its thread), then wait for it; a failed worker is not the test's."""
    app.checkpoints.tick()
    app.checkpoints.tick()
    with contextlib.suppress(WorkerFailed):
        await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_checkpoint_on_a_full_disk_is_told_once_and_copied_at_a_later_rest(corpus, make_app, tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)  # only the test's ticks
    real, full = checkpoints.checkpoint, {"on": True}

    def on_a_full_disk(path, identity):
        if not full["on"]:
            return real(path, identity)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))  # no byte of the database file may be written: the disk is full
        try:
            return real(path, identity)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    monkeypatch.setattr(checkpoints, "checkpoint", on_a_full_disk)
    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        await _rest(app, pilot)
        await pilot.press("j", "c")
        await pilot.pause()
        await _rest(app, pilot)
        told = [(message, severity) for message, severity in notices(app) if "Could not copy your work" in message]
        assert len(told) == 1, notices(app)  # once, not at every rest
        message, severity = told[0]
        assert str(corpus) in message and "nothing is lost" in message and "t.db-wal" in message and severity == "warning"
        assert message.count(". ") == 0 and "Traceback" not in message
        assert len(claims(corpus)) == 2 and claims_in_the_file_alone(corpus, tmp_path) == 0  # committed, in the WAL alone
        full["on"] = False  # space freed: the next rest copies, without another write
        await _rest(app, pilot)
        assert claims_in_the_file_alone(corpus, tmp_path) == 2
        assert any(message.startswith("Your work is copied into") for message, _ in notices(app))
        assert app.is_running


def _immutable(path: Path, on: bool) -> bool:
    """chattr +i / -i: a file or folder nobody may write, root included (as a read-only mount is); False where it cannot be done."""
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True).returncode == 0


@pytest.fixture
def made_read_only():
    """Make paths read-only for everyone (chattr +i) and give them back afterwards; skip where the file system cannot."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if not _immutable(path, True):
            pytest.skip("chattr +i is not possible here (not root, or the file system has no such flag)")
        made.append(path)

    yield make
    for path in made:
        _immutable(path, False)


async def test_a_database_file_made_read_only_under_the_open_app_is_one_notice_and_loses_nothing(corpus, make_app, tmp_path,
                                                                                                 made_read_only, monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)
    app = make_app(corpus)
    async with app.run_test() as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        made_read_only(corpus)  # the file alone: its -wal beside it still takes every commit
        await pilot.press("j", "c")
        await pilot.pause()
        assert "CLAIM" in "\n".join(screen_text(screen.query_one("#detail-panel")))
        assert len(claims(corpus)) == 2  # shown as done, and committed
        await _rest(app, pilot)
        await _rest(app, pilot)
        told = [message for message, _ in notices(app) if "Could not copy your work" in message]
        assert len(told) == 1 and "was made read-only while open" in told[0] and "nothing is lost" in told[0], notices(app)
        await pilot.press("q")
    _immutable(corpus, False)
    app.store.close()
    assert len(claims(corpus)) == 2


async def test_a_journal_made_read_only_under_the_open_app_refuses_the_next_write_in_one_notice(corpus, make_app, made_read_only,
                                                                                              monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)
    app = make_app(corpus)
    async with app.run_test() as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        made_read_only(Path(f"{corpus}-wal"))  # where every commit goes: the next one cannot be written
        await pilot.press("j", "c")
        await pilot.pause()
        failed = [message for message, severity in notices(app) if severity == "error"]
        assert len(failed) == 1 and failed[0].startswith("Not done: 'mark claim'"), notices(app)
        assert "Traceback" not in failed[0]
        assert "CLAIM" not in "\n".join(screen_text(screen.query_one("#detail-panel")))  # nothing shown as done that is not
        assert screen.current_sentence.index == 1 and app.is_running
    _immutable(Path(f"{corpus}-wal"), False)
    app.store.close()
    assert len(claims(corpus)) == 1


async def test_a_folder_made_read_only_under_the_open_app_keeps_writing_into_its_open_files(corpus, make_app, made_read_only,
                                                                                          monkeypatch):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)
    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        made_read_only(corpus.parent)  # no file may be made or removed there; the open ones stay writable
        await pilot.press("j", "c")
        await pilot.pause()
        await _rest(app, pilot)
        assert not [message for message, severity in notices(app) if severity in ("error", "warning")], notices(app)
        assert len(claims(corpus)) == 2
        await pilot.press("q")
    app.store.close()
    _immutable(corpus.parent, False)
    assert len(claims(corpus)) == 2


async def test_ctrl_e_onto_a_file_no_export_wrote_keeps_it_and_says_so_without_a_cli_option(corpus, make_app, tmp_path, monkeypatch):
    from annotator.tui.dialogs import ChoiceDialog

    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").mkdir()
    mine = tmp_path / "exports" / f"{corpus.stem}.alice.jsonl"
    mine.write_text("my own notes, kept here by hand\n", encoding="utf-8")
    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await pilot.press("c", "ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")  # jsonl
        await app.workers.wait_for_complete()
        await pilot.pause()
        failed = [message for message, severity in notices(app) if severity == "error"]
        assert len(failed) == 1 and "is an existing file that no export wrote" in failed[0] and "--force" not in failed[0], failed
        assert "move or rename it first" in failed[0] and app.is_running
    assert mine.read_text(encoding="utf-8") == "my own notes, kept here by hand\n"


async def test_the_journal_deleted_under_the_open_app_loses_no_write(corpus, make_app, monkeypatch):
    import os
    import sqlite3

    monkeypatch.setattr(checkpoints, "CHECKPOINT_TICK_SECONDS", 3600.0)
    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        os.unlink(f"{corpus}-wal")  # `rm t.db-wal` to tidy the folder: the app's commits live on in a file no name reaches
        await pilot.press("j", "c")
        await pilot.pause()
        await _rest(app, pilot)
        told = [message for message, _ in notices(app) if "was deleted while the app had it open" in message]
        assert len(told) == 1 and "nothing is lost" in told[0], notices(app)
        assert len(claims(corpus)) == 2  # another process reads both again
        await pilot.press("j", "c")  # and one more after, quitting before any rest
        await pilot.pause()
        await pilot.press("q")
    app.store.close()
    with sqlite3.connect(corpus) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 3
