"""Round-eleven attacks: terminal escapes in a saved page's title and outlet, where no text check looks.

A page's <title> and its og:site_name become the source's title and outlet, shown in `annotator sources`, the
app's sources view and every export. Escapes there must never reach a terminal or a file raw.
"""

from __future__ import annotations

import sqlite3

import pytest
from attack_helpers import ESCAPES, RAW, passes_no_escape

PAGE = ("<!DOCTYPE html><html><head><title>Buses {e}approved</title>"
        '<meta property="og:site_name" content="Daily {e}Bugle"></head><body><article>\n'
        "<p>The council approved forty new buses on Monday after a long debate.</p>\n"
        "<p>The mayor said the fleet would be electric by next year.</p></article></body></html>\n")


@pytest.fixture
def poisoned_page(two_sources, db_path, tmp_path):
    """A saved page with the escapes in its title and site name, ingested."""
    (tmp_path / "page.html").write_text(PAGE.format(e=ESCAPES), encoding="utf-8")
    result = two_sources("ingest", "page.html")
    assert result.exit_code == 0, result.stderr
    return two_sources


def test_the_stored_title_and_outlet_hold_no_raw_control_character(poisoned_page, db_path):
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT title, outlet FROM sources WHERE id = 'page'").fetchall()
    assert rows, "the page was not stored under its file name"
    for value in (v for row in rows for v in row if v):
        assert RAW.search(value) is None, repr(value)
    assert any("Buses" in (title or "") and "approved" in (title or "") for title, _ in rows)


@pytest.mark.parametrize("command", [["sources"], ["sources", "--json"], ["export", "--format", "jsonl"],
                                     ["export", "--format", "yaml"]])
def test_no_command_passes_the_pages_escapes_on(poisoned_page, command):
    passes_no_escape(poisoned_page(*command))


def test_the_site_name_is_read_as_the_outlet_so_the_check_above_looks_at_it(poisoned_page, db_path):
    with sqlite3.connect(db_path) as conn:
        (outlet,) = conn.execute("SELECT outlet FROM sources WHERE id = 'page'").fetchone()
    assert outlet and "Daily" in outlet and "Bugle" in outlet
