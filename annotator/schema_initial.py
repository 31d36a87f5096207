"""Schema version 1 (migration m001): the tables a new database starts with, and the splitter of schema scripts."""

from __future__ import annotations

import sqlite3

from annotator.sqlite_library import Database

SCHEMA_V1 = """
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    title TEXT, outlet TEXT, url TEXT, published TEXT, retrieved TEXT,
    language TEXT NOT NULL DEFAULT 'en',
    extra TEXT NOT NULL DEFAULT '{}',
    origin TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (id, version) REFERENCES source_versions (source_id, version) DEFERRABLE INITIALLY DEFERRED
);
-- Every text a source has had; sentences and annotations of old versions are kept.
CREATE TABLE source_versions (
    source_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    PRIMARY KEY (source_id, version)
);
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (source_id, version, idx),
    FOREIGN KEY (source_id, version) REFERENCES source_versions (source_id, version)
);
-- External-content index: the text lives once, in sentences; annotation state lives elsewhere.
CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text, content='sentences', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE annotators (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE boilerplate (
    sentence_id INTEGER NOT NULL REFERENCES sentences (id),
    annotator TEXT NOT NULL REFERENCES annotators (name),
    created_at TEXT NOT NULL,
    PRIMARY KEY (sentence_id, annotator)
);
-- AUTOINCREMENT: an undone deletion restores the row under its old id, so ids are never reused.
CREATE TABLE claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sentence_id INTEGER NOT NULL REFERENCES sentences (id),
    annotator TEXT NOT NULL REFERENCES annotators (name),
    span_start INTEGER,
    span_end INTEGER,
    claim_type TEXT,
    normalized TEXT,
    verdict TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (sentence_id, annotator)
);
CREATE TABLE links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    evidence_sentence_id INTEGER NOT NULL REFERENCES sentences (id),
    relation TEXT NOT NULL,
    evidence_set INTEGER,
    note TEXT,
    annotator TEXT NOT NULL REFERENCES annotators (name),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (claim_id, evidence_sentence_id)
);
CREATE INDEX links_evidence ON links (evidence_sentence_id);
-- Where each annotator is in each source: the furthest sentence read counts as reviewed.
CREATE TABLE positions (
    source_id TEXT NOT NULL REFERENCES sources (id),
    annotator TEXT NOT NULL REFERENCES annotators (name),
    current_idx INTEGER NOT NULL DEFAULT 0,
    furthest_idx INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (source_id, annotator)
);
-- Who settled a gold label, when and why.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    reason TEXT,
    payload TEXT NOT NULL DEFAULT '{}'
);
-- Append-only journal of every annotation action: undo/redo across restarts, and the audit trail.
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    annotator TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
    action TEXT NOT NULL,
    target_id INTEGER REFERENCES actions (id),
    changes TEXT NOT NULL DEFAULT '[]'  -- JSON: [table, key, row before, row after] per row touched
);
CREATE TRIGGER actions_append_only_update BEFORE UPDATE ON actions
BEGIN SELECT RAISE(ABORT, 'the action journal is append-only'); END;
CREATE TRIGGER actions_append_only_delete BEFORE DELETE ON actions
BEGIN SELECT RAISE(ABORT, 'the action journal is append-only'); END;
"""


def m001_initial(db: Database) -> None:
    """Sources with versions, sentences with a full-text index, and the annotation tables."""
    for statement in script_statements(SCHEMA_V1):
        db.execute(statement)


def script_statements(script: str) -> list[str]:
    """Split a schema script into whole statements (triggers included) with SQLite's own test."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if line.startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
