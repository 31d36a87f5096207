"""The fact-checker's rules added for the eighth round of issue 12 (tohoku-2011's misses, tuned on): one test each, on
sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.comparison import compare

MAY_2 = date(2031, 5, 2)
MAY_9 = date(2031, 5, 9)


def comparisons(a: str, a_published: date | None, b: str, b_published: date | None, **options):
    return [(c.kind, c.confident) for c in compare(a, a_published, b, b_published, **options)]


def test_a_magnitude_given_to_a_tenth_holds_only_its_rounding():
    from annotator.figure_values import interval
    from annotator.numbers import find_quantities

    # 6.0 holds 5.95 up to 6.05, not with it: 5.9 and 6.0 are two estimates, not one figure that both round to 5.95
    low, high = interval(find_quantities("a 6.0-magnitude quake")[0])
    assert (low, round(high, 4)) == (5.95, 6.05) and high < 6.05
    assert comparisons("A 6.0-magnitude quake struck the islands.", MAY_9,
                       "A 5.9 magnitude quake struck the islands.", MAY_2) == [("conflict", True)]
    assert comparisons("A magnitude 4.1 quake shook the valley.", MAY_2,
                       "A magnitude 4.2 quake shook the valley.", MAY_2) == [("conflict", True)]
    assert comparisons("A 6.0-magnitude quake struck the islands.", MAY_9,
                       "A magnitude 6.0 quake struck the islands.", MAY_2) == [("match", False)]


def test_a_whole_magnitude_beside_the_same_one_given_to_a_tenth_is_that_figure():
    from annotator.figure_values import tenths_given

    story = ["A 6.0-magnitude quake struck the islands on Sunday.", "Aid flights resumed on Monday."]
    assert tenths_given(story) == frozenset({6.0})
    whole = "Shelters filled after Sunday's 6-magnitude quake."
    rival = "A 5.9 magnitude quake struck the islands."
    assert comparisons(whole, MAY_9, rival, MAY_2, tenths=tenths_given(story)) == [("conflict", True)]
    assert comparisons(rival, MAY_2, whole, MAY_9, tenths=tenths_given(story)) == [("conflict", True)]
    assert comparisons(whole, MAY_9, "A 6.0-magnitude quake hit.", MAY_2, tenths=tenths_given(story)) == [
        ("match", False)]
    # with no 6.0 in the story a whole figure keeps its rounding, and a figure further off is what a reporter rounds
    assert comparisons(whole, MAY_9, rival, MAY_2) == [("match", False)]
    assert comparisons(whole, MAY_9, "A 6.4 magnitude quake struck the islands.", MAY_2,
                       tenths=tenths_given(story)) == [("match", False)]


def test_suggest_reads_a_whole_magnitude_as_the_tenth_the_other_sources_give(memory_store):
    from tests.test_conflict_rules import _store

    from annotator.suggest import suggest

    store = _store(memory_store, {
        "whole": "Shelters on Varno island filled after Sunday's 6-magnitude earthquake.",
        "tenth": "A 6.0-magnitude earthquake struck Varno island on Sunday, the observatory said.",
        "rival": "A 5.9 magnitude earthquake struck Varno island on Sunday, the survey said.",
    })
    ranked = {s.sentence.source_id: s for s in suggest(store, store.sentence_at("whole", 0), k=5)}
    assert ranked["rival"].kind == "conflict" and ranked["tenth"].kind == "match"
