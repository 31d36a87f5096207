"""Round-seven attacks: nothing is lost, nobody gets in — stand-ins for line breaks, a bare split on a terminal, typo'd outputs,
a teammate's hostile import files, URL ingest from a hostile local server.

Each test is one attempt an adversarial tester made through the real command line (or the core the app
calls); it checks the contract: one sentence on stderr naming the file and place, exit 2, the database
untouched, nothing written outside the target, no traceback.
"""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from annotator.terminal_text import TERMINAL_CONTROL, printable

# --- 1. printable treats tabs and line breaks the same whatever else the text holds ----------------

HOSTILE_CHARACTERS = st.text(alphabet=st.sampled_from(["a", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x07", "\x1b", "\x7f",
                                                        "\x85", "\x9b", "\u202e", "\u2066", "\u2028", "é"]))


@given(HOSTILE_CHARACTERS, HOSTILE_CHARACTERS)
def test_printable_keeps_tabs_and_line_feeds_whatever_else_the_text_holds(head, tail):
    shown = printable(head + tail)
    assert len(shown) == len(head + tail)
    assert [i for i, c in enumerate(shown) if c in "\t\n"] == [i for i, c in enumerate(head + tail) if c in "\t\n"]
    if not head.endswith("\r"):  # a CR is kept only before a line feed: the one place a neighbour decides
        assert shown == printable(head) + printable(tail)


@given(st.text())
def test_printable_leaves_nothing_that_moves_the_cursor_back_or_reorders(text):
    shown = printable(text)
    assert not TERMINAL_CONTROL.search(shown) and not any(c in shown for c in "\x0b\x0c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert all(shown[i + 1 : i + 2] == "\n" for i, c in enumerate(shown) if c == "\r")
    assert printable(shown) == shown


def test_suggest_on_an_older_databases_control_character_keeps_its_own_line_breaks(two_sources, db_path):
    with sqlite3.connect(db_path) as conn:  # a text from before ingest refused control characters
        conn.execute("UPDATE sentences SET text = 'The council budget of $5 million \x07 was approved Monday.' WHERE source_id = 'b'")
    result = two_sources("suggest", "a:0")
    assert result.exit_code == 0, result.stderr
    assert "\u240a" not in result.stdout and "\u2407" in result.stdout  # the bell shown; the layout's own breaks still breaks
    assert "\n 1. b:0" in result.stdout
