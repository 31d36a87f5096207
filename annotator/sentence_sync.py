"""What is derived from sentence rows, kept right when a boundary fix (or its undo or redo) rewrites them.

The full-text index (external content: it holds no text of its own, so a row leaves it only when told
its old text), the suggestion index (`term_stats`, `sentence_numbers`, `sentence_counts`, `denials_fts`), the
boilerplate hints, and where each annotator stands in the source. Old rows leave before the rows are
written (their foreign keys would hold a sentence back), new rows enter after.
"""

from __future__ import annotations

from annotator.boilerplate_hints import residue_reason
from annotator.numbers import index_keys
from annotator.store import Store
from annotator.suggestion_index import (
    add_denial,
    indexed_quantities,
    remove_denial,
    sentence_count_keys,
    sentence_words,
)


class SentenceSync:
    """The derived rows of sentence images (before, after) that a write is about to change."""

    def __init__(self, store: Store, pairs: list[tuple[dict | None, dict | None]]):
        self.conn = store.db.conn
        net: dict[int, list] = {}  # a batch may touch one sentence twice: its first image and its last count
        for old, new in pairs:
            key = (old or new)["id"]
            net.setdefault(key, [old, new])[1] = new
        self.pairs = [(old, new) for old, new in net.values() if _text_of(old) != _text_of(new) or (old is None) != (new is None)]

    @classmethod
    def of(cls, store: Store, pairs: list[tuple[dict | None, dict | None]]) -> SentenceSync:
        """Take the old images' derived rows out now; `finish()` puts the new ones in after the write."""
        sync = cls(store, pairs)
        for old, _ in sync.pairs:
            if old is not None:
                remove_derived(sync.conn, old)
        return sync

    def finish(self) -> None:
        """Index the new images, and move annotators' places past an added or removed sentence."""
        for old, new in self.pairs:
            if new is not None:
                add_derived(self.conn, new)
            if old is None and new is not None:
                self._shift(new, +1)
            elif new is None and old is not None:
                self._shift(old, -1)

    def _shift(self, row: dict, delta: int) -> None:
        """Places at or after a sentence that came (+1) or went (-1) follow their sentence."""
        current = self.conn.execute("SELECT 1 FROM sources WHERE id = ? AND version = ?", [row["source_id"], row["version"]])
        if current.fetchone() is None:
            return
        for column in ("current_idx", "furthest_idx"):
            self.conn.execute(f"UPDATE positions SET {column} = max(0, {column} + ?) WHERE source_id = ? AND {column} >= ?",
                              [delta, row["source_id"], row["idx"]])


def _text_of(row: dict | None) -> str | None:
    return None if row is None else row["text"]


def _keys(text: str) -> tuple[list, set]:
    """The (value, unit) keys and counted keys a sentence's figures are indexed under."""
    quantities = indexed_quantities(text)
    return list(index_keys(text, quantities)), sentence_count_keys(text, quantities)


def remove_derived(conn, row: dict) -> None:
    """Take one sentence image out of every derived table."""
    remove_denial(conn, row["id"], row["text"])
    conn.execute("INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', ?, ?)", [row["id"], row["text"]])
    words = sorted(sentence_words(row["text"]))
    conn.executemany("UPDATE term_stats SET documents = documents - 1 WHERE term = ?", [(w,) for w in words])
    conn.executemany("DELETE FROM term_stats WHERE term = ? AND documents <= 0", [(w,) for w in words])
    numbers, counted = _keys(row["text"])
    conn.executemany("DELETE FROM sentence_numbers WHERE value = ? AND unit = ? AND sentence_id = ?",
                     [(value, unit, row["id"]) for value, unit in numbers])
    conn.executemany("DELETE FROM sentence_counts WHERE counted = ? AND sentence_id = ?", [(key, row["id"]) for key in counted])
    conn.execute("DELETE FROM suggested_boilerplate WHERE sentence_id = ?", [row["id"]])


def add_derived(conn, row: dict) -> None:
    """Put one sentence image into every derived table, as ingest does."""
    conn.execute("INSERT INTO sentences_fts (rowid, text) VALUES (?, ?)", [row["id"], row["text"]])
    add_denial(conn, row["id"], row["text"])
    conn.executemany("INSERT INTO term_stats (term, documents) VALUES (?, 1) "
                     "ON CONFLICT (term) DO UPDATE SET documents = documents + 1", [(w,) for w in sorted(sentence_words(row["text"]))])
    numbers, counted = _keys(row["text"])
    conn.executemany("INSERT OR IGNORE INTO sentence_numbers (value, unit, sentence_id) VALUES (?, ?, ?)",
                     [(value, unit, row["id"]) for value, unit in numbers])
    conn.executemany("INSERT OR IGNORE INTO sentence_counts (counted, sentence_id) VALUES (?, ?)",
                     [(key, row["id"]) for key in counted])
    if reason := residue_reason(row["text"]):
        conn.execute("INSERT OR IGNORE INTO suggested_boilerplate (sentence_id, reason) VALUES (?, ?)", [row["id"], reason])
