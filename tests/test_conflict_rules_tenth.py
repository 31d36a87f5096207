"""The fact-checker's rules added for the tenth round of issue 12 (gold clashes not flagged in the top 10, measured
with bench/clash_misses.py): one test each, on sentences written for them (not the bench stories)."""

from __future__ import annotations

from datetime import date

from annotator.comparison import Comparison, compare
from annotator.numbers import find_quantities
from annotator.store import Sentence
from annotator.suggest import rank
from annotator.suggestion import Suggestion


def _sentence(n: int, source: str, text: str) -> Sentence:
    return Sentence(n, source, 1, 0, 0, len(text), text)


def test_updates_from_sources_not_yet_in_view_take_the_lower_half_of_the_top_ten():
    # Eight sentences agree with the claim's toll ("120 dead") with more evidence; four other outlets give the toll
    # at another time, each its one figure for it. The first half stays the best evidence; the lower half shows how
    # the figure moved, one voice per outlet, rather than the sixth to tenth agreeing sentence.
    claim = find_quantities("The flood killed 120 people.")[0]
    agree = [Suggestion(_sentence(i, f"agree{i}", f"The flood killed 120 people, said outlet {i}."), 10.0 - i / 10,
                        comparisons=(Comparison("match", claim, claim),)) for i in range(8)]
    updates = []
    for i, figure in enumerate((150, 180, 210, 260)):
        other = find_quantities(f"The flood has killed {figure} people.")[0]
        updates.append(Suggestion(_sentence(100 + i, f"later{i}", f"By Friday the flood had killed {figure} people."),
                                  5.0 - i / 10, comparisons=(Comparison("update", claim, other),)))
    top = rank(agree + updates, 10)
    assert [s.sentence.id for s in top[:5]] == [0, 1, 2, 3, 4]
    assert {s.sentence.id for s in top if s.kind == "update"} == {100, 101, 102, 103}
    assert len(top) == 10


MARCH_3, MARCH_9 = date(2031, 3, 3), date(2031, 3, 9)


def kinds(a: str, a_published: date | None, b: str, b_published: date | None):
    return [(c.kind, c.claim.text, c.other.text) for c in compare(a, a_published, b, b_published)]


def test_taking_part_in_the_response_told_in_other_verbs_is_one_instance():
    # "providing assistance", "supporting the relief effort", "participating": all say the boats are part of the response
    helping = "Eleven boats are providing assistance along the flooded coast."
    supporting = "Navy officers said that 7 boats from the northern squadron are supporting the relief effort."
    assert kinds(helping, MARCH_9, supporting, MARCH_3) == [("update", "Eleven", "7")]
    joined = "More than 900 volunteers have handed out blankets, with 11 boats participating."
    assert kinds(supporting, MARCH_3, joined, MARCH_9) == [("update", "7", "11")]
    # other verbs that do not say so still keep two groups of boats apart
    moored = "Eleven boats are moored in the harbour for the winter."
    assert kinds(moored, MARCH_9, supporting, MARCH_3) == []
