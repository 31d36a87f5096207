"""Migrations that add or rebuild tables and views after version 1 (m004-m007, m009-m013)."""

from __future__ import annotations

import sqlite3

from annotator.schema_initial import script_statements
from annotator.sqlite_library import Database


def m004_source_origin_path(db: Database) -> None:
    """Where each source's current text was read from, resolved, so a different file with the same stem is noticed."""
    db.execute("ALTER TABLE sources ADD COLUMN origin_path TEXT")


READABLE_VIEWS = """
-- Claims with their sentence, source and annotator, for people browsing the database (Datasette, sqlite3).
CREATE VIEW claims_with_text AS
SELECT c.id AS claim_id, c.annotator, t.source_id, s.title AS source_title, s.outlet AS source_outlet, s.url AS source_url,
       t.version, t.version = s.version AS on_current_version, t.idx AS sentence_index, t.text AS sentence_text,
       CASE WHEN c.span_start IS NULL THEN NULL ELSE substr(t.text, c.span_start - t.start + 1, c.span_end - c.span_start) END AS span_text,
       c.claim_type, c.verdict, c.normalized, c.note,
       (SELECT count(*) FROM links l WHERE l.claim_id = c.id) AS links,
       c.created_at, c.updated_at, c.sentence_id
FROM claims c JOIN sentences t ON t.id = c.sentence_id JOIN sources s ON s.id = t.source_id;
-- Links with both sentences' text and sources, and the annotator.
CREATE VIEW links_with_text AS
SELECT l.id AS link_id, l.annotator, l.relation, l.evidence_set, l.claim_id,
       ct.source_id AS claim_source_id, cs.title AS claim_source_title, ct.version AS claim_version,
       ct.idx AS claim_sentence_index, ct.text AS claim_text,
       et.source_id AS evidence_source_id, es.title AS evidence_source_title, et.version AS evidence_version,
       et.idx AS evidence_sentence_index, et.text AS evidence_text,
       c.verdict AS claim_verdict, l.note, l.created_at, l.updated_at, c.sentence_id AS claim_sentence_id, l.evidence_sentence_id
FROM links l JOIN claims c ON c.id = l.claim_id
JOIN sentences ct ON ct.id = c.sentence_id JOIN sources cs ON cs.id = ct.source_id
JOIN sentences et ON et.id = l.evidence_sentence_id JOIN sources es ON es.id = et.source_id;
"""


def m005_datasette_readable(db: Database) -> None:
    """The FTS table names its content table as sqlite-utils writes it (`content=[sentences]`, which Datasette
    detects; the quoted `'sentences'` of m001 it does not), rebuilt from the sentences; and two readable views."""
    db.execute("DROP TABLE sentences_fts")
    db.execute(
        "CREATE VIRTUAL TABLE sentences_fts USING fts5 "
        "(text, content=[sentences], content_rowid=[id], tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild')")
    db.execute("DROP VIEW IF EXISTS claims_with_text")  # a database made while this migration had another number
    db.execute("DROP VIEW IF EXISTS links_with_text")
    for statement in script_statements(READABLE_VIEWS):
        db.execute(statement)


def m006_source_pages(db: Database) -> None:
    """The HTML page each version of a web source was extracted from, byte for byte, for provenance."""
    db.execute(
        """CREATE TABLE source_pages (
            source_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            raw BLOB NOT NULL,
            sha256 TEXT NOT NULL,
            content_type TEXT,
            requested_url TEXT,
            final_url TEXT,
            retrieved_at TEXT,
            extractor TEXT NOT NULL,
            PRIMARY KEY (source_id, version),
            FOREIGN KEY (source_id, version) REFERENCES source_versions (source_id, version)
        )"""
    )


def m007_suggested_boilerplate(db: Database) -> None:
    """Scrape residue spotted at ingest (a hint that hides nothing), and the hints each annotator rejected."""
    from annotator.boilerplate_hints import suggest_for_new_sentences

    db.execute(
        "CREATE TABLE suggested_boilerplate (sentence_id INTEGER PRIMARY KEY REFERENCES sentences (id), "
        "reason TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE boilerplate_rejections (sentence_id INTEGER NOT NULL REFERENCES sentences (id), "
        "annotator TEXT NOT NULL REFERENCES annotators (name), created_at TEXT NOT NULL, "
        "PRIMARY KEY (sentence_id, annotator))"
    )
    suggest_for_new_sentences(db.conn)


CLAIMS_V2 = """
CREATE TABLE claims_v2 (
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
    updated_at TEXT NOT NULL
)
"""


def m009_several_claims_per_sentence(db: Database) -> None:
    """A sentence may hold several claims of one annotator (each its own span): the claims table loses its UNIQUE.

    SQLite cannot drop a constraint, so the table is rebuilt the way SQLite's manual says (foreign keys off,
    new table, copy, drop, rename, check, in one transaction), keeping every row, id and the AUTOINCREMENT
    high-water mark: ids are never reused, since undo restores rows under their old ids.
    """
    db.conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction, so set before it
    try:
        with db.atomic():
            if "UNIQUE" not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'claims'").fetchone()[0]:
                return  # rebuilt already; only the record of it was missing
            sequence = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'claims'").fetchone()
            db.execute("DROP VIEW IF EXISTS claims_with_text")  # views on claims block the rename; made again below
            db.execute("DROP VIEW IF EXISTS links_with_text")
            db.execute(CLAIMS_V2)
            db.execute("INSERT INTO claims_v2 SELECT id, sentence_id, annotator, span_start, span_end, claim_type, "
                       "normalized, verdict, note, created_at, updated_at FROM claims")
            db.execute("DROP TABLE claims")
            db.execute("ALTER TABLE claims_v2 RENAME TO claims")
            db.execute("CREATE INDEX claims_sentence ON claims (sentence_id, annotator)")
            db.execute("CREATE INDEX claims_annotator ON claims (annotator)")
            if sequence is not None:
                db.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'claims'", [sequence[0]])
            for statement in script_statements(READABLE_VIEWS):
                db.execute(statement)
            if db.execute("PRAGMA foreign_key_check").fetchone():
                raise sqlite3.IntegrityError("rebuilding the claims table broke a foreign key")
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")


def m010_sources_done(db: Database) -> None:
    """Which annotator declared which source done: agreement and review compare annotators only there."""
    db.execute("DROP TABLE IF EXISTS sources_done")  # a development build may have made it under another number
    db.execute(
        "CREATE TABLE sources_done (source_id TEXT NOT NULL REFERENCES sources (id), "
        "annotator TEXT NOT NULL REFERENCES annotators (name), created_at TEXT NOT NULL, "
        "PRIMARY KEY (source_id, annotator))"
    )


def m011_boundary_fixes(db: Database) -> None:
    """Sentence boundaries fixed by hand, anchored by the text around them, so a corrected article gets them again."""
    db.execute("DROP TABLE IF EXISTS boundary_fixes")  # a development build may have made it under another number
    db.execute(
        """CREATE TABLE boundary_fixes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id TEXT NOT NULL REFERENCES sources (id),
            version INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('split', 'join')),
            "offset" INTEGER NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL,
            annotator TEXT NOT NULL REFERENCES annotators (name),
            created_at TEXT NOT NULL,
            carried TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute("CREATE INDEX boundary_fixes_source ON boundary_fixes (source_id, version)")


def m012_assignments(db: Database) -> None:
    """Who is to annotate which source (the lead's plan); `agree --assigned` compares annotators on it."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS assignments (source_id TEXT NOT NULL REFERENCES sources (id), "
        "annotator TEXT NOT NULL REFERENCES annotators (name), assigned_by TEXT NOT NULL, created_at TEXT NOT NULL, "
        "PRIMARY KEY (source_id, annotator))"
    )


def m013_passed_suggestions(db: Database) -> None:
    """Suggestions an annotator was shown for a claim in link mode and did not link: hard negatives for training.

    No foreign keys: a claim removed (and perhaps brought back by undo under its id) or a sentence a boundary
    fix took away must not be blocked by these rows; exports join them to the claims and sentences that exist.
    """
    db.execute(
        "CREATE TABLE IF NOT EXISTS passed_suggestions (claim_id INTEGER NOT NULL, sentence_id INTEGER NOT NULL, "
        "annotator TEXT NOT NULL, rank INTEGER NOT NULL, shown_at TEXT NOT NULL, PRIMARY KEY (claim_id, sentence_id))"
    )
