"""The table of quantities per sentence, kept beside the full-text index so numbers are found by value."""

from __future__ import annotations

import sqlite3

from annotator.numbers import index_keys

HAS_DIGIT = "*[0-9]*"


def index_sentence_numbers(conn: sqlite3.Connection, first_id: int = 1) -> int:
    """Store the (value, unit) keys of every sentence with id >= first_id; return how many were stored.

    Runs inside the caller's transaction (ingest, or the migration that backfills old databases).
    Only sentences with a digit are parsed: number words alone ("five decades") are compared at query
    time but not indexed, since looking up "two" would return half the corpus anyway.
    """
    rows = conn.execute("SELECT id, text FROM sentences WHERE id >= ? AND text GLOB ?", [first_id, HAS_DIGIT])
    keys = [(value, unit, sentence_id) for sentence_id, text in rows for value, unit in index_keys(text)]
    conn.executemany("INSERT OR IGNORE INTO sentence_numbers (value, unit, sentence_id) VALUES (?, ?, ?)", keys)
    return len(keys)
