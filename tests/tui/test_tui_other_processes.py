"""Another process under the app: rows it removes, the write lock it holds, articles it corrects, imports it runs."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from tui_helpers import (
    ARTICLES,
    SIZE,
    claims,
    links,
    notices,
    open_source,
    query,
    screen_text,
    sentence_id,
    settle,
    sources_loaded,
)

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.formats import write_export
from annotator.formats.importer import import_files
from annotator.ingest import ingest_articles
from annotator.store import Store
from annotator.tui.app import POLL_SECONDS
from annotator.tui.dialogs import ConfirmDialog
from annotator.tui.writes import WAITING


async def poll(pilot) -> None:
    """Wait past one data_version poll and let the screens repaint."""
    await asyncio.sleep(POLL_SECONDS * 1.6)
    await settle(pilot)


@contextmanager
def poll_held(app):
    """The app's data_version poll sees no change while inside: a stale view stays stale whatever the load."""
    app._read_data_version = lambda: app._data_version
    try:
        yield
    finally:
        del app._read_data_version


def elsewhere(db: Path, annotator: str = "alice") -> tuple[Store, Annotations]:
    """Another process's connection and annotations (the second window of the issue)."""
    store = Store(db)
    return store, Annotations(store, annotator)


def hold_write_lock(db: Path) -> sqlite3.Connection:
    """A connection holding the write lock, as a long ingest does."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def messages(app) -> str:
    return "\n".join(message for message, _ in notices(app))


async def test_a_claim_removed_elsewhere_is_noticed_and_v_t_e_l_do_not_crash(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c")
        await pilot.pause()
        store, other = elsewhere(corpus)
        with poll_held(app):  # before the poll noticed (a loaded machine's keys take longer than a poll)
            other.undo()  # the other window's `u` takes back this window's claim
            for key in ("v", "t", "e", "l"):  # each re-reads the claim first
                await pilot.press(key)
                await pilot.pause()
                assert app.screen is screen and app.is_running
        assert "This claim was removed by another window or process" in messages(app)
        assert claims(corpus) == []
        other.redo()
        store.close()
        await poll(pilot)
        assert screen_text(screen.article)[0].startswith("▌◆")  # the poll repainted the row


async def test_l_1_on_a_claim_removed_while_linking_is_a_notice_not_a_foreign_key_crash(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        with poll_held(app):  # stale rows: no poll in between
            store, other = elsewhere(corpus)
            claim_id = other.claim_id_for(sentence_id(corpus, "a", 0))
            store.db.execute("DELETE FROM claims WHERE id = ?", [claim_id])
            store.close()
            await pilot.press("1")
            await pilot.pause()
        assert app.is_running and links(corpus) == []
        assert "removed by another window or process" in messages(app)
        assert app.screen is screen


async def test_a_link_deleted_while_the_dialog_asks_is_reported(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert len(links(corpus)) == 1
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        conn = sqlite3.connect(corpus)
        conn.execute("DELETE FROM links")
        conn.commit()
        conn.close()
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running and links(corpus) == []
        assert "no longer exists" in messages(app)


async def test_import_replace_while_the_app_is_open(corpus, make_app, tmp_path):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "v", "1")
        await pilot.pause()
        exported = tmp_path / "alice.jsonl"
        with Store(corpus) as store:
            write_export(store, "jsonl", exported, "alice")
        exported.write_text(exported.read_text().replace('"verdict":"supported"', '"verdict":"refuted"'))
        with Store(corpus) as store:
            import_files(store, [exported], on_conflict="replace")
        assert claims(corpus)[0][3] == "refuted"
        for key in ("v", "2", "t", "1", "e", "escape"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running
        await poll(pilot)
        await pilot.press("v", "3")
        await pilot.pause()
        assert claims(corpus)[0][3] == "mixed"
        assert screen.article.current.state.verdict == "mixed"


async def test_a_write_waits_for_a_held_lock_says_so_and_lands(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        holder = hold_write_lock(corpus)
        await pilot.press("c")
        await pilot.pause()
        assert WAITING in app.sub_title and "Waiting for the database (held by another process)" in messages(app)
        await pilot.press("j")  # the UI stays live
        await pilot.pause()
        assert screen.article.cursor == 1
        await pilot.press("x")  # a second write meanwhile is refused, not queued silently
        await pilot.pause()
        assert "Not done: still waiting for the database to write 'mark claim'" in messages(app)
        holder.execute("COMMIT")
        holder.close()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert claims(corpus) == [("a", 0, None, None, None, None)]
        assert query(corpus, "SELECT count(*) FROM boilerplate") == [(0,)]
        assert "Written: mark claim." in messages(app) and WAITING not in app.sub_title
        await poll(pilot)
        assert screen_text(screen.article)[0].startswith(" ◆")


async def test_a_lock_held_past_patience_reports_the_key_as_not_done(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        app.writes.patience = 0.6
        holder = hold_write_lock(corpus)
        try:
            await pilot.press("c")
            await app.workers.wait_for_complete()
            await pilot.pause()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert claims(corpus) == [] and app.is_running
        assert "Not done: 'mark claim' was not written — another process held the database" in messages(app)
        assert WAITING not in app.sub_title
        await pilot.press("c")  # and the key works again once the lock is free
        await pilot.pause()
        assert claims(corpus) == [("a", 0, None, None, None, None)]


async def test_q_while_a_write_waits_asks_once(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        holder = hold_write_lock(corpus)
        await pilot.press("c", "q")
        await pilot.pause()
        assert app.is_running and "press q again to quit without it" in messages(app)
        holder.execute("COMMIT")
        holder.close()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert claims(corpus) == [("a", 0, None, None, None, None)]


def _correct_a(db: Path) -> None:
    """Another process re-ingests a corrected article a: a new first sentence, everything else one place down."""
    with Store(db) as store:
        ingest_articles(store, [Article(id="a", text="Breaking news. " + ARTICLES["a"], origin="a.txt")], new_version=True)


async def test_a_corrected_article_moves_the_view_and_old_text_takes_no_claims(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "j", "c", "j")  # a claim on a:2, cursor on a:3 ("Critics said ...")
        await pilot.pause()
        with poll_held(app):
            _correct_a(corpus)
            await pilot.press("c")  # the stale view: core refuses, the app says so
            await pilot.pause()
        assert "is on version 1 of a, which was corrected since" in messages(app)
        assert query(corpus, "SELECT count(*) FROM claims c JOIN sentences t ON t.id = c.sentence_id "
                             "WHERE t.version = 1") == [(0,)]
        await poll(pilot)
        assert screen.article.rows[0].sentence.version == 2
        assert screen.current_sentence.text.startswith("Critics said")  # the cursor re-anchored with its sentence
        assert "a was corrected (now version 2)" in messages(app)
        await pilot.press("c")
        await pilot.pause()
        assert claims(corpus) == [("a", 3, None, None, None, None), ("a", 4, None, None, None, None)]
        assert query(corpus, "SELECT DISTINCT t.version FROM claims c JOIN sentences t ON t.id = c.sentence_id") == [(2,)]


async def test_u_after_a_reanchoring_takes_back_the_claim_where_it_now_sits(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "c", "j", "x")
        await pilot.pause()
        _correct_a(corpus)
        await poll(pilot)
        assert claims(corpus) == [("a", 2, None, None, None, None)]
        await pilot.press("u")
        await pilot.pause()
        assert query(corpus, "SELECT count(*) FROM boilerplate") == [(0,)]  # the flag's key moved: followed
        await pilot.press("u")
        await pilot.pause()
        assert claims(corpus) == []
        assert "Cannot undo" not in messages(app)
        assert "Undid: mark claim — a:2 “The mayor said the fleet would be electric.”." in messages(app)  # where it sits now
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert claims(corpus) == [("a", 2, None, None, None, None)]
        assert screen.article.cursor == 2 and screen_text(screen.article)[2].startswith("▌◆")  # redo went there


async def test_another_window_marking_shows_up_after_a_poll(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        store, other = elsewhere(corpus, "alice")
        other.mark_claim(sentence_id(corpus, "a", 3))
        store.close()
        await poll(pilot)
        assert screen_text(screen.article)[3].startswith(" ◆")
        await pilot.press("escape")
        await sources_loaded(pilot)
        assert app.screen.query_one("#sources").row_for("a").cells()[4] == "1"
