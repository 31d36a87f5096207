"""The database schema, as sqlite-utils migrations applied in order on every open."""

from __future__ import annotations

import sqlite3

from annotator.sqlite_library import Database, Migrations

migrations = Migrations("annotator")

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


@migrations()
def m001_initial(db: Database) -> None:
    """Sources with versions, sentences with a full-text index, and the annotation tables."""
    for statement in _statements(SCHEMA_V1):
        db.execute(statement)


def _statements(script: str) -> list[str]:
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


def schema_number(name: str) -> int:
    """The schema version a migration brings a database to: m003_x is schema 3."""
    return int(name[1:4])


def check_schema(db: Database, path, readonly: bool = False) -> None:
    """Refuse a database this annotator cannot use as it is: another program's, a newer schema, or one it may not upgrade."""
    from annotator import __version__
    from annotator.database_errors import NeedsUpgrade, NewerDatabase, NotADatabase

    known = [migration.name for migration in migrations._migrations]
    applied = [migration.name for migration in migrations.applied(db)]
    unknown = [name for name in applied if name not in known]
    ours = f"annotator {__version__} knows schema versions up to {schema_number(known[-1])}"
    if unknown and max(map(schema_number, unknown)) <= schema_number(known[-1]):
        raise NewerDatabase(f"was made by another build of annotator: it has the migration {', '.join(unknown)}, "
                            f"which annotator {__version__} does not know; use the annotator that made it", path)
    if unknown:
        raise NewerDatabase(f"was made by a newer annotator: it has schema version {max(map(schema_number, unknown))} "
                            f"({', '.join(unknown)}), but {ours}; upgrade annotator to use it", path)
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'")]
    if not applied and tables:
        raise NotADatabase(f"is an SQLite database but not an annotator one (it holds {', '.join(sorted(tables)[:3])}"
                           f"{', ...' if len(tables) > 3 else ''}); check --db", path)
    if readonly and len(applied) < len(known):
        raise NeedsUpgrade(f"is read-only and has schema version {schema_number(applied[-1]) if applied else 0}, but {ours}; "
                               "open it once where it can be written to upgrade it", path)


def apply_migrations(db: Database) -> None:
    """Bring the schema up to date; each migration is its own transaction.

    A new database's migrations commit without a sync each (synchronous NORMAL in WAL mode: a power cut can only
    take back whole migrations of a file that holds no data yet, and the next open applies them again); the
    first FULL commit or checkpoint after them syncs them all. Creating a database took two dozen syncs.
    """
    new = not migrations.applied(db)
    if new:
        db.execute("PRAGMA synchronous = NORMAL")
    try:
        migrations.apply(db)
    finally:
        if new:
            db.execute("PRAGMA synchronous = FULL")


DENIAL_INDEX = """
CREATE TABLE IF NOT EXISTS denial_index (cues TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sentence_denials (sentence_id INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS denials_fts USING fts5 (text, content='', tokenize='unicode61 remove_diacritics 2');
"""


@migrations()
def m002_suggestion_index(db: Database) -> None:
    """Sentence counts per word and quantities by value, for evidence suggestions; backfilled from the sentences."""
    from annotator.suggestion_index import index_new_sentences

    db.execute("CREATE TABLE term_stats (term TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID")
    db.execute(
        "CREATE TABLE sentence_numbers (value REAL NOT NULL, unit TEXT NOT NULL, "
        "sentence_id INTEGER NOT NULL REFERENCES sentences (id), PRIMARY KEY (value, unit, sentence_id)) WITHOUT ROWID"
    )
    index_new_sentences(db.conn, with_counts=False)


@migrations()
def m003_suggestion_index_repair(db: Database) -> None:
    """Databases made while m002 still built an fts5vocab table get term_stats: rebuild both suggestion tables."""
    if "term_stats" in db.table_names():
        return
    db.execute("DROP TABLE IF EXISTS sentences_vocab")
    db.execute("DROP TABLE IF EXISTS sentence_numbers")
    m002_suggestion_index(db)


@migrations()
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


@migrations()
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
    for statement in _statements(READABLE_VIEWS):
        db.execute(statement)


@migrations()
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


@migrations()
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


@migrations()
def m008_sentence_counts(db: Database) -> None:
    """What each quantity counts (counted noun keys), to find sentences that count the same thing whatever the value."""
    from annotator.suggestion_index import index_counts

    db.execute("DROP TABLE IF EXISTS sentence_counts")  # a development build may have made it under another name
    db.execute(
        "CREATE TABLE sentence_counts (counted TEXT NOT NULL, sentence_id INTEGER NOT NULL REFERENCES sentences (id), "
        "PRIMARY KEY (counted, sentence_id)) WITHOUT ROWID"
    )
    index_counts(db.conn)


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


@migrations(transactional=False)
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
            for statement in _statements(READABLE_VIEWS):
                db.execute(statement)
            if db.execute("PRAGMA foreign_key_check").fetchone():
                raise sqlite3.IntegrityError("rebuilding the claims table broke a foreign key")
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")


@migrations()
def m010_sources_done(db: Database) -> None:
    """Which annotator declared which source done: agreement and review compare annotators only there."""
    db.execute("DROP TABLE IF EXISTS sources_done")  # a development build may have made it under another number
    db.execute(
        "CREATE TABLE sources_done (source_id TEXT NOT NULL REFERENCES sources (id), "
        "annotator TEXT NOT NULL REFERENCES annotators (name), created_at TEXT NOT NULL, "
        "PRIMARY KEY (source_id, annotator))"
    )


@migrations()
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


@migrations()
def m012_assignments(db: Database) -> None:
    """Who is to annotate which source (the lead's plan); `agree --assigned` compares annotators on it."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS assignments (source_id TEXT NOT NULL REFERENCES sources (id), "
        "annotator TEXT NOT NULL REFERENCES annotators (name), assigned_by TEXT NOT NULL, created_at TEXT NOT NULL, "
        "PRIMARY KEY (source_id, annotator))"
    )



@migrations()
def m013_passed_suggestions(db: Database) -> None:
    """Suggestions an annotator was shown for a claim in link mode and did not link: hard negatives for training.

    No foreign keys: a claim removed (and perhaps brought back by undo under its id) or a sentence a boundary
    fix took away must not be blocked by these rows; exports join them to the claims and sentences that exist.
    """
    db.execute(
        "CREATE TABLE IF NOT EXISTS passed_suggestions (claim_id INTEGER NOT NULL, sentence_id INTEGER NOT NULL, "
        "annotator TEXT NOT NULL, rank INTEGER NOT NULL, shown_at TEXT NOT NULL, PRIMARY KEY (claim_id, sentence_id))"
    )


@migrations()
def m014_denial_index(db: Database) -> None:
    """A full-text index of only the sentences that deny something (`denials_fts`), backfilled: the engine's
    denial lookup then reads a few thousand sentences' postings instead of every cue word's."""
    from annotator.suggestion_index import index_denials

    for statement in _statements(DENIAL_INDEX):
        db.execute(statement)
    index_denials(db.conn)


@migrations()
def m016_money_counts(db: Database) -> None:
    """Sums of money indexed by what they pay for ("$63.3 million in assistance" -> aid), like every other count."""
    from annotator.suggestion_index import index_money_counts

    index_money_counts(db.conn)


@migrations()
def m017_distance_counts(db: Database) -> None:
    """Distances along a bearing indexed as one counted thing ("80 kilometers east of", "50 miles northeast of")."""
    from annotator.suggestion_index import index_distance_counts

    index_distance_counts(db.conn)


@migrations()
def m018_force_counts(db: Database) -> None:
    """A force's people words counted as its troops, a crew's members as people, a verb after a figure as no thing."""
    from annotator.suggestion_index import index_force_counts

    index_force_counts(db.conn)


@migrations()
def m019_fifth_round_counts(db: Database) -> None:
    """Vessels counted as ships, refugees as the displaced, a place's population, lengths in feet or metres by their thing."""
    from annotator.suggestion_index import index_fifth_round_counts

    index_fifth_round_counts(db.conn)
