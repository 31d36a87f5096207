"""Round-five attacks: old databases holding what entry now refuses, usage errors, look-alike names, hostile paths.

Each test is one attempt an adversarial tester made through the real command line (or the core the app
calls); it checks the contract: one sentence on stderr naming the file and place, exit 2, the database
untouched, nothing written outside the target, no traceback.
"""

from __future__ import annotations

import sqlite3

import pytest
from attack_helpers import refused_untouched
from test_adversarial_errors import one_sentence

NFC, NFD = "caf\u00e9", "cafe\u0301"


# --- 1. an old database holding metadata nested past what entry allows ------------------------


@pytest.mark.parametrize("extra", ['{"d":' + "[" * 300 + "]" * 300 + "}", '{"d":' + "[" * 40 + "]" * 40 + "}",
                                   "[" * 100_000 + "]" * 100_000, "not json", "[1, 2]"],
                         ids=["past-orjson", "past-entry", "past-recursion", "not-json", "not-object"])
@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "w3c"])
def test_an_old_database_with_metadata_no_export_can_carry_is_one_sentence(two_sources, dump_db, db_path, tmp_path, extra, fmt):
    assert two_sources("claim", "add", "a:0").exit_code == 0
    with sqlite3.connect(db_path) as conn:  # written before ingest checked nesting
        conn.execute("UPDATE sources SET extra = ? WHERE id = 'a'", [extra])
    refused_untouched(two_sources, dump_db, db_path, ["export", "--format", fmt, "-o", "out"], "annotator.db: source 'a'",
                       "re-ingest the article")
    assert not (tmp_path / "out").exists()
    assert two_sources("ingest", "a.txt").exit_code == 0  # the way out the sentence names
    assert two_sources("export", "--format", fmt, "-o", "out").exit_code == 0


# --- 2. usage errors are one sentence naming the option or argument ---------------------------


@pytest.mark.parametrize("args, words", [
    (["export", "--format", "nope"], ["export: invalid value for '--format'", "'nope'", "see 'annotator export --help'"]),
    (["export", "--format"], ["export: option '--format' requires an argument"]),
    (["claim", "add"], ["claim add: missing argument 'SOURCE_ID:INDEX'", "see 'annotator claim add --help'"]),
    (["claim", "add", "a:0", "--span"], ["claim add: option '--span' requires an argument"]),
    (["sources", "--bogus"], ["sources: no such option '--bogus'"]),
    (["frobnicate"], ["no such command 'frobnicate'", "see 'annotator --help'"]),
    (["claim", "frob"], ["claim: no such command 'frob'"]),
    (["suggest", "a:0", "-k", "x"], ["suggest: invalid value for '-k'"]),
    (["sources", "extra"], ["sources: got unexpected extra argument (extra)"]),
    (["sources", "-q", "-v"], ["contradict"]),
    (["export", "--format", "\x1b[31mred"], ["'\\x1b[31mred'"]),
])
def test_a_usage_error_is_one_sentence_naming_the_option_and_where_help_is(two_sources, dump_db, db_path, args, words):
    message = refused_untouched(two_sources, dump_db, db_path, args, *words)
    assert "Usage:" not in message and "Try '" not in message and "\x1b" not in message


def test_help_still_shows_usage_and_examples(two_sources):
    result = two_sources("export", "--help")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ") and "Examples:" in result.stdout


def test_a_group_without_its_command_still_shows_its_help(two_sources):
    result = two_sources("claim")
    assert result.exit_code == 2 and "Usage: " in result.output and "add" in result.output


def test_a_missing_value_for_the_database_option_is_one_sentence():
    from click.testing import CliRunner

    from annotator.cli import cli

    result = CliRunner().invoke(cli, ["--db"])
    one_sentence(result, 2, "option '--db' requires an argument")


# --- 3. a bare `annotator` on a database that does not exist creates nothing -------------------


@pytest.mark.parametrize("args", [[], ["open"]], ids=["bare", "open"])
def test_a_bare_annotator_on_a_new_database_creates_nothing(tmp_path, monkeypatch, args):
    from click.testing import CliRunner

    from annotator.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", "NEW.db", *args])
    one_sentence(result, 2, "NEW.db: no such database", "annotator ingest")
    assert list(tmp_path.iterdir()) == []


# --- 4. two names equal after Unicode normalisation -------------------------------------------


def test_an_id_that_is_an_existing_id_in_nfd_is_refused_at_ingest(two_sources, dump_db, db_path, tmp_path):
    (tmp_path / f"{NFC}.txt").write_text("The mayor resigned on Friday. Nobody knew why.\n", encoding="utf-8")
    (tmp_path / f"{NFD}.txt").write_text("The mayor quit on Friday. Reasons were unclear.\n", encoding="utf-8")
    assert two_sources("ingest", f"{NFC}.txt").exit_code == 0
    refused_untouched(two_sources, dump_db, db_path, ["ingest", f"{NFD}.txt"], f"{NFD}.txt: the source id",
                       "'cafe\\u0301'", "'caf\\xe9'", "NFC and NFD")


def test_two_lookalike_ids_in_one_ingest_leave_the_database_untouched(two_sources, dump_db, db_path, tmp_path):
    lines = [f'{{"id":"{NFC}","text":"One claim here. Two."}}', f'{{"id":"{NFD}","text":"Other claim here. Three."}}']
    (tmp_path / "two.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["ingest", "two.jsonl"], "two.jsonl", "NFC and NFD")


def test_a_reference_typed_in_the_other_form_finds_the_source(two_sources, tmp_path):
    (tmp_path / f"{NFD}.txt").write_text("The mayor resigned on Friday. Nobody knew why.\n", encoding="utf-8")
    assert two_sources("ingest", f"{NFD}.txt").exit_code == 0
    assert two_sources("claim", "add", f"{NFC}:0").exit_code == 0
    sources = {line.split()[0]: line for line in two_sources("sources").stdout.splitlines() if line.strip()}
    assert len([name for name in sources if name.startswith("caf")]) == 1


def test_an_annotator_that_is_a_known_one_in_nfd_is_refused(two_sources, dump_db, db_path):
    assert two_sources("--annotator", "Jos\u00e9", "claim", "add", "a:0").exit_code == 0
    refused_untouched(two_sources, dump_db, db_path, ["--annotator", "Jose\u0301", "claim", "add", "b:0"],
                       "the annotator name", "'Jose\\u0301'", "'Jos\\xe9'")


def test_an_import_file_whose_annotator_is_a_known_one_in_nfd_is_refused_naming_its_line(two_sources, dump_db, db_path, tmp_path):
    assert two_sources("--annotator", "Jos\u00e9", "claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "--annotator", "Jos\u00e9", "-o", "mine.jsonl").exit_code == 0
    text = (tmp_path / "mine.jsonl").read_text(encoding="utf-8").replace("Jos\u00e9", "Jose\u0301")
    (tmp_path / "theirs.jsonl").write_text(text, encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["import", "theirs.jsonl"], "theirs.jsonl, line 2: the annotator name")


@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "brat"])
def test_an_import_naming_a_source_in_its_other_form_finds_it(two_sources, db_path, tmp_path, fmt):
    import re
    import shutil

    (tmp_path / f"{NFC}.txt").write_text("The mayor resigned on Friday. Nobody knew why.\n", encoding="utf-8")
    assert two_sources("ingest", f"{NFC}.txt").exit_code == 0
    assert two_sources("--annotator", "ann", "claim", "add", f"{NFC}:0").exit_code == 0
    assert two_sources("export", "--format", fmt, "--annotator", "ann", "-o", f"mine.{fmt}").exit_code == 0
    if fmt == "brat":  # a brat folder copied from macOS: its file names come back in NFD
        shutil.copytree(tmp_path / "mine.brat", tmp_path / "theirs.brat")
        (tmp_path / "theirs.brat" / "ann").rename(tmp_path / "theirs.brat" / "bob")  # a sub-folder names its annotator
        for path in sorted((tmp_path / "theirs.brat").rglob(f"{NFC}*")):
            path.rename(path.with_name(path.name.replace(NFC, NFD)))
        args = ["import", "theirs.brat"]
    else:
        text = re.sub(r"\bann\b", "bob", (tmp_path / f"mine.{fmt}").read_text(encoding="utf-8").replace(NFC, NFD))
        (tmp_path / f"theirs.{fmt}").write_text(text, encoding="utf-8")
        args = ["import", f"theirs.{fmt}"]
    result = two_sources(*args)
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT s.source_id FROM claims c JOIN sentences s ON s.id = c.sentence_id "
                            "WHERE c.annotator = 'bob'").fetchall() == [(NFC,)]


# --- text fields and what the terminal is shown -----------------------------------------------


@pytest.mark.parametrize("args", [["claim", "add", "a:0", "--note", "x\x1b[2Jy"],
                                  ["claim", "add", "a:0", "--normalized", "x\x1b]0;pwned\x07"],
                                  ["claim", "set", "1", "--note", "\x9b31m"]], ids=["note", "normalized", "csi"])
def test_a_note_holding_a_terminal_escape_is_refused_where_it_enters(two_sources, dump_db, db_path, args):
    assert two_sources("claim", "add", "b:0").exit_code == 0
    refused_untouched(two_sources, dump_db, db_path, args, "holds a terminal control character", "remove it")


def test_a_line_break_and_a_tab_in_a_note_are_still_text(two_sources):
    assert two_sources("claim", "add", "a:0", "--note", "first line\nsecond\tline").exit_code == 0


def test_a_batch_line_or_an_import_record_with_an_escape_in_a_note_names_its_line(two_sources, dump_db, db_path, tmp_path):
    (tmp_path / "act.jsonl").write_text('{"action":"claim add","sentence":"a:0","note":"\\u001b]0;x\\u0007"}\n', encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["batch", "act.jsonl"], "act.jsonl, line 1: the note holds")
    assert two_sources("--annotator", "zed", "claim", "add", "b:0", "--note", "fine").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "--annotator", "zed", "-o", "z.jsonl").exit_code == 0
    text = (tmp_path / "z.jsonl").read_text(encoding="utf-8").replace('"zed"', '"yan"').replace('"fine"', '"f\\u001b[2Jine"')
    (tmp_path / "y.jsonl").write_text(text, encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["import", "y.jsonl"], "y.jsonl, line 3: the claim's note holds")


def test_bidi_overrides_from_data_are_shown_visible_not_obeyed(two_sources, db_path):
    from annotator.terminal_text import printable

    with sqlite3.connect(db_path) as conn:  # a title from before any check, with a right-to-left override
        conn.execute("UPDATE sources SET title = 'Report \u202eexe.txt' WHERE id = 'a'")
    shown = two_sources("sources").stdout
    assert "Report \ufffdexe.txt" in shown and not any(char in shown for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert printable("a\u2067b\u2069c") == "a\ufffdb\ufffdc" and printable("\u05e9\u05dc\u05d5\u05dd \u200f") == "\u05e9\u05dc\u05d5\u05dd \u200f"


# --- export targets ---------------------------------------------------------------------------


@pytest.mark.parametrize("points_to", ["victim.txt", "missing/nowhere.txt"], ids=["to-a-file", "dangling"])
def test_an_export_onto_a_symlink_is_refused_and_the_file_it_points_to_kept(two_sources, tmp_path, points_to):
    (tmp_path / "victim.txt").write_text("precious\n", encoding="utf-8")
    (tmp_path / "out.jsonl").symlink_to(tmp_path / points_to)
    one_sentence(two_sources("export", "--format", "jsonl", "-o", "out.jsonl"), 2, "out.jsonl: is a symbolic link", points_to)
    assert (tmp_path / "out.jsonl").is_symlink() and (tmp_path / "victim.txt").read_text(encoding="utf-8") == "precious\n"


# --- a full disk, a full temporary folder, a file-size limit ----------------------------------


def test_an_ingest_past_the_file_size_limit_says_so_and_keeps_the_database(two_sources, db_path, tmp_path, dump_db):
    import resource
    import subprocess
    import sys

    lines = [f'{{"id":"n{number}","text":"' + "The council met again on Monday and voted. " * 60 + '"}' for number in range(80)]
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before, limit = dump_db(db_path), db_path.stat().st_size + 60_000  # the language model's 68 MB temporary file cannot be written either
    result = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path), "ingest", "big.jsonl"], cwd=tmp_path,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"annotator: {db_path}: the database reached the largest file") and "ulimit -f" in result.stderr
    assert "Traceback" not in result.stderr and dump_db(db_path) == before


def test_the_language_model_unpacks_in_memory_when_the_temporary_folder_is_full(monkeypatch):
    import errno

    from py3langid.langid import LanguageIdentifier

    from annotator import language

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", classmethod(full))
    language._identifier.cache_clear()
    try:
        assert language._identifier().classify("The council approved the budget on Monday after a long debate.")[0] == "en"
    finally:
        language._identifier.cache_clear()


def test_a_full_temporary_folder_is_named_not_the_databases_disk(tmp_path, monkeypatch):
    from annotator import database_errors

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp))
    monkeypatch.setattr(database_errors, "_disk_full", lambda path: str(temp) in str(path))
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = 13
    message = str(database_errors.database_problem(error, tmp_path / "annotator.db"))
    assert f"the temporary folder {temp} is full" in message and "TMPDIR" in message


# --- a teammate's file written by another tool ------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "yaml"])
def test_whole_floats_in_an_import_file_are_integers_not_a_crash(two_sources, tmp_path, db_path, fmt):
    import re

    assert two_sources("--annotator", "ann", "claim", "add", "a:0", "--span", "4:11").exit_code == 0
    assert two_sources("export", "--format", fmt, "--annotator", "ann", "-o", f"ann.{fmt}").exit_code == 0
    text = re.sub(r"\bann\b", "cat", (tmp_path / f"ann.{fmt}").read_text(encoding="utf-8"))
    text = re.sub(r'("?(?:start|end|index|version)"?: ?)(\d+)', r"\g<1>\g<2>.0", text)  # as pandas writes them
    assert "4.0" in text and "11.0" in text
    (tmp_path / f"cat.{fmt}").write_text(text, encoding="utf-8")
    assert two_sources("import", f"cat.{fmt}").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT span_start, span_end, typeof(span_start) FROM claims WHERE annotator = 'cat'").fetchall()
    assert rows == [(4, 11, "integer")]


# --- a database that is not a file ------------------------------------------------------------


@pytest.mark.parametrize("command", [["sources"], ["ingest", "a.txt"], ["backup", "copy.db"], []], ids=["read", "ingest", "backup", "bare"])
def test_a_pipe_or_device_as_the_database_is_one_sentence_and_never_waits(tmp_path, monkeypatch, command):
    import os

    from click.testing import CliRunner

    from annotator.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Hello there. Bye now.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.db")
    for database in ("pipe.db", "/dev/null"):
        result = CliRunner().invoke(cli, ["--db", database, *command])
        one_sentence(result, 2, f"{database}: is not a regular file")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt", "pipe.db"]


def test_the_spinner_shows_a_file_name_with_markup_and_escapes_as_text():
    import io
    import time

    from rich.console import Console

    from annotator.cli_conventions import Activity

    screen = io.StringIO()
    with Activity(True, delay=0.0, console=Console(file=screen, force_terminal=True, width=120)) as activity:
        activity.phase("Reading [/]evil[bold red]x\x1b]0;pwned\x07.jsonl", "file 1 of 1")  # a Rich MarkupError before
        time.sleep(0.3)
    shown = screen.getvalue()
    assert "Reading [/]evil[bold red]x\u241b]0;pwned\u2407.jsonl" in shown and "\x1b]0;" not in shown


@pytest.mark.parametrize("name, content, words", [
    ("a.md", '---\ntags:\n  - fine\n  - "\\e[2Jx"\n---\nThe council approved the budget. It was late.\n', "a.md: the metadata field 'tags'"),
    ("n.md", '---\nnested: {"\\x9b31m": ok}\n---\nThe council approved the budget. It was late.\n', "n.md: the metadata field 'nested'"),
    ("j.jsonl", '{"id":"j","text":"Hello there.","extra":{"k":["\\u001b]0;t\\u0007"]}}\n', "j.jsonl, line 1: the metadata field 'extra'"),
], ids=["list", "key", "jsonl"])
def test_terminal_escapes_nested_in_article_metadata_are_refused(two_sources, dump_db, db_path, tmp_path, name, content, words):
    (tmp_path / name).write_text(content, encoding="utf-8")
    refused_untouched(two_sources, dump_db, db_path, ["ingest", name], words, "terminal control character")


# --- one annotator's work is theirs -----------------------------------------------------------


@pytest.mark.parametrize("args", [["claim", "rm", "1"], ["claim", "set", "1", "--note", "mine now"],
                                  ["link", "add", "1", "b:0", "--relation", "conflicts"], ["link", "rm", "1"]],
                         ids=["claim-rm", "claim-set", "link-add", "link-rm"])
def test_another_annotators_claim_or_link_is_not_changed_by_id(two_sources, dump_db, db_path, args):
    assert two_sources("--annotator", "ann", "claim", "add", "a:0").exit_code == 0
    assert two_sources("--annotator", "ann", "link", "add", "1", "b:0", "--relation", "corroborates").exit_code == 0
    refused_untouched(two_sources, dump_db, db_path, ["--annotator", "bob", *args], "belongs to 'ann', not to 'bob'")
    assert two_sources("--annotator", "ann", *args).exit_code == 0


def test_suggest_finds_a_source_typed_in_its_other_unicode_form(two_sources, tmp_path):
    (tmp_path / f"{NFD}.txt").write_text("The council approved the budget of $5 million on Monday.\n", encoding="utf-8")
    assert two_sources("ingest", f"{NFD}.txt").exit_code == 0
    result = two_sources("suggest", f"{NFC}:0", "--json")
    assert result.exit_code == 0 and '"a"' in result.stdout


# --- standard output closed -------------------------------------------------------------------


@pytest.mark.parametrize("args", [["export", "--format", "jsonl", "-o", "-"], ["claim", "add", "a:0"], ["split", "a.txt"]],
                         ids=["export", "claim-add", "split"])
def test_a_closed_standard_output_is_one_sentence_before_anything_is_done(two_sources, dump_db, db_path, tmp_path, args):
    import os
    import subprocess
    import sys

    before = dump_db(db_path)
    result = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path), *args], cwd=tmp_path,
                            preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.strip().startswith("annotator: standard output is closed"), result.stderr
    assert "\n" not in result.stderr.strip() and dump_db(db_path) == before


@pytest.mark.parametrize("args", [[], ["open"]], ids=["bare", "open"])
def test_the_app_on_a_database_it_cannot_write_says_read_only(two_sources, dump_db, db_path, monkeypatch, args):
    monkeypatch.setattr("annotator.database_file.can_write", lambda path: False)
    refused_untouched(two_sources, dump_db, db_path, args, "is read-only", "`open` cannot change it", "read commands")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "yaml"])
def test_a_typo_d_output_naming_an_article_never_replaces_it(two_sources, tmp_path, fmt):
    (tmp_path / "corpus.jsonl").write_text('{"id":"q","text":"Quiet day. Nothing happened."}\n', encoding="utf-8")
    assert two_sources("ingest", "corpus.jsonl").exit_code == 0
    (tmp_path / "notes.md").write_text("# my notes, never ingested\n", encoding="utf-8")
    before = {name: (tmp_path / name).read_bytes() for name in ("a.txt", "corpus.jsonl", "notes.md")}
    one_sentence(two_sources("export", "--format", fmt, "-o", "a.txt"), 2, "a.txt: is an existing .txt file", "never replaces")
    one_sentence(two_sources("export", "--format", fmt, "-o", "notes.md"), 2, "notes.md: is an existing .md file")
    one_sentence(two_sources("export", "--format", fmt, "-o", "./corpus.jsonl"), 2, "is the file source 'q' was ingested from")
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert two_sources("export", "--format", fmt, "-o", f"out.{fmt}").exit_code == 0
    assert two_sources("export", "--format", fmt, "-o", f"out.{fmt}").exit_code == 0  # its own export it replaces


@pytest.mark.parametrize("args", [["done", NFC], ["assign", NFC, "--to", "ann"]], ids=["done", "assign"])
def test_done_and_assign_find_a_source_typed_in_its_other_unicode_form(two_sources, tmp_path, db_path, args):
    (tmp_path / f"{NFD}.txt").write_text("The mayor resigned on Friday. Nobody knew why.\n", encoding="utf-8")
    assert two_sources("ingest", f"{NFD}.txt").exit_code == 0
    assert two_sources(*args).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        marked = conn.execute("SELECT source_id FROM sources_done UNION ALL SELECT source_id FROM assignments").fetchall()
    assert marked == [(NFD,)]


def test_coverage_draws_an_older_databases_escapes_as_visible_stand_ins(two_sources, db_path):
    assert two_sources("claim", "add", "a:0").exit_code == 0
    with sqlite3.connect(db_path) as conn:  # stored before ingest refused escapes: same length, offsets hold
        for table, key in (("sentences", "source_id"), ("source_versions", "source_id")):
            conn.execute(f"UPDATE {table} SET text = char(27) || '[2J' || substr(text, 5) WHERE {key} = 'a'")
    shown = two_sources("coverage").stdout
    assert "\x1b" not in shown and "\u241b[2J" in shown


def test_json_output_escapes_c1_and_bidi_controls_from_an_older_database(two_sources, db_path):
    import json

    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE sources SET title = 'x\u009b31m \u202eexe.txt' WHERE id = 'a'")
    shown = two_sources("sources", "--json").stdout
    assert "\u009b" not in shown and "\u202e" not in shown and "\\u009b31m \\u202eexe.txt" in shown
    assert json.loads(shown.splitlines()[0])["title"] == "x\u009b31m \u202eexe.txt"  # the same JSON value
