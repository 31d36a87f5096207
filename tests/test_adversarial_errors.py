"""Adversarial errors: OS failures, hostile values and odd names are one sentence and the right exit code, never a traceback.

Each case runs the real command line and checks the sentence, the exit code (2: the user's input or
path, 1: the machine), and that nothing was written that should not be. Database states (newer,
damaged, read-only, empty) are in test_adversarial_database.py; signals and the safety net there too.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Cli

from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOLD_JSONL = ROOT / "exports" / "seeds.gold.jsonl"
A, B = "000_12b36fb51d48fb91", "004_38e05b9625974cc4"
LONG = "n" * 300  # past every file system's 255-byte name limit
NOT_UTF8 = os.fsdecode(b"caf\xe9")  # a Latin-1 name, as argv gives it: a lone surrogate


@pytest.fixture
def seeded(run_cli, seeds_dir, tmp_path, monkeypatch):
    """The CLI on a database holding the seed articles and the example gold, run inside tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-config.yaml"))
    assert run_cli("ingest", seeds_dir).exit_code == 0
    assert run_cli("import", GOLD_JSONL).exit_code == 0
    return run_cli


def one_sentence(result, code: int, *words: str) -> str:
    """Assert a one-line `annotator: ...` message, the exit code and the words; return the message."""
    assert result.exit_code == code, (result.exit_code, result.stderr)
    message = result.stderr.strip()
    assert message.startswith("annotator: ") and "\n" not in message, message
    for word in words:
        assert word in message, (word, message)
    return message


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary files an interrupted write could have left in a folder."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


# --- the disk is full, or a file may not grow ---------------------------------------------------


OLD_EXPORT = '{"schema":"annotator-export/1","record":"header"}\n'  # how an earlier jsonl export begins


def test_export_on_a_full_disk_is_one_sentence_and_keeps_the_old_file(seeded, tmp_path, monkeypatch):
    target = tmp_path / "out.jsonl"
    target.write_text(OLD_EXPORT, encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("annotator.atomic.os.fsync", full)
    one_sentence(seeded("export", "--format", "jsonl", "-o", target), 1, str(target), "disk is full")
    assert target.read_text(encoding="utf-8") == OLD_EXPORT
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["yaml", "w3c", "fever"])
def test_every_file_format_reports_a_full_disk_the_same_way(seeded, tmp_path, monkeypatch, fmt):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("annotator.atomic.os.fsync", full)
    one_sentence(seeded("export", "--format", fmt, "-o", tmp_path / "out"), 1, "disk is full")
    assert not (tmp_path / "out").exists() and leftovers(tmp_path) == []


def _limited(size: int):
    """A preexec function: files this process writes may not grow past `size` bytes (EFBIG, like a full disk)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_backup_that_cannot_grow_is_one_sentence_and_leaves_nothing(seeded, db_path, tmp_path):
    target = tmp_path / "copy.db"
    result = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path), "backup", str(target)],
                            preexec_fn=_limited(db_path.stat().st_size // 2 + 40_000), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"annotator: {target}: ") and "Traceback" not in result.stderr
    assert not target.exists() and leftovers(tmp_path) == []


def test_export_that_cannot_grow_is_one_sentence(seeded, db_path, tmp_path):
    target = tmp_path / "out.jsonld"  # about 48 kB, and the database's -shm needs 32 kB
    result = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path), "export", "--format", "w3c", "-o", str(target)],
                            preexec_fn=_limited(40_000), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"annotator: {target}: ") and "grew past the size" in result.stderr
    assert not target.exists() and leftovers(tmp_path) == []


# --- names and places the file system refuses ---------------------------------------------------


@pytest.mark.parametrize("command", [["export", "--format", "jsonl", "-o", f"{LONG}.jsonl"], ["backup", f"{LONG}.db"],
                                     ["export", "--format", "brat", "-o", LONG]])
def test_a_name_too_long_is_one_sentence(seeded, tmp_path, command):
    one_sentence(seeded(*command), 2, "too long")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("command", [
    ["ingest", "SEEDS"], ["sources"], ["export", "--format", "jsonl"], ["import", str(GOLD_JSONL)],
])
def test_db_inside_a_file_names_the_file(run_cli, tmp_path, seeds_dir, command):
    afile = tmp_path / "afile"
    afile.write_text("not a folder", encoding="utf-8")
    cli = Cli(afile / "x.db")
    one_sentence(cli(*[str(seeds_dir) if part == "SEEDS" else part for part in command]), 2, f"{afile} is a file, not a folder")
    assert afile.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("command", [["export", "--format", "jsonl", "-o", "afile/x.jsonl"], ["backup", "afile/b.db"],
                                     ["export", "--format", "brat", "-o", "afile/deeper/brat"]])
def test_a_target_inside_a_file_names_the_file(seeded, tmp_path, command):
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    one_sentence(seeded(*command), 2, "afile is a file, not a folder")


def test_exports_being_a_file_names_it(seeded, tmp_path):
    (tmp_path / "exports").write_text("my notes", encoding="utf-8")
    one_sentence(seeded("export", "--format", "jsonl"), 2, "exports: is a file")
    assert (tmp_path / "exports").read_text(encoding="utf-8") == "my notes"


def test_dash_o_dot_is_a_folder(seeded):
    one_sentence(seeded("export", "--format", "jsonl", "-o", "."), 2, "is a folder")


# --- names that are not UTF-8 -------------------------------------------------------------------


def test_ingesting_a_file_whose_name_is_not_utf8_names_the_byte(run_cli, tmp_path, db_path):
    article = tmp_path / f"{NOT_UTF8}.txt"
    article.write_text("One sentence here. And another.", encoding="utf-8")
    one_sentence(run_cli("ingest", article), 2, "caf\\xe9.txt", "not UTF-8 (byte 0xe9)")
    one_sentence(run_cli("ingest", tmp_path), 2, "caf\\xe9.txt")
    assert not db_path.exists()


def test_databases_and_targets_with_non_utf8_names_work_and_are_shown_escaped(seeds_dir, tmp_path):
    cli = Cli(tmp_path / f"{NOT_UTF8}.db")
    result = cli("ingest", seeds_dir)
    assert result.exit_code == 0 and "caf\\xe9.db" in result.stderr
    assert cli("export", "--format", "jsonl", "-o", tmp_path / f"{NOT_UTF8}.jsonl").exit_code == 0
    assert cli("backup", tmp_path / f"{NOT_UTF8}.bak").exit_code == 0
    assert (tmp_path / f"{NOT_UTF8}.jsonl").exists() and (tmp_path / f"{NOT_UTF8}.bak").exists()


# --- YAML values that are not JSON-shaped -------------------------------------------------------


@pytest.mark.parametrize(("value", "words"), [
    ("!!binary aGVsbG8=", "binary values"), ("!!set {a, b}", "set values"), ("!!omap [a: 1]", "ordered-map values"),
    ("!!pairs [a: 1]", "pairs values"), (".nan", "'.nan' is not a number"), ("-.inf", "'-.inf' is not a number"),
])
@pytest.mark.parametrize("where", ["front matter", "sidecar", "title"])
def test_yaml_values_with_no_json_form_are_refused_with_their_line(run_cli, tmp_path, db_path, value, words, where):
    article = tmp_path / "a.md"
    field = "title" if where == "title" else "extra_field"
    if where == "sidecar":
        article.write_text("One sentence here.\n", encoding="utf-8")
        (tmp_path / "a.meta.yaml").write_text(f"outlet: x\n{field}: {value}\n", encoding="utf-8")
    else:
        article.write_text(f"---\noutlet: x\n{field}: {value}\n---\nOne sentence here.\n", encoding="utf-8")
    one_sentence(run_cli("ingest", article), 2, words, ", line ")
    assert not db_path.exists()


# --- numbers past what SQLite stores ------------------------------------------------------------


@pytest.mark.parametrize("index", ["99999999999999999999999", str(2**63), "²", "-1", "3.0", "0x1"])
def test_suggest_with_an_impossible_index_is_one_sentence(seeded, index):
    one_sentence(seeded("suggest", f"{A}:{index}"), 2, A)


@pytest.mark.parametrize("index", ["99999999999999999999999", "²"])
def test_reattach_with_an_impossible_index_is_one_sentence(seeded, index):
    one_sentence(seeded("reattach", "claim:1", f"{A}:{index}"), 2)


def _gold_with(change) -> list[dict]:
    """The example gold's records with `change` applied to the first claim that has links."""
    records = [json.loads(line) for line in GOLD_JSONL.read_text(encoding="utf-8").splitlines()]
    change(next(record for record in records if record["record"] == "claim" and record["links"]))
    return records


def _write(path: Path, records: list[dict]) -> Path:
    """Records as JSON lines (json, not orjson: it writes any int exactly)."""
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", [2**63, 2**70, 2**31, -1, 1.5, "3", True])
def test_an_evidence_set_out_of_range_is_refused(run_cli, seeds_dir, tmp_path, db_path, dump_db, value):
    monkey_config(tmp_path)
    assert run_cli("ingest", seeds_dir).exit_code == 0
    before = dump_db(db_path)

    def change(record):
        record["links"][0]["evidence_set"] = value

    one_sentence(run_cli("import", _write(tmp_path / "e.jsonl", _gold_with(change))), 2, "evidence_set", "line ")
    assert dump_db(db_path) == before


def test_a_whole_float_evidence_set_is_stored_as_an_integer(run_cli, seeds_dir, tmp_path, db_path):
    monkey_config(tmp_path)
    assert run_cli("ingest", seeds_dir).exit_code == 0

    def change(record):
        record["links"][0]["evidence_set"] = 7.0

    assert run_cli("import", _write(tmp_path / "e.jsonl", _gold_with(change))).exit_code == 0
    with Store(db_path) as store:
        assert store.db.execute("SELECT DISTINCT typeof(evidence_set) FROM links WHERE evidence_set IS NOT NULL").fetchall() == [("integer",)]


@pytest.mark.parametrize("field", ["index", "start", "version"])
def test_a_sentence_position_past_int64_is_refused(run_cli, seeds_dir, tmp_path, field):
    monkey_config(tmp_path)
    assert run_cli("ingest", seeds_dir).exit_code == 0

    def change(record):
        record["sentence"][field] = 2**70

    one_sentence(run_cli("import", _write(tmp_path / "e.jsonl", _gold_with(change))), 2, field)


def monkey_config(tmp_path: Path, labels: str | None = None) -> None:
    """Point ANNOTATOR_CONFIG at a config in tmp_path (with a label-set file when given)."""
    config = tmp_path / "config.yaml"
    if labels is not None:
        (tmp_path / "labels.yaml").write_text(labels, encoding="utf-8")
        config.write_text("labels: labels.yaml\n", encoding="utf-8")
    os.environ["ANNOTATOR_CONFIG"] = str(config)


@pytest.fixture(autouse=True)
def _restore_config():
    """monkey_config sets an environment variable; put it back after each test."""
    saved = os.environ.get("ANNOTATOR_CONFIG")
    yield
    if saved is None:
        os.environ.pop("ANNOTATOR_CONFIG", None)
    else:
        os.environ["ANNOTATOR_CONFIG"] = saved


# --- label values must be in the label set ------------------------------------------------------


@pytest.mark.parametrize(("field", "words"), [("claim_type", "claim type 'bogus'"), ("verdict", "verdict 'bogus'"),
                                              ("relation", "relation 'bogus'")])
def test_import_refuses_a_label_value_not_in_the_label_set(run_cli, seeds_dir, tmp_path, db_path, dump_db, field, words):
    monkey_config(tmp_path)
    assert run_cli("ingest", seeds_dir).exit_code == 0
    before = dump_db(db_path)

    def change(record):
        (record["links"][0] if field == "relation" else record)[field] = "bogus"

    one_sentence(run_cli("import", _write(tmp_path / "e.jsonl", _gold_with(change))), 2, words, "label set does not have", "line ")
    assert dump_db(db_path) == before


CUSTOM_LABELS = """claim_types: [{id: numeric}, {id: quote}, {id: attribution}, {id: event}, {id: other}]
verdicts: [{id: supported}, {id: refuted}, {id: mixed}, {id: unverified}]
relations: [{id: corroborates}, {id: conflicts}, {id: related}, {id: contextualizes}]
"""


def test_a_custom_relation_round_trips_through_export_and_import(run_cli, seeds_dir, tmp_path):
    monkey_config(tmp_path, CUSTOM_LABELS)
    assert run_cli("ingest", seeds_dir).exit_code == 0

    def change(record):
        record["links"][0]["relation"] = "contextualizes"

    custom = _write(tmp_path / "custom.jsonl", _gold_with(change))
    assert run_cli("import", custom).exit_code == 0
    exported = run_cli("export", "--format", "jsonl", "--annotator", "gold", "-o", "-").stdout
    assert '"relation":"contextualizes"' in exported
    fresh = Cli(tmp_path / "fresh.db")
    assert fresh("ingest", seeds_dir).exit_code == 0
    (tmp_path / "again.jsonl").write_text(exported, encoding="utf-8")
    assert fresh("import", tmp_path / "again.jsonl").exit_code == 0
    assert fresh("export", "--format", "jsonl", "--annotator", "gold", "-o", "-").stdout == exported
    (tmp_path / "config.yaml").unlink()  # back to the packaged label set, which has no such relation
    third = Cli(tmp_path / "third.db")
    assert third("ingest", seeds_dir).exit_code == 0
    one_sentence(third("import", tmp_path / "again.jsonl"), 2, "relation 'contextualizes'", "label set does not have")


def test_an_export_never_replaces_a_pipe_or_device(seeded, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    one_sentence(seeded("export", "--format", "jsonl", "-o", pipe), 2, "not a regular file", "-o -")
    assert pipe.is_fifo()


# --- foreign spans past the text, huge or boolean offsets ---------------------------------------


def _foreign_project(run_cli, tmp_path, monkeypatch):
    """A database holding one source whose text is `North was cold.`, the CLI run inside tmp_path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "n.txt").write_text("North was cold.\n", encoding="utf-8")
    assert run_cli("ingest", "n.txt").exit_code == 0


@pytest.mark.parametrize("offsets", [(0, 10), (0, 10**20), (-3, 2), (4, 2), (10**20, 10**20 + 1)])
def test_a_doccano_span_outside_the_text_is_counted_as_not_placed(run_cli, tmp_path, monkeypatch, db_path, dump_db, offsets):
    _foreign_project(run_cli, tmp_path, monkeypatch)
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": "North", "label": [[*offsets, "numeric"]]}) + "\n", encoding="utf-8")
    before = dump_db(db_path)
    result = run_cli("--annotator", "dora", "import", "d.jsonl")
    assert result.exit_code == 0, result.stderr
    assert "1 span(s) outside the document's text" in result.stderr + result.output
    assert dump_db(db_path) == before


def test_a_doccano_boolean_or_fractional_offset_is_refused_with_its_line(run_cli, tmp_path, monkeypatch, db_path, dump_db):
    _foreign_project(run_cli, tmp_path, monkeypatch)
    before = dump_db(db_path)
    for start in (True, 0.5):
        (tmp_path / "d.jsonl").write_text("\n" + json.dumps({"text": "North", "label": [[start, 3, "numeric"]]}) + "\n", encoding="utf-8")
        one_sentence(run_cli("--annotator", "dora", "import", "d.jsonl"), 2, "d.jsonl", "line 2", "offsets")
    assert dump_db(db_path) == before


def test_label_studio_boolean_and_huge_offsets_are_never_placed(run_cli, tmp_path, monkeypatch, db_path, dump_db):
    _foreign_project(run_cli, tmp_path, monkeypatch)
    results = [{"id": "a", "type": "labels", "value": {"start": True, "end": 3, "labels": ["numeric"]}},
               {"id": "b", "type": "labels", "value": {"start": 0, "end": 10**20, "labels": ["numeric"]}},
               {"id": "c", "type": "labels", "value": {"start": 0, "end": 9, "labels": ["numeric"]}}]
    (tmp_path / "ls.json").write_text(json.dumps([{"data": {"text": "North"}, "annotations": [{"result": results}]}]), encoding="utf-8")
    before = dump_db(db_path)
    result = run_cli("--annotator", "dora", "import", "ls.json")
    assert result.exit_code == 0, result.stderr
    said = result.stderr + result.output
    assert "1 labels result(s) without whole-number start and end" in said and "2 span(s) outside the document's text" in said
    assert dump_db(db_path) == before


@pytest.mark.parametrize("version", ["9" * 40, "9" * 5000, "9223372036854775808", "0" * 30 + "1" + "0" * 19])
def test_a_w3c_target_version_past_int64_is_a_source_the_database_does_not_have(run_cli, seeds_dir, tmp_path, monkeypatch, db_path, dump_db, version):
    monkeypatch.chdir(tmp_path)
    assert run_cli("ingest", seeds_dir).exit_code == 0
    line = (ROOT / "exports" / "seeds.gold.w3c.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "w.jsonl").write_text(line.replace(f"source:{A}:v1", f"source:{A}:v{version}") + "\n", encoding="utf-8")
    before = dump_db(db_path)
    result = run_cli("--annotator", "wes", "import", "w.jsonl")
    assert result.exit_code == 0, result.stderr
    assert "1 target(s) on a source the database does not have" in result.stderr + result.output
    assert dump_db(db_path) == before


def test_importing_a_pipe_is_one_sentence_and_does_not_wait_for_a_writer(run_cli, tmp_path, monkeypatch, db_path):
    _foreign_project(run_cli, tmp_path, monkeypatch)
    os.mkfifo(tmp_path / "fifo.jsonl")
    result = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path), "import", "fifo.jsonl"],
                            capture_output=True, text=True, timeout=30, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == "annotator: fifo.jsonl: is not a regular file (a pipe, socket or device); import reads export files only"


# --- the app on a damaged database --------------------------------------------------------------


@pytest.mark.parametrize("error", ["database disk image is malformed", "file is not a database"])
def test_the_app_on_a_damaged_database_says_so_in_one_sentence_and_exits_2(tmp_path, monkeypatch, error):
    import sqlite3

    from click.testing import CliRunner
    from textual.app import App

    from annotator.cli import cli
    from annotator.session import acquire
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.sources import SourcesScreen

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(AnnotatorApp, "run", lambda self: App.run(self, headless=True))

    def damaged(self):
        raised = sqlite3.DatabaseError(error)
        raised.sqlite_errorcode = 11 if "malformed" in error else 26
        raise raised

    monkeypatch.setattr(SourcesScreen, "on_mount", damaged)
    db = tmp_path / "t.db"
    Store(db).close()
    result = CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", "open"])
    message = one_sentence(result, 2, "the database is damaged", error, "PRAGMA integrity_check", "annotator backup")
    assert "unexpected" not in message and not list((tmp_path / "state").rglob("crash-*.log"))
    acquire(db, "alice").release()  # the window gave its session back


def test_damage_found_by_the_sources_worker_is_the_same_one_sentence_and_exit_2(tmp_path, monkeypatch):
    import sqlite3

    from click.testing import CliRunner
    from textual.app import App

    from annotator.cli import cli
    from annotator.tui import sources
    from annotator.tui.app import AnnotatorApp

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(AnnotatorApp, "run", lambda self: App.run(self, headless=True))

    def damaged(*_):
        raised = sqlite3.DatabaseError("database disk image is malformed")
        raised.sqlite_errorcode = 11
        raise raised

    monkeypatch.setattr(sources, "source_rows", damaged)  # the rows are read off the UI thread, after the first frame
    db = tmp_path / "t.db"
    Store(db).close()
    result = CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", "open"])
    message = one_sentence(result, 2, "the database is damaged", "PRAGMA integrity_check", "annotator backup")
    assert "unexpected" not in message and not list((tmp_path / "state").rglob("crash-*.log"))
