"""Helpers for the boundary-fix tests: a store with two sources, every annotation row, and a rebuild of derived tables."""

from __future__ import annotations

import sqlite3
from collections import Counter

from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.numbers import index_keys
from annotator.store import Store
from annotator.suggestion_index import indexed_quantities, sentence_count_keys, sentence_words

EVIDENCE = "Officials counted 40 buses on Monday. The mayor said 12 were electric. Nobody else spoke."

TABLES = {
    "sentences": 'SELECT id, source_id, version, idx, start, "end", text FROM sentences ORDER BY id',
    "claims": "SELECT * FROM claims ORDER BY id",
    "links": "SELECT * FROM links ORDER BY id",
    "boilerplate": "SELECT sentence_id, annotator, created_at FROM boilerplate ORDER BY sentence_id, annotator",
    "rejections": "SELECT sentence_id, annotator, created_at FROM boilerplate_rejections ORDER BY sentence_id, annotator",
    "decisions": "SELECT * FROM decisions ORDER BY id",
}


def two_sources(text: str) -> Store:
    """An in-memory store holding source `a` with `text` and the evidence source `b`."""
    store = Store(":memory:")
    ingest_articles(store, [Article(id="a", text=text, origin="test"), Article(id="b", text=EVIDENCE, origin="test")])
    return store


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every sentence and annotation row, as stored."""
    return {name: store.db.execute(query).fetchall() for name, query in TABLES.items()}


def check_derived(store: Store) -> None:
    """The full-text index, word counts and quantity tables equal a rebuild from the sentences."""
    conn = store.db.conn
    conn.execute("INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)")
    rows = conn.execute("SELECT id, text FROM sentences").fetchall()
    words: Counter[str] = Counter()
    numbers, counted = set(), set()
    for sentence_id, text in rows:
        words.update(sentence_words(text))
        quantities = indexed_quantities(text)
        numbers |= {(value, unit, sentence_id) for value, unit in index_keys(text, quantities)}
        counted |= {(key, sentence_id) for key in sentence_count_keys(text, quantities)}
    assert dict(conn.execute("SELECT term, documents FROM term_stats").fetchall()) == dict(words)
    assert set(conn.execute("SELECT value, unit, sentence_id FROM sentence_numbers").fetchall()) == numbers
    assert set(conn.execute("SELECT counted, sentence_id FROM sentence_counts").fetchall()) == counted
    for sentence_id, text in rows:  # every sentence is found by its own first word
        first = next(iter(sorted(sentence_words(text))), None)
        if first:
            found = conn.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", [f'"{first}"']).fetchall()
            assert (sentence_id,) in found


def index_rows(path) -> tuple[list, list]:
    """The value index and the counted-keys index of a database file, sorted: two databases compare equal row for row."""
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT value, unit, sentence_id FROM sentence_numbers ORDER BY 1, 2, 3").fetchall(),
                conn.execute("SELECT counted, sentence_id FROM sentence_counts ORDER BY 1, 2").fetchall())
    finally:
        conn.close()
