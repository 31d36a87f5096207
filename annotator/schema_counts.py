"""Migrations that make and backfill sentence_counts, the counted-keys index, one round of rules each (m008, m016-m019, m021)."""

from __future__ import annotations

from annotator.sqlite_library import Database


def m008_sentence_counts(db: Database) -> None:
    """What each quantity counts (counted noun keys), to find sentences that count the same thing whatever the value."""
    from annotator.suggestion_index import index_counts

    db.execute("DROP TABLE IF EXISTS sentence_counts")  # a development build may have made it under another name
    db.execute(
        "CREATE TABLE sentence_counts (counted TEXT NOT NULL, sentence_id INTEGER NOT NULL REFERENCES sentences (id), "
        "PRIMARY KEY (counted, sentence_id)) WITHOUT ROWID"
    )
    index_counts(db.conn)


def m016_money_counts(db: Database) -> None:
    """Sums of money indexed by what they pay for ("$63.3 million in assistance" -> aid), like every other count."""
    from annotator.suggestion_index import index_money_counts

    index_money_counts(db.conn)


def m017_distance_counts(db: Database) -> None:
    """Distances along a bearing indexed as one counted thing ("80 kilometers east of", "50 miles northeast of")."""
    from annotator.suggestion_index import index_distance_counts

    index_distance_counts(db.conn)


def m018_force_counts(db: Database) -> None:
    """A force's people words counted as its troops, a crew's members as people, a verb after a figure as no thing."""
    from annotator.suggestion_index import index_force_counts

    index_force_counts(db.conn)


def m019_fifth_round_counts(db: Database) -> None:
    """Vessels counted as ships, refugees as the displaced, a place's population, lengths in feet or metres by their thing."""
    from annotator.suggestion_index import index_fifth_round_counts

    index_fifth_round_counts(db.conn)


def m021_reread_counts(db: Database) -> None:
    """The sixth and seventh rounds' readings, which no migration backfilled (a figure a toll reaches counts the toll's
    thing, a count of personnel a military name deployed is of troops), and this round's (an ordinal or a fraction is no
    count, "half a million" is 500,000, a foot mark is feet). The sentences full-text queries and GLOBs find are read again, their stale rows
    replaced."""
    from annotator.suggestion_index import reread_quantities

    reread_quantities(db.conn)
