"""The database schema, as sqlite-utils migrations applied in order on every open; the migrations live by kind in
schema_initial, schema_tables, schema_suggestion_index, schema_counts and one module per later round."""

from __future__ import annotations

from annotator.schema_counts import (
    m008_sentence_counts,
    m016_money_counts,
    m017_distance_counts,
    m018_force_counts,
    m019_fifth_round_counts,
    m021_reread_counts,
)
from annotator.schema_eighth_round import m022_measure_counts
from annotator.schema_initial import m001_initial
from annotator.schema_suggestion_index import (
    m002_suggestion_index,
    m003_suggestion_index_repair,
    m014_denial_index,
    m020_word_figures,
)
from annotator.schema_tables import (
    m004_source_origin_path,
    m005_datasette_readable,
    m006_source_pages,
    m007_suggested_boilerplate,
    m009_several_claims_per_sentence,
    m010_sources_done,
    m011_boundary_fixes,
    m012_assignments,
    m013_passed_suggestions,
)
from annotator.schema_tenth_round import m023_compound_figures
from annotator.schema_thirteenth_round import m024_money_totals
from annotator.sqlite_library import Database, Migrations

# In the order they apply. Each is recorded in a database under its function's name, so a name never changes;
# a new migration takes the next free number (m015 was never used).
MIGRATIONS = (
    m001_initial,
    m002_suggestion_index,
    m003_suggestion_index_repair,
    m004_source_origin_path,
    m005_datasette_readable,
    m006_source_pages,
    m007_suggested_boilerplate,
    m008_sentence_counts,
    m009_several_claims_per_sentence,
    m010_sources_done,
    m011_boundary_fixes,
    m012_assignments,
    m013_passed_suggestions,
    m014_denial_index,
    m016_money_counts,
    m017_distance_counts,
    m018_force_counts,
    m019_fifth_round_counts,
    m020_word_figures,
    m021_reread_counts,
    m022_measure_counts,
    m023_compound_figures,
    m024_money_totals,
)
# Migrations that manage their own transaction: m009 must turn foreign keys off, which a transaction ignores.
NOT_TRANSACTIONAL = frozenset({m009_several_claims_per_sentence})

migrations = Migrations("annotator")
for _migration in MIGRATIONS:
    migrations(transactional=_migration not in NOT_TRANSACTIONAL)(_migration)


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

