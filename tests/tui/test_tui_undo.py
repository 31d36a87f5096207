"""Undo and redo of every action, from the journal: in one session, across a restart, per annotator, on conflict."""

from __future__ import annotations

import sqlite3

from tui_helpers import SIZE, claims, links, notices, open_source, query, screen_text, settle, sources_loaded


def _state(db) -> tuple:
    """Every annotation row, whole (ids and timestamps too: undo restores row images exactly)."""
    return tuple(query(db, f"SELECT * FROM {table} ORDER BY 1, 2") for table in ("claims", "links", "boilerplate"))


# (keys, what the step does) — one undoable action each, covering every kind of action.
STEPS = [
    (("c",), "mark claim"),
    (("t", "1"), "set claim type"),
    (("v", "3"), "set verdict"),
    (("e", *"n1", "tab", *"x", "enter"), "edit text and note"),
    (("l",), None),  # opens link mode: no action
    (("1",), "link corroborates"),
    (("2",), "change the relation"),
    (("2", "y"), "delete the link"),
    (("j", "3"), "link related"),
    (("escape", "j", "x"), "mark boilerplate"),
    (("x",), "unmark boilerplate"),
    (("k", "c", "y"), "unmark the claim and its link"),
    (("end", "X"), "boilerplate to the end"),
]


async def test_every_action_undoes_and_redoes(corpus, make_app):
    app = make_app(corpus)
    states = [_state(corpus)]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        for keys, action in STEPS:
            await pilot.press(*keys)
            await settle(pilot)
            if action:
                assert _state(corpus) != states[-1], action
                states.append(_state(corpus))
        assert len(states) == 13
        for expected in reversed(states[:-1]):
            await pilot.press("u")
            await pilot.pause()
            assert _state(corpus) == expected
        assert claims(corpus) == [] and _state(corpus) == states[0]
        await pilot.press("u")
        await pilot.pause()
        assert notices(app)[-1][0] == "Nothing to undo."
        for expected in states[1:]:
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert _state(corpus) == expected
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert notices(app)[-1][0] == "Nothing to redo."
        # the screen follows the database after undo, not only after actions
        await pilot.press("u")
        await pilot.pause()
        assert [row.state.boilerplate for row in screen.article.rows] == [False] * 5
        assert notices(app)[-1][0].startswith("Undid: mark boilerplate to end — a:4 “The vote was")


async def test_undo_repaints_links_on_both_ends(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert screen.evidence.rows[0].state.evidence_for == 1
        await pilot.press("u")
        await pilot.pause()
        assert links(corpus) == []
        assert screen.evidence.rows[0].state.evidence_for == 0
        assert screen_text(screen.article)[0].startswith("▌◆·" + " " * 10)
        assert "corroborates" not in "\n".join(screen_text(screen.query_one("#detail-panel")))


async def test_undo_works_across_a_restart(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c", "t", "1", "l")
        await settle(pilot)
        await pilot.press("1", "escape", "j", "x")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    app.store.close()
    before_restart = _state(corpus)
    assert claims(corpus) == [("a", 0, "numeric", None, None, None)]
    assert links(corpus) == [("a", 0, "corroborates", "b", 0)]

    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        assert screen.article.cursor == 1  # where the last session left off
        await pilot.press("u")
        await pilot.pause()
        assert query(corpus, "SELECT count(*) FROM boilerplate") == [(0,)]
        await pilot.press("u")
        await pilot.pause()
        assert links(corpus) == []
        await pilot.press("u", "u")
        await pilot.pause()
        assert claims(corpus) == []
        assert screen.article.cursor == 0  # undo went to the sentence it changed
        assert screen_text(screen.article)[0].startswith("▌" + " " * 7)
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r", "ctrl+r")
        await pilot.pause()
        assert _state(corpus) == before_restart  # same ids, same rows
        assert screen.article.cursor == 1  # the last redo flagged a:1
        assert screen_text(screen.article)[0].startswith(" ◆N +1 ")


async def test_undo_is_per_annotator(corpus, make_app):
    app = make_app(corpus, annotator="alice")
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c")
    app = make_app(corpus, annotator="bob")
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("j", "c", "u", "u")
        await pilot.pause()
        assert notices(app)[-1][0] == "Nothing to undo."
    assert claims(corpus, "alice") == [("a", 0, None, None, None, None)]
    assert claims(corpus, "bob") == []


async def test_undo_refuses_when_the_row_changed_elsewhere(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c", "t", "1")
        await pilot.pause()
        other = sqlite3.connect(corpus)  # another process edits the claim behind the app's back
        other.execute("UPDATE claims SET note = 'from elsewhere'")
        other.commit()
        other.close()
        await pilot.press("u")
        await pilot.pause()
        assert notices(app)[-1] == ("Cannot undo 'edit claim claim_type': it was changed since.", "error")
    assert query(corpus, "SELECT claim_type, note FROM claims") == [("numeric", "from elsewhere")]


async def test_u_on_the_sources_view_undoes_and_the_counts_follow(corpus, make_app):

    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "a")
        await pilot.press("c", "escape")
        await sources_loaded(pilot)
        assert app.screen.query_one("#sources").row_for("a").cells()[4] == "1"
        await pilot.press("u")
        await sources_loaded(pilot)
        assert claims(corpus) == []
        assert app.screen.query_one("#sources").row_for("a").cells()[4] == "0"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(claims(corpus)) == 1


async def test_undo_and_redo_go_to_the_sentence_they_change_and_name_it(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("j", "j", "c", "v", "3")  # a claim on a:2, then its verdict
        await settle(pilot)
        await pilot.press("]", "j")  # read on in the next source
        await pilot.pause()
        assert (screen.source_id, screen.article.cursor) == ("b", 1)
        await pilot.press("u")
        await pilot.pause()
        assert (screen.source_id, screen.article.cursor) == ("a", 2)
        assert notices(app)[-1][0] == "Undid: edit claim verdict — a:2 “Residents welcomed the plan.”."
        await pilot.press("]", "ctrl+r")
        await pilot.pause()
        assert (screen.source_id, screen.article.cursor) == ("a", 2)
        assert notices(app)[-1][0] == "Redid: edit claim verdict — a:2 “Residents welcomed the plan.”."


async def test_undo_of_a_link_shows_its_claim_and_of_a_done_mark_its_source(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_source(pilot, "a")
        await pilot.press("c", "l")
        await settle(pilot)
        await pilot.press("1", "escape", "end")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert screen.article.cursor == 0 and links(corpus) == []
        assert notices(app)[-1][0].startswith("Undid: link corroborates — a:0 “The council approved 40 new buses")
        await pilot.press("D", "]")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert screen.source_id == "a"
        assert notices(app)[-1][0] == "Undid: mark source done — a."


async def test_undo_on_the_sources_view_puts_the_cursor_on_the_source(corpus, make_app):
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_source(pilot, "c")
        await pilot.press("c", "escape")
        await pilot.pause()
        sources = app.screen.query_one("#sources")
        sources.cursor = 0
        await pilot.press("u")
        await pilot.pause()
        assert sources.current.summary.id == "c"
        assert notices(app)[-1][0].startswith("Undid: mark claim — c:0 “The council approved 35 buses")
