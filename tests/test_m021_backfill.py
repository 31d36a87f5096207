"""m021: the sixth and seventh rounds changed what two kinds of figure are stored as counting, with no backfill, and this
round reads ordinals, fractions and "half a million" anew; m021 reads those sentences again, found by their words, so
an older database ends as a fresh ingest would make it."""

from __future__ import annotations

import sqlite3

from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.store import Store
from annotator.suggestion_index import REREAD_GLOBS, REREAD_MATCHES
from tests.boundary_helpers import check_derived, index_rows

TOLL = ("Officials say the death toll in the northern districts that the floods cut off last week could reach as "
        "high as 3,000.")
NAVY = "The Navy had sent 300 personnel to the port."
GUARD = "The National Guard has mobilized 1,200 personnel."
ORDINAL = "The 31st MEU landed 15 trucks."
HALF = "Roughly half a million people were left homeless."
FRACTION = "Two-thirds of the homes were destroyed."
FEET = "The rig lies 1300’ northwest of the well."
OTHER = "300 homes burned."
TEXTS = {"a": f"{TOLL} {OTHER} {HALF} {FEET}", "b": f"{NAVY} {GUARD} Canada has sent 300 staff. {ORDINAL} {FRACTION}"}
# What the indexer before the sixth round (9dbaf39) stored for these sentences, where today's differs: measured by
# ingesting them with that commit's code (today's counted key, the old one).
OLD_KEYS = {TOLL: ("people:dead", "high"), NAVY: ("troop", "personnel"), GUARD: ("troop", "personnel")}
# What the indexer before this round (492f6ae) stored besides today's rows, and today's rows it did not: measured alike
# (an ordinal read as 31 counting "st", "two-thirds" as 2 counting "third-home", "half a million" as a million, 1300’ as
# a bare 1300).
OLD_EXTRA = {ORDINAL: ([(31.0, "")], ["st"], []), FRACTION: ([(2.0, "")], ["third-home"], []),
             HALF: ([(1_000_000.0, "")], [], [(500_000.0, "")]), FEET: ([(1300.0, "")], [], [(1300.0, "ft")])}


def _older(path, planted: tuple[str, str] | None = None) -> None:
    """Put back the keys the indexer stored before the sixth round, and unrecord m021, as an older database has it."""
    conn = sqlite3.connect(path)
    with conn:
        for text, (new, old) in OLD_KEYS.items():
            (sentence_id,) = conn.execute("SELECT id FROM sentences WHERE text = ?", [text]).fetchone()
            assert conn.execute("DELETE FROM sentence_counts WHERE counted = ? AND sentence_id = ?",
                                [new, sentence_id]).rowcount == 1
            conn.execute("INSERT INTO sentence_counts (counted, sentence_id) VALUES (?, ?)", [old, sentence_id])
        for text, (numbers, counted, gone) in OLD_EXTRA.items():
            (sentence_id,) = conn.execute("SELECT id FROM sentences WHERE text = ?", [text]).fetchone()
            conn.executemany("INSERT INTO sentence_numbers (value, unit, sentence_id) VALUES (?, ?, ?)",
                             [(value, unit, sentence_id) for value, unit in numbers])
            conn.executemany("INSERT INTO sentence_counts (counted, sentence_id) VALUES (?, ?)",
                             [(key, sentence_id) for key in counted])
            for value, unit in gone:
                assert conn.execute("DELETE FROM sentence_numbers WHERE value = ? AND unit = ? AND sentence_id = ?",
                                    [value, unit, sentence_id]).rowcount == 1
        if planted:
            (sentence_id,) = conn.execute("SELECT id FROM sentences WHERE text = ?", [planted[0]]).fetchone()
            conn.execute("INSERT INTO sentence_counts (counted, sentence_id) VALUES (?, ?)", [planted[1], sentence_id])
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm021_reread_counts'")
    conn.close()


def _ingest(path) -> None:
    with Store(path) as store:
        ingest_articles(store, [Article(id=key, text=text, origin="test") for key, text in TEXTS.items()])


def test_m021_gives_a_database_of_before_the_sixth_round_what_a_fresh_ingest_gives(tmp_path):
    path = tmp_path / "story.db"
    _ingest(path)
    fresh = index_rows(path)
    _older(path)
    assert index_rows(path) != fresh
    with Store(path) as store:  # opening applies m021
        check_derived(store)
    assert index_rows(path) == fresh


def test_m021_reads_only_the_sentences_its_words_find(tmp_path):
    path = tmp_path / "story.db"
    _ingest(path)
    _older(path, planted=(OTHER, "stale"))  # a sentence no rule of the two rounds can change keeps what it has
    with Store(path) as store:
        rows = set(store.db.execute("SELECT counted, t.text FROM sentence_counts c JOIN sentences t ON t.id = c.sentence_id"))
    assert ("stale", OTHER) in rows
    assert ("people:dead", TOLL) in rows and ("high", TOLL) not in rows
    assert ("troop", NAVY) in rows and ("personnel", NAVY) not in rows
    assert ("st", ORDINAL) not in rows and ("third-home", FRACTION) not in rows


def test_the_words_find_every_sentence_whose_stored_keys_the_two_rounds_changed(memory_store):
    # sentences the rules read differently from the indexer before them (measured against 9dbaf39), and ones they don't
    changed = [TOLL, NAVY, GUARD,
               "Local police officials in the Philippines say the death toll in a central province that took the brunt "
               "of Typhoon Haiyan could reach as high as 10,000.",
               "The Army has deployed 500 personnel to the region.", "The Marines dispatched about 200 personnel.",
               "The Coast Guard has deployed 40 personnel and two cutters.",
               "The Army National Guard had sent nearly 2,000 members."]
    unchanged = [OTHER, "Waves as high as 10 meters struck the coast.", "Canada has sent 300 staff."]
    changed += [ORDINAL, HALF, FRACTION, "Ships of the 7th Fleet carried 200 pallets.", "The 3rd MEB came.",
                "The 2d Battalion sent 300 Marines north.", "Three-quarters of the 1,200 residents fled.",
                "Some 2/3 of the homes were lost.", FEET]
    ingest_articles(memory_store, [Article(id=f"s{i}", text=text, origin="test") for i, text in enumerate(changed + unchanged)])
    found = set()
    for match in REREAD_MATCHES:
        found |= {row[0] for row in memory_store.db.execute(
            "SELECT t.text FROM sentences_fts f JOIN sentences t ON t.id = f.rowid WHERE sentences_fts MATCH ?", [match])}
    for glob in REREAD_GLOBS:
        found |= {row[0] for row in memory_store.db.execute("SELECT text FROM sentences WHERE text GLOB ?", [glob])}
    assert set(changed) <= found
    assert not found & set(unchanged)
