"""The SQLite store: pragmas, migrations, the append-only journal, full-text search, backup, sharing."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from annotator.articles import read_articles
from annotator.connections import BUSY_TIMEOUT_MS, connect
from annotator.ingest import ingest_articles
from annotator.store import Store, fts_phrase_query


def pragmas(conn: sqlite3.Connection) -> tuple:
    """The pragmas every connection must carry."""
    return tuple(conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"))


def test_pragmas_on_every_connection(db_path):
    with Store(db_path), Store(db_path) as second:
        assert pragmas(second.db.conn) == ("wal", 2, 1, BUSY_TIMEOUT_MS)
    conn = connect(db_path)
    try:
        mode, synchronous, foreign_keys, busy = pragmas(conn)
        assert (mode, synchronous, foreign_keys) == ("wal", 2, 1)
        assert busy > 0
    finally:
        conn.close()


def test_memory_store_has_foreign_keys_and_full_sync(memory_store):
    _, synchronous, foreign_keys, busy = pragmas(memory_store.db.conn)
    assert (synchronous, foreign_keys) == (2, 1)
    assert busy > 0


def test_foreign_keys_are_enforced(memory_store):
    with pytest.raises(sqlite3.IntegrityError):
        memory_store.db.execute(
            "INSERT INTO claims (sentence_id, annotator, created_at, updated_at) VALUES (999, 'nobody', 'x', 'x')"
        )


def test_migrations_are_idempotent(db_path, dump_db):
    with Store(db_path) as store:
        applied = store.db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    assert applied
    before = dump_db(db_path)
    with Store(db_path) as store:
        assert store.db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall() == applied
    assert dump_db(db_path) == before


def test_expected_tables_exist(store):
    tables = set(store.db.table_names())
    expected = {"sources", "source_versions", "sentences", "sentences_fts", "annotators", "boilerplate",
                "claims", "links", "decisions", "actions"}
    assert expected <= tables
    assert "boilerplate" not in {c.name for c in store.db["sentences"].columns}


def add_action(store: Store) -> int:
    """Append one journal entry and return its id."""
    cursor = store.db.execute(
        "INSERT INTO actions (at, annotator, kind, action, changes) VALUES ('t', 'ann', 'do', 'mark', '[]')"
    )
    return cursor.lastrowid


def test_action_journal_refuses_update_and_delete(store):
    action_id = add_action(store)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE actions SET action = 'other' WHERE id = ?", [action_id])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM actions WHERE id = ?", [action_id])
    assert store.db.execute("SELECT action FROM actions").fetchall() == [("mark",)]


def test_action_journal_refuses_unknown_kind(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO actions (at, annotator, kind, action) VALUES ('t', 'a', 'erase', 'x')")


@pytest.fixture
def seeded(store, seeds_dir):
    """The file store with both seed articles ingested."""
    ingest_articles(store, read_articles([seeds_dir]))
    return store


def test_search_finds_sentences(seeded):
    found = seeded.search_sentences("Moscow Times")
    assert found
    assert all("moscow times" in s.text.lower() for s in found)
    assert {s.source_id for s in found} == {"004_38e05b9625974cc4"}
    assert [s.text for s in seeded.search_sentences("Login")] == ["Login"]


def test_search_ignores_case_and_diacritics(memory_store, tmp_path):
    (tmp_path / "a.txt").write_text("The café in Zürich closed. Nothing else.", encoding="utf-8")
    ingest_articles(memory_store, read_articles([tmp_path / "a.txt"]))
    assert [s.text for s in memory_store.search_sentences("CAFE zurich")] == ["The café in Zürich closed."]


@pytest.mark.parametrize(
    "query",
    ['"', '""', "AND", "OR OR", "NOT", "*", "Korea*", "(", ")", "(North", "NEAR(a b)", "text:North", "-", "^North",
     "North AND", "a\"b", "O'Brien", "\x00", "North\x00Korea", "😀", "", "   ", "{text}: x", "+", "'"],
)
def test_search_takes_user_input_literally(seeded, query):
    found = seeded.search_sentences(query)
    assert isinstance(found, list)


def test_search_operators_are_words_not_syntax(memory_store, tmp_path):
    (tmp_path / "a.txt").write_text("Cats AND dogs. Cats or dogs. Only cats.", encoding="utf-8")
    ingest_articles(memory_store, read_articles([tmp_path / "a.txt"]))
    assert [s.text for s in memory_store.search_sentences("cats AND")] == ["Cats AND dogs."]
    assert memory_store.search_sentences("dog*") == []
    assert {s.text for s in memory_store.search_sentences("cats NOT")} == set()


def test_fts_phrase_query_quotes_every_word():
    assert fts_phrase_query('say "hi" AND') == '"say" """hi""" "AND"'
    assert fts_phrase_query("   ") == '""'


def test_search_only_returns_current_versions(memory_store, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Old wording here.", encoding="utf-8")
    ingest_articles(memory_store, read_articles([article]))
    article.write_text("New wording here.", encoding="utf-8")
    ingest_articles(memory_store, read_articles([article]))
    assert [s.text for s in memory_store.search_sentences("wording")] == ["New wording here."]


def test_backup_is_a_readable_consistent_copy(seeded, tmp_path):
    target = tmp_path / "copy.db"
    seeded.backup(target)
    with Store(target) as copy:
        assert copy.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [s.as_dict() for s in copy.source_summaries()] == [s.as_dict() for s in seeded.source_summaries()]
        assert copy.search_sentences("Login")[0].text == "Login"


def test_two_stores_on_one_file_both_read_and_write(db_path, seeds_dir):
    with Store(db_path) as first, Store(db_path) as second:
        ingest_articles(first, read_articles([seeds_dir / "000_12b36fb51d48fb91.txt"]))
        ingest_articles(second, read_articles([seeds_dir / "004_38e05b9625974cc4.txt"]))
        assert [s.id for s in first.source_summaries()] == [s.id for s in second.source_summaries()]
        assert len(second.source_summaries()) == 2


def test_a_writer_waits_for_another_writer_instead_of_failing(db_path):
    with Store(db_path) as first, Store(db_path) as second:
        holding = threading.Event()

        def hold_write_lock():
            with first.db.atomic():
                add_action(first)
                holding.set()
                time.sleep(0.3)

        worker = threading.Thread(target=hold_write_lock)
        worker.start()
        holding.wait(5)
        started = time.monotonic()
        add_action(second)
        waited = time.monotonic() - started
        worker.join()
        assert waited > 0.1
        assert second.db.execute("SELECT count(*) FROM actions").fetchone()[0] == 2


def test_failed_ingest_rolls_back_everything(memory_store, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("First. Second.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Third.", encoding="utf-8")
    articles = read_articles([tmp_path])
    import annotator.ingest as ingest_module

    calls = []
    real_split = ingest_module.split_sentences

    def split_then_fail(text, language="en"):
        calls.append(text)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real_split(text, language)

    monkeypatch.setattr(ingest_module, "split_sentences", split_then_fail)
    with pytest.raises(RuntimeError):
        ingest_articles(memory_store, articles)
    for table in ("sources", "source_versions", "sentences"):
        assert memory_store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert memory_store.search_sentences("First") == []
