"""Equal values of an uncommon figure are looked for in the sentences the value index lists for it, and in those whose
figures the index may miss (`index_may_miss`): the same equal values as reading every candidate's figures."""

from __future__ import annotations

import pytest

from annotator.numbers import find_quantities, index_keys
from annotator.store import SENTENCE_COLUMNS, Sentence
from annotator.suggestion_retrieval import index_may_miss
from bench.evidence_gold import seeds_database
from bench.story_gold import story_database


@pytest.mark.parametrize("text", ["Two men were hurt.", "Output rose sevenfold.", "A dozen homes burned.",
                                  "Between 10 and 20 people.", "Prices of $5 to $10 a day.", "10-20 people were hurt.",
                                  "Thousands of people fled.", "In Zürich, 455 people marched.", "5 million to 6 million"])
def test_figures_the_index_may_miss_are_flagged(text):
    assert index_may_miss(text)


@pytest.mark.parametrize("text", ["Shares of Globex jumped 7.49 percent to $70.89 in early trading.",
                                  "A group of 455 residents signed.", "The often tense talks ended.", "No figure here."])
def test_figures_the_index_lists_are_not_flagged(text):
    assert not index_may_miss(text)


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    """Every sentence of both evaluation stories and the seeds: real news prose."""
    found = []
    for name in ("haiti-2010", "nepal-2015"):
        store = story_database(tmp_path_factory.mktemp(name) / "story.db", name)[0]
        found += [Sentence(*row).text for row in store.db.execute(f"SELECT {SENTENCE_COLUMNS} FROM sentences t")]
        store.close()
    store = seeds_database(tmp_path_factory.mktemp("seeds") / "seeds.db")[0]
    found += [row[0] for row in store.db.execute("SELECT text FROM sentences")]
    store.close()
    return found


def test_a_sentence_not_flagged_has_every_single_value_in_the_index(texts):
    unflagged = [text for text in texts if not index_may_miss(text)]
    assert len(unflagged) > 100
    for text in unflagged:
        indexed = {value for value, _ in index_keys(text)}
        assert {q.low for q in find_quantities(text) if not q.is_range} <= indexed, text
