"""Round-three attacks from outside: hostile brat folders, config.yaml, assign, boundary fixes, header and hard-negative records.

Each test is one attempt an adversarial tester made through the real command line; it checks the
contract: one sentence on stderr naming the file and place, exit 2, the database untouched, no traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from attack_helpers import refused_untouched
from test_adversarial_errors import GOLD_JSONL

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


# --- brat: offsets ------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["9" * 5000, "9" * 19, "9" * 26], ids=["5000-digits", "19-digits", "26-digits"])
def test_a_brat_offset_of_thousands_of_digits_is_outside_the_text(seeded_db, tmp_path, brat_export, dump_db, db_path, end):
    folder = _collection(tmp_path, brat_export, f"T1\tClaim 0 {end}\tNorth\n")
    refused_untouched(seeded_db, dump_db, db_path, ["import", folder, "--annotator", "bob"], "doc.ann, line 1", "outside its .txt")


def test_a_brat_fragment_that_ends_before_it_starts_is_said_so(seeded_db, tmp_path, brat_export, dump_db, db_path):
    folder = _collection(tmp_path, brat_export, "T1\tClaim 10 5\tx\n")
    refused_untouched(seeded_db, dump_db, db_path, ["import", folder, "--annotator", "bob"], "line 1", "ends before it starts")


@pytest.mark.parametrize("digits", ["\u0660 \u0665", "\uff10 \uff15", "-1 5"])
def test_brat_offsets_are_ascii_digits_only(seeded_db, tmp_path, brat_export, dump_db, db_path, digits):
    folder = _collection(tmp_path, brat_export, f"T1\tClaim {digits}\tNorth\n")
    refused_untouched(seeded_db, dump_db, db_path, ["import", folder, "--annotator", "bob"], "line 1", "text-bound annotation")


# --- brat: folder names -------------------------------------------------------------------------


def test_a_brat_folder_name_with_escapes_and_a_newline_is_shown_on_one_line(seeded_db, tmp_path, dump_db, db_path):
    folder = tmp_path / "b" / "x\x1b]0;PWNED\x07y\nsecond"
    folder.mkdir(parents=True)
    (folder / "doc.txt").write_text("Hello.", encoding="utf-8")
    (folder / "doc.ann").write_text("T1\tClaim 0 99\tHello.\n", encoding="utf-8")
    message = refused_untouched(seeded_db, dump_db, db_path, ["import", tmp_path / "b", "--annotator", "bob"], r"x\x1b]0;PWNED\x07y\nsecond")
    assert "\x1b" not in message and "\x07" not in message


def test_shown_path_makes_every_control_and_reordering_character_visible():
    assert shown_path("a\tb\r\n\x1b[2J\x9b\u202e\u200b") == r"a\tb\r\n\x1b[2J\x9b\u202e\u200b"
    assert str(InputError("bad", "x\ny", 3)) == r"x\ny, line 3: bad"


@pytest.mark.parametrize("folder_name", ["%FF%FE", "%C3", "bob%FF"])
def test_an_exported_sub_folder_escape_that_is_not_utf8_names_no_annotator(seeded_db, brat_export, dump_db, db_path, folder_name):
    (brat_export / "gold").rename(brat_export / folder_name)
    refused_untouched(seeded_db, dump_db, db_path, ["import", brat_export], folder_name, "not UTF-8")


@pytest.mark.parametrize("folder_name, words", [("%2e%2e%2fetc", "a '/'"), ("%1B%5B2J", "U+001B"), ("a%0Ab", "U+000A"),
                                                ("%E2%80%AEbob", "U+202E"), ("%20bob", "space"), ("bo%3Ab", "a ':'")])
def test_an_exported_sub_folder_naming_a_bad_annotator_is_refused(seeded_db, brat_export, dump_db, db_path, folder_name, words):
    (brat_export / "gold").rename(brat_export / folder_name)
    message = refused_untouched(seeded_db, dump_db, db_path, ["import", brat_export], words)
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
    message = refused_untouched(seeded_db, dump_db, db_path, ["--annotator", "lead", *(part.format(bad=bad) for part in command)])
    assert "\x1b" not in message and "\x07" not in message


# --- numbers typed on the command line or in a batch ---------------------------------------------

S0 = f"{A}:0"
HUGE = "9" * 5000


@pytest.mark.parametrize("args", [
    ["boundaries", "join", f"{A}:\u00b2"], ["boundaries", "join", f"{A}:{HUGE}"], ["boundaries", "split", f"{A}:{HUGE}", "--at", "3"],
    ["claim", "add", S0, "--span", "\u00b2:3"], ["claim", "add", S0, "--span", f"0:{HUGE}"],
    ["boilerplate", "add", f"{A}:1-\u00b2"], ["boilerplate", "add", f"{A}:1-{HUGE}"],
    ["reattach", "claim:\u00b2", f"{A}:1"], ["reattach", "claim:1", f"{A}:{HUGE}"], ["suggest", f"{A}:\u00b2"],
], ids=["join-superscript", "join-huge", "split-huge-index", "span-superscript", "span-huge", "range-superscript", "range-huge",
        "orphan-superscript", "reattach-huge", "suggest-superscript"])
def test_digits_int_cannot_read_are_one_sentence_not_a_crash_log(seeded_db, dump_db, db_path, args):
    refused_untouched(seeded_db, dump_db, db_path, ["--annotator", "bob", *args], "is not")


@pytest.mark.parametrize("args", [["claim", "rm", "99999999999999999999"], ["claim", "set", "9223372036854775808", "--note", "x"],
                                  ["link", "rm", "99999999999999999999"], ["link", "add", "99999999999999999999", f"{A}:1", "--relation", "related"]],
                         ids=["claim-rm", "claim-set", "link-rm", "link-add"])
def test_an_id_past_sqlites_integers_names_no_row(seeded_db, dump_db, db_path, args):
    refused_untouched(seeded_db, dump_db, db_path, ["--annotator", "bob", *args], "there is no")


@pytest.mark.parametrize("record", ['{"action":"claim rm","claim":99999999999999999999}',
                                    '{"action":"link rm","link":99999999999999999999}',
                                    '{"action":"link add","claim":"#\u00b2","evidence":"004_38e05b9625974cc4:1","relation":"related"}'],
                         ids=["claim-rm", "link-rm", "line-superscript"])
def test_a_batch_line_with_an_impossible_id_is_refused_with_its_line(seeded_db, dump_db, db_path, tmp_path, record):
    (tmp_path / "b.jsonl").write_text(record + "\n", encoding="utf-8")
    refused_untouched(seeded_db, dump_db, db_path, ["--annotator", "bob", "batch", tmp_path / "b.jsonl"], "b.jsonl, line 1")


@pytest.mark.parametrize("number", ["2147483648", "99999999999999999999"])
def test_an_evidence_set_import_would_refuse_is_refused_when_linked(seeded_db, dump_db, db_path, tmp_path, number):
    lines = [f'{{"action":"claim add","sentence":"{A}:1"}}',
             f'{{"action":"link add","claim":"#1","evidence":"004_38e05b9625974cc4:1","relation":"related","set":{number}}}']
    (tmp_path / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused_untouched(seeded_db, dump_db, db_path, ["--annotator", "bob", "batch", tmp_path / "b.jsonl"], "line 2", "from 1 to 2147483647")
    assert seeded_db("--annotator", "bob", "claim", "add", f"{A}:1").exit_code == 0
    claim = seeded_db("--annotator", "bob", "claim", "add", f"{A}:2").stdout.strip()
    refused_untouched(seeded_db, dump_db, db_path, ["--annotator", "bob", "link", "add", claim, "004_38e05b9625974cc4:1",
                                                     "--relation", "related", "--set", number], "from 1 to 2147483647")


def test_a_joined_sentence_across_a_line_break_prints_on_one_line(seeded_db):
    result = seeded_db("--annotator", "bob", "boundaries", "join", S0)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{S0}\t0\t") and "\u240a" in lines[0]


# --- export records forged: hard negatives and the header ----------------------------------------


def _gold_records() -> list[dict]:
    """The example gold export, record by record."""
    return [json.loads(line) for line in GOLD_JSONL.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write_records(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def _with_negatives(*negatives: dict) -> list[dict]:
    """The gold records with the first claim's passed-over suggestions replaced."""
    records = _gold_records()
    first = next(record for record in records if record["record"] == "claim")
    first["negatives"] = list(negatives)
    return records


FIRST_CLAIM_LINE = 1 + next(number for number, record in enumerate(_gold_records()) if record["record"] == "claim")


def _negative(evidence: dict, rank: int = 1, shown_at: str = "2026-11-21T06:21:49.105651+00:00") -> dict:
    return {"evidence": evidence, "rank": rank, "shown_at": shown_at}


def test_a_passed_over_suggestion_shown_at_an_impossible_time_is_refused(seeded_db, dump_db, db_path, tmp_path):
    evidence = next(record for record in _gold_records() if record["record"] == "claim")["links"][0]["evidence"]
    path = _write_records(tmp_path / "negatives.jsonl", _with_negatives(_negative(evidence, shown_at="2026-13-45T99:00:00+00:00")))
    refused_untouched(seeded_db, dump_db, db_path, ["import", path], f"negatives.jsonl, line {FIRST_CLAIM_LINE}", "shown_at", "month must be in 1..12")


@pytest.mark.parametrize("change, words", [({"source_id": "nope"}, "not in the database"), ({"text": "forged"}, "does not match"),
                                           (None, "the same passed-over suggestion twice")], ids=["unknown-source", "forged-text", "twice"])
def test_passed_over_suggestions_at_unknown_or_forged_sentences_are_refused(seeded_db, dump_db, db_path, tmp_path, change, words):
    evidence = next(record for record in _gold_records() if record["record"] == "claim")["links"][0]["evidence"]
    negatives = [_negative(evidence), _negative(evidence, 2)] if change is None else [_negative({**evidence, **change})]
    path = _write_records(tmp_path / "negatives.jsonl", _with_negatives(*negatives))
    refused_untouched(seeded_db, dump_db, db_path, ["import", path], f"negatives.jsonl, line {FIRST_CLAIM_LINE}", words)


def test_a_forged_header_adds_no_annotator_and_no_done_mark(seeded_db, db_path, tmp_path):
    records = _gold_records()
    records[0] = {**records[0], "annotators": ["gold", "mallory"], "sources": ["nope"], "done": {"mallory": [A], "gold": ["nope"]}}
    assert seeded_db("import", _write_records(tmp_path / "forged.jsonl", records)).exit_code == 0
    with Store(db_path) as store:
        assert [row[0] for row in store.db.execute("SELECT name FROM annotators ORDER BY name")] == ["gold"]
        assert store.db.execute("SELECT COUNT(*) FROM sources_done").fetchone()[0] == 0


# --- brat: what the folder holds besides files ---------------------------------------------------


def test_a_brat_ann_that_is_a_link_to_a_pipe_is_refused_without_waiting(seeded_db, tmp_path, brat_export, dump_db, db_path):
    import os

    folder = _collection(tmp_path, brat_export, "")
    (folder / "doc.ann").unlink()
    os.mkfifo(tmp_path / "pipe")
    (folder / "doc.ann").symlink_to(tmp_path / "pipe")
    refused_untouched(seeded_db, dump_db, db_path, ["import", folder, "--annotator", "bob"], "doc.ann", "not a regular file")


def test_links_to_folders_in_a_brat_folder_are_not_followed(seeded_db, tmp_path, brat_export, db_path):
    folder = _collection(tmp_path, brat_export, "T1\tClaim 0 5\tNorth\n")
    (folder / "loop").symlink_to(folder)
    (folder / "up").symlink_to(tmp_path)  # holds brat/gold: following it would import the gold too
    (folder / "sub").mkdir()
    (folder / "sub" / "self").symlink_to(folder / "sub")
    result = seeded_db("import", folder, "--annotator", "bob")
    assert result.exit_code == 0 and "1 claim(s) added" in result.stderr, result.stderr
    with Store(db_path) as store:
        assert [row[0] for row in store.db.execute("SELECT DISTINCT annotator FROM claims")] == ["bob"]
