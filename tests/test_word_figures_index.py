"""Figures written in words ("four ships", "nine million people", "a dozen") are in the value and counted-keys indexes,
so a claim finds sentences that give its figure, or count its thing, only in words; vague amounts, ordinals and "one"
as a pronoun are not. Older databases get them from the m020 migration."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from annotator.articles import Article
from annotator.ingest import ingest_articles
from annotator.store import Store
from annotator.suggest import suggest
from tests.boundary_helpers import index_rows
from tests.test_claims_migration import RELEASE_DB


def ingested(store: Store, text: str) -> tuple[set, set]:
    """The (value, unit) pairs and counted keys one sentence is indexed under, after a real ingest."""
    ingest_articles(store, [Article(id="a", text=text, origin="test")])
    (sentence_id,) = store.db.execute("SELECT id FROM sentences").fetchone()
    values = set(store.db.execute("SELECT value, unit FROM sentence_numbers WHERE sentence_id = ?", [sentence_id]))
    keys = {row[0] for row in store.db.execute("SELECT counted FROM sentence_counts WHERE sentence_id = ?", [sentence_id])}
    return values, keys


@pytest.mark.parametrize(("text", "value", "key"), [
    ("Four other U.S. ships arrive Wednesday.", 4, "ship"),
    ("UNOCHA says nine million people have been affected.", 9_000_000, "people:affected"),
    ("More than one thousand containers were sent north.", 1_000, "contain"),
    ("Officials counted over six thousand shells.", 6_000, "shell"),
    ("A dozen helicopters landed at the base.", 12, "helicopt"),
    ("Eleven thousand troops joined the effort.", 11_000, "troop"),
])
def test_a_figure_in_words_is_indexed_by_value_and_by_what_it_counts(memory_store, text, value, key):
    values, keys = ingested(memory_store, text)
    assert (value, "") in values
    assert key in keys


@pytest.mark.parametrize("text", ["At least four people were killed in India.", "Five deaths were reported from Tibet.",
                                  "Avalanches killed at least eighteen people at base camp."])
def test_a_small_count_of_people_in_words_is_indexed_by_value_only(memory_store, text):
    values, keys = ingested(memory_store, text)
    assert len(values) == 1
    assert keys == set()


def test_a_small_count_of_people_in_digits_is_still_indexed_by_what_it_counts(memory_store):
    assert ingested(memory_store, "At least 4 people were killed in India.")[1] == {"people:dead"}


def test_figures_in_words_and_in_digits_of_one_sentence_are_both_indexed(memory_store):
    values, keys = ingested(memory_store, "Eleven thousand troops and 2 million people were counted.")
    assert {(11_000, ""), (2_000_000, "")} <= values
    assert {"troop", "people"} <= keys


@pytest.mark.parametrize("text", [
    "Dozens of ships arrived at the port.", "Several hundred people waited for food.", "Hundreds of homes were lost.",
    "A few thousand tents were handed out.", "Tens of thousands of people fled.", "One of the ships sank.",
    "No one was hurt in the blast.", "One day later the roads were open.", "The first ship came on the third day.",
])
def test_vague_amounts_ordinals_and_one_as_a_pronoun_are_not_indexed(memory_store, text):
    assert ingested(memory_store, text) == (set(), set())


def test_a_claim_finds_a_sentence_counting_its_thing_only_in_words(memory_store):
    # The only word shared is too common to fetch by ("port": in 60 other sentences); "ships" and "vessels" are one
    # counted thing, given in words on both sides, so only the counted-keys index brings the other count up.
    noise = " ".join(f"Cargo reached the port on pier {pier}." for pier in range(60))
    ingest_articles(memory_store, [
        Article(id="claim", text="Four U.S. ships arrived at the port.", origin="test"),
        Article(id="other", text="Three vessels reached the port.", origin="test"),
        Article(id="noise", text=noise, origin="test"),
    ])
    found = suggest(memory_store, memory_store.sentence_at("claim", 0), k=5)
    assert ("other", 0) in [(s.sentence.source_id, s.sentence.index) for s in found]
    assert next(s for s in found if s.sentence.source_id == "other").kind == "conflict"


def test_a_claim_finds_an_equal_figure_written_only_in_words(memory_store):
    ingest_articles(memory_store, [
        Article(id="claim", text="Relief agencies say 9,000,000 people need help.", origin="test"),
        Article(id="other", text="UNOCHA reports nine million were affected.", origin="test"),
        Article(id="noise", text="The weather stayed mild. Tickets for the concert sold out.", origin="test"),
    ])
    found = suggest(memory_store, memory_store.sentence_at("claim", 0), k=5)
    assert [(s.sentence.source_id, s.sentence.index) for s in found] == [("other", 0)]
    assert found[0].equal_values


def test_a_database_of_the_old_schema_gets_its_figures_in_words_indexed(tmp_path):
    # The release database was built by a schema (m001-m003) whose value index read figures in digits only.
    path = tmp_path / "old.db"
    shutil.copy(RELEASE_DB, path)
    conn = sqlite3.connect(path)
    (two_years,) = conn.execute("SELECT id FROM sentences WHERE text LIKE 'This activity has been ongoing for two years%'"
                                ).fetchone()
    assert conn.execute("SELECT count(*) FROM sentence_numbers WHERE sentence_id = ?", [two_years]).fetchone() == (0,)
    conn.close()
    with Store(path):
        pass
    numbers, counted = index_rows(path)
    assert (2.0, "", two_years) in numbers
    assert ("year", two_years) in counted


def test_the_m020_backfill_gives_an_older_database_what_ingest_gives_a_new_one(tmp_path):
    path = tmp_path / "story.db"
    texts = {"a": "Four other U.S. ships arrive Wednesday. A dozen helicopters landed. Dozens of people waited.",
             "b": "UNOCHA says nine million people have been affected. One of the ships sank. 300 homes burned."}
    with Store(path) as store:
        ingest_articles(store, [Article(id=key, text=text, origin="test") for key, text in texts.items()])
    ingest_rows = index_rows(path)
    conn = sqlite3.connect(path)
    with conn:  # as a database of schema m019 holds it: only the figures in digits, and no m020 applied
        conn.execute("DELETE FROM sentence_numbers WHERE value != 300")
        conn.execute("DELETE FROM sentence_counts WHERE counted != 'home'")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm020_word_figures'")
    conn.close()
    assert index_rows(path) != ingest_rows
    with Store(path):
        pass
    assert index_rows(path) == ingest_rows
