"""CPU time of the suggestion indexer alone, today's next to the engine before counted things (bench/engine_before), in
turns, best of 3, on generated sentences in an in-memory database: `python -m bench.index_cpu [--sentences N]`."""

from __future__ import annotations

import argparse
import sqlite3
import time

from annotator.segmenter import split_sentences
from bench.corpus import generate_articles

TABLES = (
    "CREATE TABLE sentences (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    "CREATE TABLE term_stats (term TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE sentence_numbers (value REAL NOT NULL, unit TEXT NOT NULL, sentence_id INTEGER NOT NULL, "
    "PRIMARY KEY (value, unit, sentence_id)) WITHOUT ROWID",
    "CREATE TABLE sentence_counts (counted TEXT NOT NULL, sentence_id INTEGER NOT NULL, "
    "PRIMARY KEY (counted, sentence_id)) WITHOUT ROWID",
)


def database(texts: list[str]) -> sqlite3.Connection:
    """A fresh in-memory database holding the sentences and empty index tables."""
    conn = sqlite3.connect(":memory:")
    for statement in TABLES:
        conn.execute(statement)
    conn.executemany("INSERT INTO sentences (text) VALUES (?)", [(text,) for text in texts])
    return conn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    from annotator.suggestion_index import index_new_sentences
    from bench.engine_before.suggestion_index import index_new_sentences as index_before

    texts = [span.text for article in generate_articles(arguments.sentences, 7) for span in split_sentences(article.text)]
    best = {"before": float("inf"), "today": float("inf")}
    for _ in range(arguments.rounds):
        for name, index in (("before", index_before), ("today", index_new_sentences)):
            conn = database(texts)
            started = time.process_time()
            index(conn)
            best[name] = min(best[name], time.process_time() - started)
            conn.close()
    print(f"indexer CPU on {len(texts):,} sentences, best of {arguments.rounds}: before {best['before']:.2f} s, "
          f"today {best['today']:.2f} s ({best['today'] / best['before']:.2f}x)")


if __name__ == "__main__":
    main()
