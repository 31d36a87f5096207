"""Round-eight attacks: what an older or hand-edited database, a teammate's file or a typo can make the tool do.

Each test is one attempt an adversarial tester made through the real command line (or the real app); it
checks the contract: nothing from data drives the terminal, one sentence on stderr naming the file and
place, exit 2, the database untouched, nothing written outside the target, no traceback.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from attack_helpers import ESCAPES, passes_no_escape, refused_untouched
from test_adversarial_errors import one_sentence


def _poison(db_path, columns: dict[str, tuple[str, ...]]) -> None:
    """Put the escapes in front of every value of the given columns, as an older or hand-edited database may hold them."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")  # a name or id changes in every table that holds it
        for table, names in columns.items():
            for column in names:
                conn.execute(f"UPDATE {table} SET {column} = ? || {column}", [ESCAPES])


NAMES = {"annotators": ("name",), "claims": ("annotator",), "links": ("annotator",), "positions": ("annotator",),
         "sources_done": ("annotator",)}
IDS = {"sources": ("id",), "source_versions": ("source_id",), "sentences": ("source_id",), "positions": ("source_id",),
       "sources_done": ("source_id",)}
RELATIONS = {"links": ("relation", "note"), "claims": ("note", "claim_type", "verdict", "normalized")}


@pytest.fixture
def clashing(two_sources):
    """Alice and bob each claim a:0 and link it to b:0, one corroborating and one conflicting; alice marked a done."""
    for who, relation in (("alice", "corroborates"), ("bob", "conflicts")):
        claim = two_sources("--annotator", who, "claim", "add", "a:0").stdout.strip()
        assert two_sources("--annotator", who, "link", "add", claim, "b:0", "--relation", relation).exit_code == 0
    assert two_sources("--annotator", "alice", "done", "a").exit_code == 0
    return two_sources


@pytest.mark.parametrize("poisoned", [NAMES, IDS, RELATIONS], ids=["annotator-names", "source-ids", "relations-and-notes"])
@pytest.mark.parametrize("command", [["agree"], ["coverage"], ["lint"], ["sources"]])
def test_no_table_or_line_for_people_passes_an_older_databases_escapes_to_the_terminal(clashing, db_path, poisoned, command):
    _poison(db_path, poisoned)
    passes_no_escape(clashing(*command))


def test_the_escapes_are_shown_as_visible_stand_ins_in_agree_and_lint(clashing, db_path):
    _poison(db_path, NAMES)
    assert "\u241b]0;PWN\u241b[2J" in clashing("agree").stdout  # rich drops the BEL itself
    assert "\u241b]0;PWN\u2407\u241b[2J" in clashing("lint").stdout


# --- 2. help and version onto a full disk -------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["-h"], ["sources", "--help"]])
def test_help_onto_a_full_disk_is_one_sentence_not_a_traceback(tmp_path, args):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "annotator", *args], stdout=full, stderr=subprocess.PIPE, text=True,
                                cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}, timeout=60)
    assert result.returncode == 1
    assert result.stderr == "annotator: the disk is full; free some space and try again\n"
    assert list(tmp_path.iterdir()) == []  # and no crash log either


# --- 3. a teammate's YAML file: every refusal names its line, in words -------------------------


def _teammates_yaml(two_sources, tmp_path) -> str:
    """Alice's claim on a:0 exported as YAML, then filed as bob's: the file a teammate hands over."""
    assert two_sources("--annotator", "alice", "claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", "yaml", "-o", "alice.yaml").exit_code == 0
    return (tmp_path / "alice.yaml").read_text(encoding="utf-8").replace("alice", "bob")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_raw_escape_in_a_teammates_yaml_names_its_line_not_an_offset(two_sources, dump_db, db_path, tmp_path):
    text = _teammates_yaml(two_sources, tmp_path).replace("      note: null", "      note: \x1b]0;x\x07", 1)
    (tmp_path / "bob.yaml").write_text(text, encoding="utf-8")
    line = _line_of(text, "\x1b")
    message = refused_untouched(two_sources, dump_db, db_path, ["import", "bob.yaml"], f"bob.yaml, line {line}:", "U+001B")
    assert "position" not in message


def test_a_number_of_thousands_of_digits_in_yaml_says_so_in_words(two_sources, dump_db, db_path, tmp_path):
    text = _teammates_yaml(two_sources, tmp_path).replace("    index: 0", "    index: " + "9" * 5000, 1)
    (tmp_path / "bob.yaml").write_text(text, encoding="utf-8")
    message = refused_untouched(two_sources, dump_db, db_path, ["import", "bob.yaml"],
                                f"bob.yaml, line {_line_of(text, '99999')}:", "5000 digits")
    assert "sys." not in message and "set_int_max_str_digits" not in message


# --- 4. a command a sentence suggests can be pasted, whatever the database is called -------------


def _suggested(message: str) -> list[str]:
    """The words of the shell command quoted `like this` in a sentence."""
    return shlex.split(message.split("`")[1])


@pytest.mark.parametrize("name", ["my story.db", "x.db; touch pwned", "caf\u00e9 $HOME.db"])
def test_the_damaged_database_sentence_names_a_command_that_pastes_as_is(tmp_path, monkeypatch, name):
    from cli_runner import Cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 30)  # a header cut short: damaged
    message = one_sentence(Cli(tmp_path / name)("sources"), 2, "damaged")
    assert _suggested(message) == ["sqlite3", str(tmp_path / name), "PRAGMA integrity_check"]


def test_the_companion_file_sentence_gives_a_db_option_that_pastes_as_is(tmp_path, two_sources, db_path):
    from cli_runner import Cli

    spaced = tmp_path / "my story.db"
    db_path.rename(spaced)
    (tmp_path / "my story.db-wal").write_bytes(b"")
    message = one_sentence(Cli(tmp_path / "my story.db-wal")("sources"), 2, "beside the database")
    assert shlex.split(message.rpartition("give ")[2]) == ["--db", str(spaced)]
