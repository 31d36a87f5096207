"""The tables behind evidence suggestions, kept up to date on ingest: word statistics and quantities by value.

`term_stats` holds, for each word as the index spells it, how many sentences contain it (what BM25's idf
needs; the engine adds up a word's spellings — singular, plural, as the claim writes it): reading
that from FTS5's own vocabulary (fts5vocab) means walking the word's whole posting list, 5–10 ms per
sentence at a million sentences, where this table answers in microseconds. `sentence_numbers` finds
sentences by a number's value ("13,000" and "13000" alike), which the full-text index cannot.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

from bench.engine_before.numbers import index_keys
from bench.engine_before.sentence_features import STOPWORDS, TOKEN, fold

DIGIT = re.compile(r"\d")
BATCH = 20_000


def index_new_sentences(conn: sqlite3.Connection, first_id: int = 1) -> None:
    """Count the words and store the quantities of every sentence with id >= first_id.

    Runs inside the caller's transaction (ingest, or the migration that backfills an older database),
    a batch at a time so memory stays flat however many sentences there are.
    """
    counts: Counter[str] = Counter()
    rows = conn.execute("SELECT id, text FROM sentences WHERE id >= ?", [first_id])
    while batch := rows.fetchmany(BATCH):
        numbers = []
        for sentence_id, text in batch:
            counts.update(sentence_words(text))
            if DIGIT.search(text):
                numbers.extend((value, unit, sentence_id) for value, unit in index_keys(text))
        numbers.sort()  # in key order, so the inserts walk the index instead of jumping about it
        conn.executemany("INSERT OR IGNORE INTO sentence_numbers (value, unit, sentence_id) VALUES (?, ?, ?)", numbers)
    conn.executemany(
        "INSERT INTO term_stats (term, documents) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET documents = documents + excluded.documents",
        counts.items(),
    )


def sentence_words(text: str) -> set[str]:
    """The distinct content words of a sentence, folded like the full-text index folds them.

    Not stemmed here: Snowball costs more than everything else in this function together, and the
    engine only needs the counts of the few words a claim spells.
    """
    return {token for token in set(TOKEN.findall(fold(text))) - STOPWORDS if len(token) > 1 and not token.isdigit()}
