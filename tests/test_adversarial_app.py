"""What the app relies on from the core when data or another process turns against it: refusals instead of
crashes, undo that follows re-anchored rows, one window per annotator, and a crash that leaves its traceback."""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

import pytest

from annotator.annotations import Annotations
from annotator.articles import Article
from annotator.crash_log import AppCrashed, state_dir, write_crash_log
from annotator.errors import Refused
from annotator.ingest import ingest_articles
from annotator.session import SessionBusy, acquire, lock_path
from annotator.store import Store
from annotator.tui.writes import is_locked

TEXT = "The council approved 40 buses. The mayor said they are electric. Critics said the cost was high. It rained."
OTHER = "Members approved 40 buses. Opponents said the cost was excessive."


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "t.db") as opened:
        ingest_articles(opened, [Article(id="a", text=TEXT, origin="a.txt"), Article(id="b", text=OTHER, origin="b.txt")])
        yield opened


def sid(store: Store, source_id: str, index: int, version: int | None = None) -> int:
    """A sentence id, of the current version unless told."""
    if version is None:
        version = store.db.execute("SELECT version FROM sources WHERE id = ?", [source_id]).fetchone()[0]
    return store.db.execute("SELECT id FROM sentences WHERE source_id = ? AND idx = ? AND version = ?",
                            [source_id, index, version]).fetchone()[0]


def correct_a(store: Store) -> None:
    """Re-ingest a with a new first sentence: every old sentence moves one place down, exactly."""
    ingest_articles(store, [Article(id="a", text="Breaking news. " + TEXT, origin="a.txt")])


def rows(store: Store) -> dict[str, list[tuple]]:
    """The annotation tables, for before/after comparisons."""
    return {table: store.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("claims", "links", "boilerplate")}


# --- vanished rows and old versions are refused, never a TypeError or a FOREIGN KEY failure ----------------


def test_actions_on_a_claim_another_window_removed_are_refused(store):
    alice = Annotations(store, "alice")
    claim = alice.mark_claim(sid(store, "a", 0))
    Annotations(store, "alice").undo()  # the other window
    before = rows(store)
    for action in (lambda: alice.update_claim(claim, verdict="refuted"), lambda: alice.unmark_claim(claim),
                   lambda: alice.link(claim, sid(store, "b", 0), "corroborates")):
        with pytest.raises(Refused, match=f"claim {claim} no longer exists"):
            action()
    assert rows(store) == before


def test_unlinking_a_link_that_is_gone_is_refused(store):
    alice = Annotations(store, "alice")
    link = alice.link(alice.mark_claim(sid(store, "a", 0)), sid(store, "b", 0), "conflicts")
    store.db.execute("DELETE FROM links")
    with pytest.raises(Refused, match=f"link {link} no longer exists"):
        alice.unlink(link)


def test_nothing_new_is_marked_on_a_non_current_version(store):
    alice = Annotations(store, "alice")
    claim = alice.mark_claim(sid(store, "a", 1))
    old = [sid(store, "a", index, version=1) for index in range(4)]
    correct_a(store)
    before = rows(store)
    attempts = [lambda: alice.mark_claim(old[2]), lambda: alice.toggle_boilerplate(old[3]),
                lambda: alice.mark_boilerplate(old[2:])]
    link_to_old = lambda: Annotations(store, "bob").link(  # noqa: E731  an evidence sentence on old text
        Annotations(store, "bob").mark_claim(sid(store, "b", 0)), old[0], "related")
    for attempt in [*attempts, link_to_old]:
        with pytest.raises(Refused, match="is on version 1 of a, which was corrected since"):
            attempt()
    assert {k: v for k, v in rows(store).items() if k != "claims"} == {k: v for k, v in before.items() if k != "claims"}
    assert store.db.execute("SELECT count(*) FROM claims c JOIN sentences t ON t.id = c.sentence_id "
                            "WHERE t.source_id = 'a' AND t.version = 1").fetchone() == (0,)
    assert alice.link(claim, sid(store, "b", 0), "related")  # the re-anchored claim on current text links fine


# --- undo follows what the system moved ----------------------------------------------------------------------


@pytest.mark.parametrize("action", ["mark claim", "edit verdict", "boilerplate", "link", "unlink"])
def test_undo_after_a_reanchoring_takes_back_the_action_where_its_row_sits(store, action):
    alice = Annotations(store, "alice")
    claim = alice.mark_claim(sid(store, "a", 1))
    link = alice.link(claim, sid(store, "b", 1), "conflicts")
    mutate = {
        "mark claim": lambda: alice.mark_claim(sid(store, "a", 2)),
        "edit verdict": lambda: alice.update_claim(claim, verdict="refuted"),
        "boilerplate": lambda: alice.toggle_boilerplate(sid(store, "a", 3)),
        "link": lambda: alice.link(claim, sid(store, "b", 0), "corroborates"),
        "unlink": lambda: alice.unlink(link),
    }[action]
    before_action = rows(store)
    mutate()
    correct_a(store)
    moved = rows(store)
    assert alice.undo() is not None
    undone = rows(store)
    # As if the action had never been done and the article then corrected: compare where everything sits.
    assert places(store, undone) == places_after_correction(store, before_action)
    assert alice.redo() is not None
    assert rows(store) == moved
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def places(store: Store, table_rows: dict) -> set[tuple]:
    """(kind, source, version, index, extra) of every annotation, ids left out."""
    def where(sentence_id):
        return tuple(store.db.execute("SELECT source_id, version, idx FROM sentences WHERE id = ?", [sentence_id]).fetchone())

    found = {("claim", *where(row[1])) for row in table_rows["claims"]}
    verdicts = {row[0]: row for row in table_rows["claims"]}
    found |= {("verdict", *where(row[1]), store_verdict(store, row[0])) for row in verdicts.values()}
    found |= {("link", row[3], *where(row[2])) for row in table_rows["links"]}
    found |= {("boilerplate", *where(row[0])) for row in table_rows["boilerplate"]}
    return found


def store_verdict(store: Store, claim_id: int):
    row = store.db.execute("SELECT verdict FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0] if row else None


def places_after_correction(store: Store, table_rows: dict) -> set[tuple]:
    """Where `table_rows` (taken before the correction) sit once a's sentences moved one place down in version 2."""
    shifted = set()
    for item in places(store, table_rows):
        kind, *rest = item
        if kind == "link":
            relation, source, version, index = rest
            shifted.add((kind, relation, source, *(_shift(source, version, index))))
        elif kind == "verdict":
            source, version, index, verdict = rest
            shifted.add((kind, source, *_shift(source, version, index), verdict))
        else:
            source, version, index = rest
            shifted.add((kind, source, *_shift(source, version, index)))
    return shifted


def _shift(source: str, version: int, index: int) -> tuple[int, int]:
    return (2, index + 1) if source == "a" else (version, index)


# --- one window per annotator -------------------------------------------------------------------------------


def test_a_second_window_of_one_annotator_is_refused_naming_host_and_pid(tmp_path):
    db = tmp_path / "t.db"
    first = acquire(db, "alice")
    with pytest.raises(SessionBusy) as refused:
        acquire(db, "alice")
    message = str(refused.value)
    assert f"host {socket.gethostname()}, pid {os.getpid()}" in message and "another window" in message
    assert "\n" not in message
    other = acquire(db, "bob")  # another annotator is another session
    first.release()
    again = acquire(db, "alice")  # released: free again
    again.release()
    other.release()
    assert not lock_path(db, "alice").exists()


def test_a_lock_file_left_by_a_dead_window_is_stale_and_taken_over(tmp_path):
    db = tmp_path / "t.db"
    path = lock_path(db, "alice")
    path.write_text('{"host": "gone", "pid": 999999, "since": "2020-01-01T00:00:00"}')  # a killed app's file
    lock = acquire(db, "alice")
    assert str(os.getpid()) in path.read_text()
    lock.release()


def test_lock_file_names_never_carry_the_annotator_name(tmp_path):
    for name in ("../../x", "a/b", "[b]", "x\ny"):
        path = lock_path(tmp_path / "t.db", name)
        assert path.parent == tmp_path.resolve() and name not in path.name


def test_cli_open_refuses_a_second_window_in_one_sentence(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from annotator.cli import cli

    db = tmp_path / "t.db"
    Store(db).close()
    lock = acquire(db, "alice")
    try:
        result = CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", "open"])
    finally:
        lock.release()
    assert result.exit_code == 2
    assert f"pid {os.getpid()}" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- a crash leaves its traceback where the message says ---------------------------------------------------


def test_a_crash_exits_1_and_names_the_log_holding_its_traceback(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from textual.app import App

    from annotator.cli import cli
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.sources import SourcesScreen

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(AnnotatorApp, "run", lambda self: App.run(self, headless=True))

    def explode(self):
        raise RuntimeError("boom [/] in a handler")

    monkeypatch.setattr(SourcesScreen, "on_mount", explode)
    db = tmp_path / "t.db"
    Store(db).close()
    result = CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", "open"])
    assert result.exit_code == 1
    logs = list((tmp_path / "state" / "annotator").glob("crash-*.log"))
    assert len(logs) == 1
    assert str(logs[0]) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    text = logs[0].read_text()
    assert "Traceback" in text and "RuntimeError: boom [/] in a handler" in text and str(db) in text
    acquire(db, "alice").release()  # the crashed window gave its session back


def test_the_crash_log_falls_back_to_the_temporary_folder(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # a file where the folder should be
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    try:
        raise ValueError("x")
    except ValueError as error:
        path = write_crash_log(error, "context")
    assert path.parent == tmp_path / "tmp" and "ValueError: x" in path.read_text()
    assert state_dir() == blocker / "annotator"
    assert "traceback is in" in str(AppCrashed(path))


# --- the lock test the writes rely on ------------------------------------------------------------------------


def test_a_held_write_lock_is_recognised(tmp_path):
    db = tmp_path / "t.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with Store(db) as store:
        store.db.execute("PRAGMA busy_timeout = 10")
        with pytest.raises(sqlite3.OperationalError) as error:
            with store.db.atomic():
                pass
        assert is_locked(error.value)
    holder.execute("ROLLBACK")
    assert not is_locked(sqlite3.OperationalError("no such table: x"))
