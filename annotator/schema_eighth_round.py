"""The eighth round's backfill of the counted-keys index (m022): measures keyed by what they measure.

Since this round a weight in pounds and a volume in gallons or litres ("129,000 pounds of water", "129,000 gallons of
water") are keyed by the thing measured (water), not by their unit word (pound, gallon), and relief items are counted
as supplies. A database ingested before holds the old keys for those sentences: each is re-read, its rows replaced.
"""

from __future__ import annotations

import sqlite3

from annotator.sqlite_library import Database

MEASURE_WORDS = ("pound", "lb", "gallon", "litre", "liter", "item")  # the words of sentences whose keys changed
BATCH = 1000


def m022_measure_counts(db: Database) -> None:
    """Re-key the measures in pounds, gallons or litres by what they measure, and relief items as supplies."""
    index_measure_counts(db.conn)


def index_measure_counts(conn: sqlite3.Connection) -> None:
    """Replace the counted keys of the sentences naming a measure word (`MEASURE_WORDS`) by those ingest reads now."""
    from annotator.suggestion_index import indexed_quantities, sentence_count_keys

    likes = " OR ".join("text LIKE ?" for _ in MEASURE_WORDS)
    rows = conn.execute(f"SELECT id, text FROM sentences WHERE {likes}", [f"%{word}%" for word in MEASURE_WORDS])
    while batch := rows.fetchmany(BATCH):
        ids = [(sentence_id,) for sentence_id, _ in batch]
        counted = sorted((key, sentence_id) for sentence_id, text in batch
                         for key in sentence_count_keys(text, indexed_quantities(text)))
        conn.executemany("DELETE FROM sentence_counts WHERE sentence_id = ?", ids)
        conn.executemany("INSERT OR IGNORE INTO sentence_counts (counted, sentence_id) VALUES (?, ?)", counted)
