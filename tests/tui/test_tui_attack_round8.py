"""Round-eight attacks on the app: an older or hand-edited database's escapes in every name the app draws.

Titles and outlets were round six's; here the names of other annotators, the relations and notes of their
links, claim types and source ids hold an escape sequence, and every screen that draws them is looked at.
"""

from __future__ import annotations

import sqlite3

import pytest
from cli_runner import Cli
from tui_helpers import open_source, sources_loaded

ESCAPES = "\x1b]0;PWN\x07\x1b[2J\u009b31m\u202e"
RAW = "\x1b\u009b\u202e\x07"


def _teamwork(db_path):
    """Alice and bob each claim a:0 and link b:0, bob with a note and the other relation, bob done with a."""
    run = Cli(db_path)
    for who, relation in (("alice", "corroborates"), ("bob", "conflicts")):
        claim = run("--annotator", who, "claim", "add", "a:0", "--type", "numeric").stdout.strip()
        assert run("--annotator", who, "link", "add", claim, "b:0", "--relation", relation, "--note", "see b").exit_code == 0
    assert run("--annotator", "bob", "done", "a").exit_code == 0


POISONED = {
    "bob's name": [("UPDATE {t} SET {c} = ? || {c} WHERE {c} = 'bob'", [("annotators", "name"), ("claims", "annotator"),
                                                                       ("links", "annotator"), ("sources_done", "annotator")])],
    "relations, notes, types": [("UPDATE {t} SET {c} = ? || {c}", [("links", "relation"), ("links", "note"), ("claims", "claim_type")])],
    "source id": [("UPDATE {t} SET {c} = ? || {c} WHERE {c} = 'c'", [("sources", "id"), ("source_versions", "source_id"),
                                                                     ("sentences", "source_id")])],
}


def _poison(db_path, what):
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql, places in POISONED[what]:
            for table, column in places:
                conn.execute(sql.format(t=table, c=column), [ESCAPES])


SHOWN = "\u241b]0;PWN"  # the escape's visible stand-in: the name is still there to read


def _drawn_raw(app, shown: list[bool]) -> str:
    """The raw controls in what the app draws now (its screenshot holds every character it would send as text)."""
    drawn = app.export_screenshot()
    shown.append(SHOWN in drawn)
    return "".join(sorted({char for char in drawn if char in RAW}))


@pytest.mark.parametrize("what", list(POISONED))
async def test_no_screen_draws_an_older_databases_escapes_raw(corpus, make_app, what):
    _teamwork(corpus)
    _poison(corpus, what)
    app = make_app(corpus)
    async with app.run_test(size=(200, 50)) as pilot:
        await sources_loaded(pilot)
        shown: list[bool] = []
        seen = {"sources": _drawn_raw(app, shown)}
        for key, name in (("L", "lint"), ("C", "coverage")):
            await pilot.press(key)
            await pilot.pause()
            seen[name] = _drawn_raw(app, shown)
            await pilot.press("escape")
            await pilot.pause()
        await open_source(pilot, "a")
        seen["article"] = _drawn_raw(app, shown)
        for key, name in (("l", "link mode"), ("s", "suggestions"), ("question_mark", "help")):
            await pilot.press(key)
            await pilot.pause()
            seen[name] = _drawn_raw(app, shown)
            await pilot.press("escape")
            await pilot.pause()
        app.action_review()
        await pilot.pause()
        seen["review"] = _drawn_raw(app, shown)
        assert app.is_running
    assert {name: raw for name, raw in seen.items() if raw} == {}
    assert any(shown)
