"""Round-five attacks: old databases holding what entry now refuses, usage errors, look-alike names, hostile paths.

Each test is one attempt an adversarial tester made through the real command line (or the core the app
calls); it checks the contract: one sentence on stderr naming the file and place, exit 2, the database
untouched, nothing written outside the target, no traceback.
"""

from __future__ import annotations

import sqlite3

import pytest
from test_adversarial_errors import one_sentence
from test_attack_round4 import SENTENCES

NFC, NFD = "caf\u00e9", "cafe\u0301"


@pytest.fixture
def two_sources(run_cli, tmp_path, monkeypatch):
    """Two small sources, a and b, in the test's database (as round four's); the CLI runner."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-config.yaml"))
    for name, text in SENTENCES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert run_cli("ingest", "a.txt", "b.txt").exit_code == 0
    return run_cli


def _refused_untouched(run_cli, dump_db, db_path, args, *words, code: int = 2) -> str:
    """Run a command that must be refused in one sentence and leave the database as it was."""
    before = dump_db(db_path)
    message = one_sentence(run_cli(*args), code, *words)
    assert dump_db(db_path) == before
    return message


# --- 1. an old database holding metadata nested past what entry allows ------------------------


@pytest.mark.parametrize("extra", ['{"d":' + "[" * 300 + "]" * 300 + "}", '{"d":' + "[" * 40 + "]" * 40 + "}",
                                   "[" * 100_000 + "]" * 100_000, "not json", "[1, 2]"],
                         ids=["past-orjson", "past-entry", "past-recursion", "not-json", "not-object"])
@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "w3c"])
def test_an_old_database_with_metadata_no_export_can_carry_is_one_sentence(two_sources, dump_db, db_path, tmp_path, extra, fmt):
    assert two_sources("claim", "add", "a:0").exit_code == 0
    with sqlite3.connect(db_path) as conn:  # written before ingest checked nesting
        conn.execute("UPDATE sources SET extra = ? WHERE id = 'a'", [extra])
    _refused_untouched(two_sources, dump_db, db_path, ["export", "--format", fmt, "-o", "out"], "annotator.db: source 'a'",
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
    message = _refused_untouched(two_sources, dump_db, db_path, args, *words)
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
    _refused_untouched(two_sources, dump_db, db_path, ["ingest", f"{NFD}.txt"], f"{NFD}.txt: the source id",
                       "'cafe\\u0301'", "'caf\\xe9'", "NFC and NFD")


def test_two_lookalike_ids_in_one_ingest_leave_the_database_untouched(two_sources, dump_db, db_path, tmp_path):
    lines = [f'{{"id":"{NFC}","text":"One claim here. Two."}}', f'{{"id":"{NFD}","text":"Other claim here. Three."}}']
    (tmp_path / "two.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _refused_untouched(two_sources, dump_db, db_path, ["ingest", "two.jsonl"], "two.jsonl", "NFC and NFD")


def test_a_reference_typed_in_the_other_form_finds_the_source(two_sources, tmp_path):
    (tmp_path / f"{NFD}.txt").write_text("The mayor resigned on Friday. Nobody knew why.\n", encoding="utf-8")
    assert two_sources("ingest", f"{NFD}.txt").exit_code == 0
    assert two_sources("claim", "add", f"{NFC}:0").exit_code == 0
    sources = {line.split()[0]: line for line in two_sources("sources").stdout.splitlines() if line.strip()}
    assert len([name for name in sources if name.startswith("caf")]) == 1


def test_an_annotator_that_is_a_known_one_in_nfd_is_refused(two_sources, dump_db, db_path):
    assert two_sources("--annotator", "Jos\u00e9", "claim", "add", "a:0").exit_code == 0
    _refused_untouched(two_sources, dump_db, db_path, ["--annotator", "Jose\u0301", "claim", "add", "b:0"],
                       "the annotator name", "'Jose\\u0301'", "'Jos\\xe9'")


def test_an_import_file_whose_annotator_is_a_known_one_in_nfd_is_refused_naming_its_line(two_sources, dump_db, db_path, tmp_path):
    assert two_sources("--annotator", "Jos\u00e9", "claim", "add", "a:0").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "--annotator", "Jos\u00e9", "-o", "mine.jsonl").exit_code == 0
    text = (tmp_path / "mine.jsonl").read_text(encoding="utf-8").replace("Jos\u00e9", "Jose\u0301")
    (tmp_path / "theirs.jsonl").write_text(text, encoding="utf-8")
    _refused_untouched(two_sources, dump_db, db_path, ["import", "theirs.jsonl"], "theirs.jsonl, line 2: the annotator name")


def test_an_import_naming_a_source_in_its_other_form_says_so(two_sources, dump_db, db_path, tmp_path):
    (tmp_path / f"{NFC}.txt").write_text("The mayor resigned on Friday. Nobody knew why.\n", encoding="utf-8")
    assert two_sources("ingest", f"{NFC}.txt").exit_code == 0
    assert two_sources("--annotator", "ann", "claim", "add", f"{NFC}:0").exit_code == 0
    assert two_sources("export", "--format", "jsonl", "--annotator", "ann", "-o", "mine.jsonl").exit_code == 0
    text = (tmp_path / "mine.jsonl").read_text(encoding="utf-8").replace(NFC, NFD).replace('"ann"', '"bob"')
    (tmp_path / "theirs.jsonl").write_text(text, encoding="utf-8")
    _refused_untouched(two_sources, dump_db, db_path, ["import", "theirs.jsonl"], "theirs.jsonl, line",
                       "another Unicode form", "'caf\\xe9'")
