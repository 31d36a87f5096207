"""Crash safety: a child process annotating (or exporting) is SIGKILLed at random points, again and again.

After each kill: every action the child reported done is in the database, the file passes
`PRAGMA integrity_check` and the foreign key check, the annotation state is the one reported for
the newest journal entry, and undo works. An atomic export killed mid-write leaves the old file or
the new one. The default run kills a few times; `pytest -m slow tests/test_crash.py` kills hundreds.
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
from crash_worker import ANNOTATOR, digest

from annotator.annotations import Annotations
from annotator.articles import read_articles
from annotator.ingest import ingest_articles
from annotator.journal import stacks
from annotator.store import Store

WORKER = Path(__file__).resolve().parent / "crash_worker.py"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run_and_kill(args: list[str], delay: float) -> list[str]:
    """Start the worker, SIGKILL it after `delay` seconds, and return every line it printed before dying."""
    process = subprocess.Popen([sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            if line == "ready\n":
                ready.set()
            else:
                lines.append(line)
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(timeout=60)  # the kill timer starts once the worker is up, so a loaded machine still gets kill points mid-work
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reader.join()
    stderr = process.stderr.read()
    process.stderr.close()
    assert "Traceback" not in stderr, stderr
    return lines


def check_database(db_path: Path, reports: list[dict]) -> int:
    """Verify the database after a kill; return how many reported actions are missing (lost)."""
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        journal_ids = {row[0] for row in conn.execute("SELECT id FROM actions")}
    finally:
        conn.close()
    lost = sum(1 for report in reports if report["journal"] not in journal_ids)
    with Store(db_path) as store:
        newest = max(journal_ids, default=0)
        state = digest(store)
        if reports:
            last = reports[-1]
            assert newest in (last["journal"], last["journal"] + 1)  # at most one finished but unreported
            if newest == last["journal"]:
                assert state == last["digest"]
        annotations = Annotations(store, ANNOTATOR)
        done_before = len(stacks(store, ANNOTATOR)[0])
        undone = annotations.undo()  # undo the last action works (raises on a conflict)
        assert (undone is None) == (done_before == 0)
        previous = [r for r in reports if r["journal"] == newest - 1]
        if reports and newest == reports[-1]["journal"] and reports[-1]["kind"] == "do" and previous:
            assert digest(store) == previous[0]["digest"]  # undoing a fresh action restores the state before it
    return lost


def crash_rounds(tmp_path: Path, kills: int, seed: int) -> tuple[int, int, int]:
    """Kill an annotating child `kills` times; return (kills, actions reported done, actions lost)."""
    db_path = tmp_path / "crash.db"
    with Store(db_path) as store:
        ingest_articles(store, read_articles([SEEDS]))
    rng = random.Random(seed)
    reported = lost = 0
    for round_number in range(kills):
        lines = run_and_kill(["actions", str(db_path), str(seed * 1000 + round_number)], rng.uniform(0.3, 1.2))
        reports = [json.loads(line) for line in lines]
        reported += len(reports)
        lost += check_database(db_path, reports)
    return kills, reported, lost


def export_rounds(tmp_path: Path, kills: int, seed: int) -> tuple[int, int]:
    """Kill a child rewriting an export `kills` times; return (kills, torn files seen)."""
    path = tmp_path / "export.txt"
    rng = random.Random(seed)
    torn = newest = 0
    for round_number in range(kills):
        lines = run_and_kill(["export", str(path), str(round_number)], rng.uniform(0.2, 0.9))
        if lines:
            newest = int(lines[-1])
        if not path.exists():
            assert newest == 0
            continue
        version = whole_version(path.read_text(encoding="utf-8"))
        if version is None or version < newest:
            torn += 1
        newest = version or newest
    return kills, torn


def whole_version(text: str) -> int | None:
    """The version a complete export file holds, or None if it is torn (cut short or mixed)."""
    lines = text.split("\n")
    try:
        version, count = int(lines[0].split()[1]), int(lines[0].split()[3])
    except (IndexError, ValueError):
        return None
    body_ok = lines[1:-2] == [f"line of version {version}"] * count
    return version if body_ok and lines[-2:] == [f"end {version}", ""] else None


def test_kills_lose_no_reported_action(tmp_path):
    kills, reported, lost = crash_rounds(tmp_path, kills=4, seed=1)
    assert reported > 0 and lost == 0


def test_export_killed_mid_write_is_old_or_new_never_torn(tmp_path):
    kills, torn = export_rounds(tmp_path, kills=4, seed=1)
    assert torn == 0


@pytest.mark.slow
def test_many_kills_lose_no_reported_action(tmp_path):
    kills, reported, lost = crash_rounds(tmp_path, kills=int(os.environ.get("CRASH_KILLS", "200")), seed=7)
    print(f"\ncrash: {kills} kill points, {reported} actions reported done, {lost} lost")
    assert lost == 0


@pytest.mark.slow
def test_many_export_kills_never_tear(tmp_path):
    kills, torn = export_rounds(tmp_path, kills=int(os.environ.get("CRASH_KILLS", "100")), seed=7)
    print(f"\nexport: {kills} kill points, {torn} torn files")
    assert torn == 0


def test_the_torn_file_check_can_tell():
    from crash_worker import export_contents

    whole = export_contents(3, 1000)
    assert whole_version(whole) == 3
    assert whole_version(whole[:-5]) is None and whole_version(whole[: len(whole) // 2]) is None
    assert whole_version(whole.replace("version 3\n", "version 2\n", 1)) is None


# --- the real `annotator export`, killed mid-write -------------------------------------------------


@pytest.fixture(scope="module")
def big_annotated_db(tmp_path_factory) -> Path:
    """300 articles with 3,000 claims and 6,000 links (written directly: this is export input, not an action test)."""
    from annotator.articles import Article

    folder = tmp_path_factory.mktemp("big")
    db_path = folder / "big.db"
    articles = [Article(id=f"s{n:03d}", origin="generated", text=" ".join(
        f"Report {n} says {k * 7} buses arrived on day {k}." for k in range(20))) for n in range(300)]
    with Store(db_path) as store:
        ingest_articles(store, articles)
        Annotations(store, "alice")
        with store.db.atomic():
            ids = [row[0] for row in store.db.execute("SELECT id FROM sentences ORDER BY id")]
            for claim_number, sentence in enumerate(ids[::2]):
                cursor = store.db.execute("INSERT INTO claims (sentence_id, annotator, claim_type, created_at, updated_at) "
                                          "VALUES (?, 'alice', 'numeric', 't', 't')", [sentence])
                for step in (25, 47):
                    store.db.execute("INSERT INTO links (claim_id, evidence_sentence_id, relation, annotator, created_at, "
                                     "updated_at) VALUES (?, ?, 'corroborates', 'alice', 't', 't')",
                                     [cursor.lastrowid, ids[(claim_number * 2 + step * 20) % len(ids)]])
    return db_path


def export_rounds_cli(db_path: Path, out: Path, fmt: str, kills: int, seed: int) -> tuple[int, int, int]:
    """Run `annotator export` and SIGKILL it at random moments; return (kills, torn files, whole exports seen)."""
    command = ["-m", "annotator", "--db", str(db_path), "export", "--format", fmt, "-o", str(out)]
    expected = subprocess.run([sys.executable, *command[:-1], "-"], capture_output=True, check=True).stdout
    rng = random.Random(seed)
    torn = whole = 0
    for _ in range(kills):
        process = subprocess.Popen([sys.executable, *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if out.exists():
            if out.read_bytes() == expected:
                whole += 1
            else:
                torn += 1
    return kills, torn, whole


def test_export_command_killed_mid_write_is_old_or_new(big_annotated_db, tmp_path):
    kills, torn, whole = export_rounds_cli(big_annotated_db, tmp_path / "gold.yaml", "yaml", kills=4, seed=2)
    assert torn == 0


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "fever", "w3c"])
def test_export_command_killed_many_times(big_annotated_db, tmp_path, fmt):
    kills, torn, whole = export_rounds_cli(big_annotated_db, tmp_path / f"gold.{fmt}", fmt,
                                           kills=int(os.environ.get("CRASH_KILLS", "50")), seed=5)
    leftovers = len(list(tmp_path.glob(".*.tmp")))
    print(f"\nexport {fmt}: {kills} kill points, {whole} times the whole file there, {torn} torn, "
          f"{leftovers} temporary files left behind")
    assert torn == 0


# --- `annotator ingest` with re-anchoring, killed mid-transaction ----------------------------------


@pytest.fixture(scope="module")
def ingest_inputs(tmp_path_factory) -> tuple[Path, Path]:
    """A database with the seed gold, and a folder to ingest: edited seeds plus 3,000 new articles (one jsonl)."""
    from seed_gold import EDITS, annotate_gold, seed_texts, write_texts

    folder = tmp_path_factory.mktemp("ingest")
    pristine = folder / "pristine.db"
    with Store(pristine) as store:
        ingest_articles(store, read_articles([SEEDS]))
        annotate_gold(store)
    inputs = write_texts(folder / "inputs", EDITS["everything"](seed_texts()))
    with (inputs / "many.jsonl").open("w", encoding="utf-8") as stream:
        for n in range(3000):
            stream.write(json.dumps({"id": f"n{n}", "text": f"Story {n} says 40 buses came on day {n}. " * 12}) + "\n")
    return pristine, inputs


def ingest_state(db_path: Path) -> str:
    """'before' or 'after' the ingest, checking the database is wholly one or the other."""
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        sources = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        versions = sorted(row[0] for row in conn.execute("SELECT version FROM sources WHERE id NOT LIKE 'n%'"))
        annotations = conn.execute("SELECT (SELECT count(*) FROM claims) + (SELECT count(*) FROM links) "
                                   "+ (SELECT count(*) FROM boilerplate)").fetchone()[0]
        stale = conn.execute(
            "SELECT count(*) FROM claims c JOIN sentences t ON t.id = c.sentence_id "
            "JOIN sources s ON s.id = t.source_id AND s.version != t.version").fetchone()[0]
    finally:
        conn.close()
    assert annotations == 34
    if (sources, versions, stale) == (2, [1, 1], 0):
        return "before"
    assert (sources, versions) == (3002, [2, 2]) and stale == 1  # re-anchored in the same transaction
    return "after"


def ingest_rounds(pristine: Path, inputs: Path, tmp_path: Path, kills: int, seed: int) -> dict[str, int]:
    """Kill `annotator ingest` at random moments, each time on a fresh copy; count the states found."""
    rng = random.Random(seed)
    seen = {"before": 0, "after": 0}
    for round_number in range(kills):
        db_path = tmp_path / f"round{round_number}.db"
        source = sqlite3.connect(pristine)
        target = sqlite3.connect(db_path)
        source.backup(target)
        source.close()
        target.close()
        process = subprocess.Popen([sys.executable, "-m", "annotator", "--db", str(db_path), "ingest", str(inputs)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        seen[ingest_state(db_path)] += 1
    return seen


def test_ingest_killed_mid_transaction_is_all_or_nothing(ingest_inputs, tmp_path):
    seen = ingest_rounds(*ingest_inputs, tmp_path, kills=3, seed=4)
    assert sum(seen.values()) == 3


@pytest.mark.slow
def test_ingest_killed_many_times(ingest_inputs, tmp_path):
    kills = int(os.environ.get("CRASH_KILLS", "40"))
    seen = ingest_rounds(*ingest_inputs, tmp_path, kills=kills, seed=9)
    print(f"\ningest: {kills} kill points, {seen['before']} left as before, {seen['after']} wholly ingested, 0 half")
