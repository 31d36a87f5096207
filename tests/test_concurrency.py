"""Two processes, one database: a core loop annotating like the TUI while CLI commands run on the same file.

No "database is locked" may reach the user and no write may be lost. The default run does a few
dozen CLI commands; `pytest -m slow tests/test_concurrency.py` does hundreds.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from crash_worker import digest
from seed_gold import EDITS, SEEDS, annotate_gold, seed_texts, write_texts

from annotator.articles import read_articles
from annotator.cli import cli
from annotator.ingest import ingest_articles
from annotator.store import Store

WORKER = Path(__file__).resolve().parent / "crash_worker.py"


class Annotating:
    """The crash worker as a long-lived child that annotates until stopped, its reports collected."""

    def __init__(self, db_path: Path, seed: int):
        self.process = subprocess.Popen([sys.executable, str(WORKER), "actions", str(db_path), str(seed)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.reports: list[dict] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line != "ready\n":  # the worker's start-up line, not an action
                self.reports.append(json.loads(line))

    def stop(self) -> str:
        """Stop the child (it must still be running) and return its stderr."""
        assert self.process.poll() is None, self.process.stderr.read()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.reader.join()
        stderr = self.process.stderr.read()
        self.process.stderr.close()
        return stderr


def cli_operations(tmp_path: Path, db_path: Path, rng: random.Random, count: int):
    """`count` CLI commands of every kind that touches the database, as argument lists."""
    edits = list(EDITS)
    for number in range(count):
        kind = rng.choice(["ingest-new", "reingest-edit", "sources", "backup", "orphans", "export", "agree", "import"])
        if kind == "ingest-new":
            article = tmp_path / "new" / f"n{number}.txt"
            article.parent.mkdir(exist_ok=True)
            article.write_text(f"Story {number} says 40 buses came. It rained. " * rng.randint(1, 200), encoding="utf-8")
            yield ["ingest", str(article)]
        elif kind == "reingest-edit":  # re-anchors the child's claims while it edits them
            texts = seed_texts() if number % 2 else EDITS[rng.choice(edits)](seed_texts())
            yield ["ingest", "--new-version", str(write_texts(tmp_path / f"edit{number}", texts))]
        elif kind == "sources":
            yield ["sources", "--json"]
        elif kind == "orphans":
            yield ["orphans", "--json"]
        elif kind == "export":
            fmt = rng.choice(["jsonl", "yaml", "fever"])
            who = ["--annotator", "crash"] if fmt == "fever" else []  # FEVER holds one annotator; bob may be there too
            yield ["export", "--format", fmt, *who, "-o", str(tmp_path / f"export{number}")]
        elif kind == "agree":
            yield ["agree", "--json"]
        elif kind == "import":  # a teammate's work; `keep` because re-ingested edits make some of it differ
            yield ["import", "--on-conflict", "keep", str(teammate_export(tmp_path))]
        else:
            yield ["backup", str(tmp_path / f"backup{number}.db")]


def teammate_export(tmp_path: Path) -> Path:
    """The seed gold as annotator bob's jsonl export, made once in a database of its own."""
    path = tmp_path / "bob.jsonl"
    if not path.exists():
        with Store(tmp_path / "bob.db") as store:
            ingest_articles(store, read_articles([SEEDS]))
            annotate_gold(store, "bob")
        result = CliRunner().invoke(cli, ["--db", str(tmp_path / "bob.db"), "export", "--format", "jsonl", "-o", str(path)])
        assert result.exit_code == 0, result.stderr
    return path


def run_concurrently(tmp_path: Path, count: int, seed: int) -> dict:
    """Annotate in a child while running `count` CLI commands; return operations run and failures seen."""
    db_path = tmp_path / "shared.db"
    assert CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(SEEDS)]).exit_code == 0
    child = Annotating(db_path, seed)
    deadline = time.monotonic() + 10
    while not child.reports and time.monotonic() < deadline:  # let it get going
        time.sleep(0.05)
    failures, backups = [], []
    for args in cli_operations(tmp_path, db_path, random.Random(seed), count):
        result = CliRunner().invoke(cli, ["--db", str(db_path), "--annotator", "cli", *args])
        if result.exit_code != 0 or "locked" in result.stderr or result.exception and not isinstance(result.exception, SystemExit):
            failures.append((args, result.exit_code, result.stderr.strip(), repr(result.exception)))
        if args[0] == "backup":
            backups.append(Path(args[1]))
    stderr = child.stop()
    if stderr.strip():
        failures.append(("annotating child", stderr.strip().splitlines()[-1]))
    lost = check_reports(db_path, child.reports)
    matched = sum(check_backup(backup, child.reports) for backup in backups)
    return {"cli": count, "actions": len(child.reports), "failures": failures, "lost": lost, "backups": len(backups),
            "backups_matched": matched}


def check_reports(db_path: Path, reports: list[dict]) -> int:
    """How many of the child's reported actions are missing from the journal."""
    with Store(db_path) as store:
        journal = {row[0] for row in store.db.execute("SELECT id FROM actions")}
    return sum(1 for report in reports if report["journal"] not in journal)


def check_backup(path: Path, reports: list[dict]) -> bool:
    """A backup is a whole database of one instant: integrity ok, no dangling references, rows matching its journal.

    When the newest journal entry in the backup is one the child reported, the annotation rows must
    be exactly what the child saw right after that action; return whether that comparison was possible.
    """
    assert not Path(f"{path}-wal").exists()  # one self-contained file
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    with Store(path) as store:
        assert store.db.execute("SELECT count(*) FROM sources").fetchone()[0] >= 2
        newest = store.db.execute("SELECT max(id) FROM actions").fetchone()[0]
        seen = [report["digest"] for report in reports if report["journal"] == newest]
        if seen:
            assert digest(store) == seen[0]
        return bool(seen)


def test_annotating_while_cli_commands_run_loses_nothing(tmp_path):
    outcome = run_concurrently(tmp_path, count=30, seed=3)
    assert outcome["failures"] == [] and outcome["lost"] == 0
    assert outcome["actions"] > 0 and outcome["backups"] > 0


@pytest.mark.slow
def test_many_cli_commands_while_annotating(tmp_path):
    outcome = run_concurrently(tmp_path, count=int(os.environ.get("CONCURRENT_OPS", "300")), seed=11)
    print(f"\nconcurrency: {outcome['cli']} CLI commands ({outcome['backups']} backups, {outcome['backups_matched']} matched row for row) beside "
          f"{outcome['actions']} annotation actions; {len(outcome['failures'])} failures, {outcome['lost']} lost")
    assert outcome["failures"] == [] and outcome["lost"] == 0


def test_backup_takes_what_is_still_in_the_wal_which_a_file_copy_would_miss(tmp_path):
    from annotator.annotations import Annotations

    db_path = tmp_path / "live.db"
    with Store(db_path) as store:
        store.db.execute("PRAGMA wal_autocheckpoint = 0")  # keep every commit in the -wal file
        ingest_articles(store, read_articles([SEEDS]))
        Annotations(store, "ann").mark_claim(store.sentence_at("000_12b36fb51d48fb91", 0).id)
        copied = tmp_path / "copied.db"
        copied.write_bytes(db_path.read_bytes())  # what a naive file copy would get
        result = CliRunner().invoke(cli, ["--db", str(db_path), "backup", str(tmp_path / "backup.db")])
        assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(tmp_path / "backup.db")
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 1
    conn.close()
    conn = sqlite3.connect(copied)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'claims'").fetchone()[0] == 0
    conn.close()


def test_a_write_transaction_holds_the_write_lock_from_its_first_read(tmp_path):
    db_path = tmp_path / "lock.db"
    with Store(db_path) as store:
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        with store.db.atomic():
            store.db.execute("SELECT count(*) FROM actions").fetchone()  # a read first, as undo does
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO annotators (name, created_at) VALUES ('x', 'now')")
            store.db.execute("INSERT INTO annotators (name, created_at) VALUES ('y', 'now')")  # no upgrade to fail
        other.execute("INSERT INTO annotators (name, created_at) VALUES ('x', 'now')")  # free again after COMMIT
        other.close()
        assert [row[0] for row in store.db.execute("SELECT name FROM annotators ORDER BY name")] == ["x", "y"]
