"""Terminal control characters from data never reach the terminal: refused at ingest and import, made visible in output."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.terminal_text import TERMINAL_CONTROL, control_problem, one_line, printable

ESCAPES = ["\x1b]0;HACKED\x07", "\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b2J", "\x07", "\x7f"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_an_article_whose_text_holds_a_control_sequence_is_refused_naming_the_line(run_cli, tmp_path, escape):
    article = tmp_path / "a.txt"
    article.write_text(f"First line.\nThen {escape} more.\n", encoding="utf-8")
    result = run_cli("ingest", str(article))
    assert result.exit_code == 2, result.stderr
    assert "line 2" in result.stderr and "terminal control character" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


@pytest.mark.parametrize("field", ["title", "outlet"])
def test_metadata_holding_a_control_sequence_is_refused(run_cli, tmp_path, field):
    article = tmp_path / "a.jsonl"
    article.write_text(json.dumps({"id": "a", "text": "Fine text.", field: "Le \x1b]0;PWNED\x07Monde"}) + "\n")
    result = run_cli("ingest", str(article))
    assert result.exit_code == 2 and f"the {field} holds" in result.stderr


def test_markup_looking_metadata_prints_as_written_in_the_sources_table(run_cli, tmp_path):
    article = tmp_path / "a.md"
    article.write_text('---\noutlet: "Le Monde [/fr]"\ntitle: "[b]x"\n---\nA sentence here.\n', encoding="utf-8")
    assert run_cli("ingest", str(article)).exit_code == 0
    result = run_cli("sources")
    assert result.exit_code == 0, result.stderr
    assert "Le Monde [/fr]" in result.stdout and "[b]x" in result.stdout


@given(st.text())
def test_printable_keeps_length_and_leaves_no_control(text):
    shown = printable(text)
    assert len(shown) == len(text) and not TERMINAL_CONTROL.search(shown)
    moves_the_cursor = re.search("[\x0b\x0c\u202a-\u202e\u2066-\u2069]|\r(?!\n)", text)  # not refused at ingest, never shown raw
    assert (shown == text) == (control_problem(text) is None and not moves_the_cursor)


def test_the_app_draws_control_characters_of_older_data_as_visible_stand_ins():
    from annotator.store import Sentence
    from annotator.tui.detail import DetailView, render_detail
    from annotator.tui.line_list import one_line

    hostile = "Then \x1b]0;HACKED\x07\x1b[2J \x9b2J more."
    sentence = Sentence(1, "a", 1, 0, 0, len(hostile), hostile)
    panel = render_detail(DetailView(sentence=sentence, evidence=sentence)).plain
    assert not TERMINAL_CONTROL.search(panel) and "HACKED" in panel
    assert not TERMINAL_CONTROL.search(one_line(hostile))


def test_orphans_prints_the_text_of_older_data_on_one_line_without_control_characters(run_cli, db_path, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The council met on Monday. The mayor resigned at noon.", encoding="utf-8")
    assert run_cli("ingest", article).exit_code == 0
    assert run_cli("--annotator", "alice", "claim", "add", "a:1").exit_code == 0
    article.write_text("The council met on Monday.", encoding="utf-8")
    assert run_cli("ingest", "--new-version", article).exit_code == 0
    hostile = "The mayor \x1b]0;HACKED\x07\x1b[2J\tresigned\nat \x9b2J noon."
    conn = sqlite3.connect(db_path)  # a text from before ingest refused control characters
    with conn:
        conn.execute("UPDATE sentences SET text = ? WHERE source_id = 'a' AND version = 1 AND idx = 1", [hostile])
    conn.close()
    shown = run_cli("--annotator", "alice", "orphans")
    assert shown.exit_code == 0 and shown.stdout.count("\n") == 1
    fields = shown.stdout.rstrip("\n").split("\t")
    assert fields[:3] == [fields[0], "alice", "a v1:1"] and fields[0].startswith("claim:")
    assert fields[3] == one_line(hostile) and "HACKED" in fields[3] and not TERMINAL_CONTROL.search(shown.stdout)
