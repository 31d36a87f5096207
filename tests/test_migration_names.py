"""The migrations' names and order are recorded in users' databases: moving a migration must never change them."""

from __future__ import annotations

from annotator.schema import migrations

RECORDED = [
    "m001_initial", "m002_suggestion_index", "m003_suggestion_index_repair", "m004_source_origin_path",
    "m005_datasette_readable", "m006_source_pages", "m007_suggested_boilerplate", "m008_sentence_counts",
    "m009_several_claims_per_sentence", "m010_sources_done", "m011_boundary_fixes", "m012_assignments",
    "m013_passed_suggestions", "m014_denial_index", "m016_money_counts", "m017_distance_counts",
    "m018_force_counts", "m019_fifth_round_counts", "m020_word_figures", "m021_reread_counts",
    "m022_measure_counts", "m023_compound_figures", "m024_money_totals",
]


def test_migrations_keep_their_recorded_names_and_order():
    assert [migration.name for migration in migrations._migrations][: len(RECORDED)] == RECORDED


def test_only_the_claims_rebuild_runs_outside_a_migration_transaction():
    assert [migration.name for migration in migrations._migrations if not migration.transactional] == [
        "m009_several_claims_per_sentence"
    ]
