"""Adversarial database states, signals and the safety net: one sentence each, the file left as it was.

A newer schema, a damaged page, a read-only file or mount, an empty file, another program's database,
a write-ahead log given as the database or as a backup target; SIGTERM and SIGKILL during a first
ingest; and any unexpected error, which names a log file instead of printing a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runner import Cli
from test_adversarial_errors import GOLD_JSONL, A, one_sentence

from annotator.database_errors import DatabaseCorrupt, DatabaseReadOnly, database_problem
from annotator.schema import migrations, schema_number
from annotator.store import Store

READ_COMMANDS = [["sources"], ["sources", "--json"], ["export", "--format", "jsonl", "-o", "-"], ["agree"],
                 ["suggest", f"{A}:1"], ["orphans"]]


@pytest.fixture
def seeded(run_cli, seeds_dir, tmp_path, monkeypatch):
    """The CLI on a database holding the seed articles and the example gold, run inside tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-config.yaml"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert run_cli("ingest", seeds_dir).exit_code == 0
    assert run_cli("import", GOLD_JSONL).exit_code == 0
    return run_cli


def file_state(path: Path) -> tuple:
    """The bytes of a database and which companion files exist, to prove a command left it alone."""
    return path.read_bytes(), sorted(p.name for p in path.parent.glob(f"{path.name}*"))


# --- a newer schema -----------------------------------------------------------------------------


def _from_the_future(db_path: Path) -> None:
    """Record a migration this annotator does not know, as a newer version would."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotator', 'm999_future', 'x')")
    conn.close()


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["import", str(GOLD_JSONL)], ["ingest", "SEEDS"], ["backup", "b.db"]])
def test_a_newer_database_is_refused_naming_both_versions(seeded, db_path, seeds_dir, command):
    _from_the_future(db_path)
    before = file_state(db_path)
    args = [str(seeds_dir) if part == "SEEDS" else part for part in command]
    one_sentence(seeded(*args), 2, "newer annotator", "schema version 999", "m999_future", f"up to {schema_number(migrations._migrations[-1].name)}")
    assert file_state(db_path) == before


# --- a damaged page -----------------------------------------------------------------------------


def corrupt_table(db_path: Path, table: str) -> None:
    """Overwrite the root page of a table with garbage, as a bad disk sector would."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    with open(db_path, "r+b") as stream:
        stream.seek((root - 1) * page_size)
        stream.write(b"\xde\xad\xbe\xef" * (page_size // 4))


@pytest.mark.parametrize(("table", "command"), [
    ("sentences", ["suggest", f"{A}:1"]), ("claims", ["export", "--format", "jsonl", "-o", "-"]),
    ("claims", ["agree", "--include-gold"]), ("claims", ["export", "--format", "w3c", "-o", "w.jsonld"]),
    ("links", ["export", "--format", "fever", "-o", "f.jsonl"]), ("sentences", ["import", str(GOLD_JSONL)]),
])
def test_a_damaged_page_is_one_sentence_with_what_to_do(seeded, db_path, table, command):
    corrupt_table(db_path, table)
    one_sentence(seeded(*command), 2, "the database is damaged", "PRAGMA integrity_check", "annotator backup")


@pytest.mark.parametrize("table", ["sentences", "claims", "links", "actions"])
def test_backup_of_a_damaged_database_is_refused_and_writes_nothing(seeded, db_path, tmp_path, table):
    corrupt_table(db_path, table)
    one_sentence(seeded("backup", tmp_path / "copy.db"), 2, "damaged", "PRAGMA integrity_check")
    assert not (tmp_path / "copy.db").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".backup-")]


def test_the_core_raises_a_typed_error_the_app_can_show(seeded, db_path):
    corrupt_table(db_path, "sentences")
    with Store(db_path) as store, pytest.raises(sqlite3.DatabaseError) as raised:
        store.db.execute("SELECT count(*), sum(length(text)) FROM sentences").fetchall()
    problem = database_problem(raised.value, db_path)
    assert isinstance(problem, DatabaseCorrupt) and "integrity_check" in str(problem)
    db_path.write_bytes(db_path.read_bytes()[:3000])  # damaged where the schema is: found when it opens
    with pytest.raises(DatabaseCorrupt):
        Store(db_path)


def test_backup_checks_the_copy_and_says_so(seeded, db_path, tmp_path, dump_db):
    result = seeded("backup", tmp_path / "copy.db")
    assert result.exit_code == 0 and "integrity checked" in result.stderr
    assert dump_db(tmp_path / "copy.db") == dump_db(db_path)
    one_sentence(seeded("backup", tmp_path / "copy.db"), 2, "already exists")


# --- the database's own companion files ---------------------------------------------------------


@pytest.mark.parametrize("spelling", ["{db}-wal", "{db}-shm", "{db}-journal", "./sub/../{db}-wal", "{db}"])
def test_backup_onto_the_database_or_its_companions_is_refused(seeded, db_path, tmp_path, spelling):
    (tmp_path / "sub").mkdir()
    Store(db_path).close()
    before = file_state(db_path)
    target = spelling.format(db=db_path.name)
    one_sentence(seeded("backup", target), 2, "would destroy your annotations")
    assert file_state(db_path) == before


def test_backup_through_a_symlinked_folder_onto_the_wal_is_refused(seeded, db_path, tmp_path):
    (tmp_path / "link").symlink_to(tmp_path)
    one_sentence(seeded("backup", tmp_path / "link" / f"{db_path.name}-wal"), 2, "the database's -wal file")


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_companion_file_given_as_the_database_is_refused(seeded, db_path, suffix):
    companion = Path(f"{db_path}{suffix}")
    companion.write_bytes(b"")
    one_sentence(Cli(companion)("sources"), 2, "SQLite keeps beside the database", f"--db {db_path}")
    assert companion.read_bytes() == b""


# --- read-only databases ------------------------------------------------------------------------


def test_a_read_only_store_reads_and_never_writes(seeded, db_path):
    Store(db_path).close()
    before = db_path.read_bytes()
    with Store(db_path, readonly=True) as store:
        assert len(store.source_ids()) == 2
        with pytest.raises(sqlite3.OperationalError) as raised:
            store.db.execute("DELETE FROM claims")
    assert isinstance(database_problem(raised.value, db_path), DatabaseReadOnly)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_commands_work_on_a_database_we_may_not_write(seeded, db_path, monkeypatch, command):
    Store(db_path).close()
    before = file_state(db_path)
    monkeypatch.setattr("annotator.cli.can_write", lambda path: False)
    result = seeded(*command)
    assert result.exit_code == 0, result.stderr
    assert file_state(db_path)[0] == before[0]


@pytest.mark.parametrize("command", [["ingest", "SEEDS"], ["import", str(GOLD_JSONL)], ["reattach", "claim:1", f"{A}:2"]])
def test_write_commands_say_the_database_is_read_only(seeded, db_path, seeds_dir, monkeypatch, command):
    monkeypatch.setattr("annotator.database_file.can_write", lambda path: False)
    args = [str(seeds_dir) if part == "SEEDS" else part for part in command]
    one_sentence(seeded(*args), 2, "is read-only", f"`{command[0]}` cannot change it")


def _can_mount() -> bool:
    """Whether this process may make a private mount namespace (root with CAP_SYS_ADMIN, as in CI containers)."""
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


MOUNTED_RUN = """
import json, subprocess, sys
from click.testing import CliRunner
from annotator.cli import cli
mount, db, out, gold, ref = sys.argv[1:]
def run(*args):
    result = CliRunner().invoke(cli, list(args))
    return [result.exit_code, result.stderr]
subprocess.run(f"mount -t tmpfs -o size=400k tmpfs {mount} && cp {db} {mount}/live.db && mount -o remount,ro {mount}",
               shell=True, check=True)
codes = {
    "sources": run("--db", f"{mount}/live.db", "sources", "--json"),
    "export": run("--db", f"{mount}/live.db", "export", "--format", "jsonl", "-o", f"{out}/out.jsonl"),
    "suggest": run("--db", f"{mount}/live.db", "suggest", ref, "-k", "1"),
    "import": run("--db", f"{mount}/live.db", "import", gold),
    "export-onto-ro": run("--db", db, "export", "--format", "jsonl", "-o", f"{mount}/x.jsonl"),
}
subprocess.run(f"mount -o remount,rw {mount} && dd if=/dev/zero of={mount}/fill bs=4k count=1000 2>/dev/null", shell=True)
codes["backup-full"] = run("--db", db, "backup", f"{mount}/b.db")
codes["export-full"] = run("--db", db, "export", "--format", "yaml", "-o", f"{mount}/x.yaml")
codes["left"] = [0, " ".join(sorted(__import__("os").listdir(mount)))]
print(json.dumps(codes))
"""


@pytest.mark.skipif(not _can_mount(), reason="needs `unshare -m` to mount a private read-only and a full file system")
def test_a_real_read_only_mount_and_a_real_full_disk(seeded, db_path, tmp_path):
    Store(db_path).close()
    mount = tmp_path / "mnt"
    mount.mkdir()
    result = subprocess.run(["unshare", "-m", sys.executable, "-c", MOUNTED_RUN, str(mount), str(db_path), str(tmp_path),
                             str(GOLD_JSONL), f"{A}:1"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    runs = json.loads(result.stdout)
    assert {name: code for name, (code, _) in runs.items()} == {
        "sources": 0, "export": 0, "suggest": 0, "import": 2, "export-onto-ro": 2, "backup-full": 1, "export-full": 1, "left": 0}, runs
    assert "live.db: is read-only" in runs["import"][1]
    assert "x.jsonl: is on a read-only file system" in runs["export-onto-ro"][1]
    assert "b.db: the disk is full" in runs["backup-full"][1] and "x.yaml: the disk is full" in runs["export-full"][1]
    assert runs["left"][1] == "fill live.db", "no temporary file, no half backup, and no -wal/-shm on the read-only mount"
    assert all("Traceback" not in message for _, message in runs.values())


# --- empty files and other programs' databases --------------------------------------------------


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["backup", "b.db"], ["import", str(GOLD_JSONL)]])
def test_an_empty_file_is_not_turned_into_a_database(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    one_sentence(Cli(empty)(*command), 2, "empty file (0 bytes)")
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_ingest_may_fill_an_empty_file_it_is_given(tmp_path, seeds_dir):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert Cli(empty)("ingest", seeds_dir).exit_code == 0
    with Store(empty) as store:
        assert len(store.source_ids()) == 2


@pytest.mark.parametrize("command", [["sources"], ["ingest", "SEEDS"]])
def test_another_programs_database_is_refused_and_left_alone(tmp_path, seeds_dir, command):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.close()
    before = other.read_bytes()
    args = [str(seeds_dir) if part == "SEEDS" else part for part in command]
    one_sentence(Cli(other)(*args), 2, "not an annotator one", "photos")
    assert other.read_bytes() == before


# --- SIGTERM and SIGKILL during a first ingest --------------------------------------------------


@contextlib.contextmanager
def no_collector():
    """No garbage collection while the signal lands: a handler's exception raised inside a gc callback
    (hypothesis installs one) is printed as unraisable and lost, and the test would then wait out its sleep."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_sigterm_during_a_first_ingest_leaves_nothing(run_cli, seeds_dir, db_path, monkeypatch):
    from annotator import ingest

    def terminated(store, articles, **options):
        store.db.execute("INSERT INTO annotators (name, created_at) VALUES ('x', 'y')")
        with no_collector():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends

    monkeypatch.setattr(ingest, "ingest_articles", terminated)
    result = run_cli("ingest", seeds_dir)
    assert result.exit_code == 143 and "stopped by SIGTERM" in result.stderr
    assert list(db_path.parent.iterdir()) == []


def test_sigterm_during_an_ingest_into_a_database_rolls_back(seeded, db_path, seeds_dir, tmp_path, monkeypatch, dump_db):
    from annotator import ingest

    before = dump_db(db_path)

    def terminated(store, articles, **options):
        with store.db.atomic():
            store.db.execute("INSERT INTO annotators (name, created_at) VALUES ('half-done', 'x')")
            with no_collector():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)  # the handler raises before this ends

    monkeypatch.setattr(ingest, "ingest_articles", terminated)
    article = tmp_path / "new.txt"
    article.write_text("A new article. With two sentences.", encoding="utf-8")
    result = seeded("ingest", article)
    assert result.exit_code == 143
    assert dump_db(db_path) == before


def _big_corpus(path: Path, articles: int = 2500) -> Path:
    """A JSONL corpus whose ingest takes a second or two: long enough to be killed while it stores."""
    sentence = "The minister said on Tuesday that about 300 people were moved from the coast after storms. "
    path.write_text("".join(f'{{"id": "a{n}", "text": "{sentence * 12}Number {n}."}}\n' for n in range(articles)), encoding="utf-8")
    return path


def _start_and_wait_for_storing(db_path: Path, corpus: Path) -> subprocess.Popen:
    """Start a first ingest and return once it is writing its temporary database."""
    process = subprocess.Popen([sys.executable, "-m", "annotator", "--db", str(db_path), "ingest", str(corpus)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(db_path.parent.glob(f".{db_path.name}.creating-*-wal")):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.02)
    time.sleep(0.2)
    return process


def test_a_real_sigterm_during_a_first_ingest_leaves_no_database_and_no_wal(tmp_path):
    db_path = tmp_path / "db" / "annotator.db"
    db_path.parent.mkdir()
    process = _start_and_wait_for_storing(db_path, _big_corpus(tmp_path / "big.jsonl"))
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143 and "Traceback" not in stderr, stderr
    assert list(db_path.parent.iterdir()) == []


def test_a_killed_first_ingest_is_recognised_and_removed_by_the_next(tmp_path, seeds_dir):
    db_path = tmp_path / "db" / "annotator.db"
    db_path.parent.mkdir()
    process = _start_and_wait_for_storing(db_path, _big_corpus(tmp_path / "big.jsonl"))
    process.kill()
    process.communicate(timeout=60)
    assert not db_path.exists(), "the real name is given only to a finished database"
    assert list(db_path.parent.glob(".annotator.db.creating-*"))
    one_sentence(Cli(db_path)("sources"), 2, "no such database")
    result = Cli(db_path)("ingest", seeds_dir)
    assert result.exit_code == 0 and "an unfinished database a killed ingest left behind" in result.stderr
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["annotator.db"]


def test_an_unfinished_database_of_a_running_ingest_is_left_alone(tmp_path, seeds_dir):
    db_path = tmp_path / "annotator.db"
    running = tmp_path / f".annotator.db.creating-{os.getppid()}"
    running.write_bytes(b"busy")
    assert Cli(db_path)("ingest", seeds_dir).exit_code == 0
    assert running.read_bytes() == b"busy"


# --- the safety net -----------------------------------------------------------------------------


@pytest.mark.parametrize("error", [ZeroDivisionError("boom"), KeyError("missing"), TypeError("'NoneType' object is not subscriptable"),
                                   RecursionError("deep"), ValueError("bad\nmulti-line")])
def test_an_unexpected_error_names_a_log_with_the_traceback(seeded, tmp_path, monkeypatch, error):
    def broken(*arguments, **options):
        raise error

    monkeypatch.setattr("annotator.store.Store.source_summaries", broken)
    message = one_sentence(seeded("sources"), 1, "unexpected error", type(error).__name__, "the traceback is in")
    log = Path(message.split("the traceback is in ")[1].split("; please report it")[0])
    assert log.parent == tmp_path / "state" / "annotator"
    assert "Traceback (most recent call last)" in log.read_text(encoding="utf-8") and "source_summaries" in log.read_text(encoding="utf-8")


def test_an_unexpected_error_in_a_subprocess_prints_no_traceback(seeded, db_path, tmp_path):
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "PYTHONPATH": os.pathsep.join(sys.path)}
    code = ("import annotator.store as s; s.Store.sentence_at = lambda self, *a: 1 / 0; "
            "from annotator.cli import main; import sys; sys.argv = ['annotator', '--db', sys.argv[1], 'reattach', 'claim:1', '"
            + A + ":1']; main()")
    result = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "ZeroDivisionError" in result.stderr, result.stderr


def test_a_log_folder_that_cannot_be_written_falls_back_to_the_temp_folder(seeded, tmp_path, monkeypatch):
    (tmp_path / "blocked").write_text("a file", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "blocked" / "state"))
    monkeypatch.setattr("annotator.store.Store.source_summaries", lambda self: 1 / 0)
    temp = tmp_path / "temp"  # the test's own temporary folder: the fallback must not leave a log in the machine's /tmp
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    message = one_sentence(seeded("sources"), 1, "the traceback is in")
    log = Path(message.split("the traceback is in ")[1].split(";")[0])
    assert log.exists() and log.parent == temp
