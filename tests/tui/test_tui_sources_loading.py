"""The sources view paints its first rows at once and reads every row's counts in a worker: keys meanwhile act on the rows shown."""

from __future__ import annotations

import asyncio
import threading

import pytest
from tui_helpers import ARTICLES, SIZE, sentence_id, sources_loaded

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.assignments import set_assigned
from annotator.ingest import ingest_articles
from annotator.source_rows import UNCOUNTED, first_source_rows, source_rows
from annotator.store import Store
from annotator.tui import sources as sources_module
from annotator.tui.app import POLL_SECONDS
from annotator.tui.sources import SourcesScreen

FIVE = {name: f"Source {name} says the council approved {n} buses. It rained." for n, name in enumerate("abcde", 1)}


@pytest.fixture
def gate(monkeypatch):
    """While the gate is closed, the worker that reads the sources rows waits before returning them."""
    opened = threading.Event()
    opened.set()
    read = sources_module.source_rows

    def held(*args):
        rows = read(*args)
        assert opened.wait(30), "the test never opened the gate"
        return rows

    monkeypatch.setattr(sources_module, "source_rows", held)
    return opened


async def until(pilot, condition) -> None:
    """Let the app run until `condition()` holds (a worker or a poll is on its way)."""
    for _ in range(400):
        if condition():
            return
        await asyncio.sleep(0.02)
        await pilot.pause()
    raise AssertionError("the app never got there")


def listed(app) -> list[str]:
    return [row.summary.id for row in app.screen.query_one("#sources").rows]


async def test_keys_before_the_counts_act_on_the_rows_shown_and_the_cursor_keeps_its_source(make_corpus, make_app, gate,
                                                                                             monkeypatch):
    db = make_corpus(FIVE)
    monkeypatch.setattr(sources_module, "FIRST_ROWS", 3)
    gate.clear()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SourcesScreen) and not screen.loaded.is_set()
        assert listed(app) == ["a", "b", "c"]  # the first rows, before any count is read
        assert screen.query_one("#sources").rows[0].cells()[3:] == [UNCOUNTED] * 5
        assert str(screen.query_one("#sources-intro").render()).startswith("5 sources; counting")
        await pilot.press("j", "j", "j", "j")  # past the rows shown: the cursor stops on the last one shown
        assert app.screen.query_one("#sources").current.summary.id == "c"
        gate.set()
        await sources_loaded(pilot)
        sources = app.screen.query_one("#sources")
        assert listed(app) == list("abcde") and sources.current.summary.id == "c"  # same source, now with its counts
        assert sources.current.cells()[3] == "2"
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.screen.source_id == "d"


async def test_enter_before_the_counts_opens_the_row_under_the_cursor(make_corpus, make_app, gate):
    db = make_corpus(FIVE)
    gate.clear()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.screen.source_id == "b"
        gate.set()
        await pilot.press("escape")
        await sources_loaded(pilot)
        assert app.screen.query_one("#sources").current.summary.id == "b"


async def test_a_move_while_a_reload_reorders_the_rows_stays_on_the_source_moved_to(make_corpus, make_app, gate):
    db = make_corpus(FIVE)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        await pilot.press("j", "j")  # on c
        gate.clear()
        with Store(db) as other:  # a lead assigns d to alice from another window: d moves to the top
            set_assigned(other, "lead", ["d"], "alice")
        await until(pilot, lambda: not app.screen.loaded.is_set())
        await pilot.press("j")  # onto d, in the order still shown
        assert app.screen.query_one("#sources").current.summary.id == "d"
        gate.set()
        await sources_loaded(pilot)
        sources = app.screen.query_one("#sources")
        assert listed(app) == ["d", "a", "b", "c", "e"] and sources.cursor == 0 and sources.current.assigned
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.source_id == "d"


async def test_an_older_read_finishing_late_is_not_shown_over_a_newer_one(make_corpus, make_app):
    db = make_corpus(ARTICLES)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        screen = app.screen
        stale = source_rows(app.store, "alice")
        Annotations(app.store, "alice").mark_claim(sentence_id(db, "a", 0))
        screen.action_reload()
        await sources_loaded(pilot)
        screen._show_rows(screen._reads - 1, stale)  # what an earlier worker would hand over late
        assert screen.query_one("#sources").row_for("a").cells()[4] == "1"


async def test_a_source_another_window_ingests_shows_up_with_its_counts_after_a_poll(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        assert listed(app) == ["a", "b", "c"]
        with Store(corpus) as other:
            ingest_articles(other, [Article(id="bb", text="A new article arrived. It has two sentences.", origin="test")])
        await until(pilot, lambda: "bb" in listed(app))
        await asyncio.sleep(POLL_SECONDS)
        await sources_loaded(pilot)
        assert listed(app) == ["a", "b", "bb", "c"]
        assert app.screen.query_one("#sources").row_for("bb").cells()[3] == "2"
        assert str(app.screen.query_one("#sources-intro").render()).startswith("4 sources.")


def test_the_first_rows_are_the_first_rows_of_the_whole_list_assigned_ones_first(make_corpus):
    db = make_corpus(FIVE)
    with Store(db) as store:
        set_assigned(store, "lead", ["e", "c"], "alice")
        set_assigned(store, "lead", ["a"], "bob")
        whole = source_rows(store, "alice")
        for limit in (0, 1, 2, 3, 5, 9):
            first = first_source_rows(store, "alice", limit)
            assert [row.summary.id for row in first] == [row.summary.id for row in whole][:limit]
            assert [(row.assigned, row.summary.assigned_to, row.summary.done_by) for row in first] == \
                   [(row.assigned, row.summary.assigned_to, row.summary.done_by) for row in whole][:limit]
            assert not any(row.counted for row in first)


async def test_reading_the_rows_is_not_taken_for_another_window_writing(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        reads = app.screen._reads
        await asyncio.sleep(POLL_SECONDS * 3)  # the worker's own connection commits nothing the poll could see
        await pilot.pause()
        assert app.screen._reads == reads and app.screen.loaded.is_set()


LONG_READ = ("WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000000) "
             "SELECT count(*) FROM n")  # minutes of SQLite work, as reading every row's counts is at a million sentences


async def test_q_while_the_counts_are_read_quits_at_once(corpus, make_app, monkeypatch):
    """The worker's read is interrupted: the process would otherwise wait for its thread before it can end."""
    started, ended = threading.Event(), threading.Event()
    outcome: list[str] = []

    def long_read(store, *args):
        started.set()
        try:
            store.db.execute(LONG_READ).fetchone()
            outcome.append("finished")
        except Exception as error:
            outcome.append(type(error).__name__)
            raise
        finally:
            ended.set()

    monkeypatch.setattr(sources_module, "source_rows", long_read)
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, started.is_set)
        await pilot.press("q")
    assert await asyncio.to_thread(ended.wait, 5), "the read went on after q"
    assert outcome == ["OperationalError"]  # interrupted, and the worker ended without a result
    assert app.return_code == 0 and app.crash_log is None
