"""Round-six attacks on the app: its database file moved while open, a second process writing under the idle checkpoint, hostile metadata."""

from __future__ import annotations

import os
import sqlite3

import pytest
from tui_helpers import notices, open_source, typed_at_once


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


HOSTILE_METADATA = {  # (title, outlet) of sources a, b, c, d, as a scrape or an older database may hold them
    "a": ("Line one\nLine two [/] ../../etc/passwd", "../../etc/passwd"),
    "b": ("x" * 10_000, "y" * 10_000),
    "c": ("[b]bold[/b] [link=https://evil]click[/link] [@click=app.quit]q", "Le Monde [/fr]\r\nSecond line"),
    "d": ("\u202eexe.txt \u009b31m", "tab\there\u2028sep"),
}


def _hostile_corpus(tmp_path):
    from annotator.articles import Article
    from annotator.ingest import ingest_articles
    from annotator.store import Store

    db = tmp_path / "hostile.db"
    with Store(db) as store:
        ingest_articles(store, [Article(id=key, text=f"Report {key} says 40 buses were approved on Monday. It rained.", origin=f"{key}.txt")
                                for key in HOSTILE_METADATA])
        for key, (title, outlet) in HOSTILE_METADATA.items():  # stored as is: an older version checked none of it
            store.db.execute("UPDATE sources SET title = ?, outlet = ? WHERE id = ?", [title, outlet, key])
    return db


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
async def test_hostile_titles_and_outlets_are_shown_as_text_at_any_width(make_app, tmp_path, size):
    from tui_helpers import claims, screen_text

    app = make_app(_hostile_corpus(tmp_path))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        listed = "\n".join(screen_text(app.screen.query_one("#sources")))
        if size[0] == 200:
            assert "../../etc/passwd" in listed and "[b]bold[/b] [link=https://evil]click" in listed, listed
        assert "\u202e" not in listed and "\u009b" not in listed
        for key in HOSTILE_METADATA:
            screen = await open_source(pilot, key)
            drawn = app.export_screenshot()
            assert not any(char in drawn for char in "\u202e\u009b\x1b"), key
            await pilot.press("j", "k", "c", "question_mark")
            await pilot.pause()
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert app.is_running and screen.source_id == key
    assert len(claims(tmp_path / "hostile.db")) == len(HOSTILE_METADATA)


async def test_a_digit_typed_after_a_cancelled_dialog_is_never_applied_to_it(corpus, make_app):
    from tui_helpers import claims

    from annotator.tui.article import ArticleScreen

    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        await typed_at_once(pilot, "t", "escape", "1", "v", "escape", "2")
        assert isinstance(app.screen, ArticleScreen)
        assert claims(corpus) == [("a", 0, None, None, None, None)]  # neither dialog got the digit typed after its escape


async def test_keys_typed_ahead_across_sentences_land_on_the_sentence_they_were_typed_on(corpus, make_app):
    from tui_helpers import query

    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await typed_at_once(pilot, "c", "t", "1", "j", "c", "v", "2", "j", "j", "c", "t", "escape", "j")
        rows = query(corpus, "SELECT t.idx, c.claim_type, c.verdict FROM claims c JOIN sentences t ON t.id = c.sentence_id ORDER BY t.idx")
        assert rows == [(0, "numeric", None), (1, None, "refuted"), (3, None, None)]
        assert app.screen.current_sentence.index == 4


async def test_quitting_while_the_idle_checkpoint_runs_keeps_every_write(corpus, make_app, monkeypatch):
    import time

    from annotator.tui import checkpoints

    real = checkpoints.checkpoint

    def slow(path, identity):
        time.sleep(0.4)  # the copy of a large WAL: q arrives meanwhile
        return real(path, identity)

    monkeypatch.setattr(checkpoints, "checkpoint", slow)
    app = make_app(corpus)
    async with app.run_test() as pilot:
        await open_source(pilot, "a")
        await pilot.press("c", "j", "c")
        await pilot.pause()
        app.checkpoints.tick()
        app.checkpoints.tick()  # a rest: the checkpoint starts in its thread
        await pilot.press("q")
    app.store.close()
    with sqlite3.connect(corpus) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 2
