"""The fact-checker's rules added for the fourteenth round of issue 12 (claims with no corroborating sentence in the
top 5, measured with bench/corroboration_misses.py): one test each, on sentences written for them (not the bench
stories)."""

from __future__ import annotations

from annotator.articles import Article
from annotator.comparison import Comparison
from annotator.ingest import ingest_articles
from annotator.numbers import find_quantities
from annotator.store import Sentence
from annotator.suggest import rank, suggest
from annotator.suggestion import Suggestion

CLAIM = "The well leaks 1,000 barrels a day at a depth of 5,000 feet."


def _sentence(n: int, source: str, text: str) -> Sentence:
    return Sentence(n, source, 1, 0, 0, len(text), text)


def test_each_figure_of_the_claim_some_sentence_agrees_with_is_shown_in_the_first_half():
    # Nine sentences give the flow at other times, with more words in common; one gives the same depth. Without the
    # rule the depth's one agreeing sentence would be tenth; it takes the fifth place, the updates keep the rest.
    flow, depth = find_quantities(CLAIM)
    updates = []
    for i, figure in enumerate(range(2000, 11000, 1000)):
        other = find_quantities(f"The well leaked {figure:,} barrels a day.")[0]
        updates.append(Suggestion(_sentence(i, f"later{i}", f"By then the well leaked {figure:,} barrels a day."),
                                  10.0 - i / 10, comparisons=(Comparison("update", flow, other),)))
    here = find_quantities("Robots work 5000' below the surface.")[0]
    same_depth = Suggestion(_sentence(50, "depth", "Robots work 5000' below the surface."), 3.0,
                            comparisons=(Comparison("match", depth, here),))
    top = rank(updates + [same_depth], 10)
    assert [s.sentence.id for s in top[:5]] == [0, 1, 2, 3, 50]
    assert len(top) == 10 and {s.sentence.id for s in top} == {*range(9), 50}


def test_a_figure_already_agreed_with_in_the_first_half_moves_nothing():
    flow, _ = find_quantities(CLAIM)
    same = [Suggestion(_sentence(i, f"same{i}", "The well leaks 1,000 barrels a day."), 10.0 - i,
                       comparisons=(Comparison("match", flow, flow),)) for i in range(8)]
    assert rank(same, 10) == same


def test_a_depth_written_with_a_foot_mark_is_compared_with_one_written_in_feet(memory_store):
    # "5000'" has no word for its unit, so the cheap check that a sentence speaks of what the claim measures (a word
    # for feet or metres among its words) would skip it; a measure in the claim's unit is compared however written.
    ingest_articles(memory_store, [
        Article(id="a", text=CLAIM, origin="test"),
        Article(id="b", text="Robots will apply dispersant at the source, 5000' below the surface.", origin="test"),
    ])
    by_source = {s.sentence.source_id: s for s in suggest(memory_store, memory_store.sentence_at("a", 0), k=5)}
    assert by_source["b"].kind == "match"
    assert by_source["b"].reasons()[0] == "same figure: 5,000 feet = 5000' below"
