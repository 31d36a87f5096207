"""Migrations that build and backfill the evidence-suggestion index: word and quantity tables, denials, figures in words (m002, m003, m014, m020)."""

from __future__ import annotations

from annotator.schema_initial import script_statements
from annotator.sqlite_library import Database


def m002_suggestion_index(db: Database) -> None:
    """Sentence counts per word and quantities by value, for evidence suggestions; backfilled from the sentences."""
    from annotator.suggestion_index import index_new_sentences

    db.execute("CREATE TABLE term_stats (term TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID")
    db.execute(
        "CREATE TABLE sentence_numbers (value REAL NOT NULL, unit TEXT NOT NULL, "
        "sentence_id INTEGER NOT NULL REFERENCES sentences (id), PRIMARY KEY (value, unit, sentence_id)) WITHOUT ROWID"
    )
    index_new_sentences(db.conn, with_counts=False)


def m003_suggestion_index_repair(db: Database) -> None:
    """Databases made while m002 still built an fts5vocab table get term_stats: rebuild both suggestion tables."""
    if "term_stats" in db.table_names():
        return
    db.execute("DROP TABLE IF EXISTS sentences_vocab")
    db.execute("DROP TABLE IF EXISTS sentence_numbers")
    m002_suggestion_index(db)


DENIAL_INDEX = """
CREATE TABLE IF NOT EXISTS denial_index (cues TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sentence_denials (sentence_id INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS denials_fts USING fts5 (text, content='', tokenize='unicode61 remove_diacritics 2');
"""


def m014_denial_index(db: Database) -> None:
    """A full-text index of only the sentences that deny something (`denials_fts`), backfilled: the engine's
    denial lookup then reads a few thousand sentences' postings instead of every cue word's."""
    from annotator.suggestion_index import index_denials

    for statement in script_statements(DENIAL_INDEX):
        db.execute(statement)
    index_denials(db.conn)


def m020_word_figures(db: Database) -> None:
    """Figures written in words ("four ships", "nine million people", "a dozen") in the value and counted-keys
    indexes, like figures in digits: backfilled for the sentences holding a number word."""
    from annotator.suggestion_index import index_word_figures

    index_word_figures(db.conn)
