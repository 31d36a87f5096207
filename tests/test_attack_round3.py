"""Round-three attacks from outside: hostile brat folders, config.yaml, assign, boundary fixes, header and hard-negative records.

Each test is one attempt an adversarial tester made through the real command line; it checks the
contract: one sentence on stderr naming the file and place, exit 2, the database untouched, no traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_adversarial_errors import GOLD_JSONL, one_sentence

from annotator import formats
from annotator.errors import InputError, shown_path
from annotator.store import Store

A = "000_12b36fb51d48fb91"


@pytest.fixture
def seeded_db(run_cli, seeds_dir, tmp_path, monkeypatch):
    """The CLI on the seed articles (no annotations), run inside tmp_path with no config file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-config.yaml"))
    assert run_cli("ingest", seeds_dir).exit_code == 0
    return run_cli


@pytest.fixture
def brat_export(tmp_path, seeds_dir) -> Path:
    """Our brat export of the seed gold, made in its own database."""
    from annotator.articles import read_articles
    from annotator.formats.importer import import_files
    from annotator.ingest import ingest_articles

    with Store(tmp_path / "gold.db") as store:
        ingest_articles(store, read_articles([seeds_dir]))
        import_files(store, [GOLD_JSONL])
        formats.write_export(store, "brat", tmp_path / "brat", "gold")
    return tmp_path / "brat"


def _collection(tmp_path: Path, brat_export: Path, ann: str, name: str = "doc") -> Path:
    """A foreign brat collection of one seed article's text and the given .ann."""
    folder = tmp_path / "collection"
    folder.mkdir(exist_ok=True)
    shutil.copy(brat_export / "gold" / f"{A}.txt", folder / f"{name}.txt")
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    return folder


def _refused_untouched(run_cli, dump_db, db_path, args, *words) -> str:
    """Run a command that must be refused in one sentence (exit 2) and leave the database as it was."""
    before = dump_db(db_path)
    message = one_sentence(run_cli(*args), 2, *words)
    assert dump_db(db_path) == before
    return message


# --- brat: offsets ------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["9" * 5000, "9" * 19, "9" * 26], ids=["5000-digits", "19-digits", "26-digits"])
def test_a_brat_offset_of_thousands_of_digits_is_outside_the_text(seeded_db, tmp_path, brat_export, dump_db, db_path, end):
    folder = _collection(tmp_path, brat_export, f"T1\tClaim 0 {end}\tNorth\n")
    _refused_untouched(seeded_db, dump_db, db_path, ["import", folder, "--annotator", "bob"], "doc.ann, line 1", "outside its .txt")


def test_a_brat_fragment_that_ends_before_it_starts_is_said_so(seeded_db, tmp_path, brat_export, dump_db, db_path):
    folder = _collection(tmp_path, brat_export, "T1\tClaim 10 5\tx\n")
    _refused_untouched(seeded_db, dump_db, db_path, ["import", folder, "--annotator", "bob"], "line 1", "ends before it starts")


@pytest.mark.parametrize("digits", ["\u0660 \u0665", "\uff10 \uff15", "-1 5"])
def test_brat_offsets_are_ascii_digits_only(seeded_db, tmp_path, brat_export, dump_db, db_path, digits):
    folder = _collection(tmp_path, brat_export, f"T1\tClaim {digits}\tNorth\n")
    _refused_untouched(seeded_db, dump_db, db_path, ["import", folder, "--annotator", "bob"], "line 1", "text-bound annotation")


# --- brat: folder names -------------------------------------------------------------------------


def test_a_brat_folder_name_with_escapes_and_a_newline_is_shown_on_one_line(seeded_db, tmp_path, dump_db, db_path):
    folder = tmp_path / "b" / "x\x1b]0;PWNED\x07y\nsecond"
    folder.mkdir(parents=True)
    (folder / "doc.txt").write_text("Hello.", encoding="utf-8")
    (folder / "doc.ann").write_text("T1\tClaim 0 99\tHello.\n", encoding="utf-8")
    message = _refused_untouched(seeded_db, dump_db, db_path, ["import", tmp_path / "b", "--annotator", "bob"], r"x\x1b]0;PWNED\x07y\nsecond")
    assert "\x1b" not in message and "\x07" not in message


def test_shown_path_makes_every_control_and_reordering_character_visible():
    assert shown_path("a\tb\r\n\x1b[2J\x9b\u202e\u200b") == r"a\tb\r\n\x1b[2J\x9b\u202e\u200b"
    assert str(InputError("bad", "x\ny", 3)) == r"x\ny, line 3: bad"


@pytest.mark.parametrize("folder_name", ["%FF%FE", "%C3", "bob%FF"])
def test_an_exported_sub_folder_escape_that_is_not_utf8_names_no_annotator(seeded_db, brat_export, dump_db, db_path, folder_name):
    (brat_export / "gold").rename(brat_export / folder_name)
    _refused_untouched(seeded_db, dump_db, db_path, ["import", brat_export], folder_name, "not UTF-8")


@pytest.mark.parametrize("folder_name, words", [("%2e%2e%2fetc", "a '/'"), ("%1B%5B2J", "U+001B"), ("a%0Ab", "U+000A"),
                                                ("%E2%80%AEbob", "U+202E"), ("%20bob", "space"), ("bo%3Ab", "a ':'")])
def test_an_exported_sub_folder_naming_a_bad_annotator_is_refused(seeded_db, brat_export, dump_db, db_path, folder_name, words):
    (brat_export / "gold").rename(brat_export / folder_name)
    message = _refused_untouched(seeded_db, dump_db, db_path, ["import", brat_export], words)
    assert "\x1b" not in message


# --- what the command line prints from data ------------------------------------------------------


def test_values_from_a_brat_file_in_the_import_summary_cannot_drive_the_terminal(seeded_db, tmp_path, brat_export):
    ann = "T1\tClaim 0 5\tNorth\nA1\tClaimType T1 \x1b]0;PWNED\x07\nA2\tBad\x1b[2J T1\n"
    result = seeded_db("-v", "import", _collection(tmp_path, brat_export, ann), "--annotator", "bob")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\u241b]0;PWNED\u2407" in result.stderr and "Bad\u241b[2J" in result.stderr


@pytest.mark.parametrize("command", [["assign", "{bad}", "--to", "bob"], ["done", "{bad}"], ["suggest", "{bad}:0"],
                                     ["boundaries", "join", "{bad}:0"]])
def test_a_source_id_with_escapes_in_an_error_stays_one_visible_line(seeded_db, dump_db, db_path, command):
    bad = "n\x1b]0;PWNED\x07\nope"
    message = _refused_untouched(seeded_db, dump_db, db_path, ["--annotator", "lead", *(part.format(bad=bad) for part in command)])
    assert "\x1b" not in message and "\x07" not in message
