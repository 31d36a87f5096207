"""Pilot tests for declared coverage: mark a source done, see who did, accept single annotations in the review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from team_corpus import annotate, ingest_team_texts
from tui_helpers import SIZE, notices, open_source, query, screen_text, settle, sources_loaded

from annotator.config import Config
from annotator.store import Store
from annotator.tui.app import build_app
from annotator.tui.dialogs import ConfirmDialog


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    """alice did a, b and c; bob did a only (see tests/test_coverage.py)."""
    db_path = tmp_path / "team.db"
    with Store(db_path) as store:
        ingest_team_texts(store)
        annotate(store, "alice", {("a", 0): ("numeric", "supported"), ("b", 0): ("numeric", None), ("c", 0): (None, None)},
                 {(("c", 0), ("a", 0)): "conflicts"}, read=("a", "b", "c"))
        annotate(store, "bob", {("a", 0): ("numeric", "supported")}, read=("a",))
    return db_path


def done_rows(db: Path) -> list[tuple]:
    return query(db, "SELECT source_id, annotator FROM sources_done ORDER BY source_id, annotator")


async def test_mark_done_in_the_article_then_undo(team_db, make_app):
    app = make_app(team_db, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_source(pilot, "b")
        await pilot.press("D")
        await pilot.pause()
        assert ("b", "bob") in done_rows(team_db)
        assert screen_text(screen.query_one("#article-title"))[0].endswith("· done")
        assert ("b marked done; u undoes.", "information") in notices(app)
        await pilot.press("u")
        await pilot.pause()
        assert ("b", "bob") not in done_rows(team_db)
        assert not screen_text(screen.query_one("#article-title"))[0].endswith("· done")


async def test_the_done_key_is_remappable(team_db, make_app):
    app = make_app(team_db, "bob", keymap={"mark-done": "ctrl+d"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_source(pilot, "c")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert ("c", "bob") in done_rows(team_db)


async def test_sources_view_shows_yours_done_and_names_the_others(team_db, make_app):
    app = make_app(team_db, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await sources_loaded(pilot)
        lines = screen_text(app.screen.query_one("#sources"))
        row_a = next(line for line in lines if line.lstrip(" ▌").startswith("a "))
        row_b = next(line for line in lines if line.lstrip(" ▌").startswith("b "))
        assert " done " in row_a and "[done by alice]" in row_a
        assert " done " not in row_b and "[done by alice]" in row_b


async def test_review_offers_single_annotations_with_their_count(team_db):
    app = build_app(team_db, "rita", Config(), review=True)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            progress = " ".join(screen_text(app.screen.query_one("#review-progress")))
            assert "3 single annotation(s) (A offers them)" in progress
            await pilot.press("A")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            assert "Also accept 3 single annotation(s)" in app.screen.question
            await pilot.press("y")
            await pilot.pause()
            await pilot.pause()
            choices = [json.loads(payload)["choice"] for (payload,) in query(team_db, "SELECT payload FROM decisions ORDER BY id")]
            assert choices == ["accept-agreed"] + ["accept-single"] * 3
            assert query(team_db, "SELECT count(*) FROM claims WHERE annotator = 'gold'") == [(3,)]  # a:0, b:0, c:0
            assert ("Accepted 3 single annotation(s) into gold; u undoes.", "information") in notices(app)
    finally:
        app.store.close()


def assignment_rows(db: Path) -> list[tuple]:
    return query(db, "SELECT source_id, annotator, assigned_by FROM assignments ORDER BY source_id, annotator")


def source_order(app) -> list[str]:
    return [row.summary.id for row in app.screen.query_one("#sources").rows]


async def test_assign_from_the_sources_view_then_unassign_and_undo(team_db, make_app):
    app = make_app(team_db, "lead")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "a")  # the cursor on b
        await pilot.pause()
        await pilot.press(*"bob", "enter")
        await pilot.pause()
        assert assignment_rows(team_db) == [("b", "bob", "lead")]
        assert ("b assigned to bob; u undoes.", "information") in notices(app)
        await pilot.press("a", *"x/y", "enter")  # a bad name: refused, said, nothing written
        await pilot.pause()
        assert assignment_rows(team_db) == [("b", "bob", "lead")]
        assert any("holds a '/'" in text for text, _ in notices(app))
        await pilot.press("a", *"bob", "enter")  # a name already assigned: unassigned
        await pilot.pause()
        assert assignment_rows(team_db) == []
        await pilot.press("u")
        await pilot.pause()
        assert assignment_rows(team_db) == [("b", "bob", "lead")]


async def test_your_assigned_sources_come_first_and_are_marked(team_db, make_app):
    from annotator.assignments import set_assigned

    with Store(team_db) as store:
        set_assigned(store, "lead", ["c"], "bob")
        set_assigned(store, "lead", ["a"], "alice")
    app = make_app(team_db, "bob")
    async with app.run_test(size=SIZE) as pilot:
        assert source_order(app) == ["c", "a", "b"]  # the first rows, before the counts, are in the same order
        await sources_loaded(pilot)
        assert source_order(app) == ["c", "a", "b"]
        lines = screen_text(app.screen.query_one("#sources"))
        row_c = next(line for line in lines if line.lstrip(" ▌").startswith("c "))
        row_a = next(line for line in lines if line.lstrip(" ▌").startswith("a "))
        assert "[assigned to you]" in row_c and "[assigned to you]" not in row_a
        assert "1 assigned to you, listed first." in screen_text(app.screen.query_one("#sources-intro"))[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.source_id == "c"


async def test_lint_view_lists_findings_and_jumps_to_the_sentence(team_db, make_app):
    with Store(team_db) as store:
        annotate(store, "carol", {("b", 3): ("event", "supported")}, {(("b", 3), ("c", 1)): "conflicts"})
    app = make_app(team_db, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        story = app.screen.query_one("#story")
        lines = screen_text(story)
        assert any(line.lstrip(" ▌").startswith("b:3") and "verdict-against-evidence" in line and "(carol)" in line
                   for line in lines)
        assert "finding(s)" in screen_text(app.screen.query_one("#story-title"))[0]
        target = next(i for i, row in enumerate(story.rows) if row.source_id == "b" and row.index == 3)
        await pilot.press(*["j"] * target, "enter")
        await pilot.pause()
        screen = app.screen
        assert getattr(screen, "IS_ARTICLE", False) and screen.source_id == "b" and screen.article.cursor == 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#story") is story  # back on the findings


async def test_coverage_view_shows_done_and_assigned_and_jumps(team_db, make_app):
    from annotator.assignments import set_assigned

    with Store(team_db) as store:
        set_assigned(store, "lead", ["b"], "bob")
    app = make_app(team_db, "bob")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        lines = [line.lstrip(" ▌") for line in screen_text(app.screen.query_one("#story"))]
        assert any(line.startswith("b ") and "done by alice; assigned to bob" in line for line in lines)
        assert any(line.startswith("c:0") and "a ✗1" in line for line in lines)
        story = app.screen.query_one("#story")
        target = next(i for i, row in enumerate(story.rows) if row.source_id == "c" and row.index == 0)
        await pilot.press(*["j"] * target, "enter")
        await pilot.pause()
        assert app.screen.source_id == "c" and app.screen.article.cursor == 0
